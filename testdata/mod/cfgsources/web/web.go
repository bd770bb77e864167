// Package web holds a configured source that takes a request (not a
// context source) and imports the configured context source auth.Current.
package web

import (
	"context"
	"database/sql"
	"net/http"

	"example.com/mod/cfgsources/auth"
	"example.com/mod/cfgsources/repo"
)

type Handler struct {
	db   *sql.DB
	repo *repo.Repo
}

func (h *Handler) projectOf(r *http.Request) (string, error) {
	return r.Header.Get("X-Project"), nil
}

// The configured source's result is a trusted tenant value.
func (h *Handler) Job(w http.ResponseWriter, r *http.Request) {
	project, _ := h.projectOf(r)
	h.db.QueryRowContext(r.Context(), "SELECT title FROM jobs WHERE project_id = $1 AND id = $2", project, r.PathValue("id"))
	h.repo.JobTitle(r.Context(), r.PathValue("id")) // want `TL001: SELECT on jobs via Repo\.JobTitle .*has no tenant predicate; tenant available as h\.projectOf\(r\)`
}

// auth.Current is imported: a context carries the caller's tenant here.
func (h *Handler) title(ctx context.Context, id string) {
	h.db.QueryRowContext(ctx, "SELECT title FROM jobs WHERE id = $1", id) // want `TL001: SELECT on jobs has no tenant predicate; the context carries the caller's tenant \(auth\.Current\)`
}

func (h *Handler) titleScoped(ctx context.Context, id string) {
	h.db.QueryRowContext(ctx, "SELECT title FROM jobs WHERE id = $1 AND project_id = $2", id, auth.Current(ctx))
}
