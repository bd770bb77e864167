// Package schema runs against the tables db/*.sql declares.
package schema

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

// countries has no tenant column: shared reference data.
func (s *Store) CountryName(ctx context.Context, tenantID, code string) (string, error) {
	var name string
	err := s.db.QueryRowContext(ctx, "SELECT name FROM countries WHERE code = $1", code).Scan(&name)
	return name, err
}

// customers is tenant-scoped and declared: reported even with no tenant in
// sight (a background job).
func (s *Store) BounceAll(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "UPDATE customers SET email_bounced = true WHERE email LIKE '%@example.invalid'") // want `TL001: UPDATE on customers has no tenant predicate and addresses a declared tenant-owned store`
	return err
}

func (s *Store) BounceAllOf(ctx context.Context, tenantID string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE customers SET email_bounced = true WHERE tenant_id = $1 AND email LIKE '%@example.invalid'", tenantID)
	return err
}

func (s *Store) Customer(ctx context.Context, tenantID string, id int64) (string, error) {
	var email string
	err := s.db.QueryRowContext(ctx, "SELECT c.email FROM customers c JOIN countries k ON k.code = c.country WHERE c.id = $1", id).Scan(&email) // want `TL001: SELECT on customers has no tenant predicate; tenant available as tenantID`
	return email, err
}
