package main

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"
)

// Code scanning rejects a run with more than 25,000 results and thread
// flows with more than 10 locations: the log is cut to fit, and says so.
func TestSARIFStaysWithinCodeScanningLimits(t *testing.T) {
	var findings []*finding
	for i := range maxSARIFResults + 7 {
		f := &finding{id: "TL003", text: "cache key k has no tenant component", file: "a.go", function: "F",
			pos: token.Position{Filename: "/nonexistent/a.go", Line: i + 1, Column: 2}}
		for j := range 11 {
			f.related = append(f.related, relatedInfo{pos: token.Position{Filename: "/nonexistent/a.go", Line: j + 1, Column: 1}, file: "a.go", message: "step"})
		}
		findings = append(findings, f)
	}
	report, dropped := sarifReport(findings, nil)
	if dropped != 7 {
		t.Errorf("dropped %d, want 7", dropped)
	}
	run := report.Runs[0]
	if len(run.Results) != maxSARIFResults {
		t.Fatalf("%d results, want %d", len(run.Results), maxSARIFResults)
	}
	fps := map[string]bool{}
	for _, r := range run.Results {
		for _, cf := range r.CodeFlows {
			for _, tf := range cf.ThreadFlows {
				if len(tf.Locations) > maxThreadFlowLocations {
					t.Fatalf("a thread flow has %d locations", len(tf.Locations))
				}
			}
		}
		fp := r.PartialFingerprints[fingerprintKey].(string)
		if fps[fp] {
			t.Fatalf("two results share the fingerprint %s", fp)
		}
		fps[fp] = true
	}
	if len(run.Invocations) != 1 || len(run.Invocations[0].ToolExecutionNotifications) != 1 {
		t.Errorf("the invocation does not say results were left out: %+v", run.Invocations)
	}
	var buf, stderr bytes.Buffer
	if err := writeSARIF(&buf, &stderr, findings[:3], nil); err != nil || !json.Valid(buf.Bytes()) || stderr.Len() != 0 {
		t.Errorf("writeSARIF: %v, stderr %q", err, stderr.String())
	}
	if err := writeSARIF(&buf, &stderr, findings, nil); err != nil || !strings.Contains(stderr.String(), "7 more findings were not written") {
		t.Errorf("writeSARIF of too many findings: %v, stderr %q", err, stderr.String())
	}
}

// Each rule's help URI points at a heading of the README.
func TestRuleHelpAnchorsExistInTheREADME(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#+ (.+)$`).FindAllStringSubmatch(string(data), -1) {
		anchors[githubAnchor(m[1])] = true
	}
	for _, r := range rules {
		anchor := strings.TrimPrefix(r.helpURI(), readmeURL)
		if !anchors[anchor] {
			t.Errorf("rule %s: the README has no heading with the anchor #%s", r.id, anchor)
		}
	}
}

// githubAnchor is the anchor GitHub gives a heading.
func githubAnchor(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	var b strings.Builder
	for _, c := range h {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		case c == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func TestColumnsAreUTF16CodeUnits(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/a.go"
	// "é" is 2 bytes and 1 UTF-16 unit; "𝄞" 4 bytes and 2 units.
	if err := os.WriteFile(file, []byte("package a\nvar s = \"é𝄞\" + x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := newColumnMapper()
	byteCol := strings.Index("var s = \"é𝄞\" + x", "x") + 1
	if got, want := m.column(file, 2, byteCol), len([]rune("var s = \"é"))+2+len(`" + `)+1; got != want {
		t.Errorf("column(%d) = %d, want %d", byteCol, got, want)
	}
	if got := m.column(file, 1, 1); got != 1 {
		t.Errorf("column 1 = %d", got)
	}
}

func TestNormalizeMessage(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT on notes via Store.byID at store/store.go:46 has no tenant predicate": "SELECT on notes via Store.byID at store/store.go has no tenant predicate",
		"key built at a.go:4:12;  tenant   at b.go:7":                                 "key built at a.go; tenant at b.go",
	} {
		if got := normalizeMessage(in); got != want {
			t.Errorf("normalizeMessage(%q) = %q, want %q", in, got, want)
		}
	}
}
