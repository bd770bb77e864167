// Package generics wraps golang-lru in a generic cache type; its methods are
// accessors judged at each call like any other.
package generics

import (
	lru "github.com/hashicorp/golang-lru/v2"
)

type Cache[K comparable, V any] struct {
	lru *lru.Cache[K, V]
}

func New[K comparable, V any](size int) (*Cache[K, V], error) {
	c, err := lru.New[K, V](size)
	if err != nil {
		return nil, err
	}
	return &Cache[K, V]{lru: c}, nil
}

func (c *Cache[K, V]) Get(k K) (V, bool) { return c.lru.Get(k) }

func (c *Cache[K, V]) Put(k K, v V) { c.lru.Add(k, v) }

type Profile struct {
	Name  string
	Email string
}

type Profiles struct {
	cache *Cache[string, Profile]
}

func (p *Profiles) Lookup(tenantID, userID string) (Profile, bool) {
	return p.cache.Get(userID) // want `TL003: cache key .* via Cache\.Get`
}

func (p *Profiles) LookupScoped(tenantID, userID string) (Profile, bool) {
	return p.cache.Get(tenantID + ":" + userID)
}

func (p *Profiles) Store(tenantID, userID string, pr Profile) {
	p.cache.Put(userID, pr) // want `TL003: cache key .* via Cache\.Put`
}

func (p *Profiles) StoreScoped(tenantID, userID string, pr Profile) {
	p.cache.Put(tenantID+":"+userID, pr)
}
