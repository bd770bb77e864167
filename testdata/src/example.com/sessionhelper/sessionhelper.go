// Package sessionhelper reads the signed-in session through a helper that
// takes the request (sessionOf(r)), not a context source: the session's
// org is the caller's tenant all the same.
package sessionhelper

import (
	"database/sql"
	"net/http"
)

type Session struct {
	UserID int64
	OrgID  string
}

type sessionKey struct{}

func sessionOf(r *http.Request) *Session {
	s, _ := r.Context().Value(sessionKey{}).(*Session)
	return s
}

type API struct{ db *sql.DB }

func (a *API) Delete(w http.ResponseWriter, r *http.Request) {
	_, _ = a.db.Exec("DELETE FROM tickets WHERE id = $1 AND org_id = $2", r.PathValue("id"), sessionOf(r).OrgID)
}

func (a *API) DeleteByID(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	w.Header().Set("X-User", string(rune(sess.UserID)))
	_, _ = a.db.Exec("DELETE FROM tickets WHERE id = $1", r.PathValue("id")) // want `TL001: DELETE on tickets has no tenant predicate; tenant available as sess.OrgID`
}

// The org in the path is compared with the session's before it is used.
func (a *API) Purge(w http.ResponseWriter, r *http.Request) {
	org := r.PathValue("org")
	if org != sessionOf(r).OrgID {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_, _ = a.db.Exec("DELETE FROM tickets WHERE org_id = $1", org)
}

func (a *API) PurgeUnchecked(w http.ResponseWriter, r *http.Request) {
	_, _ = a.db.Exec("DELETE FROM tickets WHERE org_id = $1", r.PathValue("org")) // want `TL006: tenant slot tickets.org_id filled from request input r.PathValue\("org"\) with no membership check`
}
