// Package lru keeps rendered dashboards in an in-process LRU shared by all
// tenants.
package lru

import (
	lru "github.com/hashicorp/golang-lru/v2"
)

type Dashboard struct {
	ID       string
	TenantID string
	HTML     string
}

type Renderer struct {
	cache *lru.Cache[string, *Dashboard]
}

func (r *Renderer) Cached(tenantID, dashboardID string) (*Dashboard, bool) {
	return r.cache.Get(dashboardID) // want `TL003: cache key dashboardID has no tenant component; tenant available as tenantID`
}

func (r *Renderer) CachedScoped(tenantID, dashboardID string) (*Dashboard, bool) {
	return r.cache.Get(tenantID + "/" + dashboardID)
}

func (r *Renderer) Remember(tenantID string, d *Dashboard) {
	r.cache.Add(d.ID, d) // want `TL003: cache key`
}

func (r *Renderer) RememberScoped(tenantID string, d *Dashboard) {
	r.cache.Add(tenantID+"/"+d.ID, d)
}

// Reading by id and checking the tenant of what came back is a check.
func (r *Renderer) CachedChecked(tenantID, dashboardID string) (*Dashboard, bool) {
	d, ok := r.cache.Get(dashboardID)
	if !ok || d.TenantID != tenantID {
		return nil, false
	}
	return d, true
}
