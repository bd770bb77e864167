package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantleak/tenantleak/analyzer/models"
)

// checkFact is a barrier guard that succeeded on a region of the function:
// the roots it proved are trusted (or safe names) there.
type checkFact struct {
	kind    models.CheckKind
	roots   []ssa.Value
	cleaned bool // prefix checks: the tested value was cleaned, so ".." cannot climb out
	// The region: block and everything it dominates, from instruction after on.
	block *ssa.BasicBlock
	after int
	// tenant is the tenant value the check made trusted, for "tenant
	// available" (a membership check on the URL's board id).
	tenant ssa.Value
	site   *callSite
}

func (f *checkFact) covers(b *ssa.BasicBlock, idx int) bool {
	if b == f.block {
		return idx > f.after
	}
	return f.block.Dominates(b)
}

// findChecks turns the recorded check calls and the equality tests of If
// conditions into check facts with their regions.
func (s *funcState) findChecks() {
	s.checks = nil
	s.byRoot = map[ssa.Value][]*checkFact{}
	for _, b := range s.fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && len(b.Succs) == 2 {
			s.ifCondition(iff.Cond, b, b.Succs[0], b.Succs[1], 0)
		}
	}
	// Checks that succeed by returning at all: the rest of the function.
	for _, c := range s.order {
		for _, ch := range s.checksOf(c) {
			if ch.success == "return" {
				s.addCheck(ch.fact(c.block, c.index))
			}
		}
	}
	for _, f := range s.checks {
		for _, r := range f.roots {
			s.byRoot[r] = append(s.byRoot[r], f)
		}
	}
}

// aCheck is one check a call performs, from a model or a summary.
type aCheck struct {
	kind    models.CheckKind
	success string // true, false, nil, return
	result  int
	proves  []ssa.Value // the operands it proves
	prefix  ssa.Value   // prefix checks: the prefix operand
	site    *callSite
	s       *funcState
}

func (ch *aCheck) fact(b *ssa.BasicBlock, after int) *checkFact {
	s := ch.s
	f := &checkFact{kind: ch.kind, block: b, after: after, site: ch.site}
	if ch.kind == models.Prefix {
		if ch.prefix == nil || len(ch.proves) == 0 {
			return nil
		}
		pl := s.labelOf(ch.prefix)
		if !pl.hasTrustedTenant() && !pl.has(fScoped) || !pl.endsSep {
			return nil // "dir" also prefixes "dir0/": proves nothing
		}
		f.cleaned = s.labelOf(ch.proves[0]).cleaned
	}
	for _, v := range ch.proves {
		f.roots = append(f.roots, s.rootsOf(v)...)
		if ch.kind == models.Member && f.tenant == nil && s.labelOf(v).has(fTenant) {
			f.tenant = v
		}
	}
	if len(f.roots) == 0 {
		return nil
	}
	return f
}

// rootsOf returns the origins a check on v proves: v itself, the object a
// field of it was read from, and every root of its components (the row an
// id was computed from).
func (s *funcState) rootsOf(v ssa.Value) []ssa.Value {
	roots := []ssa.Value{v}
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		roots = append(roots, s.addr(ld.X).root)
	}
	if f, ok := v.(*ssa.Field); ok {
		roots = append(roots, f.X)
	}
	for _, c := range s.labelOf(v).comps {
		if c.root != nil && c.flags&fCtx == 0 {
			roots = append(roots, c.root)
		}
	}
	return roots
}

func (s *funcState) addCheck(f *checkFact) {
	if f != nil {
		s.checks = append(s.checks, f)
	}
}

// checksOf lists the checks call c performs.
func (s *funcState) checksOf(c *callSite) []*aCheck {
	var out []*aCheck
	sig := c.cc.Signature()
	defSuccess := func(explicit string) (string, int) {
		if explicit != "" {
			return explicit, resultIndexFor(sig, explicit)
		}
		res := sig.Results()
		if res.Len() == 0 {
			return "return", -1
		}
		last := res.At(res.Len() - 1).Type()
		if isError(last) {
			return "nil", res.Len() - 1
		}
		if b, ok := res.At(0).Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
			return "true", 0
		}
		return "return", -1
	}
	if c.model != nil {
		for _, mc := range c.model.Checks {
			ch := &aCheck{kind: mc.Kind, site: c, s: s}
			ch.success, ch.result = defSuccess(mc.Success)
			switch mc.Kind {
			case models.Member:
				ops := mc.ArgOperands()
				if len(ops) == 0 {
					for _, a := range c.args {
						if !isContext(a.Type()) {
							ch.proves = append(ch.proves, a)
						}
					}
				} else {
					for _, o := range ops {
						ch.proves = append(ch.proves, c.operand(o)...)
					}
				}
			case models.Prefix:
				ch.proves = c.operand(mc.ValueOperand())
				if p := c.operand(mc.PrefixOperand()); len(p) == 1 {
					ch.prefix = p[0]
				}
			case models.Equal:
				ch.proves = append(c.operand(mc.ValueOperand()), c.operand(mc.PrefixOperand())...)
				if !s.oneTrusted(ch.proves) {
					continue
				}
			case models.Local:
				ch.proves = c.operand(mc.ValueOperand())
			}
			out = append(out, ch)
		}
	}
	if c.sum != nil && c.sum.Check != nil {
		sc := c.sum.Check
		ch := &aCheck{kind: models.CheckKind(sc.Kind), success: sc.Success, result: sc.Result, site: c, s: s}
		for _, p := range sc.Params {
			if a := c.param(p); a != nil {
				ch.proves = append(ch.proves, a)
			}
		}
		out = append(out, ch)
	}
	return out
}

func resultIndexFor(sig *types.Signature, success string) int {
	res := sig.Results()
	switch success {
	case "nil":
		for i := res.Len() - 1; i >= 0; i-- {
			if isError(res.At(i).Type()) {
				return i
			}
		}
	case "true", "false":
		for i := 0; i < res.Len(); i++ {
			if b, ok := res.At(i).Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
				return i
			}
		}
	}
	return -1
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// oneTrusted reports whether one of vs is a trusted tenant value a check can
// rely on (not a tenant-named field of data read here).
func (s *funcState) oneTrusted(vs []ssa.Value) bool {
	for _, v := range vs {
		for _, c := range s.labelOf(v).comps {
			if c.trustedTenant() && c.flags&fWeak == 0 {
				return true
			}
		}
	}
	return false
}

// ifCondition interprets an If condition: which successor a check succeeds on.
func (s *funcState) ifCondition(cond ssa.Value, b, onTrue, onFalse *ssa.BasicBlock, depth int) {
	if depth > 4 {
		return
	}
	region := func(succ *ssa.BasicBlock) *ssa.BasicBlock {
		if len(succ.Preds) == 1 {
			return succ
		}
		return nil
	}
	add := func(ch *aCheck, ok bool) {
		succ := onTrue
		if !ok {
			succ = onFalse
		}
		if r := region(succ); r != nil {
			s.addCheck(ch.fact(r, -1))
		}
	}
	switch c := cond.(type) {
	case *ssa.UnOp:
		if c.Op == token.NOT {
			s.ifCondition(c.X, b, onFalse, onTrue, depth+1)
		}
	case *ssa.Call, *ssa.Extract:
		call, idx := callOf(c)
		if call == nil {
			return
		}
		site := s.sites[call]
		if site == nil {
			return
		}
		for _, ch := range s.checksOf(site) {
			if (ch.success == "true" || ch.success == "false") && (ch.result == idx || ch.result < 0) {
				add(ch, ch.success == "true")
			}
		}
	case *ssa.BinOp:
		if c.Op != token.EQL && c.Op != token.NEQ {
			return
		}
		eq := c.Op == token.EQL
		x, y := c.X, c.Y
		if isNilConst(x) {
			x, y = y, x
		}
		if isNilConst(y) {
			// err == nil / err != nil after a check returning an error.
			if call, idx := callOf(x); call != nil {
				if site := s.sites[call]; site != nil {
					for _, ch := range s.checksOf(site) {
						if ch.success == "nil" && (ch.result == idx || ch.result < 0) {
							add(ch, eq)
						}
					}
				}
			}
			return
		}
		if bc, ok := y.(*ssa.Const); ok && bc.Value != nil && bc.Value.Kind() == constant.Bool {
			if constant.BoolVal(bc.Value) == eq {
				s.ifCondition(x, b, onTrue, onFalse, depth+1)
			} else {
				s.ifCondition(x, b, onFalse, onTrue, depth+1)
			}
			return
		}
		// An equality test against a trusted tenant value.
		if s.oneTrusted([]ssa.Value{x}) || s.oneTrusted([]ssa.Value{y}) {
			if _, isConst := x.(*ssa.Const); isConst {
				return
			}
			if _, isConst := y.(*ssa.Const); isConst {
				return
			}
			var proves []ssa.Value
			xt, yt := s.oneTrusted([]ssa.Value{x}), s.oneTrusted([]ssa.Value{y})
			if !xt || xt && yt {
				proves = append(proves, x)
			}
			if !yt || xt && yt {
				proves = append(proves, y)
			}
			ch := &aCheck{kind: models.Equal, proves: proves, s: s}
			add(ch, eq)
		}
	}
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// callOf returns the call instruction whose result (index idx) v is.
func callOf(v ssa.Value) (*ssa.Call, int) {
	switch x := v.(type) {
	case *ssa.Call:
		return x, 0
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok {
			return c, x.Index
		}
	}
	return nil, -1
}

// upgrade applies the checks covering (b, idx) to l: a proven component is
// trusted and scoped; a name proven local is safe.
func (s *funcState) upgrade(l label, b *ssa.BasicBlock, idx int, file bool) label {
	if len(s.byRoot) == 0 {
		return l
	}
	out := l
	copied := false
	for i, c := range l.comps {
		if c.root == nil {
			continue
		}
		for _, f := range s.byRoot[c.root] {
			if !f.covers(b, idx) {
				continue
			}
			if !copied {
				out = l.clone()
				copied = true
			}
			switch f.kind {
			case models.Local:
				out.comps[i].flags |= fSafe
			case models.Prefix:
				if file && !f.cleaned {
					continue
				}
				fallthrough
			default:
				out.comps[i].flags &^= fUntrusted
				out.comps[i].flags |= fScoped | fSafe
			}
		}
	}
	return out
}

// checked reports whether root was proven by a member or equality check
// anywhere in the function: a row read by id and then compared with the
// tenant (DESIGN rule 4a, "checks the result before other use").
func (s *funcState) checked(root ssa.Value) bool {
	for _, f := range s.byRoot[root] {
		if (f.kind == models.Member || f.kind == models.Equal) && s.checkedBeforeUse(root, f) {
			return true
		}
	}
	return s.iterChecked(root)
}

// iterChecked reports whether a read that yields an iterator is checked
// row by row: the iterator is only stepped (it.Next()), and every row a
// step yields is checked before use (a loop that skips other tenants' rows).
func (s *funcState) iterChecked(root ssa.Value) bool {
	var steps []*ssa.Call
	var walk func(v ssa.Value, depth int) bool
	walk = func(v ssa.Value, depth int) bool {
		refs := v.Referrers()
		if refs == nil || depth > 3 {
			return false
		}
		for _, r := range *refs {
			switch x := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Extract:
				if !isError(x.Type()) && !walk(x, depth+1) {
					return false
				}
			case *ssa.Call:
				if !stepsOn(x, v) {
					return false
				}
				steps = append(steps, x)
			default:
				return false
			}
		}
		return true
	}
	if !walk(root, 0) || len(steps) == 0 {
		return false
	}
	for _, st := range steps {
		checked := false
		for _, f := range s.byRoot[st] {
			if (f.kind == models.Member || f.kind == models.Equal) && s.checkedBeforeUse(st, f) {
				checked = true
				break
			}
		}
		if !checked {
			return false
		}
	}
	return true
}

// checkedBeforeUse reports whether every use of the read row root outside
// the check's region only reads and compares it (the check itself, error
// tests): a row sent on before its tenant is compared has leaked already.
func (s *funcState) checkedBeforeUse(root ssa.Value, f *checkFact) bool {
	// Only what runs after the read can pass its row on: building the query
	// with the destination (Model(&row)) is no use of the data.
	var readBlock *ssa.BasicBlock
	readIdx := -1
	for _, c := range s.order {
		if c.value == root || c.model != nil && len(c.model.Sinks) > 0 && s.readsInto(c, root) {
			readBlock, readIdx = c.block, c.index
			break
		}
	}
	afterRead := func(b *ssa.BasicBlock, idx int) bool {
		if readBlock == nil {
			return true
		}
		if b == readBlock {
			return idx > readIdx
		}
		return readBlock.Dominates(b)
	}
	seen := map[ssa.Value]bool{}
	var ok func(v ssa.Value, depth int) bool
	ok = func(v ssa.Value, depth int) bool {
		if seen[v] || depth > 6 {
			return true
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return true
		}
		for _, r := range *refs {
			b := r.Block()
			if b == nil {
				continue
			}
			idx := indexOf(b, r)
			if f.covers(b, idx) || !afterRead(b, idx) {
				continue
			}
			switch x := r.(type) {
			case *ssa.DebugRef, *ssa.If, *ssa.BinOp:
				continue
			case *ssa.Extract:
				if isError(x.Type()) {
					continue // the read's error, not its row
				}
				if !ok(x, depth+1) {
					return false
				}
			case *ssa.Store:
				if x.Addr == v {
					continue // a store into the variable itself
				}
				if a, isAlloc := x.Addr.(*ssa.Alloc); isAlloc && x.Val == v {
					// Kept in a local variable: follow its loads.
					if !ok(a, depth+1) {
						return false
					}
					continue
				}
				if ia, isIdx := x.Addr.(*ssa.IndexAddr); isIdx {
					if a, isAlloc := ia.X.(*ssa.Alloc); isAlloc && !appended(a) {
						continue // into the argument array of a variadic call (the read or the check)
					}
				}
				return false
			case *ssa.MakeInterface:
				if !ok(x, depth+1) {
					return false
				}
			case *ssa.FieldAddr, *ssa.Field, *ssa.TypeAssert, *ssa.ChangeType, *ssa.IndexAddr, *ssa.Index:
				if !ok(x.(ssa.Value), depth+1) {
					return false
				}
			case *ssa.UnOp:
				if !ok(x, depth+1) {
					return false
				}
			case *ssa.Phi:
				if !ok(x, depth+1) {
					return false
				}
			case ssa.CallInstruction:
				if s.isSiteOf(x, root) || f.site != nil && f.site.instr == x {
					continue // the read itself, or the check
				}
				if s.writesInto(x, v) {
					continue // completing the read (Decode(&row), Scan(&row.ID))
				}
				if call, isCall := x.(*ssa.Call); isCall && stepsOn(call, v) {
					// An iterator step (it.Next()): the row it yields must be
					// checked before use too.
					if !ok(call, depth+1) {
						return false
					}
					continue
				}
				return false
			default:
				return false
			}
		}
		return true
	}
	return ok(root, 0)
}

// appended reports whether the array a is the variadic argument of an
// append: what is stored in it is kept, not read or checked.
func appended(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		sl, ok := r.(*ssa.Slice)
		if !ok || sl.Referrers() == nil {
			continue
		}
		for _, u := range *sl.Referrers() {
			if c, ok := u.(*ssa.Call); ok {
				if b, ok := c.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
					return true
				}
			}
		}
	}
	return false
}

// stepsOn reports whether call is a method call on v, of v's own package,
// yielding a value (an iterator's Next): the next row of the read.
func stepsOn(call *ssa.Call, v ssa.Value) bool {
	cc := call.Call
	if cc.Signature().Results().Len() != 1 || isError(cc.Signature().Results().At(0).Type()) {
		return false
	}
	if cc.IsInvoke() {
		return cc.Value == v
	}
	callee := cc.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || len(cc.Args) == 0 || cc.Args[0] != v {
		return false
	}
	n := namedOf(v.Type())
	return n != nil && callee.Pkg != nil && n.Obj().Pkg() == callee.Pkg.Pkg
}

func indexOf(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// isSiteOf reports whether call is the read that produced root (the sink
// call itself, or the call a destination pointer was passed to).
func (s *funcState) isSiteOf(call ssa.CallInstruction, root ssa.Value) bool {
	if v, ok := call.(*ssa.Call); ok && v == root {
		return true
	}
	c := s.sites[call]
	return c != nil && c.model != nil && len(c.model.Sinks) > 0
}

// readsInto reports whether sink call c reads into root (its destination).
func (s *funcState) readsInto(c *callSite, root ssa.Value) bool {
	for _, sk := range c.model.Sinks {
		if s.readRoot(c, sk.ReadOperand()) == root {
			return true
		}
	}
	return false
}

// writesInto reports whether call writes into v through a modelled
// propagator's out operand (a decoder filling the row).
func (s *funcState) writesInto(call ssa.CallInstruction, v ssa.Value) bool {
	c := s.sites[call]
	if c == nil {
		if cv, ok := call.(*ssa.Call); ok {
			c = s.resolve(cv, &cv.Call, cv, cv.Block(), 0)
		} else {
			return false
		}
	}
	if c.model == nil || c.model.Propagator == nil {
		return false
	}
	to := c.model.Propagator.ToOperand()
	if to.Kind != models.Arg {
		return false
	}
	if c.recv == v {
		return true // decoding the read result into its destination
	}
	for _, a := range s.values(c, to) {
		if a == v || s.addr(a).root == s.addr(v).root {
			return true
		}
	}
	return false
}
