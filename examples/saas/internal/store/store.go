// Package store is the Postgres data layer. Tenant-owned rows are addressed
// by (tenant_id, id): every method that touches them takes the tenant id
// first, and the handlers pass the tenant of the authenticated request.
package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound is returned when no row matches, including rows of other
// tenants: callers cannot tell the two apart.
var ErrNotFound = errors.New("store: not found")

// Store wraps the connection pool.
type Store struct {
	pool *pgxpool.Pool
}

// New returns a Store over pool.
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Plan is a price plan; plans are shared by all tenants.
type Plan struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	MaxSeats   int    `json:"maxSeats"`
	PriceCents int    `json:"priceCents"`
}

// Plans lists the price plans, cheapest first.
func (s *Store) Plans(ctx context.Context) ([]Plan, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, max_seats, price_cents FROM plans ORDER BY price_cents`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var plans []Plan
	for rows.Next() {
		var p Plan
		if err := rows.Scan(&p.ID, &p.Name, &p.MaxSeats, &p.PriceCents); err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	return plans, rows.Err()
}

// Audit records that userID did action on subject in the tenant's audit log.
func (s *Store) Audit(ctx context.Context, tenantID, userID, action, subject string) error {
	_, err := s.pool.Exec(ctx,
		`INSERT INTO audit_log (tenant_id, user_id, action, subject) VALUES ($1, $2, $3, $4)`,
		tenantID, userID, action, subject)
	return err
}

func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
