// Package phis: where control flow merges, a value is a tenant value, and an
// address is scoped, only if it is on every path.
package phis

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
)

type Reports struct {
	db     *sql.DB
	base   string
	shared string
}

// Only one branch puts the tenant in the path.
func (r *Reports) Load(tenantID, name string, public bool) ([]byte, error) {
	dir := r.shared
	if !public {
		dir = filepath.Join(r.base, tenantID)
	}
	return os.ReadFile(filepath.Join(dir, filepath.Base(name))) // want `TL004: file path .* has no tenant component; tenant available as tenantID`
}

func (r *Reports) LoadScoped(tenantID, name string, draft bool) ([]byte, error) {
	dir := filepath.Join(r.base, tenantID, "published")
	if draft {
		dir = filepath.Join(r.base, tenantID, "drafts")
	}
	return os.ReadFile(filepath.Join(dir, filepath.Base(name)))
}

// Viewer is the signed-in user.
type Viewer struct {
	UserID   string
	TenantID string
}

// On one path the tenant column gets the user id.
func (r *Reports) List(ctx context.Context, v *Viewer, mine bool) (*sql.Rows, error) {
	owner := v.TenantID
	if mine {
		owner = v.UserID
	}
	return r.db.QueryContext(ctx, "SELECT id, title FROM reports WHERE tenant_id = $1", owner) // want `TL007: tenant column reports\.tenant_id bound to owner`
}

func (r *Reports) ListScoped(ctx context.Context, v *Viewer, mine bool) (*sql.Rows, error) {
	q := "SELECT id, title FROM reports WHERE tenant_id = $1"
	args := []any{v.TenantID}
	if mine {
		q = "SELECT id, title FROM reports WHERE tenant_id = $1 AND author_id = $2"
		args = []any{v.TenantID, v.UserID}
	}
	return r.db.QueryContext(ctx, q, args...)
}
