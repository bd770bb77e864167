package models

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestBuiltinParses checks that every embedded model file parses, is named
// after the package it describes and that no two files describe the same
// package.
func TestBuiltinParses(t *testing.T) {
	s, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Files()) == 0 {
		t.Fatal("no built-in model files")
	}
	seen := map[string]string{}
	for _, f := range s.Files() {
		key := NormalizePath(f.Package)
		if prev, ok := seen[key]; ok {
			t.Errorf("%s and %s both describe %s", prev, f.Name(), key)
		}
		seen[key] = f.Name()
		want := "builtin:" + strings.ReplaceAll(key, "/", ".") + ".yml"
		if f.Name() != want {
			t.Errorf("%s describes %s: want the file named %s", f.Name(), f.Package, strings.TrimPrefix(want, "builtin:"))
		}
		if strings.TrimSpace(f.Doc) == "" {
			t.Errorf("%s: doc is empty: name the library version the model follows", f.Name())
		}
		if f.Generated {
			// A model of generated code describes the packages importing
			// f.Package, not f.Package itself.
			if s.generated[key] == nil {
				t.Errorf("%s: generated model of %q is not indexed", f.Name(), f.Package)
			}
			continue
		}
		if !s.Has(f.Package) {
			t.Errorf("%s: Set.Has(%q) is false", f.Name(), f.Package)
		}
	}
}

// TestBuiltinAPI loads the real libraries (testdata/apicheck pins the versions
// the models follow) and checks every function, method, field and type a
// built-in model names, and every operand against the function's signature:
// argument indexes, N.F fields, SQL text operands that are strings, address
// operands that are not handles. A "*.M" pattern must match methods that all
// take the same parameters. It needs the module proxy (or a warm module
// cache) the first time.
func TestBuiltinAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("loads third-party libraries; skipped in -short mode")
	}
	s, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "apicheck"))
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
		Dir:  dir,
		Env:  env,
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("loading %s: %d errors", dir, n)
	}
	if len(pkgs) != 1 {
		t.Fatalf("loading %s: got %d packages, want 1", dir, len(pkgs))
	}
	// Only the packages deps.go imports directly count: a transitive
	// dependency may carry another version of a modelled package.
	byPath := map[string][]*types.Package{}
	for _, imp := range pkgs[0].Imports {
		if imp.Types == nil {
			t.Fatalf("%s: no type information", imp.PkgPath)
		}
		key := NormalizePath(imp.PkgPath)
		byPath[key] = append(byPath[key], imp.Types)
	}
	for _, f := range s.Files() {
		key := NormalizePath(f.Package)
		if f.Generated {
			// A model of generated code is checked against the generated
			// packages deps.go imports: those importing f.Package.
			var apis []*api
			for _, imp := range pkgs[0].Imports {
				for _, i := range imp.Types.Imports() {
					if NormalizePath(i.Path()) == key {
						apis = append(apis, newAPI(imp.Types))
						break
					}
				}
			}
			if len(apis) == 0 {
				t.Errorf("%s: testdata/apicheck/deps.go imports no package generated for %s", f.Name(), key)
				continue
			}
			for _, problem := range checkModel(s, f, apis) {
				t.Errorf("%s: %s", f.Name(), problem)
			}
			continue
		}
		versions := byPath[key]
		if len(versions) == 0 && strings.Contains(key, "/internal/") {
			// An internal package (rueidis' command builders) cannot be
			// imported by deps.go: take it from the library that imports it.
			packages.Visit(pkgs, nil, func(p *packages.Package) {
				if NormalizePath(p.PkgPath) == key && p.Types != nil && !slices.Contains(versions, p.Types) {
					versions = append(versions, p.Types)
				}
			})
		}
		if len(versions) == 0 {
			t.Errorf("%s: testdata/apicheck/deps.go imports no package %s (an internal package: none of its imports does)", f.Name(), key)
			continue
		}
		var apis []*api
		for _, p := range versions {
			apis = append(apis, newAPI(p))
		}
		for _, problem := range checkModel(s, f, apis) {
			t.Errorf("%s: %s", f.Name(), problem)
		}
	}
}

// api indexes the functions, methods and types of one package the way
// Set.Lookup matches them: methods by the named type that declares them
// (interfaces included, embedded interfaces by their own name).
type api struct {
	pkg     *types.Package
	funcs   map[string]*types.Func
	methods map[string]map[string]*types.Func // method name → receiver type name → method
	types   map[string]*types.Named
}

func newAPI(p *types.Package) *api {
	a := &api{pkg: p, funcs: map[string]*types.Func{}, methods: map[string]map[string]*types.Func{}, types: map[string]*types.Named{}}
	add := func(recv string, m *types.Func) {
		if a.methods[m.Name()] == nil {
			a.methods[m.Name()] = map[string]*types.Func{}
		}
		a.methods[m.Name()][recv] = m
	}
	sc := p.Scope()
	for _, name := range sc.Names() {
		switch o := sc.Lookup(name).(type) {
		case *types.Func:
			a.funcs[name] = o
		case *types.TypeName:
			if o.IsAlias() {
				continue // Lookup matches receivers by their real type name
			}
			named, ok := o.Type().(*types.Named)
			if !ok {
				continue
			}
			a.types[name] = named
			if it, ok := named.Underlying().(*types.Interface); ok {
				for i := 0; i < it.NumExplicitMethods(); i++ {
					add(name, it.ExplicitMethod(i))
				}
				continue
			}
			for i := 0; i < named.NumMethods(); i++ {
				add(name, named.Method(i))
			}
		}
	}
	return a
}

// resolve returns the functions a pattern matches, sorted by receiver.
func (a *api) resolve(pattern string) ([]*types.Func, error) {
	recv, name, err := parseFuncPattern(pattern)
	if err != nil {
		return nil, err
	}
	switch recv {
	case "":
		if fn := a.funcs[name]; fn != nil {
			return []*types.Func{fn}, nil
		}
		return nil, fmt.Errorf("%s: no package-level function %s", pattern, name)
	case "*":
		ms := a.methods[name]
		if len(ms) == 0 {
			return nil, fmt.Errorf("%s: no type of the package has a method %s", pattern, name)
		}
		recvs := make([]string, 0, len(ms))
		for r := range ms {
			recvs = append(recvs, r)
		}
		sort.Strings(recvs)
		out := make([]*types.Func, 0, len(ms))
		for _, r := range recvs {
			out = append(out, ms[r])
		}
		return out, nil
	}
	if strings.Contains(recv, "{}") {
		// A generated-code pattern: the types whose name it matches and
		// that declare the method (the Client does not declare Get; each
		// <Entity>Client does); at least one must.
		var out []*types.Func
		var names []string
		for tn := range a.types {
			if wildMatch(recv, tn) {
				names = append(names, tn)
			}
		}
		sort.Strings(names)
		for _, tn := range names {
			if fn := a.methods[name][tn]; fn != nil {
				out = append(out, fn)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s: no type matching %s declares %s", pattern, recv, name)
		}
		return out, nil
	}
	if a.types[recv] == nil {
		return nil, fmt.Errorf("%s: no type %s", pattern, recv)
	}
	if fn := a.methods[name][recv]; fn != nil {
		return []*types.Func{fn}, nil
	}
	return nil, fmt.Errorf("%s: type %s declares no method %s (promoted methods belong to the embedded type's package)", pattern, recv, name)
}

// opUse says how a model uses an operand, for type sanity checks.
type opUse int

const (
	useAny     opUse = iota
	useText          // SQL text: a string
	useAddress       // a key, path or object key: not a handle (context, interface with methods, func, chan)
)

// checkOperand checks that operand o exists in fn's signature and, for some
// uses, that its type fits.
func checkOperand(fn *types.Func, o Operand, use opUse) error {
	sig := fn.Type().(*types.Signature)
	switch o.Kind {
	case NoOperand:
		return nil
	case Recv:
		if sig.Recv() == nil {
			return fmt.Errorf("operand recv: %s is not a method", fn.Name())
		}
		return nil
	case Result:
		if o.Index >= sig.Results().Len() {
			return fmt.Errorf("operand %s: %s has %d results", o, fn.Name(), sig.Results().Len())
		}
		return nil
	}
	params := sig.Params()
	if o.Index >= params.Len() {
		return fmt.Errorf("operand %s: %s has %d parameters", o, fn.Name(), params.Len())
	}
	typ := params.At(o.Index).Type()
	if sig.Variadic() && o.Index == params.Len()-1 && (o.Variadic || o.Field != "") {
		typ = typ.(*types.Slice).Elem()
	}
	if o.Field != "" {
		base := typ
		if p, ok := base.Underlying().(*types.Pointer); ok {
			base = p.Elem()
		}
		if _, ok := base.Underlying().(*types.Struct); !ok {
			return fmt.Errorf("operand %s: parameter %d of %s is %s, not a struct", o, o.Index, fn.Name(), typ)
		}
		obj, _, _ := types.LookupFieldOrMethod(base, false, fn.Pkg(), o.Field)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			return fmt.Errorf("operand %s: %s has no field %s", o, base, o.Field)
		}
		typ = v.Type()
	}
	switch use {
	case useText:
		if sl, ok := typ.Underlying().(*types.Slice); ok && o.Variadic {
			typ = sl.Elem()
		}
		if it, ok := typ.Underlying().(*types.Interface); ok && o.Variadic && it.Empty() {
			// query: "N..." — the text is the first of the variadic arguments
			// (xorm's Exec(sqlOrArgs ...any)).
			break
		}
		if b, ok := typ.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
			return fmt.Errorf("operand %s of %s is %s: SQL text must be a string", o, fn.Name(), typ)
		}
	case useAddress:
		if o.Variadic && !(sig.Variadic() && o.Index == params.Len()-1) {
			break // N... over several parameters: each is checked by its own use, if any
		}
		switch u := typ.Underlying().(type) {
		case *types.Interface:
			if u.NumMethods() > 0 {
				return fmt.Errorf("operand %s of %s is %s: a handle, not an address", o, fn.Name(), typ)
			}
		case *types.Signature, *types.Chan:
			return fmt.Errorf("operand %s of %s is %s: not an address", o, fn.Name(), typ)
		}
	}
	return nil
}

// checkModel returns the problems of model f (one of set's files) against
// the packages in apis, one per major version of the library the model
// serves. A name needs to exist in one of them (a major version may add or
// drop API); operands are checked wherever the name exists, and every
// function a pattern names must be found by set.Lookup, as the engine will.
func checkModel(set *Set, f *FileModel, apis []*api) []string {
	var problems []string
	type opCheck struct {
		op  Operand
		use opUse
	}
	funcs := func(where string, patterns []string, ops ...opCheck) {
		for _, p := range patterns {
			var missing []string
			for _, a := range apis {
				fns, err := a.resolve(p)
				if err != nil {
					missing = append(missing, fmt.Sprintf("%v (in %s)", err, a.pkg.Path()))
					continue
				}
				if len(fns) > 1 && !f.Generated {
					// "*.M" matches every type's M: it is only honest when
					// all of them take the same parameters.
					want := paramString(fns[0])
					for _, fn := range fns[1:] {
						if got := paramString(fn); got != want {
							problems = append(problems, fmt.Sprintf("%s: %s matches %s%s and %s%s in %s: name the receivers", where, p, describe(fns[0]), want, describe(fn), got, a.pkg.Path()))
						}
					}
				}
				for _, fn := range fns {
					// What the engine will do with a call of fn.
					lookup, how := set.Lookup, "Lookup"
					if f.Generated {
						lookup, how = set.LookupGenerated, "LookupGenerated"
					}
					if lookup(fn) == nil {
						problems = append(problems, fmt.Sprintf("%s: %s: Set.%s(%s) finds no model in %s", where, p, how, describe(fn), a.pkg.Path()))
					}
					for _, c := range ops {
						if err := checkOperand(fn, c.op, c.use); err != nil {
							problems = append(problems, fmt.Sprintf("%s: %s: %s in %s: %v", where, p, describe(fn), a.pkg.Path(), err))
						}
					}
				}
			}
			if len(missing) == len(apis) {
				problems = append(problems, fmt.Sprintf("%s: %s", where, strings.Join(missing, "; ")))
			}
		}
	}
	many := func(ops []Operand, use opUse) []opCheck {
		var out []opCheck
		for _, o := range ops {
			out = append(out, opCheck{o, use})
		}
		return out
	}
	for i, s := range f.Sinks {
		ops := many(s.AddressOperands(), useAddress)
		text := useAny
		if s.Kind == SQL {
			text = useText
		}
		ops = append(ops, opCheck{s.QueryOperand(), text}, opCheck{s.ArgsOperand(), useAny}, opCheck{s.ReadOperand(), useAny})
		funcs(fmt.Sprintf("sinks[%d]", i), s.Funcs, ops...)
	}
	for i, s := range f.Scopers {
		ops := many(s.ScopeOperands(), useAny)
		ops = append(ops, opCheck{s.HandleOperand(), useAny}, opCheck{s.QueryOperand(), useAny}, opCheck{s.ArgsOperand(), useAny})
		funcs(fmt.Sprintf("scopers[%d]", i), s.Funcs, ops...)
	}
	for i, p := range f.Propagators {
		ops := many(p.from, useAny)
		ops = append(ops, opCheck{p.to, useAny}, opCheck{p.format, useText}, opCheck{p.elems, useAny}, opCheck{p.sep, useAny})
		funcs(fmt.Sprintf("propagators[%d]", i), p.Funcs, ops...)
	}
	for i, c := range f.Checks {
		ops := many(c.args, useAny)
		ops = append(ops, opCheck{c.value, useAny}, opCheck{c.prefix, useAny})
		funcs(fmt.Sprintf("checks[%d]", i), c.Funcs, ops...)
	}
	funcs("sources.funcs", f.Sources.Funcs)
	funcs("untrusted.funcs", f.Untrusted.Funcs)
	funcs("opaque", f.Opaque)
	funcs("globals", f.Globals)
	fields := func(where string, list []string) {
		for _, p := range list {
			tn, fld, _ := strings.Cut(p, ".")
			var missing []string
			for _, a := range apis {
				named := a.types[tn]
				if named == nil {
					missing = append(missing, fmt.Sprintf("no type %s in %s", tn, a.pkg.Path()))
					continue
				}
				st, ok := named.Underlying().(*types.Struct)
				if !ok {
					missing = append(missing, fmt.Sprintf("%s is not a struct in %s", tn, a.pkg.Path()))
					continue
				}
				found := false
				for i := 0; i < st.NumFields(); i++ {
					found = found || st.Field(i).Name() == fld
				}
				if !found {
					missing = append(missing, fmt.Sprintf("%s declares no field %s in %s", tn, fld, a.pkg.Path()))
				}
			}
			if len(missing) == len(apis) {
				problems = append(problems, fmt.Sprintf("%s: %s: %s", where, p, strings.Join(missing, "; ")))
			}
		}
	}
	fields("sources.fields", f.Sources.Fields)
	fields("untrusted.fields", f.Untrusted.Fields)
	typeNames := func(where string, list []string) {
		for _, tn := range list {
			found := false
			for _, a := range apis {
				found = found || a.types[tn] != nil
			}
			if !found {
				problems = append(problems, fmt.Sprintf("%s: no type %s", where, tn))
			}
		}
	}
	typeNames("sources.types", f.Sources.Types)
	typeNames("untrusted.types", f.Untrusted.Types)
	return problems
}

func describe(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		return "(" + RecvName(sig.Recv().Type()) + ")." + fn.Name()
	}
	return fn.Name()
}

// paramString renders fn's parameter types, receiver and names left out.
func paramString(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	q := types.RelativeTo(fn.Pkg())
	var b strings.Builder
	b.WriteString("(")
	for i := 0; i < sig.Params().Len(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			b.WriteString("..." + types.TypeString(t.(*types.Slice).Elem(), q))
			continue
		}
		b.WriteString(types.TypeString(t, q))
	}
	b.WriteString(")")
	return b.String()
}
