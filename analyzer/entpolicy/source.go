package entpolicy

// Reading source: packages, modules and declarations, without type
// checking.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// pkg is the parsed, hand-written .go files of one directory.
type pkg struct {
	dir   string
	name  string // package clause of the first file
	files []*ast.File
}

type pkgEntry struct {
	once sync.Once
	pkg  *pkg
	err  error
}

type module struct {
	root, path string
	replace    map[string]string // module path → local directory
}

// loc is where an expression is: its package and file (for imports).
type loc struct {
	p *pkg
	f *ast.File
}

// pkgAt returns the parsed package in dir. A missing directory is an empty
// package; generated files (ent's own) are skipped, as are test files.
func (r *Reader) pkgAt(dir string) (*pkg, error) {
	r.mu.Lock()
	ent := r.pkgs[dir]
	if ent == nil {
		ent = new(pkgEntry)
		r.pkgs[dir] = ent
	}
	r.mu.Unlock()
	ent.once.Do(func() { ent.pkg, ent.err = r.parseDir(dir) })
	return ent.pkg, ent.err
}

func (r *Reader) parseDir(dir string) (*pkg, error) {
	p := &pkg{dir: dir}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
			return p, nil
		}
		return p, err
	}
	n := 0
	for _, de := range entries {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if n++; n > maxFiles {
			break
		}
		f, err := r.parseFile(filepath.Join(dir, name), true)
		if err != nil {
			return p, err
		}
		if f == nil {
			continue
		}
		if p.name == "" {
			p.name = f.Name.Name
		}
		if f.Name.Name != p.name {
			continue // a stray package main or the like
		}
		p.files = append(p.files, f)
	}
	return p, nil
}

// parseFile parses one file. It returns nil, nil for a missing or too
// large file and, when skipGenerated, for a generated one.
func (r *Reader) parseFile(path string, skipGenerated bool) (*ast.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > maxFileBytes {
		return nil, nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if skipGenerated && generated(src) {
		return nil, nil
	}
	f, err := parser.ParseFile(r.fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("entpolicy: %w", err)
	}
	return f, nil
}

// generated reports whether src has the standard "Code generated ... DO NOT
// EDIT." line before its package clause.
func generated(src []byte) bool {
	s := string(src)
	if i := strings.Index(s, "\npackage "); i >= 0 {
		s = s[:i]
	} else if len(s) > 4096 {
		s = s[:4096]
	}
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "// Code generated ") && strings.HasSuffix(line, " DO NOT EDIT.") {
			return true
		}
	}
	return false
}

// moduleOf returns the module whose go.mod is in dir or above it, or nil.
func (r *Reader) moduleOf(dir string) *module {
	var walked []string
	var m *module
	for d := dir; ; {
		r.mu.Lock()
		cached, ok := r.mods[d]
		r.mu.Unlock()
		if ok {
			m = cached
			break
		}
		walked = append(walked, d)
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil {
			m = parseGoMod(d, data)
			break
		}
		parent := filepath.Dir(d)
		if parent == d || len(walked) > 64 {
			break
		}
		d = parent
	}
	r.mu.Lock()
	for _, d := range walked {
		r.mods[d] = m
	}
	r.mu.Unlock()
	return m
}

// parseGoMod reads the module line and the local replace directives of a
// go.mod; it ignores what it does not understand.
func parseGoMod(root string, data []byte) *module {
	m := &module{root: root}
	inReplace := false
	for line := range strings.SplitSeq(string(data), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch {
		case inReplace && f[0] == ")":
			inReplace = false
		case inReplace:
			m.addReplace(f)
		case f[0] == "module" && len(f) >= 2:
			m.path = unquote(f[1])
		case f[0] == "replace" && len(f) == 2 && f[1] == "(":
			inReplace = true
		case f[0] == "replace":
			m.addReplace(f[1:])
		}
	}
	if m.path == "" {
		return nil
	}
	return m
}

// addReplace records "old [v] => ./dir" when the target is a local path.
func (m *module) addReplace(f []string) {
	arrow := -1
	for i, s := range f {
		if s == "=>" {
			arrow = i
		}
	}
	if arrow < 1 || arrow+1 >= len(f) {
		return
	}
	to := unquote(f[arrow+1])
	if !strings.HasPrefix(to, "./") && !strings.HasPrefix(to, "../") && !filepath.IsAbs(to) {
		return
	}
	if !filepath.IsAbs(to) {
		to = filepath.Join(m.root, filepath.FromSlash(to))
	}
	if m.replace == nil {
		m.replace = make(map[string]string)
	}
	m.replace[unquote(f[0])] = to
}

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

// dirOf resolves an import path to a directory of m or of a module m
// replaces with a local directory.
func (m *module) dirOf(path string) (string, bool) {
	if m == nil {
		return "", false
	}
	if rel, ok := under(path, m.path); ok {
		return filepath.Join(m.root, filepath.FromSlash(rel)), true
	}
	for from, to := range m.replace {
		if rel, ok := under(path, from); ok {
			return filepath.Join(to, filepath.FromSlash(rel)), true
		}
	}
	return "", false
}

func under(path, prefix string) (string, bool) {
	if path == prefix {
		return "", true
	}
	if strings.HasPrefix(path, prefix+"/") {
		return path[len(prefix)+1:], true
	}
	return "", false
}

// importDir returns the directory of the package a file imports under the
// local name name, when it is in the module.
func (r *Reader) importDir(at loc, name string) (string, bool) {
	if at.f == nil {
		return "", false
	}
	m := r.moduleOf(at.p.dir)
	var unnamed []string
	for _, spec := range at.f.Imports {
		path := unquote(spec.Path.Value)
		if spec.Name != nil {
			if spec.Name.Name == name {
				return m.dirOf(path)
			}
			continue
		}
		if guessName(path) == name {
			return m.dirOf(path)
		}
		unnamed = append(unnamed, path)
	}
	// The package name may differ from the last path element: ask the
	// package itself.
	for _, path := range unnamed {
		dir, ok := m.dirOf(path)
		if !ok {
			continue
		}
		if p, err := r.pkgAt(dir); err == nil && p.name == name {
			return dir, true
		}
	}
	return "", false
}

// guessName is the usual package name of an import path: its last element,
// without a major version element, a "go-" prefix or a ".vN" suffix.
func guessName(path string) string {
	elems := strings.Split(path, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = elems[len(elems)-2]
	}
	name = strings.TrimPrefix(name, "go-")
	if i := strings.Index(name, "."); i >= 0 {
		name = name[:i]
	}
	return strings.ReplaceAll(name, "-", "_")
}

func (p *pkg) funcDecl(name string) (*ast.FuncDecl, *ast.File) {
	for _, f := range p.files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
				return fd, f
			}
		}
	}
	return nil, nil
}

func (p *pkg) method(typ, name string) (*ast.FuncDecl, *ast.File) {
	for _, f := range p.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 || fd.Name.Name != name {
				continue
			}
			if typeName(fd.Recv.List[0].Type) == typ {
				return fd, f
			}
		}
	}
	return nil, nil
}

func (p *pkg) typeSpec(name string) (*ast.TypeSpec, *ast.File) {
	for _, f := range p.files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == name {
					return ts, f
				}
			}
		}
	}
	return nil, nil
}

// varValue returns the initial value of a package-level variable.
func (p *pkg) varValue(name string) (ast.Expr, *ast.File) {
	for _, f := range p.files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs, ok := s.(*ast.ValueSpec)
				if !ok || len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, n := range vs.Names {
					if n.Name == name {
						return vs.Values[i], f
					}
				}
			}
		}
	}
	return nil, nil
}

// typeName is the last identifier of a type expression: privacy.Policy →
// Policy, *T → T, T[int] → T, []privacy.QueryRule → []QueryRule.
func typeName(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.StarExpr:
		return typeName(x.X)
	case *ast.ParenExpr:
		return typeName(x.X)
	case *ast.IndexExpr:
		return typeName(x.X)
	case *ast.IndexListExpr:
		return typeName(x.X)
	case *ast.ArrayType:
		if x.Len == nil {
			return "[]" + typeName(x.Elt)
		}
	}
	return ""
}

// funcName is the name a call calls: f, pkg.F, x.M, F[T].
func funcName(x ast.Expr) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.IndexExpr:
		return funcName(x.X)
	case *ast.IndexListExpr:
		return funcName(x.X)
	}
	return ""
}

func resultName(fd *ast.FuncDecl) string {
	if fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
		return ""
	}
	return typeName(fd.Type.Results.List[0].Type)
}
