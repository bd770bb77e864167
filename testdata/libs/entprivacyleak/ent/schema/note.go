package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"

	"example.com/libs/entprivacyleak/ent/privacy"
	"example.com/libs/entprivacyleak/rule"
)

// Note holds the schema definition for the Note entity. Its policy checks
// mutations only: queries are not filtered by tenant.
type Note struct {
	ent.Schema
}

// Fields of the Note.
func (Note) Fields() []ent.Field {
	return []ent.Field{
		field.String("tenant_id"),
		field.String("body"),
	}
}

// Policy of the Note.
func (Note) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			rule.DenyIfNoViewer(),
		},
	}
}
