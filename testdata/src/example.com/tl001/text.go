package tl001

import (
	"context"
	"fmt"
	"strings"
)

// The statement text is resolved however it is written: a literal, a
// concatenation, fmt.Sprintf with a constant format, strings.Join, or either
// of two texts chosen on a branch.

const invoiceColumns = "id, tenant_id, number, total"

func (s *Store) VoidInvoice(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE invoices SET voided = true WHERE id = $1", id) // want `TL001: UPDATE on invoices has no tenant predicate; tenant available as tenantID`
	return err
}

func (s *Store) VoidInvoiceScoped(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE invoices SET voided = true WHERE id = $1 AND tenant_id = $2", id, tenantID)
	return err
}

func (s *Store) InvoiceByNumber(ctx context.Context, tenantID, number string) (*Invoice, error) {
	return scanInvoice(s.db.QueryRowContext(ctx, "SELECT "+invoiceColumns+" FROM invoices WHERE number = $1", number)) // want `TL001: SELECT on invoices`
}

func (s *Store) InvoiceByNumberScoped(ctx context.Context, tenantID, number string) (*Invoice, error) {
	return scanInvoice(s.db.QueryRowContext(ctx, "SELECT "+invoiceColumns+" FROM invoices WHERE tenant_id = $1 AND number = $2", tenantID, number))
}

func (s *Store) LatestInvoices(ctx context.Context, tenantID string) error {
	q := fmt.Sprintf("SELECT %s FROM %s ORDER BY id DESC LIMIT %d", invoiceColumns, "invoices", 20)
	rows, err := s.db.QueryContext(ctx, q) // want `TL001: SELECT on invoices has no tenant predicate`
	return discard(rows, err)
}

func (s *Store) LatestInvoicesScoped(ctx context.Context, tenantID string) error {
	q := fmt.Sprintf("SELECT %s FROM %s WHERE tenant_id = $1 ORDER BY id DESC LIMIT %d", invoiceColumns, "invoices", 20)
	rows, err := s.db.QueryContext(ctx, q, tenantID)
	return discard(rows, err)
}

// A number formatted into the text cannot change which tables it reads.
func (s *Store) RecentInvoices(ctx context.Context, tenantID string, limit int) error {
	q := fmt.Sprintf("SELECT %s FROM invoices ORDER BY id DESC LIMIT %d", invoiceColumns, limit)
	rows, err := s.db.QueryContext(ctx, q) // want `TL001: SELECT on invoices has no tenant predicate`
	return discard(rows, err)
}

func (s *Store) RecentInvoicesScoped(ctx context.Context, tenantID string, limit int) error {
	q := fmt.Sprintf("SELECT %s FROM invoices WHERE tenant_id = $1 ORDER BY id DESC LIMIT %d", invoiceColumns, limit)
	rows, err := s.db.QueryContext(ctx, q, tenantID)
	return discard(rows, err)
}

func (s *Store) OverdueInvoices(ctx context.Context, tenantID string) error {
	q := strings.Join([]string{"SELECT", invoiceColumns, "FROM invoices", "WHERE due_at < now()"}, " ")
	rows, err := s.db.QueryContext(ctx, q) // want `TL001: SELECT on invoices`
	return discard(rows, err)
}

func (s *Store) OverdueInvoicesScoped(ctx context.Context, tenantID string) error {
	q := strings.Join([]string{"SELECT", invoiceColumns, "FROM invoices", "WHERE tenant_id = $1 AND due_at < now()"}, " ")
	rows, err := s.db.QueryContext(ctx, q, tenantID)
	return discard(rows, err)
}

// One branch forgets the predicate: the worst of the two texts decides.
func (s *Store) CountInvoices(ctx context.Context, tenantID string, everyone bool) (int, error) {
	q, args := "SELECT count(*) FROM invoices WHERE tenant_id = $1", []any{tenantID}
	if everyone {
		q, args = "SELECT count(*) FROM invoices", nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, q, args...).Scan(&n) // want `TL001: SELECT on invoices`
	return n, err
}

func (s *Store) CountInvoicesScoped(ctx context.Context, tenantID string, unpaidOnly bool) (int, error) {
	q := "SELECT count(*) FROM invoices WHERE tenant_id = $1"
	if unpaidOnly {
		q = "SELECT count(*) FROM invoices WHERE tenant_id = $1 AND paid_at IS NULL"
	}
	var n int
	err := s.db.QueryRowContext(ctx, q, tenantID).Scan(&n)
	return n, err
}

// A quoted camelCase tenant column ("tenantId", as Prisma names it) is the
// tenant column.
func (s *Store) APITokensOf(ctx context.Context, tenantID string) error {
	_, err := s.db.QueryContext(ctx, `SELECT id, name FROM "APIToken" WHERE "tenantId" = $1::uuid`, tenantID)
	return err
}

func (s *Store) APITokenByName(ctx context.Context, tenantID, name string) error {
	_, err := s.db.QueryContext(ctx, `SELECT id FROM "APIToken" WHERE name = $1`, name) // want `TL001: SELECT on apitoken has no tenant predicate`
	return err
}

// A tenant predicate that falls back to the column itself matches every
// tenant's rows when the value is empty: no tenant predicate.
func (s *Store) APITokensOptional(ctx context.Context, tenantID string) error {
	_, err := s.db.QueryContext(ctx, `SELECT id FROM api_tokens WHERE tenant_id = COALESCE(NULLIF($1, ''), tenant_id)`, tenantID) // want `TL001: SELECT on api_tokens has no tenant predicate; tenant available as tenantID`
	return err
}
