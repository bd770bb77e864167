package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// A finding is one diagnostic of the root packages that counts toward exit
// status 1, once however many variants of its package (the package and its
// test variant) reported it. SARIF and the baseline work on findings.
type finding struct {
	id       string         // TL001..TL007, or the diagnostic's category ("directive")
	text     string         // the message without its "TL00x: " prefix
	message  string         // the message as reported
	pos      token.Position // absolute file name
	file     string         // file relative to the source root, with forward slashes
	function string         // enclosing function: Name or Recv.Name; "" outside functions
	related  []relatedInfo
	key      string // identifies the diagnostic among the graph's: position and message
}

type relatedInfo struct {
	pos     token.Position
	file    string
	message string
}

var idPrefix = regexp.MustCompile(`^(TL\d{3}): `)

// collectFindings returns the findings of the graph's root packages, sorted
// by file, line, column and message. root is the source root file names are
// made relative to (see sourceRoot).
func collectFindings(graph *checker.Graph, root string) []*finding {
	var out []*finding
	seen := map[string]bool{}
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			if !isFinding(d) {
				continue
			}
			key := diagKey(fset, d)
			if seen[key] {
				continue
			}
			seen[key] = true
			f := &finding{message: d.Message, pos: fset.Position(d.Pos), key: key}
			f.id, f.text = d.Category, d.Message
			if m := idPrefix.FindStringSubmatch(d.Message); m != nil {
				f.id, f.text = m[1], d.Message[len(m[0]):]
			}
			if f.id == "" {
				f.id = "tenantleak"
			}
			f.file = relPath(root, f.pos.Filename)
			f.function = enclosingFunc(act.Package.Syntax, d.Pos)
			for _, r := range d.Related {
				p := fset.Position(r.Pos)
				if !p.IsValid() {
					continue
				}
				f.related = append(f.related, relatedInfo{pos: p, file: relPath(root, p.Filename), message: r.Message})
			}
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.pos.Line != b.pos.Line {
			return a.pos.Line < b.pos.Line
		}
		if a.pos.Column != b.pos.Column {
			return a.pos.Column < b.pos.Column
		}
		return a.message < b.message
	})
	return out
}

// diagKey identifies a diagnostic across the variants of a package.
func diagKey(fset *token.FileSet, d analysis.Diagnostic) string {
	return fmt.Sprintf("%s\x00%s", fset.Position(d.Pos), d.Message)
}

// keepFindings removes from the root packages' diagnostics the findings
// whose key is not in keep; other diagnostics (debug notes, internal
// errors) stay. The -json, text and SARIF outputs all print what is left.
func keepFindings(graph *checker.Graph, keep map[string]bool) {
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		kept := act.Diagnostics[:0:0]
		for _, d := range act.Diagnostics {
			if !isFinding(d) || keep[diagKey(fset, d)] {
				kept = append(kept, d)
			}
		}
		act.Diagnostics = kept
	}
}

// enclosingFunc names the function declaration around pos: "Name" for a
// function, "Recv.Name" for a method (pointer and type parameters dropped);
// a function literal belongs to the declaration it is in. "" outside any.
func enclosingFunc(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || pos < fd.Pos() || pos >= fd.End() {
				continue
			}
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				if r := recvName(fd.Recv.List[0].Type); r != "" {
					return r + "." + fd.Name.Name
				}
			}
			return fd.Name.Name
		}
		return ""
	}
	return ""
}

func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// sourceRoot is the directory file names in SARIF and baselines are
// relative to: the root of the repository (the nearest directory with a
// .git) holding dir, else the module root (go.mod), else dir itself.
func sourceRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	if r := findUp(abs, ".git"); r != "" {
		return r
	}
	if r := findUp(abs, "go.mod"); r != "" {
		return r
	}
	return abs
}

func findUp(dir, name string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, name)); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// relPath is file relative to root with forward slashes; the absolute file
// name (forward slashes) when it lies outside root.
func relPath(root, file string) string {
	rel, err := filepath.Rel(root, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}
