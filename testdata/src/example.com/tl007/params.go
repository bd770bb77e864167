package tl007

import "context"

// RenameChannelParams is shaped as sqlc generates it: the workspace travels
// in a field whose name does not say so (the column is the registry's id
// elsewhere, or sqlc named it after an alias).
type RenameChannelParams struct {
	Name  string
	Scope string
}

// The field of a parameter bound to the tenant column is a slot the
// caller's argument fills: not TL007 here.
func (s *Store) renameChannel(ctx context.Context, arg RenameChannelParams) error {
	_, err := s.db.ExecContext(ctx, "UPDATE channels SET name = $1 WHERE workspace_id = $2", arg.Name, arg.Scope)
	return err
}

func (s *Store) RenameChannel(ctx context.Context, workspaceID, name string) error {
	return s.renameChannel(ctx, RenameChannelParams{Name: name, Scope: workspaceID})
}

func (s *Store) ResetEveryChannel(ctx context.Context, workspaceID string) error {
	return s.renameChannel(ctx, RenameChannelParams{Name: "general"}) // want `TL007: tenant column channels\.workspace_id via Store\.renameChannel .*bound to &tl007\.RenameChannelParams\{…\}, which is not a tenant value`
}
