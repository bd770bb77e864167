// Package ristretto caches feature quotas per account in ristretto.
package ristretto

import (
	"github.com/dgraph-io/ristretto/v2"
)

type Quotas struct {
	cache *ristretto.Cache[string, int64]
}

func (q *Quotas) Remaining(accountID, feature string) (int64, bool) {
	return q.cache.Get("quota:" + feature) // want `TL003: cache key .* has no tenant component; tenant available as accountID`
}

func (q *Quotas) RemainingScoped(accountID, feature string) (int64, bool) {
	return q.cache.Get(accountID + ":quota:" + feature)
}

func (q *Quotas) Set(accountID, feature string, n int64) bool {
	return q.cache.Set("quota:"+feature, n, 1) // want `TL003: cache key`
}

func (q *Quotas) SetScoped(accountID, feature string, n int64) bool {
	return q.cache.Set(accountID+":quota:"+feature, n, 1)
}
