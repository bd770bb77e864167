// Package fiberleak is a helpdesk's HTTP API on fiber v2 over Postgres:
// tickets and comments belong to an org (the org_id column). The auth
// middleware puts the caller's session in the request's user context; its
// OrgID is the caller's org. Routes look like /orgs/:org/tickets/:id.
package fiberleak

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/patrickmn/go-cache"
)

type Session struct {
	UserID string
	OrgID  string
}

type sessionKey struct{}

// SessionFrom returns the session the auth middleware stored.
func SessionFrom(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

type Ticket struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"`
}

type API struct {
	db    *sql.DB
	stats *cache.Cache
}

func (a *API) tickets(ctx context.Context, orgID string) ([]Ticket, error) {
	rows, err := a.db.QueryContext(ctx, "SELECT id, title, status FROM tickets WHERE org_id = $1", orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ticket
	for rows.Next() {
		var t Ticket
		if err := rows.Scan(&t.ID, &t.Title, &t.Status); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// The org comes from the path: any caller can name any org.
func (a *API) List(c *fiber.Ctx) error {
	out, err := a.tickets(c.UserContext(), c.Params("org")) // want `TL006: tenant slot tickets\.org_id via API\.tickets at .* filled from request input c\.Params\("org".*\) with no membership check`
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// The path's org is compared with the session's before it is used.
func (a *API) ListChecked(c *fiber.Ctx) error {
	org := c.Params("org")
	if org != SessionFrom(c.UserContext()).OrgID {
		return fiber.ErrForbidden
	}
	out, err := a.tickets(c.UserContext(), org)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// The org from the session alone.
func (a *API) ListSession(c *fiber.Ctx) error {
	out, err := a.tickets(c.UserContext(), SessionFrom(c.UserContext()).OrgID)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// The org in a header, bound straight into the statement.
func (a *API) Open(c *fiber.Ctx) error {
	org := c.Get("X-Org-ID")
	_, err := a.db.ExecContext(c.UserContext(), "UPDATE tickets SET status = 'open' WHERE org_id = $1 AND id = $2", org, c.Params("id")) // want `TL006: tenant slot tickets\.org_id filled from request input c\.Get\("X-Org-ID".*\) with no membership check`
	return err
}

func (a *API) OpenScoped(c *fiber.Ctx) error {
	_, err := a.db.ExecContext(c.UserContext(), "UPDATE tickets SET status = 'open' WHERE org_id = $1 AND id = $2", SessionFrom(c.UserContext()).OrgID, c.Params("id"))
	return err
}

// A ticket by the id in the path while the session's org is at hand: the
// query ignores it.
func (a *API) Get(c *fiber.Ctx) error {
	sess := SessionFrom(c.UserContext())
	if sess == nil {
		return fiber.ErrUnauthorized
	}
	var t Ticket
	err := a.db.QueryRowContext(c.UserContext(), "SELECT id, title, status FROM tickets WHERE id = $1", c.Params("id")).Scan(&t.ID, &t.Title, &t.Status) // want `TL001: SELECT on tickets has no tenant predicate; tenant available as sess\.OrgID`
	if err != nil {
		return err
	}
	return c.JSON(t)
}

func (a *API) GetScoped(c *fiber.Ctx) error {
	sess := SessionFrom(c.UserContext())
	if sess == nil {
		return fiber.ErrUnauthorized
	}
	var t Ticket
	err := a.db.QueryRowContext(c.UserContext(), "SELECT id, title, status FROM tickets WHERE org_id = $1 AND id = $2", sess.OrgID, c.Params("id")).Scan(&t.ID, &t.Title, &t.Status)
	if err != nil {
		return err
	}
	return c.JSON(t)
}

// ParamsInt: a numeric id from the path.
func (a *API) Comment(c *fiber.Ctx) error {
	sess := SessionFrom(c.UserContext())
	if sess == nil {
		return fiber.ErrUnauthorized
	}
	id, err := c.ParamsInt("comment")
	if err != nil {
		return fiber.ErrBadRequest
	}
	_, err = a.db.ExecContext(c.UserContext(), "DELETE FROM comments WHERE id = $1", id) // want `TL001: DELETE on comments has no tenant predicate; tenant available as sess\.OrgID`
	return err
}

func (a *API) CommentScoped(c *fiber.Ctx) error {
	sess := SessionFrom(c.UserContext())
	if sess == nil {
		return fiber.ErrUnauthorized
	}
	id, err := c.ParamsInt("comment")
	if err != nil {
		return fiber.ErrBadRequest
	}
	_, err = a.db.ExecContext(c.UserContext(), "DELETE FROM comments WHERE id = $1 AND org_id = $2", id, sess.OrgID)
	return err
}

// BodyParser decodes request input: the org in the body is the caller's
// choice.
type newTicket struct {
	OrgID string `json:"org_id"`
	Title string `json:"title"`
}

func (a *API) Create(c *fiber.Ctx) error {
	var req newTicket
	if err := c.BodyParser(&req); err != nil {
		return fiber.ErrBadRequest
	}
	_, err := a.db.ExecContext(c.UserContext(), "INSERT INTO tickets (org_id, title, status) VALUES ($1, $2, 'open')", req.OrgID, req.Title) // want `TL006: tenant slot tickets\.org_id filled from request input req\.OrgID with no membership check`
	return err
}

func (a *API) CreateScoped(c *fiber.Ctx) error {
	var req newTicket
	if err := c.BodyParser(&req); err != nil {
		return fiber.ErrBadRequest
	}
	_, err := a.db.ExecContext(c.UserContext(), "INSERT INTO tickets (org_id, title, status) VALUES ($1, $2, 'open')", SessionFrom(c.UserContext()).OrgID, req.Title)
	return err
}

// QueryParser: a filter decoded from the query string.
type filter struct {
	OrgID  string `query:"org"`
	Status string `query:"status"`
}

func (a *API) Search(c *fiber.Ctx) error {
	var f filter
	if err := c.QueryParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	rows, err := a.db.QueryContext(c.UserContext(), "SELECT id FROM tickets WHERE org_id = $1 AND status = $2", f.OrgID, f.Status) // want `TL006: tenant slot tickets\.org_id filled from request input f\.OrgID with no membership check`
	if err != nil {
		return err
	}
	return rows.Close()
}

func (a *API) SearchChecked(c *fiber.Ctx) error {
	var f filter
	if err := c.QueryParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	if f.OrgID != SessionFrom(c.UserContext()).OrgID {
		return fiber.ErrForbidden
	}
	rows, err := a.db.QueryContext(c.UserContext(), "SELECT id FROM tickets WHERE org_id = $1 AND status = $2", f.OrgID, f.Status)
	if err != nil {
		return err
	}
	return rows.Close()
}

// A cache key's org component from the query string.
func (a *API) Stats(c *fiber.Ctx) error {
	org := c.Query("org")
	v, _ := a.stats.Get(fmt.Sprintf("stats:%s", org)) // want `TL006: tenant slot cache key component filled from request input c\.Query\("org".*\) with no membership check`
	return c.JSON(v)
}

func (a *API) StatsScoped(c *fiber.Ctx) error {
	v, _ := a.stats.Get(fmt.Sprintf("stats:%s", SessionFrom(c.UserContext()).OrgID))
	return c.JSON(v)
}

// A cache key without the org while the session's org is at hand.
func (a *API) Views(c *fiber.Ctx) error {
	sess := SessionFrom(c.UserContext())
	if sess == nil {
		return fiber.ErrUnauthorized
	}
	a.stats.Set("views:"+c.Params("id"), time.Now(), cache.DefaultExpiration) // want `TL003: cache key "views:" \+ .* has no tenant component; tenant available as sess\.OrgID`
	return c.SendStatus(fiber.StatusNoContent)
}

func (a *API) ViewsScoped(c *fiber.Ctx) error {
	sess := SessionFrom(c.UserContext())
	if sess == nil {
		return fiber.ErrUnauthorized
	}
	a.stats.Set("org:"+sess.OrgID+":views:"+c.Params("id"), time.Now(), cache.DefaultExpiration)
	return c.SendStatus(fiber.StatusNoContent)
}

// Other request inputs: each can carry any org.

func (a *API) archive(ctx context.Context, orgID string) error {
	_, err := a.db.ExecContext(ctx, "UPDATE tickets SET status = 'archived' WHERE org_id = $1 AND status = 'closed'", orgID)
	return err
}

func (a *API) ArchiveCookie(c *fiber.Ctx) error {
	return a.archive(c.UserContext(), c.Cookies("org")) // want `TL006: tenant slot tickets\.org_id via API\.archive at .* filled from request input c\.Cookies\("org".*\) with no membership check`
}

func (a *API) ArchiveForm(c *fiber.Ctx) error {
	return a.archive(c.UserContext(), c.FormValue("org_id")) // want `TL006: tenant slot tickets\.org_id via API\.archive at .* filled from request input c\.FormValue\("org_id".*\) with no membership check`
}

func (a *API) ArchiveAllParams(c *fiber.Ctx) error {
	return a.archive(c.UserContext(), c.AllParams()["org"]) // want `TL006: tenant slot tickets\.org_id via API\.archive at .* filled from request input c\.AllParams\(\)\["org"\] with no membership check`
}

type orgHeader struct {
	OrgID string `reqHeader:"X-Org-ID"`
}

func (a *API) ArchiveHeader(c *fiber.Ctx) error {
	var h orgHeader
	if err := c.ReqHeaderParser(&h); err != nil {
		return fiber.ErrBadRequest
	}
	return a.archive(c.UserContext(), h.OrgID) // want `TL006: tenant slot tickets\.org_id via API\.archive at .* filled from request input h\.OrgID with no membership check`
}

func (a *API) ArchiveHeaderChecked(c *fiber.Ctx) error {
	var h orgHeader
	if err := c.ReqHeaderParser(&h); err != nil {
		return fiber.ErrBadRequest
	}
	if h.OrgID != SessionFrom(c.UserContext()).OrgID {
		return fiber.ErrForbidden
	}
	return a.archive(c.UserContext(), h.OrgID)
}
