package tl001

import "context"

// invoiceByID is an accessor: it holds no tenant, so it is not reported
// itself; each call is judged with what the caller holds.
func (s *Store) invoiceByID(ctx context.Context, id int64) (*Invoice, error) {
	return scanInvoice(s.db.QueryRowContext(ctx, "SELECT id, tenant_id, number, total FROM invoices WHERE id = $1", id))
}

// ShowInvoice holds the tenant and looks the invoice up by id alone.
func (s *Store) ShowInvoice(ctx context.Context, tenantID string, id int64) (*Invoice, error) {
	return s.invoiceByID(ctx, id) // want `TL001: SELECT on invoices via Store\.invoiceByID .*has no tenant predicate; tenant available as tenantID`
}

// ShowInvoiceChecked reads by id, then compares the row's tenant with its own
// before the row is used.
func (s *Store) ShowInvoiceChecked(ctx context.Context, tenantID string, id int64) (*Invoice, error) {
	inv, err := s.invoiceByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if inv.TenantID != tenantID {
		return nil, ErrNotFound
	}
	return inv, nil
}

// reprint passes its own parameter on: an accessor too, judged at its callers.
func (s *Store) reprint(ctx context.Context, id int64) error {
	inv, err := s.invoiceByID(ctx, id)
	if err != nil {
		return err
	}
	_ = inv.Number
	return nil
}

// Reprint holds the tenant: the access two calls down is reported here.
func (s *Store) Reprint(ctx context.Context, tenantID string, id int64) error {
	return s.reprint(ctx, id) // want `TL001: SELECT on invoices via Store\.reprint → Store\.invoiceByID .*has no tenant predicate`
}

// The check comes after the row was already sent on: too late.
func (s *Store) EmailInvoice(ctx context.Context, tenantID string, id int64, send func(*Invoice) error) error {
	inv, err := s.invoiceByID(ctx, id) // want `TL001: SELECT on invoices via Store\.invoiceByID .*has no tenant predicate`
	if err != nil {
		return err
	}
	if err := send(inv); err != nil {
		return err
	}
	if inv.TenantID != tenantID {
		return ErrNotFound
	}
	return nil
}
