package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// Ticket holds the schema definition for the Ticket entity. Its tenant_id
// field and its privacy policy come from TenantMixin.
type Ticket struct {
	ent.Schema
}

// Mixin of the Ticket.
func (Ticket) Mixin() []ent.Mixin {
	return []ent.Mixin{
		TenantMixin{},
	}
}

// Fields of the Ticket.
func (Ticket) Fields() []ent.Field {
	return []ent.Field{
		field.String("title"),
	}
}
