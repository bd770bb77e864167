// Package tl006check serves an organization's audit log; the organization
// comes from the URL, and a configured membership check (.tenantleak.yml,
// tenant.checks) proves the caller belongs to it.
package tl006check

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
)

// Members answers whether a user belongs to an organization.
type Members struct {
	db *sql.DB
}

// Require returns an error unless user is a member of org.
func (m *Members) Require(ctx context.Context, user, org string) error {
	var ok bool
	if err := m.db.QueryRowContext(ctx, "SELECT true FROM org_members WHERE user_id = $1 AND org_id = $2", user, org).Scan(&ok); err != nil {
		return errors.New("not a member")
	}
	return nil
}

type Audit struct {
	db      *sql.DB
	members *Members
}

func userOf(r *http.Request) string { return r.Header.Get("X-User") }

func (a *Audit) Events(w http.ResponseWriter, r *http.Request) {
	orgID := r.PathValue("org")
	rows, err := a.db.QueryContext(r.Context(), "SELECT id, action FROM audit_events WHERE org_id = $1", orgID) // want `TL006: tenant slot audit_events\.org_id filled from request input`
	done(w, rows, err)
}

func (a *Audit) EventsChecked(w http.ResponseWriter, r *http.Request) {
	orgID := r.PathValue("org")
	if err := a.members.Require(r.Context(), userOf(r), orgID); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	rows, err := a.db.QueryContext(r.Context(), "SELECT id, action FROM audit_events WHERE org_id = $1", orgID)
	done(w, rows, err)
}

// The check proves the value it was given, not another parameter of the URL.
func (a *Audit) EventsCheckedOther(w http.ResponseWriter, r *http.Request) {
	if err := a.members.Require(r.Context(), userOf(r), r.PathValue("org")); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	rows, err := a.db.QueryContext(r.Context(), "SELECT id, action FROM audit_events WHERE org_id = $1", r.URL.Query().Get("org")) // want `TL006: tenant slot audit_events\.org_id filled from request input`
	done(w, rows, err)
}

func done(w http.ResponseWriter, rows *sql.Rows, err error) {
	if rows != nil {
		rows.Close()
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
