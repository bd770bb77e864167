package tl001

import "context"

// An INSERT scopes the row by writing the tenant column.

func (s *Store) AddLine(ctx context.Context, tenantID string, invoiceID int64, sku string, qty int) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO invoice_lines (invoice_id, sku, qty) VALUES ($1, $2, $3)", invoiceID, sku, qty) // want `TL001: INSERT on invoice_lines`
	return err
}

func (s *Store) AddLineScoped(ctx context.Context, tenantID string, invoiceID int64, sku string, qty int) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO invoice_lines (tenant_id, invoice_id, sku, qty) VALUES ($1, $2, $3, $4)", tenantID, invoiceID, sku, qty)
	return err
}
