package analyzer

import (
	"go/ast"
	"go/token"
	"os"

	"github.com/tenantleak/tenantleak/analyzer/config"
	"golang.org/x/tools/go/analysis"
)

// Directive is a parsed //tenantleak: comment, as the tests see it.
type Directive struct {
	Kind     string
	IDs      []string
	Reason   string
	Line     int
	From, To token.Pos // scope of a doc-comment directive; NoPos otherwise
}

// ParseDirectivesForTest runs the suppression-comment parser on files, then
// emits a package with no findings, so that every ignore directive is
// reported unused with its removal fix. readFile serves the files' sources
// (nil: the file system). It returns the directives kept and the
// diagnostics reported.
func ParseDirectivesForTest(fset *token.FileSet, files []*ast.File, readFile func(string) ([]byte, error)) ([]Directive, []analysis.Diagnostic) {
	if readFile == nil {
		readFile = os.ReadFile
	}
	var diags []analysis.Diagnostic
	pass := &analysis.Pass{
		Analyzer: Analyzer,
		Fset:     fset,
		Files:    files,
		Report:   func(d analysis.Diagnostic) { diags = append(diags, d) },
		ReadFile: readFile,
	}
	pa := &pkgAnalysis{pass: pass}
	pa.parseDirectives()
	pa.emit(nil)
	var out []Directive
	for _, d := range pa.directives {
		out = append(out, Directive{Kind: d.kind, IDs: d.ids, Reason: d.reason, Line: d.line, From: d.from, To: d.to})
	}
	return out, diags
}

// EmitOrderForTest emits one TL001 finding at each position and returns the
// positions in the order they were reported.
func EmitOrderForTest(fset *token.FileSet, positions []token.Pos) []token.Pos {
	var out []token.Pos
	pass := &analysis.Pass{
		Analyzer: Analyzer,
		Fset:     fset,
		Report:   func(d analysis.Diagnostic) { out = append(out, d.Pos) },
	}
	pa := &pkgAnalysis{pass: pass, env: &env{cfg: config.Default()}}
	var findings []finding
	for _, p := range positions {
		findings = append(findings, finding{pos: p, id: "TL001", msg: "m"})
	}
	pa.emit(findings)
	return out
}
