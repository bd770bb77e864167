// Package web handles task requests; its only tenant is the one the context
// carries (auth.TenantID).
package web

import (
	"context"
	"database/sql"
	"net/http"

	"example.com/ctxtenant/auth"
)

type Tasks struct {
	db *sql.DB
}

// A lookup by request input, with the tenant only in the context.
func (t *Tasks) Show(w http.ResponseWriter, r *http.Request) {
	var title string
	err := t.db.QueryRowContext(r.Context(), "SELECT title FROM tasks WHERE id = $1", r.PathValue("id")).Scan(&title) // want `TL001: SELECT on tasks has no tenant predicate; the context carries the caller's tenant`
	write(w, title, err)
}

func (t *Tasks) ShowScoped(w http.ResponseWriter, r *http.Request) {
	var title string
	err := t.db.QueryRowContext(r.Context(), "SELECT title FROM tasks WHERE id = $1 AND tenant_id = $2", r.PathValue("id"), auth.TenantID(r.Context())).Scan(&title)
	write(w, title, err)
}

// A lookup by a parameter, with a context in hand.
func (t *Tasks) title(ctx context.Context, id string) (string, error) {
	var title string
	err := t.db.QueryRowContext(ctx, "SELECT title FROM tasks WHERE id = $1", id).Scan(&title) // want `TL001: SELECT on tasks has no tenant predicate; the context carries the caller's tenant`
	return title, err
}

func (t *Tasks) titleScoped(ctx context.Context, id string) (string, error) {
	var title string
	err := t.db.QueryRowContext(ctx, "SELECT title FROM tasks WHERE id = $1 AND tenant_id = $2", id, auth.TenantID(ctx)).Scan(&title)
	return title, err
}

// Not addressed by a parameter or request input: with only the context as
// tenant, rule 4(a) does not cover it.
func (t *Tasks) Backlog(ctx context.Context) (int, error) {
	var n int
	err := t.db.QueryRowContext(ctx, "SELECT count(*) FROM tasks WHERE done_at IS NULL").Scan(&n)
	return n, err
}

func write(w http.ResponseWriter, s string, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Write([]byte(s))
}

// A fresh context carries no caller's tenant, even where a context source
// is visible: a background job's lookups by parameter stay accessors.
func (t *Tasks) sweep(id string) {
	ctx := context.Background()
	go func() { <-ctx.Done() }()
	t.db.ExecContext(ctx, "DELETE FROM tasks WHERE id = $1", id)
}

// With the caller's tenant in hand, another tenant's registry row read by
// the id in the path is a leak.
func (t *Tasks) TenantSettings(w http.ResponseWriter, r *http.Request) {
	tenant := auth.TenantID(r.Context())
	w.Header().Set("X-Tenant", tenant)
	var settings string
	err := t.db.QueryRowContext(r.Context(), "SELECT settings FROM tenants WHERE id = $1", r.PathValue("id")).Scan(&settings) // want `TL006: tenant slot tenants.id filled from request input r.PathValue\("id"\) with no membership check`
	write(w, settings, err)
}
