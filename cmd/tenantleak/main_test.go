package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// These tests build the command once and run it as a user would: on small
// modules written to temporary directories, checking exit statuses, stdout
// and stderr. The modules use only the standard library, so no test needs
// the module proxy.

// bin is the command under test, built by TestMain.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tenantleak-cmd-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "tenantleak")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// writeModule writes a module named example.com/app with the given files
// (paths relative to the module root) and returns its directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{"go.mod": "module example.com/app\n\ngo 1.26\n"}
	for name, text := range files {
		all[name] = text
	}
	for name, text := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type result struct {
	stdout, stderr string
	code           int
}

// runTool runs the command in dir and returns what it printed and its exit
// status. A status that is not an exit (a signal) fails the test.
func runTool(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.Exited():
		r.code = exit.ExitCode()
	default:
		t.Fatalf("running tenantleak %s: %v\nstderr:\n%s", strings.Join(args, " "), err, r.stderr)
	}
	return r
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// notesGo is a small repository: Archive loses the tenant it holds (TL001 on
// the line marked LEAK); Rename scopes its statement.
const notesGo = `package notes

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

func (s *Store) Archive(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE notes SET archived = true WHERE id = $1", id) // LEAK
	return err
}

func (s *Store) Rename(ctx context.Context, tenantID string, id int64, title string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE notes SET title = $1 WHERE id = $2 AND tenant_id = $3", title, id, tenantID)
	return err
}
`

// cleanGo is notesGo with Archive fixed.
var cleanGo = strings.Replace(notesGo,
	`"UPDATE notes SET archived = true WHERE id = $1", id) // LEAK`,
	`"UPDATE notes SET archived = true WHERE id = $1 AND tenant_id = $2", id, tenantID)`, 1)

// lineOf returns the 1-based line of the first line of text containing sub.
func lineOf(t *testing.T, text, sub string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			return i + 1
		}
	}
	t.Fatalf("no line contains %q", sub)
	return 0
}

func TestCleanModuleExitsZeroAndPrintsNothing(t *testing.T) {
	dir := writeModule(t, map[string]string{"notes/notes.go": cleanGo})
	r := runTool(t, dir, "./...")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("want exit 0 and no output on clean code, got %s", r)
	}
}

func TestFindingExitsOneWithFileLineColumnFormat(t *testing.T) {
	dir := writeModule(t, map[string]string{"notes/notes.go": notesGo})
	r := runTool(t, dir, "./...")
	if r.code != 1 {
		t.Fatalf("want exit 1 with a finding, got %s", r)
	}
	re := regexp.MustCompile(`(?m)^(.+):(\d+):(\d+): (TL00\d): (.*)$`)
	m := re.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no line of the form file.go:LINE:COL: TL00x: message in stdout:\n%s", r)
	}
	if filepath.Base(m[1]) != "notes.go" {
		t.Errorf("finding in %s, want notes.go", m[1])
	}
	if want := lineOf(t, notesGo, "// LEAK"); m[2] != strconv.Itoa(want) {
		t.Errorf("finding on line %s, want line %d: %s", m[2], want, m[0])
	}
	if col, _ := strconv.Atoi(m[3]); col < 1 {
		t.Errorf("column %q is not a positive number: %s", m[3], m[0])
	}
	if m[4] != "TL001" {
		t.Errorf("finding ID %s, want TL001: %s", m[4], m[0])
	}
	if got := strings.Count(r.stdout, ": TL00"); got != 1 {
		t.Errorf("want exactly one finding (Rename is scoped), got %d:\n%s", got, r.stdout)
	}
}

func TestJSONOutputParsesAndCarriesTheFinding(t *testing.T) {
	dir := writeModule(t, map[string]string{"notes/notes.go": notesGo})
	r := runTool(t, dir, "-json", "./...")
	if r.code != 1 {
		t.Errorf("want exit 1 with a finding in -json mode too, got %s", r)
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("-json output does not parse as the go/analysis JSON tree: %v\n%s", err, r)
	}
	var diags []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	raw, ok := tree["example.com/app/notes"]["tenantleak"]
	if !ok {
		t.Fatalf("no tenantleak entry for example.com/app/notes in:\n%s", r.stdout)
	}
	if err := json.Unmarshal(raw, &diags); err != nil {
		t.Fatalf("tenantleak entry is not a list of diagnostics: %v\n%s", err, raw)
	}
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Message, "TL001: ") {
		t.Fatalf("want one TL001 diagnostic, got %+v", diags)
	}
	if want := fmt.Sprintf("notes.go:%d:", lineOf(t, notesGo, "// LEAK")); !strings.Contains(diags[0].Posn, want) {
		t.Errorf("posn %q does not contain %q", diags[0].Posn, want)
	}
}

// configErrorCases are .tenantleak.yml files with one problem each, the
// line it is on and the key stderr must name.
var configErrorCases = []struct {
	name string
	yml  string
	line int
	key  string
}{
	{"unknown key", "version: 1\ntenant:\n  namez: [shop]\n", 3, "tenant.namez"},
	{"wrong type", "version: 1\ntenant:\n  names:\n    shop: true\n", 4, "tenant.names"},
	{"bad version", "version: 7\n", 1, "version"},
	{"bad dialect", "version: 1\ndialect: oracle\n", 2, "dialect"},
	{"bad ref pattern", "version: 1\ntenant:\n  sources:\n    - \"(*example.com/app/auth.Session\"\n", 4, "tenant.sources[0]"},
	{"bad glob", "version: 1\nglobals:\n  keys: [\"feature:[abc\"]\n", 3, "globals.keys[0]"},
	{"schema glob matches no file", "version: 1\nschema:\n  - db/migrations/*.up.sql\n", 3, "schema[0]"},
	{"missing model file", "version: 1\nmodels: [models/acme.yml]\n", 2, "models[0]"},
	{"bad disable ID", "version: 1\ndisable: [TL001, TL009]\n", 2, "disable[1]"},
	{"broken YAML: tab in indentation", "version: 1\ntenant:\n\tnames: [shop]\n", 3, ""},
	{"broken YAML: unclosed flow sequence", "version: 1\ntenant:\n  names: [shop\n", 3, ""},
}

func TestConfigErrorsExitTwoNamingFileLineAndKey(t *testing.T) {
	for _, tc := range configErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeModule(t, map[string]string{
				".tenantleak.yml": tc.yml,
				"notes/notes.go":  cleanGo,
			})
			for _, mode := range [][]string{nil, {"-json"}} {
				r := runTool(t, dir, append(mode, "./...")...)
				if r.code != 2 {
					t.Errorf("%v: want exit 2 for a config error, got %s", mode, r)
				}
				where := fmt.Sprintf(".tenantleak.yml:%d", tc.line)
				if tc.line == 0 {
					where = ".tenantleak.yml"
				}
				if !strings.Contains(r.stderr, where) {
					t.Errorf("%v: stderr does not name %s:\n%s", mode, where, r.stderr)
				}
				if tc.key != "" && !strings.Contains(r.stderr, tc.key) {
					t.Errorf("%v: stderr does not name the key %s:\n%s", mode, tc.key, r.stderr)
				}
				if strings.Contains(r.stderr, "panic") {
					t.Errorf("%v: the config error panicked:\n%s", mode, r.stderr)
				}
				checkNoCleanLookingStdout(t, mode, r)
			}
		})
	}
}

// checkNoCleanLookingStdout fails the test when an erroring run printed
// something that a CI script reading stdout could take for a clean result:
// any text in text mode, or JSON without an error in -json mode.
func checkNoCleanLookingStdout(t *testing.T, mode []string, r result) {
	t.Helper()
	if len(mode) == 0 {
		if r.stdout != "" {
			t.Errorf("text mode: stdout is not empty after an error:\n%s", r.stdout)
		}
		return
	}
	out := strings.TrimSpace(r.stdout)
	if out == "" {
		return
	}
	if !json.Valid([]byte(out)) {
		return
	}
	if !strings.Contains(out, `"error"`) {
		t.Errorf("-json: stdout is JSON without an error, as a clean run's would be:\n%s", out)
	}
}

func TestConfigFlagWithMissingFileExitsTwo(t *testing.T) {
	dir := writeModule(t, map[string]string{"notes/notes.go": cleanGo})
	missing := filepath.Join(dir, "config", "tenantleak.yml")
	for _, mode := range [][]string{nil, {"-json"}} {
		r := runTool(t, dir, append(mode, "-config", missing, "./...")...)
		if r.code != 2 {
			t.Errorf("%v: want exit 2 for an unreadable -config file, got %s", mode, r)
		}
		if !strings.Contains(r.stderr, missing) {
			t.Errorf("%v: stderr does not name %s:\n%s", mode, missing, r.stderr)
		}
		checkNoCleanLookingStdout(t, mode, r)
	}
}

func TestConfigFlagIsUsedInsteadOfDiscovery(t *testing.T) {
	dir := writeModule(t, map[string]string{
		".tenantleak.yml":   "version: 1\ndialect: oracle\n",
		"ci/tenantleak.yml": "version: 1\ndisable: [TL001]\n",
		"notes/notes.go":    notesGo,
	})
	r := runTool(t, dir, "-config", filepath.Join(dir, "ci", "tenantleak.yml"), "./...")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("with -config disabling TL001 (and the broken discovered file ignored), want exit 0 and no output, got %s", r)
	}
}

func TestPackageThatDoesNotTypeCheckExitsTwoWithoutPanic(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"notes/notes.go": cleanGo,
		"notes/broken.go": `package notes

func (s *Store) Count() int {
	return s.missing
}
`,
	})
	for _, mode := range [][]string{nil, {"-json"}} {
		r := runTool(t, dir, append(mode, "./...")...)
		if r.code != 2 {
			t.Errorf("%v: want exit 2 for a package that does not type-check, got %s", mode, r)
		}
		if !strings.Contains(r.stderr, "s.missing undefined") && !strings.Contains(r.stderr, "missing") {
			t.Errorf("%v: stderr does not show the type error:\n%s", mode, r.stderr)
		}
		if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
			t.Errorf("%v: the type error panicked:\n%s", mode, r.stderr)
		}
		checkNoCleanLookingStdout(t, mode, r)
	}
}

func TestNoPatternsIsAUsageError(t *testing.T) {
	dir := writeModule(t, map[string]string{"notes/notes.go": cleanGo})
	r := runTool(t, dir)
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "Usage") {
		t.Errorf("want exit 2, usage on stderr and nothing on stdout, got %s", r)
	}
}

func TestGoVetVettoolReportsTheFinding(t *testing.T) {
	dir := writeModule(t, map[string]string{"notes/notes.go": notesGo})
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet -vettool exited 0 on a module with a leak:\n%s", out)
	}
	want := fmt.Sprintf("notes.go:%d:", lineOf(t, notesGo, "// LEAK"))
	if !strings.Contains(string(out), want) || !strings.Contains(string(out), "TL001: ") {
		t.Errorf("go vet output does not show the TL001 finding at %s:\n%s", want, out)
	}
}

func TestGoVetVettoolPassesCleanCode(t *testing.T) {
	dir := writeModule(t, map[string]string{"notes/notes.go": cleanGo})
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet -vettool failed on clean code: %v\n%s", err, out)
	}
}

// unusedIgnoreGo has an ignore directive above a scoped statement: it
// suppresses nothing.
const unusedIgnoreGo = `package notes

import (
	"context"
	"database/sql"
)

type Store struct {
	db *sql.DB
}

func (s *Store) Count(ctx context.Context, tenantID string) (int, error) {
	var n int
	//tenantleak:ignore TL001 counted per tenant since the notes rework
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM notes WHERE tenant_id = $1", tenantID).Scan(&n)
	return n, err
}
`

// fixUnusedIgnore writes a module with an unused ignore directive, checks
// that it is reported, runs -fix and returns the fixed file's content.
func fixUnusedIgnore(t *testing.T) (dir string, fixed []byte) {
	t.Helper()
	dir = writeModule(t, map[string]string{"notes/notes.go": unusedIgnoreGo})
	before := runTool(t, dir, "./...")
	if before.code != 1 || !strings.Contains(before.stdout, "suppresses nothing") {
		t.Fatalf("want the unused directive reported (exit 1) before -fix, got %s", before)
	}
	if r := runTool(t, dir, "-fix", "./..."); r.code > 1 {
		t.Fatalf("-fix failed: %s", r)
	}
	data, err := os.ReadFile(filepath.Join(dir, "notes", "notes.go"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, data
}

func TestFixRemovesUnusedIgnoreDirective(t *testing.T) {
	dir, data := fixUnusedIgnore(t)
	got := string(data)
	if strings.Contains(got, "tenantleak:ignore") {
		t.Fatalf("-fix left the unused directive in place:\n%s", got)
	}
	if !strings.Contains(got, `err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM notes WHERE tenant_id = $1", tenantID).Scan(&n)`) {
		t.Errorf("-fix changed more than the directive:\n%s", got)
	}
	if _, err := format.Source(data); err != nil {
		t.Errorf("-fix left a file that does not parse: %v\n%s", err, got)
	}
	if after := runTool(t, dir, "./..."); after.code != 0 || after.stdout != "" {
		t.Errorf("want a clean run after -fix, got %s", after)
	}
}

// A fix that leaves what gofmt rewrites (a whitespace-only line where the
// directive was) makes a formatting check fail right after -fix.
func TestFixLeavesGofmtCleanFile(t *testing.T) {
	_, data := fixUnusedIgnore(t)
	formatted, err := format.Source(data)
	if err != nil {
		t.Fatalf("-fix left a file that does not parse: %v\n%s", err, data)
	}
	if !bytes.Equal(formatted, data) {
		t.Errorf("-fix left a file gofmt would change:\n%s", data)
	}
}
