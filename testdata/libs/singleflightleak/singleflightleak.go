// Package singleflightleak collapses concurrent loads of a project's usage
// summary with singleflight: callers with the same key share one result.
package singleflightleak

import (
	"context"

	"golang.org/x/sync/singleflight"
)

type Summary struct {
	ProjectID string
	Calls     int64
}

type Usage struct {
	group singleflight.Group
	load  func(ctx context.Context, projectID, month string) (*Summary, error)
}

func (u *Usage) Month(ctx context.Context, projectID, month string) (*Summary, error) {
	v, err, _ := u.group.Do("usage:"+month, func() (any, error) { // want `TL003: cache key .* has no tenant component; tenant available as projectID`
		return u.load(ctx, projectID, month)
	})
	if err != nil {
		return nil, err
	}
	return v.(*Summary), nil
}

func (u *Usage) MonthScoped(ctx context.Context, projectID, month string) (*Summary, error) {
	v, err, _ := u.group.Do("usage:"+projectID+":"+month, func() (any, error) {
		return u.load(ctx, projectID, month)
	})
	if err != nil {
		return nil, err
	}
	return v.(*Summary), nil
}
