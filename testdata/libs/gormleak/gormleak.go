// Package gormleak keeps per-workspace dashboards with gorm.
package gormleak

import (
	"context"
	"encoding/json"
	"net/http"

	"gorm.io/gorm"
)

type Dashboard struct {
	ID          string `gorm:"primaryKey"`
	WorkspaceID string `gorm:"index"`
	Title       string
}

type workspaceKey struct{}

// WorkspaceFrom returns the workspace the session belongs to.
func WorkspaceFrom(ctx context.Context) string {
	w, _ := ctx.Value(workspaceKey{}).(string)
	return w
}

// InWorkspace is a scope function that adds the tenant condition.
func InWorkspace(workspaceID string) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		return db.Where("workspace_id = ?", workspaceID)
	}
}

// Paginate is a scope function that adds no tenant condition.
func Paginate(page int) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		return db.Offset(page * 20).Limit(20)
	}
}

type Repo struct{ db *gorm.DB }

func (r *Repo) List(ctx context.Context, page int) ([]Dashboard, error) {
	var out []Dashboard
	err := r.db.WithContext(ctx).Scopes(InWorkspace(WorkspaceFrom(ctx)), Paginate(page)).Find(&out).Error
	return out, err
}

func (r *Repo) ListPage(ctx context.Context, workspaceID string, page int) ([]Dashboard, error) {
	var out []Dashboard
	err := r.db.WithContext(ctx).Scopes(Paginate(page)).Find(&out).Error // want `TL002: DB.Find on dashboards has no tenant predicate; tenant available as workspaceID`
	return out, err
}

func (r *Repo) Rename(ctx context.Context, workspaceID, id, title string) error {
	return r.db.WithContext(ctx).Model(&Dashboard{}).Scopes(InWorkspace(workspaceID)).Where("id = ?", id).Update("title", title).Error
}

func (r *Repo) RenameAny(ctx context.Context, workspaceID, id, title string) error {
	return r.db.WithContext(ctx).Model(&Dashboard{}).Where("id = ?", id).Update("title", title).Error // want `TL002: DB.Update on dashboards has no tenant predicate; tenant available as workspaceID`
}

// Create copies the workspace from a JSON field the client sent: the row's
// tenant is request input (mass assignment of the label).
type createReq struct {
	WorkspaceID string `json:"workspace_id"`
	Title       string `json:"title"`
}

func (r *Repo) Create(w http.ResponseWriter, req *http.Request) {
	var in createReq
	if err := json.NewDecoder(req.Body).Decode(&in); err != nil {
		return
	}
	d := Dashboard{ID: newID(), WorkspaceID: in.WorkspaceID, Title: in.Title}
	r.db.WithContext(req.Context()).Create(&d) // want `TL006: tenant slot tenant condition filled from request input`
}

func (r *Repo) CreateInSession(w http.ResponseWriter, req *http.Request) {
	var in createReq
	if err := json.NewDecoder(req.Body).Decode(&in); err != nil {
		return
	}
	d := Dashboard{ID: newID(), WorkspaceID: WorkspaceFrom(req.Context()), Title: in.Title}
	r.db.WithContext(req.Context()).Create(&d)
}

func newID() string { return "d1" }
