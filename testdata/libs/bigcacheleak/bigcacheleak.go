// Package bigcacheleak caches rendered report pages in process with
// bigcache; keys are "<tenant>/<report>".
package bigcacheleak

import (
	"github.com/allegro/bigcache/v3"
)

type Reports struct {
	cache *bigcache.BigCache
}

func (r *Reports) Page(tenantID, reportID string) ([]byte, error) {
	return r.cache.Get("report/" + reportID) // want `TL003: cache key .* has no tenant component; tenant available as tenantID`
}

func (r *Reports) PageScoped(tenantID, reportID string) ([]byte, error) {
	return r.cache.Get(tenantID + "/report/" + reportID)
}

func (r *Reports) Put(tenantID, reportID string, page []byte) error {
	return r.cache.Set("report/"+reportID, page) // want `TL003: cache key`
}

func (r *Reports) PutScoped(tenantID, reportID string, page []byte) error {
	return r.cache.Set(tenantID+"/report/"+reportID, page)
}
