// Package notes is the repository layer; package api calls it. What callers
// in api learn about these functions comes from facts.
package notes

import (
	"context"
	"database/sql"
)

type Note struct {
	ID          int64
	WorkspaceID string
	Body        string
}

type Repo struct {
	db *sql.DB
}

// ByID is an accessor: reported at callers that hold a workspace.
func (r *Repo) ByID(ctx context.Context, id int64) (*Note, error) { // want ByID:`TL001 addr:p2`
	var n Note
	err := r.db.QueryRowContext(ctx, "SELECT id, workspace_id, body FROM notes WHERE id = $1", id).Scan(&n.ID, &n.WorkspaceID, &n.Body)
	return &n, err
}

// ForWorkspace scopes with its parameter: a slot each caller fills.
func (r *Repo) ForWorkspace(ctx context.Context, workspaceID string) (*sql.Rows, error) { // want ForWorkspace:`TL001 slot:p2=notes\.workspace_id`
	return r.db.QueryContext(ctx, "SELECT id, body FROM notes WHERE workspace_id = $1", workspaceID)
}

// Purge holds the workspace and loses it: reported here, once.
func (r *Repo) Purge(ctx context.Context, workspaceID string, before int64) error {
	_, err := r.db.ExecContext(ctx, "DELETE FROM notes WHERE id < $1", before) // want `TL001: DELETE on notes has no tenant predicate; tenant available as workspaceID`
	return err
}
