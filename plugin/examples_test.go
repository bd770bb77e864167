package plugin_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// .golangci.example.yml enables tenantleak as a module plugin whose settings
// the plugin accepts (strict decoding: a misspelt key would fail here).
func TestGolangciExampleSettingsDecode(t *testing.T) {
	data, err := os.ReadFile("../.golangci.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version string
		Linters struct {
			Enable   []string
			Settings struct {
				Custom map[string]struct {
					Type        string
					Description string
					Settings    map[string]any
				}
			}
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf(".golangci.example.yml: %v", err)
	}
	tl, ok := cfg.Linters.Settings.Custom["tenantleak"]
	if cfg.Version != "2" || !slices.Contains(cfg.Linters.Enable, "tenantleak") || !ok || tl.Type != "module" || len(tl.Settings) == 0 {
		t.Fatalf(".golangci.example.yml: want version \"2\", tenantleak enabled as a custom linter of type module with settings, got %+v", cfg)
	}
	// As in a user's repository: the config file and the schema it names.
	dir := t.TempDir()
	write(t, dir, ".golangci.yml", string(data))
	for _, s := range tl.Settings["schema"].([]any) {
		write(t, dir, s.(string), "CREATE TABLE notes (id bigint, tenant_id bigint);\n")
	}
	t.Chdir(dir)
	p, err := newPlugin(t, tl.Settings)
	if err != nil {
		t.Fatalf("the example's settings do not decode: %v", err)
	}
	if p.Config == nil || !p.Config.IsTenantWord("shop") || len(p.Config.SchemaFiles) == 0 {
		t.Errorf("the example's settings decoded to %+v", p.Config)
	}
}

// .custom-gcl.yml builds the same golangci-lint version as plugin/gcl pins,
// with the plugin package.
func TestCustomGclExample(t *testing.T) {
	data, err := os.ReadFile("../.custom-gcl.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version     string
		Name        string
		Destination string
		Plugins     []struct {
			Module, Import, Version, Path string
		}
	}
	dec := yaml.NewDecoder(bytesReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf(".custom-gcl.yml: %v", err)
	}
	mod, err := os.ReadFile(filepath.Join("gcl", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`github.com/golangci/golangci-lint/v2 (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("plugin/gcl/go.mod does not require golangci-lint v2")
	}
	if cfg.Version != string(m[1]) {
		t.Errorf(".custom-gcl.yml builds golangci-lint %s, plugin/gcl pins %s: keep them the same", cfg.Version, m[1])
	}
	if len(cfg.Plugins) != 1 {
		t.Fatalf("want one plugin, got %+v", cfg.Plugins)
	}
	p := cfg.Plugins[0]
	if p.Module != "github.com/tenantleak/tenantleak" || p.Import != "github.com/tenantleak/tenantleak/plugin" || (p.Version == "") == (p.Path == "") {
		t.Errorf("plugin %+v: want module github.com/tenantleak/tenantleak, import .../plugin and one of version or path", p)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
