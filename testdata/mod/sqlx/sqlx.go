// Package sqlx is a subscription store on sqlx.
package sqlx

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type Subscription struct {
	ID       int64  `db:"id"`
	TenantID string `db:"tenant_id"`
	Plan     string `db:"plan"`
}

type Store struct {
	db *sqlx.DB
}

func (s *Store) Get(ctx context.Context, tenantID string, id int64) (*Subscription, error) {
	var sub Subscription
	err := s.db.GetContext(ctx, &sub, "SELECT id, tenant_id, plan FROM subscriptions WHERE id = $1", id) // want `TL001: SELECT on subscriptions has no tenant predicate; tenant available as tenantID`
	return &sub, err
}

func (s *Store) GetScoped(ctx context.Context, tenantID string, id int64) (*Subscription, error) {
	var sub Subscription
	err := s.db.GetContext(ctx, &sub, "SELECT id, tenant_id, plan FROM subscriptions WHERE id = $1 AND tenant_id = $2", id, tenantID)
	return &sub, err
}

func (s *Store) List(ctx context.Context, tenantID string) ([]Subscription, error) {
	var subs []Subscription
	err := s.db.SelectContext(ctx, &subs, "SELECT id, tenant_id, plan FROM subscriptions WHERE tenant_id = $1", tenantID)
	return subs, err
}

func (s *Store) ChangePlan(ctx context.Context, tenantID string, id int64, plan string) error {
	_, err := s.db.NamedExecContext(ctx, "UPDATE subscriptions SET plan = :plan WHERE id = :id", Subscription{ID: id, Plan: plan}) // want `TL001: UPDATE on subscriptions`
	return err
}

func (s *Store) ChangePlanScoped(ctx context.Context, tenantID string, id int64, plan string) error {
	_, err := s.db.NamedExecContext(ctx, "UPDATE subscriptions SET plan = :plan WHERE id = :id AND tenant_id = :tenant_id", Subscription{ID: id, TenantID: tenantID, Plan: plan})
	return err
}
