package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Invoice is an invoice with its lines.
type Invoice struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"-"`
	Number    string    `json:"number"`
	Customer  string    `json:"customer"`
	Status    string    `json:"status"`
	Currency  string    `json:"currency"`
	DueDate   time.Time `json:"dueDate"`
	Notes     string    `json:"notes"`
	Lines     []Line    `json:"lines,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Line is one position of an invoice.
type Line struct {
	Description    string `json:"description"`
	Quantity       int    `json:"quantity"`
	UnitPriceCents int64  `json:"unitPriceCents"`
}

// TotalCents is the invoice total in the smallest currency unit.
func (inv *Invoice) TotalCents() int64 {
	var sum int64
	for _, l := range inv.Lines {
		sum += int64(l.Quantity) * l.UnitPriceCents
	}
	return sum
}

const invoiceColumns = `id, tenant_id, number, customer, status, currency, due_date, notes, created_at, updated_at`

func scanInvoice(row pgx.Row) (Invoice, error) {
	var inv Invoice
	err := row.Scan(&inv.ID, &inv.TenantID, &inv.Number, &inv.Customer, &inv.Status, &inv.Currency,
		&inv.DueDate, &inv.Notes, &inv.CreatedAt, &inv.UpdatedAt)
	return inv, notFound(err)
}

// ListInvoices lists the tenant's invoices by due date, optionally only
// those with the given status.
func (s *Store) ListInvoices(ctx context.Context, tenantID, status string) ([]Invoice, error) {
	rows, err := s.pool.Query(ctx,
		`SELECT `+invoiceColumns+` FROM invoices
		 WHERE tenant_id = $1 AND ($2 = '' OR status = $2)
		 ORDER BY due_date, number`, tenantID, status)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Invoice
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// Invoice returns one of the tenant's invoices with its lines.
func (s *Store) Invoice(ctx context.Context, tenantID, id string) (Invoice, error) {
	inv, err := scanInvoice(s.pool.QueryRow(ctx,
		`SELECT `+invoiceColumns+` FROM invoices WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return Invoice{}, err
	}
	inv.Lines, err = s.lines(ctx, tenantID, id)
	return inv, err
}

// InvoiceByNumber returns the tenant's invoice with the given number.
func (s *Store) InvoiceByNumber(ctx context.Context, tenantID, number string) (Invoice, error) {
	inv, err := scanInvoice(s.pool.QueryRow(ctx,
		`SELECT `+invoiceColumns+` FROM invoices WHERE tenant_id = $1 AND number = $2`, tenantID, number))
	if err != nil {
		return Invoice{}, err
	}
	inv.Lines, err = s.lines(ctx, tenantID, inv.ID)
	return inv, err
}

const invoiceByIDSQL = `SELECT ` + invoiceColumns + ` FROM invoices WHERE id = $1`

// InvoiceByID loads an invoice by primary key. Invoice ids are random UUIDs,
// so the id alone finds the row.
func (s *Store) InvoiceByID(ctx context.Context, id string) (Invoice, error) {
	inv, err := scanInvoice(s.pool.QueryRow(ctx, invoiceByIDSQL, id))
	if err != nil {
		return Invoice{}, err
	}
	inv.Lines, err = s.lines(ctx, inv.TenantID, inv.ID)
	return inv, err
}

func (s *Store) lines(ctx context.Context, tenantID, invoiceID string) ([]Line, error) {
	rows, err := s.pool.Query(ctx,
		`SELECT description, quantity, unit_price_cents FROM invoice_lines
		 WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY position`, tenantID, invoiceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Line
	for rows.Next() {
		var l Line
		if err := rows.Scan(&l.Description, &l.Quantity, &l.UnitPriceCents); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CreateInvoice stores a new draft invoice for the tenant and gives it the
// tenant's next invoice number. Two concurrent creates get the same number;
// UNIQUE (tenant_id, number) fails the second, and the client retries.
func (s *Store) CreateInvoice(ctx context.Context, tenantID string, in Invoice) (Invoice, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return Invoice{}, err
	}
	defer tx.Rollback(ctx)

	var n int
	year := time.Now().UTC().Year()
	err = tx.QueryRow(ctx,
		`SELECT count(*) + 1 FROM invoices WHERE tenant_id = $1 AND number LIKE $2`,
		tenantID, fmt.Sprintf("INV-%d-%%", year)).Scan(&n)
	if err != nil {
		return Invoice{}, err
	}
	inv, err := scanInvoice(tx.QueryRow(ctx,
		`INSERT INTO invoices (tenant_id, number, customer, currency, due_date, notes)
		 VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+invoiceColumns,
		tenantID, fmt.Sprintf("INV-%d-%04d", year, n), in.Customer, in.Currency, in.DueDate, in.Notes))
	if err != nil {
		return Invoice{}, err
	}
	for i, l := range in.Lines {
		_, err := tx.Exec(ctx,
			`INSERT INTO invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price_cents)
			 VALUES ($1, $2, $3, $4, $5, $6)`,
			tenantID, inv.ID, i+1, l.Description, l.Quantity, l.UnitPriceCents)
		if err != nil {
			return Invoice{}, err
		}
	}
	inv.Lines = in.Lines
	return inv, tx.Commit(ctx)
}

const updateInvoiceSQL = `
UPDATE invoices
SET customer = $1, due_date = $2, notes = $3, status = $4, updated_at = now()
WHERE id = $5`

// UpdateInvoice saves the editable fields of inv. The caller sets inv.TenantID
// and inv.ID from the request; the lines of a sent invoice are immutable.
func (s *Store) UpdateInvoice(ctx context.Context, inv Invoice) error {
	tag, err := s.pool.Exec(ctx, updateInvoiceSQL, inv.Customer, inv.DueDate, inv.Notes, inv.Status, inv.ID) // LEAK: TL001 UPDATE addresses the invoice by id only; inv.TenantID is at hand but never bound
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}
