// Package chi is a CI service's build API on chi; builds belong to a
// project (project_id).
package chi

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type projectKey struct{}

// ProjectFrom returns the project the API token was issued for.
func ProjectFrom(ctx context.Context) string {
	p, _ := ctx.Value(projectKey{}).(string)
	return p
}

type Builds struct {
	db *sql.DB
}

func (b *Builds) buildsOf(ctx context.Context, projectID string) (*sql.Rows, error) {
	return b.db.QueryContext(ctx, "SELECT id, status FROM builds WHERE project_id = $1 ORDER BY id DESC", projectID)
}

func (b *Builds) List(w http.ResponseWriter, r *http.Request) {
	rows, err := b.buildsOf(r.Context(), chi.URLParam(r, "projectID")) // want `TL006: tenant slot builds\.project_id via Builds\.buildsOf.* filled from request input`
	respond(w, rows, err)
}

func (b *Builds) ListChecked(w http.ResponseWriter, r *http.Request) {
	projectID := chi.URLParam(r, "projectID")
	if projectID != ProjectFrom(r.Context()) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	rows, err := b.buildsOf(r.Context(), projectID)
	respond(w, rows, err)
}

func respond(w http.ResponseWriter, rows *sql.Rows, err error) {
	if rows != nil {
		rows.Close()
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
