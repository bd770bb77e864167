// Package ekocacheleak caches price quotes through eko/gocache; keys are
// "<tenant>:quote:<id>".
package ekocacheleak

import (
	"context"

	"github.com/eko/gocache/lib/v4/cache"
)

type Quote struct {
	ID    string
	Cents int64
}

type Quotes struct {
	c *cache.Cache[Quote]
}

func (q *Quotes) Get(ctx context.Context, tenantID, quoteID string) (Quote, error) {
	return q.c.Get(ctx, "quote:"+quoteID) // want `TL003: cache key .* has no tenant component; tenant available as tenantID`
}

func (q *Quotes) GetScoped(ctx context.Context, tenantID, quoteID string) (Quote, error) {
	return q.c.Get(ctx, tenantID+":quote:"+quoteID)
}

func (q *Quotes) Put(ctx context.Context, tenantID string, quote Quote) error {
	return q.c.Set(ctx, "quote:"+quote.ID, quote) // want `TL003: cache key`
}

func (q *Quotes) PutScoped(ctx context.Context, tenantID string, quote Quote) error {
	return q.c.Set(ctx, tenantID+":quote:"+quote.ID, quote)
}

// Through the interface every cache type implements.
func Invalidate(ctx context.Context, c cache.CacheInterface[Quote], tenantID, quoteID string) error {
	return c.Delete(ctx, "quote:"+quoteID) // want `TL003: cache key`
}

func InvalidateScoped(ctx context.Context, c cache.CacheInterface[Quote], tenantID, quoteID string) error {
	return c.Delete(ctx, tenantID+":quote:"+quoteID)
}
