package main

// The end-to-end test of the golangci-lint module plugin: it builds this
// module (golangci-lint v2 with the plugin compiled in) as a user would, with
// go build and nothing but the module proxy, and runs it on testdata/leaky.
//
// It is slow on a cold machine (golangci-lint and its dependencies are
// downloaded and compiled: minutes) and is run by .ci/run from this
// directory. It never skips: when the binary cannot be built, it fails.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// golangciLint is the binary under test, built by TestMain.
var golangciLint string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tenantleak-gcl-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	golangciLint = filepath.Join(dir, "golangci-lint")
	start := time.Now()
	// -mod=mod: a requirement added to tenantleak's go.mod (replaced by
	// ../..) is added here too, instead of failing the build; run go mod
	// tidy here to record it.
	build := exec.Command("go", "build", "-mod=mod", "-o", golangciLint, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building golangci-lint with the tenantleak plugin (go build in plugin/gcl): %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "built golangci-lint with the tenantleak plugin in %s\n", time.Since(start).Round(time.Second))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
		Column   int
	}
}

type lintResult struct {
	issues []issue
	code   int
	stdout string
	stderr string
}

func (r lintResult) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// lint runs golangci-lint run on the testdata module with a fresh cache
// and the given extra arguments, reading the issues from its JSON output.
func lint(t *testing.T, args ...string) lintResult {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "leaky"))
	if err != nil {
		t.Fatal(err)
	}
	jsonOut := filepath.Join(t.TempDir(), "issues.json")
	cmd := exec.Command(golangciLint, append([]string{"run", "--output.json.path", jsonOut, "--output.text.path", "stdout"}, append(args, "./...")...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOWORK=off", "GOPROXY=off", "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	r := lintResult{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.Exited():
		r.code = exit.ExitCode()
	default:
		t.Fatalf("running golangci-lint: %v\n%s", err, r)
	}
	if data, err := os.ReadFile(jsonOut); err == nil {
		var out struct{ Issues []issue }
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("golangci-lint's JSON output does not parse: %v\n%s", err, data)
		}
		r.issues = out.Issues
		sort.Slice(r.issues, func(i, j int) bool {
			a, b := r.issues[i].Pos, r.issues[j].Pos
			if a.Filename != b.Filename {
				return a.Filename < b.Filename
			}
			return a.Line < b.Line
		})
	}
	return r
}

// lineOf returns the line of the testdata file (relative to
// testdata/leaky) that contains marker.
func lineOf(t *testing.T, file, marker string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "leaky", filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line contains %q", file, marker)
	return 0
}

// want is one expected issue: its file, the marker on its line, its ID and
// what its message must say (the folded related information).
type want struct {
	file, marker, id string
	says             []string
}

func check(t *testing.T, r lintResult, wants []want) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("want exit 1 (issues found), got %s", r)
	}
	got := map[string]issue{}
	for _, is := range r.issues {
		if is.FromLinter != "tenantleak" {
			t.Errorf("issue from linter %q, want tenantleak only: %+v", is.FromLinter, is)
		}
		if strings.Contains(is.Text, "related information") {
			t.Errorf("related information reported as its own issue (a //nolint on the finding would not cover it): %+v", is)
		}
		got[fmt.Sprintf("%s:%d", filepath.ToSlash(is.Pos.Filename), is.Pos.Line)] = is
	}
	for _, w := range wants {
		key := fmt.Sprintf("%s:%d", w.file, lineOf(t, w.file, w.marker))
		is, ok := got[key]
		if !ok {
			t.Errorf("no issue at %s (%s); got:\n%s", key, w.marker, r.stdout)
			continue
		}
		delete(got, key)
		if !strings.HasPrefix(is.Text, w.id+": ") {
			t.Errorf("%s: issue %q, want ID %s", key, is.Text, w.id)
		}
		for _, s := range w.says {
			if !strings.Contains(is.Text, s) {
				t.Errorf("%s: message %q does not say %q", key, is.Text, s)
			}
		}
	}
	for key, is := range got {
		t.Errorf("unexpected issue at %s: %s", key, is.Text)
	}
}

// TestPluginSettings runs with .golangci.yml, whose settings: block makes
// shop a tenant word and plans a global table; the module's .tenantleak.yml
// (which disables TL004) is not read.
func TestPluginSettings(t *testing.T) {
	start := time.Now()
	r := lint(t)
	t.Logf("golangci-lint run: %s", time.Since(start).Round(time.Millisecond))
	check(t, r, []want{
		{"files/files.go", "want TL004", "TL004", []string{
			fmt.Sprintf("address built at files/files.go:%d", lineOf(t, "files/files.go", "the path is built here")),
			fmt.Sprintf("tenant available at files/files.go:%d", lineOf(t, "files/files.go", "func (f *Files) Read")),
		}},
		{"store/store.go", "want TL001 Archive", "TL001", []string{
			fmt.Sprintf("tenant available at store/store.go:%d", lineOf(t, "store/store.go", "func (s *Store) Archive")),
		}},
		{"store/store.go", "want TL001 via noteByID", "TL001", []string{
			// where the query was built: the helper's statement
			fmt.Sprintf("via Store.noteByID at store/store.go:%d", lineOf(t, "store/store.go", `"SELECT title FROM notes WHERE id = $1"`)),
			"shopID",
		}},
	})
	// Purge (//nolint:tenantleak), Restore (//tenantleak:ignore) and Plans
	// (globals.tables) are silent: check names them for clearer failures.
	for _, m := range []string{"//nolint:tenantleak", `"UPDATE notes SET archived = false WHERE id = $1"`, `"SELECT id, name FROM plans"`} {
		line := lineOf(t, "store/store.go", m)
		for _, is := range r.issues {
			if is.Pos.Line == line && strings.HasSuffix(is.Pos.Filename, "store.go") {
				t.Errorf("line %d (%s) should be silent, got %s", line, m, is.Text)
			}
		}
	}
}

// TestPluginDiscovery runs with a golangci-lint config without settings:
// each package reads the module's .tenantleak.yml, which disables TL004.
func TestPluginDiscovery(t *testing.T) {
	r := lint(t, "-c", "golangci-discovery.yml")
	check(t, r, []want{
		{"store/store.go", "want TL001 Archive", "TL001", nil},
		{"store/store.go", "want TL001 via noteByID", "TL001", []string{"via Store.noteByID at store/store.go:"}},
	})
}

// TestPluginUnknownSetting: a misspelt key in the settings: block stops the
// run with an error naming the key.
func TestPluginUnknownSetting(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "golangci.yml")
	data, err := os.ReadFile(filepath.Join("testdata", "leaky", ".golangci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "names: [shop]", "namez: [shop]", 1)
	if bad == string(data) {
		t.Fatal("testdata/leaky/.golangci.yml no longer sets tenant.names")
	}
	if err := os.WriteFile(cfg, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	r := lint(t, "-c", cfg)
	if r.code == 0 || r.code == 1 {
		t.Errorf("want a failing exit status (not 0 or 1) for an unknown setting, got %s", r)
	}
	if !strings.Contains(r.stderr, "tenant.namez") || !strings.Contains(r.stderr, "unknown key") {
		t.Errorf("stderr does not name the unknown key tenant.namez:\n%s", r.stderr)
	}
}
