// Package store has SQL leaks, one suppressed each way.
package store

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

// Archive holds the tenant and loses it.
func (s *Store) Archive(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE notes SET archived = true WHERE id = $1", id) // want TL001 Archive
	return err
}

// Rename scopes its statement.
func (s *Store) Rename(ctx context.Context, tenantID string, id int64, title string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE notes SET title = $1 WHERE id = $2 AND tenant_id = $3", title, id, tenantID)
	return err
}

// Purge is a leak golangci-lint's own directive silences.
func (s *Store) Purge(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM notes WHERE id = $1", id) //nolint:tenantleak // purged by the retention job
	return err
}

// Restore is a leak tenantleak's own directive silences.
func (s *Store) Restore(ctx context.Context, tenantID string, id int64) error {
	//tenantleak:ignore TL001 restored by the support console, checked there
	_, err := s.db.ExecContext(ctx, "UPDATE notes SET archived = false WHERE id = $1", id)
	return err
}

// Plans reads a table the settings declare global.
func (s *Store) Plans(ctx context.Context, tenantID string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id, name FROM plans")
}

// noteByID is a by-ID helper without a tenant of its own: it is reported
// where a caller holding one uses it.
func (s *Store) noteByID(ctx context.Context, id int64) *sql.Row {
	return s.db.QueryRowContext(ctx, "SELECT title FROM notes WHERE id = $1", id)
}

// Title holds a tenant (a shop, a tenant word from the settings) and reads
// through the by-ID helper.
func (s *Store) Title(ctx context.Context, shopID string, id int64) (string, error) {
	var title string
	err := s.noteByID(ctx, id).Scan(&title) // want TL001 via noteByID
	return title, err
}
