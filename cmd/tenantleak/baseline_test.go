package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// baselineModule writes notesGo (a TL001 in Store.Archive) and a clean
// second package, and records its findings in baseline.json.
func baselineModule(t *testing.T) (dir, baseline string) {
	t.Helper()
	dir = writeModule(t, map[string]string{
		"notes/notes.go": notesGo,
		"tags/tags.go":   strings.ReplaceAll(cleanGo, "package notes", "package tags"),
	})
	baseline = filepath.Join(dir, "ci", "tenantleak-baseline.json")
	r := runTool(t, dir, "-write-baseline", baseline, "./...")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "wrote 1 findings") {
		t.Fatalf("-write-baseline: want exit 0, nothing on stdout and a summary on stderr, got %s", r)
	}
	return dir, baseline
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBaselineFileRecordsIdentityWithoutLines(t *testing.T) {
	t.Parallel()
	_, baseline := baselineModule(t)
	data, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Version  int
		Tool     string
		Findings []map[string]any
	}
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatalf("the baseline is not JSON: %v\n%s", err, data)
	}
	if b.Version != 1 || b.Tool != "tenantleak" || len(b.Findings) != 1 {
		t.Fatalf("baseline = %s", data)
	}
	f := b.Findings[0]
	if f["id"] != "TL001" || f["file"] != "notes/notes.go" || f["function"] != "Store.Archive" {
		t.Errorf("baseline entry %v: want TL001 in notes/notes.go, Store.Archive", f)
	}
	if _, ok := f["line"]; ok {
		t.Errorf("the baseline records a line number: %v", f)
	}
}

func TestBaselineSuppressesKnownFindings(t *testing.T) {
	t.Parallel()
	dir, baseline := baselineModule(t)
	for _, mode := range [][]string{nil, {"-json"}, {"-format", "sarif"}} {
		r := runTool(t, dir, append(mode, "-baseline", baseline, "./...")...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%v: want exit 0 with every finding in the baseline, got %s", mode, r)
		}
		if len(mode) == 2 {
			validateSARIF(t, []byte(r.stdout))
			res := parseSARIF(t, []byte(r.stdout)).Runs[0].Results
			if len(res) != 1 || res[0].BaselineState != "unchanged" {
				t.Errorf("%v: want the known finding as baselineState unchanged, got %+v", mode, res)
			}
		} else if strings.Contains(r.stdout, "TL001") {
			t.Errorf("%v: the known finding is printed:\n%s", mode, r.stdout)
		}
	}
}

// Code moved within its file (new code above it, its function moved below
// another) keeps its identity.
func TestBaselineMovedCode(t *testing.T) {
	t.Parallel()
	dir, baseline := baselineModule(t)
	archive := notesGo[strings.Index(notesGo, "func (s *Store) Archive"):strings.Index(notesGo, "func (s *Store) Rename")]
	moved := strings.Replace(notesGo, archive, "", 1) + "\n" + archive
	moved = strings.Replace(moved, "type Store struct {", "// Store keeps notes.\n//\n// More lines.\ntype Store struct {", 1)
	writeFile(t, dir, "notes/notes.go", moved)
	if lineOf(t, moved, "// LEAK") == lineOf(t, notesGo, "// LEAK") {
		t.Fatal("the edit did not move the finding")
	}
	r := runTool(t, dir, "-baseline", baseline, "./...")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("want the moved finding matched (exit 0, no output), got %s", r)
	}
}

// A renamed file keeps its findings' identity: the baseline's file no
// longer exists, the function and message are the same.
func TestBaselineRenamedFile(t *testing.T) {
	t.Parallel()
	dir, baseline := baselineModule(t)
	if err := os.Rename(filepath.Join(dir, "notes", "notes.go"), filepath.Join(dir, "notes", "store.go")); err != nil {
		t.Fatal(err)
	}
	r := runTool(t, dir, "-baseline", baseline, "-baseline-gone", "./...")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("want the finding of the renamed file matched, and nothing gone (exit 0, no output), got %s", r)
	}
}

// A new finding fails the gate and is the only one printed, in every
// format; -json keeps the go/analysis shape.
func TestBaselineReportsOnlyNewFindings(t *testing.T) {
	t.Parallel()
	dir, baseline := baselineModule(t)
	newLeak := strings.Replace(notesGo, `"UPDATE notes SET title = $1 WHERE id = $2 AND tenant_id = $3", title, id, tenantID)`,
		`"UPDATE notes SET title = $1 WHERE id = $2", title, id) // NEW`, 1)
	writeFile(t, dir, "notes/notes.go", newLeak)
	r := runTool(t, dir, "-baseline", baseline, "./...")
	if r.code != 1 {
		t.Fatalf("want exit 1 for a new finding, got %s", r)
	}
	if n := strings.Count(r.stdout, ": TL00"); n != 1 || !strings.Contains(r.stdout, "notes.go:"+itoa(lineOf(t, newLeak, "// NEW"))+":") {
		t.Errorf("want only the new finding (line %d) printed, got:\n%s", lineOf(t, newLeak, "// NEW"), r.stdout)
	}
	j := runTool(t, dir, "-json", "-baseline", baseline, "./...")
	var tree map[string]map[string][]struct{ Posn, Message string }
	if err := json.Unmarshal([]byte(j.stdout), &tree); err != nil || j.code != 1 {
		t.Fatalf("-json -baseline: want exit 1 and the go/analysis JSON tree: %v\n%s", err, j)
	}
	if diags := tree["example.com/app/notes"]["tenantleak"]; len(diags) != 1 || !strings.Contains(diags[0].Posn, ":"+itoa(lineOf(t, newLeak, "// NEW"))+":") {
		t.Errorf("-json -baseline: want the new finding only, got %+v", diags)
	}
	s := runTool(t, dir, "-format", "sarif", "-baseline", baseline, "./...")
	states := map[string]int{}
	for _, res := range parseSARIF(t, []byte(s.stdout)).Runs[0].Results {
		states[res.BaselineState]++
	}
	if s.code != 1 || states["new"] != 1 || states["unchanged"] != 1 || len(states) != 2 {
		t.Errorf("-format sarif -baseline: want exit 1, one new and one unchanged result, got %v: %s", states, s)
	}
}

// A second identical finding in the same function is new: the baseline
// counts occurrences.
func TestBaselineCountsOccurrences(t *testing.T) {
	t.Parallel()
	dir, baseline := baselineModule(t)
	twice := strings.Replace(notesGo, "\treturn err\n}\n\nfunc (s *Store) Rename",
		"\tif err != nil {\n\t\treturn err\n\t}\n\t_, err = s.db.ExecContext(ctx, \"UPDATE notes SET archived = true WHERE id = $1\", id) // AGAIN\n\treturn err\n}\n\nfunc (s *Store) Rename", 1)
	if twice == notesGo {
		t.Fatal("edit failed")
	}
	writeFile(t, dir, "notes/notes.go", twice)
	r := runTool(t, dir, "-baseline", baseline, "./...")
	if r.code != 1 || strings.Count(r.stdout, ": TL001: ") != 1 {
		t.Errorf("want one new finding (the second occurrence), got %s", r)
	}
}

// A fixed finding is gone: the gate passes; stderr says how many are gone,
// and with -baseline-gone which.
func TestBaselineFixedFindingIsGone(t *testing.T) {
	t.Parallel()
	dir, baseline := baselineModule(t)
	writeFile(t, dir, "notes/notes.go", cleanGo)
	r := runTool(t, dir, "-baseline", baseline, "./...")
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("want exit 0 and nothing on stdout after the fix, got %s", r)
	}
	if !strings.Contains(r.stderr, "1 findings of the baseline") || !strings.Contains(r.stderr, "gone") {
		t.Errorf("stderr does not say a finding is gone:\n%s", r.stderr)
	}
	v := runTool(t, dir, "-baseline", baseline, "-baseline-gone", "./...")
	if v.code != 0 || !strings.Contains(v.stderr, "gone: TL001 notes/notes.go Store.Archive: UPDATE on notes") {
		t.Errorf("-baseline-gone does not list the fixed finding:\n%s", v)
	}
	// A run on another package does not call it gone: it was not analysed.
	o := runTool(t, dir, "-baseline", baseline, "./tags")
	if o.code != 0 || o.stderr != "" {
		t.Errorf("a run on ./tags only reports findings of notes as gone: %s", o)
	}
}

func TestBaselineErrors(t *testing.T) {
	t.Parallel()
	dir, _ := baselineModule(t)
	bad := filepath.Join(dir, "bad.json")
	writeFile(t, dir, "bad.json", `{"version": 1, "tool": "tenantleak", "findings": [{"id": "TL001", "fil": "x.go"}]}`)
	for _, args := range [][]string{
		{"-baseline", bad, "./..."},
		{"-baseline", filepath.Join(dir, "missing.json"), "./..."},
	} {
		r := runTool(t, dir, args...)
		if r.code != 2 || r.stdout != "" {
			t.Errorf("%v: want exit 2 and nothing on stdout, got %s", args, r)
		}
	}
	// A run with errors writes no baseline.
	writeFile(t, dir, ".tenantleak.yml", "version: 1\ndialect: oracle\n")
	out := filepath.Join(dir, "new-baseline.json")
	if r := runTool(t, dir, "-write-baseline", out, "./..."); r.code != 2 {
		t.Errorf("-write-baseline with a config error: want exit 2, got %s", r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("-write-baseline wrote %s after a config error", out)
	}
}

// Go file arguments (what pre-commit passes) analyse their packages.
func TestGoFileArgumentsAnalyseTheirPackages(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"notes/notes.go":      notesGo,
		"notes/notes_test.go": "package notes\n",
		"tags/tags.go":        strings.ReplaceAll(notesGo, "package notes", "package tags"),
	})
	r := runTool(t, dir, "notes/notes.go", "notes/notes_test.go")
	if r.code != 1 || strings.Count(r.stdout, ": TL001: ") != 1 || strings.Contains(r.stdout, "tags") {
		t.Errorf("want the one finding of package notes (not tags), got %s", r)
	}
	c := runTool(t, filepath.Dir(dir), "-C", filepath.Base(dir), "tags/tags.go")
	if c.code != 1 || !strings.Contains(c.stdout, "tags.go") {
		t.Errorf("-C with a file argument: want the finding of tags, got %s", c)
	}
	// pre-commit runs at the repository root and passes paths from there:
	// with -C sub, sub/pkg/x.go is package ./pkg of sub.
	p := runTool(t, filepath.Dir(dir), "-C", filepath.Base(dir), filepath.Join(filepath.Base(dir), "notes", "notes.go"))
	if p.code != 1 || !strings.Contains(p.stdout, "notes.go") || strings.Contains(p.stdout, "tags.go") {
		t.Errorf("-C with a file argument relative to the working directory: want the finding of notes, got %s", p)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
