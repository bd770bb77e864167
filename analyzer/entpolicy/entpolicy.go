// Package entpolicy reads ent privacy policies from source, to tell whether
// an ent entity's queries (or mutations) are filtered by tenant.
//
// An ent client generated with the privacy feature (entgo.io/ent v0.14.5,
// default entc templates) evaluates an entity's policy on every query and
// mutation. The multi-tenancy pattern (entgo.io/docs/multi-tenancy) puts a
// filter rule in it, usually from a mixin:
//
//	func (TenantMixin) Policy() ent.Policy {
//		return privacy.Policy{
//			Query:    privacy.QueryPolicy{rule.FilterTenantRule()},
//			Mutation: privacy.MutationPolicy{rule.FilterTenantRule()},
//		}
//	}
//
//	func FilterTenantRule() privacy.QueryMutationRule {
//		return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
//			tf, ok := f.(interface{ WhereTenantID(entql.StringP) })
//			...
//			tf.WhereTenantID(entql.StringEQ(tid))
//			return privacy.Skip
//		})
//	}
//
// The package that runs a query rarely imports the schema package, so
// analysis facts cannot carry this; a Reader reads it syntactically from
// disk instead (go/parser, no type checking). From an entity's generated
// package directory (<ent>/ticket) it finds the schema stitching entc writes
// in <ent>/runtime/runtime.go (when the schema imports the ent package, as
// privacy rules do) or <ent>/runtime.go:
//
//	ticketMixin := schema.Ticket{}.Mixin()
//	ticket.Policy = privacy.NewPolicies(ticketMixin[0], schema.Ticket{})
//
// then resolves the schema and mixin packages through the module's go.mod,
// reads the Policy methods of the schema type and of the mixins, and looks
// for a tenant filter in the rules of the asked part (Query or Mutation),
// following calls to functions of the module up to a small depth.
package entpolicy

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Limits keep the reading bounded on odd or huge code.
const (
	maxDepth     = 4       // calls followed from a Policy method
	maxFiles     = 256     // .go files read per package directory
	maxFileBytes = 2 << 20 // larger files are skipped
	maxSteps     = 20000   // AST nodes visited per question
)

// Reader reads ent schemas from source and caches what it learns; safe for
// concurrent use. The zero value is not usable: call NewReader.
type Reader struct {
	tenantName func(string) bool
	fset       *token.FileSet

	mu      sync.Mutex
	results map[resultKey]*result
	pkgs    map[string]*pkgEntry
	mods    map[string]*module // by directory; nil entry: no go.mod above
}

type resultKey struct {
	dir  string
	part *part
}

type result struct {
	once sync.Once
	ok   bool
	err  error
}

// NewReader returns a Reader. tenantName reports whether an identifier or a
// column name names a tenant ("TenantID", "tenant_id", "OrgID", "Tenant");
// the analyzer passes its configured tenant-word matcher.
func NewReader(tenantName func(string) bool) *Reader {
	if tenantName == nil {
		tenantName = func(string) bool { return false }
	}
	return &Reader{
		tenantName: tenantName,
		fset:       token.NewFileSet(),
		results:    make(map[resultKey]*result),
		pkgs:       make(map[string]*pkgEntry),
		mods:       make(map[string]*module),
	}
}

// EntityDir returns the directory of the generated package of the entity
// named entity (a schema type name such as "Ticket") in the generated ent
// package directory entDir: entc names it by the lower-cased type name.
func EntityDir(entDir, entity string) string {
	return filepath.Join(entDir, strings.ToLower(entity))
}

// QueryFiltered reports whether the entity whose generated package is in
// entityDir (the directory of e.g. <module>/ent/invoice, found from the
// position of a generated object) has a privacy policy whose Query part
// holds a rule that filters by tenant: a call of a method Where<X> where X
// names a tenant (WhereTenantID, WhereHasTenantWith), a Where call with a
// tenant predicate argument (ticket.TenantID(t), ticket.HasTenantWith(...)),
// or an entql/sql predicate on a tenant column (entql.FieldEQ("tenant_id", t),
// sql.FieldEQ(ticket.FieldTenantID, t)), in the rule or in the functions of
// the module it calls, to a small depth. A rule that serves both parts
// (privacy.QueryMutationRule) counts; one in the Mutation part only does
// not. It returns (false, nil) when the entity has no policy, and an error
// only for an unreadable or unparsable file; the caller treats that as not
// filtered.
func (r *Reader) QueryFiltered(entityDir string) (bool, error) {
	return r.filtered(entityDir, queryPart)
}

// MutationFiltered is QueryFiltered for the Mutation part of the policy,
// which ent evaluates on creates, updates and deletes (UpdateOneID,
// DeleteOneID, Update().Where(...)): a filter rule there adds its
// predicates to the mutation.
func (r *Reader) MutationFiltered(entityDir string) (bool, error) {
	return r.filtered(entityDir, mutationPart)
}

func (r *Reader) filtered(entityDir string, p *part) (bool, error) {
	dir, err := filepath.Abs(entityDir)
	if err != nil {
		return false, err
	}
	key := resultKey{dir, p}
	r.mu.Lock()
	res := r.results[key]
	if res == nil {
		res = new(result)
		r.results[key] = res
	}
	r.mu.Unlock()
	res.once.Do(func() {
		defer func() {
			if v := recover(); v != nil {
				res.ok, res.err = false, fmt.Errorf("entpolicy: reading the policy of %s: internal error: %v", filepath.Base(dir), v)
			}
		}()
		e := &eval{r: r, part: p, visited: make(map[string]int)}
		res.ok, res.err = e.entity(dir)
	})
	return res.ok, res.err
}

// part names one half of an ent privacy policy.
type part struct {
	field      string   // privacy.Policy field: Query
	index      int      // its position in an unkeyed privacy.Policy literal
	list, rule string   // QueryPolicy, QueryRule
	other      string   // the other part's field: Mutation
	otherList  string   // MutationPolicy
	otherRule  string   // MutationRule
	otherCtors []string // constructors of rules of the other part only
	eval       string   // the ent.Policy method: EvalQuery
}

var (
	queryPart = &part{
		field: "Query", index: 0, list: "QueryPolicy", rule: "QueryRule",
		other: "Mutation", otherList: "MutationPolicy", otherRule: "MutationRule",
		otherCtors: []string{"MutationRuleFunc", "OnMutationOperation", "DenyMutationOperationRule"},
		eval:       "EvalQuery",
	}
	mutationPart = &part{
		field: "Mutation", index: 1, list: "MutationPolicy", rule: "MutationRule",
		other: "Query", otherList: "QueryPolicy", otherRule: "QueryRule",
		otherCtors: []string{"QueryRuleFunc"},
		eval:       "EvalMutation",
	}
)

// otherOnly reports whether a function or type name makes a rule or a
// policy of the other part only (privacy.MutationRuleFunc,
// privacy.TicketMutationRuleFunc, privacy.MutationPolicy when asking about
// queries).
func (p *part) otherOnly(name string) bool {
	if name == p.otherList || name == p.otherRule || name == "[]"+p.otherRule {
		return true
	}
	for _, c := range p.otherCtors {
		if strings.HasSuffix(name, c) {
			return true
		}
	}
	return false
}

// eval answers one question (one entity, one part); it is not shared.
type eval struct {
	r       *Reader
	part    *part
	visited map[string]int // function → smallest depth seen
	steps   int
	err     error // the first file that could not be read
}

func (e *eval) note(err error) {
	if err != nil && e.err == nil {
		e.err = err
	}
}

// entity finds the policy stitching of the entity in entityDir and decides.
func (e *eval) entity(entityDir string) (bool, error) {
	entDir := filepath.Dir(entityDir)
	var entityPath string
	if m := e.r.moduleOf(entityDir); m != nil {
		if rel, err := filepath.Rel(m.root, entityDir); err == nil && !strings.HasPrefix(rel, "..") {
			entityPath = m.path + "/" + filepath.ToSlash(rel)
		}
	}
	for _, path := range []string{
		filepath.Join(entDir, "runtime", "runtime.go"),
		filepath.Join(entDir, "runtime.go"),
	} {
		f, err := e.r.parseFile(path, false)
		if err != nil {
			return false, err
		}
		if f == nil {
			continue
		}
		at := loc{p: &pkg{dir: filepath.Dir(path), name: f.Name.Name, files: []*ast.File{f}}, f: f}
		name := entityImportName(f, entityPath, filepath.Base(entityDir))
		if name == "" {
			continue
		}
		rhs, body := policyAssign(f, name)
		if rhs == nil {
			continue
		}
		ok := e.stitched(rhs, at, body)
		if ok {
			return true, nil
		}
		return false, e.err
	}
	return false, nil
}

// entityImportName is the local name under which a runtime file imports
// the entity package.
func entityImportName(f *ast.File, entityPath, base string) string {
	for _, spec := range f.Imports {
		path := unquote(spec.Path.Value)
		if entityPath != "" && path != entityPath {
			continue
		}
		if entityPath == "" && !strings.HasSuffix(path, "/"+base) {
			continue
		}
		if spec.Name != nil {
			if spec.Name.Name == "_" || spec.Name.Name == "." {
				return ""
			}
			return spec.Name.Name
		}
		return guessName(path)
	}
	return ""
}

// policyAssign finds `<name>.Policy = <rhs>` in a function of f.
func policyAssign(f *ast.File, name string) (ast.Expr, *ast.BlockStmt) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		var rhs ast.Expr
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || rhs != nil || len(as.Lhs) != len(as.Rhs) {
				return rhs == nil
			}
			for i, l := range as.Lhs {
				if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Policy" {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
						rhs = as.Rhs[i]
					}
				}
			}
			return false
		})
		if rhs != nil {
			return rhs, fd.Body
		}
	}
	return nil, nil
}

// stitched decides the right-hand side of the stitching assignment:
// privacy.NewPolicies(ticketMixin[0], schema.Ticket{}) or, failing that
// shape, any policy expression.
func (e *eval) stitched(rhs ast.Expr, at loc, body *ast.BlockStmt) bool {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || funcName(call.Fun) != "NewPolicies" {
		return e.policy(rhs, at, body, 0)
	}
	for _, arg := range call.Args {
		if e.policyArg(arg, at, body) {
			return true
		}
	}
	return false
}

// policyArg decides one argument of NewPolicies: a schema value
// (schema.Ticket{}) or an element of a schema's mixins (ticketMixin[0]).
func (e *eval) policyArg(arg ast.Expr, at loc, body *ast.BlockStmt) bool {
	arg = ast.Unparen(arg)
	if ix, ok := arg.(*ast.IndexExpr); ok {
		id, ok := ix.X.(*ast.Ident)
		if !ok {
			return false
		}
		val := localValue(body, id.Name)
		call, ok := ast.Unparen(val).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Mixin" {
			return false
		}
		owner, ok := e.typeOf(sel.X, at, 0)
		if !ok {
			return false
		}
		mixins := e.mixins(owner)
		if lit, ok := ix.Index.(*ast.BasicLit); ok && lit.Kind == token.INT {
			if i, err := strconv.Atoi(lit.Value); err == nil && i >= 0 && i < len(mixins) && mixins[i].exact {
				return e.policyOfExpr(mixins[i].x, mixins[i].at)
			}
		}
		for _, m := range mixins { // the list is not a plain literal: try each
			if e.policyOfExpr(m.x, m.at) {
				return true
			}
		}
		return false
	}
	return e.policyOfExpr(arg, at)
}

// typeRef names a type declared in a parsed package.
type typeRef struct {
	p    *pkg
	name string
}

// typeOf resolves the type of a value expression: T{}, &T{}, pkg.T{}, or
// a call of a module function returning one.
func (e *eval) typeOf(x ast.Expr, at loc, depth int) (typeRef, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return e.typeOf(x.X, at, depth)
		}
	case *ast.CompositeLit:
		return e.typeRefOf(x.Type, at)
	case *ast.CallExpr:
		if depth >= maxDepth {
			return typeRef{}, false
		}
		fd, fat, ok := e.resolveFunc(x.Fun, at)
		if !ok || fd.Body == nil {
			return typeRef{}, false
		}
		var ref typeRef
		found := false
		forReturns(fd.Body, func(r *ast.ReturnStmt) {
			if !found && len(r.Results) == 1 {
				ref, found = e.typeOf(r.Results[0], fat, depth+1)
			}
		})
		return ref, found
	}
	return typeRef{}, false
}

// typeRefOf resolves a type expression: T, pkg.T, *T, T[X].
func (e *eval) typeRefOf(t ast.Expr, at loc) (typeRef, bool) {
	switch t := t.(type) {
	case *ast.Ident:
		return typeRef{at.p, t.Name}, true
	case *ast.SelectorExpr:
		id, ok := t.X.(*ast.Ident)
		if !ok {
			return typeRef{}, false
		}
		dir, ok := e.r.importDir(at, id.Name)
		if !ok {
			return typeRef{}, false
		}
		p, err := e.r.pkgAt(dir)
		if err != nil {
			e.note(err)
			return typeRef{}, false
		}
		return typeRef{p, t.Sel.Name}, true
	case *ast.StarExpr:
		return e.typeRefOf(t.X, at)
	case *ast.ParenExpr:
		return e.typeRefOf(t.X, at)
	case *ast.IndexExpr:
		return e.typeRefOf(t.X, at)
	case *ast.IndexListExpr:
		return e.typeRefOf(t.X, at)
	}
	return typeRef{}, false
}

// methodOf finds a method of a type, or of a type it embeds (a mixin built
// on another mixin), in the module.
func (e *eval) methodOf(t typeRef, name string, depth int) (*ast.FuncDecl, loc, bool) {
	if fd, f := t.p.method(t.name, name); fd != nil {
		return fd, loc{t.p, f}, true
	}
	if depth >= maxDepth {
		return nil, loc{}, false
	}
	ts, f := t.p.typeSpec(t.name)
	if ts == nil {
		return nil, loc{}, false
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok || st.Fields == nil {
		return nil, loc{}, false
	}
	for _, fld := range st.Fields.List {
		if len(fld.Names) != 0 {
			continue
		}
		inner, ok := e.typeRefOf(fld.Type, loc{t.p, f})
		if !ok {
			continue
		}
		if fd, at, ok := e.methodOf(inner, name, depth+1); ok {
			return fd, at, true
		}
	}
	return nil, loc{}, false
}

type mixinElem struct {
	x     ast.Expr
	at    loc
	exact bool // from a plain []ent.Mixin literal: the runtime's index applies
}

// mixins lists the values a schema's Mixin method returns.
func (e *eval) mixins(owner typeRef) []mixinElem {
	fd, at, ok := e.methodOf(owner, "Mixin", 0)
	if !ok || fd.Body == nil {
		return nil
	}
	var out []mixinElem
	forReturns(fd.Body, func(r *ast.ReturnStmt) {
		if len(r.Results) != 1 {
			return
		}
		x := ast.Unparen(r.Results[0])
		if id, ok := x.(*ast.Ident); ok {
			x = ast.Unparen(localValue(fd.Body, id.Name))
		}
		switch x := x.(type) {
		case *ast.CompositeLit:
			for _, el := range x.Elts {
				out = append(out, mixinElem{el, at, true})
			}
		case *ast.CallExpr: // append(base, TenantMixin{}) and the like
			for _, arg := range x.Args {
				out = append(out, mixinElem{arg, at, false})
			}
		}
	})
	if len(out) > 64 {
		out = out[:64]
	}
	return out
}

// policyOfExpr decides the Policy method of the type of a value.
func (e *eval) policyOfExpr(x ast.Expr, at loc) bool {
	t, ok := e.typeOf(x, at, 0)
	if !ok {
		return false
	}
	return e.policyOfType(t, 0)
}

func (e *eval) policyOfType(t typeRef, depth int) bool {
	fd, at, ok := e.methodOf(t, "Policy", 0)
	if !ok {
		return false
	}
	return e.policyFunc(fd, at, depth)
}

// policyFunc decides a function returning a policy, from its returns.
func (e *eval) policyFunc(fd *ast.FuncDecl, at loc, depth int) bool {
	if fd.Body == nil || depth > maxDepth || !e.visit(at, fd, "policy", depth) {
		return false
	}
	found := false
	forReturns(fd.Body, func(r *ast.ReturnStmt) {
		if !found && len(r.Results) == 1 {
			found = e.policy(r.Results[0], at, fd.Body, depth)
		}
	})
	return found
}

// visit marks a function as visited at a depth for one mode; it reports
// false when it was already, at that depth or a smaller one (a cycle ends
// there), or when the question has used up its steps.
func (e *eval) visit(at loc, fd *ast.FuncDecl, mode string, depth int) bool {
	key := mode + "\x00" + at.p.dir + "\x00" + fd.Name.Name
	if fd.Recv != nil && len(fd.Recv.List) > 0 {
		key += "\x00" + typeName(fd.Recv.List[0].Type)
	}
	if d, ok := e.visited[key]; (ok && d <= depth) || e.steps > maxSteps {
		return false
	}
	e.visited[key] = depth
	return true
}

// policy decides an expression of type ent.Policy.
func (e *eval) policy(x ast.Expr, at loc, body *ast.BlockStmt, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return e.policy(x.X, at, body, depth)
		}
	case *ast.CompositeLit:
		return e.policyLit(x, at, depth)
	case *ast.CallExpr:
		return e.policyCall(x, at, depth)
	case *ast.Ident:
		if v := localValue(body, x.Name); v != nil {
			return e.policy(v, at, nil, depth+1)
		}
		if v, f := at.p.varValue(x.Name); v != nil {
			return e.policy(v, loc{at.p, f}, nil, depth+1)
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if dir, ok := e.r.importDir(at, id.Name); ok {
				p, err := e.r.pkgAt(dir)
				e.note(err)
				if p != nil {
					if v, f := p.varValue(x.Sel.Name); v != nil {
						return e.policy(v, loc{p, f}, nil, depth+1)
					}
				}
			}
		}
	}
	return false
}

func (e *eval) policyLit(lit *ast.CompositeLit, at loc, depth int) bool {
	tn := typeName(lit.Type)
	switch {
	case tn == e.part.list || tn == "[]"+e.part.rule:
		return e.rules(lit, at, depth)
	case e.part.otherOnly(tn):
		return false
	case tn == "Policies" || tn == "[]Policy":
		for _, el := range lit.Elts {
			if e.policy(el, at, nil, depth) {
				return true
			}
		}
		return false
	case tn == "Policy":
		for i, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == e.part.field {
					return e.rules(kv.Value, at, depth)
				}
				continue
			}
			if i == e.part.index {
				return e.rules(el, at, depth)
			}
		}
		return false
	}
	// A policy type of the module: read its Eval method.
	t, ok := e.typeRefOf(lit.Type, at)
	if !ok {
		return false
	}
	fd, mat, ok := e.methodOf(t, e.part.eval, 0)
	if !ok {
		return false
	}
	return e.scanFunc(fd, mat, depth+1)
}

func (e *eval) policyCall(call *ast.CallExpr, at loc, depth int) bool {
	// TenantMixin{}.Policy(): another type's policy.
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Policy" && len(call.Args) == 0 {
		if t, ok := e.typeOf(sel.X, at, depth); ok {
			return e.policyOfType(t, depth+1)
		}
	}
	name := funcName(call.Fun)
	if name == "NewPolicies" {
		for _, arg := range call.Args {
			if t, ok := e.typeOf(arg, at, depth); ok && e.policyOfType(t, depth+1) {
				return true
			}
		}
		return false
	}
	if e.part.otherOnly(name) {
		return false
	}
	fd, fat, ok := e.resolveFunc(call.Fun, at)
	if !ok {
		return e.scan(call, at, depth) // privacy.FilterFunc(func...), a conversion
	}
	switch rn := resultName(fd); {
	case e.part.otherOnly(rn):
		return false
	case rn == "Policy" || rn == "Policies":
		return e.policyFunc(fd, fat, depth+1)
	}
	// A rule used as the whole policy (a QueryMutationRule): its arguments
	// and its body.
	return e.scanArgs(call, at, depth) || e.scanFunc(fd, fat, depth+1)
}

// rules decides the rules of the asked part: a QueryPolicy literal, in
// order, or any expression yielding them.
func (e *eval) rules(x ast.Expr, at loc, depth int) bool {
	lit, ok := ast.Unparen(x).(*ast.CompositeLit)
	if !ok {
		return e.scan(x, at, depth)
	}
	if e.part.otherOnly(typeName(lit.Type)) {
		return false
	}
	for _, el := range lit.Elts {
		if call, ok := ast.Unparen(el).(*ast.CallExpr); ok && funcName(call.Fun) == "AlwaysAllowRule" {
			return false // the rules after it never run
		}
		if e.scan(el, at, depth) {
			return true
		}
	}
	return false
}

// scanFunc scans a function's body for a tenant filter.
func (e *eval) scanFunc(fd *ast.FuncDecl, at loc, depth int) bool {
	if fd.Body == nil || depth > maxDepth || !e.visit(at, fd, "scan", depth) {
		return false
	}
	return e.scan(fd.Body, at, depth)
}

func (e *eval) scanArgs(call *ast.CallExpr, at loc, depth int) bool {
	for _, a := range call.Args {
		if e.scan(a, at, depth) {
			return true
		}
	}
	return false
}

// scan looks for a tenant filter in a node, skipping what belongs to the
// other part and following calls of functions of the module.
func (e *eval) scan(n ast.Node, at loc, depth int) bool {
	if n == nil || depth > maxDepth {
		return false
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if e.steps++; e.steps > maxSteps {
			return false
		}
		switch n := n.(type) {
		case *ast.CompositeLit:
			if e.part.otherOnly(typeName(n.Type)) {
				return false
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && id.Name == e.part.other {
				return false
			}
		case *ast.CallExpr:
			name := funcName(n.Fun)
			if e.part.otherOnly(name) {
				return false
			}
			if e.isFilter(n, name) {
				found = true
				return false
			}
			if depth < maxDepth {
				if fd, fat, ok := e.resolveFunc(n.Fun, at); ok && !e.part.otherOnly(resultName(fd)) {
					if e.scanFunc(fd, fat, depth+1) {
						found = true
						return false
					}
				}
				for _, a := range n.Args { // privacy.FilterFunc(filterByTenant)
					switch ast.Unparen(a).(type) {
					case *ast.Ident, *ast.SelectorExpr:
						if fd, fat, ok := e.resolveFunc(a, at); ok && e.scanFunc(fd, fat, depth+1) {
							found = true
							return false
						}
					}
				}
			}
		}
		return true
	})
	return found
}

// isFilter reports whether a call filters by tenant.
func (e *eval) isFilter(call *ast.CallExpr, name string) bool {
	switch name {
	case "Where":
		// q.Where(ticket.TenantID(t)), q.Where(ticket.HasTenantWith(...))
		for _, a := range call.Args {
			if c, ok := ast.Unparen(a).(*ast.CallExpr); ok && e.tenantPredicate(funcName(c.Fun)) {
				return true
			}
		}
		return false
	case "FieldEQ", "FieldIn", "EQ", "In", "HasEdgeWith":
		// entql.FieldEQ("tenant_id", t), sql.FieldEQ(ticket.FieldTenantID, t),
		// sql.EQ(s.C(ticket.FieldTenantID), t), entql.HasEdgeWith("tenant", ...)
		return len(call.Args) > 0 && e.tenantColumn(call.Args[0])
	}
	// f.WhereTenantID(entql.StringEQ(t)), f.WhereHasTenantWith(...)
	if rest, ok := strings.CutPrefix(name, "Where"); ok && rest != "" && rest != "P" {
		if len(call.Args) > 0 {
			if c, ok := ast.Unparen(call.Args[0]).(*ast.CallExpr); ok && negated(funcName(c.Fun)) {
				return false // WhereTenantID(entql.StringNEQ(t))
			}
		}
		return e.tenantPredicate(rest)
	}
	return false
}

// negated reports whether a predicate name selects other values than the
// one given, or none: StringNEQ, TenantIDNotIn, TenantIDIsNil.
func negated(name string) bool {
	for _, s := range []string{"NEQ", "NotIn", "Nil"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// tenantPredicate reports whether a generated predicate or filter name
// (TenantID, TenantIDEQ, TenantIDIn, HasTenantWith) is on a tenant field
// or edge.
func (e *eval) tenantPredicate(name string) bool {
	if negated(name) {
		return false
	}
	if rest, ok := strings.CutPrefix(name, "Has"); ok {
		// HasTenantWith(...) names the tenant; HasTenant() any tenant.
		if name, ok = strings.CutSuffix(rest, "With"); !ok {
			return false
		}
	}
	for _, s := range []string{"EQ", "In"} {
		if t, ok := strings.CutSuffix(name, s); ok && t != "" {
			name = t
			break
		}
	}
	return name != "" && e.r.tenantName(name)
}

// tenantColumn reports whether an expression names a tenant column or
// edge: "tenant_id", ticket.FieldTenantID, s.C(ticket.FieldTenantID).
func (e *eval) tenantColumn(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			s := unquote(x.Value)
			return s != "" && e.r.tenantName(s)
		}
	case *ast.Ident, *ast.SelectorExpr:
		name := funcName(x)
		if rest, ok := strings.CutPrefix(name, "Field"); ok && rest != "" {
			name = rest
		} else if rest, ok := strings.CutPrefix(name, "Edge"); ok && rest != "" {
			name = rest
		}
		return e.r.tenantName(name)
	case *ast.CallExpr:
		if funcName(x.Fun) == "C" && len(x.Args) == 1 {
			return e.tenantColumn(x.Args[0])
		}
	}
	return false
}

// resolveFunc finds the declaration of a function called or referred to
// as f, pkg.F or F[T], in the module.
func (e *eval) resolveFunc(fun ast.Expr, at loc) (*ast.FuncDecl, loc, bool) {
	switch x := ast.Unparen(fun).(type) {
	case *ast.Ident:
		if fd, f := at.p.funcDecl(x.Name); fd != nil {
			return fd, loc{at.p, f}, true
		}
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok {
			return nil, loc{}, false
		}
		dir, ok := e.r.importDir(at, id.Name)
		if !ok {
			return nil, loc{}, false
		}
		p, err := e.r.pkgAt(dir)
		if err != nil {
			e.note(err)
			return nil, loc{}, false
		}
		if fd, f := p.funcDecl(x.Sel.Name); fd != nil {
			return fd, loc{p, f}, true
		}
	case *ast.IndexExpr:
		return e.resolveFunc(x.X, at)
	case *ast.IndexListExpr:
		return e.resolveFunc(x.X, at)
	}
	return nil, loc{}, false
}

// localValue returns the value last assigned to a local variable name in
// body (x := v, x = v, var x = v), outside nested function literals.
func localValue(body *ast.BlockStmt, name string) ast.Expr {
	if body == nil {
		return nil
	}
	var val ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					val = n.Rhs[i]
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return true
			}
			for i, id := range n.Names {
				if id.Name == name {
					val = n.Values[i]
				}
			}
		}
		return true
	})
	return val
}

// forReturns calls fn for each return statement of a function body,
// outside nested function literals.
func forReturns(body *ast.BlockStmt, fn func(*ast.ReturnStmt)) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			fn(n)
		}
		return true
	})
}
