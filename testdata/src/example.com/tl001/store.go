// Package tl001 is a billing service's data layer on database/sql: every
// table but the tenant registry carries tenant_id.
package tl001

import (
	"database/sql"
	"errors"
)

// Store runs the billing queries.
type Store struct {
	db *sql.DB
}

// Invoice is one invoice of a tenant.
type Invoice struct {
	ID       int64
	TenantID string
	Number   string
	Total    int64
}

// ErrNotFound is returned for rows of other tenants too.
var ErrNotFound = errors.New("not found")

func scanInvoice(row *sql.Row) (*Invoice, error) {
	var inv Invoice
	if err := row.Scan(&inv.ID, &inv.TenantID, &inv.Number, &inv.Total); err != nil {
		return nil, err
	}
	return &inv, nil
}

func discard(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	return rows.Close()
}
