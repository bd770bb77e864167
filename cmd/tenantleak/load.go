package main

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// bodyStripper parses the files of dependencies outside the user's code
// (the standard library, the module cache, vendor directories) without
// their function bodies. tenantleak needs their declarations (types, and
// facts the analyzer derives from them) but never their bodies: the
// standard library and libraries are summarised from models. Type-checking
// bodies of every dependency is most of what loading costs, since an
// analyzer with facts needs every dependency from source.
//
// The packages named on the command line keep their bodies wherever they
// are (tenantleak std), and so do the main module's own dependencies.
type bodyStripper struct {
	roots    map[string]bool // files of the packages the patterns name
	dirs     []string        // GOROOT and GOMODCACHE, cleaned, with a trailing separator
	mu       sync.Mutex
	stripped map[string]bool // files parsed without bodies
}

// newBodyStripper lists the root packages' files (go list, without
// dependencies) and the toolchain's directories. On any error it returns
// nil: then nothing is stripped.
func newBodyStripper(cfg *packages.Config, patterns []string) *bodyStripper {
	list := *cfg
	list.Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles
	list.ParseFile = nil
	pkgs, err := packages.Load(&list, patterns...)
	if err != nil {
		return nil
	}
	s := &bodyStripper{roots: map[string]bool{}, stripped: map[string]bool{}}
	for _, p := range pkgs {
		for _, f := range p.GoFiles {
			s.roots[f] = true
		}
		for _, f := range p.CompiledGoFiles {
			s.roots[f] = true
		}
	}
	cmd := exec.Command("go", "env", "-json", "GOROOT", "GOMODCACHE")
	cmd.Dir = cfg.Dir
	cmd.Env = cfg.Env
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	var env struct{ GOROOT, GOMODCACHE string }
	if json.Unmarshal(out, &env) != nil {
		return nil
	}
	for _, d := range []string{env.GOROOT, env.GOMODCACHE} {
		if d != "" {
			s.dirs = append(s.dirs, filepath.Clean(d)+string(filepath.Separator))
		}
	}
	return s
}

// strip reports whether filename's bodies may be dropped.
func (s *bodyStripper) strip(filename string) bool {
	if s.roots[filename] {
		return false
	}
	if strings.Contains(filename, string(filepath.Separator)+"vendor"+string(filepath.Separator)) {
		return true
	}
	for _, d := range s.dirs {
		if strings.HasPrefix(filename, d) {
			return true
		}
	}
	return false
}

// parseFile is a packages.Config.ParseFile: the loader's own parse, then,
// for a dependency file, its function bodies dropped. Generic functions keep
// theirs (go/types requires them), so do init functions, and so does a method named TableName
// (the analyzer reads the table a row type names).
func (s *bodyStripper) parseFile(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	f, err := parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments)
	if f == nil || !s.strip(filename) || bytes.Contains(src, []byte(`import "C"`)) {
		return f, err
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Name.Name != "TableName" && fd.Name.Name != "init" && !generic(fd) {
			fd.Body = nil
		}
	}
	s.mu.Lock()
	s.stripped[filename] = true
	s.mu.Unlock()
	return f, err
}

// errorFile is the file of a packages.Error position ("file:line:col").
func errorFile(pos string) string {
	for i := 0; i < 2; i++ {
		j := strings.LastIndexByte(pos, ':')
		if j < 0 {
			break
		}
		pos = pos[:j]
	}
	return pos
}

// generic reports whether fd is a generic function or a method of a
// generic type: go/types requires their bodies.
func generic(fd *ast.FuncDecl) bool {
	if fd.Type.TypeParams != nil && len(fd.Type.TypeParams.List) > 0 {
		return true
	}
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return false
	}
	t := fd.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	switch t.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// forgive drops the errors that stripping causes: an import used only in
// the dropped bodies is "imported and not used". Packages keep every other
// error, and IllTyped is recomputed (a package is ill-typed when it or a
// dependency has errors).
func (s *bodyStripper) forgive(pkgs []*packages.Package) {
	if s == nil {
		return
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Types == nil {
			return
		}
		// Type errors carry positions; a //line directive (ragel and yacc
		// output) makes the reported file another one, so the stripped file
		// is found through the unadjusted position, and the matching
		// packages.Error by its adjusted position and message.
		forgiven := map[[2]string]bool{}
		tes := p.TypeErrors[:0]
		for _, e := range p.TypeErrors {
			if strings.HasSuffix(e.Msg, "and not used") && e.Fset != nil && s.stripped[e.Fset.PositionFor(e.Pos, false).Filename] {
				forgiven[[2]string{e.Fset.Position(e.Pos).String(), e.Msg}] = true
				continue
			}
			tes = append(tes, e)
		}
		p.TypeErrors = tes
		errs := p.Errors[:0]
		for _, e := range p.Errors {
			if e.Kind == packages.TypeError && strings.HasSuffix(e.Msg, "and not used") &&
				(s.stripped[errorFile(e.Pos)] || forgiven[[2]string{e.Pos, e.Msg}]) {
				continue
			}
			errs = append(errs, e)
		}
		p.Errors = errs
		ill := len(p.Errors) > 0
		for _, imp := range p.Imports {
			if imp.IllTyped {
				ill = true
			}
		}
		p.IllTyped = ill
	})
}
