// Package goredis8leak is a notification service's Redis layer on
// go-redis v8: inboxes, unread counters, digests and rate limits. Every
// key must start with the org ("org:<orgID>:").
package goredis8leak

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/go-redis/redis/v8"
)

type Notifier struct {
	rdb *redis.Client
}

func orgKey(orgID string, parts ...string) string {
	k := "org:" + orgID
	for _, p := range parts {
		k += ":" + p
	}
	return k
}

// Strings: Get and Set.

func (n *Notifier) Draft(ctx context.Context, orgID, userID string) (string, error) {
	return n.rdb.Get(ctx, "draft:"+userID).Result() // want `TL003: cache key "draft:" \+ userID has no tenant component; tenant available as orgID`
}

func (n *Notifier) DraftScoped(ctx context.Context, orgID, userID string) (string, error) {
	return n.rdb.Get(ctx, "org:"+orgID+":draft:"+userID).Result()
}

func (n *Notifier) SaveDraft(ctx context.Context, orgID, userID, body string) error {
	return n.rdb.Set(ctx, fmt.Sprintf("draft:%s", userID), body, 24*time.Hour).Err() // want `TL003: cache key fmt\.Sprintf\("draft:%s", userID\) has no tenant component; tenant available as orgID`
}

func (n *Notifier) SaveDraftScoped(ctx context.Context, orgID, userID, body string) error {
	return n.rdb.Set(ctx, fmt.Sprintf("org:%s:draft:%s", orgID, userID), body, 24*time.Hour).Err()
}

// Counters and expiry.

func (n *Notifier) Bump(ctx context.Context, orgID, userID string) (int64, error) {
	key := "unread:" + userID
	c, err := n.rdb.Incr(ctx, key).Result() // want `TL003: cache key "unread:" \+ userID has no tenant component`
	if err != nil {
		return 0, err
	}
	n.rdb.Expire(ctx, key, 7*24*time.Hour) // want `TL003: cache key "unread:" \+ userID has no tenant component`
	return c, nil
}

func (n *Notifier) BumpScoped(ctx context.Context, orgID, userID string) (int64, error) {
	key := orgKey(orgID, "unread", userID)
	c, err := n.rdb.Incr(ctx, key).Result()
	if err != nil {
		return 0, err
	}
	n.rdb.Expire(ctx, key, 7*24*time.Hour)
	return c, nil
}

// Hashes: the key names the hash, the field an item in it.

func (n *Notifier) Prefs(ctx context.Context, orgID, userID string) (map[string]string, error) {
	return n.rdb.HGetAll(ctx, "prefs:"+userID).Result() // want `TL003: cache key "prefs:" \+ userID has no tenant component`
}

func (n *Notifier) PrefsScoped(ctx context.Context, orgID, userID string) (map[string]string, error) {
	return n.rdb.HGetAll(ctx, orgKey(orgID, "prefs", userID)).Result()
}

func (n *Notifier) SetPref(ctx context.Context, orgID, userID, name, value string) error {
	return n.rdb.HSet(ctx, "prefs:"+userID, name, value).Err() // want `TL003: cache key .* has no tenant component; tenant available as orgID`
}

func (n *Notifier) SetPrefScoped(ctx context.Context, orgID, userID, name, value string) error {
	return n.rdb.HSet(ctx, orgKey(orgID, "prefs", userID), name, value).Err()
}

// A hash shared by the whole deployment, keyed by user: the field is the
// only address, and it has no org.
func (n *Notifier) LastSeen(ctx context.Context, orgID, userID string) (string, error) {
	return n.rdb.HGet(ctx, "last_seen", userID).Result() // want `TL003: cache key userID has no tenant component; tenant available as orgID`
}

func (n *Notifier) LastSeenScoped(ctx context.Context, orgID, userID string) (string, error) {
	return n.rdb.HGet(ctx, "last_seen", orgID+":"+userID).Result()
}

// Sorted sets and multi-key commands.

func (n *Notifier) Push(ctx context.Context, orgID, userID, notifID string) error {
	return n.rdb.ZAdd(ctx, "inbox:"+userID, &redis.Z{Score: float64(time.Now().Unix()), Member: notifID}).Err() // want `TL003: cache key "inbox:" \+ userID has no tenant component`
}

func (n *Notifier) PushScoped(ctx context.Context, orgID, userID, notifID string) error {
	return n.rdb.ZAdd(ctx, orgKey(orgID, "inbox", userID), &redis.Z{Score: float64(time.Now().Unix()), Member: notifID}).Err()
}

func (n *Notifier) Clear(ctx context.Context, orgID, userID string) error {
	return n.rdb.Del(ctx, "inbox:"+userID, "unread:"+userID).Err() // want `TL003: cache key .* has no tenant component; tenant available as orgID`
}

func (n *Notifier) ClearScoped(ctx context.Context, orgID, userID string) error {
	return n.rdb.Del(ctx, orgKey(orgID, "inbox", userID), orgKey(orgID, "unread", userID)).Err()
}

func (n *Notifier) Unread(ctx context.Context, orgID string, userIDs []string) ([]any, error) {
	keys := make([]string, len(userIDs))
	for i, u := range userIDs {
		keys[i] = "unread:" + u
	}
	return n.rdb.MGet(ctx, keys...).Result() // want `TL003: cache key keys has no tenant component; tenant available as orgID`
}

func (n *Notifier) UnreadScoped(ctx context.Context, orgID string, userIDs []string) ([]any, error) {
	keys := make([]string, len(userIDs))
	for i, u := range userIDs {
		keys[i] = orgKey(orgID, "unread", u)
	}
	return n.rdb.MGet(ctx, keys...).Result()
}

// Rename addresses two keys: each is its own sink.
func (n *Notifier) Archive(ctx context.Context, orgID, userID string) error {
	return n.rdb.Rename(ctx, orgKey(orgID, "inbox", userID), "archive:"+userID).Err() // want `TL003: cache key "archive:" \+ userID has no tenant component`
}

func (n *Notifier) ArchiveScoped(ctx context.Context, orgID, userID string) error {
	return n.rdb.Rename(ctx, orgKey(orgID, "inbox", userID), orgKey(orgID, "archive", userID)).Err()
}

// Key patterns: SCAN's match pattern addresses every key it matches.
func (n *Notifier) Drafts(ctx context.Context, orgID string) ([]string, error) {
	keys, _, err := n.rdb.Scan(ctx, 0, "draft:*", 100).Result() // want `TL003: cache key "draft:\*" has no tenant component`
	return keys, err
}

func (n *Notifier) DraftsScoped(ctx context.Context, orgID string) ([]string, error) {
	keys, _, err := n.rdb.Scan(ctx, 0, "org:"+orgID+":draft:*", 100).Result()
	return keys, err
}

// Scripts address the keys they are given.
var trim = redis.NewScript(`return redis.call("ZREMRANGEBYRANK", KEYS[1], 0, -101)`)

func (n *Notifier) Trim(ctx context.Context, orgID, userID string) error {
	return trim.Run(ctx, n.rdb, []string{"inbox:" + userID}).Err() // want `TL003: cache key .* has no tenant component; tenant available as orgID`
}

func (n *Notifier) TrimScoped(ctx context.Context, orgID, userID string) error {
	return trim.Run(ctx, n.rdb, []string{orgKey(orgID, "inbox", userID)}).Err()
}

// Pub/sub: the channel is the address.
func (n *Notifier) Announce(ctx context.Context, orgID, msg string) error {
	return n.rdb.Publish(ctx, "announcements", msg).Err() // want `TL003: cache key "announcements" has no tenant component`
}

func (n *Notifier) AnnounceScoped(ctx context.Context, orgID, msg string) error {
	return n.rdb.Publish(ctx, orgKey(orgID, "announcements"), msg).Err()
}

// Streams: the key is the Stream field of the arguments.
func (n *Notifier) Audit(ctx context.Context, orgID, event string) error {
	return n.rdb.XAdd(ctx, &redis.XAddArgs{Stream: "audit", Values: map[string]any{"event": event}}).Err() // want `TL003: cache key "audit" has no tenant component; tenant available as orgID`
}

func (n *Notifier) AuditScoped(ctx context.Context, orgID, event string) error {
	return n.rdb.XAdd(ctx, &redis.XAddArgs{Stream: orgKey(orgID, "audit"), Values: map[string]any{"event": event}}).Err()
}

// Commands queued on a pipeline.
func (n *Notifier) Deliver(ctx context.Context, orgID, userID, notifID string) error {
	_, err := n.rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.ZAdd(ctx, "inbox:"+userID, &redis.Z{Score: 1, Member: notifID}) // want `TL003: cache key "inbox:" \+ userID has no tenant component`
		pipe.Incr(ctx, orgKey(orgID, "unread", userID))
		return nil
	})
	return err
}

func (n *Notifier) DeliverScoped(ctx context.Context, orgID, userID, notifID string) error {
	_, err := n.rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.ZAdd(ctx, orgKey(orgID, "inbox", userID), &redis.Z{Score: 1, Member: notifID})
		pipe.Incr(ctx, orgKey(orgID, "unread", userID))
		return nil
	})
	return err
}

// The key helper without the org.
func limitKey(userID string, window int64) string {
	return "ratelimit:" + userID + ":" + strconv.FormatInt(window, 10)
}

func (n *Notifier) Allow(ctx context.Context, orgID, userID string) (bool, error) {
	c, err := n.rdb.Incr(ctx, limitKey(userID, time.Now().Unix()/60)).Result() // want `TL003: cache key limitKey\(.*\) has no tenant component`
	return c <= 100, err
}

func (n *Notifier) AllowScoped(ctx context.Context, orgID, userID string) (bool, error) {
	c, err := n.rdb.Incr(ctx, orgKey(orgID, limitKey(userID, time.Now().Unix()/60))).Result()
	return c <= 100, err
}

// The key's org component is a tenant slot: from the query string it is
// the caller's choice (TL006).
func (n *Notifier) Count(w http.ResponseWriter, r *http.Request) {
	org := r.URL.Query().Get("org")
	c, _ := n.rdb.Get(r.Context(), orgKey(org, "unread", r.URL.Query().Get("user"))).Int64() // want `TL006: tenant slot cache key component filled from request input r\.URL with no membership check`
	fmt.Fprint(w, c)
}

// Locks takes any client (a single node, a cluster or a ring) through the
// UniversalClient interface.
type Locks struct {
	rdb redis.UniversalClient
}

func (l *Locks) Acquire(ctx context.Context, orgID, jobID string) (bool, error) {
	return l.rdb.SetNX(ctx, "lock:"+jobID, 1, time.Minute).Result() // want `TL003: cache key "lock:" \+ jobID has no tenant component; tenant available as orgID`
}

func (l *Locks) AcquireScoped(ctx context.Context, orgID, jobID string) (bool, error) {
	return l.rdb.SetNX(ctx, orgKey(orgID, "lock", jobID), 1, time.Minute).Result()
}
