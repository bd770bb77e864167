package tl001

import (
	"context"
	"database/sql"
)

// Repo funnels every statement through query: the text is its callers',
// so each caller is judged on the statement it passes.
type Repo struct {
	db *sql.DB
}

func (r *Repo) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, q, args...)
}

func (r *Repo) exec(ctx context.Context, q string, args ...any) error {
	_, err := r.db.ExecContext(ctx, q, args...)
	return err
}

func (r *Repo) Payments(ctx context.Context, tenantID string, invoiceID int64) error {
	rows, err := r.query(ctx, "SELECT id, amount FROM payments WHERE invoice_id = $1", invoiceID) // want `TL001: SELECT on payments via Repo\.query .*has no tenant predicate`
	return discard(rows, err)
}

func (r *Repo) PaymentsScoped(ctx context.Context, tenantID string, invoiceID int64) error {
	rows, err := r.query(ctx, "SELECT id, amount FROM payments WHERE invoice_id = $1 AND tenant_id = $2", invoiceID, tenantID)
	return discard(rows, err)
}

func (r *Repo) Refund(ctx context.Context, tenantID string, paymentID int64) error {
	return r.exec(ctx, "UPDATE payments SET refunded = true WHERE id = $1", paymentID) // want `TL001: UPDATE on payments`
}

func (r *Repo) RefundScoped(ctx context.Context, tenantID string, paymentID int64) error {
	return r.exec(ctx, "UPDATE payments SET refunded = true WHERE tenant_id = $1 AND id = $2", tenantID, paymentID)
}
