// Package gin is an organization-members API on gin. The auth middleware
// stores the caller's organization in the request context.
package gin

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"
)

type orgKey struct{}

// OrgFrom returns the organization the caller signed in to.
func OrgFrom(ctx context.Context) string {
	o, _ := ctx.Value(orgKey{}).(string)
	return o
}

type Members struct {
	db *sql.DB
}

func (m *Members) List(c *gin.Context) {
	rows, err := m.db.QueryContext(c.Request.Context(), "SELECT user_id FROM memberships WHERE org_id = $1", c.Param("org")) // want `TL006: tenant slot memberships\.org_id filled from request input c\.Param\("org"\)`
	reply(c, rows, err)
}

func (m *Members) ListChecked(c *gin.Context) {
	orgID := c.Param("org")
	if orgID != OrgFrom(c.Request.Context()) {
		c.AbortWithStatus(http.StatusForbidden)
		return
	}
	rows, err := m.db.QueryContext(c.Request.Context(), "SELECT user_id FROM memberships WHERE org_id = $1", orgID)
	reply(c, rows, err)
}

type invite struct {
	OrgID string `json:"org_id"`
	Email string `json:"email"`
}

func (m *Members) Invite(c *gin.Context) {
	var req invite
	if err := c.ShouldBindJSON(&req); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	_, err := m.db.ExecContext(c.Request.Context(), "INSERT INTO invitations (org_id, email) VALUES ($1, $2)", req.OrgID, req.Email) // want `TL006: tenant slot invitations\.org_id filled from request input`
	reply(c, nil, err)
}

func (m *Members) InviteScoped(c *gin.Context) {
	var req invite
	if err := c.ShouldBindJSON(&req); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	_, err := m.db.ExecContext(c.Request.Context(), "INSERT INTO invitations (org_id, email) VALUES ($1, $2)", OrgFrom(c.Request.Context()), req.Email)
	reply(c, nil, err)
}

func reply(c *gin.Context, rows *sql.Rows, err error) {
	if rows != nil {
		rows.Close()
	}
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
	}
}
