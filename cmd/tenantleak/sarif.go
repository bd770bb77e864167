package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v2/sarif"
)

// Limits of GitHub code scanning: results in a run, and locations in a
// code flow's thread flow.
const (
	maxSARIFResults         = 25000
	maxThreadFlowLocations  = 10
	fingerprintKey          = "tenantleak/v1"
	srcRootID               = "%SRCROOT%"
	sinkStepMessage         = "the store is addressed here"
	truncatedResultsMessage = "%d more findings were not written: code scanning takes at most %d results a run; fix or baseline some first"
)

// sarifReport builds a SARIF 2.1.0 log of the findings: one rule per finding
// ID, one result per finding with its location relative to the source root,
// the related information as related locations and as a code flow ending at
// the finding, and a partial fingerprint made of the finding's identity (as
// in baselines), so that code scanning tracks an alert across edits that
// move it. With a baseline, fresh holds the keys of the findings not in
// it: each result then has a baselineState, "new" or "unchanged", so that
// code scanning keeps showing the accepted findings while the gate fails on
// new ones only; fresh is nil without a baseline. It also returns the
// number of findings left out (beyond maxSARIFResults).
func sarifReport(findings []*finding, fresh map[string]bool) (*sarif.Report, int) {
	report, err := sarif.New(sarif.Version210)
	if err != nil {
		panic(err) // only for an unknown version
	}
	run := sarif.NewRunWithInformationURI("tenantleak", repoURL)
	if v := toolVersion(); v != "" {
		run.Tool.Driver.WithVersion(v)
		if semver.MatchString(v) {
			run.Tool.Driver.WithSemanticVersion(strings.TrimPrefix(v, "v"))
		}
	}
	run.WithColumnKind("utf16CodeUnits")

	ruleIndex := map[string]int{}
	addRule := func(r rule) {
		if _, ok := ruleIndex[r.id]; ok {
			return
		}
		ruleIndex[r.id] = len(run.Tool.Driver.Rules)
		d := run.AddRule(r.id).
			WithName(r.name).
			WithShortDescription(sarif.NewMultiformatMessageString(r.short)).
			WithFullDescription(sarif.NewMultiformatMessageString(r.full)).
			WithHelpURI(r.helpURI()).
			WithHelp(sarif.NewMultiformatMessageString(r.helpText()).WithMarkdown(r.helpMarkdown())).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(r.level))
		props := sarif.Properties{"tags": []string{"security", "tenant-isolation"}, "precision": "high"}
		if r.severity != "" {
			props["security-severity"] = r.severity
			props["problem.severity"] = "error"
		} else {
			props["tags"] = []string{"maintainability"}
			props["problem.severity"] = "warning"
		}
		d.WithProperties(props)
	}
	for _, r := range rules {
		addRule(r)
	}

	cols := newColumnMapper()
	occurrences := map[string]int{}
	dropped := 0
	for _, f := range findings {
		if len(run.Results) == maxSARIFResults {
			dropped++
			continue
		}
		r := ruleFor(f.id)
		addRule(r)
		res := run.CreateResultForRule(f.id).
			WithRuleIndex(ruleIndex[f.id]).
			WithLevel(r.level).
			WithMessage(sarif.NewTextMessage(f.text))
		if fresh != nil {
			state := "unchanged"
			if fresh[f.key] {
				state = "new"
			}
			res.WithBaselineState(state)
		}
		res.AddLocation(sarifLocation(f.file, f.pos.Filename, f.pos.Line, cols.column(f.pos.Filename, f.pos.Line, f.pos.Column)))

		fp := fingerprint(f)
		occurrences[fp]++
		res.WithPartialFingerPrints(map[string]interface{}{fingerprintKey: fmt.Sprintf("%s:%d", fp, occurrences[fp])})

		if len(f.related) > 0 {
			var steps []*sarif.ThreadFlowLocation
			for i, rel := range f.related {
				col := cols.column(rel.pos.Filename, rel.pos.Line, rel.pos.Column)
				res.AddRelatedLocation(sarifLocation(rel.file, rel.pos.Filename, rel.pos.Line, col).
					WithId(i + 1).WithMessage(sarif.NewTextMessage(rel.message)))
				if len(steps) < maxThreadFlowLocations-1 {
					steps = append(steps, sarif.NewThreadFlowLocation().WithLocation(
						sarifLocation(rel.file, rel.pos.Filename, rel.pos.Line, col).WithMessage(sarif.NewTextMessage(rel.message))))
				}
			}
			steps = append(steps, sarif.NewThreadFlowLocation().WithLocation(
				sarifLocation(f.file, f.pos.Filename, f.pos.Line, cols.column(f.pos.Filename, f.pos.Line, f.pos.Column)).
					WithMessage(sarif.NewTextMessage(sinkStepMessage))))
			res.AddCodeFlow(sarif.NewCodeFlow().WithThreadFlows([]*sarif.ThreadFlow{sarif.NewThreadFlow().WithLocations(steps)}))
		}
	}
	inv := run.AddInvocation(true)
	if dropped > 0 {
		inv.WithToolExecutionNotifications([]*sarif.Notification{
			sarif.NewNotification().WithLevel("warning").WithMessage(sarif.NewTextMessage(fmt.Sprintf(truncatedResultsMessage, dropped, maxSARIFResults))),
		})
	}
	report.AddRun(run)
	return report, dropped
}

var semver = regexp.MustCompile(`^v\d+\.\d+\.\d+`)

// toolVersion is the module version of this binary ("" for a build from a
// checkout).
func toolVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return ""
	}
	return bi.Main.Version
}

// sarifLocation is a physical location: rel (relative to the source root,
// resolved against %SRCROOT%), or a file: URI for a file outside it.
func sarifLocation(rel, abs string, line, col int) *sarif.Location {
	art := sarif.NewSimpleArtifactLocation(rel).WithUriBaseId(srcRootID)
	if strings.HasPrefix(rel, "/") || rel == strings.ReplaceAll(abs, `\`, "/") {
		art = sarif.NewSimpleArtifactLocation("file://" + ensureSlash(strings.ReplaceAll(abs, `\`, "/")))
	}
	region := sarif.NewRegion().WithStartLine(max(line, 1))
	if col > 0 {
		region.WithStartColumn(col)
	}
	return sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().WithArtifactLocation(art).WithRegion(region))
}

func ensureSlash(p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return "/" + p
}

// fingerprint hashes a finding's identity: ID, file, function and message
// without line numbers. Equal identities are told apart by an occurrence
// number after the hash.
func fingerprint(f *finding) string {
	id := f.identity()
	h := sha256.Sum256([]byte(strings.Join([]string{id.id, id.file, id.function, id.message}, "\x00")))
	return hex.EncodeToString(h[:16])
}

// columnMapper turns go/token's byte columns into the UTF-16 code unit
// columns SARIF counts by default.
type columnMapper struct {
	lines map[string][]string
}

func newColumnMapper() *columnMapper { return &columnMapper{lines: map[string][]string{}} }

func (m *columnMapper) column(file string, line, byteCol int) int {
	if byteCol <= 1 {
		return byteCol
	}
	lines, ok := m.lines[file]
	if !ok {
		if data, err := os.ReadFile(file); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		m.lines[file] = lines
	}
	if line < 1 || line > len(lines) {
		return byteCol
	}
	text := lines[line-1]
	if byteCol-1 > len(text) {
		return byteCol
	}
	prefix := text[:byteCol-1]
	if !utf8.ValidString(prefix) {
		return byteCol
	}
	return len(utf16.Encode([]rune(prefix))) + 1
}

// writeSARIF writes the findings as SARIF (see sarifReport) to w and warns on stderr about
// findings left out.
func writeSARIF(w, stderr io.Writer, findings []*finding, fresh map[string]bool) error {
	report, dropped := sarifReport(findings, fresh)
	if dropped > 0 {
		fmt.Fprintf(stderr, "tenantleak: SARIF: "+truncatedResultsMessage+"\n", dropped, maxSARIFResults)
	}
	return report.PrettyWrite(w)
}
