package main

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/packages"
)

func TestBodyStripperDropsDependencyBodies(t *testing.T) {
	dep := filepath.Join(string(filepath.Separator)+"cache", "mod") + string(filepath.Separator)
	root := filepath.Join(string(filepath.Separator)+"cache", "mod", "root.go")
	s := &bodyStripper{roots: map[string]bool{root: true}, dirs: []string{dep}, stripped: map[string]bool{}}
	src := []byte(`package p

import "strings"

func Plain(s string) string { return strings.ToUpper(s) }

func Generic[T any](x T) T { return x }

type Box[T any] struct{ v T }

func (b *Box[T]) Get() T { return b.v }

func init() { _ = 1 }

type Row struct{}

func (Row) TableName() string { return "rows" }
`)
	bodies := func(f *ast.File) map[string]bool {
		out := map[string]bool{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				out[fd.Name.Name] = fd.Body != nil
			}
		}
		return out
	}
	f, err := s.parseFile(token.NewFileSet(), dep+"p.go", src)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"Plain": false, "Generic": true, "Get": true, "init": true, "TableName": true}
	for name, has := range bodies(f) {
		if has != want[name] {
			t.Errorf("dependency %s: body kept = %v, want %v", name, has, want[name])
		}
	}
	f, err = s.parseFile(token.NewFileSet(), root, src)
	if err != nil {
		t.Fatal(err)
	}
	for name, has := range bodies(f) {
		if !has {
			t.Errorf("root file %s: body dropped", name)
		}
	}
	if !s.stripped[dep+"p.go"] || s.stripped[root] {
		t.Errorf("stripped = %v, want only the dependency file", s.stripped)
	}
}

// A dependency whose import is used only in a body type-checks without
// errors once its bodies are dropped and the unused import is forgiven.
func TestBodyStripperForgivesUnusedImports(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app/go.mod", "module example.com/app\n\ngo 1.26\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n")
	write("app/app.go", "package app\n\nimport \"example.com/dep\"\n\nvar X = dep.Upper(\"a\")\n")
	write("dep/go.mod", "module example.com/dep\n\ngo 1.26\n")
	write("dep/dep.go", "package dep\n\nimport \"strings\"\n\nfunc Upper(s string) string { return strings.ToUpper(s) }\n")
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: filepath.Join(dir, "app")}
	s := newBodyStripper(cfg, []string{"./..."})
	if s == nil {
		t.Fatal("newBodyStripper failed")
	}
	s.dirs = append(s.dirs, filepath.Join(dir, "dep")+string(filepath.Separator)) // the dependency counts as third-party
	cfg.ParseFile = s.parseFile
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	depErrors := func() (n int) {
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if p.PkgPath == "example.com/dep" {
				n = len(p.Errors)
			}
		})
		return n
	}
	if depErrors() == 0 {
		t.Fatal("the stripped dependency reports no unused import: the test does not exercise forgive")
	}
	s.forgive(pkgs)
	if n := depErrors(); n != 0 || pkgs[0].IllTyped {
		t.Errorf("after forgive: dependency errors %d, app ill-typed %v; want none", n, pkgs[0].IllTyped)
	}
}
