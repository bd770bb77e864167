package analyzer_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"

	"github.com/tenantleak/tenantleak/analyzer"
)

// directiveFile is a Go file with one directive in the place layout picks:
// the doc comment of a function or type, alone on a line, after code, or
// in a block comment.
func directiveFile(text string, layout uint8) string {
	c := "//tenantleak:" + text
	switch layout % 6 {
	case 0:
		return "package p\n\n" + c + "\nfunc F() {}\n"
	case 1:
		return "package p\n\n" + c + "\ntype T struct{}\n"
	case 2:
		return "package p\n\nfunc F() {\n\t" + c + "\n\t_ = 1\n}\n"
	case 3:
		return "package p\n\nfunc F() {\n\t_ = 1 " + c + "\n}\n"
	case 4:
		return "package p\n\ntype (\n\t// T.\n\t" + c + "\n\tT int\n)\n"
	default:
		return "package p\n\nvar x = 1 /*tenantleak:" + text + "*/\n" + c
	}
}

var directiveSeeds = []string{
	"ignore TL001 the admin console reads across tenants",
	"ignore TL001,TL003 reason",
	"ignore tl002, TL004 lower case and a space",
	"ignore TL001",
	"ignore",
	"ignore TL009 no such finding",
	"ignore TL001,,TL002 empty id",
	"global shared by design",
	"global",
	"nosuch directive",
	"",
	"ignore\tTL001\ttabs",
	"ignore TL001 reason with ünïcödé and a trailing blank ",
}

// FuzzDirective checks the suppression-comment parser: any directive text,
// anywhere, is kept or reported, never a panic; every unused ignore
// directive gets a removal fix inside its file whose result still parses
// and no longer holds the directive.
func FuzzDirective(f *testing.F) {
	for _, s := range directiveSeeds {
		for layout := uint8(0); layout < 6; layout++ {
			f.Add(s, layout)
		}
	}
	f.Fuzz(func(t *testing.T, text string, layout uint8) {
		src := directiveFile(text, layout)
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
		if err != nil {
			return
		}
		read := func(name string) ([]byte, error) {
			if name == "p.go" {
				return []byte(src), nil
			}
			return nil, os.ErrNotExist
		}
		dirs, diags := analyzer.ParseDirectivesForTest(fset, []*ast.File{file}, read)
		for _, d := range dirs {
			if d.Reason == "" {
				t.Errorf("directive %q kept without a reason", text)
			}
			if d.Kind == "ignore" && len(d.IDs) == 0 {
				t.Errorf("ignore directive %q kept without IDs", text)
			}
			if d.From.IsValid() != d.To.IsValid() || d.From > d.To {
				t.Errorf("directive %q scope %d..%d", text, d.From, d.To)
			}
		}
		tf := fset.File(file.Pos())
		for _, d := range diags {
			if d.Message == "" || !d.Pos.IsValid() {
				t.Errorf("diagnostic %+v", d)
			}
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					if e.Pos > e.End || e.Pos < token.Pos(tf.Base()) || int(e.End) > tf.Base()+tf.Size() {
						t.Fatalf("edit %d..%d outside file %d..%d\n%s", e.Pos, e.End, tf.Base(), tf.Base()+tf.Size(), src)
					}
					out := src[:tf.Offset(e.Pos)] + string(e.NewText) + src[tf.Offset(e.End):]
					after, err := parser.ParseFile(token.NewFileSet(), "p.go", out, parser.ParseComments)
					if err != nil {
						t.Fatalf("removing the directive breaks the file: %v\n--- before:\n%s\n--- after:\n%s", err, src, out)
					}
					if n, m := countDirectives(file), countDirectives(after); m != n-1 {
						t.Fatalf("removal left %d of %d directives\n--- before:\n%s\n--- after:\n%s", m, n, src, out)
					}
				}
			}
		}
	})
}

// TestDirectiveRemovalCarriageReturn is what FuzzDirective found: go/scanner
// drops the carriage returns of a // comment from its Text, so the removal
// fix of an unused directive that holds one ends short of the comment and
// leaves its tail in the file (a CRLF file keeps a blank "\r" line).
func TestDirectiveRemovalCarriageReturn(t *testing.T) {
	for src, want := range map[string]string{
		"package p\n\n//tenantleak:ignore TL001 \r0\ntype T struct{}\n":                         "package p\n\ntype T struct{}\n",
		"package p\r\n\r\nfunc F() {\r\n\t//tenantleak:ignore TL001 reason\r\n\t_ = 1\r\n}\r\n": "package p\r\n\r\nfunc F() {\r\n\t_ = 1\r\n}\r\n",
		"package p\r\n\r\nvar x = 1 //tenantleak:ignore TL001 reason\r\n":                       "package p\r\n\r\nvar x = 1\r\n",
	} {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		read := func(string) ([]byte, error) { return []byte(src), nil }
		_, diags := analyzer.ParseDirectivesForTest(fset, []*ast.File{file}, read)
		if len(diags) != 1 || len(diags[0].SuggestedFixes) != 1 {
			t.Fatalf("got %d diagnostics, want the unused directive with its fix", len(diags))
		}
		tf := fset.File(file.Pos())
		e := diags[0].SuggestedFixes[0].TextEdits[0]
		out := src[:tf.Offset(e.Pos)] + src[tf.Offset(e.End):]
		if out != want {
			t.Errorf("removing the directive from %q left %q, want %q", src, out, want)
		}
	}
}

func countDirectives(f *ast.File) int {
	n := 0
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//tenantleak:") {
				n++
			}
		}
	}
	return n
}
