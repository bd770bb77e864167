package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantleak/tenantleak/analyzer/internal/yamlstrict"
)

// fuzzConfigSeeds are small configs, good and bad, that the fuzzer mutates.
var fuzzConfigSeeds = []string{
	"",
	"version: 1\n",
	"version: 1\ndialect: mysql\ntenant:\n  names: [shop, -account]\n  columns: [owner_org]\n",
	"tenant:\n  sources: [github.com/acme/app/auth.TenantFromContext]\n  fields: [github.com/acme/app/auth.Claims.OrgID]\n  checks: [\"(*github.com/acme/app/authz.Service).RequireMember\"]\n",
	"globals:\n  tables: [plans, \"schema_*\"]\n  keys: [\"feature:*\"]\n  paths: [\"templates/**\"]\n  functions: [\"github.com/acme/app/admin.*\"]\n",
	"disable: [TL004, TL009]\n",
	"untrusted: [\"(*github.com/acme/app/web.Ctx).Query\"]\nstores: [github.com/acme/app/files.Server.Root]\n",
	"schema: [db/schema.sql]\nmodels: [m.yml]\n",
	"tenant: [a, b]\n",
	"version: two\n",
	"tenant:\n  names: [\"\"]\n",
	"globals:\n  keys: [\"[\"]\n",
	"a: &x [*x]\n",
	"tenant: {names: [x], names: [y]}\n",
	"version: 1\n---\nversion: 2\n",
	"\t- :\n",
	"!!binary foo: bar\n",
	"dialect: [postgres]\n",
}

// FuzzParse checks the config decoder: any bytes give a Config or a
// *Error on one line naming the file, never a panic and never both.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzConfigSeeds {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	file := filepath.Join(dir, ".tenantleak.yml")
	f.Fuzz(func(t *testing.T, data []byte) {
		// A schema glob outside dir (absolute, or climbing out) would walk
		// this machine's file system: that is slow, not wrong, so skip it.
		var s Settings
		if _, err := yamlstrict.Decode(file, data, &s); err == nil {
			for _, p := range s.Schema {
				if filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.Contains(p, "..") {
					t.Skip()
				}
			}
		}
		c, err := Parse(file, dir, data)
		if err != nil {
			if c != nil {
				t.Fatalf("Parse returned a Config and an error %v", err)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse error is %T, not *Error: %v", err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, file) {
				t.Fatalf("error does not name the file: %q", msg)
			}
			if strings.Contains(msg, "\n") {
				t.Fatalf("error is not one line: %q", msg)
			}
			return
		}
		if c == nil {
			t.Fatal("Parse returned neither a Config nor an error")
		}
		// A valid config answers the engine's questions without panicking.
		for _, w := range c.Words {
			_ = c.HasTenantWord(w + "ID")
		}
		_ = c.GlobalTable("public.plans")
		_ = c.GlobalKey("feature:x")
		_ = c.GlobalPath("templates/a/b")
		_ = c.GlobalFunction("github.com/acme/app/admin", "", "F")
	})
}
