// Package configured: globals.keys, a configured tenant word and a disabled
// finding, from the .tenantleak.yml beside it.
package configured

import (
	"context"

	"github.com/minio/minio-go/v7"
	"github.com/redis/go-redis/v9"
)

type Catalog struct {
	rdb    *redis.Client
	mc     *minio.Client
	bucket string
}

// Feature flags are global by design (globals.keys).
func (c *Catalog) FeatureOn(ctx context.Context, storeID, name string) (bool, error) {
	return c.rdb.Get(ctx, "feature:"+name).Bool()
}

// storeID is a tenant through tenant.names.
func (c *Catalog) Price(ctx context.Context, storeID, sku string) (int64, error) {
	return c.rdb.Get(ctx, "price:"+sku).Int64() // want `TL003: cache key .* has no tenant component; tenant available as storeID`
}

func (c *Catalog) PriceScoped(ctx context.Context, storeID, sku string) (int64, error) {
	return c.rdb.Get(ctx, "store:"+storeID+":price:"+sku).Int64()
}

// TL005 is disabled here.
func (c *Catalog) Image(ctx context.Context, storeID, sku string) (*minio.Object, error) {
	return c.mc.GetObject(ctx, c.bucket, "images/"+sku+".png", minio.GetObjectOptions{})
}
