// Package analyzer is tenantleak's analysis: it finds tenant leaks, stores
// addressed without a tenant scope, in multi-tenant Go services.
//
// The analyzer builds SSA itself, for the packages where a label can be
// lost only, and tracks tenant values from sources through propagators to
// sinks; summaries of functions travel to importing packages as facts.
// See Doc for the checks and DESIGN.md for the rules.
package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantleak/tenantleak/analyzer/config"
	"github.com/tenantleak/tenantleak/analyzer/models"
	"github.com/tenantleak/tenantleak/analyzer/summary"
)

// Doc is the analyzer's documentation.
const Doc = `find stores addressed without a tenant scope (tenant leaks)

tenantleak reports a database query, ORM call, cache key, file path or
object-storage key that a multi-tenant service builds without a tenant
scope, so that one tenant can read or change another tenant's data:

  TL001  SQL statement on a tenant-scoped table without its tenant column
         bound to a trusted tenant value
  TL002  ORM or store call with no trusted tenant scope
  TL003  cache key without a tenant component
  TL004  file path without a tenant component, or one ".." can leave
  TL005  object-store key without a tenant component, or one ".." can leave
  TL006  tenant slot filled from request input without a membership check
  TL007  tenant column bound to a value that is not a tenant value

Tenant values come from sources (configured, or recognised by name:
tenantID, OrgID, TenantFrom(ctx)); request input (URL query, path
parameters, form, headers, JSON bodies) is untrusted until a membership
check or an equality test against a trusted tenant proves it. A sink is
reported where its function holds a tenant it does not use to scope it; a
helper without a tenant of its own is summarised and judged at each call.

Configuration: the nearest .tenantleak.yml from the package directory up to
its module root, or -config FILE. Suppress a finding with
//tenantleak:ignore TL00x reason, on its line or the line before, or in the
doc comment of its function; mark shared-by-design code with
//tenantleak:global reason.`

// Analyzer is the tenantleak analyzer.
var Analyzer = &analysis.Analyzer{
	Name:      "tenantleak",
	Doc:       Doc,
	URL:       "https://github.com/tenantleak/tenantleak#findings",
	Run:       run,
	FactTypes: []analysis.Fact{new(summary.Func), new(summary.Package)},
}

var (
	configFlag string
	debugFlag  bool
)

func init() {
	Analyzer.Flags.StringVar(&configFlag, "config", "", "configuration file (default: the nearest .tenantleak.yml from each package up to its module root)")
	Analyzer.Flags.BoolVar(&debugFlag, "debug", false, "also report why sinks were not checked (unresolvable SQL, no tenant available)")
}

var setOverride sync.Once

// InternalError is an analyzer failure (a recovered panic), as opposed to a
// problem with the user's input.
type InternalError struct {
	Msg string
}

func (e *InternalError) Error() string { return "internal error: " + e.Msg }

// InternalCategory is the diagnostic category of an internal error: a
// recovered panic. It is reported as a diagnostic rather than returned as
// an error so that the packages importing this one are still analysed (an
// error would fail them as prerequisites); drivers map it to exit status 3.
const InternalCategory = "internal-error"

func run(pass *analysis.Pass) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			pos := token.NoPos
			if len(pass.Files) > 0 {
				pos = pass.Files[0].Package
			}
			pass.Report(analysis.Diagnostic{Pos: pos, Category: InternalCategory,
				Message: fmt.Sprintf("tenantleak internal error analysing package %s: %v\n%s", pass.Pkg.Path(), r, debug.Stack())})
			err = nil
		}
	}()
	if configFlag != "" {
		setOverride.Do(func() {
			abs, err := filepath.Abs(configFlag)
			if err != nil {
				abs = configFlag
			}
			config.SetOverride(abs)
		})
	}
	dir := packageDir(pass)
	var cfg *config.Config
	if dir == "" {
		cfg = config.Default()
	} else if cfg, err = config.ForDir(dir); err != nil {
		return nil, err
	}
	env, err := envFor(cfg)
	if err != nil {
		return nil, err
	}
	pa := &pkgAnalysis{pass: pass, env: env, dir: dir, debug: debugFlag}
	pa.findContextSources()
	pa.tableNames = declaredTableNames(pass)
	fact := &summary.Package{ContextSource: pa.ctxSource, ContextSourceName: pa.ctxSourceName, TableNames: pa.tableNames}
	if pa.relevant() {
		pa.analyze()
		fact.Analyzed = true
		fact.Hooks = pa.ownHooks
		fact.Interesting = pa.exportFacts()
	}
	pass.ExportPackageFact(fact)
	return nil, nil
}

// packageDir is the absolute directory of the package's Go files.
func packageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if strings.HasSuffix(name, ".go") {
			if d, err := filepath.Abs(filepath.Dir(name)); err == nil {
				if _, err := os.Stat(d); err == nil {
					return d
				}
			}
		}
	}
	return ""
}

// pkgAnalysis is the analysis of one package.
type pkgAnalysis struct {
	pass  *analysis.Pass
	env   *env
	dir   string
	debug bool
	// deps: the functions of this package whose summaries each function's
	// analysis reads (callees, parent, closures), from sccs.
	deps map[*ssa.Function][]*ssa.Function
	// tableNames: this package's types with a constant TableName() method.
	tableNames map[string]string

	ctxSource     bool
	ctxSourceName string

	prog         *ssa.Program
	funcs        []*ssa.Function
	states       map[*ssa.Function]*funcState
	sums         map[*ssa.Function]*summary.Func
	makeClosures map[*ssa.Function][]*ssa.MakeClosure
	imported     map[*types.Func]*summary.Func
	directives   []*directive
	// hookCovers: sinks a registered hook scopes (models.HookKey), from
	// this package's registrations and its imports' package facts;
	// ownHooks: those registered here, for this package's fact.
	hookCovers map[string]bool
	ownHooks   []string
	// fixed: functions whose analysis nothing can observe (see fixedTrees).
	fixed    map[*ssa.Function]bool
	stripped []*types.Func            // built without SSA (see strippedFiles)
	callees  map[calleeKey]calleeInfo // see calleeModel
	fields   map[fieldKey]fieldInfo   // see fieldRole
	// Per-package memos of pure functions of the SSA and the configuration.
	localNames   map[*ssa.Function]localNames  // see collectNames
	tenantFields map[types.Type]string         // see tenantFieldOfType
	spills       map[*ssa.Alloc]*ssa.Parameter // see spilledParam
	spilledFVs   map[*ssa.FreeVar]bool         // see spilledFreeVar
}

// isStd reports whether the package is part of the standard library.
func (pa *pkgAnalysis) isStd(path string) bool {
	if pa.dir != "" {
		root := goroot()
		return root != "" && strings.HasPrefix(pa.dir, filepath.Join(root, "src")+string(filepath.Separator))
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

var goroot = sync.OnceValue(func() string {
	if r := os.Getenv("GOROOT"); r != "" {
		return filepath.Clean(r)
	}
	return filepath.Clean(runtime.GOROOT())
})

// relevant decides cheaply whether a label can be lost in this package or
// learned from it: the standard library and modelled libraries are known
// from their models; a third-party dependency is analysed only when it
// talks to a store and speaks of tenants (an in-house repository layer);
// the user's own packages when they import a store, a request or a package
// with interesting summaries, or speak of tenants.
func (pa *pkgAnalysis) relevant() bool {
	path := pa.pass.Pkg.Path()
	if len(pa.pass.Files) == 0 || pa.isStd(path) || pa.env.models.Library(path) {
		return false
	}
	importsSink, importsRelevant := false, false
	for _, imp := range pa.pass.Pkg.Imports() {
		if pa.env.models.HasSinks(imp.Path()) {
			importsSink = true
		}
		if pa.env.models.Relevant(imp.Path()) {
			importsRelevant = true
		}
		var f summary.Package
		if pa.pass.ImportPackageFact(imp, &f) && f.Interesting {
			importsRelevant = true
		}
	}
	if pa.pass.Module != nil && pa.pass.Module.Version != "" {
		return importsSink && pa.speaksOfTenants()
	}
	return importsSink || importsRelevant || pa.speaksOfTenants()
}

// speaksOfTenants reports whether the package declares a tenant-named
// function, parameter, field or type.
func (pa *pkgAnalysis) speaksOfTenants() bool {
	for id, obj := range pa.pass.TypesInfo.Defs {
		if obj == nil {
			continue
		}
		switch obj.(type) {
		case *types.Func:
			if pa.env.cfg.HasTenantWord(id.Name) {
				return true
			}
		case *types.Var, *types.TypeName:
			if pa.env.tenantName(id.Name) {
				return true
			}
		}
	}
	return false
}

// findContextSources decides whether a context source is visible here:
// configured, declared in this package, or in one it imports.
func (pa *pkgAnalysis) findContextSources() {
	for _, imp := range pa.pass.Pkg.Imports() {
		var f summary.Package
		if pa.pass.ImportPackageFact(imp, &f) && f.ContextSource {
			pa.ctxSource = true
			if pa.ctxSourceName == "" {
				pa.ctxSourceName = f.ContextSourceName
			}
		}
	}
	// Name-based sources are the user's code speaking of tenants; a
	// third-party library's GetAccountID(ctx) is not the caller's tenant.
	// A configured or modelled source is one wherever it is declared.
	thirdParty := pa.isStd(pa.pass.Pkg.Path()) || pa.env.models.Library(pa.pass.Pkg.Path()) ||
		pa.pass.Module != nil && pa.pass.Module.Version != ""
	if thirdParty && !pa.env.models.Has(pa.pass.Pkg.Path()) {
		return
	}
	// Generated code (an ORM's client: ent's Mutation.OldTenantID(ctx)) is no
	// one's authentication layer.
	generated := map[string]bool{}
	for _, f := range pa.pass.Files {
		if ast.IsGenerated(f) {
			generated[pa.pass.Fset.File(f.Pos()).Name()] = true
		}
	}
	scope := pa.pass.Pkg.Scope()
	names := scope.Names()
	consider := func(fn *types.Func) {
		if f := pa.pass.Fset.File(fn.Pos()); f != nil && generated[f.Name()] {
			return
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 1 || !isContext(sig.Params().At(0).Type()) || sig.Results().Len() == 0 {
			return
		}
		rt := sig.Results().At(0).Type()
		if m := pa.env.models.Lookup(fn); m != nil && m.Source {
			pa.ctxSource = true
			pa.ctxSourceName = pa.pass.Pkg.Name() + "." + fn.Name()
			if sig.Recv() != nil {
				pa.ctxSourceName = pa.pass.Pkg.Name() + "." + recvName(sig.Recv().Type()) + "." + fn.Name()
			}
			return
		}
		if thirdParty {
			return
		}
		// By name (TenantFrom(ctx)), or a package-level accessor of a
		// struct with a tenant field (ScopeFrom(ctx).TenantID); a method
		// taking a context and returning an entity (an ORM's Save(ctx)) is
		// not a source.
		if pa.env.tenantValueType(fn.Name(), rt, true) || sig.Recv() == nil && pa.env.tenantField(rt) != "" {
			pa.ctxSource = true
			pa.ctxSourceName = pa.pass.Pkg.Name() + "." + fn.Name()
			if sig.Recv() != nil {
				pa.ctxSourceName = pa.pass.Pkg.Name() + "." + recvName(sig.Recv().Type()) + "." + fn.Name()
			}
		}
	}
	for _, n := range names {
		switch o := scope.Lookup(n).(type) {
		case *types.Func:
			consider(o)
		case *types.TypeName:
			if nt, ok := o.Type().(*types.Named); ok {
				for i := 0; i < nt.NumMethods(); i++ {
					consider(nt.Method(i))
				}
			}
		}
		if pa.ctxSource && strings.HasPrefix(pa.ctxSourceName, pa.pass.Pkg.Name()+".") {
			return
		}
	}
}

// analyze builds SSA for the package, solves the summaries over its call
// graph and reports its findings.
func (pa *pkgAnalysis) analyze() {
	pa.parseDirectives()
	ssapkg := pa.buildSSA()
	if ssapkg == nil {
		return
	}
	pa.states = map[*ssa.Function]*funcState{}
	pa.sums = map[*ssa.Function]*summary.Func{}
	pa.imported = map[*types.Func]*summary.Func{}
	pa.makeClosures = map[*ssa.Function][]*ssa.MakeClosure{}
	for _, fn := range pa.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if f, ok := mc.Fn.(*ssa.Function); ok {
						pa.makeClosures[f] = append(pa.makeClosures[f], mc)
					}
				}
			}
		}
	}
	pa.fixed = pa.fixedTrees()
	pa.hookCovers = map[string]bool{}
	for _, pf := range pa.pass.AllPackageFacts() {
		if f, ok := pf.Fact.(*summary.Package); ok {
			for _, k := range f.Hooks {
				pa.hookCovers[k] = true
			}
		}
	}
	order := pa.sccs()
	regs, early := pa.findHooks()
	if len(early) > 0 {
		// Hooks are analysed first (with what they call), so that every
		// statement they run before is judged knowing them.
		need := map[*ssa.Function]bool{}
		var mark func(fn *ssa.Function)
		mark = func(fn *ssa.Function) {
			if need[fn] {
				return
			}
			need[fn] = true
			for _, d := range pa.deps[fn] {
				mark(d)
			}
		}
		for _, fn := range early {
			mark(fn)
		}
		var rest [][]*ssa.Function
		for _, scc := range order {
			if need[scc[0]] {
				pa.solve(scc)
			} else {
				rest = append(rest, scc)
			}
		}
		pa.registerHooks(regs)
		order = rest
	}
	for _, scc := range order {
		pa.solve(scc)
	}
	var findings []finding
	for _, fn := range pa.funcs {
		if st := pa.states[fn]; st != nil {
			findings = append(findings, st.findings...)
			if sum := pa.sums[fn]; sum != nil && sum.String() != "" {
				pa.debugf(fn.Pos(), "summary of %s: %s", fn.Name(), sum)
			}
		}
	}
	pa.emit(findings)
}

// buildSSA builds SSA for this package only; imported packages are created
// from their types, without bodies (buildssa does the same, but requiring
// it would build SSA for every dependency once tenantleak declares facts).
func (pa *pkgAnalysis) buildSSA() *ssa.Package {
	pass := pa.pass
	prog := ssa.NewProgram(pass.Fset, ssa.GlobalDebug)
	// Only direct imports need SSA packages: source code can name
	// package-level members of direct imports only, and the builder creates
	// methods of other packages on demand. Creating every transitive import
	// (as buildssa does) costs more than building this package.
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	files, info := pa.strippedFiles()
	ssapkg := prog.CreatePackage(pass.Pkg, files, info, false)
	ssapkg.Build()
	pa.prog = prog
	var addAnons func(f *ssa.Function)
	addAnons = func(f *ssa.Function) {
		pa.funcs = append(pa.funcs, f)
		for _, anon := range f.AnonFuncs {
			addAnons(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok || obj == nil {
				continue
			}
			if fn := prog.FuncValue(obj); fn != nil && fn.Blocks != nil {
				addAnons(fn)
			}
		}
	}
	return ssapkg
}

// strippedFiles returns the package's files without the declarations of the
// functions fixedTrees would find that nothing here refers to (tests,
// mostly): their analysis is skipped anyway, so they need no SSA, the
// larger part of building a test package. The type information returned
// gives the copied files their Go versions. The functions left out are
// recorded in pa.stripped, for their facts.
func (pa *pkgAnalysis) strippedFiles() ([]*ast.File, *types.Info) {
	pass := pa.pass
	if pa.debug {
		return pass.Files, pass.TypesInfo
	}
	strip := map[*types.Func]bool{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Recv != nil || fd.Type.TypeParams != nil || fd.Name.Name == "init" {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if ok && obj.Signature().Results().Len() == 0 && pa.isGlobalDecl(obj.Pos(), obj) {
				strip[obj] = true
			}
		}
	}
	if len(strip) == 0 {
		return pass.Files, pass.TypesInfo
	}
	for _, obj := range pass.TypesInfo.Uses {
		if f, ok := obj.(*types.Func); ok {
			delete(strip, f)
		}
	}
	if len(strip) == 0 {
		return pass.Files, pass.TypesInfo
	}
	info := *pass.TypesInfo
	info.FileVersions = maps.Clone(pass.TypesInfo.FileVersions)
	files := make([]*ast.File, len(pass.Files))
	for i, f := range pass.Files {
		files[i] = f
		var decls []ast.Decl
		for j, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && strip[obj] {
					if decls == nil {
						decls = append(make([]ast.Decl, 0, len(f.Decls)), f.Decls[:j]...)
					}
					pa.stripped = append(pa.stripped, obj)
					continue
				}
			}
			if decls != nil {
				decls = append(decls, d)
			}
		}
		if decls != nil {
			c := *f
			c.Decls = decls
			files[i] = &c
			if v, ok := pass.TypesInfo.FileVersions[f]; ok {
				info.FileVersions[&c] = v
			}
		}
	}
	return files, &info
}

// sccs orders the package's functions so that what a function depends on
// comes first: its callees, and, for a closure, its parent (free
// variables). Mutually dependent functions form one component.
func (pa *pkgAnalysis) sccs() [][]*ssa.Function {
	inPkg := map[*ssa.Function]bool{}
	for _, f := range pa.funcs {
		inPkg[f] = true
	}
	deps := map[*ssa.Function][]*ssa.Function{}
	for _, f := range pa.funcs {
		var ds []*ssa.Function
		if p := f.Parent(); p != nil && inPkg[p] {
			ds = append(ds, p)
		}
		// A parent depends on its closures too (a scope function it returns
		// is known from the closure's summary): they are solved together.
		for _, anon := range f.AnonFuncs {
			if inPkg[anon] {
				ds = append(ds, anon)
			}
		}
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if callee := ci.Common().StaticCallee(); callee != nil {
					if o := callee.Origin(); o != nil {
						callee = o
					}
					if inPkg[callee] && callee != f {
						ds = append(ds, callee)
					}
				}
			}
		}
		deps[f] = ds
	}
	pa.deps = deps
	// Tarjan's algorithm emits each component after everything it reaches.
	index := map[*ssa.Function]int{}
	low := map[*ssa.Function]int{}
	onStack := map[*ssa.Function]bool{}
	var stack []*ssa.Function
	var out [][]*ssa.Function
	next := 0
	var visit func(f *ssa.Function)
	visit = func(f *ssa.Function) {
		index[f], low[f] = next, next
		next++
		stack = append(stack, f)
		onStack[f] = true
		for _, d := range deps[f] {
			if _, seen := index[d]; !seen {
				visit(d)
				low[f] = min(low[f], low[d])
			} else if onStack[d] {
				low[f] = min(low[f], index[d])
			}
		}
		if low[f] == index[f] {
			var scc []*ssa.Function
			for {
				n := len(stack) - 1
				g := stack[n]
				stack = stack[:n]
				onStack[g] = false
				scc = append(scc, g)
				if g == f {
					break
				}
			}
			// Parents before their closures inside a component.
			sort.SliceStable(scc, func(i, j int) bool { return depth(scc[i]) < depth(scc[j]) })
			out = append(out, scc)
		}
	}
	for _, f := range pa.funcs {
		if _, seen := index[f]; !seen {
			visit(f)
		}
	}
	return out
}

func depth(f *ssa.Function) int {
	n := 0
	for p := f.Parent(); p != nil; p = p.Parent() {
		n++
	}
	return n
}

// maxRounds bounds the fixed point over a component: each function is
// analysed at most this many times; summaries only grow, and a component
// that has not settled by then keeps its last summaries.
const maxRounds = 5

// solve analyses one component to a fixed point of its summaries, with a
// worklist: a function is analysed again only when a summary it reads
// changed, so a large component costs about one pass when it settles fast.
func (pa *pkgAnalysis) solve(scc []*ssa.Function) {
	analyze := func(fn *ssa.Function) (changed bool) {
		if pa.fixed[fn] {
			if fn.Parent() != nil {
				return false
			}
			old := pa.sums[fn]
			sum := fixedSummary()
			pa.sums[fn] = sum
			return old == nil || !reflect.DeepEqual(old, sum)
		}
		st := newFuncState(pa, fn)
		if !pa.guard(fn, st.analyze) {
			return false
		}
		pa.states[fn] = st
		old := pa.sums[fn]
		changed = old == nil || !reflect.DeepEqual(old, st.sum)
		pa.sums[fn] = st.sum
		return changed
	}
	if len(scc) == 1 && !pa.selfRecursive(scc[0]) {
		analyze(scc[0])
		return
	}
	in := make(map[*ssa.Function]bool, len(scc))
	for _, fn := range scc {
		in[fn] = true
	}
	readers := map[*ssa.Function][]*ssa.Function{}
	for _, fn := range scc {
		if pa.selfRecursive(fn) {
			readers[fn] = append(readers[fn], fn)
		}
		for _, d := range pa.deps[fn] {
			if in[d] {
				readers[d] = append(readers[d], fn)
			}
		}
	}
	queue := append([]*ssa.Function(nil), scc...)
	queued := make(map[*ssa.Function]bool, len(scc))
	for _, fn := range scc {
		queued[fn] = true
	}
	count := map[*ssa.Function]int{}
	for len(queue) > 0 {
		fn := queue[0]
		queue = queue[1:]
		queued[fn] = false
		if count[fn] >= maxRounds {
			continue
		}
		count[fn]++
		if !analyze(fn) {
			continue
		}
		for _, r := range readers[fn] {
			if !queued[r] && count[r] < maxRounds {
				queued[r] = true
				queue = append(queue, r)
			}
		}
	}
}

// fixedTrees finds the functions whose analysis cannot change the output:
// a declared function shared by design (a test, mostly) with no results,
// and its closures. Such a function reports nothing and its summary is
// fixedSummary whatever its body; its closures' summaries and states are
// read only by the function and its other closures. Under -debug every
// function is analysed, for its debug lines.
func (pa *pkgAnalysis) fixedTrees() map[*ssa.Function]bool {
	if pa.debug {
		return nil
	}
	var out map[*ssa.Function]bool
	var mark func(f *ssa.Function)
	mark = func(f *ssa.Function) {
		out[f] = true
		for _, anon := range f.AnonFuncs {
			mark(anon)
		}
	}
	for _, fn := range pa.funcs {
		if fn.Parent() == nil && fn.Signature.Results().Len() == 0 && pa.isGlobalFunc(fn) {
			if out == nil {
				out = map[*ssa.Function]bool{}
			}
			mark(fn)
		}
	}
	return out
}

// fixedSummary is what the analysis of a function in fixedTrees' roots
// summarises: shared by design, no results, no sinks, no check.
func fixedSummary() *summary.Func {
	return &summary.Func{Global: true, Results: []summary.Value{}}
}

// guard runs the analysis of one function, turning a panic into an
// internal error naming the function, so the rest of the package is still
// analysed.
func (pa *pkgAnalysis) guard(fn *ssa.Function, f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			pa.pass.Report(analysis.Diagnostic{Pos: fn.Pos(), Category: InternalCategory,
				Message: fmt.Sprintf("tenantleak internal error analysing %s: %v\n%s", fn.String(), r, debug.Stack())})
			ok = false
		}
	}()
	f()
	return true
}

func (pa *pkgAnalysis) selfRecursive(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok && ci.Common().StaticCallee() == fn {
				return true
			}
		}
	}
	return false
}

// exportFacts exports the summaries callers in other packages need; it
// reports whether any was exported.
func (pa *pkgAnalysis) exportFacts() bool {
	any := false
	for _, fn := range pa.funcs {
		if fn.Parent() != nil {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pa.pass.Pkg {
			continue
		}
		if sig := obj.Type().(*types.Signature); !obj.Exported() && sig.Recv() == nil {
			continue
		}
		sum := pa.sums[fn]
		if sum == nil || defaultSummary(sum) {
			continue
		}
		pa.pass.ExportObjectFact(obj, sum)
		any = true
	}
	for _, obj := range pa.stripped {
		if obj.Exported() {
			pa.pass.ExportObjectFact(obj, fixedSummary())
			any = true
		}
	}
	return any
}

// defaultSummary reports whether a summary says no more than callers
// assume of an analysed function without a fact: its results carry its
// arguments, and it reaches no sink.
func defaultSummary(s *summary.Func) bool {
	if s.Global || s.Check != nil || len(s.Sinks) > 0 || len(s.Binds) > 0 || len(s.Invokes) > 0 {
		return false
	}
	for i, r := range s.Results {
		if r.Flags&(fTenant|fUntrusted|fScoped|fStore|fOpaque|fBound|fUnjudged|fRead) != 0 || r.Name ||
			len(r.Tables) > 0 || len(r.Columns) > 0 || r.Rendered {
			return false
		}
		for _, f := range r.Flows {
			if i > 0 || f.Via&(fTenant|fScoped|fDropped|fBound|fSlot|fUnscoped) != 0 {
				return false
			}
		}
	}
	return true
}

// importedSummary returns the fact of a function of another package.
func (pa *pkgAnalysis) importedSummary(obj *types.Func) *summary.Func {
	if s, ok := pa.imported[obj]; ok {
		return s
	}
	var s summary.Func
	var out *summary.Func
	if pa.pass.ImportObjectFact(obj, &s) {
		out = &s
	}
	pa.imported[obj] = out
	return out
}

// analyzedCallee reports whether a callee's body was seen: in this package,
// in an analysed package (no fact means the default summary), in the
// standard library or a modelled library (known from models).
func (pa *pkgAnalysis) analyzedCallee(c *callSite) bool {
	if c.fn != nil {
		return true
	}
	if c.obj == nil || c.obj.Pkg() == nil || c.cc.IsInvoke() {
		return false
	}
	p := c.obj.Pkg()
	if p == pa.pass.Pkg {
		return true
	}
	var f summary.Package
	if pa.pass.ImportPackageFact(p, &f) && f.Analyzed {
		return true
	}
	first, _, _ := strings.Cut(p.Path(), "/")
	return !strings.Contains(first, ".") || pa.env.models.Library(p.Path())
}

// isGlobalFunc reports whether fn is shared by design: marked
// //tenantleak:global (itself or the function it is declared in),
// configured in globals.functions, modelled as global, or a check (a
// check's own body is never a finding).
func (pa *pkgAnalysis) isGlobalFunc(fn *ssa.Function) bool {
	top := fn
	for top.Parent() != nil {
		top = top.Parent()
	}
	obj, _ := top.Object().(*types.Func)
	return pa.isGlobalDecl(top.Pos(), obj)
}

// isGlobalDecl is isGlobalFunc for the function declared at pos, obj (nil
// if none).
func (pa *pkgAnalysis) isGlobalDecl(pos token.Pos, obj *types.Func) bool {
	if pa.globalDirective(pos) {
		return true
	}
	// Test code seeds fixtures and calls stores with made-up tenants; it
	// serves no tenant's request.
	if f := pa.pass.Fset.File(pos); f != nil && strings.HasSuffix(f.Name(), "_test.go") || testPackage(pa.pass.Pkg.Path()) {
		return true
	}
	if obj != nil {
		if pa.isGlobalObj(obj) {
			return true
		}
		if m := pa.env.models.Lookup(obj); m != nil && len(m.Checks) > 0 {
			return true
		}
	}
	return false
}

// declaredTableNames finds the methods TableName() string of this
// package's types whose body returns a constant: func (T) TableName()
// string { return "t" }.
func declaredTableNames(pass *analysis.Pass) map[string]string {
	var out map[string]string
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != "TableName" || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Body == nil ||
				len(fd.Body.List) != 1 {
				continue
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			tv, ok := pass.TypesInfo.Types[ret.Results[0]]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
				continue
			}
			n := namedOf(pass.TypesInfo.TypeOf(fd.Recv.List[0].Type))
			if n == nil {
				continue
			}
			if out == nil {
				out = map[string]string{}
			}
			out[n.Obj().Name()] = strings.ToLower(constant.StringVal(tv.Value))
		}
	}
	return out
}

// tableOf is the table a row type is stored in: its TableName() constant,
// here or from its package's fact, else the name derived from the type.
func (pa *pkgAnalysis) tableOf(n *types.Named) string {
	obj := n.Obj()
	if obj.Pkg() == pa.pass.Pkg {
		if t, ok := pa.tableNames[obj.Name()]; ok {
			return t
		}
	} else if obj.Pkg() != nil {
		var f summary.Package
		if pa.pass.ImportPackageFact(obj.Pkg(), &f) {
			if t, ok := f.TableNames[obj.Name()]; ok {
				return t
			}
		}
	}
	return tableOfType(obj.Name())
}

// testPackage reports whether a package holds test helpers by its path: a
// segment named test, tests, testutil(s), testhelper(s), testenv, fixtures
// or mocks (kratos' identity/test, convoy's testenv).
func testPackage(path string) bool {
	for _, seg := range strings.Split(path, "/") {
		switch seg {
		case "test", "tests", "testutil", "testutils", "testhelper", "testhelpers", "testenv", "fixtures", "mocks":
			return true
		}
	}
	return false
}

// isGlobalObj reports whether calls to obj are shared by design.
func (pa *pkgAnalysis) isGlobalObj(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return false
	}
	recv := ""
	if sig := obj.Type().(*types.Signature); sig.Recv() != nil {
		recv = recvName(sig.Recv().Type())
	}
	if pa.env.cfg.GlobalFunction(obj.Pkg().Path(), recv, obj.Name()) {
		return true
	}
	if obj.Pkg() == pa.pass.Pkg && pa.globalDirective(obj.Pos()) {
		return true
	}
	return false
}

func recvName(t types.Type) string {
	if n := namedOf(t); n != nil {
		return n.Obj().Name()
	}
	return ""
}

// isStoreObject reports whether a package variable, function or method is a
// configured tenant-owned store (stores:).
func (pa *pkgAnalysis) isStoreObject(pkg, recv, name string) bool {
	if recv != "" {
		return pa.env.storeFuncs[pkg+"."+recv+"."+name]
	}
	return pa.env.storeFuncs[pkg+"."+name]
}

// posString renders a position for messages and facts: the file relative to
// its module root, and the line. It is the same on every machine.
func (pa *pkgAnalysis) posString(pos token.Pos) string {
	p := pa.pass.Fset.Position(pos)
	if !p.IsValid() {
		return "?"
	}
	return fmt.Sprintf("%s:%d", moduleRelative(p.Filename), p.Line)
}

func (pa *pkgAnalysis) line(pos token.Pos) int { return pa.pass.Fset.Position(pos).Line }

var moduleRoots sync.Map // dir → module root ("" if none)

func moduleRelative(file string) string {
	dir := filepath.Dir(file)
	root := moduleRoot(dir)
	if root == "" {
		return filepath.Base(file)
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return filepath.Base(file)
	}
	return filepath.ToSlash(rel)
}

func moduleRoot(dir string) string {
	if r, ok := moduleRoots.Load(dir); ok {
		return r.(string)
	}
	root := config.ModuleRoot(dir)
	moduleRoots.Store(dir, root)
	return root
}

// debugf reports why a sink was not checked, under -debug.
func (pa *pkgAnalysis) debugf(pos token.Pos, format string, args ...any) {
	if !pa.debug {
		return
	}
	pa.pass.Report(analysis.Diagnostic{Pos: pos, Category: "debug", Message: "debug: " + fmt.Sprintf(format, args...)})
}

// scopeFunc reports whether v is a scope function: a closure or function
// func(h H) H whose result binds something to a tenant column of h.
func (pa *pkgAnalysis) scopeFunc(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.MakeClosure:
		if f, ok := x.Fn.(*ssa.Function); ok {
			return pa.bindsTenant(pa.sums[f])
		}
	case *ssa.Function:
		return pa.bindsTenant(pa.sums[x])
	case *ssa.Call:
		if callee := x.Call.StaticCallee(); callee != nil {
			sum := pa.sums[callee]
			if sum == nil {
				if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != pa.pass.Pkg {
					sum = pa.importedSummary(obj)
				}
			}
			return sum != nil && len(sum.Results) > 0 && sum.Results[0].ScopeFunc
		}
	}
	return false
}

// hookRegistration is a call registering a hook function (gorm's
// Callback().Query().Register(name, fn)).
type hookRegistration struct {
	hook *models.Hook
	pkg  string // the registering function's package: the covered sinks' package
	fn   *ssa.Function
}

// findHooks finds the package's hook registrations and the functions to
// analyse before the rest: registered hook functions and methods named as
// row hooks (bun's BeforeSelect).
func (pa *pkgAnalysis) findHooks() (regs []hookRegistration, early []*ssa.Function) {
	for _, fn := range pa.funcs {
		if fn.Signature.Recv() != nil && pa.env.models.RowHook(fn.Name()) {
			early = append(early, fn)
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil {
					continue
				}
				obj, ok := callee.Object().(*types.Func)
				if !ok || obj.Pkg() == nil {
					continue
				}
				m := pa.env.models.Lookup(obj)
				if m == nil || len(m.Hooks) == 0 {
					continue
				}
				args := call.Call.Args
				var recv ssa.Value
				if callee.Signature.Recv() != nil && len(args) > 0 {
					recv, args = args[0], args[1:]
				}
				for _, h := range m.Hooks {
					r, n := h.AfterFunc()
					if n != "" && (recv == nil || !chainStartsAt(recv, r, n, 0)) {
						continue
					}
					op := h.HookOperand()
					if op.Kind != models.Arg || op.Index >= len(args) {
						continue
					}
					var hf *ssa.Function
					switch x := args[op.Index].(type) {
					case *ssa.Function:
						hf = x
					case *ssa.MakeClosure:
						hf, _ = x.Fn.(*ssa.Function)
					}
					if hf == nil || hf.Blocks == nil {
						continue
					}
					regs = append(regs, hookRegistration{hook: h, pkg: obj.Pkg().Path(), fn: hf})
					early = append(early, hf)
				}
			}
		}
	}
	return regs, early
}

// chainStartsAt reports whether v is the result of a call of method
// recv.name, or of a method called on such a result (Query().Before("x")).
func chainStartsAt(v ssa.Value, recv, name string, depth int) bool {
	call, ok := v.(*ssa.Call)
	if !ok || depth > 4 {
		return false
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || len(call.Call.Args) == 0 {
		return false
	}
	if callee.Name() == name && models.RecvName(callee.Signature.Recv().Type()) == recv {
		return true
	}
	return chainStartsAt(call.Call.Args[0], recv, name, depth+1)
}

// registerHooks makes the sinks of every registered hook that binds the
// tenant scoped, here and in importers.
func (pa *pkgAnalysis) registerHooks(regs []hookRegistration) {
	for _, r := range regs {
		sum := pa.sums[r.fn]
		if sum == nil || len(sum.Binds) == 0 {
			continue
		}
		for _, k := range r.hook.CoveredKeys(r.pkg) {
			pa.hookCovers[k] = true
			pa.ownHooks = mergeStrings(pa.ownHooks, []string{k})
		}
	}
}

// rowHookBinds reports whether the row type of t (a pointer, slice or
// interface holding one) has method name, and it binds a trusted tenant on
// the statement it is given.
func (pa *pkgAnalysis) rowHookBinds(t types.Type, name string) bool {
	n := namedOf(elemType(t))
	if n == nil {
		return false
	}
	sel := types.NewMethodSet(types.NewPointer(n)).Lookup(n.Obj().Pkg(), name)
	if sel == nil {
		return false
	}
	obj, ok := sel.Obj().(*types.Func)
	if !ok {
		return false
	}
	var sum *summary.Func
	if obj.Pkg() == pa.pass.Pkg {
		if fn := pa.prog.FuncValue(obj); fn != nil {
			sum = pa.sums[fn]
		}
	} else {
		sum = pa.importedSummary(obj)
	}
	return sum != nil && len(sum.Binds) > 0
}

// bindsTenant reports whether a func(h) h summary binds tenant columns of
// what it returns.
func (pa *pkgAnalysis) bindsTenant(sum *summary.Func) bool {
	if sum == nil || len(sum.Results) != 1 {
		return false
	}
	r := sum.Results[0]
	return r.Flags&fBound != 0
}
