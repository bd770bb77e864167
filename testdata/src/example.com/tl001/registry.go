package tl001

import "context"

// tenants is the registry: its id is its tenant column, so a lookup by id is
// a tenant slot that each caller fills.

// Plan is a tenant's subscription.
type Plan struct {
	Name  string
	Seats int
}

func (s *Store) planOf(ctx context.Context, tenantID string) (*Plan, error) {
	var p Plan
	err := s.db.QueryRowContext(ctx, "SELECT plan, seats FROM tenants WHERE id = $1", tenantID).Scan(&p.Name, &p.Seats)
	return &p, err
}

func (s *Store) SeatsLeft(ctx context.Context, tenantID string, used int) (int, error) {
	p, err := s.planOf(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	return p.Seats - used, nil
}

func (s *Store) DefaultPlan(ctx context.Context) (*Plan, error) {
	return s.planOf(ctx, "") // want `TL001: SELECT on tenants via Store\.planOf .*tenant slot tenants\.id is left empty`
}

// Listing the registry's ids is shared by design (a scheduler's loop).
func (s *Store) TenantIDs(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM tenants")
	return discard(rows, err)
}

// An invoice number is no tenant id.
func (s *Store) PlanOfInvoice(ctx context.Context, inv *Invoice) (*Plan, error) {
	return s.planOf(ctx, inv.Number) // want `TL007: tenant column tenants\.id via Store\.planOf.* bound to inv\.Number`
}
