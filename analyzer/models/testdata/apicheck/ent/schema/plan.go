package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// Plan holds the schema definition for the Plan entity: the price list
// every tenant shares.
type Plan struct {
	ent.Schema
}

// Fields of the Plan.
func (Plan) Fields() []ent.Field {
	return []ent.Field{
		field.String("name"),
		field.Int64("price_cents"),
	}
}
