// Package tl007 is a team-chat service: channels and memberships belong to a
// workspace (workspace_id).
package tl007

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

// Member is the signed-in user.
type Member struct {
	UserID string
	Email  string
}

// Workspace is a tenant.
type Workspace struct {
	ID   string
	Name string
}

// The workspace every new account was put in before workspaces existed.
const legacyWorkspaceID = "ws-legacy"

// A constant is never a tenant value, however it is named.
func (s *Store) LegacyChannels(ctx context.Context, ws *Workspace) error {
	_, err := s.db.QueryContext(ctx, "SELECT id, name FROM channels WHERE workspace_id = $1", legacyWorkspaceID) // want `TL007: tenant column channels\.workspace_id bound to "ws-legacy", which is not a tenant value`
	return err
}

func (s *Store) Channels(ctx context.Context, ws *Workspace) error {
	_, err := s.db.QueryContext(ctx, "SELECT id, name FROM channels WHERE workspace_id = $1", ws.ID)
	return err
}

func (s *Store) ArchivedChannels(ctx context.Context, workspaceID string) error {
	_, err := s.db.QueryContext(ctx, "SELECT id FROM channels WHERE workspace_id = 'ws-archive' AND archived") // want `TL007: tenant column channels\.workspace_id bound to `
	return err
}

// channelsOf fills the workspace_id slot from its parameter.
func (s *Store) channelsOf(ctx context.Context, workspaceID string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id, name FROM channels WHERE workspace_id = $1 AND NOT archived", workspaceID)
}

// A non-tenant field through the helper's slot.
func (s *Store) Sidebar(ctx context.Context, ws *Workspace, m *Member) error {
	_, err := s.channelsOf(ctx, m.Email) // want `TL007: tenant column channels\.workspace_id via Store\.channelsOf.* bound to m\.Email, which is not a tenant value`
	return err
}

func (s *Store) SidebarScoped(ctx context.Context, ws *Workspace, m *Member) error {
	_, err := s.channelsOf(ctx, ws.ID)
	return err
}

// role looks a member's role up in a workspace; callers must pass
// (userID, workspaceID) in that order.
func (s *Store) role(ctx context.Context, userID, workspaceID string) (string, error) {
	var r string
	err := s.db.QueryRowContext(ctx, "SELECT role FROM memberships WHERE user_id = $1 AND workspace_id = $2", userID, workspaceID).Scan(&r)
	return r, err
}

// Swapped: the workspace slot receives the user id.
func (s *Store) CanPost(ctx context.Context, ws *Workspace, m *Member) (bool, error) {
	r, err := s.role(ctx, ws.ID, m.UserID) // want `TL007: tenant column memberships\.workspace_id via Store\.role.* bound to m\.UserID`
	return r == "writer" || r == "admin", err
}

func (s *Store) CanPostFixed(ctx context.Context, ws *Workspace, m *Member) (bool, error) {
	r, err := s.role(ctx, m.UserID, ws.ID)
	return r == "writer" || r == "admin", err
}
