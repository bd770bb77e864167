package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotMember is returned when a user has no membership in a tenant.
var ErrNotMember = errors.New("auth: not a member of this tenant")

// Authz answers membership questions for routes that name a tenant other
// than the one in the session token (the partner dashboard of accountants
// who keep the books of several tenants).
type Authz struct {
	pool *pgxpool.Pool
}

// NewAuthz returns an Authz over the users table.
func NewAuthz(pool *pgxpool.Pool) *Authz { return &Authz{pool: pool} }

// RequireMember returns nil if userID is a member of tenantID and
// ErrNotMember otherwise. tenantID usually comes straight from the request:
// this is the check that makes it safe to use.
func (a *Authz) RequireMember(ctx context.Context, userID, tenantID string) error {
	var ok bool
	err := a.pool.QueryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2)`,
		tenantID, userID).Scan(&ok)
	if err != nil {
		return fmt.Errorf("membership of %s in %s: %w", userID, tenantID, err)
	}
	if !ok {
		return ErrNotMember
	}
	return nil
}
