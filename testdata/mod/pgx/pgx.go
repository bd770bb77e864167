// Package pgx is an order service on pgx/v5; orders carry tenant_id.
package pgx

import (
	"context"

	"github.com/jackc/pgx/v5"
)

type Orders struct {
	conn *pgx.Conn
}

func (o *Orders) Total(ctx context.Context, tenantID string, orderID int64) (int64, error) {
	var total int64
	err := o.conn.QueryRow(ctx, "SELECT total FROM orders WHERE id = $1", orderID).Scan(&total) // want `TL001: SELECT on orders has no tenant predicate; tenant available as tenantID`
	return total, err
}

func (o *Orders) TotalScoped(ctx context.Context, tenantID string, orderID int64) (int64, error) {
	var total int64
	err := o.conn.QueryRow(ctx, "SELECT total FROM orders WHERE id = $1 AND tenant_id = $2", orderID, tenantID).Scan(&total)
	return total, err
}

func (o *Orders) Cancel(ctx context.Context, tenantID string, orderID int64) error {
	_, err := o.conn.Exec(ctx, "UPDATE orders SET status = 'cancelled' WHERE id = $1", orderID) // want `TL001: UPDATE on orders`
	return err
}

func (o *Orders) CancelScoped(ctx context.Context, tenantID string, orderID int64) error {
	_, err := o.conn.Exec(ctx, "UPDATE orders SET status = 'cancelled' WHERE id = $1 AND tenant_id = $2", orderID, tenantID)
	return err
}

func (o *Orders) QueueArchive(b *pgx.Batch, tenantID string, orderID int64) {
	b.Queue("UPDATE orders SET archived = true WHERE id = $1", orderID) // want `TL001: UPDATE on orders`
}

func (o *Orders) QueueArchiveScoped(b *pgx.Batch, tenantID string, orderID int64) {
	b.Queue("UPDATE orders SET archived = true WHERE id = $1 AND tenant_id = $2", orderID, tenantID)
}
