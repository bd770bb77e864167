// Package registry resolves a request's workspace from its host name; the
// workspaces table is the tenant registry.
package registry

import (
	"context"
	"database/sql"
	"net/http"
)

type Workspace struct {
	ID     int64
	Domain string
}

type workspaceKey struct{}

// WorkspaceFrom returns the workspace resolved for this request.
func WorkspaceFrom(ctx context.Context) *Workspace {
	w, _ := ctx.Value(workspaceKey{}).(*Workspace)
	return w
}

type Resolver struct{ db *sql.DB }

// Middleware finds the workspace by the request's host: with no tenant in
// hand yet, a registry lookup is how the tenant is found.
func (rs *Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws := new(Workspace)
		err := rs.db.QueryRowContext(r.Context(), `SELECT id, domain FROM workspaces WHERE domain = $1`, r.Host).Scan(&ws.ID, &ws.Domain)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), workspaceKey{}, ws)))
	})
}

// Another workspace's row, read by the id in the path while the caller's
// workspace is in hand.
func (rs *Resolver) Settings(w http.ResponseWriter, r *http.Request) {
	ws := WorkspaceFrom(r.Context())
	w.Header().Set("X-Workspace", ws.Domain)
	var settings string
	_ = rs.db.QueryRowContext(r.Context(), `SELECT settings FROM workspaces WHERE id = $1`, r.PathValue("id")).Scan(&settings) // want `TL006: tenant slot workspaces.id filled from request input r.PathValue\("id"\) with no membership check`
	_, _ = w.Write([]byte(settings))
}

// Tasks of the workspace, by id only, with the workspace in the context.
func (rs *Resolver) Task(w http.ResponseWriter, r *http.Request) {
	var title string
	_ = rs.db.QueryRowContext(r.Context(), `SELECT title FROM tasks WHERE id = $1`, r.PathValue("id")).Scan(&title) // want `TL001: SELECT on tasks has no tenant predicate; the context carries the caller's tenant`
	_, _ = w.Write([]byte(title))
}
