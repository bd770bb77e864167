// Package echo is a workspace-settings API on echo.
package echo

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"
)

type wsKey struct{}

// WorkspaceFrom returns the workspace of the session.
func WorkspaceFrom(ctx context.Context) string {
	w, _ := ctx.Value(wsKey{}).(string)
	return w
}

type Settings struct {
	db *sql.DB
}

func (s *Settings) Get(c echo.Context) error {
	var theme string
	err := s.db.QueryRowContext(c.Request().Context(), "SELECT theme FROM workspace_settings WHERE workspace_id = $1", c.Param("workspace")).Scan(&theme) // want `TL006: tenant slot workspace_settings\.workspace_id filled from request input`
	if err != nil {
		return err
	}
	return c.String(http.StatusOK, theme)
}

func (s *Settings) GetChecked(c echo.Context) error {
	workspaceID := c.Param("workspace")
	if workspaceID != WorkspaceFrom(c.Request().Context()) {
		return echo.ErrForbidden
	}
	var theme string
	err := s.db.QueryRowContext(c.Request().Context(), "SELECT theme FROM workspace_settings WHERE workspace_id = $1", workspaceID).Scan(&theme)
	if err != nil {
		return err
	}
	return c.String(http.StatusOK, theme)
}
