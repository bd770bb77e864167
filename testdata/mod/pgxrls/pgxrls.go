// Package pgxrls relies on Postgres row-level security: the policies on
// invoices read current_setting('app.tenant_id'), which each transaction
// sets first. Statements on a transaction bound that way need no tenant
// predicate; statements elsewhere still do.
package pgxrls

import (
	"context"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type Store struct{ pool *pgxpool.Pool }

// InTenant runs fn in a transaction bound to tenantID.
func (s *Store) InTenant(ctx context.Context, tenantID string, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tenantID); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// InTx runs fn in a plain transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}

func (s *Store) Total(ctx context.Context, tenantID string, id int64) (int64, error) {
	var total int64
	err := s.InTenant(ctx, tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT total FROM invoices WHERE id = $1`, id).Scan(&total)
	})
	return total, err
}

func (s *Store) TotalPlainTx(ctx context.Context, tenantID string, id int64) (int64, error) {
	var total int64
	err := s.InTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT total FROM invoices WHERE id = $1`, id).Scan(&total) // want `TL001: SELECT on invoices has no tenant predicate; tenant available as tenantID`
	})
	return total, err
}

// The pool is not the bound transaction.
func (s *Store) TotalOnPool(ctx context.Context, tenantID string, id int64) (int64, error) {
	var total int64
	err := s.InTenant(ctx, tenantID, func(tx pgx.Tx) error {
		return s.pool.QueryRow(ctx, `SELECT total FROM invoices WHERE id = $1`, id).Scan(&total) // want `TL001: SELECT on invoices has no tenant predicate; tenant available as tenantID`
	})
	return total, err
}

// set_config on a transaction the function owns, under another name.
func (s *Store) Void(ctx context.Context, tenantID string, id int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_catalog.set_config('app.current_tenant', $1, true)`, tenantID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE invoices SET status = 'void' WHERE id = $1`, id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// A setting that names no tenant binds nothing.
func (s *Store) VoidAsRole(ctx context.Context, tenantID, role string, id int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT set_config('app.role', $1, true)`, role); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE invoices SET status = 'void' WHERE id = $1`, id); err != nil { // want `TL001: UPDATE on invoices has no tenant predicate; tenant available as tenantID`
		return err
	}
	return tx.Commit(ctx)
}

// The session bound to the tenant a request header claims.
func (s *Store) VoidFromHeader(ctx context.Context, tenantID string, r *http.Request, id int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1, true)`, r.Header.Get("X-Tenant-ID")); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE invoices SET status = 'void' WHERE id = $1`, id); err != nil { // want `TL001: UPDATE on invoices`
		return err
	}
	return tx.Commit(ctx)
}
