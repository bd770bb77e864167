// Package fiber3leak is a billing service's HTTP API on fiber v3 over
// Postgres: invoices belong to a workspace (the workspace_id column). The
// auth middleware puts the caller's claims in the request context; their
// WorkspaceID is the caller's workspace. Routes look like
// /workspaces/:workspace/invoices/:id.
package fiber3leak

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gofiber/fiber/v3"
	"github.com/patrickmn/go-cache"
)

type Claims struct {
	Subject     string
	WorkspaceID string
}

type claimsKey struct{}

// ClaimsFrom returns the claims the auth middleware verified.
func ClaimsFrom(ctx context.Context) *Claims {
	cl, _ := ctx.Value(claimsKey{}).(*Claims)
	return cl
}

type Invoice struct {
	ID     string `json:"id"`
	Number string `json:"number"`
	Cents  int64  `json:"cents"`
}

type API struct {
	db     *sql.DB
	totals *cache.Cache
}

func (a *API) invoices(ctx context.Context, workspaceID string) ([]Invoice, error) {
	rows, err := a.db.QueryContext(ctx, "SELECT id, number, cents FROM invoices WHERE workspace_id = $1", workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Invoice
	for rows.Next() {
		var inv Invoice
		if err := rows.Scan(&inv.ID, &inv.Number, &inv.Cents); err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// The workspace comes from the path: any caller can name any workspace.
func (a *API) List(c fiber.Ctx) error {
	out, err := a.invoices(c.Context(), c.Params("workspace")) // want `TL006: tenant slot invoices\.workspace_id via API\.invoices at .* filled from request input c\.Params\("workspace".*\) with no membership check`
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// The path's workspace is compared with the claims' before it is used.
func (a *API) ListChecked(c fiber.Ctx) error {
	ws := c.Params("workspace")
	if ws != ClaimsFrom(c.Context()).WorkspaceID {
		return fiber.ErrForbidden
	}
	out, err := a.invoices(c.Context(), ws)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (a *API) ListClaims(c fiber.Ctx) error {
	out, err := a.invoices(c.Context(), ClaimsFrom(c.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// The generic helper reads the path too.
func (a *API) ListGeneric(c fiber.Ctx) error {
	out, err := a.invoices(c.Context(), fiber.Params[string](c, "workspace")) // want `TL006: tenant slot invoices\.workspace_id via API\.invoices at .* filled from request input Params\[string\]\(c, "workspace".*\) with no membership check`
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// A by-id read with the claims' workspace at hand: the query ignores it.
func (a *API) Get(c fiber.Ctx) error {
	cl := ClaimsFrom(c.Context())
	if cl == nil {
		return fiber.ErrUnauthorized
	}
	var inv Invoice
	err := a.db.QueryRowContext(c.Context(), "SELECT id, number, cents FROM invoices WHERE id = $1", c.Params("id")).Scan(&inv.ID, &inv.Number, &inv.Cents) // want `TL001: SELECT on invoices has no tenant predicate; tenant available as cl\.WorkspaceID`
	if err != nil {
		return err
	}
	return c.JSON(inv)
}

func (a *API) GetScoped(c fiber.Ctx) error {
	cl := ClaimsFrom(c.Context())
	if cl == nil {
		return fiber.ErrUnauthorized
	}
	var inv Invoice
	err := a.db.QueryRowContext(c.Context(), "SELECT id, number, cents FROM invoices WHERE workspace_id = $1 AND id = $2", cl.WorkspaceID, c.Params("id")).Scan(&inv.ID, &inv.Number, &inv.Cents)
	if err != nil {
		return err
	}
	return c.JSON(inv)
}

// The request body bound through Bind: its workspace is the caller's choice.
type newInvoice struct {
	WorkspaceID string `json:"workspace_id"`
	Number      string `json:"number"`
	Cents       int64  `json:"cents"`
}

func (a *API) Create(c fiber.Ctx) error {
	var req newInvoice
	if err := c.Bind().Body(&req); err != nil {
		return fiber.ErrBadRequest
	}
	_, err := a.db.ExecContext(c.Context(), "INSERT INTO invoices (workspace_id, number, cents) VALUES ($1, $2, $3)", req.WorkspaceID, req.Number, req.Cents) // want `TL006: tenant slot invoices\.workspace_id filled from request input req\.WorkspaceID with no membership check`
	return err
}

func (a *API) CreateScoped(c fiber.Ctx) error {
	var req newInvoice
	if err := c.Bind().Body(&req); err != nil {
		return fiber.ErrBadRequest
	}
	_, err := a.db.ExecContext(c.Context(), "INSERT INTO invoices (workspace_id, number, cents) VALUES ($1, $2, $3)", ClaimsFrom(c.Context()).WorkspaceID, req.Number, req.Cents)
	return err
}

// The workspace in a header.
func (a *API) Void(c fiber.Ctx) error {
	ws := c.Get("X-Workspace-ID")
	_, err := a.db.ExecContext(c.Context(), "UPDATE invoices SET status = 'void' WHERE workspace_id = $1 AND id = $2", ws, c.Params("id")) // want `TL006: tenant slot invoices\.workspace_id filled from request input c\.Get\("X-Workspace-ID".*\) with no membership check`
	return err
}

func (a *API) VoidScoped(c fiber.Ctx) error {
	_, err := a.db.ExecContext(c.Context(), "UPDATE invoices SET status = 'void' WHERE workspace_id = $1 AND id = $2", ClaimsFrom(c.Context()).WorkspaceID, c.Params("id"))
	return err
}

// A query-string filter bound through Bind.
type filter struct {
	WorkspaceID string `query:"workspace"`
	Status      string `query:"status"`
}

func (a *API) Search(c fiber.Ctx) error {
	var f filter
	if err := c.Bind().Query(&f); err != nil {
		return fiber.ErrBadRequest
	}
	rows, err := a.db.QueryContext(c.Context(), "SELECT id FROM invoices WHERE workspace_id = $1 AND status = $2", f.WorkspaceID, f.Status) // want `TL006: tenant slot invoices\.workspace_id filled from request input f\.WorkspaceID with no membership check`
	if err != nil {
		return err
	}
	return rows.Close()
}

func (a *API) SearchChecked(c fiber.Ctx) error {
	var f filter
	if err := c.Bind().Query(&f); err != nil {
		return fiber.ErrBadRequest
	}
	if f.WorkspaceID != ClaimsFrom(c.Context()).WorkspaceID {
		return fiber.ErrForbidden
	}
	rows, err := a.db.QueryContext(c.Context(), "SELECT id FROM invoices WHERE workspace_id = $1 AND status = $2", f.WorkspaceID, f.Status)
	if err != nil {
		return err
	}
	return rows.Close()
}

// A cache key's workspace component from the query string.
func (a *API) Total(c fiber.Ctx) error {
	workspace := c.Query("workspace")
	v, _ := a.totals.Get(fmt.Sprintf("total:%s", workspace)) // want `TL006: tenant slot cache key component filled from request input c\.Query\("workspace".*\) with no membership check`
	return c.JSON(v)
}

func (a *API) TotalScoped(c fiber.Ctx) error {
	v, _ := a.totals.Get(fmt.Sprintf("total:%s", ClaimsFrom(c.Context()).WorkspaceID))
	return c.JSON(v)
}

// A cache key without the workspace while the claims are at hand.
func (a *API) Forget(c fiber.Ctx) error {
	cl := ClaimsFrom(c.Context())
	if cl == nil {
		return fiber.ErrUnauthorized
	}
	a.totals.Delete("pdf:" + c.Params("id")) // want `TL003: cache key "pdf:" \+ .* has no tenant component; tenant available as cl\.WorkspaceID`
	return c.SendStatus(fiber.StatusNoContent)
}

func (a *API) ForgetScoped(c fiber.Ctx) error {
	cl := ClaimsFrom(c.Context())
	if cl == nil {
		return fiber.ErrUnauthorized
	}
	a.totals.Delete("ws:" + cl.WorkspaceID + ":pdf:" + c.Params("id"))
	return c.SendStatus(fiber.StatusNoContent)
}

// The Ctx is itself a context.Context in v3, and other request inputs can
// carry any workspace.

func (a *API) close(ctx context.Context, workspaceID string) error {
	_, err := a.db.ExecContext(ctx, "UPDATE invoices SET status = 'closed' WHERE workspace_id = $1 AND status = 'paid'", workspaceID)
	return err
}

func (a *API) Refund(c fiber.Ctx) error {
	cl := ClaimsFrom(c)
	if cl == nil {
		return fiber.ErrUnauthorized
	}
	_, err := a.db.ExecContext(c, "UPDATE invoices SET status = 'refunded' WHERE id = $1", c.Params("id")) // want `TL001: UPDATE on invoices has no tenant predicate; tenant available as cl\.WorkspaceID`
	return err
}

func (a *API) RefundScoped(c fiber.Ctx) error {
	cl := ClaimsFrom(c)
	if cl == nil {
		return fiber.ErrUnauthorized
	}
	_, err := a.db.ExecContext(c, "UPDATE invoices SET status = 'refunded' WHERE id = $1 AND workspace_id = $2", c.Params("id"), cl.WorkspaceID)
	return err
}

func (a *API) CloseQuery(c fiber.Ctx) error {
	return a.close(c, fiber.Query[string](c, "workspace")) // want `TL006: tenant slot invoices\.workspace_id via API\.close at .* filled from request input Query\[string\]\(c, "workspace".*\) with no membership check`
}

func (a *API) CloseReq(c fiber.Ctx) error {
	return a.close(c, c.Req().Params("workspace")) // want `TL006: tenant slot invoices\.workspace_id via API\.close at .* filled from request input c\.Req\(\)\.Params\("workspace".*\) with no membership check`
}

type route struct {
	WorkspaceID string `uri:"workspace"`
}

func (a *API) CloseURI(c fiber.Ctx) error {
	var r route
	if err := c.Bind().URI(&r); err != nil {
		return fiber.ErrBadRequest
	}
	return a.close(c, r.WorkspaceID) // want `TL006: tenant slot invoices\.workspace_id via API\.close at .* filled from request input r\.WorkspaceID with no membership check`
}

func (a *API) CloseURIChecked(c fiber.Ctx) error {
	var r route
	if err := c.Bind().URI(&r); err != nil {
		return fiber.ErrBadRequest
	}
	if r.WorkspaceID != ClaimsFrom(c).WorkspaceID {
		return fiber.ErrForbidden
	}
	return a.close(c, r.WorkspaceID)
}
