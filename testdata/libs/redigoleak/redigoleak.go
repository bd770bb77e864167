// Package redigoleak keeps rate-limit counters for a public API in Redis
// through redigo; counters are per account ("acct:<account>:...").
package redigoleak

import (
	"github.com/gomodule/redigo/redis"
)

type Limiter struct {
	pool *redis.Pool
}

func (l *Limiter) Hit(accountID, route string) (int, error) {
	conn := l.pool.Get()
	defer conn.Close()
	return redis.Int(conn.Do("INCR", "rl:"+route)) // want `TL003: cache key .* has no tenant component; tenant available as accountID`
}

func (l *Limiter) HitScoped(accountID, route string) (int, error) {
	conn := l.pool.Get()
	defer conn.Close()
	return redis.Int(conn.Do("INCR", "acct:"+accountID+":rl:"+route))
}

func (l *Limiter) Reset(accountID, route string) error {
	conn := l.pool.Get()
	defer conn.Close()
	_, err := conn.Do("DEL", "rl:"+route) // want `TL003: cache key`
	return err
}

func (l *Limiter) ResetScoped(accountID, route string) error {
	conn := l.pool.Get()
	defer conn.Close()
	_, err := conn.Do("DEL", "acct:"+accountID+":rl:"+route)
	return err
}

// A pipelined transaction: MULTI and EXEC address no key.
func (l *Limiter) HitWindow(accountID, route string) error {
	conn := l.pool.Get()
	defer conn.Close()
	key := "acct:" + accountID + ":rl:" + route
	if err := conn.Send("MULTI"); err != nil {
		return err
	}
	if err := conn.Send("INCR", key); err != nil {
		return err
	}
	if err := conn.Send("EXPIRE", key, 60); err != nil {
		return err
	}
	_, err := conn.Do("EXEC")
	return err
}
