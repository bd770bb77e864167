package store

import "context"

// AgingRow is one line of the accounts-receivable aging report: what a
// customer owes, by how overdue it is.
type AgingRow struct {
	Customer     string `json:"customer"`
	Currency     string `json:"currency"`
	CurrentCents int64  `json:"currentCents"`
	Overdue30    int64  `json:"overdue30Cents"`
	OverdueOver  int64  `json:"overdueOver30Cents"`
}

const agingSQL = `
SELECT i.customer, i.currency,
       coalesce(sum(l.quantity * l.unit_price_cents) FILTER (WHERE i.due_date >= current_date), 0),
       coalesce(sum(l.quantity * l.unit_price_cents) FILTER (WHERE i.due_date < current_date
                                                              AND i.due_date >= current_date - 30), 0),
       coalesce(sum(l.quantity * l.unit_price_cents) FILTER (WHERE i.due_date < current_date - 30), 0)
FROM invoices i
JOIN invoice_lines l ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id
WHERE i.tenant_id = $1 AND i.status = 'sent'
GROUP BY i.customer, i.currency
ORDER BY i.customer`

// AgingReport returns the tenant's open receivables per customer.
func (s *Store) AgingReport(ctx context.Context, tenantID string) ([]AgingRow, error) {
	rows, err := s.pool.Query(ctx, agingSQL, tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AgingRow
	for rows.Next() {
		var r AgingRow
		if err := rows.Scan(&r.Customer, &r.Currency, &r.CurrentCents, &r.Overdue30, &r.OverdueOver); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
