// Package plugin registers tenantleak as a golangci-lint v2 module plugin
// under the name "tenantleak".
//
// golangci-lint's settings: block (linters.settings.custom.tenantleak.settings)
// takes the keys of .tenantleak.yml, decoded as strictly: an unknown key is
// an error naming it. Relative paths in it (schema:, models:) resolve
// against the directory of the golangci-lint configuration file. Without a
// settings: block (or with an empty one) each package finds its nearest
// .tenantleak.yml, as under go vet.
//
// golangci-lint prints only a diagnostic's message and turns its related
// information into separate issues; the plugin folds the related lines
// (where the key or query was built, where the tenant was available) into
// the message instead, so that one //nolint:tenantleak covers a finding.
//
// Build a golangci-lint with the plugin with `golangci-lint custom` and the
// repository's .custom-gcl.yml, or with the module in plugin/gcl.
package plugin

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/tenantleak/tenantleak/analyzer"
	"github.com/tenantleak/tenantleak/analyzer/config"
)

// Name is the linter's name in golangci-lint's configuration and in
// //nolint:tenantleak.
const Name = "tenantleak"

func init() {
	register.Plugin(Name, New)
}

// Plugin is the golangci-lint plugin.
type Plugin struct {
	// Config is the configuration decoded from the settings: block; nil
	// when there is none and packages find their .tenantleak.yml.
	Config *config.Config
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes golangci-lint's settings: block (nested maps and lists) into
// tenantleak's configuration and makes it the configuration of every
// package of the run. An empty block leaves discovery of .tenantleak.yml in
// place.
func New(settings any) (register.LinterPlugin, error) {
	m, err := settingsMap(settings)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", Name, config.SettingsSource, err)
	}
	if len(m) == 0 {
		config.SetConfig(nil)
		return &Plugin{}, nil
	}
	c, err := config.FromMap(m, configDir(os.Args[1:]))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	config.SetConfig(c)
	return &Plugin{Config: c}, nil
}

// BuildAnalyzers returns the analyzer, its related information folded into
// its messages.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{Analyzer}, nil
}

// GetLoadMode asks for type information: the analysis builds SSA from typed
// syntax and exchanges facts with the packages it imports.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// Analyzer is analyzer.Analyzer with each diagnostic's related information
// folded into its message ("... (address built at internal/files/files.go:69)").
var Analyzer = &analysis.Analyzer{
	Name:       analyzer.Analyzer.Name,
	Doc:        analyzer.Analyzer.Doc,
	URL:        analyzer.Analyzer.URL,
	Run:        run,
	Requires:   analyzer.Analyzer.Requires,
	ResultType: analyzer.Analyzer.ResultType,
	FactTypes:  analyzer.Analyzer.FactTypes,
}

func run(pass *analysis.Pass) (any, error) {
	inner := *pass
	inner.Report = func(d analysis.Diagnostic) { pass.Report(Fold(pass.Fset, d)) }
	return analyzer.Analyzer.Run(&inner)
}

// Fold returns d with its related information appended to its message and
// removed: "address built here" at internal/files/files.go:69 becomes
// "(address built at internal/files/files.go:69)". Paths are relative to the
// module root, as in the analyzer's own messages.
func Fold(fset *token.FileSet, d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.Related) == 0 {
		return d
	}
	parts := make([]string, 0, len(d.Related))
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		if !p.IsValid() {
			parts = append(parts, r.Message)
			continue
		}
		at := fmt.Sprintf("at %s:%d", moduleRelative(p.Filename), p.Line)
		msg := r.Message
		if i := hereIndex(msg); i >= 0 {
			msg = msg[:i] + at + msg[i+len("here"):]
		} else {
			msg += " " + at
		}
		parts = append(parts, msg)
	}
	d.Message += " (" + strings.Join(parts, "; ") + ")"
	d.Related = nil
	return d
}

// hereIndex is the index of the word "here" in msg, or -1.
func hereIndex(msg string) int {
	for i := 0; ; {
		j := strings.Index(msg[i:], "here")
		if j < 0 {
			return -1
		}
		j += i
		before := j == 0 || msg[j-1] == ' '
		after := j+4 == len(msg) || strings.ContainsRune(" :;,)", rune(msg[j+4]))
		if before && after {
			return j
		}
		i = j + 4
	}
}

var moduleRoots sync.Map // dir → module root ("" if none)

// moduleRelative is file relative to its module root, with forward slashes;
// its base name when it is in no module.
func moduleRelative(file string) string {
	dir := filepath.Dir(file)
	root, ok := moduleRoots.Load(dir)
	if !ok {
		r := ""
		for d := dir; ; {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				r = d
				break
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
		moduleRoots.Store(dir, r)
		root = r
	}
	if root == "" {
		return filepath.Base(file)
	}
	rel, err := filepath.Rel(root.(string), file)
	if err != nil {
		return filepath.Base(file)
	}
	return filepath.ToSlash(rel)
}

// settingsMap turns what golangci-lint decoded from the settings: block
// into map[string]any with nested map[string]any and []any.
func settingsMap(settings any) (map[string]any, error) {
	if settings == nil {
		return nil, nil
	}
	v, err := normalize(settings, "")
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("settings must be a mapping of .tenantleak.yml keys, got %T", settings)
	}
	return m, nil
}

func normalize(v any, key string) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			n, err := normalize(e, join(key, k))
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	case map[any]any:
		out := make(map[string]any, len(v))
		keys := make([]string, 0, len(v))
		for k := range v {
			s, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("%s: key %v is not a string", join(key, fmt.Sprint(k)), k)
			}
			keys = append(keys, s)
		}
		sort.Strings(keys)
		for _, k := range keys {
			n, err := normalize(v[k], join(key, k))
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			n, err := normalize(e, fmt.Sprintf("%s[%d]", key, i))
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case []string:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = e
		}
		return out, nil
	default:
		return v, nil
	}
}

func join(key, k string) string {
	if key == "" {
		return k
	}
	return key + "." + k
}

// golangciConfigNames are the names golangci-lint looks for, in its order.
var golangciConfigNames = []string{".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"}

// configDir is the directory relative paths in the settings resolve
// against: that of the golangci-lint configuration file given with -c or
// --config, else of the one golangci-lint finds from the working directory
// up, else the working directory.
func configDir(args []string) string {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	for i, a := range args {
		if a == "--" {
			break
		}
		var file string
		switch {
		case a == "-c" || a == "--config":
			if i+1 < len(args) {
				file = args[i+1]
			}
		case strings.HasPrefix(a, "-c="), strings.HasPrefix(a, "--config="):
			file = a[strings.IndexByte(a, '=')+1:]
		}
		if file != "" {
			if !filepath.IsAbs(file) {
				file = filepath.Join(wd, file)
			}
			return filepath.Dir(file)
		}
	}
	for d := wd; ; {
		for _, name := range golangciConfigNames {
			if _, err := os.Stat(filepath.Join(d, name)); err == nil {
				return d
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return wd
		}
		d = parent
	}
}
