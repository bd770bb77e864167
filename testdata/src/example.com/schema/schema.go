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

// Tags reached through a link table from the tenant's customer are the
// tenant's: the link passes the customer's scope to the tags it names by id.
func (s *Store) CustomerTags(ctx context.Context, tenantID string, customerID int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT t.name FROM customers c
		JOIN customer_tags ct ON ct.customer_id = c.id
		JOIN tags t ON t.id = ct.tag_id
		WHERE c.id = $1 AND c.tenant_id = $2`, customerID, tenantID)
}

// Without the customer, the link restricts nothing.
func (s *Store) TagsOfCustomer(ctx context.Context, tenantID string, customerID int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = $1`, customerID) // want `TL001: SELECT on tags has no tenant predicate; tenant available as tenantID`
}

// The link table itself needs no scope.
func (s *Store) Untag(ctx context.Context, tenantID string, customerID int64) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM customer_tags WHERE customer_id = $1", customerID)
	return err
}

// Shared reference data joined by a non-key column links every tenant's
// customers in the same country: no scope passes that way.
func (s *Store) Compatriots(ctx context.Context, tenantID string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, compatriots, tenantID) // want `TL001: SELECT on customers has no tenant predicate`
}

const compatriots = `SELECT c2.email FROM customers c
	JOIN countries k ON k.code = c.country
	JOIN customers c2 ON c2.country = k.code
	WHERE c.tenant_id = $1`

// A link table that references the tenant's row by its id is that row's
// child: what references the child is the tenant's too.
func (s *Store) Deliveries(ctx context.Context, tenantID string, customerID int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, deliveries, customerID, tenantID)
}

const deliveries = `SELECT d.id FROM customers c
	JOIN addresses a ON a.customer_id = c.id
	JOIN deliveries d ON d.address_id = a.id
	WHERE c.id = $1 AND c.tenant_id = $2`
