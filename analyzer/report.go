package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// finding is one diagnostic before suppression.
type finding struct {
	pos     token.Pos
	id      string
	msg     string
	related []analysis.RelatedInformation
}

// report records a finding of the function being analysed.
func (s *funcState) report(v *verdict, msg string, t *availTenant) {
	pos := v.site.pos()
	if s.hasFinding(pos, v.id) {
		return
	}
	var rel []analysis.RelatedInformation
	if v.built.IsValid() {
		rel = append(rel, analysis.RelatedInformation{Pos: v.built, Message: "address built here"})
	}
	if t != nil && t.pos.IsValid() {
		rel = append(rel, analysis.RelatedInformation{Pos: t.pos, Message: "tenant available here: " + t.desc})
	}
	s.findings = append(s.findings, finding{pos: pos, id: v.id, msg: v.id + ": " + msg, related: rel})
}

func (s *funcState) hasFinding(pos token.Pos, id string) bool {
	for _, f := range s.findings {
		if f.pos == pos && f.id == id {
			return true
		}
	}
	return false
}

// directive is one //tenantleak: comment.
type directive struct {
	pos    token.Pos
	file   string
	line   int
	kind   string // ignore, global
	ids    []string
	reason string
	// scope: a function or type declaration the directive documents, or
	// the line it is on and the next.
	from, to token.Pos
	used     bool
}

const directivePrefix = "//tenantleak:"

// parseDirectives reads the //tenantleak: comments of the package. Malformed
// ones are reported at once.
func (pa *pkgAnalysis) parseDirectives() {
	for _, f := range pa.pass.Files {
		docs := map[*ast.CommentGroup][2]token.Pos{}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Doc != nil {
					docs[d.Doc] = [2]token.Pos{d.Pos(), d.End()}
				}
			case *ast.GenDecl:
				if d.Doc != nil {
					docs[d.Doc] = [2]token.Pos{d.Pos(), d.End()}
				}
				for _, sp := range d.Specs {
					if ts, ok := sp.(*ast.TypeSpec); ok && ts.Doc != nil {
						docs[ts.Doc] = [2]token.Pos{ts.Pos(), ts.End()}
					}
				}
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, directivePrefix) {
					continue
				}
				pa.parseDirective(c, cg, docs)
			}
		}
	}
}

func (pa *pkgAnalysis) parseDirective(c *ast.Comment, cg *ast.CommentGroup, docs map[*ast.CommentGroup][2]token.Pos) {
	text := strings.TrimPrefix(c.Text, directivePrefix)
	kind, rest, _ := strings.Cut(text, " ")
	position := pa.pass.Fset.Position(c.Pos())
	d := &directive{pos: c.Pos(), file: position.Filename, line: position.Line, kind: kind}
	rest = strings.TrimSpace(rest)
	switch kind {
	case "ignore":
		idList, reason, _ := strings.Cut(rest, " ")
		for _, id := range strings.Split(idList, ",") {
			id = strings.ToUpper(strings.TrimSpace(id))
			if !validID(id) {
				pa.pass.Report(analysis.Diagnostic{Pos: c.Pos(), Category: "directive",
					Message: fmt.Sprintf("tenantleak:ignore names finding IDs first (e.g. %s), got %q", "TL"+"00x", idList)})
				return
			}
			d.ids = append(d.ids, id)
		}
		d.reason = strings.TrimSpace(reason)
	case "global":
		d.reason = rest
	default:
		pa.pass.Report(analysis.Diagnostic{Pos: c.Pos(), Category: "directive",
			Message: fmt.Sprintf("unknown directive tenantleak:%s (want tenantleak:ignore or tenantleak:global)", kind)})
		return
	}
	if d.reason == "" {
		pa.pass.Report(analysis.Diagnostic{Pos: c.Pos(), Category: "directive",
			Message: fmt.Sprintf("tenantleak:%s needs a reason after it", kind)})
		return
	}
	if r, ok := docs[cg]; ok {
		d.from, d.to = r[0], r[1]
	} else if kind == "global" {
		pa.pass.Report(analysis.Diagnostic{Pos: c.Pos(), Category: "directive",
			Message: "tenantleak:global belongs in the doc comment of a function or type"})
		return
	}
	pa.directives = append(pa.directives, d)
}

func validID(id string) bool {
	if len(id) != 5 || !strings.HasPrefix(id, "TL") {
		return false
	}
	return id >= "TL001" && id <= "TL007"
}

// globalDirective reports whether pos lies in a function or type marked
// //tenantleak:global.
func (pa *pkgAnalysis) globalDirective(pos token.Pos) bool {
	for _, d := range pa.directives {
		if d.kind == "global" && d.from <= pos && pos < d.to {
			d.used = true
			return true
		}
	}
	return false
}

// suppressed reports whether an ignore directive covers a finding.
func (pa *pkgAnalysis) suppressed(f finding) bool {
	p := pa.pass.Fset.Position(f.pos)
	hit := false
	for _, d := range pa.directives {
		if d.kind != "ignore" || !hasID(d.ids, f.id) {
			continue
		}
		if d.from.IsValid() {
			if d.from <= f.pos && f.pos < d.to {
				d.used, hit = true, true
			}
			continue
		}
		if d.file == p.Filename && (d.line == p.Line || d.line+1 == p.Line) {
			d.used, hit = true, true
		}
	}
	return hit
}

func hasID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// emit reports the package's findings, sorted, after suppression; then the
// ignore directives that suppressed nothing.
func (pa *pkgAnalysis) emit(findings []finding) {
	// By file name and offset, not token.Pos: the loader parses files in
	// parallel, so their bases in the file set differ from run to run.
	sort.SliceStable(findings, func(i, j int) bool {
		pi, pj := pa.pass.Fset.Position(findings[i].pos), pa.pass.Fset.Position(findings[j].pos)
		if pi.Filename != pj.Filename {
			return pi.Filename < pj.Filename
		}
		if pi.Offset != pj.Offset {
			return pi.Offset < pj.Offset
		}
		return findings[i].id < findings[j].id
	})
	seen := map[string]bool{}
	for _, f := range findings {
		key := fmt.Sprintf("%d/%s", f.pos, f.id)
		if seen[key] || pa.env.cfg.Disabled(f.id) {
			continue
		}
		seen[key] = true
		if pa.suppressed(f) {
			continue
		}
		pa.pass.Report(analysis.Diagnostic{Pos: f.pos, Category: f.id, Message: f.msg, Related: f.related})
	}
	for _, d := range pa.directives {
		if d.kind == "ignore" && !d.used {
			start, end := pa.directiveSpan(d)
			pa.pass.Report(analysis.Diagnostic{Pos: d.pos, Category: "directive",
				Message: "tenantleak:ignore suppresses nothing here; remove it",
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "Remove the unused directive",
					TextEdits: []analysis.TextEdit{{Pos: start, End: end, NewText: nil}},
				}}})
		}
	}
}

// directiveSpan is what removing a directive deletes: the whole line when
// the directive is alone on it (so the file stays gofmt-clean), else the
// comment and the blanks before it.
func (pa *pkgAnalysis) directiveSpan(d *directive) (token.Pos, token.Pos) {
	start := d.pos
	end := d.pos + token.Pos(len(directivePrefix)+pa.directiveLen(d))
	tf := pa.pass.Fset.File(d.pos)
	if tf == nil {
		return start, end
	}
	src, err := pa.pass.ReadFile(tf.Name())
	if err != nil {
		return start, end
	}
	off, endOff := tf.Offset(start), tf.Offset(end)
	// A // comment runs to the newline; go/scanner drops carriage returns
	// from its Text, so measure it in the source.
	for endOff < len(src) && src[endOff] != '\n' {
		endOff++
	}
	lineStart := off
	for lineStart > 0 && (src[lineStart-1] == ' ' || src[lineStart-1] == '\t') {
		lineStart--
	}
	if lineStart == 0 || src[lineStart-1] == '\n' {
		// Alone on its line: take the line and its newline.
		if endOff < len(src) && src[endOff] == '\n' {
			endOff++
		}
		return tf.Pos(lineStart), tf.Pos(endOff)
	}
	// After code: take the blanks between the code and the comment, and
	// keep a CRLF line ending.
	if endOff > off && endOff < len(src) && src[endOff-1] == '\r' {
		endOff--
	}
	return tf.Pos(lineStart), tf.Pos(endOff)
}

// directiveLen is the length of a directive's text after the prefix.
func (pa *pkgAnalysis) directiveLen(d *directive) int {
	for _, f := range pa.pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if c.Pos() == d.pos {
					return len(c.Text) - len(directivePrefix)
				}
			}
		}
	}
	return 0
}
