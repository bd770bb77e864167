package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// tree lays out a module inside an outer directory:
//
//	outer/.tenantleak.yml            found only from plain/, which is in no module
//	outer/mod/go.mod
//	outer/mod/.tenantleak.yml        dialect mysql, disables TL003
//	outer/mod/a/b/                   no config: finds mod's
//	outer/mod/svc/.tenantleak.yaml   dialect sqlite: nearest wins, not merged
//	outer/mod/svc/internal/x/
//	outer/mod/nocfg/go.mod           a nested module without config: mod's is not found
//	outer/plain/                     no go.mod up to the root: the walk goes on
func tree(t *testing.T) string {
	t.Helper()
	outer := t.TempDir()
	write(t, outer, map[string]string{
		".tenantleak.yml":            "dialect: mysql\n",
		"mod/go.mod":                 "module example.com/mod\n",
		"mod/.tenantleak.yml":        "dialect: mysql\ndisable: [TL003]\n",
		"mod/a/b/x.go":               "package b\n",
		"mod/svc/.tenantleak.yaml":   "dialect: sqlite\n",
		"mod/svc/internal/x/x.go":    "package x\n",
		"mod/nocfg/go.mod":           "module example.com/nocfg\n",
		"mod/nocfg/p/p.go":           "package p\n",
		"mod/both/.tenantleak.yml":   "",
		"mod/both/.tenantleak.yaml":  "",
		"mod/broken/.tenantleak.yml": "dialect: oracle\n",
		"mod/broken/p/p.go":          "package p\n",
		"override/.tenantleak.yml":   "dialect: sqlite3\n",
		"override/elsewhere.yml":     "dialect: postgresql\n",
		"plain/p.go":                 "package p\n",
	})
	return outer
}

func TestFind(t *testing.T) {
	outer := tree(t)
	for _, tc := range []struct{ dir, want string }{
		{"mod", "mod/.tenantleak.yml"},
		{"mod/a/b", "mod/.tenantleak.yml"},
		{"mod/svc", "mod/svc/.tenantleak.yaml"},
		{"mod/svc/internal/x", "mod/svc/.tenantleak.yaml"},
		{"mod/nocfg/p", ""}, // stops at the nested module's go.mod
		{"mod/nocfg", ""},
		{"override", "override/.tenantleak.yml"},
		{"plain", ".tenantleak.yml"},
	} {
		got, err := Find(filepath.Join(outer, tc.dir))
		want := ""
		if tc.want != "" {
			want = filepath.Join(outer, tc.want)
		}
		if err != nil || got != want {
			t.Errorf("Find(%s) = %q, %v; want %q", tc.dir, got, err, want)
		}
	}
	if _, err := Find(filepath.Join(outer, "mod/both")); err == nil || !strings.Contains(err.Error(), "both .tenantleak.yml and .tenantleak.yaml exist") {
		t.Errorf("Find(both) = %v, want an error naming both files", err)
	}
}

func TestForDir(t *testing.T) {
	outer := tree(t)
	var l Loader
	get := func(dir string) *Config {
		t.Helper()
		c, err := l.ForDir(filepath.Join(outer, dir))
		if err != nil {
			t.Fatalf("ForDir(%s): %v", dir, err)
		}
		return c
	}
	root, ab, svc, x := get("mod"), get("mod/a/b"), get("mod/svc"), get("mod/svc/internal/x")
	if root != ab || svc != x {
		t.Errorf("packages sharing a config file got different Configs")
	}
	if root.Settings.Dialect != "mysql" || !root.Disabled("TL003") || svc.Settings.Dialect != "sqlite" || svc.Disabled("TL003") {
		t.Errorf("wrong configs: mod %+v, svc %+v", root.Settings, svc.Settings)
	}
	if d := get("mod/nocfg/p"); d.File != "" || d.Settings.Dialect != "postgres" || d != get("mod/nocfg") {
		t.Errorf("no config file: got %+v, want the (shared) defaults", d)
	}

	// A file is read once per process: a later edit goes unseen.
	write(t, outer, map[string]string{"mod/.tenantleak.yml": "dialect: sqlite\n"})
	if get("mod") != root || get("mod/a") != root {
		t.Errorf("ForDir read the config file again")
	}

	// Errors are cached and name the file.
	for range 2 {
		_, err := l.ForDir(filepath.Join(outer, "mod/broken/p"))
		if want := filepath.Join(outer, "mod/broken/.tenantleak.yml") + `:1: dialect: unknown dialect "oracle"`; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ForDir(broken) = %v, want %q", err, want)
		}
	}

	// -config overrides discovery for every package; clearing it restores discovery.
	l.SetOverride(filepath.Join(outer, "override/elsewhere.yml"))
	if c := get("mod/svc"); c.File != filepath.Join(outer, "override/elsewhere.yml") || c.Settings.Dialect != "postgres" {
		t.Errorf("with an override: %s (%s)", c.File, c.Settings.Dialect)
	}
	l.SetOverride("")
	if get("mod/svc") != svc {
		t.Errorf("cleared override: discovery did not come back")
	}

	// golangci-lint settings win over everything.
	s, err := FromMap(map[string]any{"dialect": "mysql"}, outer)
	if err != nil {
		t.Fatal(err)
	}
	l.SetOverride(filepath.Join(outer, "override/elsewhere.yml"))
	l.SetConfig(s)
	if get("mod/svc") != s {
		t.Errorf("SetConfig: not used")
	}
	l.SetConfig(nil)
	l.SetOverride("")
	if get("mod/svc") != svc {
		t.Errorf("cleared SetConfig and override: discovery did not come back")
	}
}

func TestForDirConcurrent(t *testing.T) {
	outer := tree(t)
	var l Loader
	dirs := []string{"mod", "mod/a/b", "mod/svc", "mod/svc/internal/x", "mod/nocfg/p", "mod/broken/p"}
	got := make([][]*Config, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for _, d := range dirs {
				c, _ := l.ForDir(filepath.Join(outer, d))
				got[g] = append(got[g], c)
			}
		})
	}
	wg.Wait()
	for g := range got {
		if fmt.Sprint(got[g]) != fmt.Sprint(got[0]) {
			t.Fatalf("goroutine %d got other Configs than goroutine 0", g)
		}
	}
}

func TestPackageLevelOverride(t *testing.T) {
	outer := tree(t)
	SetOverride(filepath.Join(outer, "override/.tenantleak.yml"))
	defer SetOverride("")
	c, err := ForDir(filepath.Join(outer, "mod/svc"))
	if err != nil || c.Settings.Dialect != "sqlite" || c.File != filepath.Join(outer, "override/.tenantleak.yml") {
		t.Errorf("ForDir with SetOverride = %+v, %v", c, err)
	}
}

// A .tenantleak.yml that is a broken symbolic link is found, and reading it
// is an error naming it: it must not silently give the defaults.
func TestFindBrokenLink(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, ".tenantleak.yml")
	if err := os.Symlink(filepath.Join(dir, "gone.yml"), link); err != nil {
		t.Skip(err)
	}
	got, err := Find(dir)
	if err != nil || got != link {
		t.Fatalf("Find = %q, %v; want %q", got, err, link)
	}
	var l Loader
	_, err = l.ForDir(dir)
	var e *Error
	if !errors.As(err, &e) || e.File != link || !strings.Contains(e.Msg, "cannot read the config file") {
		t.Fatalf("ForDir = %v; want an *Error naming %s", err, link)
	}
}

func TestModuleRoot(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := ModuleRoot(sub); got != "" && !strings.HasPrefix(dir, got) {
		t.Fatalf("ModuleRoot without go.mod = %q, want none below %s", got, dir)
	}
	if err := os.WriteFile(filepath.Join(dir, "a", "go.mod"), []byte("module a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := ModuleRoot(sub), filepath.Join(dir, "a"); got != want {
		t.Fatalf("ModuleRoot = %q, want %q", got, want)
	}
}
