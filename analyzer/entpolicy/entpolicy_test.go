package entpolicy

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The generated client in testdata/libs/entprivacyleak (entc v0.14.5,
// features privacy and entql): Ticket's TenantMixin filters queries and
// mutations by tenant, Note's policy has a mutation rule only, Tag has no
// policy.
func TestGeneratedClient(t *testing.T) {
	ent := filepath.Join("..", "..", "testdata", "libs", "entprivacyleak", "ent")
	if _, err := os.Stat(filepath.Join(ent, "runtime", "runtime.go")); err != nil {
		t.Fatalf("generated testdata: %v", err)
	}
	r := NewReader(testTenantName)
	for _, tc := range []struct {
		entity      string
		query, muta bool
	}{
		{"Ticket", true, true},
		{"Note", false, false},
		{"Tag", false, false},
	} {
		dir := EntityDir(ent, tc.entity)
		q, err := r.QueryFiltered(dir)
		if err != nil || q != tc.query {
			t.Errorf("QueryFiltered(%s) = %v, %v; want %v, nil", tc.entity, q, err, tc.query)
		}
		m, err := r.MutationFiltered(dir)
		if err != nil || m != tc.muta {
			t.Errorf("MutationFiltered(%s) = %v, %v; want %v, nil", tc.entity, m, err, tc.muta)
		}
	}
}

const goMod = "module example.com/m\n\ngo 1.26\n"

// runtimeDir is entc's stitching for a Ticket whose only policy is its
// schema's.
const runtimeDir = `package runtime

import (
	"example.com/m/ent/schema"
	"example.com/m/ent/ticket"

	"entgo.io/ent/privacy"
)

func init() {
	ticket.Policy = privacy.NewPolicies(schema.Ticket{})
}
`

// runtimeMixin is entc's stitching for a Ticket whose first mixin has a
// policy.
const runtimeMixin = `package runtime

import (
	"example.com/m/ent/schema"
	"example.com/m/ent/ticket"

	"entgo.io/ent/privacy"
)

func init() {
	ticketMixin := schema.Ticket{}.Mixin()
	ticket.Policy = privacy.NewPolicies(ticketMixin[0], schema.Ticket{})
}
`

// schemaWith is a Ticket schema with the given Policy body.
func schemaWith(imports, policyBody string) string {
	return `package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"
	"entgo.io/ent/schema/field"

	"example.com/m/ent/privacy"
` + imports + `
)

type Ticket struct{ ent.Schema }

func (Ticket) Fields() []ent.Field { return []ent.Field{field.String("tenant_id")} }

func (Ticket) Policy() ent.Policy {
` + policyBody + `
}

var _ = context.Background
var _ entql.P
`
}

// ruleFile is a rule package like ent's multi-tenancy example.
const ruleFile = `package rule

import (
	"context"

	"entgo.io/ent/entql"

	"example.com/m/ent/privacy"
	"example.com/m/viewer"
)

func DenyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return privacy.Denyf("no viewer")
		}
		return privacy.Skip
	})
}

func FilterTenantRule() privacy.QueryMutationRule {
	type TenantsFilter interface {
		WhereTenantID(entql.StringP)
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := viewer.FromContext(ctx).Tenant()
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

func FilterStatusRule() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.(interface{ WhereStatus(entql.StringP) }).WhereStatus(entql.StringEQ("open"))
		return privacy.Skip
	})
}
`

const viewerFile = `package viewer

import "context"

type Viewer interface{ Tenant() (string, bool) }

func FromContext(ctx context.Context) Viewer { v, _ := ctx.Value(0).(Viewer); return v }
`

const importRule = `	"example.com/m/rule"`

type tree map[string]string

// write lays out module example.com/m in <fresh dir>/m and returns that;
// every tree gets go.mod, the rule and viewer packages and the entity
// package unless it says otherwise (an empty content deletes a default).
// Names starting with ../ go beside the module.
func (tr tree) write(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":               goMod,
		"rule/rule.go":         ruleFile,
		"viewer/viewer.go":     viewerFile,
		"ent/ticket/ticket.go": "package ticket\n\nimport \"entgo.io/ent\"\n\nvar Policy ent.Policy\n",
	}
	for k, v := range tr {
		files[k] = v
	}
	for name, src := range files {
		if src == "" {
			continue
		}
		p := filepath.Join(root, "m", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, "m")
}

func TestSources(t *testing.T) {
	tests := []struct {
		name        string
		files       tree
		entity      string // default ent/ticket
		query, muta bool
		wantErr     bool
	}{
		{
			name: "policy on the schema, filter inline",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith("", `	return privacy.Policy{
		Query: privacy.QueryPolicy{
			privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
				tf, ok := f.(interface{ WhereTenantID(entql.StringP) })
				if !ok {
					return privacy.Deny
				}
				tf.WhereTenantID(entql.StringEQ("t"))
				return privacy.Skip
			}),
		},
	}`),
			},
			query: true,
		},
		{
			name: "policy on the schema, rule from a rule package",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith(importRule, `	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfNoViewer(), rule.FilterTenantRule()},
		Mutation: privacy.MutationPolicy{rule.DenyIfNoViewer()},
	}`),
			},
			query: true,
		},
		{
			name: "mixin in another package, rule under ent/privacy/rule",
			files: tree{
				"ent/runtime/runtime.go": runtimeMixin,
				"ent/schema/ticket.go": `package schema

import (
	"entgo.io/ent"

	"example.com/m/mixins"
)

type Ticket struct{ ent.Schema }

func (Ticket) Mixin() []ent.Mixin { return []ent.Mixin{mixins.TenantMixin{}} }
`,
				"mixins/tenant.go": `package mixins

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"example.com/m/ent/privacy"
	"example.com/m/ent/privacy/rule"
)

type TenantMixin struct{ mixin.Schema }

func (TenantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterTenantRule()},
		Mutation: privacy.MutationPolicy{rule.FilterTenantRule()},
	}
}
`,
				"ent/privacy/rule/rule.go": ruleFile,
			},
			query: true, muta: true,
		},
		{
			name: "rule returned as the whole policy",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go":   schemaWith(importRule, `	return rule.FilterTenantRule()`),
			},
			query: true, muta: true,
		},
		{
			name: "mutation-only rule",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith(importRule, `	return privacy.Policy{
		Mutation: privacy.MutationPolicy{rule.FilterTenantRule()},
	}`),
			},
			muta: true,
		},
		{
			name: "rule filtering a non-tenant field",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith(importRule, `	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.FilterStatusRule()},
	}`),
			},
		},
		{
			name: "syntax error in a schema file",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go":   schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterTenantRule()}}`),
				"ent/schema/broken.go":   "package schema\n\nfunc (Ticket) Edges() []ent.Edge {\n\treturn []ent.Edge{\n",
			},
			wantErr: true,
		},
		{
			name: "cycle between rule functions, no filter",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go":   schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.A()}}`),
				"rule/cycle.go": `package rule

import "example.com/m/ent/privacy"

func A() privacy.QueryRule { return B() }
func B() privacy.QueryRule { return C() }
func C() privacy.QueryRule { return A() }
`,
			},
		},
		{
			name: "cycle between rule functions, filter behind it",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go":   schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.A()}}`),
				"rule/cycle.go": `package rule

import "example.com/m/ent/privacy"

func A() privacy.QueryRule {
	if false {
		return A()
	}
	return B()
}
func B() privacy.QueryRule { A(); return FilterTenantRule() }
`,
			},
			query: true,
		},
		{
			name: "filter deeper than the depth limit",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go":   schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.D1()}}`),
				"rule/deep.go": `package rule

import "example.com/m/ent/privacy"

func D1() privacy.QueryRule { return D2() }
func D2() privacy.QueryRule { return D3() }
func D3() privacy.QueryRule { return D4() }
func D4() privacy.QueryRule { return D5() }
func D5() privacy.QueryRule { return FilterTenantRule() }
`,
			},
		},
		{
			name: "filter at the depth limit",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go":   schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.D1()}}`),
				"rule/deep.go": `package rule

import "example.com/m/ent/privacy"

func D1() privacy.QueryRule { return D2() }
func D2() privacy.QueryRule { return D3() }
func D3() privacy.QueryRule { return FilterTenantRule() }
`,
			},
			query: true,
		},
		{
			name: "no policy stitched",
			files: tree{
				"ent/runtime.go": `package ent

import (
	"example.com/m/ent/schema"
	"example.com/m/ent/ticket"
)

func init() {
	ticketFields := schema.Ticket{}.Fields()
	_ = ticketFields
	ticket.DefaultTitle = "x"
}
`,
				"ent/schema/ticket.go": schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterTenantRule()}}`),
			},
		},
		{
			name:  "no runtime file",
			files: tree{"ent/schema/ticket.go": schemaWith(importRule, `	return nil`)},
		},
		{
			name: "stitching in ent/runtime.go",
			files: tree{
				"ent/runtime.go":       strings.Replace(runtimeDir, "package runtime", "package ent", 1),
				"ent/schema/ticket.go": schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterTenantRule()}}`),
			},
			query: true,
		},
		{
			name: "always-allow rule before the filter",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith(importRule, `	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.AlwaysAllowRule(), rule.FilterTenantRule()},
	}`),
			},
		},
		{
			name: "entql field predicate on the tenant column",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith("", `	return privacy.Policy{
		Query: privacy.QueryPolicy{
			privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
				f.Where(entql.FieldEQ("tenant_id", "t"))
				return privacy.Skip
			}),
		},
	}`),
			},
			query: true,
		},
		{
			name: "typed query rule with a generated predicate",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith(`	"example.com/m/ent"
	"example.com/m/ent/ticket"`, `	return privacy.Policy{
		Query: privacy.QueryPolicy{
			privacy.TicketQueryRuleFunc(func(ctx context.Context, q *ent.TicketQuery) error {
				q.Where(ticket.TenantID("t"))
				return privacy.Skip
			}),
		},
		Mutation: privacy.MutationPolicy{
			privacy.TicketMutationRuleFunc(func(ctx context.Context, m *ent.TicketMutation) error {
				m.Where(ticket.TenantID("t"))
				return privacy.Skip
			}),
		},
	}`),
			},
			query: true, muta: true,
		},
		{
			name: "typed mutation rule in the query slot is not a query filter",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith(`	"example.com/m/ent"
	"example.com/m/ent/ticket"`, `	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			privacy.TicketMutationRuleFunc(func(ctx context.Context, m *ent.TicketMutation) error {
				m.Where(ticket.TenantID("t"))
				return privacy.Skip
			}),
		},
	}`),
			},
			muta: true,
		},
		{
			name: "edge filter WhereHasTenantWith",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith("", `	return privacy.Policy{Query: privacy.QueryPolicy{
		privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
			f.(interface{ WhereHasTenantWith(...entql.P) }).WhereHasTenantWith(entql.FieldEQ("id", 1))
			return privacy.Skip
		}),
	}}`),
			},
			query: true,
		},
		{
			name: "WhereHasTenant and a negated tenant predicate do not filter",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith("", `	return privacy.Policy{Query: privacy.QueryPolicy{
		privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
			f.(interface{ WhereHasTenant() }).WhereHasTenant()
			f.(interface{ WhereTenantID(entql.StringP) }).WhereTenantID(entql.StringNEQ(""))
			return privacy.Skip
		}),
	}}`),
			},
		},
		{
			name: "aliased imports, local variable, unkeyed Policy literal",
			files: tree{
				"ent/runtime/runtime.go": `package runtime

import (
	sch "example.com/m/ent/schema"
	tk "example.com/m/ent/ticket"

	"entgo.io/ent/privacy"
)

func init() {
	tk.Policy = privacy.NewPolicies(sch.Ticket{})
}
`,
				"ent/schema/ticket.go": schemaWith(`	r "example.com/m/rule"`, `	p := privacy.Policy{privacy.QueryPolicy{r.FilterTenantRule()}, nil}
	return p`),
			},
			query: true,
		},
		{
			name: "mixin index picks the mixin with the policy",
			files: tree{
				"ent/runtime/runtime.go": strings.Replace(runtimeMixin, "ticketMixin[0]", "ticketMixin[2]", 1),
				"ent/schema/ticket.go": `package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"example.com/m/ent/privacy"
	"example.com/m/rule"
)

type Ticket struct{ ent.Schema }

func (Ticket) Mixin() []ent.Mixin {
	return []ent.Mixin{mixin.Time{}, StatusMixin{}, &TenantMixin{}}
}

type StatusMixin struct{ mixin.Schema }

func (StatusMixin) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterStatusRule()}}
}

type TenantMixin struct{ BaseMixin }

type BaseMixin struct{ mixin.Schema }

func (*BaseMixin) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterTenantRule()}}
}
`,
			},
			query: true,
		},
		{
			name: "mixin index picks a mixin without a tenant filter",
			files: tree{
				"ent/runtime/runtime.go": strings.Replace(runtimeMixin, "ticketMixin[0]", "ticketMixin[1]", 1),
				"ent/schema/ticket.go": `package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"example.com/m/ent/privacy"
	"example.com/m/rule"
)

type Ticket struct{ ent.Schema }

func (Ticket) Mixin() []ent.Mixin {
	return []ent.Mixin{mixin.Time{}, StatusMixin{}}
}

type StatusMixin struct{ mixin.Schema }

func (StatusMixin) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterStatusRule()}}
}
`,
			},
		},
		{
			name: "mixin from a locally replaced module, package name unlike its directory",
			files: tree{
				"go.mod":                 goMod + "\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../shared\n",
				"ent/runtime/runtime.go": runtimeMixin,
				"ent/schema/ticket.go": `package schema

import (
	"entgo.io/ent"

	"example.com/shared/tenant-mixin"
)

type Ticket struct{ ent.Schema }

func (Ticket) Mixin() []ent.Mixin { return []ent.Mixin{tenantmixin.Mixin{}} }
`,
				"../shared/go.mod": "module example.com/shared\n",
				"../shared/tenant-mixin/mixin.go": `package tenantmixin

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"
	"entgo.io/ent/privacy"
	"entgo.io/ent/schema/mixin"
)

type Mixin struct{ mixin.Schema }

func (Mixin) Policy() ent.Policy { return privacy.Policy{Query: privacy.QueryPolicy{filter()}} }

func filter() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		f.Where(entql.FieldEQ("org_id", 1))
		return nil
	})
}
`,
			},
			query: true,
		},
		{
			name: "policy function passed by name to FilterFunc",
			files: tree{
				"ent/runtime/runtime.go": runtimeDir,
				"ent/schema/ticket.go": schemaWith("", `	return privacy.Policy{Query: privacy.QueryPolicy{privacy.FilterFunc(byOrg)}}
}

func byOrg(ctx context.Context, f privacy.Filter) error {
	f.(interface{ WhereOrgID(entql.IntP) }).WhereOrgID(entql.IntEQ(1))
	return privacy.Skip`),
			},
			query: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := tc.files.write(t)
			entity := tc.entity
			if entity == "" {
				entity = "ent/ticket"
			}
			dir := filepath.Join(root, filepath.FromSlash(entity))
			r := NewReader(testTenantName)
			q, err := r.QueryFiltered(dir)
			if tc.wantErr {
				if err == nil || q {
					t.Fatalf("QueryFiltered = %v, %v; want false and an error", q, err)
				}
				return
			}
			if err != nil || q != tc.query {
				t.Errorf("QueryFiltered = %v, %v; want %v, nil", q, err, tc.query)
			}
			m, err := r.MutationFiltered(dir)
			if err != nil || m != tc.muta {
				t.Errorf("MutationFiltered = %v, %v; want %v, nil", m, err, tc.muta)
			}
		})
	}
}

// Concurrent questions share the Reader's caches.
func TestConcurrent(t *testing.T) {
	root := tree{
		"ent/runtime/runtime.go": runtimeDir,
		"ent/schema/ticket.go":   schemaWith(importRule, `	return privacy.Policy{Query: privacy.QueryPolicy{rule.FilterTenantRule()}}`),
	}.write(t)
	dir := filepath.Join(root, "ent", "ticket")
	r := NewReader(testTenantName)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			f := r.QueryFiltered
			if i%2 == 1 {
				f = r.MutationFiltered
			}
			got, err := f(dir)
			if err != nil || got != (i%2 == 0) {
				t.Errorf("goroutine %d: %v, %v", i, got, err)
			}
		})
	}
	wg.Wait()
}

func TestOddInputs(t *testing.T) {
	r := NewReader(nil)
	for _, dir := range []string{"", ".", string(filepath.Separator), filepath.Join(t.TempDir(), "no", "such", "entity")} {
		if ok, err := r.QueryFiltered(dir); ok || err != nil {
			t.Errorf("QueryFiltered(%q) = %v, %v; want false, nil", dir, ok, err)
		}
	}
	// An unparsable runtime file is an error.
	root := tree{"ent/runtime/runtime.go": "package runtime\n\nfunc init() {\n"}.write(t)
	if ok, err := r.QueryFiltered(filepath.Join(root, "ent", "ticket")); ok || err == nil {
		t.Errorf("broken runtime: %v, %v; want false and an error", ok, err)
	}
}

func TestGoMod(t *testing.T) {
	m := parseGoMod("/r", []byte(`// c
module "example.com/x" // trailing

replace (
	example.com/a => ../a
	example.com/b v1.0.0 => example.com/c v1.0.0
)
replace example.com/d v1.2.3 => ./d
`))
	if m == nil || m.path != "example.com/x" {
		t.Fatalf("module = %+v", m)
	}
	for path, want := range map[string]string{
		"example.com/x":       "/r",
		"example.com/x/ent/a": filepath.FromSlash("/r/ent/a"),
		"example.com/a/b":     filepath.FromSlash("/a/b"),
		"example.com/d":       filepath.FromSlash("/r/d"),
		"example.com/b":       "",
		"example.com/xy":      "",
	} {
		got, _ := m.dirOf(path)
		if got != want {
			t.Errorf("dirOf(%q) = %q; want %q", path, got, want)
		}
	}
	if parseGoMod("/r", []byte("go 1.26\n")) != nil {
		t.Error("a go.mod without a module line has no module")
	}
}
