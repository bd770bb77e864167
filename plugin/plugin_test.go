package plugin_test

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantleak/tenantleak/analyzer/config"
	"github.com/tenantleak/tenantleak/plugin"
)

// newPlugin calls the constructor golangci-lint gets from the registry and
// clears the package-level configuration it sets when the test ends.
func newPlugin(t *testing.T, settings any) (*plugin.Plugin, error) {
	t.Helper()
	t.Cleanup(func() { config.SetConfig(nil) })
	newFn, err := register.GetPlugin("tenantleak")
	if err != nil {
		t.Fatalf("the plugin is not registered as tenantleak: %v", err)
	}
	p, err := newFn(settings)
	if err != nil {
		return nil, err
	}
	return p.(*plugin.Plugin), nil
}

func TestLoadModeIsTypesInfo(t *testing.T) {
	p, err := newPlugin(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 || as[0].Name != "tenantleak" {
		t.Fatalf("BuildAnalyzers() = %v, %v; want the tenantleak analyzer", as, err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Errorf("the analyzer does not validate: %v", err)
	}
	if len(as[0].FactTypes) == 0 {
		t.Errorf("the analyzer declares no fact types: summaries would not cross packages")
	}
}

// Without settings (or with an empty block) each package finds its own
// .tenantleak.yml.
func TestEmptySettingsKeepDiscovery(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "go.mod", "module example.com/app\n")
	write(t, dir, ".tenantleak.yml", "version: 1\ntenant:\n  names: [shop]\n")
	for _, s := range []any{nil, map[string]any{}} {
		p, err := newPlugin(t, s)
		if err != nil {
			t.Fatalf("New(%#v): %v", s, err)
		}
		if p.Config != nil {
			t.Errorf("New(%#v) set a configuration; want discovery", s)
		}
		c, err := config.ForDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if c.File != filepath.Join(dir, ".tenantleak.yml") || !c.IsTenantWord("shop") {
			t.Errorf("New(%#v): ForDir found %q (shop a tenant word: %v); want the package's .tenantleak.yml", s, c.File, c.IsTenantWord("shop"))
		}
	}
}

// The settings block takes .tenantleak.yml's keys, as golangci-lint decodes
// them (nested maps, lists of any), and becomes every package's config.
func TestSettingsBecomeTheConfig(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".tenantleak.yml", "version: 1\ndisable: [TL001]\n")
	p, err := newPlugin(t, map[string]any{
		"version": 1,
		"dialect": "mysql",
		"tenant": map[string]any{
			"names":   []any{"shop"},
			"sources": []any{"example.com/app/auth.ShopFrom"},
		},
		"globals": map[any]any{"tables": []any{"plans"}},
		"disable": []string{"TL004"},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := config.ForDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c != p.Config {
		t.Fatalf("ForDir returned %q, not the settings (the package's .tenantleak.yml must not be read)", c.File)
	}
	if !c.IsTenantWord("shops") || c.Settings.Dialect != "mysql" || !c.GlobalTable("plans") || !c.Disabled("TL004") || c.Disabled("TL001") || len(c.Refs.Sources) != 1 {
		t.Errorf("settings decoded as %+v", c.Settings)
	}
}

func TestUnknownSettingIsAnErrorNamingTheKey(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     []string
	}{
		{map[string]any{"tenant": map[string]any{"namez": []any{"shop"}}}, []string{"golangci-lint settings", "tenant.namez", "unknown key"}},
		{map[string]any{"disabled": []any{"TL001"}}, []string{"disabled", "unknown key"}},
		{map[string]any{"disable": []any{"TL009"}}, []string{"disable[0]"}},
		{map[string]any{"tenant": map[string]any{"sources": []any{"(*bad"}}}, []string{"tenant.sources[0]"}},
		{"shop", []string{"golangci-lint settings", "mapping"}},
	} {
		_, err := newPlugin(t, tc.settings)
		if err == nil {
			t.Errorf("New(%#v) succeeded; want an error", tc.settings)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("New(%#v) = %v; want it to name %q", tc.settings, err, w)
			}
		}
		if !strings.HasPrefix(err.Error(), "tenantleak: ") {
			t.Errorf("error %q does not start with the linter's name", err)
		}
	}
}

// Relative schema: and models: paths resolve against the directory of the
// golangci-lint configuration file.
func TestRelativePathsResolveAgainstTheGolangciConfig(t *testing.T) {
	root := t.TempDir()
	write(t, root, ".golangci.yml", "version: \"2\"\n")
	write(t, root, "db/schema.sql", "CREATE TABLE notes (id bigint, tenant_id bigint);\n")
	sub := filepath.Join(root, "internal", "store")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	p, err := newPlugin(t, map[string]any{"schema": []any{"db/schema.sql"}})
	if err != nil {
		t.Fatalf("schema relative to the .golangci.yml found above the working directory: %v", err)
	}
	if want := filepath.Join(root, "db", "schema.sql"); !slices.Equal(p.Config.SchemaFiles, []string{want}) {
		t.Errorf("SchemaFiles = %v, want [%s]", p.Config.SchemaFiles, want)
	}
}

func TestFold(t *testing.T) {
	fset := token.NewFileSet()
	dir := t.TempDir()
	write(t, dir, "go.mod", "module example.com/app\n")
	name := filepath.Join(dir, "internal", "files", "files.go")
	f := fset.AddFile(name, -1, 1000)
	lines := make([]int, 50)
	for i := range lines {
		lines[i] = i * 20
	}
	f.SetLines(lines)
	at := func(line int) token.Pos { return f.LineStart(line) }
	d := plugin.Fold(fset, analysis.Diagnostic{Pos: at(30), Message: "TL004: file path p has no tenant component", Related: []analysis.RelatedInformation{
		{Pos: at(28), Message: "address built here"},
		{Pos: at(20), Message: "tenant available here: tenantID"},
		{Pos: at(21), Message: "the path is cleaned"},
		{Pos: token.NoPos, Message: "somewhere"},
	}})
	want := "TL004: file path p has no tenant component (address built at internal/files/files.go:28; tenant available at internal/files/files.go:20: tenantID; the path is cleaned at internal/files/files.go:21; somewhere)"
	if d.Message != want || d.Related != nil {
		t.Errorf("Fold:\n got %q (related %v)\nwant %q", d.Message, d.Related, want)
	}
	plain := analysis.Diagnostic{Pos: at(3), Message: "TL001: x"}
	if got := plugin.Fold(fset, plain); got.Message != plain.Message {
		t.Errorf("Fold without related information changed the message to %q", got.Message)
	}
}

// The plugin's analyzer reports what tenantleak reports, with the related
// lines in the message.
func TestAnalyzerFoldsRelatedInformation(t *testing.T) {
	config.SetConfig(nil)
	dir, err := filepath.Abs(filepath.Join("testdata", "notes"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(factsUnchecked{t}, dir, plugin.Analyzer, "./...")
}

// factsUnchecked passes every analysistest complaint on except "unexpected
// fact": the analyzer exports summaries this test is not about.
type factsUnchecked struct {
	*testing.T
}

func (f factsUnchecked) Errorf(format string, args ...any) {
	f.T.Helper()
	if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, ": unexpected fact: ") {
		f.T.Errorf("%s", msg)
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
