package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The SARIF 2.1.0 schema comes from gosec's test data; testdata/README.md
// says where and how to check the copy.
const sarifSchemaFile = "testdata/sarif-schema-2.1.0.json"

// validateSARIF validates a SARIF document against the SARIF 2.1.0 JSON
// schema, with format assertions (uri, uri-reference, date-time) on.
func validateSARIF(t *testing.T, doc []byte) {
	t.Helper()
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("the schema does not parse: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("the SARIF output is not JSON: %v\n%s", err, doc)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("the SARIF output does not validate against the SARIF 2.1.0 schema: %v\n%s", err, doc)
	}
}

// sarifLog is the part of a SARIF log the tests read.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string                          `json:"id"`
					Name             string                          `json:"name"`
					ShortDescription struct{ Text string }           `json:"shortDescription"`
					FullDescription  struct{ Text string }           `json:"fullDescription"`
					Help             struct{ Text, Markdown string } `json:"help"`
					HelpURI          string                          `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results     []sarifResult `json:"results"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
		} `json:"invocations"`
	} `json:"runs"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
		} `json:"region"`
	} `json:"physicalLocation"`
	Message struct{ Text string } `json:"message"`
}

type sarifResult struct {
	RuleID              string                `json:"ruleId"`
	RuleIndex           int                   `json:"ruleIndex"`
	BaselineState       string                `json:"baselineState"`
	Level               string                `json:"level"`
	Message             struct{ Text string } `json:"message"`
	Locations           []sarifLocation       `json:"locations"`
	RelatedLocations    []sarifLocation       `json:"relatedLocations"`
	PartialFingerprints map[string]string     `json:"partialFingerprints"`
	CodeFlows           []struct {
		ThreadFlows []struct {
			Locations []struct {
				Location sarifLocation `json:"location"`
			} `json:"locations"`
		} `json:"threadFlows"`
	} `json:"codeFlows"`
}

func parseSARIF(t *testing.T, doc []byte) sarifLog {
	t.Helper()
	var l sarifLog
	if err := json.Unmarshal(doc, &l); err != nil {
		t.Fatalf("SARIF output does not parse: %v\n%s", err, doc)
	}
	if l.Version != "2.1.0" || len(l.Runs) != 1 || l.Runs[0].Tool.Driver.Name != "tenantleak" {
		t.Fatalf("want one tenantleak run of SARIF 2.1.0, got version %q, %d runs", l.Version, len(l.Runs))
	}
	return l
}

// filesGo builds a path without the tenant it holds: TL004 with related
// information (where the path was built, where the tenant was available).
const filesGo = `package files

import (
	"os"
	"path/filepath"
)

type Files struct {
	root string
}

func (f *Files) Read(tenantID, name string) ([]byte, error) {
	p := filepath.Join(f.root, "attachments", name) // BUILT
	return os.ReadFile(p) // LEAK
}
`

// sarifModule is a module with a TL001 (notes), a TL004 with a trace
// (files) and a directive without a reason (a finding of its own).
func sarifModule(t *testing.T) string {
	return writeModule(t, map[string]string{
		"notes/notes.go": notesGo,
		"files/files.go": filesGo,
		"files/doc.go":   "// Package files serves attachments.\npackage files\n\n//tenantleak:global\nfunc Version() string { return \"1\" }\n",
	})
}

func TestSARIFValidatesAndCarriesWhatCodeScanningNeeds(t *testing.T) {
	t.Parallel()
	dir := sarifModule(t)
	r := runTool(t, dir, "-format", "sarif", "./...")
	if r.code != 1 {
		t.Fatalf("want exit 1 with findings in SARIF mode, got %s", r)
	}
	validateSARIF(t, []byte(r.stdout))
	l := parseSARIF(t, []byte(r.stdout))
	run := l.Runs[0]
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("want one successful invocation, got %+v", run.Invocations)
	}
	rules := map[string]int{}
	for i, rule := range run.Tool.Driver.Rules {
		rules[rule.ID] = i
		if rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || rule.Name == "" {
			t.Errorf("rule %s lacks a name, short or full description: %+v", rule.ID, rule)
		}
		if strings.HasPrefix(rule.ID, "TL") {
			if want := "https://github.com/tenantleak/tenantleak#" + strings.ToLower(rule.ID); rule.HelpURI != want {
				t.Errorf("rule %s: helpUri %q, want %q", rule.ID, rule.HelpURI, want)
			}
			for _, s := range []string{"Bad:", "Good:"} {
				if !strings.Contains(rule.Help.Text, s) || !strings.Contains(rule.Help.Markdown, s) {
					t.Errorf("rule %s: help does not show the %s snippet: %+v", rule.ID, s, rule.Help)
				}
			}
			if !strings.Contains(rule.Help.Markdown, "```go") {
				t.Errorf("rule %s: markdown help has no Go snippet", rule.ID)
			}
		}
	}
	for i := 1; i <= 7; i++ {
		if _, ok := rules[fmt.Sprintf("TL%03d", i)]; !ok {
			t.Errorf("no rule TL%03d", i)
		}
	}
	byRule := map[string]sarifResult{}
	for _, res := range run.Results {
		byRule[res.RuleID] = res
		if i, ok := rules[res.RuleID]; !ok || i != res.RuleIndex {
			t.Errorf("result %s: ruleIndex %d, rule at %d (known %v)", res.RuleID, res.RuleIndex, i, ok)
		}
		if res.Message.Text == "" || strings.HasPrefix(res.Message.Text, res.RuleID) {
			t.Errorf("result %s: message %q (want the text without the ID)", res.RuleID, res.Message.Text)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %s: %d locations, want 1", res.RuleID, len(res.Locations))
		}
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if strings.HasPrefix(uri, "/") || strings.Contains(uri, ":") || strings.Contains(uri, dir) || strings.Contains(uri, `\`) {
			t.Errorf("result %s: uri %q is not relative to the repository root", res.RuleID, uri)
		}
		if res.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("result %s: no region.startLine", res.RuleID)
		}
		if len(res.PartialFingerprints) == 0 {
			t.Errorf("result %s: no partialFingerprints", res.RuleID)
		}
		for _, cf := range res.CodeFlows {
			for _, tf := range cf.ThreadFlows {
				if n := len(tf.Locations); n == 0 || n > 10 {
					t.Errorf("result %s: thread flow with %d locations (want 1 to 10)", res.RuleID, n)
				}
			}
		}
	}
	if len(run.Results) != 3 {
		t.Errorf("want 3 results (TL001, TL004, directive), got %d: %+v", len(run.Results), run.Results)
	}

	sql := byRule["TL001"]
	if loc := sql.Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "notes/notes.go" || loc.Region.StartLine != lineOf(t, notesGo, "// LEAK") {
		t.Errorf("TL001 at %s:%d, want notes/notes.go:%d", loc.ArtifactLocation.URI, loc.Region.StartLine, lineOf(t, notesGo, "// LEAK"))
	}

	path := byRule["TL004"]
	if len(path.CodeFlows) != 1 || len(path.CodeFlows[0].ThreadFlows) != 1 {
		t.Fatalf("TL004: want one code flow with one thread flow, got %+v", path.CodeFlows)
	}
	steps := path.CodeFlows[0].ThreadFlows[0].Locations
	last := steps[len(steps)-1].Location.PhysicalLocation
	if last.ArtifactLocation.URI != "files/files.go" || last.Region.StartLine != lineOf(t, filesGo, "// LEAK") {
		t.Errorf("TL004: the code flow does not end at the finding: %+v", last)
	}
	built := false
	for _, s := range steps {
		if s.Location.PhysicalLocation.Region.StartLine == lineOf(t, filesGo, "// BUILT") && s.Location.Message.Text != "" {
			built = true
		}
	}
	if !built {
		t.Errorf("TL004: the code flow does not pass where the path was built (line %d): %+v", lineOf(t, filesGo, "// BUILT"), steps)
	}
	if len(path.RelatedLocations) != len(steps)-1 {
		t.Errorf("TL004: %d related locations for %d flow steps", len(path.RelatedLocations), len(steps))
	}
}

func TestSARIFFingerprintsSurviveUnrelatedEdits(t *testing.T) {
	t.Parallel()
	dir := sarifModule(t)
	before := parseSARIF(t, []byte(runTool(t, dir, "-format", "sarif", "./...").stdout))
	// An unrelated edit above both findings: a new function and comments.
	edited := strings.Replace(notesGo, "type Store struct {", "// Count is new.\nfunc Count() int { return 0 }\n\n// Store keeps notes.\ntype Store struct {", 1)
	if err := os.WriteFile(filepath.Join(dir, "notes", "notes.go"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	editedFiles := strings.Replace(filesGo, "type Files struct {", "// Files serves attachments.\n\n\ntype Files struct {", 1)
	if err := os.WriteFile(filepath.Join(dir, "files", "files.go"), []byte(editedFiles), 0o644); err != nil {
		t.Fatal(err)
	}
	after := parseSARIF(t, []byte(runTool(t, dir, "-format", "sarif", "./...").stdout))
	fps := func(l sarifLog) map[string]string {
		m := map[string]string{}
		for _, r := range l.Runs[0].Results {
			m[r.RuleID] = fmt.Sprint(r.PartialFingerprints)
		}
		return m
	}
	b, a := fps(before), fps(after)
	if len(b) != 3 || fmt.Sprint(b) != fmt.Sprint(a) {
		t.Errorf("partial fingerprints changed with unrelated edits:\nbefore %v\nafter  %v", b, a)
	}
	line := func(l sarifLog, rule string) int {
		for _, r := range l.Runs[0].Results {
			if r.RuleID == rule {
				return r.Locations[0].PhysicalLocation.Region.StartLine
			}
		}
		return 0
	}
	for _, rule := range []string{"TL001", "TL004"} {
		if bl, al := line(before, rule), line(after, rule); bl == al {
			t.Errorf("%s: the edit did not move the finding (line %d): the test proves nothing", rule, bl)
		}
	}
}

func TestSARIFFileBesideTextOutput(t *testing.T) {
	t.Parallel()
	dir := sarifModule(t)
	out := filepath.Join(t.TempDir(), "reports", "tenantleak.sarif")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	r := runTool(t, dir, "-sarif", out, "./...")
	if r.code != 1 || !strings.Contains(r.stdout, ": TL001: ") {
		t.Fatalf("want exit 1 and the text findings on stdout, got %s", r)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("-sarif did not write the file: %v", err)
	}
	validateSARIF(t, data)
	if n := len(parseSARIF(t, data).Runs[0].Results); n != 3 {
		t.Errorf("want 3 results in the SARIF file, got %d", n)
	}
}

func TestSARIFCleanRunIsValidAndEmpty(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"notes/notes.go": cleanGo})
	r := runTool(t, dir, "-format", "sarif", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("want exit 0 and nothing on stderr, got %s", r)
	}
	validateSARIF(t, []byte(r.stdout))
	if n := len(parseSARIF(t, []byte(r.stdout)).Runs[0].Results); n != 0 {
		t.Errorf("want no results, got %d", n)
	}
	if !strings.Contains(r.stdout, `"results": []`) {
		t.Errorf("a clean run must still list its (empty) results, for code scanning to close alerts:\n%s", r.stdout)
	}
}

// A run that fails (a config error) writes no SARIF: an empty log would
// read as clean and close every open alert.
func TestSARIFNotWrittenOnError(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		".tenantleak.yml": "version: 1\ndialect: oracle\n",
		"notes/notes.go":  notesGo,
	})
	out := filepath.Join(t.TempDir(), "tenantleak.sarif")
	r := runTool(t, dir, "-format", "sarif", "-sarif", out, "./...")
	if r.code != 2 || r.stdout != "" {
		t.Errorf("want exit 2 and nothing on stdout, got %s", r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("-sarif wrote %s after a config error", out)
	}
}

func TestFormatFlagErrors(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"notes/notes.go": cleanGo})
	for _, args := range [][]string{
		{"-format", "xml", "./..."},
		{"-json", "-format", "sarif", "./..."},
		{"-baseline-gone", "./..."},
	} {
		r := runTool(t, dir, args...)
		if r.code != 2 || r.stdout != "" || r.stderr == "" {
			t.Errorf("%v: want exit 2, a message on stderr and nothing on stdout, got %s", args, r)
		}
	}
	if r := runTool(t, dir, "-format", "json", "./..."); r.code != 0 || !json.Valid([]byte(r.stdout)) {
		t.Errorf("-format json: want exit 0 and JSON, got %s", r)
	}
}
