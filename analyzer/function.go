package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantleak/tenantleak/analyzer/summary"
)

// heapKey names a memory location: an object (its root SSA value) and a
// path of field indices and constant element indices inside it ("" is the
// whole object).
type heapKey struct {
	root ssa.Value
	path string
}

// funcState is the analysis of one function: labels of its SSA values, a
// field-sensitive, flow-insensitive model of the memory it writes, and what
// it found (sink sites, checks). It is rebuilt on every fixed-point round.
type funcState struct {
	pa     *pkgAnalysis
	fn     *ssa.Function
	global bool // shared by design: no findings, no accesses

	labels   map[ssa.Value]*labelSlot
	slots    []labelSlot           // backing store of labels' slots
	round    int32                 // the fixed-point round being computed, from 1 (after: the rounds taken)
	results  map[*ssa.Call][]label // per-result labels of calls with tuples
	heap     map[heapKey]label
	heapKeys map[ssa.Value][]string // paths stored per root, for whole-object loads
	names    map[ssa.Value]string   // local variable names (from DebugRef)
	named    map[ssa.Value]bool     // values held by a tenant-named local variable
	changed  bool

	sites    map[ssa.Instruction]*callSite // calls that are sinks, carry deferred sinks, or are checks
	resolved map[ssa.Instruction]*callSite // every call, resolved once per analysis
	order    []*callSite
	checks   []*checkFact
	byRoot   map[ssa.Value][]*checkFact
	findings []finding
	binds    []int    // parameter handles a scoper binds a trusted tenant on (a hook)
	sinkKeys []string // see sinkKey
	// callResults holds the labels call returns, reused from call to call.
	callResults []label

	sum *summary.Func
}

func newFuncState(pa *pkgAnalysis, fn *ssa.Function) *funcState {
	return &funcState{pa: pa, fn: fn}
}

// analyze computes labels to a fixed point, then checks, sinks and the
// summary. Findings go to pa; the summary to s.sum.
func (s *funcState) analyze() {
	n := len(s.fn.Params) + len(s.fn.FreeVars)
	for _, b := range s.fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.DebugRef); !ok {
				n++
			}
		}
	}
	s.labels = make(map[ssa.Value]*labelSlot, n) // values get labels, debug references none: no regrowth
	s.slots = make([]labelSlot, 0, n)
	s.results = map[*ssa.Call][]label{}
	s.heap = map[heapKey]label{}
	s.heapKeys = map[ssa.Value][]string{}
	s.global = s.pa.isGlobalFunc(s.fn)
	s.collectNames()
	s.initParams()
	blocks := s.fn.DomPreorder()
	for round := 1; round <= 6; round++ {
		s.round = int32(round)
		s.changed = false
		if s.sites == nil {
			s.sites = map[ssa.Instruction]*callSite{}
		} else {
			clear(s.sites)
		}
		s.order = s.order[:0]
		for _, b := range blocks {
			for i, instr := range b.Instrs {
				s.transfer(instr, b, i)
			}
		}
		if !s.changed {
			break
		}
	}
	s.findChecks()
	s.sum = &summary.Func{Global: s.global}
	s.evaluateSites()
	s.summarize()
}

// localNames are the names of a function's local variables: its SSA and
// the configuration decide them, so they are collected once per function.
type localNames struct {
	names map[ssa.Value]string
	named map[ssa.Value]bool
}

func (s *funcState) collectNames() {
	if ln, ok := s.pa.localNames[s.fn]; ok {
		s.names, s.named = ln.names, ln.named
		return
	}
	s.names = map[ssa.Value]string{}
	s.named = map[ssa.Value]bool{}
	defer func() {
		if s.pa.localNames == nil {
			s.pa.localNames = map[*ssa.Function]localNames{}
		}
		s.pa.localNames[s.fn] = localNames{s.names, s.named}
	}()
	for _, b := range s.fn.Blocks {
		for _, instr := range b.Instrs {
			ref, ok := instr.(*ssa.DebugRef)
			if !ok || ref.IsAddr {
				continue
			}
			v, ok := ref.Object().(*types.Var)
			if !ok || v.IsField() {
				continue
			}
			if _, seen := s.names[ref.X]; !seen {
				s.names[ref.X] = v.Name()
			}
			if s.pa.env.tenantValueType(v.Name(), ref.X.Type(), false) {
				s.named[ref.X] = true
			}
		}
	}
}

func (s *funcState) initParams() {
	env := s.pa.env
	isMethod := s.fn.Signature.Recv() != nil
	for i, p := range s.fn.Params {
		c := comp{root: p, param: int16(i), flags: fParam}
		if isMethod && i == 0 {
			c.flags |= fRecv
		}
		if isContext(p.Type()) {
			c.flags |= fCtx
		}
		role := env.typeRole(p.Type())
		if role.Source || env.tenantValueType(p.Name(), p.Type(), false) {
			c.flags |= fTenant
		}
		if role.Untrusted {
			c.flags |= fUntrusted
		}
		s.put(p, label{comps: []comp{c}})
	}
	if parent := s.fn.Parent(); parent != nil {
		s.bindFreeVars(parent)
		s.bindCallbackParams()
	}
}

// bindFreeVars gives a closure's free variables the labels of the values its
// parent bound to them. Parameters of the parent are not parameters here, so
// their components lose the parameter index: a captured tenantID is a tenant
// the closure holds, judged inside it.
func (s *funcState) bindFreeVars(parent *ssa.Function) {
	ps := s.pa.states[parent]
	for _, mc := range s.pa.makeClosures[s.fn] {
		for i, b := range mc.Bindings {
			if i >= len(s.fn.FreeVars) {
				break
			}
			fv := s.fn.FreeVars[i]
			var l label
			if ps != nil {
				l = ps.labelOf(b)
				// Captured variables are addresses: carry what the parent stored there.
				for _, path := range ps.heapKeys[b] {
					hl := ps.heap[heapKey{b, path}]
					s.heap[heapKey{fv, path}] = union(s.heap[heapKey{fv, path}], unparam(hl))
					s.heapKeys[fv] = appendUnique(s.heapKeys[fv], path)
				}
				// A spilled parameter: what the parent stored in its
				// fields, under "*" (see addr).
				if a, ok := b.(*ssa.Alloc); ok && s.pa.spilledFreeVar(fv) {
					if p := s.pa.spilledParam(a); p != nil {
						for _, path := range ps.heapKeys[p] {
							k := heapKey{fv, "*" + path}
							s.heap[k] = union(s.heap[k], unparam(ps.heap[heapKey{p, path}]))
							s.heapKeys[fv] = appendUnique(s.heapKeys[fv], k.path)
						}
					}
				}
			} else {
				l = label{comps: []comp{{root: fv, param: -1, flags: fOpaque}}}
			}
			l = unparam(l)
			l.add(comp{root: fv, param: -1})
			old, _ := s.stored(fv)
			s.put(fv, union(old, l))
		}
	}
	for _, fv := range s.fn.FreeVars {
		if _, ok := s.stored(fv); !ok {
			c := comp{root: fv, param: -1, flags: fOpaque}
			if s.pa.env.tenantValueType(fv.Name(), fv.Type(), false) {
				c.flags |= fTenant
			}
			s.put(fv, label{comps: []comp{c}})
		}
	}
}

func unparam(l label) label {
	out := l.clone()
	for i := range out.comps {
		if out.comps[i].flags&fParam != 0 {
			out.comps[i].flags &^= fParam | fParamPart | fRecv
			out.comps[i].param = -1
		}
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// A labelSlot holds a value's label and the round that last read it or
// the memory it is the root of. A slot that changes after it was read in
// the same round means that round used a stale label: it is repeated.
// Otherwise another round would read the same labels and compute the
// same ones, so the round is the fixed point.
type labelSlot struct {
	l    label
	has  bool  // l is computed (a slot may hold only a read mark)
	read int32 // the round that last read it
}

// slot returns v's slot, made empty if v has none.
func (s *funcState) slot(v ssa.Value) *labelSlot {
	if sl := s.labels[v]; sl != nil {
		return sl
	}
	var sl *labelSlot
	if len(s.slots) < cap(s.slots) {
		s.slots = s.slots[:len(s.slots)+1]
		sl = &s.slots[len(s.slots)-1]
	} else {
		sl = new(labelSlot)
	}
	s.labels[v] = sl
	return sl
}

// stored returns v's computed label without marking it read: for setup
// before the rounds and for judging after them.
func (s *funcState) stored(v ssa.Value) (label, bool) {
	if sl := s.labels[v]; sl != nil && sl.has {
		return sl.l, true
	}
	return label{}, false
}

// put sets v's label outside the rounds (parameters, free variables).
func (s *funcState) put(v ssa.Value, l label) {
	sl := s.slot(v)
	sl.l, sl.has = l, true
}

// markRead records that this round read v's label or its memory.
func (s *funcState) markRead(v ssa.Value) {
	s.slot(v).read = s.round
}

// finalLabel is v's label after the rounds, as judging reads it: an
// object's or address's label is what its memory holds (see labelOf).
func (s *funcState) finalLabel(v ssa.Value) label {
	switch v.(type) {
	case *ssa.Alloc, *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeChan, *ssa.FieldAddr, *ssa.IndexAddr:
		return s.labelOf(v)
	}
	l, _ := s.stored(v)
	return l
}

// labelOf returns the current label of v and marks it read.
func (s *funcState) labelOf(v ssa.Value) label {
	sl := s.labels[v]
	if _, stored := s.heapKeys[v]; stored {
		// An object is what it holds now: a label computed when the
		// instruction was visited would miss the stores after it (a hash
		// written to, a decoder's destination).
		c, _ := s.contents(heapKey{root: v}) // marks v read
		if sl != nil && sl.has {
			return union(sl.l, c)
		}
		return union(label{comps: []comp{{root: v, param: -1}}}, c)
	}
	if sl != nil {
		sl.read = s.round
		if sl.has {
			return sl.l
		}
	}
	switch x := v.(type) {
	case *ssa.FieldAddr, *ssa.IndexAddr:
		// An address is what its location holds when it is used, after
		// the stores that follow it (a variadic call's arguments).
		return s.load(v, v)
	case *ssa.Const:
		return constLabel(x)
	case *ssa.Global:
		return s.globalLabel(x)
	case ssa.Instruction:
		if sl == nil {
			s.markRead(v) // not computed yet this round (a back edge)
		}
	}
	return label{}
}

// The labels of constants, shared: a label handed out is never changed in
// place (a caller copies it first, as with, without, clone and union do).
var (
	constZero  = label{comps: []comp{{param: -1, flags: fConst | fZero}}}
	constSep   = label{comps: []comp{{param: -1, flags: fConst}}, endsSep: true}
	constPlain = label{comps: []comp{{param: -1, flags: fConst}}}
)

func constLabel(c *ssa.Const) label {
	switch {
	case c.Value == nil || c.IsNil() || isZeroConst(c):
		return constZero // "" does not end at a separator
	case c.Value.Kind() == constant.String && endsAtSeparator(constant.StringVal(c.Value)):
		return constSep
	}
	return constPlain
}

func isZeroConst(c *ssa.Const) bool {
	switch c.Value.Kind() {
	case constant.String:
		return constant.StringVal(c.Value) == ""
	case constant.Int:
		return constant.Sign(c.Value) == 0
	case constant.Bool:
		return !constant.BoolVal(c.Value)
	}
	return false
}

func endsAtSeparator(s string) bool {
	return strings.HasSuffix(s, "/") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "\\") || strings.HasSuffix(s, "|")
}

// globalLabel is the label of a package variable's address: its origin is
// unseen, so its name decides.
func (s *funcState) globalLabel(g *ssa.Global) label {
	c := comp{root: g, param: -1, flags: fOpaque}
	t := pointee(g.Type())
	if t == nil {
		return label{comps: []comp{{root: g, param: -1, flags: fOpaque}}}
	}
	if s.pa.env.tenantValueType(g.Name(), t, false) {
		c.flags |= fTenant
	}
	if s.pa.isStoreObject(g.Pkg.Pkg.Path(), "", g.Name()) {
		c.flags |= fStore
	}
	return label{comps: []comp{c}}
}

// set sets v's label in a round; a change after a read this round means
// another round.
func (s *funcState) set(v ssa.Value, l label) {
	if s.named[v] {
		l = nameFallback(v, l)
	}
	sl := s.slot(v)
	if sl.has && equalLabels(sl.l, l) {
		return
	}
	sl.l, sl.has = l, true
	if sl.read == s.round {
		s.changed = true
	}
}

// nameFallback applies a tenant-named local variable's name to the value it
// holds when the value's origin is unseen (an opaque call, a context value)
// or is request input (then it is an untrusted tenant value).
func nameFallback(v ssa.Value, l label) label {
	if l.hasTrustedTenant() {
		return l
	}
	if l.has(fUntrusted) {
		out := l.clone()
		for i := range out.comps {
			if out.comps[i].flags&fUntrusted != 0 {
				out.comps[i].flags |= fTenant
			}
		}
		return out
	}
	if l.has(fOpaque) {
		out := l.clone()
		out.add(comp{root: v, param: -1, flags: fTenant})
		return out
	}
	if l.has(fRead) {
		// A value read from a row (scanned into tenantID): a tenant value,
		// but of a row nothing here verified.
		out := l.clone()
		out.add(comp{root: v, param: -1, flags: fTenant | fWeak})
		return out
	}
	return l
}

func (s *funcState) store(k heapKey, l label) {
	old, ok := s.heap[k]
	n := union(old, l)
	if ok && equalLabels(old, n) {
		return
	}
	s.heap[k] = n
	if !ok {
		s.heapKeys[k.root] = append(s.heapKeys[k.root], k.path)
	}
	if sl := s.labels[k.root]; sl != nil && sl.read == s.round {
		s.changed = true
	}
}

// addr resolves a pointer-valued SSA value to the memory location it points
// to. Locations are canonical: two FieldAddr instructions for the same field
// of the same object give the same key.
func (s *funcState) addr(v ssa.Value) heapKey {
	for depth := 0; depth < 16; depth++ {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			k := s.addr(x.X)
			k.path += "." + strconv.Itoa(x.Field)
			return k
		case *ssa.IndexAddr:
			k := s.addr(x.X)
			k.path += indexPath(x.Index)
			return k
		case *ssa.Slice:
			v = x.X
			continue
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.Convert:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op != token.MUL {
				break
			}
			// A load of a spilled parameter is the parameter (spill.go).
			switch y := x.X.(type) {
			case *ssa.Alloc:
				if !y.Heap {
					break // only a captured variable is spilled
				}
				if p := s.pa.spilledParam(y); p != nil {
					return heapKey{root: p}
				}
			case *ssa.FreeVar:
				if s.pa.spilledFreeVar(y) {
					return heapKey{root: y, path: "*"}
				}
			}
		}
		return heapKey{root: v}
	}
	return heapKey{root: v}
}

func indexPath(idx ssa.Value) string {
	if c, ok := idx.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
		if n, ok := constant.Int64Val(c.Value); ok {
			return "[" + strconv.FormatInt(n, 10) + "]"
		}
	}
	return "[*]"
}

// contents returns what is stored at k: stores to k itself, to every
// enclosing location (a whole-object write by a decoder), to every location
// inside it (when a whole struct is loaded), and to unknown indices.
func (s *funcState) contents(k heapKey) (l label, direct bool) {
	s.markRead(k.root)
	readWild := strings.Contains(k.path, "[*]") // for wildcardMatch, once
	for _, p := range s.heapKeys[k.root] {
		switch {
		case p == k.path:
			direct = true
		case strings.HasPrefix(k.path, p) && (p == "" || k.path[len(p)] == '.' || k.path[len(p)] == '['):
			// enclosing location
		case strings.HasPrefix(p, k.path):
			direct = true // a part of what we load was written
		case (readWild || strings.Contains(p, "[*]")) && wildcardMatch(p, k.path):
			direct = true
		default:
			continue
		}
		l.merge(s.heap[heapKey{k.root, p}])
	}
	return l, direct
}

// wildcardMatch reports whether a path written with an unknown index ("[*]")
// may be the path read.
func wildcardMatch(written, read string) bool {
	if !strings.Contains(written, "[*]") && !strings.Contains(read, "[*]") {
		return false
	}
	norm := func(p string) string {
		var b strings.Builder
		for i := 0; i < len(p); i++ {
			if p[i] == '[' {
				j := strings.IndexByte(p[i:], ']')
				if j < 0 {
					break
				}
				b.WriteString("[*]")
				i += j
				continue
			}
			b.WriteByte(p[i])
		}
		return b.String()
	}
	return norm(written) == norm(read) || strings.HasPrefix(norm(read), norm(written))
}

// load is the label of the value read through pointer a.
func (s *funcState) load(a ssa.Value, at ssa.Value) label {
	k := s.addr(a)
	l, direct := s.contents(k)
	if direct && k.path != "" {
		return l
	}
	return union(l, s.unseenContents(k, a, at))
}

// unseenContents is what a location holds when this function did not write
// it: what its object carries, with tenant-ness decided by the field's name
// and the models' field roles (names are the fallback for unseen origins).
func (s *funcState) unseenContents(k heapKey, a ssa.Value, at ssa.Value) label {
	var base label
	if strings.HasPrefix(k.path, "*") {
		// The pointee of a spilled parameter (addr): the parameter the
		// captured variable holds.
		s.markRead(k.root)
		base = s.heap[heapKey{root: k.root}]
		if k.path == "*" {
			return base
		}
	} else {
		base = s.labelOf(k.root)
	}
	if k.path == "" {
		if _, isAlloc := k.root.(*ssa.Alloc); isAlloc {
			return label{comps: []comp{{root: k.root, param: -1}}}
		}
		return base
	}
	fa, ok := a.(*ssa.FieldAddr)
	if !ok {
		// An element: it carries what its container carries.
		return elementOf(base)
	}
	st := structOf(fa.X.Type())
	if st == nil || fa.Field >= st.NumFields() {
		return elementOf(base)
	}
	return s.fieldOf(base, fa.X.Type(), st.Field(fa.Field), k.root, at)
}

// elementOf is the label of an element of a container (a slice, an array,
// a map): what the container holds, tenant values included.
func elementOf(base label) label {
	out := base.without(fCtx | fZero | fConst | fStore)
	for i := range out.comps {
		if out.comps[i].flags&fParam != 0 {
			out.comps[i].flags |= fParamPart
		}
	}
	return out
}

// fieldBase is what a field of a struct carries from the struct: its
// origins, but not the struct's tenant-ness (project.Name is no tenant
// value); the field's own name decides that.
func fieldBase(base label) label {
	out := elementOf(base)
	out.clear(fTenant)
	return out
}

// fieldOf is the label of field f read from a value whose label is base and
// whose type is baseType: its origins, with tenant-ness from the field (a
// tenant-named or configured field, or the ID of a tenant struct), never
// from the struct (project.Name is not a tenant value).
func (s *funcState) fieldOf(base label, baseType types.Type, f *types.Var, root ssa.Value, at ssa.Value) label {
	fr := s.pa.fieldRole(baseType, f)
	if fr.nullable {
		return base // the value of a nullable tenant ID (pgtype.Text.String) is the tenant ID
	}
	out := fieldBase(base)
	if fr.untrusted {
		// Each read of request input is its own origin: a check on one
		// query parameter proves nothing of another.
		return label{comps: []comp{{root: at, param: -1, flags: fUntrusted}}}
	}
	if fr.store {
		out.add(comp{root: root, param: -1, flags: fStore})
	}
	if fr.tenant {
		flags := fTenant | base.all()&(fUntrusted|fParam|fRecv)
		if base.has(fParam) {
			flags |= fParamPart
		}
		if !fr.source && !s.strongBase(base, root) {
			flags |= fWeak
		}
		c := comp{root: root, param: -1, flags: flags}
		for _, bc := range base.comps {
			if bc.root == root && bc.flags&fParam != 0 {
				c.param = bc.param
			}
		}
		if c.flags&fParam == 0 {
			c.param = -1
		}
		out.add(c)
	}
	return out
}

// fieldKey is a field read from a value of type t.
type fieldKey struct {
	t types.Type
	f *types.Var
}

// fieldInfo is what fieldOf learns from a field's declaration, names and
// models: the same at every read.
type fieldInfo struct {
	nullable                 bool // the value field of a nullable tenant ID
	source, untrusted, store bool
	tenant                   bool // a tenant value by its name, role or type
}

// fieldRole returns what fieldOf needs of field f of baseType, computed
// once per package.
func (pa *pkgAnalysis) fieldRole(baseType types.Type, f *types.Var) fieldInfo {
	k := fieldKey{baseType, f}
	if fi, ok := pa.fields[k]; ok {
		return fi
	}
	env := pa.env
	var fi fieldInfo
	if i := env.nullableValueField(baseType); i >= 0 && structOf(baseType).Field(i) == f {
		fi.nullable = true
	} else {
		if n := namedOf(baseType); n != nil && n.Obj().Pkg() != nil {
			r := env.models.Field(n.Obj().Pkg().Path(), n.Obj().Name(), f.Name())
			fi.source, fi.untrusted, fi.store = r.Source, r.Untrusted, r.Store
		}
		fi.tenant = fi.source || env.tenantValueType(f.Name(), f.Type(), false) ||
			env.tenantStruct(baseType) && isIDName(f.Name()) && env.identity(f.Type(), false) ||
			env.typeRole(f.Type()).Source
	}
	if pa.fields == nil {
		pa.fields = map[fieldKey]fieldInfo{}
	}
	pa.fields[k] = fi
	return fi
}

// strongBase reports whether a tenant-named field read from base is a
// tenant value the function holds (a parameter's, a source's, a package
// variable's) rather than data it just read (a row fetched by id), which is
// a tenant value too but cannot vouch for anything in a check.
func (s *funcState) strongBase(base label, root ssa.Value) bool {
	if strongRoot(root) {
		return true
	}
	for _, c := range base.comps {
		if c.flags&fParam != 0 || c.trustedTenant() && c.flags&fWeak == 0 || c.root != nil && strongRoot(c.root) {
			return true
		}
	}
	return false
}

// strongRoot reports whether an origin is something the function holds
// rather than data it read: a parameter, a package variable, a value the
// middleware put in the context (ctx.Value(claimsKey)), or the result of a
// context accessor (SessionFrom(ctx)).
func strongRoot(v ssa.Value) bool {
	switch r := v.(type) {
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
		return true
	case *ssa.Call:
		if r.Call.IsInvoke() {
			return isContext(r.Call.Value.Type())
		}
		if len(r.Call.Args) == 0 {
			return false
		}
		for _, a := range r.Call.Args {
			if !isContext(a.Type()) && !requestCarrier(a.Type()) {
				return false
			}
		}
		return true
	}
	return false
}

// requestCarrier reports whether t is a request that carries a context
// (its method Context() returns one: *http.Request, fiber's Ctx): a helper
// given only requests and contexts (sessionOf(r)) reads what the middleware
// put there, as a context source does.
func requestCarrier(t types.Type) bool {
	ptr := false
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	key := carrierKey{n.Obj(), ptr}
	if v, ok := carriers.Load(key); ok {
		return v.(bool)
	}
	var mt types.Type = n
	if ptr {
		mt = types.NewPointer(n)
	}
	found := false
	if sel := types.NewMethodSet(mt).Lookup(nil, "Context"); sel != nil {
		sig, ok := sel.Type().(*types.Signature)
		found = ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && isContext(sig.Results().At(0).Type())
	}
	carriers.Store(key, found)
	return found
}

// carriers caches requestCarrier by named type: method sets are costly to
// build and the same few types (*http.Request) come up at every call.
var carriers sync.Map // carrierKey → bool

type carrierKey struct {
	obj *types.TypeName
	ptr bool
}

func isIDName(n string) bool {
	switch n {
	case "ID", "Id", "UUID", "Uuid", "Key", "Slug":
		return true
	}
	return false
}

// transfer computes the label of one instruction.
func (s *funcState) transfer(instr ssa.Instruction, b *ssa.BasicBlock, idx int) {
	switch v := instr.(type) {
	case *ssa.Alloc:
		// The object itself: labelOf adds what is stored in it when it is
		// read, so stores after this point need no second round.
		s.set(v, label{comps: []comp{{root: v, param: -1}}})
	case *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeChan:
		val := v.(ssa.Value)
		s.set(val, label{comps: []comp{{root: val, param: -1}}})
	case *ssa.FieldAddr, *ssa.IndexAddr:
		// Computed where used (labelOf).
	case *ssa.UnOp:
		switch v.Op {
		case token.MUL:
			s.set(v, s.load(v.X, v))
		case token.ARROW:
			l := s.labelOf(v.X).clone()
			l.add(comp{root: v, param: -1, flags: fOpaque})
			s.set(v, l)
		case token.NOT:
			s.set(v, label{})
		default:
			s.set(v, s.labelOf(v.X))
		}
	case *ssa.BinOp:
		switch v.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			s.set(v, label{})
		default:
			l := union(s.labelOf(v.X), s.labelOf(v.Y))
			l.clear(fConst | fZero) // as without, on the fresh union
			l.endsSep = s.labelOf(v.Y).endsSep
			l.cleaned = false
			s.set(v, l)
		}
	case *ssa.Phi:
		var ops []label
		for _, e := range v.Edges {
			if e == v {
				continue
			}
			if _, computed := s.stored(e); !computed {
				switch e.(type) {
				case *ssa.Const, *ssa.Global, *ssa.Function, *ssa.FieldAddr, *ssa.IndexAddr:
				default:
					s.markRead(e)
					continue // a back edge not yet computed
				}
			}
			l := s.labelOf(e)
			if l.has(fZero) && !l.hasTrustedTenant() && len(v.Edges) > 1 {
				// A zero default is neutral for tenant-ness: an empty tenant
				// bound to a predicate matches no tenant's rows.
				l = l.without(0)
				l.comps = nil
			}
			ops = append(ops, l)
		}
		s.set(v, mergePhi(ops))
	case *ssa.Call:
		res := s.call(v, &v.Call, instr, b, idx)
		if len(res) > 1 {
			old := s.results[v]
			same := len(old) == len(res)
			for i := range res {
				if !same || !equalLabels(old[i], res[i]) {
					same = false
				}
			}
			if !same {
				s.results[v] = slices.Clone(res)
				if sl := s.labels[v]; sl != nil && sl.read == s.round {
					s.changed = true
				}
			}
			var all label
			for _, r := range res {
				all.merge(r)
			}
			s.set(v, all)
		} else if len(res) == 1 {
			s.set(v, res[0])
		} else {
			s.set(v, label{})
		}
	case *ssa.Go:
		s.call(nil, &v.Call, instr, b, idx)
	case *ssa.Defer:
		s.call(nil, &v.Call, instr, b, idx)
	case *ssa.Extract:
		s.set(v, s.extract(v))
	case *ssa.TypeAssert:
		if v.CommaOk {
			s.set(v, s.labelOf(v.X))
		} else {
			s.set(v, s.labelOf(v.X))
		}
	case *ssa.ChangeType:
		s.set(v, s.labelOf(v.X))
	case *ssa.Convert:
		l := s.labelOf(v.X)
		if c, ok := v.X.(*ssa.Const); ok && isString(v.Type()) && c.Value != nil && c.Value.Kind() == constant.Int {
			// string(filepath.Separator)
			if r, ok := constant.Int64Val(c.Value); ok {
				l.endsSep = endsAtSeparator(string(rune(r)))
			}
		}
		s.set(v, l)
	case *ssa.MultiConvert:
		s.set(v, s.labelOf(v.X))
	case *ssa.ChangeInterface:
		s.set(v, s.labelOf(v.X))
	case *ssa.MakeInterface:
		s.set(v, s.labelOf(v.X))
	case *ssa.SliceToArrayPointer:
		s.set(v, s.labelOf(v.X))
	case *ssa.Slice:
		l := s.labelOf(v.X)
		if isString(v.X.Type()) && (v.Low != nil || v.High != nil) {
			l = l.with(fDropped)
		}
		s.set(v, l)
	case *ssa.Field:
		s.set(v, s.field(v))
	case *ssa.Index:
		s.set(v, elementOf(s.labelOf(v.X)))
	case *ssa.Lookup:
		s.set(v, s.lookup(v))
	case *ssa.Range:
		s.set(v, s.labelOf(v.X))
	case *ssa.Next:
		s.set(v, s.labelOf(v.Iter))
	case *ssa.Select:
		s.set(v, label{comps: []comp{{root: v, param: -1, flags: fOpaque}}})
	case *ssa.MakeClosure:
		// A closure carries what it captured (a scope function built from
		// the tenant).
		var l label
		for _, b := range v.Bindings {
			l.merge(s.labelOf(b))
		}
		l.clear(fConst | fZero | fCtx)
		s.set(v, l)
	case *ssa.Store:
		dst := s.addr(v.Addr)
		if ld, ok := v.Val.(*ssa.UnOp); ok && ld.Op == token.MUL && structOf(v.Val.Type()) != nil {
			// A struct copied from memory (c := Comment{...}; j := *row):
			// field by field, so each field keeps its own label.
			src := s.addr(ld.X)
			s.markRead(src.root)
			copied := false
			for _, p := range append([]string(nil), s.heapKeys[src.root]...) {
				if p != src.path && strings.HasPrefix(p, src.path) {
					s.store(heapKey{dst.root, dst.path + p[len(src.path):]}, s.heap[heapKey{src.root, p}])
					copied = true
				}
			}
			if copied {
				break
			}
		}
		s.store(dst, s.labelOf(v.Val))
	case *ssa.MapUpdate:
		k := s.addr(v.Map)
		k.path += mapKeyPath(v.Key)
		s.store(k, s.labelOf(v.Value))
	case *ssa.Send:
		s.store(s.addr(v.Chan), s.labelOf(v.X))
	}
}

func mapKeyPath(key ssa.Value) string {
	if c, ok := key.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String {
		return "[" + strconv.Quote(constant.StringVal(c.Value)) + "]"
	}
	return "[*]"
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func (s *funcState) extract(v *ssa.Extract) label {
	switch t := v.Tuple.(type) {
	case *ssa.Call:
		s.markRead(t)
		if res, ok := s.results[t]; ok && v.Index < len(res) {
			return res[v.Index]
		}
		if v.Index == 0 {
			return s.labelOf(t)
		}
		return label{comps: []comp{{root: t, param: -1}}}
	case *ssa.TypeAssert, *ssa.Lookup, *ssa.UnOp:
		if v.Index == 0 {
			return s.labelOf(t)
		}
		return label{}
	case *ssa.Next:
		if v.Index == 0 {
			return label{}
		}
		return elementOf(s.labelOf(t))
	}
	return s.labelOf(v.Tuple)
}

// field is the label of a field of a struct value.
func (s *funcState) field(v *ssa.Field) label {
	st := structOf(v.X.Type())
	if st == nil || v.Field >= st.NumFields() {
		return elementOf(s.labelOf(v.X))
	}
	// A field of a struct loaded from memory is that memory's field.
	if ld, ok := v.X.(*ssa.UnOp); ok && ld.Op == token.MUL {
		k := s.addr(ld.X)
		k.path += "." + strconv.Itoa(v.Field)
		if l, direct := s.contents(k); direct {
			return l
		}
	}
	root := v.X
	for _, c := range s.labelOf(v.X).comps {
		if c.root != nil {
			root = c.root
			break
		}
	}
	return s.fieldOf(s.labelOf(v.X), v.X.Type(), st.Field(v.Field), root, v)
}

// lookup is the label of m[k] or s[i]: the map's stored values, or, unseen,
// the map's origins with tenant-ness from a constant key's name
// (claims["tenant_id"]).
func (s *funcState) lookup(v *ssa.Lookup) label {
	base := s.labelOf(v.X)
	if isString(v.X.Type()) {
		return base.with(fDropped)
	}
	k := s.addr(v.X)
	k.path += mapKeyPath(v.Index)
	if l, direct := s.contents(k); direct {
		return l
	}
	out := elementOf(base)
	if c, ok := v.Index.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String {
		if s.pa.env.tenantName(constant.StringVal(c.Value)) {
			flags := fTenant | base.all()&fUntrusted
			if !s.strongBase(base, k.root) {
				flags |= fWeak
			}
			out.add(comp{root: k.root, param: -1, flags: flags})
		}
	}
	return out
}

// summarize turns the function's results, deferred sinks and checks into
// its summary.
func (s *funcState) summarize() {
	nres := s.fn.Signature.Results().Len()
	per := make([][]label, nres)
	var rets []*ssa.Return
	for _, b := range s.fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		rets = append(rets, ret)
		for i, r := range ret.Results {
			if i >= nres {
				break
			}
			l := s.upgrade(s.labelOf(r), b, len(b.Instrs)-1, false)
			if l.has(fZero) && !l.hasTrustedTenant() && len(l.comps) == 1 {
				continue // a zero result (nil next to an error) is neutral, as in the phi rule
			}
			per[i] = append(per[i], l)
		}
	}
	s.sum.Results = make([]summary.Value, nres)
	for i := range per {
		s.sum.Results[i] = toValue(mergePhi(per[i]))
	}
	for _, ret := range rets {
		for i, r := range ret.Results {
			if i < nres && s.pa.scopeFunc(r) {
				s.sum.Results[i].ScopeFunc = true
			}
		}
	}
	s.sum.Check = s.checkSummary(rets)
	s.sum.Invokes = s.invokes()
	if len(s.binds) > 0 {
		s.sum.Binds = append([]int(nil), s.binds...)
		sort.Ints(s.sum.Binds)
	}
	if s.global {
		s.sum.Sinks = nil
	}
}

// invokes summarises the calls of the function's func-typed parameters
// whose arguments carry a tenant or a scope (a scoped tx given to a
// callback), merging the calls of one parameter.
func (s *funcState) invokes() []summary.Invoke {
	var out []summary.Invoke
	for _, b := range s.fn.Blocks {
		for i, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || call.Call.IsInvoke() {
				continue
			}
			p, ok := call.Call.Value.(*ssa.Parameter)
			if !ok {
				continue
			}
			idx := -1
			for j, q := range s.fn.Params {
				if q == p {
					idx = j
				}
			}
			if idx < 0 {
				continue
			}
			args := make([]summary.Value, len(call.Call.Args))
			keep := false
			for j, a := range call.Call.Args {
				v := toValue(s.upgrade(s.labelOf(a), b, i, false))
				if v.Flags&(fScoped|fTenant) != 0 && v.Flags&fUntrusted == 0 {
					keep = true
				}
				for _, f := range v.Flows {
					if f.Via&fScoped != 0 {
						keep = true
					}
				}
				args[j] = v
			}
			if !keep {
				continue
			}
			merged := false
			for k := range out {
				if out[k].Param == idx && len(out[k].Args) == len(args) {
					// Another call of the same callback: what holds on every call.
					for j := range args {
						if !reflect.DeepEqual(out[k].Args[j], args[j]) {
							out[k].Args[j] = summary.Value{}
						}
					}
					merged = true
				}
			}
			if !merged {
				out = append(out, summary.Invoke{Param: idx, Args: args})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Param < out[j].Param })
	return out
}

// bindCallbackParams gives a closure's parameters what the function it is
// passed to gives them when it calls it (a tenant-scoped tx), from that
// callee's summary and the caller's arguments.
func (s *funcState) bindCallbackParams() {
	for _, mc := range s.pa.makeClosures[s.fn] {
		refs := mc.Referrers()
		if refs == nil {
			continue
		}
		for _, ref := range *refs {
			call, ok := ref.(*ssa.Call)
			if !ok || call.Call.IsInvoke() {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil {
				continue
			}
			sum := s.pa.sums[callee]
			if sum == nil {
				if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != s.pa.pass.Pkg {
					sum = s.pa.importedSummary(obj)
				}
			}
			if sum == nil || len(sum.Invokes) == 0 {
				continue
			}
			caller := s.pa.states[call.Parent()]
			for k, a := range call.Call.Args {
				if a != mc {
					continue
				}
				for _, inv := range sum.Invokes {
					if inv.Param != k {
						continue
					}
					for j, v := range inv.Args {
						if j >= len(s.fn.Params) {
							break
						}
						p := s.fn.Params[j]
						var l label
						if v.Flags&(fScoped|fTenant) != 0 {
							l.add(comp{root: p, param: -1, flags: v.Flags &^ (fParam | fParamPart | fRecv | fCtx)})
						}
						for _, f := range v.Flows {
							if caller == nil || f.Param >= len(call.Call.Args) {
								continue
							}
							al := caller.labelOf(call.Call.Args[f.Param])
							if f.Via&fScoped != 0 {
								al = scopedTenant(al)
							}
							l = union(l, al)
						}
						l = unparam(l)
						for i := range l.comps {
							if l.comps[i].flags&fScoped != 0 {
								// A scoped handle, not a tenant value the
								// closure holds.
								l.comps[i].flags &^= fTenant
							}
						}
						if !l.empty() {
							old, _ := s.stored(p)
							s.put(p, union(old, l))
						}
					}
				}
			}
		}
	}
}

// toValue converts a result's label: components from parameters become
// flows, the rest internal flags.
func toValue(l label) summary.Value {
	var v summary.Value
	for _, c := range l.comps {
		if c.flags&fParam != 0 && c.param >= 0 {
			via := c.flags & (viaFlags | fParamPart | fScoped | fBound | fUnscoped)
			if c.flags&fTenant != 0 {
				if c.flags&fParamPart != 0 {
					via |= fTenant // a tenant-named field of the argument
				} else {
					via |= fSlot // the parameter is named as a tenant: a slot
				}
			}
			found := false
			for i := range v.Flows {
				if v.Flows[i].Param == int(c.param) {
					v.Flows[i].Via |= via
					found = true
				}
			}
			if !found {
				v.Flows = append(v.Flows, summary.Flow{Param: int(c.param), Via: via})
			}
			continue
		}
		v.Flags |= c.flags &^ (fParam | fParamPart | fRecv | fCtx | fConst | fZero)
	}
	sortFlows(v.Flows)
	v.EndsSep = l.endsSep
	v.Cleaned = l.cleaned
	v.Name = l.name
	v.Tables = l.tables
	v.Columns = l.columns
	v.Rendered = l.rendered
	return v
}

func sortFlows(f []summary.Flow) {
	for i := 1; i < len(f); i++ {
		for j := i; j > 0 && f[j].Param < f[j-1].Param; j-- {
			f[j], f[j-1] = f[j-1], f[j]
		}
	}
}

// checkSummary derives whether the function is itself a check: on every
// success return (nil error, true, or returning at all) some parameters
// were proven by a check inside it.
func (s *funcState) checkSummary(rets []*ssa.Return) *summary.Check {
	if s.global || len(rets) == 0 {
		return nil
	}
	res := s.fn.Signature.Results()
	success, idx := "return", -1
	switch {
	case res.Len() > 0 && isError(res.At(res.Len()-1).Type()):
		success, idx = "nil", res.Len()-1
	case res.Len() == 1:
		if b, ok := res.At(0).Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
			success, idx = "true", 0
		} else {
			return nil
		}
	case res.Len() > 1:
		return nil
	}
	var proven []int
	first := true
	nSuccess := 0
	for _, ret := range rets {
		b := ret.Block()
		at := len(b.Instrs) - 1
		if idx >= 0 {
			r := ret.Results[idx]
			switch success {
			case "nil":
				if !isNilConst(r) {
					continue
				}
			case "true":
				if c, ok := r.(*ssa.Const); !ok || c.Value == nil || c.Value.Kind() != constant.Bool || !constant.BoolVal(c.Value) {
					continue
				}
			}
		}
		nSuccess++
		var here []int
		for i, p := range s.fn.Params {
			if isContext(p.Type()) {
				continue
			}
			for _, f := range s.byRoot[p] {
				if (f.kind == "member" || f.kind == "equal") && f.covers(b, at) {
					here = append(here, i)
					break
				}
			}
		}
		if first {
			proven, first = here, false
			continue
		}
		proven = intersect(proven, here)
	}
	if nSuccess == 0 || len(proven) == 0 || nSuccess == len(rets) && success != "return" {
		return nil
	}
	return &summary.Check{Params: proven, Kind: "member", Success: success, Result: idx}
}

func intersect(a, b []int) []int {
	var out []int
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}
