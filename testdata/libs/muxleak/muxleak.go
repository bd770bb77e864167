// Package muxleak serves an org's audit log over HTTP with gorilla/mux;
// routes look like /orgs/{org}/audit.
package muxleak

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"
)

type Session struct {
	UserID string
	OrgID  string
}

type sessionKey struct{}

// SessionFrom returns the session the auth middleware stored: its OrgID is
// the caller's org.
func SessionFrom(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

type API struct {
	db *sql.DB
}

func (a *API) audit(ctx context.Context, orgID string) (*sql.Rows, error) {
	return a.db.QueryContext(ctx, "SELECT id, action FROM audit_events WHERE org_id = $1 ORDER BY id DESC", orgID)
}

// The org comes from the path: any caller can name any org.
func (a *API) Audit(w http.ResponseWriter, r *http.Request) {
	org := mux.Vars(r)["org"]
	rows, err := a.audit(r.Context(), org) // want `TL006: tenant slot .* filled from request input`
	send(w, rows, err)
}

// The path's org is compared with the session's before it is used.
func (a *API) AuditChecked(w http.ResponseWriter, r *http.Request) {
	org := mux.Vars(r)["org"]
	if org != SessionFrom(r.Context()).OrgID {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	rows, err := a.audit(r.Context(), org)
	send(w, rows, err)
}

// The org taken from the session alone.
func (a *API) AuditSession(w http.ResponseWriter, r *http.Request) {
	rows, err := a.audit(r.Context(), SessionFrom(r.Context()).OrgID)
	send(w, rows, err)
}

func send(w http.ResponseWriter, rows *sql.Rows, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	_ = json.NewEncoder(w).Encode(map[string]bool{"ok": true})
}
