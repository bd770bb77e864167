// Package bunleak keeps a billing service's invoices in Postgres through
// bun; every invoice row carries its tenant.
package bunleak

import (
	"context"
	"errors"

	"github.com/uptrace/bun"
)

type Invoice struct {
	bun.BaseModel `bun:"table:invoices,alias:i"`

	ID          int64  `bun:"id,pk,autoincrement"`
	TenantID    string `bun:"tenant_id,notnull"`
	Number      string `bun:"number"`
	AmountCents int64  `bun:"amount_cents"`
	Status      string `bun:"status"`
}

// Plan is the price list every tenant shares: no tenant column.
type Plan struct {
	bun.BaseModel `bun:"table:plans"`

	ID    int64  `bun:"id,pk"`
	Name  string `bun:"name"`
	Cents int64  `bun:"cents"`
}

var ErrNotFound = errors.New("not found")

type Store struct {
	db *bun.DB
}

func (s *Store) Invoice(ctx context.Context, tenantID string, id int64) (*Invoice, error) {
	inv := new(Invoice)
	err := s.db.NewSelect().Model(inv).Where("id = ?", id).Scan(ctx) // want `TL002: SelectQuery.Scan on invoices has no tenant predicate; tenant available as tenantID`
	return inv, err
}

func (s *Store) InvoiceScoped(ctx context.Context, tenantID string, id int64) (*Invoice, error) {
	inv := new(Invoice)
	err := s.db.NewSelect().Model(inv).Where("tenant_id = ?", tenantID).Where("id = ?", id).Scan(ctx)
	return inv, err
}

// bun's own placeholder for the model's alias.
func (s *Store) InvoiceByAlias(ctx context.Context, tenantID string, id int64) (*Invoice, error) {
	inv := new(Invoice)
	err := s.db.NewSelect().Model(inv).Where("?TableAlias.tenant_id = ? AND ?TableAlias.id = ?", tenantID, id).Scan(ctx)
	return inv, err
}

func (s *Store) MarkPaid(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.NewUpdate().Model((*Invoice)(nil)).Set("status = ?", "paid").Where("id = ?", id).Exec(ctx) // want `TL002: UpdateQuery.Exec on invoices has no tenant predicate`
	return err
}

func (s *Store) MarkPaidScoped(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.NewUpdate().Model((*Invoice)(nil)).Set("status = ?", "paid").
		Where("id = ?", id).Where("tenant_id = ?", tenantID).Exec(ctx)
	return err
}

func (s *Store) Void(ctx context.Context, tenantID string, ids []int64) error {
	_, err := s.db.NewDelete().Model((*Invoice)(nil)).Where("id IN (?)", bun.In(ids)).Exec(ctx) // want `TL002: DeleteQuery.Exec on invoices has no tenant predicate`
	return err
}

func (s *Store) VoidScoped(ctx context.Context, tenantID string, ids []int64) error {
	_, err := s.db.NewDelete().Model((*Invoice)(nil)).Where("tenant_id = ? AND id IN (?)", tenantID, bun.In(ids)).Exec(ctx)
	return err
}

// WhereOr makes the tenant condition one alternative of two.
func (s *Store) Search(ctx context.Context, tenantID, number string) ([]Invoice, error) {
	var out []Invoice
	err := s.db.NewSelect().Model(&out).Where("tenant_id = ?", tenantID).WhereOr("number = ?", number).Scan(ctx) // want `TL002: SelectQuery.Scan on invoices has no tenant predicate`
	return out, err
}

func (s *Store) SearchScoped(ctx context.Context, tenantID, number string) ([]Invoice, error) {
	var out []Invoice
	err := s.db.NewSelect().Model(&out).Where("tenant_id = ?", tenantID).Where("number = ?", number).Scan(ctx)
	return out, err
}

// The insert's row is handed to Model: its tenant field must hold the tenant.
func (s *Store) Issue(ctx context.Context, tenantID, number string, cents int64) error {
	inv := &Invoice{Number: number, AmountCents: cents}
	_, err := s.db.NewInsert().Model(inv).Exec(ctx) // want `TL002: InsertQuery.Model`
	return err
}

func (s *Store) IssueScoped(ctx context.Context, tenantID, number string, cents int64) error {
	inv := &Invoice{TenantID: tenantID, Number: number, AmountCents: cents}
	_, err := s.db.NewInsert().Model(inv).Exec(ctx)
	return err
}

// Plans are shared: no tenant column, no finding.
func (s *Store) AddPlan(ctx context.Context, tenantID, name string) error {
	_, err := s.db.NewInsert().Model(&Plan{Name: name}).Exec(ctx)
	return err
}

// A read by id, then a check of the row's tenant before it is used.
func (s *Store) InvoiceChecked(ctx context.Context, tenantID string, id int64) (*Invoice, error) {
	var inv Invoice
	if err := s.db.NewSelect().Model(&inv).Where("id = ?", id).Scan(ctx, &inv); err != nil {
		return nil, err
	}
	if inv.TenantID != tenantID {
		return nil, ErrNotFound
	}
	return &inv, nil
}

// The column named through bun.Ident: the value is bound to tenant_id all
// the same.
func (s *Store) InvoiceByIdent(ctx context.Context, tenantID string, id int64) (*Invoice, error) {
	inv := new(Invoice)
	err := s.db.NewSelect().Model(inv).Where("? = ?", bun.Ident("tenant_id"), tenantID).Where("id = ?", id).Scan(ctx)
	return inv, err
}

// Raw SQL through bun: the text is checked (TL001).
func (s *Store) Total(ctx context.Context, tenantID string) (int64, error) {
	var total int64
	err := s.db.NewRaw("SELECT sum(amount_cents) FROM invoices WHERE status = ?", "open").Scan(ctx, &total) // want `TL001: `
	return total, err
}

func (s *Store) TotalScoped(ctx context.Context, tenantID string) (int64, error) {
	var total int64
	err := s.db.NewRaw("SELECT sum(amount_cents) FROM invoices WHERE tenant_id = ? AND status = ?", tenantID, "open").Scan(ctx, &total)
	return total, err
}

// byID is an accessor: no tenant of its own, judged where it is called.
func (s *Store) byID(ctx context.Context, id int64) (*Invoice, error) {
	inv := new(Invoice)
	err := s.db.NewSelect().Model(inv).Where("id = ?", id).Scan(ctx)
	return inv, err
}

func (s *Store) Download(ctx context.Context, tenantID string, id int64) (*Invoice, error) {
	return s.byID(ctx, id) // want `TL002: .* via Store\.byID`
}
