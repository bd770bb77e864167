// Package shipping calls the generated queries with the tenant it holds.
package shipping

import (
	"context"

	"example.com/mod/pgx/sqlc"
)

type Service struct {
	q *sqlc.Queries
}

func (s *Service) Track(ctx context.Context, tenantID string, id int64) (string, error) {
	sh, err := s.q.GetShipment(ctx, id) // want `TL001: SELECT on shipments via Queries\.GetShipment .*has no tenant predicate; tenant available as tenantID`
	return sh.Tracking, err
}

func (s *Service) TrackScoped(ctx context.Context, tenantID string, id int64) (string, error) {
	sh, err := s.q.GetTenantShipment(ctx, id, tenantID)
	return sh.Tracking, err
}

func (s *Service) Cancel(ctx context.Context, tenantID string, id int64) error {
	_, err := s.q.DeleteShipment(ctx, id) // want `TL001: DELETE on shipments via Queries\.DeleteShipment`
	return err
}

func (s *Service) CancelScoped(ctx context.Context, tenantID string, id int64) error {
	_, err := s.q.DeleteTenantShipment(ctx, id, tenantID)
	return err
}
