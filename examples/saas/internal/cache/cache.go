// Package cache keeps rendered invoices in Redis so that the invoice pages
// and the PDF renderer do not hit Postgres on every view. Every key starts
// with the tenant: tenant:<tenant>:...
package cache

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cache is a JSON cache over Redis.
type Cache struct {
	rdb *redis.Client
	ttl time.Duration
}

// New returns a Cache whose entries expire after ttl.
func New(rdb *redis.Client, ttl time.Duration) *Cache { return &Cache{rdb: rdb, ttl: ttl} }

func invoiceKey(tenantID, invoiceID string) string {
	return "tenant:" + tenantID + ":invoice:" + invoiceID
}

// Invoice loads a cached invoice into dst; ok is false on a miss.
func (c *Cache) Invoice(ctx context.Context, tenantID, invoiceID string, dst any) (ok bool, err error) {
	return c.get(ctx, invoiceKey(tenantID, invoiceID), dst)
}

// PutInvoice caches an invoice.
func (c *Cache) PutInvoice(ctx context.Context, tenantID, invoiceID string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, invoiceKey(tenantID, invoiceID), b, c.ttl).Err()
}

// DropInvoice removes a cached invoice after it changed.
func (c *Cache) DropInvoice(ctx context.Context, tenantID, invoiceID string) error {
	return c.rdb.Del(ctx, invoiceKey(tenantID, invoiceID)).Err()
}

// Summaries back the dashboard's quick search, which finds invoices by
// number. They are short-lived, so nothing invalidates them.
const summaryTTL = 5 * time.Minute

func summaryKey(number string) string { return "invoice-summary:" + number }

// Summary loads the cached summary of the tenant's invoice with the given
// number into dst.
func (c *Cache) Summary(ctx context.Context, tenantID, number string, dst any) (ok bool, err error) {
	ok, err = c.get(ctx, summaryKey(number), dst) // LEAK: TL003 invoice numbers repeat across tenants but the key has no tenant component
	if !ok && err == nil {
		slog.DebugContext(ctx, "summary cache miss", "tenant", tenantID, "number", number)
	}
	return ok, err
}

// PutSummary caches the summary of the tenant's invoice with the given number.
func (c *Cache) PutSummary(ctx context.Context, tenantID, number string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, summaryKey(number), b, summaryTTL).Err() // LEAK: TL003 same key without the tenant: one tenant's INV-2025-0001 overwrites another's
}

func (c *Cache) get(ctx context.Context, key string, dst any) (bool, error) {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(b, dst)
}
