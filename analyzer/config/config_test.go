package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// write creates files (name → content) under dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"db/schema.sql": "", "models.yml": "", "sub/x": ""})
	for _, tc := range []struct{ name, in, want string }{
		{"unknown top-level key", "version: 1\ndialekt: mysql\n", "c.yml:2: dialekt: unknown key"},
		{"unknown nested key", "tenant:\n  names: [shop]\n  source: [a.B]\n", "c.yml:3: tenant.source: unknown key"},
		{"unknown globals key", "globals:\n  table: [plans]\n", "c.yml:2: globals.table: unknown key"},
		{"wrong type: scalar for list", "disable: TL001\n", `c.yml:1: disable: want a list, got the single value "TL001"`},
		{"wrong type: map for list", "tenant:\n  sources:\n    a: b\n", "c.yml:3: tenant.sources: want a list, got a mapping"},
		{"wrong type: list for struct", "tenant: [org]\n", "c.yml:1: tenant: want a mapping"},
		{"wrong type: bool for string", "dialect: true\n", `c.yml:1: dialect: want a string, got bool "true"`},
		{"wrong type: string for int", "version: one\n", `c.yml:1: version: want int, got "one"`},
		{"bad version", "version: 2\n", "c.yml:1: version: unsupported version 2"},
		{"bad dialect", "version: 1\ndialect: oracle\n", `c.yml:2: dialect: unknown dialect "oracle"`},
		{"bad name", "tenant:\n  names: [shop, sub_account]\n", `c.yml:2: tenant.names[1]: "sub_account" is not a tenant word`},
		{"camel name", "tenant:\n  names:\n    - shop\n    - subAccount\n", `c.yml:4: tenant.names[1]: "subAccount" is not a tenant word`},
		{"digit name", "tenant:\n  names: [org2]\n", `c.yml:2: tenant.names[0]: "org2" is not a tenant word`},
		{"empty name", "tenant:\n  names: [\"\"]\n", `c.yml:2: tenant.names[0]: "" is not a tenant word`},
		{"bad removal", "tenant:\n  names: [-acount]\n", `c.yml:2: tenant.names[0]: "-acount" removes nothing`},
		{"bad column", "tenant:\n  columns: [org-id]\n", `c.yml:2: tenant.columns[0]: "org-id" is not an SQL column name`},
		{"column starting with digit", "tenant:\n  columns: [1org]\n", `c.yml:2: tenant.columns[0]: "1org" is not an SQL column name`},
		{"bad source", "tenant:\n  sources:\n    - example.com/auth.TenantFrom\n    - TenantFrom\n", `c.yml:4: tenant.sources[1]: "TenantFrom" is not a code reference`},
		{"wildcard source", "tenant:\n  sources: [example.com/auth.*]\n", `c.yml:2: tenant.sources[0]: "example.com/auth.*" is a package reference; tenant.sources takes`},
		{"function as field", "tenant:\n  fields: [example.com/auth.OrgID]\n", `c.yml:2: tenant.fields[0]: "example.com/auth.OrgID" is a function reference; tenant.fields takes a field`},
		{"field as type", "tenant:\n  types: [example.com/auth.T.F]\n", `c.yml:2: tenant.types[0]: "example.com/auth.T.F" is a field reference; tenant.types takes a named type`},
		{"method as type", "tenant:\n  types: [\"(example.com/auth.T).M\"]\n", `c.yml:2: tenant.types[0]: "(example.com/auth.T).M" is a method reference`},
		{"bad check", "tenant:\n  checks: [\"(*example.com/authz.Service.Require\"]\n", `c.yml:2: tenant.checks[0]: "(*example.com/authz.Service.Require" is not a code reference: missing ')'`},
		{"bad scoper", "tenant:\n  scopers: [example.com/db.*]\n", `c.yml:2: tenant.scopers[0]: "example.com/db.*" is a package reference`},
		{"bad untrusted", "untrusted: [\"\"]\n", `c.yml:1: untrusted[0]: "" is not a code reference: empty reference`},
		{"bad store", "stores: [example.com/files.a.b.c]\n", `c.yml:1: stores[0]: "example.com/files.a.b.c" is not a code reference: too many dots`},
		{"bad global function", "globals:\n  functions:\n    - admin\n", `c.yml:3: globals.functions[0]: "admin" is not a code reference`},
		{"bad table glob", "globals:\n  tables: [plans, \"plan[\"]\n", `c.yml:2: globals.tables[1]: "plan[" is not a valid glob pattern`},
		{"bad key glob", "globals:\n  keys: [\"feature:{a\"]\n", `c.yml:2: globals.keys[0]: "feature:{a" is not a valid glob pattern`},
		{"empty path glob", "globals:\n  paths: [\"\"]\n", `c.yml:2: globals.paths[0]: empty pattern`},
		{"bad schema glob", "schema: [\"db/[.sql\"]\n", `c.yml:1: schema[0]: "db/[.sql" is not a valid glob pattern`},
		{"schema matches nothing", "schema:\n  - db/schema.sql\n  - db/*.up.sql\n", `c.yml:3: schema[1]: "db/*.up.sql" matches no file`},
		{"schema matches a directory only", "schema: [sub]\n", `c.yml:1: schema[0]: "sub" matches no file`},
		{"missing model", "models: [models.yml, nope.yml]\n", `c.yml:1: models[1]: model file "nope.yml" does not exist`},
		{"model is a directory", "models: [db]\n", `c.yml:1: models[0]: model file "db" is not a regular file`},
		{"bad disable", "disable:\n  - TL001\n  - TL008\n", `c.yml:3: disable[1]: "TL008" is not a finding ID`},
		{"broken YAML", "version: 1\ntenant: [\n", "c.yml:2: invalid YAML: did not find expected node content"},
		{"tab indentation", "tenant:\n\tnames: [x]\n", "c.yml:2: invalid YAML:"},
		{"two documents", "version: 1\n---\ndialect: mysql\n", "c.yml:2: more than one YAML document"},
		{"not a mapping", "- version\n", "c.yml:1: want a mapping"},
		{"duplicate key", "dialect: mysql\ndialect: sqlite\n", "c.yml:2: dialect: duplicate key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.yml", dir, []byte(tc.in))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if c != nil {
				t.Errorf("a Config came with the error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not an *Error", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error:\n%s\nwant prefix:\n%s", err, tc.want)
			}
		})
	}
}

func TestParseEmptyIsDefault(t *testing.T) {
	for _, in := range []string{"", "# nothing yet\n", "---\n", "version: 1\n", "tenant:\nglobals:\n"} {
		c, err := Parse("c.yml", t.TempDir(), []byte(in))
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		d := Default()
		if !slices.Equal(c.Words, d.Words) || !slices.Equal(c.Columns, d.Columns) || c.Settings.Dialect != "postgres" || c.Settings.Version != 1 {
			t.Errorf("Parse(%q) = %+v, want the defaults %+v", in, c, d)
		}
	}
}

func TestDefault(t *testing.T) {
	c := Default()
	if want := []string{"tenant", "org", "organization", "workspace", "project", "account"}; !slices.Equal(c.Words, want) {
		t.Errorf("Words = %q, want %q", c.Words, want)
	}
	if want := []string{"tenant_id", "org_id", "organization_id", "workspace_id", "project_id", "account_id"}; !slices.Equal(c.Columns, want) {
		t.Errorf("Columns = %q, want %q", c.Columns, want)
	}
	if c.Settings.Dialect != "postgres" || c.Settings.Version != 1 || c.File != "" {
		t.Errorf("Default() = %+v", c)
	}
	if c.GlobalTable("plans") || c.GlobalKey("x") || c.GlobalPath("x") || c.Disabled("TL001") || c.GlobalFunction("a", "", "F") {
		t.Errorf("Default() has globals or disabled findings")
	}
	if Default() == c {
		t.Errorf("Default() returned a shared Config")
	}
}

const full = `version: 1
dialect: PostgreSQL
tenant:
  names: [shop, Company, -account, org]
  columns: [owner_org, Tenant_ID]
  sources:   [github.com/acme/app/auth.TenantFromContext, github.com/acme/app/auth.Session.Tenant]
  fields:    [github.com/acme/app/auth.Claims.OrgID]
  types:     [github.com/acme/app/tenant.ID]
  checks:    ["(*github.com/acme/app/authz.Service).RequireMember", github.com/acme/app/authz.Service.Check]
  scopers:   ["(*github.com/acme/app/db.Pools).For"]
untrusted: ["(*github.com/acme/app/web.Ctx).Query", github.com/acme/app/jobs.Job.Request]
schema: [db/schema.sql, "migrations/*.up.sql", "migrations/**/*.up.sql"]
stores: ["github.com/acme/app/files.Server.Root"]
globals:
  tables: [plans, "schema_*", Audit.Log]
  keys: ["feature:*"]
  paths: ["templates/**"]
  functions: ["github.com/acme/app/admin.*", "(*github.com/acme/app/billing.Plans).List"]
models: [tenantleak-models.yml, ../shared/more.yml]
disable: [TL004, tl006]
`

func TestParseFull(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "svc")
	write(t, root, map[string]string{
		"svc/db/schema.sql":           "",
		"svc/migrations/2_b.up.sql":   "",
		"svc/migrations/1_a.up.sql":   "",
		"svc/migrations/1_a.down.sql": "",
		"svc/migrations/old/0.up.sql": "",
		"svc/tenantleak-models.yml":   "",
		"shared/more.yml":             "",
	})
	c, err := Parse(filepath.Join(dir, ".tenantleak.yml"), dir, []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if c.Settings.Dialect != "postgres" || c.Settings.Version != 1 {
		t.Errorf("dialect, version = %q, %d", c.Settings.Dialect, c.Settings.Version)
	}
	if want := []string{"tenant", "org", "organization", "workspace", "project", "shop", "company"}; !slices.Equal(c.Words, want) {
		t.Errorf("Words = %q, want %q", c.Words, want)
	}
	if want := []string{"tenant_id", "org_id", "organization_id", "workspace_id", "project_id", "shop_id", "company_id", "owner_org"}; !slices.Equal(c.Columns, want) {
		t.Errorf("Columns = %q, want %q", c.Columns, want)
	}
	abs := func(names ...string) []string {
		for i, n := range names {
			names[i] = filepath.Join(root, n)
		}
		return names
	}
	if want := abs("svc/db/schema.sql", "svc/migrations/1_a.up.sql", "svc/migrations/2_b.up.sql", "svc/migrations/old/0.up.sql"); !slices.Equal(c.SchemaFiles, want) {
		t.Errorf("SchemaFiles = %q, want %q", c.SchemaFiles, want)
	}
	if want := abs("svc/tenantleak-models.yml", "shared/more.yml"); !slices.Equal(c.ModelFiles, want) {
		t.Errorf("ModelFiles = %q, want %q", c.ModelFiles, want)
	}
	kinds := func(refs []Ref) (ks []RefKind) {
		for _, r := range refs {
			ks = append(ks, r.Kind)
		}
		return ks
	}
	for name, tc := range map[string]struct {
		refs []Ref
		want []RefKind
	}{
		"sources":   {c.Refs.Sources, []RefKind{RefFunc, RefField}},
		"fields":    {c.Refs.Fields, []RefKind{RefField}},
		"types":     {c.Refs.Types, []RefKind{RefType}},
		"checks":    {c.Refs.Checks, []RefKind{RefMethod, RefMethod}},
		"scopers":   {c.Refs.Scopers, []RefKind{RefMethod}},
		"untrusted": {c.Refs.Untrusted, []RefKind{RefMethod, RefField}},
		"stores":    {c.Refs.Stores, []RefKind{RefField}},
		"functions": {c.Refs.GlobalFunctions, []RefKind{RefPackage, RefMethod}},
	} {
		if got := kinds(tc.refs); !slices.Equal(got, tc.want) {
			t.Errorf("Refs.%s kinds = %v, want %v", name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		f    func(string) bool
		in   string
		want bool
	}{
		{c.GlobalTable, "plans", true},
		{c.GlobalTable, "PLANS", true},
		{c.GlobalTable, "public.plans", true},
		{c.GlobalTable, "schema_migrations", true},
		{c.GlobalTable, "invoices", false},
		{c.GlobalTable, "audit.log", true},
		{c.GlobalTable, "log", false},
		{c.GlobalKey, "feature:beta", true},
		{c.GlobalKey, "feature:beta/x", false},
		{c.GlobalKey, "tenant:1:feature:beta", false},
		{c.GlobalPath, "templates/mail/welcome.html", true},
		{c.GlobalPath, "uploads/1/a.png", false},
		{c.Disabled, "TL004", true},
		{c.Disabled, "TL006", true},
		{c.Disabled, "TL001", false},
	} {
		if got := tc.f(tc.in); got != tc.want {
			t.Errorf("matching %q = %v, want %v", tc.in, got, tc.want)
		}
	}
	if !c.GlobalFunction("github.com/acme/app/admin", "Server", "Reset") || !c.GlobalFunction("github.com/acme/app/billing", "Plans", "List") || c.GlobalFunction("github.com/acme/app/billing", "Plans", "Get") {
		t.Errorf("GlobalFunction does not follow globals.functions")
	}
	if got := c.Pos.Line("globals.keys[0]"); got != 16 {
		t.Errorf(`Pos.Line("globals.keys[0]") = %d, want 16`, got)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{".tenantleak.yml": "schema: [schema.sql]\n", "schema.sql": "", "bad.yml": "disable: [TL9]\n"})
	c, err := Load(filepath.Join(dir, ".tenantleak.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.File != filepath.Join(dir, ".tenantleak.yml") || c.Dir != dir || !slices.Equal(c.SchemaFiles, []string{filepath.Join(dir, "schema.sql")}) {
		t.Errorf("Load = %+v", c)
	}
	_, err = Load(filepath.Join(dir, "bad.yml"))
	if want := filepath.Join(dir, "bad.yml") + `:1: disable[0]: "TL9" is not a finding ID`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Load(bad.yml) = %v, want %q", err, want)
	}
	_, err = Load(filepath.Join(dir, "missing.yml"))
	if want := filepath.Join(dir, "missing.yml") + ": cannot read the config file: no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("Load(missing.yml) = %v, want %q", err, want)
	}
}

func TestFromMap(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"db/schema.sql": ""})
	c, err := FromMap(map[string]any{
		"version": 1.0, // as from a JSON config
		"dialect": "mysql",
		"tenant":  map[string]any{"names": []any{"shop"}, "sources": []any{"example.com/auth.TenantFrom"}},
		"schema":  []any{"db/*.sql"},
		"globals": map[string]any{"tables": []any{"plans"}},
		"disable": []any{"TL003"},
	}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "" || c.Pos != nil || c.Settings.Dialect != "mysql" || !c.IsTenantWord("shops") || !c.GlobalTable("plans") || !c.Disabled("TL003") ||
		len(c.Refs.Sources) != 1 || !slices.Equal(c.SchemaFiles, []string{filepath.Join(dir, "db/schema.sql")}) {
		t.Errorf("FromMap = %+v", c)
	}
	if c, err := FromMap(nil, dir); err != nil || !slices.Equal(c.Words, DefaultWords) {
		t.Errorf("FromMap(nil) = %+v, %v; want the defaults", c, err)
	}
	for _, tc := range []struct {
		m    map[string]any
		want string
	}{
		{map[string]any{"tenant": map[string]any{"name": []any{"shop"}}}, "golangci-lint settings: tenant.name: unknown key"},
		{map[string]any{"tenant": map[string]any{"sources": []any{"x.a.b.c"}}}, `golangci-lint settings: tenant.sources[0]: "x.a.b.c" is not a code reference`},
		{map[string]any{"schema": []any{"none/*.sql"}}, `golangci-lint settings: schema[0]: "none/*.sql" matches no file`},
		{map[string]any{"disable": "TL001"}, `golangci-lint settings: disable: want a list`},
		{map[string]any{"dialect": true}, `golangci-lint settings: dialect: want a string`},
		{map[string]any{"version": 3}, `golangci-lint settings: version: unsupported version 3`},
	} {
		_, err := FromMap(tc.m, dir)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("FromMap(%v) = %v, want prefix %q", tc.m, err, tc.want)
		}
	}
}

func TestRemoveAllWords(t *testing.T) {
	c, err := Parse("c.yml", t.TempDir(), []byte("tenant:\n  names: [-tenant, -org, -organization, -workspace, -project, -account, shop]\n  columns: [store_id]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Words, []string{"shop"}) || !slices.Equal(c.Columns, []string{"shop_id", "store_id"}) || c.HasTenantWord("orgID") {
		t.Errorf("Words, Columns = %q, %q", c.Words, c.Columns)
	}
}

// Schema globs resolve against the config's directory, literally even when
// its name holds glob meta characters.
func TestSchemaUnderMetaDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "svc[1]{a}")
	write(t, dir, map[string]string{"db/a.sql": "", "db/b.sql": "", "../up/x.sql": ""})
	c, err := Parse("c.yml", dir, []byte("schema: [\"db/*.sql\", ../up/x.sql, db/a.sql]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "db/a.sql"), filepath.Join(dir, "db/b.sql"), filepath.Join(dir, "../up/x.sql")}
	if !slices.Equal(c.SchemaFiles, want) {
		t.Errorf("SchemaFiles = %q, want %q", c.SchemaFiles, want)
	}
}
