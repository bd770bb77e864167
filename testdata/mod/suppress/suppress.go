// Package suppress: //tenantleak:ignore directives on the finding's line, on
// the line before it, and in the function's doc comment.
package suppress

import (
	"context"

	"github.com/redis/go-redis/v9"
)

type Flags struct {
	rdb *redis.Client
}

func (f *Flags) OnTheLine(ctx context.Context, tenantID, name string) (bool, error) {
	return f.rdb.SIsMember(ctx, "flags:enabled", name).Result() //tenantleak:ignore TL003 feature flags are global by design
}

func (f *Flags) OnTheLineBefore(ctx context.Context, tenantID, name string) (bool, error) {
	//tenantleak:ignore TL003 feature flags are global by design
	return f.rdb.SIsMember(ctx, "flags:enabled", name).Result()
}

// InTheDocComment reads the global flag set.
//
//tenantleak:ignore TL003 feature flags are global by design
func (f *Flags) InTheDocComment(ctx context.Context, tenantID, name string) (bool, error) {
	on, err := f.rdb.SIsMember(ctx, "flags:enabled", name).Result()
	if err != nil || on {
		return on, err
	}
	return f.rdb.SIsMember(ctx, "flags:beta", name).Result()
}

// Several IDs, comma-separated.
func (f *Flags) SeveralIDs(ctx context.Context, tenantID, name string) (bool, error) {
	//tenantleak:ignore TL001,TL003 feature flags are global by design
	return f.rdb.SIsMember(ctx, "flags:enabled", name).Result()
}

// Two lines above is too far.
func (f *Flags) TooFarAbove(ctx context.Context, tenantID, name string) (bool, error) {
	//tenantleak:ignore TL003 feature flags are global by design // want `tenantleak:ignore suppresses nothing here`

	return f.rdb.SIsMember(ctx, "flags:enabled", name).Result() // want `TL003: cache key`
}

// An ignore for another ID suppresses nothing.
func (f *Flags) OtherID(ctx context.Context, tenantID, name string) (bool, error) {
	return f.rdb.SIsMember(ctx, "flags:enabled", name).Result() //tenantleak:ignore TL001 feature flags are global by design // want `TL003: cache key` `tenantleak:ignore suppresses nothing here`
}

// An ignore without a reason is reported and suppresses nothing.
func (f *Flags) NoReason(ctx context.Context, tenantID, name string) (bool, error) {
	/* want `tenantleak:ignore needs a reason` */               //tenantleak:ignore TL003
	return f.rdb.SIsMember(ctx, "flags:enabled", name).Result() // want `TL003: cache key`
}

// An ignore where nothing is found is reported.
func (f *Flags) Unused(ctx context.Context, tenantID, name string) (bool, error) {
	//tenantleak:ignore TL003 left over from an old key layout // want `tenantleak:ignore suppresses nothing here; remove it`
	return f.rdb.SIsMember(ctx, "t:"+tenantID+":flags:enabled", name).Result()
}

// An ignore that names no finding ID is reported.
func (f *Flags) NoID(ctx context.Context, tenantID, name string) (bool, error) {
	/* want `tenantleak:ignore names finding IDs first` */      //tenantleak:ignore flags are global
	return f.rdb.SIsMember(ctx, "flags:enabled", name).Result() // want `TL003: cache key`
}
