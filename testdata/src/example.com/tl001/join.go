package tl001

import "context"

// invoice_lines has no tenant column of its own here: joined by equality to
// invoices, whose tenant_id is bound, it is scoped through the join.

func (s *Store) LinesOf(ctx context.Context, tenantID string, invoiceID int64) error {
	rows, err := s.db.QueryContext(ctx, `SELECT l.sku, l.qty FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.invoice_id = $1`, invoiceID) // want `TL001: SELECT on invoice_lines, invoices`
	return discard(rows, err)
}

func (s *Store) LinesOfScoped(ctx context.Context, tenantID string, invoiceID int64) error {
	rows, err := s.db.QueryContext(ctx, `SELECT l.sku, l.qty FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.tenant_id = $1 AND l.invoice_id = $2`, tenantID, invoiceID)
	return discard(rows, err)
}
