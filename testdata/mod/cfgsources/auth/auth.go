// Package auth has a configured context source with a name that says
// nothing of tenants: Current.
package auth

import "context"

type key struct{}

func Current(ctx context.Context) string {
	s, _ := ctx.Value(key{}).(string)
	return s
}
