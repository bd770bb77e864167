// Package rule holds the privacy rules of the entprivacyleak schemas,
// written like ent's multi-tenancy example: the tenant comes from the
// viewer in the context.
package rule

import (
	"context"

	"entgo.io/ent/entql"

	"example.com/libs/entprivacyleak/ent/privacy"
	"example.com/libs/entprivacyleak/viewer"
)

// DenyIfNoViewer denies the operation if the context carries no viewer.
func DenyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return privacy.Denyf("viewer-context is missing")
		}
		return privacy.Skip
	})
}

// FilterTenantRule filters out entities that are not in the viewer's
// tenant, on queries and mutations.
func FilterTenantRule() privacy.QueryMutationRule {
	// TenantsFilter is implemented by the filters of every schema with
	// a tenant_id field (entql feature).
	type TenantsFilter interface {
		WhereTenantID(entql.StringP)
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		view := viewer.FromContext(ctx)
		if view == nil {
			return privacy.Denyf("viewer-context is missing")
		}
		tid, ok := view.Tenant()
		if !ok {
			return privacy.Denyf("missing tenant information in viewer")
		}
		tf, ok := f.(TenantsFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		tf.WhereTenantID(entql.StringEQ(tid))
		return privacy.Skip
	})
}
