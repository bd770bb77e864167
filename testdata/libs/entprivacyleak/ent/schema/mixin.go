package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"example.com/libs/entprivacyleak/ent/privacy"
	"example.com/libs/entprivacyleak/rule"
)

// TenantMixin gives a schema a tenant_id field and a privacy policy that
// filters its queries and mutations by the viewer's tenant.
type TenantMixin struct {
	mixin.Schema
}

// Fields of the TenantMixin.
func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("tenant_id").
			Immutable().
			NotEmpty(),
	}
}

// Policy of the TenantMixin.
func (TenantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.FilterTenantRule(),
		},
		Mutation: privacy.MutationPolicy{
			rule.DenyIfNoViewer(),
			rule.FilterTenantRule(),
		},
	}
}
