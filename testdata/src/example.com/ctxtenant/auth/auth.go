// Package auth declares the context source: the tenant the middleware
// authenticated. Packages that import it hold a tenant wherever they hold a
// context.
package auth

import "context"

type key struct{}

func WithTenant(ctx context.Context, tenantID string) context.Context {
	return context.WithValue(ctx, key{}, tenantID)
}

func TenantID(ctx context.Context) string {
	t, _ := ctx.Value(key{}).(string)
	return t
}
