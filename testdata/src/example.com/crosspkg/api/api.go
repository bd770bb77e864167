// Package api serves notes over HTTP through package notes.
package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"example.com/crosspkg/notes"
)

type API struct {
	repo *notes.Repo
}

var errNotFound = errors.New("not found")

func (a *API) Note(ctx context.Context, workspaceID string, id int64) (*notes.Note, error) {
	return a.repo.ByID(ctx, id) // want `TL001: SELECT on notes via Repo\.ByID .*has no tenant predicate; tenant available as workspaceID`
}

func (a *API) NoteChecked(ctx context.Context, workspaceID string, id int64) (*notes.Note, error) {
	n, err := a.repo.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if n.WorkspaceID != workspaceID {
		return nil, errNotFound
	}
	return n, nil
}

func (a *API) List(ctx context.Context, workspaceID string) error {
	rows, err := a.repo.ForWorkspace(ctx, workspaceID)
	if err != nil {
		return err
	}
	return rows.Close()
}

func (a *API) ListFromQuery(w http.ResponseWriter, r *http.Request) {
	rows, err := a.repo.ForWorkspace(r.Context(), r.URL.Query().Get("workspace")) // want `TL006: tenant slot notes\.workspace_id via Repo\.ForWorkspace`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	rows.Close()
}

// Caller is the authenticated user.
type Caller struct {
	UserID string
}

// ListOfUser binds the caller's user id into the workspace slot: a value it
// did not take as a parameter of its own is judged here.
func (a *API) ListOfUser(ctx context.Context, workspaceID string, c *Caller) error {
	rows, err := a.repo.ForWorkspace(ctx, c.UserID) // want `TL007: tenant column notes\.workspace_id via Repo\.ForWorkspace.* bound to c\.UserID`
	if err != nil {
		return err
	}
	return rows.Close()
}

func (a *API) Purge(ctx context.Context, workspaceID string, r *http.Request) error {
	before, _ := strconv.ParseInt(r.FormValue("before"), 10, 64)
	return a.repo.Purge(ctx, workspaceID, before)
}
