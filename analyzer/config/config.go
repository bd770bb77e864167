// Package config loads tenantleak's settings: the one settings struct that
// .tenantleak.yml, -config FILE and golangci-lint's settings: block share,
// decoded strictly and validated, with its lists resolved into what the
// engine asks about (tenant words and columns, parsed code references, glob
// matchers, absolute schema and model files).
//
// Discovery (Find, ForDir) takes the nearest .tenantleak.yml from the package
// directory up to the module root; there is no merging. A file's keys:
//
//	version: 1
//	dialect: postgres            # postgres | mysql | sqlite
//	tenant:
//	  names: [shop, -account]    # tenant words added to the defaults; -word removes one
//	  columns: [owner_org]       # tenant columns beyond <word>_id
//	  sources: [github.com/acme/app/auth.TenantFromContext]
//	  fields:  [github.com/acme/app/auth.Claims.OrgID]
//	  types:   [github.com/acme/app/tenant.ID]
//	  checks:  ["(*github.com/acme/app/authz.Service).RequireMember"]
//	  scopers: ["(*github.com/acme/app/db.Pools).For"]
//	untrusted: ["(*github.com/acme/app/web.Ctx).Query"]
//	schema: [db/schema.sql, "migrations/*.up.sql"]
//	stores: [github.com/acme/app/files.Server.Root]
//	globals:
//	  tables: [plans, schema_migrations]
//	  keys: ["feature:*"]
//	  paths: ["templates/**"]
//	  functions: ["github.com/acme/app/admin.*"]
//	models: [tenantleak-models.yml]
//	disable: [TL004]
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/tenantleak/tenantleak/analyzer/internal/yamlstrict"
)

// Settings is the one settings struct. The same keys come from
// .tenantleak.yml, -config FILE and golangci-lint's settings: block. Keys are
// lower-case and all collections are lists, because golangci-lint lower-cases
// map keys.
type Settings struct {
	Version   int      `yaml:"version"`   // 1 (absent is read as 1)
	Dialect   string   `yaml:"dialect"`   // postgres | mysql | sqlite; also postgresql, sqlite3
	Tenant    Tenant   `yaml:"tenant"`    //
	Untrusted []string `yaml:"untrusted"` // request inputs: functions (results), fields, types
	Schema    []string `yaml:"schema"`    // globs of CREATE TABLE files, relative to the config file
	Stores    []string `yaml:"stores"`    // tenant-owned store handles or roots: fields, package vars, functions (results)
	Globals   Globals  `yaml:"globals"`   //
	Models    []string `yaml:"models"`    // extra model files, relative to the config file
	Disable   []string `yaml:"disable"`   // finding IDs, TL001..TL007
}

// Tenant says what a tenant is called and where tenant values come from.
type Tenant struct {
	Names   []string `yaml:"names"`   // tenant words added to the defaults; "-word" removes a default
	Columns []string `yaml:"columns"` // tenant columns in SQL, added to <word>_id
	Sources []string `yaml:"sources"` // functions (or methods) whose result is a tenant value
	Fields  []string `yaml:"fields"`  // struct fields holding a tenant value
	Types   []string `yaml:"types"`   // named types whose values are tenant values
	Checks  []string `yaml:"checks"`  // membership checks: validate an untrusted tenant value
	Scopers []string `yaml:"scopers"` // functions whose result is a handle scoped to the tenant
}

// Globals lists what is shared by design and needs no tenant scope.
type Globals struct {
	Tables    []string `yaml:"tables"`    // glob patterns of table names
	Keys      []string `yaml:"keys"`      // glob patterns of cache and object keys ("feature:*")
	Paths     []string `yaml:"paths"`     // glob patterns of file paths ("templates/**")
	Functions []string `yaml:"functions"` // code references; "pkg.*" is every function and method of pkg
}

// Error is a configuration problem: "file:line: key: problem". Line is 0
// where the source has no lines (golangci-lint settings); Key is the dotted
// key path, such as tenant.sources[2].
type Error = yamlstrict.Error

// Positions maps key paths (tenant.sources[2]) to lines; see Config.Pos.
type Positions = yamlstrict.Positions

// DefaultWords are the tenant words that hold without configuration.
var DefaultWords = []string{"tenant", "org", "organization", "workspace", "project", "account"}

// FindingIDs are the IDs that disable accepts.
var FindingIDs = []string{"TL001", "TL002", "TL003", "TL004", "TL005", "TL006", "TL007"}

// Config is a loaded, validated configuration. It is shared between the
// packages of a run and must not be modified.
type Config struct {
	File     string    // absolute path of its file; "" for defaults and golangci-lint settings
	Dir      string    // absolute directory relative paths were resolved against; "" for defaults
	Settings Settings  // as written, but Version is 1 and Dialect one of postgres, mysql, sqlite
	Pos      Positions // lines of the keys, for later messages; nil without a file

	SchemaFiles []string // absolute, sorted per glob, without duplicates
	ModelFiles  []string // absolute
	Words       []string // tenant words: the defaults, less removed ones, plus names; lower-case
	Columns     []string // tenant columns: <word>_id for each word, plus tenant.columns; lower-case
	Refs        Refs     // the code references, parsed

	wordSet  map[string]struct{}
	disabled map[string]bool
	tables   []string // lower-case patterns
}

// Refs holds the parsed code references of each list, in order.
type Refs struct {
	Sources         []Ref // RefFunc, RefMethod, RefField (field or method)
	Fields          []Ref // RefField
	Types           []Ref // RefType
	Checks          []Ref // RefFunc, RefMethod (pkg.T.M is read as a method)
	Scopers         []Ref // RefFunc, RefMethod (pkg.T.M is read as a method)
	Untrusted       []Ref // RefFunc (function, variable or type), RefMethod, RefField (field or method)
	Stores          []Ref // RefFunc (function or variable), RefMethod, RefField (field or method)
	GlobalFunctions []Ref // RefFunc, RefMethod (pkg.T.M is read as a method), RefPackage
}

// Default returns the zero-configuration config: the default tenant words
// and their columns, dialect postgres, nothing global, nothing disabled.
func Default() *Config {
	c, err := build("", "", Settings{}, nil)
	if err != nil {
		panic("config: defaults do not validate: " + err.Error())
	}
	return c
}

// Load reads, strictly decodes and validates the config file at path.
// Relative paths in it resolve against its directory. Errors are *Error.
func Load(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{File: abs, Msg: "cannot read the config file: " + err.Error()}
	}
	return Parse(abs, filepath.Dir(abs), data)
}

// Parse is Load on data read elsewhere: file names the source in messages
// and Config.File, and relative paths resolve against dir. An empty document
// gives the defaults. Errors are *Error; no Config is returned with one.
func Parse(file, dir string, data []byte) (*Config, error) {
	var s Settings
	pos, err := yamlstrict.Decode(file, data, &s)
	if err != nil {
		return nil, err
	}
	return build(file, dir, s, pos)
}

// SettingsSource names golangci-lint settings in messages.
const SettingsSource = "golangci-lint settings"

// FromMap validates settings that golangci-lint decoded from its settings:
// block (nested map[string]any and []any). They are decoded as strictly as a
// file; errors name SettingsSource and the key, without a line, since the
// lines would be of a document the user never wrote. Relative paths resolve
// against dir. An empty map gives the defaults: callers that fall back to
// discovery when the block is empty check len(m) first.
func FromMap(m map[string]any, dir string) (*Config, error) {
	if len(m) == 0 {
		return build("", dir, Settings{}, nil)
	}
	data, err := yaml.Marshal(m)
	if err != nil {
		return nil, &Error{File: SettingsSource, Msg: "cannot read the settings: " + err.Error()}
	}
	c, err := Parse(SettingsSource, dir, data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Line = 0
		}
		return nil, err
	}
	c.File, c.Pos = "", nil
	return c, nil
}

// GlobalTable reports whether the table name matches a globals.tables
// pattern, ignoring case. A schema-qualified name (public.plans) also matches
// by its last part when the pattern has no dot.
func (c *Config) GlobalTable(name string) bool {
	if len(c.tables) == 0 {
		return false
	}
	name = strings.ToLower(name)
	short := name[strings.LastIndexByte(name, '.')+1:]
	for _, p := range c.tables {
		if doublestar.MatchUnvalidated(p, name) || short != name && !strings.Contains(p, ".") && doublestar.MatchUnvalidated(p, short) {
			return true
		}
	}
	return false
}

// GlobalKey reports whether a cache or object key matches a globals.keys
// pattern. As in all patterns, * does not cross a '/', ** does.
func (c *Config) GlobalKey(key string) bool {
	return matchAny(c.Settings.Globals.Keys, key)
}

// GlobalPath reports whether a file path (either separator) matches a
// globals.paths pattern.
func (c *Config) GlobalPath(path string) bool {
	return matchAny(c.Settings.Globals.Paths, filepath.ToSlash(path))
}

// GlobalFunction reports whether globals.functions names the function or
// method name of package pkg (recv is its receiver's type name, "" for a
// function).
func (c *Config) GlobalFunction(pkg, recv, name string) bool {
	for _, r := range c.Refs.GlobalFunctions {
		if r.Matches(pkg, recv, name) {
			return true
		}
	}
	return false
}

// Disabled reports whether the finding ID (TL001..TL007) is disabled.
func (c *Config) Disabled(id string) bool { return c.disabled[id] }

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if doublestar.MatchUnvalidated(p, s) {
			return true
		}
	}
	return false
}

// validator builds a Config and stops at the first problem.
type validator struct {
	c   *Config
	pos Positions
}

func (v *validator) errorf(key, format string, args ...any) error {
	return &Error{File: v.c.File, Line: v.pos.Line(key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

func build(file, dir string, s Settings, pos Positions) (*Config, error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, &Error{File: file, Msg: err.Error()}
		}
		dir = abs
	}
	v := &validator{c: &Config{File: file, Dir: dir, Settings: s, Pos: pos}, pos: pos}
	for _, step := range []func() error{v.version, v.dialect, v.words, v.columns, v.refs, v.globs, v.disable, v.files} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return v.c, nil
}

func (v *validator) version() error {
	switch v.c.Settings.Version {
	case 0, 1:
		v.c.Settings.Version = 1
		return nil
	}
	return v.errorf("version", "unsupported version %d: this tenantleak reads version 1", v.c.Settings.Version)
}

var dialects = map[string]string{
	"": "postgres", "postgres": "postgres", "postgresql": "postgres",
	"mysql": "mysql", "sqlite": "sqlite", "sqlite3": "sqlite",
}

func (v *validator) dialect() error {
	d, ok := dialects[strings.ToLower(v.c.Settings.Dialect)]
	if !ok {
		return v.errorf("dialect", "unknown dialect %q: want postgres, mysql or sqlite", v.c.Settings.Dialect)
	}
	v.c.Settings.Dialect = d
	return nil
}

func (v *validator) words() error {
	words := slices.Clone(DefaultWords)
	removed := map[string]bool{}
	for i, n := range v.c.Settings.Tenant.Names {
		w, remove := strings.CutPrefix(n, "-")
		if start, end := nextWord(w, 0); w == "" || start != 0 || end != len(w) || !unicode.IsLetter([]rune(w)[0]) {
			return v.errorf(fmt.Sprintf("tenant.names[%d]", i), "%q is not a tenant word: a word is letters only, one word of an identifier (shop, company); multi-word tenant columns go under tenant.columns", n)
		}
		w = strings.ToLower(w)
		if remove {
			removed[w] = true
		} else {
			words = append(words, w)
		}
	}
	for i, n := range v.c.Settings.Tenant.Names {
		if w, remove := strings.CutPrefix(n, "-"); remove && !slices.Contains(words, strings.ToLower(w)) {
			return v.errorf(fmt.Sprintf("tenant.names[%d]", i), "%q removes nothing: %s is not a tenant word (the defaults are %s)", n, w, strings.Join(DefaultWords, ", "))
		}
	}
	v.c.wordSet = map[string]struct{}{}
	for _, w := range words {
		if _, dup := v.c.wordSet[w]; !dup && !removed[w] {
			v.c.wordSet[w] = struct{}{}
			v.c.Words = append(v.c.Words, w)
		}
	}
	return nil
}

func (v *validator) columns() error {
	for _, w := range v.c.Words {
		v.c.Columns = append(v.c.Columns, w+"_id")
	}
	for i, col := range v.c.Settings.Tenant.Columns {
		if !isSQLIdent(col) {
			return v.errorf(fmt.Sprintf("tenant.columns[%d]", i), "%q is not an SQL column name: want letters, digits and _, not starting with a digit", col)
		}
		if col = strings.ToLower(col); !slices.Contains(v.c.Columns, col) {
			v.c.Columns = append(v.c.Columns, col)
		}
	}
	return nil
}

func isSQLIdent(s string) bool {
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || r == '$') {
			continue
		}
		return false
	}
	return s != ""
}

// refList is one list of code references and the kinds it takes.
type refList struct {
	key   string
	in    []string
	out   *[]Ref
	kinds []RefKind // accepted as parsed
	what  string    // what the list takes, for messages
	// rekind turns a parsed kind into the list's (pkg.T in types is a type).
	rekind map[RefKind]RefKind
}

func (v *validator) refs() error {
	s, r := &v.c.Settings, &v.c.Refs
	asMethod := map[RefKind]RefKind{RefField: RefMethod}
	const (
		fn     = "a function (pkg.Func)"
		method = "a method ((*pkg.Type).Method)"
		field  = "a field (pkg.Type.Field)"
	)
	lists := []refList{
		{key: "tenant.sources", in: s.Tenant.Sources, out: &r.Sources, kinds: []RefKind{RefFunc, RefMethod, RefField}, what: fn + ", " + method + " or " + field},
		{key: "tenant.fields", in: s.Tenant.Fields, out: &r.Fields, kinds: []RefKind{RefField}, what: field},
		{key: "tenant.types", in: s.Tenant.Types, out: &r.Types, kinds: []RefKind{RefFunc}, what: "a named type (pkg.Type)", rekind: map[RefKind]RefKind{RefFunc: RefType}},
		{key: "tenant.checks", in: s.Tenant.Checks, out: &r.Checks, kinds: []RefKind{RefFunc, RefMethod, RefField}, what: fn + " or " + method, rekind: asMethod},
		{key: "tenant.scopers", in: s.Tenant.Scopers, out: &r.Scopers, kinds: []RefKind{RefFunc, RefMethod, RefField}, what: fn + " or " + method, rekind: asMethod},
		{key: "untrusted", in: s.Untrusted, out: &r.Untrusted, kinds: []RefKind{RefFunc, RefMethod, RefField}, what: fn + ", " + method + ", " + field + " or a type (pkg.Type)"},
		{key: "stores", in: s.Stores, out: &r.Stores, kinds: []RefKind{RefFunc, RefMethod, RefField}, what: fn + ", " + method + ", " + field + " or a package variable (pkg.Var)"},
		{key: "globals.functions", in: s.Globals.Functions, out: &r.GlobalFunctions, kinds: []RefKind{RefFunc, RefMethod, RefField, RefPackage}, what: fn + ", " + method + " or a package (pkg.*)", rekind: asMethod},
	}
	for _, l := range lists {
		for i, raw := range l.in {
			key := fmt.Sprintf("%s[%d]", l.key, i)
			ref, err := ParseRef(raw)
			if err != nil {
				return v.errorf(key, "%q is not a code reference: %v", raw, err)
			}
			if !slices.Contains(l.kinds, ref.Kind) {
				return v.errorf(key, "%q is a %s reference; %s takes %s", raw, ref.Kind, l.key, l.what)
			}
			if k, ok := l.rekind[ref.Kind]; ok {
				ref.Kind = k
			}
			*l.out = append(*l.out, ref)
		}
	}
	return nil
}

func (v *validator) globs() error {
	g := &v.c.Settings.Globals
	for _, l := range []struct {
		key      string
		patterns []string
	}{{"globals.tables", g.Tables}, {"globals.keys", g.Keys}, {"globals.paths", g.Paths}} {
		for i, p := range l.patterns {
			if err := checkGlob(p); err != nil {
				return v.errorf(fmt.Sprintf("%s[%d]", l.key, i), "%v", err)
			}
		}
	}
	for _, p := range g.Tables {
		v.c.tables = append(v.c.tables, strings.ToLower(p))
	}
	return nil
}

func checkGlob(p string) error {
	if p == "" {
		return errors.New("empty pattern")
	}
	if !doublestar.ValidatePattern(p) {
		return fmt.Errorf("%q is not a valid glob pattern (unclosed [ or {, or a trailing \\)", p)
	}
	return nil
}

func (v *validator) disable() error {
	v.c.disabled = map[string]bool{}
	for i, id := range v.c.Settings.Disable {
		up := strings.ToUpper(id)
		if !slices.Contains(FindingIDs, up) {
			return v.errorf(fmt.Sprintf("disable[%d]", i), "%q is not a finding ID: want one of TL001..TL007", id)
		}
		v.c.disabled[up] = true
	}
	return nil
}

// files resolves schema globs and model files against the config's directory.
func (v *validator) files() error {
	for i, p := range v.c.Settings.Schema {
		key := fmt.Sprintf("schema[%d]", i)
		if err := checkGlob(p); err != nil {
			return v.errorf(key, "%v", err)
		}
		// The directory part before the first meta character is literal, so a
		// project under a directory named "a[1]" works.
		base, rest := doublestar.SplitPattern(filepath.ToSlash(p))
		root := v.abs(base)
		matches, err := doublestar.Glob(os.DirFS(root), rest, doublestar.WithFilesOnly())
		if err != nil {
			return v.errorf(key, "%q: %v", p, err)
		}
		if len(matches) == 0 {
			return v.errorf(key, "%q matches no file", p)
		}
		slices.Sort(matches)
		for _, m := range matches {
			m = filepath.Join(root, filepath.FromSlash(m))
			if !slices.Contains(v.c.SchemaFiles, m) {
				v.c.SchemaFiles = append(v.c.SchemaFiles, m)
			}
		}
	}
	for i, p := range v.c.Settings.Models {
		key := fmt.Sprintf("models[%d]", i)
		if p == "" {
			return v.errorf(key, "empty file name")
		}
		abs := v.abs(p)
		switch fi, err := os.Stat(abs); {
		case errors.Is(err, os.ErrNotExist):
			return v.errorf(key, "model file %q does not exist", p)
		case err != nil:
			return v.errorf(key, "model file %q: %v", p, errors.Unwrap(err))
		case !fi.Mode().IsRegular():
			return v.errorf(key, "model file %q is not a regular file", p)
		}
		v.c.ModelFiles = append(v.c.ModelFiles, abs)
	}
	return nil
}

// abs resolves a configured path against the config's directory.
func (v *validator) abs(p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	if v.c.Dir == "" {
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
	}
	return filepath.Join(v.c.Dir, p)
}
