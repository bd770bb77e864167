// Package redis caches a helpdesk's tickets in Redis; keys must start with
// the tenant ("t:<tenant>:").
package redis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

type Cache struct {
	rdb *redis.Client
}

func (c *Cache) Ticket(ctx context.Context, tenantID, ticketID string) (string, error) {
	return c.rdb.Get(ctx, "ticket:"+ticketID).Result() // want `TL003: cache key .* has no tenant component; tenant available as tenantID`
}

func (c *Cache) TicketScoped(ctx context.Context, tenantID, ticketID string) (string, error) {
	return c.rdb.Get(ctx, "t:"+tenantID+":ticket:"+ticketID).Result()
}

func (c *Cache) Forget(ctx context.Context, tenantID, ticketID string) error {
	return c.rdb.Del(ctx, "ticket:"+ticketID, "ticket:"+ticketID+":replies").Err() // want `TL003: cache key`
}

func (c *Cache) ForgetScoped(ctx context.Context, tenantID, ticketID string) error {
	prefix := "t:" + tenantID + ":ticket:" + ticketID
	return c.rdb.Del(ctx, prefix, prefix+":replies").Err()
}

func (c *Cache) CountView(ctx context.Context, tenantID, ticketID string) error {
	return c.rdb.HIncrBy(ctx, "views", ticketID, 1).Err() // want `TL003: cache key`
}

func (c *Cache) CountViewScoped(ctx context.Context, tenantID, ticketID string) error {
	return c.rdb.HIncrBy(ctx, "t:"+tenantID+":views", ticketID, 1).Err()
}

// ticketKey builds the key in a helper, without the tenant.
func ticketKey(ticketID string) string { return "ticket:" + ticketID }

// scopedTicketKey builds it with the tenant it is given.
func scopedTicketKey(tenantID, ticketID string) string {
	return "t:" + tenantID + ":ticket:" + ticketID
}

func (c *Cache) Store(ctx context.Context, tenantID, ticketID, body string) error {
	return c.rdb.Set(ctx, ticketKey(ticketID), body, time.Hour).Err() // want `TL003: cache key ticketKey\(ticketID\) has no tenant component`
}

func (c *Cache) StoreScoped(ctx context.Context, tenantID, ticketID, body string) error {
	return c.rdb.Set(ctx, scopedTicketKey(tenantID, ticketID), body, time.Hour).Err()
}

// A key type whose String method renders the key.
type draftKey struct {
	TenantID string
	TicketID string
}

func (k draftKey) String() string { return "t:" + k.TenantID + ":draft:" + k.TicketID }

type sharedDraftKey struct {
	TicketID string
}

func (k sharedDraftKey) String() string { return "draft:" + k.TicketID }

func (c *Cache) Draft(ctx context.Context, tenantID, ticketID string) (string, error) {
	return c.rdb.Get(ctx, sharedDraftKey{TicketID: ticketID}.String()).Result() // want `TL003: cache key`
}

func (c *Cache) DraftScoped(ctx context.Context, tenantID, ticketID string) (string, error) {
	return c.rdb.Get(ctx, draftKey{TenantID: tenantID, TicketID: ticketID}.String()).Result()
}

// cached is an accessor: no tenant of its own, judged at each call.
func (c *Cache) cached(ctx context.Context, key string) (string, error) {
	return c.rdb.Get(ctx, key).Result()
}

func (c *Cache) Summary(ctx context.Context, tenantID, ticketID string) (string, error) {
	return c.cached(ctx, "summary:"+ticketID) // want `TL003: cache key .* via Cache\.cached`
}

func (c *Cache) SummaryScoped(ctx context.Context, tenantID, ticketID string) (string, error) {
	return c.cached(ctx, scopedTicketKey(tenantID, ticketID)+":summary")
}

// Propagators carry the tenant into the key: a hash, strconv.

func (c *Cache) Search(ctx context.Context, tenantID, query string) (string, error) {
	sum := sha256.Sum256([]byte(query))
	return c.rdb.Get(ctx, "search:"+hex.EncodeToString(sum[:])).Result() // want `TL003: cache key .* has no tenant component; tenant available as tenantID`
}

func (c *Cache) SearchScoped(ctx context.Context, tenantID, query string) (string, error) {
	sum := sha256.Sum256([]byte(tenantID + "\x00" + query))
	return c.rdb.Get(ctx, "search:"+hex.EncodeToString(sum[:])).Result()
}

func (c *Cache) Counter(ctx context.Context, accountID int64, name string) (int64, error) {
	return c.rdb.Incr(ctx, "counter:"+name).Result() // want `TL003: cache key .* has no tenant component; tenant available as accountID`
}

func (c *Cache) CounterScoped(ctx context.Context, accountID int64, name string) (int64, error) {
	return c.rdb.Incr(ctx, "a:"+strconv.FormatInt(accountID, 10)+":counter:"+name).Result()
}
