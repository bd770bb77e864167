package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badInputCase is one row of the README's "Bad input" table: what the user
// got wrong, and what the one line on stderr must name.
type badInputCase struct {
	name  string
	files map[string]string // beside notes/notes.go (cleanGo)
	setup func(t *testing.T, dir string)
	args  []string // before ./...
	want  []string // each must appear in the one stderr line ({dir} is the module)
	modes [][]string
}

var textAndJSON = [][]string{nil, {"-json"}}

var badInputCases = []badInputCase{
	{
		name:  "broken YAML",
		files: map[string]string{".tenantleak.yml": "version: 1\ntenant:\n  names: [shop\n"},
		want:  []string{".tenantleak.yml:3: invalid YAML"},
	},
	{
		name:  "unknown key",
		files: map[string]string{".tenantleak.yml": "version: 1\ntenant:\n  nmes: [shop]\n"},
		want:  []string{".tenantleak.yml:3: tenant.nmes: unknown key"},
	},
	{
		name:  "wrong type",
		files: map[string]string{".tenantleak.yml": "version: 1\ntenant:\n  names: 3\n"},
		want:  []string{".tenantleak.yml:3: tenant.names: want a list"},
	},
	{
		name:  "bad pattern",
		files: map[string]string{".tenantleak.yml": "version: 1\nglobals:\n  keys: [\"feature:[\"]\n"},
		want:  []string{".tenantleak.yml:3: globals.keys[0]:", "not a valid glob pattern"},
	},
	{
		name:  "missing schema file",
		files: map[string]string{".tenantleak.yml": "version: 1\nschema: [db/schema.sql]\n"},
		want:  []string{".tenantleak.yml:2: schema[0]:", "matches no file"},
	},
	{
		name: "schema with syntax errors",
		files: map[string]string{
			".tenantleak.yml": "version: 1\nschema: [db/schema.sql]\n",
			"db/schema.sql":   "CREATE TABLE notes (id bigint PRIMARY KEY);\n\nCREATE TABLE tags (id bigint, tenant_id bigint;\n",
		},
		want: []string{"config: schema:", "db/schema.sql:3: syntax error"},
	},
	{
		name: "model for a package that does not exist",
		files: map[string]string{
			".tenantleak.yml": "version: 1\nmodels: [models/acme.yml]\n",
			"models/acme.yml": "# the typo: acme.com for example.com\npackage: acme.com/app/db\nsinks:\n  - kind: sql\n    funcs: [\"(*DB).Run\"]\n    query: \"0\"\n",
		},
		want: []string{"models/acme.yml:2: package: no package acme.com/app/db"},
	},
	{
		name: "model file with a bad key",
		files: map[string]string{
			".tenantleak.yml": "version: 1\nmodels: [models/db.yml]\n",
			"models/db.yml":   "package: example.com/app/notes\nsinkz: []\n",
		},
		want: []string{"models/db.yml:2: sinkz: unknown key"},
	},
	{
		name:  "unreadable config file (a directory)",
		setup: func(t *testing.T, dir string) { mkdir(t, filepath.Join(dir, ".tenantleak.yml")) },
		want:  []string{".tenantleak.yml: cannot read the config file"},
	},
	{
		name: "unreadable config file (a broken link)",
		setup: func(t *testing.T, dir string) {
			if err := os.Symlink(filepath.Join(dir, "ci", "gone.yml"), filepath.Join(dir, ".tenantleak.yml")); err != nil {
				t.Skip(err)
			}
		},
		want: []string{".tenantleak.yml: cannot read the config file: no such file or directory"},
	},
	{
		name: "unreadable config file (no read permission)",
		setup: func(t *testing.T, dir string) {
			p := filepath.Join(dir, ".tenantleak.yml")
			if err := os.WriteFile(p, []byte("version: 1\n"), 0o000); err != nil {
				t.Fatal(err)
			}
			if f, err := os.Open(p); err == nil {
				f.Close()
				t.Skip("running as a user who reads any file (root)")
			}
		},
		want: []string{".tenantleak.yml: cannot read the config file: permission denied"},
	},
	{
		name:  "conflicting flags: -fix with -json",
		args:  []string{"-fix", "-json"},
		want:  []string{"-fix and -json cannot be used together"},
		modes: [][]string{nil},
	},
	{
		name:  "conflicting flags: -fix with -format sarif",
		args:  []string{"-fix", "-format", "sarif"},
		want:  []string{"-fix and -format sarif cannot be used together"},
		modes: [][]string{nil},
	},
	{
		name:  "conflicting flags: -fix with -sarif FILE",
		args:  []string{"-fix", "-sarif", "out.sarif"},
		want:  []string{"-fix and -sarif cannot be used together"},
		modes: [][]string{nil},
	},
	{
		name:  "conflicting flags: -json with -format sarif",
		args:  []string{"-json", "-format", "sarif"},
		want:  []string{"-json and -format sarif disagree"},
		modes: [][]string{nil},
	},
	{
		name:  "conflicting flags: -timing with -fix",
		args:  []string{"-fix", "-timing", "t.txt"},
		want:  []string{"-timing and -fix cannot be used together"},
		modes: [][]string{nil},
	},
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestBadInput checks each row of the README's bad input table: exit 2,
// exactly one line on stderr naming the file, line and key, and no output
// that could be read as a clean run.
func TestBadInput(t *testing.T) {
	for _, tc := range badInputCases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"notes/notes.go": cleanGo}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := writeModule(t, files)
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			modes := tc.modes
			if modes == nil {
				modes = textAndJSON
			}
			for _, mode := range modes {
				args := append(append(append([]string{}, mode...), tc.args...), "./...")
				r := runTool(t, dir, args...)
				if r.code != 2 {
					t.Errorf("%v: want exit 2, got %s", args, r)
				}
				lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
				if len(lines) != 1 || lines[0] == "" {
					t.Errorf("%v: want one line on stderr, got %d:\n%s", args, len(lines), r.stderr)
				}
				for _, w := range tc.want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("%v: stderr does not contain %q:\n%s", args, w, r.stderr)
					}
				}
				if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
					t.Errorf("%v: panicked:\n%s", args, r.stderr)
				}
				checkNoCleanLookingStdout(t, mode, r)
			}
		})
	}
}

// A model of a package the run does load (a dependency, here the standard
// library's database/sql, matched up to major versions) is accepted.
func TestModelForALoadedPackageIsAccepted(t *testing.T) {
	dir := writeModule(t, map[string]string{
		".tenantleak.yml":  "version: 1\nmodels: [models/sql.yml, models/notes.yml]\n",
		"models/sql.yml":   "package: database/sql\nsinks:\n  - kind: sql\n    funcs: [\"(*DB).Query\"]\n    query: \"0\"\n",
		"models/notes.yml": "package: example.com/app/notes\nopaque: [\"(*Store).Rename\"]\n",
		"notes/notes.go":   cleanGo,
	})
	r := runTool(t, dir, "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("want exit 0 with models of loaded packages, got %s", r)
	}
}

// -timing writes one line per root package: its ID, a tab and seconds.
func TestTimingWritesPerPackageDurations(t *testing.T) {
	dir := writeModule(t, map[string]string{"notes/notes.go": notesGo, "util/util.go": "package util\n\nfunc F() int { return 1 }\n"})
	file := filepath.Join(dir, "timing.txt")
	r := runTool(t, dir, "-timing", file, "./...")
	if r.code != 1 {
		t.Fatalf("want exit 1 (the finding), got %s", r)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		id, secs, ok := strings.Cut(l, "\t")
		if !ok || secs == "" {
			t.Fatalf("bad timing line %q", l)
		}
		ids = append(ids, id)
	}
	want := []string{"example.com/app/notes", "example.com/app/util"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("timing lists %v, want %v", ids, want)
	}
}
