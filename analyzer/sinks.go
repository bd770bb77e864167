package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantleak/tenantleak/analyzer/entpolicy"
	"github.com/tenantleak/tenantleak/analyzer/models"
	"github.com/tenantleak/tenantleak/analyzer/summary"
)

// verdict is what one sink (or deferred sink at a call) comes to.
type verdict struct {
	site *callSite
	kind models.SinkKind
	id   string
	what string // what is addressed, for messages

	scoped    bool
	vacuous   bool   // scoped only because it addresses nothing tenant-owned (a global table)
	unsafe    string // request input ".." can use to leave the tenant's part
	untrusted string // a tenant slot filled from request input (TL006)
	nonTenant string // a tenant column bound to another value (TL007)
	zero      bool   // a tenant slot left empty
	column    string // the slot, for TL006/TL007 messages
	slots     []summary.Slot

	addrParams  []int
	addrRequest bool
	store       bool
	global      bool
	readRoot    ssa.Value
	registry    bool // every unscoped table is the tenant registry

	built    token.Pos // where the address was built, if not at the call
	address  ssa.Value // the address operand, for describing what in it is unsafe
	remoteAt string    // where a deferred sink sits in the callee ("shared.go:41")
	chain    []string
	wrapper  *summary.Deferred // a query wrapper to defer as is
}

// availTenant is a trusted tenant value the function holds (DESIGN,
// "tenant available").
type availTenant struct {
	desc string
	root ssa.Value
	pos  token.Pos
	fact *checkFact      // made trusted by a check: only within its region
	def  ssa.Instruction // computed here: held only where its definition has run
}

// availableTenants lists the tenant values the function holds, parameters
// first, then computed values in code order, then values proven by checks.
func (s *funcState) availableTenants() ([]availTenant, bool) {
	var out []availTenant
	seen := map[ssa.Value]bool{}
	env := s.pa.env
	hasCtx := false
	for _, p := range s.fn.Params {
		if isContext(p.Type()) {
			hasCtx = true
		}
		l, _ := s.stored(p)
		if l.hasTrustedTenant() {
			out = append(out, availTenant{desc: p.Name(), root: p, pos: p.Pos()})
			seen[p] = true
			continue
		}
		if f := env.tenantField(p.Type()); f != "" && !l.has(fUntrusted) {
			out = append(out, availTenant{desc: p.Name() + "." + f, root: p, pos: p.Pos()})
			seen[p] = true
		}
	}
	// A closure is part of the function it is written in: that function's
	// tenant parameters are held here too, captured or not (a transaction
	// callback, a pipeline).
	for p := s.fn.Parent(); p != nil; p = p.Parent() {
		ps := s.pa.states[p]
		if ps == nil {
			continue
		}
		for _, pp := range p.Params {
			if isContext(pp.Type()) && s.pa.ctxSource {
				hasCtx = true
			}
			if seen[pp] {
				continue
			}
			l, _ := ps.stored(pp)
			if l.hasTrustedTenant() {
				out = append(out, availTenant{desc: pp.Name(), root: pp, pos: pp.Pos()})
				seen[pp] = true
			} else if f := env.tenantField(pp.Type()); f != "" && !l.has(fUntrusted) {
				out = append(out, availTenant{desc: pp.Name() + "." + f, root: pp, pos: pp.Pos()})
				seen[pp] = true
			}
		}
	}
	for _, fv := range s.fn.FreeVars {
		l, _ := s.stored(fv)
		for _, c := range l.comps {
			if c.trustedTenant() && c.flags&fWeak == 0 && !seen[fv] {
				out = append(out, availTenant{desc: fv.Name(), root: fv, pos: fv.Pos()})
				seen[fv] = true
			}
		}
	}
	for _, b := range s.fn.Blocks {
		for _, instr := range b.Instrs {
			v, ok := instr.(ssa.Value)
			if !ok {
				continue
			}
			if isContext(v.Type()) && carriesRequest(v, 0) {
				hasCtx = true
			}
			// A struct the middleware put in the context (claims), whose
			// tenant field the function holds even if it never reads it.
			if f := s.pa.tenantFieldOfType(v.Type()); f != "" && !seen[v] {
				if l := s.finalLabel(v); !l.empty() && !l.has(fUntrusted) && s.strongBase(l, firstRoot(l, v)) {
					if _, isParam := v.(*ssa.Parameter); !isParam {
						seen[v] = true
						out = append(out, availTenant{desc: s.describeName(v) + "." + f, root: v, pos: v.Pos(), def: instr})
					}
				}
			}
			for _, c := range s.finalLabel(v).comps {
				if c.root == nil || seen[c.root] || !c.trustedTenant() || c.flags&(fWeak|fParam) != 0 {
					continue
				}
				if _, isParam := c.root.(*ssa.Parameter); isParam {
					continue
				}
				seen[c.root] = true
				def, _ := c.root.(ssa.Instruction)
				out = append(out, availTenant{desc: s.describeName(c.root), root: c.root, pos: c.root.Pos(), def: def})
			}
		}
	}
	for _, f := range s.checks {
		if f.tenant != nil && !seen[f.tenant] {
			out = append(out, availTenant{desc: s.describeName(f.tenant), root: f.tenant, pos: f.tenant.Pos(), fact: f})
		}
	}
	return out, hasCtx && s.pa.ctxSource
}

// tenantFieldOfType is env.tenantField, memoized for the package: every
// value of every function asks.
func (pa *pkgAnalysis) tenantFieldOfType(t types.Type) string {
	if f, ok := pa.tenantFields[t]; ok {
		return f
	}
	f := pa.env.tenantField(t)
	if pa.tenantFields == nil {
		pa.tenantFields = map[types.Type]string{}
	}
	pa.tenantFields[t] = f
	return f
}

// tenantAt returns a tenant value available at call c that is not the
// sink's own result.
func (s *funcState) tenantAt(c *callSite, avail []availTenant, own ssa.Value) *availTenant {
	for i := range avail {
		a := &avail[i]
		if a.root == own || c.value != nil && a.root == c.value {
			continue
		}
		if own != nil && s.derivedFrom(a.root, own) {
			continue
		}
		if a.fact != nil && !a.fact.covers(c.block, c.index) {
			continue
		}
		if a.def != nil && !defines(a.def, c.block, c.index) {
			continue // computed after the sink, or on another path
		}
		return a
	}
	return nil
}

// derivedFrom reports whether v's label has a component rooted at root.
func (s *funcState) derivedFrom(v, root ssa.Value) bool {
	for _, c := range s.finalLabel(v).comps {
		if c.root == root {
			return true
		}
	}
	return false
}

// evaluateSites judges every sink and deferred sink recorded in the last
// round: a finding here, a deferred sink in the summary, or nothing.
func (s *funcState) evaluateSites() {
	var avail []availTenant
	var ctx bool
	if !s.global && len(s.order) > 0 { // decide reads them for no other function
		avail, ctx = s.availableTenants()
	}
	s.findings = nil
	for _, c := range s.order {
		if c.model != nil {
			for _, sk := range c.model.Sinks {
				var v *verdict
				switch {
				case sk.TenantOperand().Kind != models.NoOperand:
					v = s.tenantSlotSink(c, sk)
				case sk.Kind == models.SQL:
					v = s.sqlSink(c, sk)
				case sk.Kind == models.ORM:
					v = s.ormSink(c, sk)
				default:
					v = s.addressSink(c, sk)
				}
				if v != nil {
					s.decide(v, avail, ctx)
					s.scopedRead(v)
				}
			}
		}
		if c.sum != nil && !c.global {
			for i := range c.sum.Sinks {
				if v := s.deferredSink(c, &c.sum.Sinks[i]); v != nil {
					s.decide(v, avail, ctx)
					s.scopedRead(v)
				}
			}
		}
	}
}

// scopedRead records that a read scoped to the tenant returns a scoped row:
// a later write or delete by its primary key (or a query by its id) is
// scoped too (DESIGN rule 3). It is a check on the row, from the read on.
func (s *funcState) scopedRead(v *verdict) {
	if v.readRoot == nil || !v.scoped && len(v.slots) == 0 || v.unsafe != "" || v.vacuous {
		return
	}
	f := &checkFact{kind: models.Member, roots: []ssa.Value{v.readRoot}, block: v.site.block, after: v.site.index}
	s.checks = append(s.checks, f)
	s.byRoot[v.readRoot] = append(s.byRoot[v.readRoot], f)
}

// addressSink judges a cache, file, object or ORM sink by its address
// operands and the handle it is called on.
func (s *funcState) addressSink(c *callSite, sk *models.Sink) *verdict {
	v := &verdict{site: c, kind: sk.Kind, id: sk.Kind.FindingID()}
	file := sk.Kind == models.File
	var addr label
	var first ssa.Value
	ops := sk.AddressOperands()
	keys := 0
	for _, o := range ops {
		for _, kv := range s.values(c, o) {
			if !isNilConst(kv) {
				keys++
			}
		}
	}
	if keys == 0 {
		return nil // no key at all (redigo's Do("MULTI"))
	}
	for i := len(ops) - 1; i >= 0; i-- { // the last operand is the key (bucket, key)
		o := ops[i]
		addr = union(addr, s.operandLabel(c, o))
		if vs := c.operand(o); len(vs) > 0 && first == nil && v.what == "" {
			first = vs[0]
			if o.Field != "" {
				first = nil
				v.what = fmt.Sprintf("%s %s", kindNoun(sk.Kind), s.describeField(vs[0], o.Field))
			}
		}
	}
	v.address = first
	if first != nil {
		v.what = fmt.Sprintf("%s %s", kindNoun(sk.Kind), s.describe(first))
		if p := first.Pos(); p.IsValid() && s.pa.line(p) != s.pa.line(c.pos()) {
			v.built = p
		}
		if sk.Kind == models.Cache || sk.Kind == models.Object {
			v.global = s.pa.env.cfg.GlobalKey(s.pattern(first, 0))
		} else if file {
			v.global = s.pa.env.cfg.GlobalPath(s.pattern(first, 0))
		}
	}
	addr = s.upgrade(addr, c.block, c.index, file)
	if file && !v.global {
		v.global = configuredPath(addr)
	}
	handle := s.upgrade(s.handleLabel(c, sk), c.block, c.index, file)
	v.readRoot = s.readRoot(c, sk.ReadOperand())
	if s.sharedHandle(c, sk) {
		v.global = true
	}
	s.judgeAddress(v, addr, handle, sk.Kind)
	return v
}

// sharedHandle reports whether the sink works through a handle whose type
// a model declares shared by design (an embed.FS given to fs.ReadFile).
func (s *funcState) sharedHandle(c *callSite, sk *models.Sink) bool {
	var hs []ssa.Value
	if h := sk.HandleOperand(); h.Kind != models.NoOperand {
		hs = c.operand(h)
	} else if c.recv != nil {
		hs = []ssa.Value{c.recv}
	}
	for _, h := range hs {
		if n := namedOf(dynamicType(h)); n != nil && n.Obj().Pkg() != nil &&
			s.pa.env.models.Type(n.Obj().Pkg().Path(), n.Obj().Name()).Shared {
			return true
		}
	}
	return false
}

func kindNoun(k models.SinkKind) string {
	switch k {
	case models.Cache:
		return "cache key"
	case models.File:
		return "file path"
	case models.Object:
		return "object key"
	case models.ORM:
		return "query"
	}
	return string(k)
}

// readRoot is the origin of the data a read sink returns.
func (s *funcState) readRoot(c *callSite, o models.Operand) ssa.Value {
	switch o.Kind {
	case models.Result:
		if c.value != nil {
			return c.value
		}
	case models.Arg:
		vs := c.operand(o)
		if o.Variadic {
			vs = s.expand(vs)
		}
		if len(vs) >= 1 {
			return s.addr(vs[0]).root
		}
	}
	return nil
}

// slotKind classifies a value filling a tenant slot.
type slotKind int

const (
	slotTrusted   slotKind = iota // a trusted tenant value (or a scoped one)
	slotParam                     // the function's own parameter: judged at its callers
	slotUntrusted                 // request input, no check passed
	slotWeak                      // a tenant value read from a row nothing verified: no scope of its own
	slotZero                      // empty
	slotConst                     // a constant
	slotOther                     // another value
)

// judge classifies label l filling a tenant slot.
func judge(l label) (slotKind, int) {
	weak := false
	for _, c := range l.comps {
		if c.flags&fUntrusted != 0 || c.flags&fDropped != 0 {
			continue
		}
		if c.flags&fScoped != 0 {
			return slotTrusted, -1
		}
		if c.flags&fTenant != 0 && !wholeParam(c) {
			if c.flags&fWeak != 0 {
				weak = true
				continue
			}
			return slotTrusted, -1
		}
	}
	for _, c := range l.comps {
		if wholeParam(c) && c.flags&fUntrusted == 0 {
			return slotParam, int(c.param)
		}
	}
	if l.has(fUntrusted) {
		return slotUntrusted, -1
	}
	if weak {
		return slotWeak, -1
	}
	allConst, zero := len(l.comps) > 0, false
	for _, c := range l.comps {
		if c.flags&fConst == 0 {
			allConst = false
		}
		if c.flags&fZero != 0 {
			zero = true
		}
	}
	if allConst {
		if zero {
			return slotZero, -1
		}
		return slotConst, -1
	}
	return slotOther, -1
}

func wholeParam(c comp) bool { return c.flags&fParam != 0 && c.flags&fParamPart == 0 && c.param >= 0 }

// judgeAddress decides a key, path or handle-scoped sink.
func (s *funcState) judgeAddress(v *verdict, addr, handle label, kind models.SinkKind) {
	var untrusted string
	for i, l := range []label{handle, addr} {
		isHandle := i == 0
		for _, c := range l.comps {
			if isHandle && c.flags&fScoped == 0 {
				continue
			}
			if c.flags&fDropped != 0 && c.flags&fScoped == 0 {
				continue
			}
			switch {
			case c.flags&fTenant != 0 && c.flags&fUntrusted != 0:
				if untrusted == "" {
					untrusted = s.describe(c.root)
				}
			case c.flags&fTenant != 0 && wholeParam(c):
				v.slots = append(v.slots, summary.Slot{Param: int(c.param), Elem: -1, Column: kindNoun(kind) + " component"})
			case c.flags&fTenant != 0, c.flags&fScoped != 0 && c.flags&fUntrusted == 0:
				v.scoped = true
			}
		}
	}
	handleScoped := false
	for _, c := range handle.comps {
		if c.flags&fScoped != 0 && c.flags&fUntrusted == 0 {
			handleScoped = true
		}
		if c.flags&fStore != 0 {
			v.store = true
		}
	}
	if v.scoped || len(v.slots) > 0 {
		if !handleScoped && (kind == models.File || kind == models.Object) {
			for _, c := range addr.comps {
				if c.flags&fUntrusted == 0 || c.flags&(fSafe|fTenant) != 0 {
					continue
				}
				if kind == models.Object && c.flags&fCleaned == 0 {
					continue // an object store takes ".." literally unless something resolved it
				}
				v.unsafe = s.describe(s.carrier(v.address, c.root, 0))
				break
			}
		}
		if v.scoped {
			v.slots = nil
		}
		return
	}
	if untrusted != "" {
		v.untrusted = untrusted
		v.column = kindNoun(kind) + " component"
		return
	}
	for _, c := range addr.comps {
		if c.flags&fParam != 0 && c.flags&fRecv == 0 && c.param >= 0 {
			v.addrParams = appendInt(v.addrParams, int(c.param))
		}
		if c.flags&fUntrusted != 0 {
			v.addrRequest = true
		}
		if c.flags&fStore != 0 {
			v.store = true
		}
	}
}

// configuredPath reports whether a file path comes only from constants and
// the fields of configuration values (a *Config, *Options or *Settings: the
// TLS certificate of a server's config file): it locates the service's own
// files, not a tenant's data.
func configuredPath(addr label) bool {
	n := 0
	for _, c := range addr.comps {
		if c.flags&fConst != 0 {
			continue
		}
		if c.flags&(fUntrusted|fTenant|fStore|fScoped) != 0 || c.root == nil || !configType(c.root.Type()) {
			return false
		}
		n++
	}
	return n > 0
}

// configType reports whether t (or what it points to) is named as
// configuration: ...Config, ...ConfigFile, ...Configuration, ...Options,
// ...Opts, ...Settings.
func configType(t types.Type) bool {
	nt := namedOf(t)
	if nt == nil {
		return false
	}
	name := nt.Obj().Name()
	for _, suffix := range []string{"Config", "ConfigFile", "Configuration", "Options", "Opts", "Settings"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// carriesRequest reports whether context value v may carry what a caller or
// the middleware put in it: not context.Background() or context.TODO(), nor
// a context derived only from them.
func carriesRequest(v ssa.Value, depth int) bool {
	if depth > 8 {
		return true
	}
	switch x := v.(type) {
	case *ssa.Call:
		args := x.Call.Args
		if len(args) == 0 && !x.Call.IsInvoke() {
			return false // Background, TODO: a fresh context
		}
		for _, a := range args {
			if isContext(a.Type()) {
				return carriesRequest(a, depth+1) // WithTimeout(ctx, d)
			}
		}
	case *ssa.Phi:
		for _, e := range x.Edges {
			if carriesRequest(e, depth+1) {
				return true
			}
		}
		return false
	case *ssa.UnOp:
		// A context variable a closure captures lives in a cell: what was
		// stored there.
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			refs := a.Referrers()
			if refs == nil {
				return true
			}
			for _, r := range *refs {
				if st, ok := r.(*ssa.Store); ok && st.Addr == a && carriesRequest(st.Val, depth+1) {
					return true
				}
			}
			return false
		}
	case *ssa.ChangeType:
		return carriesRequest(x.X, depth+1)
	case *ssa.MakeInterface:
		return carriesRequest(x.X, depth+1)
	case *ssa.Extract:
		return carriesRequest(x.Tuple, depth+1)
	}
	return true
}

func appendInt(list []int, x int) []int {
	for _, y := range list {
		if y == x {
			return list
		}
	}
	return append(list, x)
}

// deferredSink judges a callee's deferred sink with this call's arguments.
func (s *funcState) deferredSink(c *callSite, d *summary.Deferred) *verdict {
	v := &verdict{site: c, kind: models.SinkKind(d.Kind), id: d.ID, what: d.What, remoteAt: d.At,
		chain: append([]string{c.name()}, d.Chain...)}
	if d.TextParam >= 0 {
		return s.wrapperSink(c, d, v)
	}
	if len(d.Slots) > 0 {
		keyKind := v.kind != models.SQL
		var otherAddr label
		for _, sl := range d.Slots {
			a := c.param(sl.Param)
			if a == nil {
				continue
			}
			l := s.upgrade(s.slotArg(c, sl), c.block, c.index, v.kind == models.File)
			k, p := judge(l)
			switch k {
			case slotTrusted:
				v.scoped = true
			case slotParam:
				v.slots = append(v.slots, summary.Slot{Param: p, Elem: -1, Column: sl.Column})
			case slotUntrusted:
				v.untrusted, v.column = s.describe(a), sl.Column
			case slotZero:
				v.zero, v.column = true, sl.Column
			case slotWeak:
				otherAddr = union(otherAddr, l.without(fTenant))
			default:
				if keyKind {
					otherAddr = union(otherAddr, l)
				} else if v.nonTenant == "" {
					v.nonTenant, v.column = s.describe(a), sl.Column
				}
			}
		}
		if v.untrusted != "" || v.nonTenant != "" || v.zero {
			v.scoped = false
			v.slots = nil
			return v
		}
		if v.scoped {
			v.slots = nil
			if d.Read >= 0 && c.value != nil {
				v.readRoot = c.value
			}
			return v
		}
		if d.Read >= 0 && c.value != nil {
			v.readRoot = c.value
		}
		if len(v.slots) > 0 {
			return v
		}
		// A key slot filled with some other value: an unscoped address.
		s.addrFrom(v, otherAddr)
		return v
	}
	var addr label
	for i, p := range d.Addr {
		if a := c.param(p); a != nil {
			addr = union(addr, s.variadicLabel(a))
			if i == 0 && v.kind != models.SQL && v.kind != models.ORM {
				v.what = kindNoun(v.kind) + " " + s.describe(a)
			}
		}
	}
	addr = s.upgrade(addr, c.block, c.index, v.kind == models.File)
	if v.kind == models.File && configuredPath(addr) {
		v.global = true
		return v
	}
	if v.kind != models.SQL && v.kind != models.ORM && addr.hasTrustedTenant() {
		v.scoped = true
		return v
	}
	s.addrFrom(v, addr)
	v.addrRequest = v.addrRequest || d.Flags&fUntrusted != 0
	v.store = v.store || d.Flags&fStore != 0
	if d.Read >= 0 && c.value != nil {
		v.readRoot = c.value
	}
	return v
}

func (s *funcState) slotArg(c *callSite, sl summary.Slot) label {
	a := c.param(sl.Param)
	if sl.Elem >= 0 {
		if vals, ok := s.sliceElems(a); ok && sl.Elem < len(vals) {
			return s.labelOf(vals[sl.Elem])
		}
		return elementOf(s.labelOf(a))
	}
	return s.variadicLabel(a)
}

func (s *funcState) addrFrom(v *verdict, addr label) {
	for _, c := range addr.comps {
		if c.flags&fParam != 0 && c.flags&fRecv == 0 && c.param >= 0 {
			v.addrParams = appendInt(v.addrParams, int(c.param))
		}
		if c.flags&fUntrusted != 0 {
			v.addrRequest = true
		}
		if c.flags&fStore != 0 {
			v.store = true
		}
	}
}

// decide applies DESIGN rule 4 to a verdict: report here, defer to the
// callers, or stay quiet.
func (s *funcState) decide(v *verdict, avail []availTenant, ctx bool) {
	if s.global || v.global || v.site.global {
		return
	}
	switch {
	case v.unsafe != "":
		s.report(v, fmt.Sprintf("%s puts request input (%s) after the tenant component; \"..\" in it can leave the tenant's part", v.what, v.unsafe), nil)
	case v.scoped:
	case v.untrusted != "":
		s.report(&verdict{site: v.site, id: "TL006", what: v.what, chain: v.chain, remoteAt: v.remoteAt, built: v.built},
			fmt.Sprintf("tenant slot %s%s filled from request input %s with no membership check", v.column, s.via(v), v.untrusted), nil)
	case v.nonTenant != "":
		s.report(&verdict{site: v.site, id: "TL007", what: v.what, chain: v.chain, remoteAt: v.remoteAt},
			fmt.Sprintf("%s%s bound to %s, which is not a tenant value", tenantColumnPhrase(v), s.via(v), v.nonTenant), nil)
	case v.zero:
		s.report(v, fmt.Sprintf("%s%s: its tenant slot %s is left empty", v.what, s.via(v), v.column), nil)
	case v.wrapper != nil:
		s.sum.Sinks = append(s.sum.Sinks, *v.wrapper)
	case len(v.slots) > 0:
		s.deferSink(v, v.slots, nil)
	default:
		if v.readRoot != nil && s.checked(v.readRoot) {
			return
		}
		if t := s.tenantAt(v.site, avail, v.readRoot); t != nil {
			s.report(v, fmt.Sprintf("%s%s has no tenant %s; tenant available as %s", v.what, s.via(v), missingLabel(v.kind), t.desc), t)
			return
		}
		if ctx && (len(v.addrParams) > 0 || v.addrRequest) && !v.registry {
			// (A lookup in the tenant registry with no tenant in hand is
			// how the tenant is resolved: by host, slug or invitation.)
			s.report(v, fmt.Sprintf("%s%s has no tenant %s; the context carries the caller's tenant (%s)", v.what, s.via(v), missingLabel(v.kind), s.pa.ctxSourceName), nil)
			return
		}
		if len(v.addrParams) > 0 {
			s.deferSink(v, nil, v.addrParams)
			return
		}
		if v.store {
			s.report(v, fmt.Sprintf("%s%s has no tenant %s and addresses a declared tenant-owned store", v.what, s.via(v), missingLabel(v.kind)), nil)
			return
		}
		s.pa.debugf(v.site.pos(), "%s unscoped, but no tenant is available and it is not addressed by a parameter", v.what)
	}
}

// tenantColumnPhrase names what a TL007 binds: "tenant column
// invoices.tenant_id", or, when an ORM's condition names no column the
// analysis resolved, "the tenant condition of DB.First on invoices".
func tenantColumnPhrase(v *verdict) string {
	if v.column == "tenant condition" {
		return "the tenant condition of " + v.what
	}
	return "tenant column " + v.column
}

func missingLabel(k models.SinkKind) string {
	switch k {
	case models.SQL, models.ORM:
		return "predicate"
	}
	return "component"
}

// via names the callee a deferred sink came through: " in FetchSourceByID (shared.go:41)".
func (s *funcState) via(v *verdict) string {
	if len(v.chain) == 0 {
		return ""
	}
	where := ""
	if v.remoteAt != "" {
		where = " at " + v.remoteAt
	}
	return fmt.Sprintf(" via %s%s", strings.Join(v.chain, " → "), where)
}

// deferSink records a sink judged at each call of this function.
func (s *funcState) deferSink(v *verdict, slots []summary.Slot, addr []int) {
	if s.global {
		return
	}
	d := summary.Deferred{
		Kind: summary.Kind(v.kind), ID: v.id, What: v.what, Read: -1, TextParam: -1, ArgsParam: -1,
		At: v.remoteAt, Chain: v.chain,
	}
	if d.At == "" {
		d.At = s.pa.posString(v.site.pos())
		d.Chain = nil
	}
	if len(v.chain) > 0 {
		d.Chain = v.chain
	}
	d.Slots = slots
	sort.Slice(d.Slots, func(i, j int) bool { return d.Slots[i].Param < d.Slots[j].Param })
	d.Addr = append([]int(nil), addr...)
	sort.Ints(d.Addr)
	if v.addrRequest {
		d.Flags |= fUntrusted
	}
	if v.store {
		d.Flags |= fStore
	}
	if v.readRoot != nil {
		d.Read = s.resultCarrying(v.readRoot)
	}
	key := ""
	for i, old := range s.sum.Sinks {
		if old.ID != d.ID || old.What != d.What {
			continue
		}
		if key == "" {
			key = fmt.Sprint(d.Slots, d.Addr)
		}
		if s.sinkKey(i) == key {
			return
		}
	}
	s.sum.Sinks = append(s.sum.Sinks, d)
}

// sinkKey is what deferSink compares of summary sink i besides its ID and
// text: its slots and addressing parameters as printed, printed once.
func (s *funcState) sinkKey(i int) string {
	for len(s.sinkKeys) < len(s.sum.Sinks) {
		s.sinkKeys = append(s.sinkKeys, "")
	}
	if s.sinkKeys[i] == "" {
		d := &s.sum.Sinks[i]
		s.sinkKeys[i] = fmt.Sprint(d.Slots, d.Addr)
	}
	return s.sinkKeys[i]
}

// resultCarrying returns the index of a result that carries root, or -1.
func (s *funcState) resultCarrying(root ssa.Value) int {
	for _, b := range s.fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, r := range ret.Results {
			if r == root || s.derivedFrom(r, root) {
				return i
			}
		}
	}
	return -1
}

// pattern renders an address with its constant parts and a placeholder for
// the rest, for matching globals.keys and globals.paths ("feature:x").
func (s *funcState) pattern(v ssa.Value, depth int) string {
	if depth > 8 {
		return "x"
	}
	switch x := v.(type) {
	case *ssa.Const:
		if str, ok := constString(x); ok {
			return str
		}
	case *ssa.BinOp:
		if x.Op == token.ADD {
			return s.pattern(x.X, depth+1) + s.pattern(x.Y, depth+1)
		}
	case *ssa.MakeInterface:
		return s.pattern(x.X, depth+1)
	case *ssa.Call:
		if c := s.sites[x]; c == nil {
			if st := s.pa.env.models.Lookup(calleeObj(x)); st != nil && st.Propagator != nil {
				if f := st.Propagator.FormatOperand(); f.Kind == models.Arg && f.Index < len(x.Call.Args) {
					if str, ok := constString(x.Call.Args[f.Index]); ok {
						return formatPattern(str)
					}
				}
				if st.Propagator.Cleans && isString(x.Type()) {
					var parts []string
					for _, a := range s.expand(x.Call.Args) {
						parts = append(parts, s.pattern(a, depth+1))
					}
					return strings.Join(parts, "/")
				}
			}
		}
	}
	return "x"
}

func calleeObj(c *ssa.Call) *types.Func {
	if c.Call.IsInvoke() {
		return c.Call.Method
	}
	if f := c.Call.StaticCallee(); f != nil {
		o, _ := f.Object().(*types.Func)
		return o
	}
	return nil
}

// formatPattern replaces printf verbs with a placeholder.
func formatPattern(f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			b.WriteByte(f[i])
			continue
		}
		if f[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("+-# 0123456789.*", f[j]) >= 0 {
			j++
		}
		b.WriteString("x")
		i = j
	}
	return b.String()
}

// carrier finds, inside an address value, the operand that brought the
// component rooted at root in: for filepath.Join(dir, r.FormValue("n")),
// the r.FormValue("n") call.
func (s *funcState) carrier(v, root ssa.Value, depth int) ssa.Value {
	if v == nil {
		return root
	}
	var ops []ssa.Value
	switch x := v.(type) {
	case *ssa.Call:
		for _, a := range x.Call.Args {
			if elems, ok := s.sliceElems(a); ok {
				ops = append(ops, elems...)
			} else {
				ops = append(ops, a)
			}
		}
	case *ssa.BinOp:
		ops = []ssa.Value{x.X, x.Y}
	case *ssa.MakeInterface:
		ops = []ssa.Value{x.X}
	case *ssa.Convert:
		ops = []ssa.Value{x.X}
	case *ssa.ChangeType:
		ops = []ssa.Value{x.X}
	case *ssa.Extract:
		ops = []ssa.Value{x.Tuple}
	}
	var hits []ssa.Value
	for _, o := range ops {
		if o == root || s.derivedFrom(o, root) {
			hits = append(hits, o)
		}
	}
	switch {
	case len(hits) == 0:
		if v == root || s.derivedFrom(v, root) {
			return v
		}
		return root
	case len(ops) == 1 && depth < 4:
		return s.carrier(hits[0], root, depth+1)
	}
	return hits[0]
}

// ormSink judges an ORM or store call: the scope its handle carries (bound
// conditions, a scoped session), its condition argument, the tenant field
// of a bean whose fields are conditions, and, for an insert, the tenant
// field of the row it writes.
func (s *funcState) ormSink(c *callSite, sk *models.Sink) *verdict {
	v := &verdict{site: c, kind: models.ORM, id: sk.Kind.FindingID()}
	if len(s.pa.hookCovers) > 0 && s.pa.hookCovers[models.HookKey(c.obj)] {
		// A registered hook binds the tenant on every such statement.
		v.scoped = true
		return v
	}
	if sk.Privacy != "" && c.model != nil && c.model.Entity != "" && s.entityScoped(c, sk.Privacy) {
		v.scoped = true
		return v
	}
	l := s.handleLabel(c, sk)
	var addr label
	for _, o := range sk.AddressOperands() {
		addr = union(addr, s.operandLabel(c, o))
	}
	l = union(l, addr)
	tables := l.tables
	if cond, args := sk.CondOperands(); cond.Kind != models.NoOperand {
		l = union(l, s.sqlCondition(c, cond, args))
	}
	if t := sk.TableOperand(); t.Kind != models.NoOperand {
		for _, tv := range s.values(c, t) {
			if name, ok := s.tableName(tv); ok {
				tables = mergeStrings(tables, []string{name})
			}
		}
	}
	var rowType types.Type
	if b := sk.BeanOperand(); b.Kind != models.NoOperand {
		for _, bv := range s.values(c, b) {
			bl, _ := s.beanTenant(bv)
			l = union(l, bl)
			rowType = dynamicType(bv)
		}
	}
	if w := sk.WriteOperand(); w.Kind != models.NoOperand {
		for _, wv := range s.values(c, w) {
			bl, has := s.beanTenant(wv)
			if !has {
				// The row type has no tenant column: a shared table.
				v.scoped = true
				return v
			}
			l = union(l, bl)
			rowType = dynamicType(wv)
		}
	}
	if rowType == nil {
		for _, rv := range s.values(c, sk.ReadOperand()) {
			rowType = dynamicType(rv)
		}
	}
	if n := namedOf(elemType(rowType)); n != nil && len(tables) == 0 {
		tables = mergeStrings(tables, []string{s.pa.tableOf(n)})
		if s.pa.globalDirective(n.Obj().Pos()) && n.Obj().Pkg() == s.pa.pass.Pkg {
			v.global = true
		}
	}
	if len(tables) > 0 {
		all := true
		for _, t := range tables {
			if !s.pa.env.globalTable(t) {
				all = false
			}
		}
		v.global = v.global || all
		if !v.global && s.sharedRowType(rowType, tables) {
			// The row type mapped to the table has no tenant field: a
			// shared table (plans, languages), as for inserts.
			v.scoped = true
			return v
		}
	}
	v.what = c.name()
	if len(tables) > 0 {
		v.what += " on " + strings.Join(tables, ", ")
	}
	v.readRoot = s.readRoot(c, sk.ReadOperand())
	// A row addressed by its primary key (or written back) that was read
	// within the tenant, or compared with it, keeps that scope.
	for _, o := range []models.Operand{sk.RowOperand(), sk.WriteOperand()} {
		if o.Kind == models.NoOperand {
			continue
		}
		for _, rv := range s.values(c, o) {
			rl := s.upgrade(s.labelOf(rv), c.block, c.index, false)
			for _, cp := range rl.comps {
				if cp.flags&fScoped != 0 && cp.flags&fUntrusted == 0 {
					v.scoped = true
					return v
				}
			}
		}
	}
	l = s.upgrade(l, c.block, c.index, false)
	if s.judgeBound(v, l) {
		return v
	}
	// Index values or keys that hold a trusted tenant (a memdb lookup on the
	// tenant index) scope it like a key component.
	for _, cp := range s.upgrade(addr, c.block, c.index, false).comps {
		if cp.trustedTenant() && !wholeParam(cp) || cp.flags&fScoped != 0 && cp.flags&fUntrusted == 0 {
			v.scoped = true
			return v
		}
		if cp.flags&fTenant != 0 && wholeParam(cp) {
			v.slots = append(v.slots, summary.Slot{Param: int(cp.param), Elem: -1, Column: "index value"})
		}
	}
	if len(v.slots) > 0 {
		return v
	}
	s.addrFrom(v, l.without(fBound))
	return v
}

// entityScoped reports whether a generated client's call on an entity is
// scoped whatever its conditions: the entity's generated row type has no
// tenant field (a shared table), or its schema's privacy policy filters
// that kind of call (query or mutation) by tenant.
func (s *funcState) entityScoped(c *callSite, kind string) bool {
	sig, ok := c.obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	n := namedOf(sig.Recv().Type())
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	entity := c.model.Entity
	if tn, ok := n.Obj().Pkg().Scope().Lookup(entity).(*types.TypeName); ok && structOf(tn.Type()) != nil &&
		s.pa.env.tenantField(tn.Type()) == "" && !s.pa.env.tenantName(entity) {
		return true
	}
	f := s.pa.pass.Fset.File(n.Obj().Pos())
	if f == nil {
		return false
	}
	dir := entpolicy.EntityDir(filepath.Dir(f.Name()), entity)
	read := s.pa.env.entPolicy.QueryFiltered
	if kind == "mutation" {
		read = s.pa.env.entPolicy.MutationFiltered
	}
	ok, err := read(dir)
	if err != nil {
		s.pa.debugf(c.pos(), "privacy policy of %s not read: %v", entity, err)
	}
	return ok
}

// sharedRowType reports whether the ORM call reads or writes rows of a
// struct type with no tenant field and every table it names is that type's
// own (not a projection read from another model's table), and no declared
// schema says otherwise.
func (s *funcState) sharedRowType(rowType types.Type, tables []string) bool {
	n := namedOf(elemType(rowType))
	if n == nil || structOf(n) == nil || s.pa.env.tenantName(n.Obj().Name()) || n.Obj().Pkg() == nil ||
		s.pa.env.models.Has(n.Obj().Pkg().Path()) {
		return false // not a row type: a library's result (mongo's SingleResult)
	}
	own := s.pa.tableOf(n)
	for _, t := range tables {
		if t != own || s.pa.env.schema != nil && s.pa.env.schema.Tables[t] != nil {
			return false
		}
	}
	return !s.hasTenantField(structOf(n), 0)
}

// hasTenantField reports whether struct st, or a struct it embeds (a base
// model), has a field holding the tenant column.
func (s *funcState) hasTenantField(st *types.Struct, depth int) bool {
	if st == nil || depth > 3 {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if s.tenantFieldOf(st, i) {
			return true
		}
		if f := st.Field(i); f.Embedded() && s.hasTenantField(structOf(f.Type()), depth+1) {
			return true
		}
	}
	return false
}

// judgeBound applies what scopes a handle: a scoped session or row (trusted
// Scoped components), or the values its conditions bind to tenant columns
// (Bound components), judged like SQL binds. It reports whether that
// decided the verdict.
func (s *funcState) judgeBound(v *verdict, l label) bool {
	var bound label
	for _, cp := range l.comps {
		switch {
		case cp.flags&fUnjudged != 0:
			v.scoped = true // cannot be judged: never a finding
			v.slots = nil
			return true
		case cp.flags&fBound != 0:
			cp.flags &^= fBound
			bound.add(cp)
		case cp.flags&fScoped != 0 && cp.flags&fUntrusted == 0:
			if wholeParam(cp) && cp.flags&fTenant != 0 {
				v.slots = append(v.slots, summary.Slot{Param: int(cp.param), Elem: -1, Column: "scoped handle"})
				continue
			}
			v.scoped = true
			v.slots = nil
			return true
		}
	}
	if len(v.slots) > 0 && bound.empty() {
		return true
	}
	if bound.empty() {
		return false
	}
	k, p := judge(bound)
	switch k {
	case slotWeak:
		return false // bound to a tenant read from an unverified row: unscoped
	case slotTrusted:
		v.scoped = true
		v.slots = nil
	case slotParam:
		v.slots = append(v.slots, summary.Slot{Param: p, Elem: -1, Column: "tenant condition"})
	case slotUntrusted:
		v.untrusted, v.column = s.describe(firstRoot(bound, nil)), "tenant condition"
	case slotZero:
		v.zero, v.column = true, "tenant condition"
	default:
		if r := firstRoot(bound, nil); r != nil {
			v.nonTenant = s.describe(r)
		} else if k == slotConst {
			v.nonTenant = "a constant"
		} else {
			v.nonTenant = "a value"
		}
		v.column = "tenant condition"
	}
	return true
}

// beanTenant returns the value of a row's tenant field, marked Bound, and
// whether the row type has a tenant field at all. A field of a row built
// here that was never set is no condition (unscoped, not a constant).
func (s *funcState) beanTenant(v ssa.Value) (label, bool) {
	x := v
	if mi, ok := x.(*ssa.MakeInterface); ok {
		x = mi.X
	}
	st := structOf(x.Type())
	if st == nil {
		if sl, ok := x.Type().Underlying().(*types.Slice); ok {
			st = structOf(sl.Elem())
		}
	}
	if st == nil {
		return label{}, true
	}
	if ld, ok := x.(*ssa.UnOp); ok && ld.Op == token.MUL {
		x = ld.X // a struct literal passed by value: its local variable
	}
	for i := 0; i < st.NumFields(); i++ {
		if !s.tenantFieldOf(st, i) {
			continue
		}
		k := s.addr(x)
		s.markRead(k.root)
		fk := heapKey{k.root, k.path + "." + itoa(i)}
		if stored, ok := s.heap[fk]; ok {
			return stored.with(fBound), true
		}
		if _, local := k.root.(*ssa.Alloc); local {
			if whole, ok := s.heap[k]; ok && !whole.empty() {
				// Written as a whole (decoded, scanned, copied from a row):
				// its tenant field is that data's.
				return s.fieldOperand(x, st.Field(i).Name()).with(fBound), true
			}
			return label{}, true
		}
		return s.fieldOperand(x, st.Field(i).Name()).with(fBound), true
	}
	return label{}, false
}

func elemType(t types.Type) types.Type {
	for i := 0; t != nil && i < 3; i++ {
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		default:
			return t
		}
	}
	return t
}

// tableOfType is the table an ORM maps a model type to by default: the
// snake_case plural of its name (KnowledgeBase → knowledge_bases).
func tableOfType(name string) string {
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 && (i+1 < len(name) && name[i+1] >= 'a' && name[i+1] <= 'z' || name[i-1] >= 'a' && name[i-1] <= 'z') {
				b.WriteByte('_')
			}
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	t := b.String()
	switch {
	case strings.HasSuffix(t, "y") && !strings.HasSuffix(t, "ey") && !strings.HasSuffix(t, "ay"):
		return t[:len(t)-1] + "ies"
	case strings.HasSuffix(t, "s"), strings.HasSuffix(t, "x"), strings.HasSuffix(t, "ch"), strings.HasSuffix(t, "sh"):
		return t + "es"
	}
	return t + "s"
}

// defines reports whether def has run whenever instruction index idx of b
// runs: its block dominates b, and within one block it comes first.
func defines(def ssa.Instruction, b *ssa.BasicBlock, idx int) bool {
	db := def.Block()
	if db == nil {
		return true
	}
	if db == b {
		return indexOf(b, def) < idx
	}
	return db.Dominates(b)
}

// tenantSlotSink judges a modelled repository method by the operand that
// fills its tenant slot (an in-house interface described in a user model).
func (s *funcState) tenantSlotSink(c *callSite, sk *models.Sink) *verdict {
	v := &verdict{site: c, kind: sk.Kind, id: sk.Kind.FindingID(), what: c.name()}
	col := c.name() + " tenant parameter"
	for _, a := range c.operand(sk.TenantOperand()) {
		l := s.upgrade(s.variadicLabel(a), c.block, c.index, false)
		switch k, p := judge(l); k {
		case slotTrusted:
			v.scoped = true
		case slotParam:
			v.slots = append(v.slots, summary.Slot{Param: p, Elem: -1, Column: col})
		case slotUntrusted:
			v.untrusted, v.column = s.describe(a), col
		case slotZero:
			v.zero, v.column = true, col
		case slotWeak:
			s.addrFrom(v, l)
		default:
			v.nonTenant, v.column = s.describe(a), col
		}
	}
	return v
}

// handleLabel is the label of the handle a sink works through: its
// receiver, or the operand the model names (afero.ReadFile(fs, name)).
func (s *funcState) handleLabel(c *callSite, sk *models.Sink) label {
	if h := sk.HandleOperand(); h.Kind != models.NoOperand {
		var l label
		for _, v := range c.operand(h) {
			l = union(l, s.labelOf(v))
		}
		return l
	}
	if c.recv != nil {
		return s.labelOf(c.recv)
	}
	return label{}
}

// dynamicType is the type of the value behind an interface conversion.
func dynamicType(v ssa.Value) types.Type {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		return mi.X.Type()
	}
	return v.Type()
}
