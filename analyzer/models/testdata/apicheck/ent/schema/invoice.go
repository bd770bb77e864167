package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// Invoice holds the schema definition for the Invoice entity.
type Invoice struct {
	ent.Schema
}

// Fields of the Invoice.
func (Invoice) Fields() []ent.Field {
	return []ent.Field{
		field.String("tenant_id"),
		field.String("number"),
		field.Int64("amount_cents"),
		field.String("status").Default("open"),
	}
}
