// Package gocacheleak memoises feature entitlements per workspace with
// patrickmn/go-cache; keys are "ws:<workspace>:...".
package gocacheleak

import (
	"fmt"

	gocache "github.com/patrickmn/go-cache"
)

type Entitlements struct {
	c *gocache.Cache
}

func (e *Entitlements) Get(workspaceID, feature string) (bool, bool) {
	v, ok := e.c.Get("feature:" + feature) // want `TL003: cache key .* has no tenant component; tenant available as workspaceID`
	if !ok {
		return false, false
	}
	return v.(bool), true
}

func (e *Entitlements) GetScoped(workspaceID, feature string) (bool, bool) {
	v, ok := e.c.Get(fmt.Sprintf("ws:%s:feature:%s", workspaceID, feature))
	if !ok {
		return false, false
	}
	return v.(bool), true
}

func (e *Entitlements) Grant(workspaceID, feature string) {
	e.c.Set("feature:"+feature, true, gocache.DefaultExpiration) // want `TL003: cache key`
}

func (e *Entitlements) GrantScoped(workspaceID, feature string) {
	e.c.Set(fmt.Sprintf("ws:%s:feature:%s", workspaceID, feature), true, gocache.DefaultExpiration)
}
