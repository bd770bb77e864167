// Package rows declares row types; Tag names its table by the ORM
// convention, a TableName method returning a constant.
package rows

type Tag struct {
	ID          int    `db:"id"`
	WorkspaceID string `db:"workspace_id"`
	Name        string `db:"name"`
}

func (Tag) TableName() string { return "issue_tags" }
