// Package memcache caches user avatars in memcached.
package memcache

import (
	"github.com/bradfitz/gomemcache/memcache"
)

type Avatars struct {
	mc *memcache.Client
}

func (a *Avatars) Get(orgID, userID string) ([]byte, error) {
	it, err := a.mc.Get("avatar:" + userID) // want `TL003: cache key .* has no tenant component; tenant available as orgID`
	if err != nil {
		return nil, err
	}
	return it.Value, nil
}

func (a *Avatars) GetScoped(orgID, userID string) ([]byte, error) {
	it, err := a.mc.Get("org:" + orgID + ":avatar:" + userID)
	if err != nil {
		return nil, err
	}
	return it.Value, nil
}

func (a *Avatars) Put(orgID, userID string, png []byte) error {
	return a.mc.Set(&memcache.Item{Key: "avatar:" + userID, Value: png}) // want `TL003: cache key`
}

func (a *Avatars) PutScoped(orgID, userID string, png []byte) error {
	return a.mc.Set(&memcache.Item{Key: "org:" + orgID + ":avatar:" + userID, Value: png})
}
