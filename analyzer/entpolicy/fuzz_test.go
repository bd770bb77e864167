package entpolicy

import (
	"path/filepath"
	"testing"
)

// FuzzQueryFiltered feeds arbitrary schema and rule sources: the Reader
// must answer without panicking or looping, whatever the code.
func FuzzQueryFiltered(f *testing.F) {
	f.Add(schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterTenantRule()}}`), ruleFile)
	f.Add(schemaWith(importRule, `	return rule.FilterTenantRule()`), "package rule\n\nfunc FilterTenantRule() X { return FilterTenantRule() }\n")
	f.Add(schemaWith("", `	p := p; return p`), "")
	f.Add("package schema\n\nfunc (Ticket) Policy() ent.Policy { return privacy.Policy{Query: {nil, {}}} }\n", "package rule\n\nfunc (")
	f.Add("package schema\n\nfunc (Ticket) Mixin() []ent.Mixin { return append(x, T{}, &U{}, V()) }\nfunc V() *V { return &V{} }\n", "")
	f.Fuzz(func(t *testing.T, schema, rule string) {
		root := tree{
			"ent/runtime/runtime.go": runtimeMixin,
			"ent/schema/ticket.go":   schema,
			"rule/rule.go":           rule,
		}.write(t)
		dir := filepath.Join(root, "ent", "ticket")
		r := NewReader(testTenantName)
		r.QueryFiltered(dir)
		r.MutationFiltered(dir)
	})
}
