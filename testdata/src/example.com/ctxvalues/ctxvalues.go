// Package ctxvalues reads the tenant straight from context values the
// middleware set: a claims struct, or a value under a tenant-named key.
package ctxvalues

import (
	"context"
	"database/sql"
	"net/http"
)

type ctxKey string

const claimsKey ctxKey = "claims"

type Claims struct {
	Subject string
	OrgID   string
}

type Reports struct {
	db *sql.DB
}

// The claims in the context are what the middleware authenticated: their
// OrgID is a tenant the handler holds.
func (s *Reports) Show(w http.ResponseWriter, r *http.Request) {
	claims := r.Context().Value(claimsKey).(*Claims)
	_ = claims.Subject
	var body string
	err := s.db.QueryRowContext(r.Context(), "SELECT body FROM reports WHERE id = $1", r.PathValue("id")).Scan(&body) // want `TL001: SELECT on reports has no tenant predicate; tenant available as claims.OrgID`
	write(w, body, err)
}

func (s *Reports) ShowScoped(w http.ResponseWriter, r *http.Request) {
	claims := r.Context().Value(claimsKey).(*Claims)
	var body string
	err := s.db.QueryRowContext(r.Context(), "SELECT body FROM reports WHERE id = $1 AND org_id = $2", r.PathValue("id"), claims.OrgID).Scan(&body)
	write(w, body, err)
}

// A value under a tenant-named key is a tenant value.
func (s *Reports) Delete(ctx context.Context, id string) error {
	org := ctx.Value("org_id").(string)
	_ = org
	_, err := s.db.ExecContext(ctx, "DELETE FROM reports WHERE id = $1", id) // want `TL001: DELETE on reports has no tenant predicate; tenant available as .*org.*`
	return err
}

func (s *Reports) DeleteScoped(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM reports WHERE id = $1 AND org_id = $2", id, ctx.Value("org_id"))
	return err
}

func write(w http.ResponseWriter, body string, err error) {
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_, _ = w.Write([]byte(body))
}
