// Package closures: a tenant captured by a closure is a tenant the closure
// holds; a transaction helper hands its callback the tenant as a parameter.
package closures

import (
	"context"
	"database/sql"
	"log"
)

type Tenant struct {
	ID   string
	Name string
}

type Store struct {
	db *sql.DB
}

// Export holds the tenant; the closure it builds captures it (for the log
// line) and loses it in the query.
func (s *Store) Export(ctx context.Context, tenantID string, ids []int64) error {
	load := func(id int64) error {
		var body string
		err := s.db.QueryRowContext(ctx, "SELECT body FROM documents WHERE id = $1", id).Scan(&body) // want `TL001: SELECT on documents has no tenant predicate; tenant available as tenantID`
		log.Printf("export for %s: document %d: %v", tenantID, id, err)
		return err
	}
	for _, id := range ids {
		if err := load(id); err != nil {
			return err
		}
	}
	return nil
}

// Archive's closure captures no tenant, but it is written inside Archive,
// which holds one: the sink is reported in the closure, once.
func (s *Store) Archive(ctx context.Context, tenantID string, ids []int64) error {
	archive := func(id int64) error {
		_, err := s.db.ExecContext(ctx, "UPDATE documents SET archived = true WHERE id = $1", id) // want `TL001: UPDATE on documents has no tenant predicate; tenant available as tenantID`
		return err
	}
	for _, id := range ids {
		if err := archive(id); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) ExportScoped(ctx context.Context, tenantID string, ids []int64) error {
	load := func(id int64) error {
		var body string
		err := s.db.QueryRowContext(ctx, "SELECT body FROM documents WHERE id = $1 AND tenant_id = $2", id, tenantID).Scan(&body)
		log.Printf("export for %s: document %d: %v", tenantID, id, err)
		return err
	}
	for _, id := range ids {
		if err := load(id); err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn in a transaction with the tenant the session belongs to.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx, tenant *Tenant) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx, &Tenant{}); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) Rename(ctx context.Context, docID int64, title string) error {
	return s.inTx(ctx, func(tx *sql.Tx, tenant *Tenant) error {
		_, err := tx.ExecContext(ctx, "UPDATE documents SET title = $1 WHERE id = $2", title, docID) // want `TL001: UPDATE on documents has no tenant predicate; tenant available as tenant`
		return err
	})
}

func (s *Store) RenameScoped(ctx context.Context, docID int64, title string) error {
	return s.inTx(ctx, func(tx *sql.Tx, tenant *Tenant) error {
		_, err := tx.ExecContext(ctx, "UPDATE documents SET title = $1 WHERE id = $2 AND tenant_id = $3", title, docID, tenant.ID)
		return err
	})
}
