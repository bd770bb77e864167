// Package configglobals: what .tenantleak.yml declares shared by design, and
// a configured tenant word (shop).
package configglobals

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
)

type Store struct {
	db       *sql.DB
	features map[string]bool
}

// shopID holds the configured tenant word.
func (s *Store) Plan(ctx context.Context, shopID string, planID int64) (string, error) {
	var name string
	err := s.db.QueryRowContext(ctx, "SELECT name FROM plans WHERE id = $1", planID).Scan(&name)
	return name, err
}

func (s *Store) Order(ctx context.Context, shopID string, orderID int64) (string, error) {
	var status string
	err := s.db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", orderID).Scan(&status) // want `TL001: SELECT on orders has no tenant predicate; tenant available as shopID`
	return status, err
}

func (s *Store) Audit(ctx context.Context, shopID, action string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO audit_events (action) VALUES ($1)", action)
	return err
}

// Migrate is listed in globals.functions.
func (s *Store) Migrate(ctx context.Context, shopID string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE orders SET status = 'open' WHERE status IS NULL")
	return err
}

// Templates are shared (globals.paths), however the path is built.
func (s *Store) Template(shopID, name string) ([]byte, error) {
	return os.ReadFile("/srv/templates/mail/" + name + ".html")
}

func (s *Store) TemplateJoined(shopID, name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("/srv/templates", "mail", name+".html"))
}

func (s *Store) Upload(shopID, name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("/srv/uploads", name)) // want `TL004: file path .* has no tenant component; tenant available as shopID`
}
