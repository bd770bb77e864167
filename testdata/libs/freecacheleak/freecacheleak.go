// Package freecacheleak caches session blobs with freecache; keys are
// "<tenant>:session:<id>".
package freecacheleak

import (
	"github.com/coocood/freecache"
)

type Sessions struct {
	c *freecache.Cache
}

func (s *Sessions) Load(tenantID, sessionID string) ([]byte, error) {
	return s.c.Get([]byte("session:" + sessionID)) // want `TL003: cache key .* has no tenant component; tenant available as tenantID`
}

func (s *Sessions) LoadScoped(tenantID, sessionID string) ([]byte, error) {
	return s.c.Get([]byte(tenantID + ":session:" + sessionID))
}

func (s *Sessions) Drop(tenantID, sessionID string) bool {
	return s.c.Del([]byte("session:" + sessionID)) // want `TL003: cache key`
}

func (s *Sessions) DropScoped(tenantID, sessionID string) bool {
	return s.c.Del([]byte(tenantID + ":session:" + sessionID))
}
