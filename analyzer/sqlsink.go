package analyzer

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantleak/tenantleak/analyzer/models"
	"github.com/tenantleak/tenantleak/analyzer/sqlscope"
	"github.com/tenantleak/tenantleak/analyzer/summary"
)

// maxTexts bounds the candidate statements one query operand resolves to
// (phis times concatenations).
const maxTexts = 16

// resolveText resolves the SQL text v holds: constants, concatenation,
// printf-style formatting with a constant format, joins and phis. A text
// that is exactly a parameter of the function gives its index (a query
// wrapper); anything else unresolvable gives why.
func (s *funcState) resolveText(v ssa.Value, depth int) (texts []string, param int, why string) {
	param = -1
	if depth > 12 {
		return nil, -1, "query text too deep to resolve"
	}
	switch x := v.(type) {
	case *ssa.Const:
		if str, ok := constString(x); ok {
			return []string{str}, -1, ""
		}
		return nil, -1, "query text is not a string constant"
	case *ssa.Parameter:
		for i, p := range s.fn.Params {
			if p == x {
				return nil, i, ""
			}
		}
	case *ssa.MakeInterface:
		return s.resolveText(x.X, depth+1)
	case *ssa.ChangeType:
		return s.resolveText(x.X, depth+1)
	case *ssa.Convert:
		return s.resolveText(x.X, depth+1)
	case *ssa.BinOp:
		if x.Op != token.ADD {
			break
		}
		a, _, why := s.resolveText(x.X, depth+1)
		if a == nil {
			return nil, -1, why
		}
		b, _, why := s.resolveText(x.Y, depth+1)
		if b == nil {
			return nil, -1, why
		}
		for _, l := range a {
			for _, r := range b {
				if len(texts) < maxTexts {
					texts = append(texts, l+r)
				}
			}
		}
		return texts, -1, ""
	case *ssa.Phi:
		for _, e := range x.Edges {
			if e == x {
				continue
			}
			t, _, why := s.resolveText(e, depth+1)
			if t == nil {
				return nil, -1, why
			}
			for _, str := range t {
				if len(texts) < maxTexts && !contains(texts, str) {
					texts = append(texts, str)
				}
			}
		}
		return texts, -1, ""
	case *ssa.Call:
		return s.resolveCallText(x, depth)
	case *ssa.UnOp:
		if g, ok := x.X.(*ssa.Global); ok && x.Op == token.MUL {
			return nil, -1, "query text is package variable " + g.Name()
		}
	}
	return nil, -1, fmt.Sprintf("query text %s is not resolvable", s.describe(v))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// resolveCallText resolves texts built by a modelled propagator: a printf
// format with resolvable arguments, or a join of resolvable elements.
func (s *funcState) resolveCallText(x *ssa.Call, depth int) ([]string, int, string) {
	obj := calleeObj(x)
	m := s.pa.env.models.Lookup(obj)
	if m == nil || m.Propagator == nil {
		return nil, -1, fmt.Sprintf("query text comes from %s", s.describe(x))
	}
	p := m.Propagator
	site := s.resolve(x, &x.Call, x, x.Block(), 0)
	if f := p.FormatOperand(); f.Kind == models.Arg {
		ops := site.operand(f)
		if len(ops) != 1 {
			return nil, -1, "format operand missing"
		}
		formats, _, why := s.resolveText(ops[0], depth+1)
		if formats == nil {
			return nil, -1, why
		}
		var rest []ssa.Value
		if vals := site.operand(models.Operand{Kind: models.Arg, Index: f.Index + 1, Variadic: true}); len(vals) == 1 {
			if elems, ok := s.sliceElems(vals[0]); ok {
				rest = elems
			} else if !isNilConst(vals[0]) {
				return nil, -1, "format arguments are not resolvable"
			}
		}
		// Each argument's possible values (a phi of clauses gives several);
		// every combination is a text, up to maxTexts of them.
		const maxTexts = 16
		combos := [][]any{nil}
		for _, a := range rest {
			if mi, ok := a.(*ssa.MakeInterface); ok {
				a = mi.X
			}
			var choices []any
			if c, ok := a.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
				n, _ := constant.Int64Val(c.Value)
				choices = []any{n}
			} else if b, ok := a.Type().Underlying().(*types.Basic); ok && b.Info()&(types.IsInteger|types.IsFloat|types.IsBoolean) != 0 {
				// A number (a LIMIT, an id) cannot change which tables the
				// statement reads or how it is scoped.
				choices = []any{0}
			} else {
				t, _, why := s.resolveText(a, depth+1)
				if len(t) == 0 {
					if why == "" {
						why = "a format argument is not resolvable"
					}
					return nil, -1, why
				}
				for _, x := range t {
					choices = append(choices, x)
				}
			}
			if len(combos)*len(choices)*len(formats) > maxTexts {
				return nil, -1, "format arguments have too many values"
			}
			var next [][]any
			for _, cmb := range combos {
				for _, ch := range choices {
					next = append(next, append(slices.Clip(cmb), ch))
				}
			}
			combos = next
		}
		var out []string
		for _, f := range formats {
			for _, args := range combos {
				out = append(out, fmt.Sprintf(f, args...))
			}
		}
		return out, -1, ""
	}
	if e, sep := p.JoinOperands(); e.Kind == models.Arg {
		ev, sv := site.operand(e), site.operand(sep)
		if len(ev) != 1 || len(sv) != 1 {
			return nil, -1, "join operands missing"
		}
		elems, ok := s.sliceElems(ev[0])
		if !ok {
			return nil, -1, "joined elements are not resolvable"
		}
		seps, _, why := s.resolveText(sv[0], depth+1)
		if len(seps) != 1 {
			return nil, -1, why
		}
		var parts []string
		for _, el := range elems {
			t, _, why := s.resolveText(el, depth+1)
			if len(t) != 1 {
				return nil, -1, why
			}
			parts = append(parts, t[0])
		}
		return []string{strings.Join(parts, seps[0])}, -1, ""
	}
	if !p.Drops && !p.None {
		// A plain propagator of one text argument (sqlx.Rebind).
		var texts []string
		for _, a := range x.Call.Args {
			if isString(a.Type()) {
				if t, _, _ := s.resolveText(a, depth+1); t != nil {
					texts = append(texts, t...)
				}
			}
		}
		if len(texts) > 0 {
			return texts, -1, ""
		}
	}
	return nil, -1, fmt.Sprintf("query text comes from %s", s.describe(x))
}

// sliceElems returns the elements stored into a slice built in this
// function (the slice of a variadic call, a []string literal), in order.
func (s *funcState) sliceElems(v ssa.Value) ([]ssa.Value, bool) {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return nil, false
	}
	alloc, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	n := 0
	if at, ok := coreType(pointee(alloc.Type())).(*types.Array); ok {
		n = int(at.Len())
	}
	elems := make([]ssa.Value, n)
	for _, r := range *alloc.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		c, ok := ia.Index.(*ssa.Const)
		if !ok {
			return nil, false
		}
		i, _ := constant.Int64Val(c.Value)
		if int(i) >= n {
			continue
		}
		for _, rr := range *ia.Referrers() {
			if st, ok := rr.(*ssa.Store); ok && st.Addr == ia {
				elems[i] = st.Val
			}
		}
	}
	for _, e := range elems {
		if e == nil {
			return nil, false
		}
	}
	return elems, true
}

func constString(v ssa.Value) (string, bool) {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(c.Value), true
}

// binds are the bind arguments of a statement.
type binds struct {
	vals   []ssa.Value // positional: placeholder k is vals[k]
	known  bool
	spread int       // the function's own variadic parameter passed through (args...), or -1
	named  ssa.Value // named binds come from this struct or map
}

func (s *funcState) bindsOf(c *callSite, o models.Operand, named bool) binds {
	b := binds{spread: -1}
	if o.Kind == models.NoOperand {
		b.known = true
		return b
	}
	vals := c.operand(o)
	if named {
		if len(vals) > 0 {
			b.named = vals[0]
		}
		return b
	}
	sig := c.cc.Signature()
	if o.Variadic && sig.Variadic() && o.Index == sig.Params().Len()-1 && len(vals) == 1 {
		last := vals[0]
		if isNilConst(last) {
			b.known = true
			return b
		}
		if elems, ok := s.sliceElems(last); ok {
			b.vals, b.known = elems, true
			return b
		}
		if p, ok := last.(*ssa.Parameter); ok {
			for i, fp := range s.fn.Params {
				if fp == p {
					b.spread = i
				}
			}
		}
		return b
	}
	b.vals, b.known = vals, true
	return b
}

// bindLabel is the label of placeholder k (and the value, for messages).
func (s *funcState) bindLabel(b binds, k int, name string) (label, ssa.Value, bool) {
	switch {
	case b.named != nil && name != "":
		return s.namedBind(b.named, name)
	case b.known && k < len(b.vals):
		return s.labelOf(b.vals[k]), b.vals[k], true
	case b.spread >= 0:
		p := s.fn.Params[b.spread]
		l := label{comps: []comp{{root: p, param: int16(b.spread), flags: fParam}}}
		return l, p, true
	}
	return label{}, nil, false
}

// namedBind finds the field (by `db` tag or name) or map entry a :name binds.
func (s *funcState) namedBind(v ssa.Value, name string) (label, ssa.Value, bool) {
	t := v.Type()
	if mi, ok := v.(*ssa.MakeInterface); ok {
		t = mi.X.Type()
	}
	if st := structOf(t); st != nil {
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			tag := reflect.StructTag(st.Tag(i)).Get("db")
			if tag == name || tag == "" && strings.EqualFold(f.Name(), strings.ReplaceAll(name, "_", "")) {
				return s.fieldOperand(v, f.Name()), v, true
			}
		}
		return label{}, nil, false
	}
	k := s.addr(v)
	k.path += "[" + fmt.Sprintf("%q", name) + "]"
	if l, direct := s.contents(k); direct {
		return l, v, true
	}
	return label{}, nil, false
}

// sqlSink judges a SQL sink call.
func (s *funcState) sqlSink(c *callSite, sk *models.Sink) *verdict {
	qo := sk.QueryOperand()
	qs := c.operand(qo)
	var b binds
	if qo.Variadic {
		// The text is the first of the variadic arguments, the binds the
		// rest (xorm's Exec(sqlOrArgs ...any)).
		elems := s.expand(qs)
		if len(elems) == 0 {
			return nil
		}
		qs = elems[:1]
		b = binds{vals: elems[1:], known: true, spread: -1}
	} else {
		if len(qs) != 1 {
			return nil
		}
		b = s.bindsOf(c, sk.ArgsOperand(), sk.Named)
	}
	texts, param, why := s.resolveText(qs[0], 0)
	if param >= 0 {
		// A query wrapper: the caller's text decides.
		d := summary.Deferred{Kind: summary.Kind(models.SQL), ID: "TL001", What: "query", Read: -1,
			TextParam: param, ArgsParam: b.spread, At: s.pa.posString(c.pos())}
		if b.spread < 0 && !b.known {
			return nil
		}
		return &verdict{site: c, kind: models.SQL, wrapper: &d}
	}
	if texts == nil {
		if ql := s.labelOf(qs[0]); ql.rendered || len(ql.tables) > 0 {
			return s.renderedSink(c, sk, ql)
		}
		s.pa.debugf(c.pos(), "SQL not checked: %s", why)
		return nil
	}
	var handle label
	if c.recv != nil {
		handle = s.upgrade(s.labelOf(c.recv), c.block, c.index, false)
	}
	v := s.judgeSQL(c, texts, b, handle)
	if v != nil {
		v.readRoot = s.readRoot(c, sk.ReadOperand())
		if p := qs[0].Pos(); p.IsValid() && s.pa.line(p) != s.pa.line(c.pos()) {
			v.built = p
		}
	}
	return v
}

// wrapperSink judges a callee that runs the SQL text this call passes.
func (s *funcState) wrapperSink(c *callSite, d *summary.Deferred, v *verdict) *verdict {
	a := c.param(d.TextParam)
	if a == nil {
		return nil
	}
	texts, param, why := s.resolveText(a, 0)
	b := binds{spread: -1}
	if d.ArgsParam >= 0 {
		if av := c.param(d.ArgsParam); av != nil {
			if isNilConst(av) {
				b.known = true
			} else if elems, ok := s.sliceElems(av); ok {
				b.vals, b.known = elems, true
			} else if p, ok := av.(*ssa.Parameter); ok {
				for i, fp := range s.fn.Params {
					if fp == p {
						b.spread = i
					}
				}
			}
		}
	} else {
		b.known = true
	}
	if param >= 0 {
		nd := *d
		nd.TextParam, nd.ArgsParam = param, b.spread
		nd.Chain = append([]string{c.name()}, d.Chain...)
		if b.spread < 0 && !b.known {
			return nil
		}
		v.wrapper = &nd
		return v
	}
	if texts == nil {
		s.pa.debugf(c.pos(), "SQL passed to %s not checked: %s", c.name(), why)
		return nil
	}
	nv := s.judgeSQL(c, texts, b, label{})
	if nv != nil {
		nv.chain, nv.remoteAt = v.chain, ""
		if p := a.Pos(); p.IsValid() && s.pa.line(p) != s.pa.line(c.pos()) {
			nv.built = p
		}
	}
	return nv
}

// tableJudgement is how one table instance of a statement is constrained.
type tableJudgement struct {
	name      string
	state     slotKind // best bind
	bound     bool     // has any bind
	param     int
	elem      int
	value     ssa.Value
	column    string
	declared  bool
	scoped    bool
	unscoped  bool
	upsertGap bool
	link      bool // no tenant column: scoped only through joins, never reported
	owned     bool // a link scoped as the child of a scoped row
}

// judgeSQL analyses the candidate texts of a statement and judges every
// tenant-scoped table in them; the worst candidate decides.
func (s *funcState) judgeSQL(c *callSite, texts []string, b binds, handle label) *verdict {
	var worst *verdict
	handleScoped := false
	var handleSlot []summary.Slot
	for _, hc := range handle.comps {
		if hc.flags&fScoped == 0 || hc.flags&fUntrusted != 0 {
			continue
		}
		if wholeParam(hc) {
			handleSlot = append(handleSlot, summary.Slot{Param: int(hc.param), Elem: -1, Column: "scoped handle"})
		} else if hc.flags&fTenant != 0 || hc.flags&fScoped != 0 {
			handleScoped = true
		}
	}
	for _, text := range texts {
		res, err := analyzeSQL(s.pa.env, text)
		if err != nil {
			s.pa.debugf(c.pos(), "SQL not checked: %v", err)
			continue
		}
		v := s.judgeStatements(c, res, b)
		if v == nil {
			continue
		}
		if handleScoped {
			v = &verdict{site: c, kind: models.SQL, id: "TL001", scoped: true}
		} else if len(handleSlot) > 0 && !v.scoped {
			v.slots = append(v.slots, handleSlot...)
		}
		if worst == nil || rank(v) > rank(worst) {
			worst = v
		}
	}
	return worst
}

// rank orders verdicts by severity for picking the worst candidate text.
func rank(v *verdict) int {
	switch {
	case v.untrusted != "":
		return 6
	case v.nonTenant != "":
		return 5
	case !v.scoped && len(v.slots) == 0 && !v.zero:
		return 4
	case v.zero:
		return 3
	case len(v.slots) > 0:
		return 2
	}
	return 1
}

func (s *funcState) judgeStatements(c *callSite, res *sqlscope.Result, b binds) *verdict {
	v := &verdict{site: c, kind: models.SQL, id: "TL001", scoped: true, vacuous: true}
	var unscoped []string
	registryOnly := true // every table not scoped is the tenant registry
	for _, st := range res.Statements {
		if tenantTables(st) > 0 {
			v.vacuous = false // some table is tenant-scoped: its scope is real
		}
		js := make([]tableJudgement, len(st.Tables))
		for i, t := range st.Tables {
			j := &js[i]
			j.name = t.Name
			j.param, j.elem = -1, -1
			j.declared = s.pa.env.schema != nil && s.pa.env.schema.Tables[t.Name] != nil
			if t.Link {
				j.link = true // judged only through its joins
				continue
			}
			if t.Unresolved || t.IDOnly || t.Registry && st.Kind == sqlscope.Insert {
				j.scoped = true
				continue
			}
			j.state = slotOther
			binds := t.Binds
			if t.Upsert && !t.UpsertScoped {
				j.upsertGap = true
			}
			for _, bd := range binds {
				k, p, val := s.judgeBind(c, b, res, bd)
				if k == -1 {
					j.scoped = true // cannot judge: never a false positive
					continue
				}
				if !j.bound || better(k, j.state) {
					j.state, j.param, j.value = k, p, val
					j.column = t.Name + "." + bd.Column
				}
				j.bound = true
			}
			if j.upsertGap {
				for _, bd := range t.UpsertBinds {
					if k, _, _ := s.judgeBind(c, b, res, bd); k == slotTrusted {
						j.upsertGap = false
					}
				}
			}
		}
		// Equality joins carry scope from a scoped table to its partner.
		for changed := true; changed; {
			changed = false
			for i, t := range st.Tables {
				reached := js[i].scoped || js[i].bound && (js[i].state == slotTrusted || js[i].state == slotParam)
				if reached && (!js[i].link || js[i].owned) {
					continue
				}
				for _, o := range t.Joined {
					if o >= 0 && o < len(js) && js[o].link && !js[o].owned && !slices.Contains(t.KeyJoined, o) {
						continue // a shared link passes scope only to the rows it names by id
					}
					partner := o >= 0 && o < len(js) && o != i && (js[o].scoped || js[o].bound && (js[o].state == slotTrusted || js[o].state == slotParam))
					if partner && reached {
						// A link reached before: it becomes a child of a
						// scoped row when it references that row by id.
						if slices.Contains(t.OwnerJoined, o) {
							js[i].owned = true
							changed = true
							break
						}
						continue
					}
					if partner && !js[i].bound {
						js[i].scoped = true
						if js[i].link && slices.Contains(t.OwnerJoined, o) {
							js[i].owned = true // a child of a scoped row
						}
						if js[o].state == slotParam && !js[o].scoped {
							js[i].scoped = false
							js[i].bound, js[i].state, js[i].param, js[i].elem, js[i].column = true, slotParam, js[o].param, js[o].elem, js[o].column
						}
						changed = true
						break
					}
				}
			}
		}
		for i := range js {
			j := &js[i]
			if j.scoped && !j.upsertGap || j.link {
				continue
			}
			if !st.Tables[i].Registry {
				registryOnly = false
			}
			if j.upsertGap {
				// The insert path may be scoped, but the update path reaches any
				// tenant's row with the same key.
				unscoped = append(unscoped, j.name+" (its ON CONFLICT update)")
				v.scoped = false
				continue
			}
			if !j.bound {
				unscoped = append(unscoped, j.name)
				v.scoped = false
				if j.declared {
					v.store = true
				}
				continue
			}
			switch j.state {
			case slotTrusted:
			case slotWeak:
				// The tenant of a row nothing verified scopes nothing.
				unscoped = append(unscoped, j.name)
				v.scoped = false
			case slotParam:
				v.scoped = false
				v.slots = append(v.slots, summary.Slot{Param: j.param, Elem: j.elem, Column: j.column})
			case slotUntrusted:
				v.scoped = false
				if v.untrusted == "" {
					v.untrusted, v.column = s.describe(j.value), j.column
				}
			case slotZero:
				v.scoped = false
				v.zero, v.column = true, j.column
			default:
				v.scoped = false
				if v.nonTenant == "" {
					if j.value != nil {
						v.nonTenant = s.describe(j.value)
					} else {
						v.nonTenant = "a constant"
					}
					v.column = j.column
				}
			}
		}
		if v.what == "" && tenantTables(st) > 0 {
			for _, t := range st.Tables {
				if !t.Link {
					v.what = fmt.Sprintf("%s on %s", st.Kind, t.Name)
					break
				}
			}
		}
	}
	if len(unscoped) > 0 && s.byScopedRow(c, res, b) {
		// Addressed by the key of a row read within the tenant: the
		// write or delete that follows a scoped read is scoped.
		unscoped = nil
		if v.untrusted == "" && v.nonTenant == "" && !v.zero && len(v.slots) == 0 {
			v.scoped = true
		}
	}
	if len(unscoped) > 0 {
		v.registry = registryOnly
		sort.Strings(unscoped)
		v.what = fmt.Sprintf("%s on %s", firstKind(res), strings.Join(dedupe(unscoped), ", "))
		v.slots = nil
		// A by-ID statement is addressed by the values it binds.
		for k := 0; k < res.Placeholders; k++ {
			name := ""
			if k < len(res.Names) {
				name = res.Names[k]
			}
			l, _, ok := s.bindLabel(b, k, name)
			if ok {
				s.addrFrom(v, s.upgrade(l, c.block, c.index, false))
			}
		}
	}
	if v.untrusted != "" || v.nonTenant != "" {
		v.scoped = false
	}
	return v
}

// tenantTables counts the tables of st that need a scope (not link tables).
func tenantTables(st sqlscope.Statement) int {
	n := 0
	for _, t := range st.Tables {
		if !t.Link {
			n++
		}
	}
	return n
}

func firstKind(res *sqlscope.Result) string {
	for _, st := range res.Statements {
		if tenantTables(st) > 0 {
			return st.Kind.String()
		}
	}
	return "SQL"
}

func dedupe(list []string) []string {
	out := list[:0]
	for i, x := range list {
		if i == 0 || x != list[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// better orders slot judgements: a trusted bind beats a parameter, which
// beats request input, which beats constants and other values.
func better(a, b slotKind) bool {
	order := map[slotKind]int{slotTrusted: 7, slotParam: 6, slotUntrusted: 5, slotWeak: 4, slotOther: 3, slotConst: 2, slotZero: 1}
	return order[a] > order[b]
}

// judgeBind classifies one bind of a tenant column; -1 when it cannot be
// judged (unknown bind arguments).
func (s *funcState) judgeBind(c *callSite, b binds, res *sqlscope.Result, bd sqlscope.Bind) (slotKind, int, ssa.Value) {
	if bd.Placeholder < 0 {
		if bd.Literal != "" {
			return slotConst, -1, nil
		}
		return -1, -1, nil
	}
	name := ""
	if bd.Placeholder < len(res.Names) {
		name = res.Names[bd.Placeholder]
	}
	l, val, ok := s.bindLabel(b, bd.Placeholder, name)
	if !ok {
		return -1, -1, nil
	}
	l = s.upgrade(l, c.block, c.index, false)
	k, p := judge(l)
	if k == slotOther {
		// A field of a parameter (sqlc's arg.TenantID under another name,
		// arg.ID of the registry): the caller's argument fills the slot.
		for _, cp := range l.comps {
			if cp.flags&fParam != 0 && cp.param >= 0 && cp.flags&(fUntrusted|fConst) == 0 && s.paramFieldSlot(int(cp.param)) {
				return slotParam, int(cp.param), val
			}
		}
	}
	return k, p, val
}

// paramFieldSlot reports whether a field of parameter i bound to a tenant
// column is a slot for the caller: the parameter is a plain argument struct
// (sqlc's Params), not a tenant struct or one with a tenant field beside it
// (binding project.Name or f.Tag there is TL007).
func (s *funcState) paramFieldSlot(i int) bool {
	params := s.fn.Params
	if i < 0 || i >= len(params) {
		return false
	}
	t := params[i].Type()
	env := s.pa.env
	return structOf(t) != nil && !env.tenantStruct(t) && env.tenantField(t) == ""
}

// sqlCache remembers analysed statements: services run the same text from
// many call sites, and go vet analyses one package per process anyway.
type sqlResult struct {
	res *sqlscope.Result
	err error
}

// conditionPrefix turns a condition fragment (gorm's Where text) into a
// statement the SQL analysis can read.
const conditionPrefix = "SELECT 1 FROM tenantleak_condition WHERE "

// analyzeSQL parses text with the env's options, once per env and text.
func analyzeSQL(e *env, text string) (*sqlscope.Result, error) {
	if r, ok := e.sqlCache.Load(text); ok {
		r := r.(sqlResult)
		return r.res, r.err
	}
	opts := e.sql
	if strings.HasPrefix(text, conditionPrefix) && opts.Schema != nil {
		// A condition fragment is judged by its tenant columns whatever
		// table it will apply to: the schema does not know the stand-in.
		o := *opts
		o.Schema = nil
		opts = &o
	}
	res, err := sqlscope.Analyze(text, opts)
	e.sqlCache.Store(text, sqlResult{res, err})
	return res, err
}

// byScopedRow reports whether some bind of the statement is a value read
// from a scoped row (or a row proven by a check).
func (s *funcState) byScopedRow(c *callSite, res *sqlscope.Result, b binds) bool {
	found := false
	for k := 0; k < res.Placeholders; k++ {
		name := ""
		if k < len(res.Names) {
			name = res.Names[k]
		}
		l, _, ok := s.bindLabel(b, k, name)
		if !ok {
			continue
		}
		l = s.upgrade(l, c.block, c.index, false)
		if l.has(fUntrusted) {
			return false // an id from the request next to it could address any row
		}
		for _, cp := range l.comps {
			if cp.flags&fScoped != 0 {
				found = true
			}
		}
	}
	return found
}

// renderedSink judges SQL a query builder rendered (squirrel's ToSql, ent's
// Query), or a builder that runs itself: the builder's label knows its
// tables and the values its conditions bound to tenant columns.
func (s *funcState) renderedSink(c *callSite, sk *models.Sink, ql label) *verdict {
	v := &verdict{site: c, kind: models.SQL, id: "TL001"}
	tables := ql.tables
	var scoped []string
	for _, t := range tables {
		if s.pa.env.globalTable(t) {
			continue
		}
		if sch := s.pa.env.schema; sch != nil {
			st := sch.Tables[t]
			if st == nil || !hasTenantColumn(st.Columns, s.pa.env) {
				continue
			}
			v.store = true
		}
		scoped = append(scoped, t)
	}
	if len(tables) > 0 && len(scoped) == 0 {
		return nil // only shared tables
	}
	v.what = "query built on " + strings.Join(scoped, ", ")
	if len(scoped) == 0 {
		v.what = "query built by a query builder"
	}
	if c.recv != nil {
		ql = union(ql, s.labelOf(c.recv))
	}
	ql = s.upgrade(ql, c.block, c.index, false)
	v.readRoot = s.readRoot(c, sk.ReadOperand())
	if !s.judgeBound(v, ql) {
		s.addrFrom(v, ql.without(fBound))
	}
	return v
}

func hasTenantColumn(cols []string, e *env) bool {
	for _, c := range cols {
		if e.sql.TenantColumn(strings.ToLower(c)) {
			return true
		}
	}
	return false
}
