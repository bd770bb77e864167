// Package validatorleak takes a project ID from a JSON body and validates
// it with go-playground/validator: validation proves the ID is well formed,
// not that the caller belongs to the project.
package validatorleak

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"

	"github.com/go-playground/validator/v10"
)

type Principal struct {
	UserID    string
	ProjectID string
}

type principalKey struct{}

// PrincipalFrom returns the principal the auth middleware stored.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

type rotateRequest struct {
	ProjectID string `json:"project_id" validate:"required,uuid4"`
	KeyID     string `json:"key_id" validate:"required"`
}

type Handler struct {
	db       *sql.DB
	validate *validator.Validate
}

func (h *Handler) rotate(ctx context.Context, projectID, keyID string) error {
	_, err := h.db.ExecContext(ctx, "UPDATE api_keys SET rotated_at = now() WHERE project_id = $1 AND id = $2", projectID, keyID)
	return err
}

func (h *Handler) Rotate(w http.ResponseWriter, r *http.Request) {
	var req rotateRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if err := h.validate.Struct(req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := h.rotate(r.Context(), req.ProjectID, req.KeyID); err != nil { // want `TL006: tenant slot .* filled from request input`
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// The body's project is compared with the principal's.
func (h *Handler) RotateChecked(w http.ResponseWriter, r *http.Request) {
	var req rotateRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if err := h.validate.Var(req.ProjectID, "required,uuid4"); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if req.ProjectID != PrincipalFrom(r.Context()).ProjectID {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if err := h.rotate(r.Context(), req.ProjectID, req.KeyID); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
