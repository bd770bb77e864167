package notes

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
)

type Store struct {
	db   *sql.DB
	root string
}

func (s *Store) Archive(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE notes SET archived = true WHERE id = $1", id) // want `^TL001: UPDATE on notes has no tenant predicate; tenant available as tenantID \(tenant available at notes.go:15: tenantID\)$`
	return err
}

func (s *Store) Attachment(tenantID, name string) ([]byte, error) {
	p := filepath.Join(s.root, name)
	return os.ReadFile(p) // want `^TL004: .* \(address built at notes.go:21; tenant available at notes.go:20: tenantID\)$`
}
