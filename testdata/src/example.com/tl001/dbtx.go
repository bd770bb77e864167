package tl001

import (
	"context"
	"database/sql"
)

// The shape sqlc generates for database/sql: calls through DBTX are the
// database/sql sinks they stand for.

type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	PrepareContext(context.Context, string) (*sql.Stmt, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

type Queries struct {
	db DBTX
}

const getCoupon = `-- name: GetCoupon :one
SELECT id, tenant_id, code, percent_off FROM coupons WHERE code = $1
`

type Coupon struct {
	ID         int64
	TenantID   string
	Code       string
	PercentOff int32
}

func (q *Queries) GetCoupon(ctx context.Context, code string) (Coupon, error) {
	row := q.db.QueryRowContext(ctx, getCoupon, code)
	var i Coupon
	err := row.Scan(&i.ID, &i.TenantID, &i.Code, &i.PercentOff)
	return i, err
}

const getTenantCoupon = `-- name: GetTenantCoupon :one
SELECT id, tenant_id, code, percent_off FROM coupons WHERE tenant_id = $1 AND code = $2
`

type GetTenantCouponParams struct {
	TenantID string
	Code     string
}

func (q *Queries) GetTenantCoupon(ctx context.Context, arg GetTenantCouponParams) (Coupon, error) {
	row := q.db.QueryRowContext(ctx, getTenantCoupon, arg.TenantID, arg.Code)
	var i Coupon
	err := row.Scan(&i.ID, &i.TenantID, &i.Code, &i.PercentOff)
	return i, err
}

// Checkout applies a coupon code the customer typed.
type Checkout struct {
	q *Queries
}

func (c *Checkout) Apply(ctx context.Context, tenantID, code string) (int32, error) {
	cp, err := c.q.GetCoupon(ctx, code) // want `TL001: SELECT on coupons via Queries\.GetCoupon .*has no tenant predicate`
	if err != nil {
		return 0, err
	}
	return cp.PercentOff, nil
}

func (c *Checkout) ApplyScoped(ctx context.Context, tenantID, code string) (int32, error) {
	cp, err := c.q.GetTenantCoupon(ctx, GetTenantCouponParams{TenantID: tenantID, Code: code})
	if err != nil {
		return 0, err
	}
	return cp.PercentOff, nil
}
