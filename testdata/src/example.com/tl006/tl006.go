// Package tl006 is a task-tracking API on net/http. The authentication
// middleware puts the caller's tenant in the request context; request input
// (query, path, form, body) that names a tenant is only as good as the check
// it passed.
package tl006

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
)

type ctxKey struct{}

// TenantFrom returns the tenant the middleware authenticated.
func TenantFrom(ctx context.Context) string {
	t, _ := ctx.Value(ctxKey{}).(string)
	return t
}

type API struct {
	db *sql.DB
}

// tasksOf lists a tenant's tasks: its parameter fills the slot.
func (a *API) tasksOf(ctx context.Context, tenantID string) (*sql.Rows, error) {
	return a.db.QueryContext(ctx, "SELECT id, name FROM tasks WHERE tenant_id = $1", tenantID)
}

func (a *API) ListFromQuery(w http.ResponseWriter, r *http.Request) {
	rows, err := a.tasksOf(r.Context(), r.URL.Query().Get("tenant")) // want `TL006: tenant slot tasks\.tenant_id via API\.tasksOf.* filled from request input`
	finish(w, rows, err)
}

func (a *API) ListFromPath(w http.ResponseWriter, r *http.Request) {
	rows, err := a.db.QueryContext(r.Context(), "SELECT id, name FROM tasks WHERE tenant_id = $1", r.PathValue("tenant")) // want `TL006: tenant slot tasks\.tenant_id filled from request input r\.PathValue\("tenant"\)`
	finish(w, rows, err)
}

func (a *API) ListFromForm(w http.ResponseWriter, r *http.Request) {
	tenantID := r.FormValue("tenant_id")
	rows, err := a.tasksOf(r.Context(), tenantID) // want `TL006: tenant slot tasks\.tenant_id via API\.tasksOf`
	finish(w, rows, err)
}

type createTask struct {
	TenantID string `json:"tenant_id"`
	Name     string `json:"name"`
}

func (a *API) Create(w http.ResponseWriter, r *http.Request) {
	var req createTask
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_, err := a.db.ExecContext(r.Context(), "INSERT INTO tasks (tenant_id, name) VALUES ($1, $2)", req.TenantID, req.Name) // want `TL006: tenant slot tasks\.tenant_id filled from request input req\.TenantID`
	finish(w, nil, err)
}

// The quiet twins: the tenant from the context, or request input proven
// equal to it.

func (a *API) List(w http.ResponseWriter, r *http.Request) {
	rows, err := a.tasksOf(r.Context(), TenantFrom(r.Context()))
	finish(w, rows, err)
}

func (a *API) ListFromQueryChecked(w http.ResponseWriter, r *http.Request) {
	tenantID := r.URL.Query().Get("tenant")
	if tenantID != TenantFrom(r.Context()) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	rows, err := a.tasksOf(r.Context(), tenantID)
	finish(w, rows, err)
}

func (a *API) CreateChecked(w http.ResponseWriter, r *http.Request) {
	var req createTask
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if req.TenantID != TenantFrom(r.Context()) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_, err := a.db.ExecContext(r.Context(), "INSERT INTO tasks (tenant_id, name) VALUES ($1, $2)", req.TenantID, req.Name)
	finish(w, nil, err)
}

func finish(w http.ResponseWriter, rows *sql.Rows, err error) {
	if rows != nil {
		rows.Close()
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
