// Package rueidisleak caches a CRM's contact cards in Redis through
// rueidis; keys start with the org ("org:<org>:").
package rueidisleak

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/rueidis"
)

type Cache struct {
	rdb rueidis.Client
}

func (c *Cache) Contact(ctx context.Context, orgID, contactID string) (string, error) {
	return c.rdb.Do(ctx, c.rdb.B().Get().Key("contact:"+contactID).Build()).ToString() // want `TL003: cache key .* has no tenant component; tenant available as orgID`
}

func (c *Cache) ContactScoped(ctx context.Context, orgID, contactID string) (string, error) {
	return c.rdb.Do(ctx, c.rdb.B().Get().Key("org:"+orgID+":contact:"+contactID).Build()).ToString()
}

// The command built on its own line, run on the next.
func (c *Cache) Store(ctx context.Context, orgID, contactID, card string) error {
	cmd := c.rdb.B().Set().Key("contact:" + contactID).Value(card).Ex(time.Hour).Build()
	return c.rdb.Do(ctx, cmd).Error() // want `TL003: cache key`
}

func (c *Cache) StoreScoped(ctx context.Context, orgID, contactID, card string) error {
	cmd := c.rdb.B().Set().Key("org:" + orgID + ":contact:" + contactID).Value(card).Ex(time.Hour).Build()
	return c.rdb.Do(ctx, cmd).Error()
}

// Client-side caching: DoCache with a Cacheable command.
func (c *Cache) Cached(ctx context.Context, orgID, contactID string) (string, error) {
	return c.rdb.DoCache(ctx, c.rdb.B().Get().Key("contact:"+contactID).Cache(), time.Minute).ToString() // want `TL003: cache key`
}

func (c *Cache) CachedScoped(ctx context.Context, orgID, contactID string) (string, error) {
	return c.rdb.DoCache(ctx, c.rdb.B().Get().Key("org:"+orgID+":contact:"+contactID).Cache(), time.Minute).ToString()
}

type Card struct {
	OrgID string `json:"org_id"`
	ID    string `json:"id"`
	Name  string `json:"name"`
}

// The value stored names the org; the key does not.
func (c *Cache) StoreCard(ctx context.Context, orgID, contactID, name string) error {
	card, err := json.Marshal(Card{OrgID: orgID, ID: contactID, Name: name})
	if err != nil {
		return err
	}
	return c.rdb.Do(ctx, c.rdb.B().Set().Key("contact:"+contactID).Value(string(card)).Build()).Error() // want `TL003: cache key`
}
