// Package methodvalues: accessors called through method values and function
// values are judged at the call like direct calls.
package methodvalues

import (
	"context"
	"database/sql"
)

type Note struct {
	ID       int64
	TenantID string
	Body     string
}

type Notes struct {
	db *sql.DB
}

func (n *Notes) get(ctx context.Context, id int64) (*Note, error) {
	var note Note
	err := n.db.QueryRowContext(ctx, "SELECT id, tenant_id, body FROM notes WHERE id = $1", id).Scan(&note.ID, &note.TenantID, &note.Body)
	return &note, err
}

func (n *Notes) getScoped(ctx context.Context, tenantID string, id int64) (*Note, error) {
	var note Note
	err := n.db.QueryRowContext(ctx, "SELECT id, tenant_id, body FROM notes WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&note.ID, &note.TenantID, &note.Body)
	return &note, err
}

func (n *Notes) Show(ctx context.Context, tenantID string, id int64) (*Note, error) {
	get := n.get
	return get(ctx, id) // want `TL001: SELECT on notes via .*get.* has no tenant predicate; tenant available as tenantID`
}

func (n *Notes) ShowScoped(ctx context.Context, tenantID string, id int64) (*Note, error) {
	get := n.getScoped
	return get(ctx, tenantID, id)
}

// A method expression takes the receiver as its first argument.
func (n *Notes) ShowExpr(ctx context.Context, tenantID string, id int64) (*Note, error) {
	get := (*Notes).get
	return get(n, ctx, id) // want `TL001: SELECT on notes via .*get.* has no tenant predicate; tenant available as tenantID`
}
