package sqlc

import (
	"context"

	"github.com/jackc/pgx/v5/pgconn"
)

const getShipment = `-- name: GetShipment :one
SELECT id, tenant_id, carrier, tracking FROM shipments WHERE id = $1
`

type Shipment struct {
	ID       int64
	TenantID string
	Carrier  string
	Tracking string
}

func (q *Queries) GetShipment(ctx context.Context, id int64) (Shipment, error) {
	row := q.db.QueryRow(ctx, getShipment, id)
	var i Shipment
	err := row.Scan(&i.ID, &i.TenantID, &i.Carrier, &i.Tracking)
	return i, err
}

const getTenantShipment = `-- name: GetTenantShipment :one
SELECT id, tenant_id, carrier, tracking FROM shipments WHERE id = $1 AND tenant_id = $2
`

func (q *Queries) GetTenantShipment(ctx context.Context, id int64, tenantID string) (Shipment, error) {
	row := q.db.QueryRow(ctx, getTenantShipment, id, tenantID)
	var i Shipment
	err := row.Scan(&i.ID, &i.TenantID, &i.Carrier, &i.Tracking)
	return i, err
}

const deleteShipment = `-- name: DeleteShipment :execresult
DELETE FROM shipments WHERE id = $1
`

func (q *Queries) DeleteShipment(ctx context.Context, id int64) (pgconn.CommandTag, error) {
	return q.db.Exec(ctx, deleteShipment, id)
}

const deleteTenantShipment = `-- name: DeleteTenantShipment :execresult
DELETE FROM shipments WHERE id = $1 AND tenant_id = $2
`

func (q *Queries) DeleteTenantShipment(ctx context.Context, id int64, tenantID string) (pgconn.CommandTag, error) {
	return q.db.Exec(ctx, deleteTenantShipment, id, tenantID)
}
