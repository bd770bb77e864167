package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantleak/tenantleak/analyzer/models"
	"github.com/tenantleak/tenantleak/analyzer/sqlscope"
	"github.com/tenantleak/tenantleak/analyzer/summary"
)

// callSite is one call, with its operands in model terms (receiver, then
// arguments from 0) and what the engine learned of its callee.
type callSite struct {
	instr ssa.Instruction
	value *ssa.Call // nil for go and defer
	cc    *ssa.CallCommon
	block *ssa.BasicBlock
	index int

	obj    *types.Func   // callee object, if known
	fn     *ssa.Function // callee function in this package, if any
	recv   ssa.Value     // nil for functions
	args   []ssa.Value   // after the receiver
	method bool          // operands are counted after a receiver (SSA param 0)

	model  *models.Func
	sum    *summary.Func
	global bool
}

func (c *callSite) pos() token.Pos {
	if c.value != nil && c.value.Pos().IsValid() {
		return c.value.Pos()
	}
	if p := c.cc.Pos(); p.IsValid() {
		return p
	}
	return c.instr.Pos()
}

// param returns the caller's value for SSA parameter index p of the callee.
func (c *callSite) param(p int) ssa.Value {
	if c.method {
		if p == 0 {
			return c.recv
		}
		p--
	}
	if p >= 0 && p < len(c.args) {
		return c.args[p]
	}
	return nil
}

// name is the callee's name as a reader knows it: pkg.F or T.M.
func (c *callSite) name() string {
	if c.obj != nil {
		if sig, ok := c.obj.Type().(*types.Signature); ok && sig.Recv() != nil {
			if r := models.RecvName(sig.Recv().Type()); r != "" {
				return r + "." + c.obj.Name()
			}
		}
		return c.obj.Name()
	}
	if c.fn != nil {
		return c.fn.Name()
	}
	return "function value"
}

// resolve fills in the callee and its operands.
func (s *funcState) resolve(v *ssa.Call, cc *ssa.CallCommon, instr ssa.Instruction, b *ssa.BasicBlock, idx int) *callSite {
	c := &callSite{instr: instr, value: v, cc: cc, block: b, index: idx}
	if cc.IsInvoke() {
		c.obj = cc.Method
		c.recv = cc.Value
		c.args = cc.Args
		c.method = true
	} else if f := cc.StaticCallee(); f != nil {
		if o := f.Origin(); o != nil {
			f = o
		}
		if f.Synthetic != "" {
			// A bound method value (n.get) or a method expression
			// ((*Notes).get): the declared method speaks for it.
			if m, ok := f.Object().(*types.Func); ok && m.Type().(*types.Signature).Recv() != nil {
				if mc, ok := cc.Value.(*ssa.MakeClosure); ok && len(mc.Bindings) == 1 {
					c.obj = m
					c.recv = mc.Bindings[0]
					c.args = cc.Args
					c.method = true
					if d := s.pa.prog.FuncValue(m); d != nil && d.Pkg == s.fn.Pkg {
						c.fn = d
					}
					goto resolved
				}
				if d := s.pa.prog.FuncValue(m); d != nil {
					f = d
				}
			}
		}
		if f.Pkg == s.fn.Pkg || f.Parent() != nil && f.Parent().Pkg == s.fn.Pkg {
			c.fn = f
		}
		c.obj, _ = f.Object().(*types.Func)
		if f.Signature.Recv() != nil && len(cc.Args) > 0 {
			c.recv = cc.Args[0]
			c.args = cc.Args[1:]
			c.method = true
		} else {
			c.args = cc.Args
		}
		if f.Parent() != nil {
			c.obj = nil // a closure: only its in-package summary speaks for it
		}
	} else {
		c.args = cc.Args
	}
resolved:
	pa := s.pa
	if c.obj != nil {
		c.model, c.global = pa.calleeModel(c.obj, cc.IsInvoke())
	}
	if c.model == nil {
		if c.fn != nil {
			c.sum = pa.sums[c.fn]
		} else if c.obj != nil && c.obj.Pkg() != pa.pass.Pkg {
			c.sum = pa.importedSummary(c.obj)
		}
	}
	return c
}

// calleeKey is a callee as calleeModel sees it.
type calleeKey struct {
	obj    *types.Func
	invoke bool
}

// calleeInfo is what calleeModel learned of a callee.
type calleeInfo struct {
	model  *models.Func
	global bool
}

// calleeModel returns the model of a callee and whether calls to it are
// shared by design. It depends on the callee alone, and every call of every
// round asks: the answer is kept for the package.
func (pa *pkgAnalysis) calleeModel(obj *types.Func, invoke bool) (*models.Func, bool) {
	k := calleeKey{obj, invoke}
	if ci, ok := pa.callees[k]; ok {
		return ci.model, ci.global
	}
	m := pa.env.models.Lookup(obj)
	if m == nil && invoke {
		m = pa.interfaceModel(obj)
	}
	if m == nil {
		m = pa.env.models.LookupGenerated(obj)
	}
	global := m != nil && m.Global || pa.isGlobalObj(obj)
	if pa.callees == nil {
		pa.callees = map[calleeKey]calleeInfo{}
	}
	pa.callees[k] = calleeInfo{m, global}
	return m, global
}

// interfaceModel matches a call through an interface the models do not
// describe (sqlc's DBTX) against the models of a library whose types appear
// in the method's signature: same name, compatible arity.
func (pa *pkgAnalysis) interfaceModel(m *types.Func) *models.Func {
	sig, ok := m.Type().(*types.Signature)
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var try func(t types.Type) *models.Func
	try = func(t types.Type) *models.Func {
		for i := 0; i < 4; i++ {
			switch u := types.Unalias(t).(type) {
			case *types.Pointer:
				t = u.Elem()
				continue
			case *types.Slice:
				t = u.Elem()
				continue
			case *types.Named:
				p := u.Obj().Pkg()
				if p == nil || seen[p.Path()] {
					return nil
				}
				seen[p.Path()] = true
				// The type's own package, or the library it belongs to
				// (pgconn.CommandTag is pgx's).
				for path, n := p.Path(), 0; n < 3; n++ {
					if pa.env.models.HasSinks(path) {
						if f := pa.env.models.LookupAnyMethod(path, m.Name()); f != nil && fitsSignature(f, sig) {
							return f
						}
					}
					if strings.Count(path, "/") < 2 {
						break
					}
					path = path[:strings.LastIndexByte(path, '/')]
				}
			}
			return nil
		}
		return nil
	}
	for _, tup := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := 0; i < tup.Len(); i++ {
			if f := try(tup.At(i).Type()); f != nil {
				return f
			}
		}
	}
	// The driver's own packages (database/sql) name no type in a DBTX
	// signature that is theirs, except through results: try the std ones a
	// model may describe by result type too.
	return nil
}

// fitsSignature reports whether the model's operands exist in sig.
func fitsSignature(f *models.Func, sig *types.Signature) bool {
	n := sig.Params().Len()
	ok := func(o models.Operand) bool {
		return o.Kind != models.Arg || o.Index < n || o.Variadic && o.Index <= n
	}
	for _, sk := range f.Sinks {
		if !ok(sk.QueryOperand()) || !ok(sk.ArgsOperand()) {
			return false
		}
		for _, a := range sk.AddressOperands() {
			if !ok(a) {
				return false
			}
		}
	}
	return len(f.Sinks) > 0
}

// operand returns the SSA values of operand o at call c (several for N...).
func (c *callSite) operand(o models.Operand) []ssa.Value {
	switch o.Kind {
	case models.Recv:
		if c.recv != nil {
			return []ssa.Value{c.recv}
		}
	case models.Result:
		if c.value != nil {
			return []ssa.Value{c.value}
		}
	case models.Arg:
		if o.Index >= len(c.args) {
			return nil
		}
		if o.Variadic {
			return c.args[o.Index:]
		}
		return []ssa.Value{c.args[o.Index]}
	}
	return nil
}

// operandLabel is the label of operand o at call c, at the call's block
// (checks included). Fields are read from memory (GetObjectInput.Key).
func (s *funcState) operandLabel(c *callSite, o models.Operand) label {
	var l label
	for _, v := range c.operand(o) {
		if o.Field != "" {
			l.merge(s.fieldOperand(v, o.Field))
			continue
		}
		l.merge(s.variadicLabel(v))
	}
	return l
}

// variadicLabel is the label of v, or of the elements of the slice built for
// a variadic call.
func (s *funcState) variadicLabel(v ssa.Value) label {
	if sl, ok := v.(*ssa.Slice); ok {
		if _, ok := sl.X.(*ssa.Alloc); ok {
			c, _ := s.contents(s.addr(sl.X))
			return c
		}
	}
	return s.labelOf(v)
}

// fieldOperand reads field name of the struct v is or points to.
func (s *funcState) fieldOperand(v ssa.Value, name string) label {
	t := v.Type()
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v, t = mi.X, mi.X.Type()
	}
	st := structOf(t)
	if st == nil {
		return s.labelOf(v)
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() != name {
			continue
		}
		var k heapKey
		if pointee(t) != nil {
			k = s.addr(v)
		} else if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
			k = s.addr(ld.X)
		} else {
			return s.labelOf(v)
		}
		k.path += "." + itoa(i)
		if l, direct := s.contents(k); direct {
			return l
		}
		return s.fieldOf(s.labelOf(k.root), t, st.Field(i), k.root, v)
	}
	return s.labelOf(v)
}

// call computes the labels of a call's results and records what the call
// is (sink, deferred sink, check) for evaluation after the fixed point.
func (s *funcState) call(v *ssa.Call, cc *ssa.CallCommon, instr ssa.Instruction, b *ssa.BasicBlock, idx int) []label {
	if bi, ok := cc.Value.(*ssa.Builtin); ok {
		return s.builtin(v, bi, cc)
	}
	// A call resolves the same way in every round.
	c := s.resolved[instr]
	if c == nil {
		c = s.resolve(v, cc, instr, b, idx)
		if s.resolved == nil {
			s.resolved = map[ssa.Instruction]*callSite{}
		}
		s.resolved[instr] = c
	}
	nres := cc.Signature().Results().Len()
	// The results are the caller's to read before the next call; transfer
	// keeps a copy of a tuple's.
	res := s.callResults[:0]
	for range nres {
		res = append(res, label{})
	}
	s.callResults = res
	origin := comp{param: -1}
	if v != nil {
		origin.root = v
	}
	switch {
	case c.model != nil:
		s.applyModel(c, res, origin)
	case c.sum != nil:
		s.applySummary(c, res, origin)
	default:
		l := s.defaultFlow(c)
		if !s.pa.analyzedCallee(c) {
			origin.flags |= fOpaque
		}
		if nres > 0 {
			res[0] = l
		}
	}
	for i := range res {
		if v != nil {
			res[i].add(origin)
		}
	}
	if nres > 0 && c.obj != nil && (c.model == nil || !c.model.Untrusted && !c.model.Source) {
		s.nameSource(c, res, v)
	}
	if c.model != nil && (len(c.model.Sinks) > 0 || len(c.model.Checks) > 0 || c.model.Scoper != nil) ||
		c.sum != nil && (len(c.sum.Sinks) > 0 || c.sum.Check != nil) {
		s.sites[instr] = c
		s.order = append(s.order, c)
	}
	return res
}

// nameSource applies the name fallback to a call's result: a function named
// by a tenant word returning an identity is a tenant source unless what its
// body was seen to return says otherwise (a header → untrusted; RowsAffected
// → nothing).
func (s *funcState) nameSource(c *callSite, res []label, v *ssa.Call) {
	sig := c.cc.Signature()
	if sig.Results().Len() == 0 || !s.pa.env.tenantValueType(c.obj.Name(), sig.Results().At(0).Type(), true) {
		return
	}
	r := &res[0]
	if r.hasTrustedTenant() {
		return
	}
	if r.has(fUntrusted) {
		for i := range r.comps {
			if r.comps[i].flags&fUntrusted != 0 {
				r.comps[i].flags |= fTenant
			}
		}
		return
	}
	if c.sum != nil && !r.has(fOpaque) {
		return // seen: not a tenant value
	}
	if v != nil {
		r.add(comp{root: v, param: -1, flags: fTenant})
		r.name = true
	}
}

// defaultFlow is what a call with neither model nor summary returns: the
// properties of its arguments (not of contexts, nor of service handles it is
// called on).
func (s *funcState) defaultFlow(c *callSite) label {
	var l label
	for _, a := range c.args {
		if isContext(a.Type()) {
			continue
		}
		l.merge(s.variadicLabel(a))
	}
	if c.recv != nil {
		rl := s.labelOf(c.recv)
		if valueReceiver(c.recv.Type()) || fluent(c) {
			l.merge(rl)
		} else {
			// A handle's own properties stay with it, but request input
			// flows through any method called on it (req.GetStoreId()).
			for _, cp := range rl.comps {
				if cp.flags&fUntrusted != 0 {
					l.add(cp)
				}
			}
		}
	}
	l.clear(fConst | fZero | fCtx)
	return l
}

// fluent reports whether a method returns a value of its receiver's type:
// a builder or ORM handle derived from the one it is called on
// (db.WithContext(ctx).Where(...)), which carries the receiver's scope.
func fluent(c *callSite) bool {
	res := c.cc.Signature().Results()
	if res.Len() == 0 {
		return false
	}
	rt := res.At(0).Type()
	if types.Identical(rt, c.recv.Type()) {
		return true
	}
	// A handle of the same library (xorm's Engine.Where returns a *Session).
	rn, qn := namedOf(rt), namedOf(c.recv.Type())
	return rn != nil && qn != nil && rn.Obj().Pkg() != nil && rn.Obj().Pkg() == qn.Obj().Pkg() &&
		!isError(rt) && rn.Obj().Name() != "Context"
}

// valueReceiver reports whether a receiver is data (a string, an ID, a
// UUID, a map of metadata, a claims struct) whose methods derive values from
// it, rather than a service handle (a pointer, an interface).
func valueReceiver(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Chan, *types.Signature:
		return false
	}
	return true
}

func (s *funcState) builtin(v *ssa.Call, bi *ssa.Builtin, cc *ssa.CallCommon) []label {
	switch bi.Name() {
	case "append":
		var l label
		for _, a := range cc.Args {
			l.merge(s.variadicLabel(a))
		}
		if v != nil && len(cc.Args) > 0 {
			// The result shares the first argument's backing array.
			if c, _ := s.contents(s.addr(cc.Args[0])); !c.empty() {
				l.merge(c)
			}
		}
		l.clear(fZero | fConst)
		return []label{l}
	case "copy":
		if len(cc.Args) == 2 {
			s.store(s.addr(cc.Args[0]), s.labelOf(cc.Args[1]))
		}
		return []label{{}}
	case "min", "max":
		var l label
		for _, a := range cc.Args {
			l.merge(s.labelOf(a))
		}
		return []label{l}
	}
	if cc.Signature() != nil && cc.Signature().Results().Len() > 0 {
		return make([]label, cc.Signature().Results().Len())
	}
	return nil
}

// applyModel computes results from a model entry.
func (s *funcState) applyModel(c *callSite, res []label, origin comp) {
	m := c.model
	if len(res) > 0 {
		switch {
		case m.Untrusted:
			res[0] = label{comps: []comp{{root: origin.root, param: -1, flags: fUntrusted}}}
		case m.Source:
			res[0] = label{comps: []comp{{root: origin.root, param: -1, flags: fTenant}}}
		}
		if m.Opaque {
			res[0].add(comp{root: origin.root, param: -1, flags: fOpaque})
			// A context value looked up by a tenant-named key
			// (c.GetString("tenant_id"), ctx.Value("orgID")).
			for _, a := range c.args {
				if key, ok := constString(a); ok && s.pa.env.tenantName(key) && origin.root != nil {
					res[0].add(comp{root: origin.root, param: -1, flags: fTenant})
				}
			}
		}
	}
	for _, sk := range m.Sinks {
		if sk.Kind == models.SQL {
			s.sessionSetting(c, sk)
		}
		if ro := sk.ReadOperand(); ro.Kind == models.Result && ro.Index < len(res) && origin.root != nil {
			res[ro.Index].add(comp{root: origin.root, param: -1, flags: fRead})
		}
		if sk.Kind == models.SQL && c.recv != nil && len(res) > 0 && origin.root != nil && namedOf(c.recv.Type()) != nil &&
			namedOf(origin.root.Type()) != nil && namedOf(origin.root.Type()).Obj().Pkg() == namedOf(c.recv.Type()).Obj().Pkg() {
			// A handle holding raw SQL (pop's RawQuery, gorm's Raw): the
			// statement was judged here, not again at its terminal call.
			res[0].add(comp{root: origin.root, param: -1, flags: fUnjudged})
		}
	}
	if p := m.Propagator; p != nil {
		s.propagate(c, p, res)
	} else if len(m.Sinks) == 0 && m.Scoper == nil && !m.Untrusted && !m.Source && !m.Opaque && len(res) > 0 {
		res[0] = union(res[0], s.defaultFlow(c))
	}
	if sc := m.Scoper; sc != nil {
		s.scope(c, sc, res)
	}
}

// propagate applies a propagator model.
func (s *funcState) propagate(c *callSite, p *models.Propagator, res []label) {
	var l label
	if p.None {
		return
	}
	if from := p.FromOperands(); len(from) > 0 {
		for _, o := range from {
			l.merge(s.operandLabel(c, o))
		}
	} else {
		l = s.defaultFlow(c)
	}
	l.clear(fConst | fZero | fCtx)
	if p.Untrusted {
		// Request input, and only that: the context it is decoded through
		// is neither a tenant nor an address.
		var root ssa.Value
		if c.value != nil {
			root = c.value
		}
		l = label{comps: []comp{{root: root, param: -1, flags: fUntrusted}}}
	}
	switch {
	case p.Drops:
		if kept, ok := s.dirOfJoin(c); ok {
			// Dir(Join(base, tenant, "tmp")) drops only the last element.
			l = kept
		} else {
			l = l.with(fDropped)
		}
	case p.Cleans:
		l = l.with(fCleaned)
		l.cleaned = true
		l.endsSep = false
	case p.Sanitizes:
		l = l.with(fSafe)
	}
	if f := p.FormatOperand(); f.Kind != models.NoOperand {
		if vs := c.operand(f); len(vs) == 1 {
			if txt, ok := constString(vs[0]); ok {
				l.endsSep = endsAtSeparator(txt)
			}
		}
	}
	if p.Unscopes {
		l = l.without(fBound | fScoped).with(fUnscoped)
	}
	if p.Render {
		// A builder rendered to SQL: the text and the arguments carry the
		// builder's tables and bound values (its error carries nothing).
		l.rendered = true
		results := c.cc.Signature().Results()
		for i := range res {
			if i < results.Len() && isError(results.At(i).Type()) {
				continue
			}
			res[i] = union(res[i], l)
		}
		return
	}
	to := p.ToOperand()
	switch to.Kind {
	case models.NoOperand, models.Result:
		if to.Index < len(res) {
			res[to.Index] = union(res[to.Index], l)
		}
	case models.Arg, models.Recv:
		for _, v := range s.values(c, to) {
			s.store(s.addr(v), l)
		}
	}
}

// values returns the SSA values of operand o at call c; for a variadic
// operand (N...), the elements of the slice the call built.
func (s *funcState) values(c *callSite, o models.Operand) []ssa.Value {
	vs := c.operand(o)
	if o.Variadic {
		return s.expand(vs)
	}
	return vs
}

// expand replaces the slice a variadic call built by its elements
// (Scan(&a, &b) writes into a and b).
func (s *funcState) expand(vals []ssa.Value) []ssa.Value {
	if len(vals) == 0 {
		return vals
	}
	if elems, ok := s.sliceElems(vals[len(vals)-1]); ok {
		return append(vals[:len(vals)-1:len(vals)-1], elems...)
	}
	return vals
}

// scope makes the handle a scoper returns (or is called on) carry what
// scopes it: tenant components of its scope operands (marked Scoped), and
// values bound to tenant columns by its conditions (marked Bound, judged at
// the sink: trusted, a parameter slot, request input, a constant). A
// builder's handle also learns its tables and insert columns. A method
// scoper derives its handle from the receiver, so chains keep their scope.
func (s *funcState) scope(c *callSite, sc *models.Scoper, res []label) {
	var add label
	ops := sc.ScopeOperands()
	if sc.Context {
		// Scoped to the tenant given, or else to the one the context carries
		// (a configured scoper: NewStore(db, t), pools.For(ctx)).
		var l label
		for i := range c.args {
			l = union(l, s.operandLabel(c, models.Operand{Kind: models.Arg, Index: i}))
		}
		if !l.has(fTenant) && c.value != nil {
			l.add(comp{root: c.value, param: -1, flags: fTenant})
		}
		add = union(add, scopedTenant(l))
	}
	for _, o := range ops {
		add = union(add, scopedTenant(s.operandLabel(c, o)))
	}
	if q := sc.QueryOperand(); q.Kind != models.NoOperand {
		add = union(add, s.sqlCondition(c, q, sc.ArgsOperand()))
	}
	if col, val := sc.ColumnValue(); col.Kind != models.NoOperand {
		for _, cv := range c.operand(col) {
			vl := s.operandLabel(c, val)
			if name, ok := constString(cv); ok && equalityColumn(name) && s.tenantColumn(strings.TrimSuffix(strings.Split(name, "__")[0], " =")) {
				add = union(add, vl.with(fBound))
			} else {
				// Another column: the value addresses the handle (by id).
				add = union(add, vl.without(fConst|fZero))
			}
		}
	}
	if co := sc.CondOperand(); co.Kind != models.NoOperand {
		for _, v := range s.values(c, co) {
			add = union(add, s.condition(v))
			add = union(add, s.labelOf(v).without(fConst|fZero|fBound))
		}
	}
	if ap := sc.ApplyOperand(); ap.Kind != models.NoOperand {
		for _, fv := range s.values(c, ap) {
			if s.pa.scopeFunc(fv) {
				// What the scope function captured is bound to a tenant column.
				l := s.labelOf(fv).with(fBound)
				if l.empty() {
					// It binds a tenant of its own (a context source inside).
					l.add(comp{root: fv, param: -1, flags: fBound | fTenant})
				}
				add = union(add, l)
			}
		}
	}
	if t := sc.TableOperand(); t.Kind != models.NoOperand {
		for _, v := range s.values(c, t) {
			if name, ok := s.tableName(v); ok {
				add.tables = mergeStrings(add.tables, []string{name})
			}
			if _, isConst := v.(*ssa.Const); !isConst {
				// A model value (gorm's Model(&row)) brings its origin: a row
				// read within the tenant or checked scopes the handle.
				for _, cp := range s.labelOf(v).comps {
					if cp.root != nil && cp.flags&fTenant == 0 {
						add.add(comp{root: cp.root, param: -1, flags: cp.flags & (fScoped | fUntrusted)})
					}
				}
			}
		}
	}
	if cols := s.columnsValues(c, sc); len(cols) > 0 {
		add.columns = cols
	}
	if _, vals := sc.ColumnsValues(); vals.Kind != models.NoOperand && c.recv != nil {
		cols := s.labelOf(c.recv).columns
		ops := c.operand(vals)
		elems := s.expand(ops)
		if vals.Variadic && len(ops) == 1 && len(elems) == 1 && elems[0] == ops[0] && c.cc.Signature().Variadic() && hasTenant(s, cols) {
			// A row passed whole (Values(row...)): which element is the
			// tenant's cannot be told, so the row is taken as scoped rather
			// than reported (an unjudgeable statement is never a finding).
			if c.value != nil {
				add.add(comp{root: c.value, param: -1, flags: fUnjudged})
			}
		} else {
			for i, v := range elems {
				if i < len(cols) && s.tenantColumn(cols[i]) {
					add = union(add, s.labelOf(v).with(fBound))
				}
			}
		}
	}
	if name := sc.RowHook; name != "" {
		for _, v := range s.values(c, sc.TableOperand()) {
			if s.pa.rowHookBinds(dynamicType(v), name) && c.value != nil {
				// The row type's hook binds the tenant on every such statement.
				add.add(comp{root: c.value, param: -1, flags: fScoped | fTenant})
			}
		}
	}
	h := sc.HandleOperand()
	s.noteBinds(c, h, add)
	switch h.Kind {
	case models.Result, models.NoOperand:
		if h.Index < len(res) {
			if c.recv != nil && h.Index == 0 {
				res[0] = union(res[0], s.labelOf(c.recv))
			}
			res[h.Index] = union(res[h.Index], add)
		}
	default:
		for _, v := range c.operand(h) {
			s.store(s.addr(v), add)
		}
	}
}

// noteBinds records a parameter handle on which a scoper binds a trusted
// tenant (db.Where("tenant_id = ?", TenantFrom(ctx)) inside a hook given
// db): the function is a hook that scopes every statement it runs before.
func (s *funcState) noteBinds(c *callSite, h models.Operand, add label) {
	var bound label
	for _, cp := range add.comps {
		if cp.flags&fBound != 0 {
			cp.flags &^= fBound
			bound.add(cp)
		}
	}
	if bound.empty() {
		return
	}
	if k, _ := judge(bound); k != slotTrusted {
		return
	}
	var handles []ssa.Value
	switch h.Kind {
	case models.Result, models.NoOperand:
		if c.recv != nil {
			handles = append(handles, c.recv)
		}
	default:
		handles = c.operand(h)
	}
	for _, v := range handles {
		for _, cp := range s.labelOf(v).comps {
			if cp.flags&fParam != 0 && cp.param >= 0 {
				s.binds = appendInt(s.binds, int(cp.param))
			}
		}
	}
}

// sessionSetting makes the handle a statement runs on scoped when the
// statement sets a tenant session variable to a tenant (row-level security
// policies read it: tenant_id = current_setting('app.tenant_id')). Later
// statements on the handle need no tenant predicate of their own.
func (s *funcState) sessionSetting(c *callSite, sk *models.Sink) {
	if c.recv == nil {
		return
	}
	qo := sk.QueryOperand()
	if qo.Variadic {
		return
	}
	qs := c.operand(qo)
	if len(qs) != 1 {
		return
	}
	text, ok := constString(qs[0])
	if !ok {
		return
	}
	name, ph, ok := sqlscope.SessionSetting(text)
	if !ok {
		return
	}
	if !s.tenantColumn(name) && !s.pa.env.tenantName(name[strings.LastIndexByte(name, '.')+1:]) {
		return
	}
	b := s.bindsOf(c, sk.ArgsOperand(), sk.Named)
	k := 0
	if ph != "?" {
		n, err := strconv.Atoi(ph[1:])
		if err != nil || n < 1 {
			return
		}
		k = n - 1
	}
	if k >= len(b.vals) {
		return
	}
	l := scopedTenant(s.labelOf(b.vals[k]))
	if l.empty() {
		return
	}
	if ld, ok := c.recv.(*ssa.UnOp); ok && ld.Op == token.MUL {
		// The handle lives in a variable (captured by a deferred
		// Rollback): every later load of it is scoped.
		s.store(s.addr(ld.X), l)
		return
	}
	s.store(s.addr(c.recv), l)
}

// equalityColumn reports whether a column condition compares for equality:
// beego's "project_id", "project_id__exact", "project_id__in", not
// "project_id__gte"; a trailing " =" (gorm, ent) too.
func equalityColumn(name string) bool {
	_, op, found := strings.Cut(name, "__")
	if !found {
		return true
	}
	switch strings.ToLower(op) {
	case "exact", "in", "eq":
		return true
	}
	return false
}

// scopedTenant keeps the tenant components of l, marked Scoped: a handle
// opened on a tenant's directory or prefix.
func scopedTenant(l label) label {
	var out label
	for _, cp := range l.comps {
		if cp.flags&fTenant != 0 && cp.flags&fDropped == 0 {
			cp.flags |= fScoped
			out.add(cp)
		}
	}
	return out
}

// columnsValues returns the constant column names an insert's Columns call
// names.
func (s *funcState) columnsValues(c *callSite, sc *models.Scoper) []string {
	cols, _ := sc.ColumnsValues()
	if cols.Kind == models.NoOperand {
		return nil
	}
	var out []string
	for _, v := range s.values(c, cols) {
		if name, ok := constString(v); ok {
			out = append(out, strings.ToLower(name))
		}
	}
	return out
}

func hasTenant(s *funcState, cols []string) bool {
	for _, c := range cols {
		if s.tenantColumn(c) {
			return true
		}
	}
	return false
}

// tenantColumn reports whether a column name (possibly qualified) is a
// tenant column.
func (s *funcState) tenantColumn(name string) bool {
	name = strings.ToLower(strings.Trim(name, "`\""))
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return s.pa.env.sql.TenantColumn(name)
}

// tableName resolves a table operand: a constant, or a modelled table
// constructor's constant argument (ent's sql.Table("t")).
func (s *funcState) tableName(v ssa.Value) (string, bool) {
	if name, ok := constString(v); ok {
		return strings.ToLower(name), true
	}
	if l := s.labelOf(v); len(l.tables) == 1 {
		return l.tables[0], true
	}
	// A model value names its table (gorm's Model(&Source{})).
	x := v
	if mi, ok := x.(*ssa.MakeInterface); ok {
		x = mi.X
	}
	if n := namedOf(elemType(x.Type())); n != nil {
		if _, ok := n.Underlying().(*types.Struct); ok {
			return s.pa.tableOf(n), true
		}
	}
	return "", false
}

// sqlCondition parses a condition written as SQL text and binds its tenant
// columns' placeholders to the argument values.
func (s *funcState) sqlCondition(c *callSite, q, args models.Operand) label {
	if q.Variadic {
		// The condition is the first of the variadic arguments, its binds
		// the rest (gorm's First(&row, "id = ? AND org_id = ?", id, org)).
		elems := s.values(c, q)
		if len(elems) == 0 {
			return label{}
		}
		return s.sqlConditionOf(elems[0], binds{vals: elems[1:], known: true, spread: -1})
	}
	qs := c.operand(q)
	if len(qs) != 1 {
		return label{}
	}
	return s.sqlConditionOf(qs[0], s.bindsOf(c, args, false))
}

// sqlConditionOf reads condition q with binds b.
func (s *funcState) sqlConditionOf(q ssa.Value, b binds) label {
	texts, _, _ := s.resolveText(q, 0)
	qv := q
	if mi, ok := qv.(*ssa.MakeInterface); ok {
		qv = mi.X
	}
	if len(texts) == 0 && isStringType(qv.Type()) {
		// Condition text that cannot be resolved cannot be judged: never
		// a finding.
		out := s.labelOf(q).without(fConst | fZero | fBound)
		out.add(comp{root: q, param: -1, flags: fUnjudged})
		return out
	}
	if len(texts) == 0 {
		// Not SQL text (gorm also takes a struct, a map or a primary key here).
		var out label
		out = union(out, s.condition(q))
		out = union(out, s.labelOf(q).without(fConst|fZero|fBound))
		return out
	}
	texts, b = s.inlineIdents(texts, b)
	var out label
	// Every bound value addresses the handle (an id makes it a by-ID
	// access); those bound to tenant columns are marked Bound.
	for _, v := range b.vals {
		out = union(out, s.labelOf(v).without(fConst|fZero))
	}
	for _, t := range texts {
		res, err := analyzeSQL(s.pa.env, conditionPrefix+t)
		if err != nil || len(res.Statements) == 0 {
			continue
		}
		for _, tu := range res.Statements[0].Tables {
			for _, bd := range tu.Binds {
				if bd.Placeholder < 0 {
					if bd.Literal != "" {
						out.add(comp{param: -1, flags: fConst | fBound})
					}
					continue
				}
				if l, _, ok := s.bindLabel(b, bd.Placeholder, ""); ok {
					out = union(out, l.with(fBound))
				}
			}
		}
	}
	return out
}

// condition reads a condition value: a map of column values built here
// (squirrel Eq, bson.M), a struct whose tenant field is set (a gorm or xorm
// bean), a slice of key/value pairs (bson.D), or a predicate that already
// carries bound values (ent's sql.EQ).
func (s *funcState) condition(v ssa.Value) label {
	return s.conditionDepth(v, 0)
}

func (s *funcState) conditionDepth(v ssa.Value, depth int) label {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	var out label
	if n := namedOf(v.Type()); n != nil && n.Obj().Pkg() != nil && depth < 4 &&
		s.pa.env.models.Type(n.Obj().Pkg().Path(), n.Obj().Name()).And {
		// A conjunction literal (sq.And{...}): each element's condition holds.
		if elems, ok := s.sliceElems(v); ok {
			for _, e := range elems {
				out = union(out, s.conditionDepth(e, depth+1))
			}
		}
	}
	for _, cp := range s.labelOf(v).comps {
		if cp.flags&fBound != 0 {
			out.add(cp)
		}
	}
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		v = ld.X
	}
	k := s.addr(v)
	s.markRead(k.root)
	for _, p := range s.heapKeys[k.root] {
		if !strings.HasPrefix(p, k.path) {
			continue
		}
		rest := p[len(k.path):]
		if strings.HasPrefix(rest, "[\"") {
			// A map entry with a constant key.
			key, err := strconv.Unquote(rest[1:strings.LastIndexByte(rest, ']')])
			if err == nil && s.tenantColumn(key) {
				out = union(out, s.heap[heapKey{k.root, p}].with(fBound))
			} else if err == nil {
				out = union(out, s.heap[heapKey{k.root, p}].without(fConst|fZero))
			}
		}
	}
	// A struct: its tenant field.
	if st := structOf(derefType(v.Type())); st != nil {
		for i := 0; i < st.NumFields(); i++ {
			if s.tenantFieldOf(st, i) {
				fk := heapKey{k.root, k.path + "." + itoa(i)}
				if l, ok := s.heap[fk]; ok {
					out = union(out, l.with(fBound))
				}
			}
		}
	}
	// A slice of key/value structs (bson.D).
	out = union(out, s.pairs(v))
	return out
}

func derefType(t types.Type) types.Type {
	if p := pointee(t); p != nil {
		return p
	}
	return t
}

// tenantFieldOf reports whether field i of st holds the tenant column: its
// name is a tenant name, or a db/gorm/xorm/bun/bson tag names a tenant column.
func (s *funcState) tenantFieldOf(st *types.Struct, i int) bool {
	f := st.Field(i)
	if s.pa.env.tenantName(f.Name()) {
		return true
	}
	tag := reflect.StructTag(st.Tag(i))
	for _, key := range []string{"db", "bun", "bson", "json", "xorm", "gorm"} {
		val := tag.Get(key)
		if val == "" {
			continue
		}
		for _, part := range strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\'' }) {
			part = strings.TrimPrefix(part, "column:")
			if s.tenantColumn(part) {
				return true
			}
		}
	}
	return false
}

// pairs reads a slice literal of {Key, Value} structs whose key is a
// constant tenant column.
func (s *funcState) pairs(v ssa.Value) label {
	var out label
	if sl, ok := v.(*ssa.Slice); ok {
		v = sl.X
	}
	alloc, ok := v.(*ssa.Alloc)
	if !ok {
		return out
	}
	for _, r := range *alloc.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		var key string
		var val ssa.Value
		fields := func(base ssa.Value) {
			for _, rr := range *base.Referrers() {
				fa, ok := rr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				for _, st := range *fa.Referrers() {
					if store, ok := st.(*ssa.Store); ok && store.Addr == fa {
						switch fa.Field {
						case 0:
							key, _ = constString(store.Val)
						case 1:
							val = store.Val
						}
					}
				}
			}
		}
		fields(ia)
		// An element built in a local struct and copied in ({Key: "k", Value: v}).
		for _, rr := range *ia.Referrers() {
			if store, ok := rr.(*ssa.Store); ok && store.Addr == ia {
				if ld, ok := store.Val.(*ssa.UnOp); ok && ld.Op == token.MUL {
					if local, ok := ld.X.(*ssa.Alloc); ok {
						fields(local)
					}
				}
			}
		}
		if key != "" && val != nil && s.tenantColumn(key) {
			out = union(out, s.labelOf(val).with(fBound))
		}
	}
	return out
}

// applySummary computes results from the callee's summary.
func (s *funcState) applySummary(c *callSite, res []label, origin comp) {
	for i, rv := range c.sum.Results {
		if i >= len(res) {
			break
		}
		var l label
		if rv.Flags != 0 {
			l.add(comp{root: origin.root, param: -1, flags: rv.Flags &^ (fParam | fParamPart | fRecv | fCtx)})
		}
		for _, fl := range rv.Flows {
			a := c.param(fl.Param)
			if a == nil || isContext(a.Type()) {
				continue
			}
			al := s.labelOf(a).without(fCtx)
			if fl.Via&fParamPart != 0 {
				if structOf(a.Type()) != nil {
					al = fieldBase(al) // a field of the argument: its name decided
				} else {
					al = elementOf(al) // an element of a slice or map argument
				}
			}
			if fl.Via&fSlot != 0 {
				// The callee names this parameter as a tenant: request input or
				// the caller's own parameter filling it is a tenant value
				// (untrusted, or a slot of the caller's).
				for i := range al.comps {
					if al.comps[i].flags&fUntrusted != 0 || wholeParam(al.comps[i]) {
						al.comps[i].flags |= fTenant
					}
				}
			}
			if fl.Via&fTenant != 0 {
				// The callee read a tenant-named part: tenant-ness, with the
				// argument's trust.
				al.add(comp{root: firstRoot(al, a), param: -1, flags: fTenant | al.all()&fUntrusted | fWeak&rv.Flags})
			}
			if fl.Via&fScoped != 0 {
				// The callee scoped a handle with this argument (a root opened on
				// the tenant's directory): its tenant components scope the result.
				l.merge(scopedTenant(al))
			}
			if fl.Via&fUnscoped != 0 {
				al = al.without(fBound | fScoped)
			}
			if via := fl.Via & (viaFlags | fBound); via != 0 {
				al = al.with(via)
			}
			l.merge(al)
		}
		l.endsSep = rv.EndsSep
		l.cleaned = rv.Cleaned
		l.name = rv.Name
		l.tables = mergeStrings(l.tables, rv.Tables)
		if len(rv.Columns) > 0 {
			l.columns = rv.Columns
		}
		l.rendered = l.rendered || rv.Rendered
		res[i] = l
	}
}

func firstRoot(l label, fallback ssa.Value) ssa.Value {
	for _, c := range l.comps {
		if c.root != nil {
			return c.root
		}
	}
	return fallback
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// dirOfJoin handles a dropping propagator (Dir) applied to a join of several
// elements: only the last element is dropped, the tenant directory before it
// stays.
func (s *funcState) dirOfJoin(c *callSite) (label, bool) {
	if len(c.args) != 1 {
		return label{}, false
	}
	inner, ok := c.args[0].(*ssa.Call)
	if !ok {
		return label{}, false
	}
	m := s.pa.env.models.Lookup(calleeObj(inner))
	if m == nil || m.Propagator == nil || !m.Propagator.Cleans || len(inner.Call.Args) != 1 {
		return label{}, false
	}
	elems, ok := s.sliceElems(inner.Call.Args[0])
	if !ok || len(elems) < 2 {
		return label{}, false
	}
	var l label
	for _, e := range elems[:len(elems)-1] {
		l = union(l, s.labelOf(e))
	}
	l = union(l, s.labelOf(elems[len(elems)-1]).with(fDropped))
	l = l.without(fConst | fZero)
	l.cleaned = true
	return l, true
}

// inlineIdents writes identifier arguments (bun.Ident("tenant_id")) into
// the "?" they bind, so "? = ?" with (Ident("tenant_id"), t) reads as
// "tenant_id = ?" with t.
func (s *funcState) inlineIdents(texts []string, b binds) ([]string, binds) {
	if !b.known || len(texts) != 1 {
		return texts, b
	}
	idents := map[int]string{}
	for k, v := range b.vals {
		if name, ok := s.identArg(v); ok {
			idents[k] = name
		}
	}
	if len(idents) == 0 {
		return texts, b
	}
	var out strings.Builder
	var vals []ssa.Value
	text := texts[0]
	k := 0
	var quote byte
	for i := 0; i < len(text); i++ {
		ch := text[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '?' && (i+1 >= len(text) || text[i+1] != '?'):
			if name, ok := idents[k]; ok {
				out.WriteString(name)
				k++
				continue
			}
			if k < len(b.vals) {
				vals = append(vals, b.vals[k])
			}
			k++
		}
		out.WriteByte(ch)
	}
	for ; k < len(b.vals); k++ {
		vals = append(vals, b.vals[k])
	}
	b.vals = vals
	return []string{out.String()}, b
}

// identArg returns the identifier a constant of an identifier type names
// (bun.Ident("tenant_id")).
func (s *funcState) identArg(v ssa.Value) (string, bool) {
	for i := 0; i < 3; i++ {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.Convert:
			v = x.X
			continue
		}
		break
	}
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return "", false
	}
	n := namedOf(c.Type())
	if n == nil || n.Obj().Pkg() == nil || !s.pa.env.models.Identifier(n.Obj().Pkg().Path(), n.Obj().Name()) {
		return "", false
	}
	return constant.StringVal(c.Value), true
}

// isStringType reports whether t is a string type (not an interface that
// may hold one).
func isStringType(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}
