package tl001

import "context"

// markPaid holds the tenant and loses it: the finding is inside, once, and
// not at the callers that pass the tenant in.
func (s *Store) markPaid(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE invoices SET paid_at = now() WHERE id = $1", id) // want `TL001: UPDATE on invoices has no tenant predicate; tenant available as tenantID`
	return err
}

func (s *Store) Pay(ctx context.Context, tenantID string, id int64) error {
	return s.markPaid(ctx, tenantID, id)
}

func (s *Store) PayAll(ctx context.Context, tenantID string, ids []int64) error {
	for _, id := range ids {
		if err := s.markPaid(ctx, tenantID, id); err != nil {
			return err
		}
	}
	return nil
}

// markSent scopes with the tenant it is given: its callers are judged by
// what they pass, and these pass their tenant.
func (s *Store) markSent(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE invoices SET sent_at = now() WHERE id = $1 AND tenant_id = $2", id, tenantID)
	return err
}

func (s *Store) Send(ctx context.Context, tenantID string, id int64) error {
	return s.markSent(ctx, tenantID, id)
}

// A tenant bound in one statement does not scope the next one.
func (s *Store) Duplicate(ctx context.Context, tenantID string, id int64) error {
	if _, err := s.db.ExecContext(ctx, "INSERT INTO invoices (tenant_id, number, total) SELECT tenant_id, number || '-copy', total FROM invoices WHERE id = $1 AND tenant_id = $2", id, tenantID); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "UPDATE invoices SET copies = copies + 1 WHERE id = $1", id) // want `TL001: UPDATE on invoices has no tenant predicate; tenant available as tenantID`
	return err
}
