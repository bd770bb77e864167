package sqlscope

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// maxDepth bounds the recursion of the walk over one statement's tree.
const maxDepth = 1000

// walker analyses one statement.
type walker struct {
	opts   *Options
	norm   *normalised
	tables []TableUse
	ctes   []map[string]*cteInfo
	depth  int
	err    error
}

// rel is a relation visible at a level: a table (tenant-scoped or not), a CTE
// reference, a derived table, a function, or the EXCLUDED row of an upsert.
type rel struct {
	name, alias string
	use         int      // index into walker.tables; -1 when not tenant-scoped
	cols        []string // known columns; nil when unknown
	derived     bool
	inner       []int    // derived: the tenant-scoped tables at the top of its body
	cte         *cteInfo // CTE reference: inner and cols come from here, once known
	excluded    bool
}

func (r *rel) ref() string {
	if r.alias != "" {
		return r.alias
	}
	return r.name
}

func (r *rel) columns() []string {
	if r.cte != nil {
		return r.cte.cols
	}
	return r.cols
}

// targets are the tenant-scoped tables a join to r reaches.
func (r *rel) targets() []int {
	switch {
	case r.use >= 0:
		return []int{r.use}
	case r.cte != nil:
		return r.cte.inner
	}
	return r.inner
}

type cteInfo struct {
	cols  []string
	inner []int
}

// level is one SELECT (or DML) level: the relations of its FROM, judged by
// its own WHERE and JOIN ON.
type level struct {
	parent *level
	rels   []*rel
	// semi, for a subquery that is a positive EXISTS or IN at the top of its
	// outer WHERE, says which outer relations its correlated joins restrict.
	semi func(*rel) bool
}

func (lv *level) has(r *rel) bool { return slices.Contains(lv.rels, r) }

// affects is the set of relations a predicate restricts.
func (lv *level) affects() func(*rel) bool {
	return func(r *rel) bool { return lv.has(r) || lv.semi != nil && lv.semi(r) }
}

// effects collects what predicates say about tenant-scoped tables, so that
// the branches of an OR can be judged before they count.
type effects struct {
	binds    map[int][]Bind
	unres    map[int]bool
	joins    [][2]int // [a, b]: a's rows are restricted by b's
	keyJoins [][2]int // the joins where a is joined by its id to link table b
	// ownerJoins: link table a references b's row by b's id (a child of b)
	ownerJoins [][2]int
	excluded   map[int]bool
}

func newEffects() *effects {
	return &effects{binds: map[int][]Bind{}, unres: map[int]bool{}, excluded: map[int]bool{}}
}

func (w *walker) apply(e *effects) {
	for u, bs := range e.binds {
		w.tables[u].Binds = append(w.tables[u].Binds, bs...)
	}
	for u := range e.unres {
		w.tables[u].Unresolved = true
	}
	for _, j := range e.joins {
		w.tables[j[0]].Joined = append(w.tables[j[0]].Joined, j[1])
	}
	for _, j := range e.keyJoins {
		w.tables[j[0]].KeyJoined = append(w.tables[j[0]].KeyJoined, j[1])
	}
	for _, j := range e.ownerJoins {
		w.tables[j[0]].OwnerJoined = append(w.tables[j[0]].OwnerJoined, j[1])
	}
}

func (w *walker) enter() bool {
	w.depth++
	if w.depth > maxDepth {
		if w.err == nil {
			w.err = errTooDeep
		}
		return false
	}
	return w.err == nil
}

func (w *walker) leave() { w.depth-- }

// statement analyses one parsed statement.
func (w *walker) statement(n *pg.Node) (Statement, error) {
	st := Statement{Kind: Other}
	if n == nil {
		return st, nil
	}
	if e, ok := n.Node.(*pg.Node_ExplainStmt); ok {
		n = e.ExplainStmt.Query
		if n == nil {
			return st, nil
		}
	}
	switch n.Node.(type) {
	case *pg.Node_SelectStmt:
		st.Kind = Select
	case *pg.Node_InsertStmt:
		st.Kind = Insert
	case *pg.Node_UpdateStmt:
		st.Kind = Update
	case *pg.Node_DeleteStmt:
		st.Kind = Delete
	default:
		return st, nil
	}
	w.stmt(nil, n, nil)
	if w.err != nil {
		return Statement{}, w.err
	}
	st.Tables = w.finish()
	return st, nil
}

// finish orders the tables by position and tidies their lists.
func (w *walker) finish() []TableUse {
	if len(w.tables) == 0 {
		return nil
	}
	order := make([]int, len(w.tables))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return w.tables[order[a]].Pos < w.tables[order[b]].Pos })
	newIdx := make([]int, len(order))
	for to, from := range order {
		newIdx[from] = to
	}
	out := make([]TableUse, len(order))
	for to, from := range order {
		t := w.tables[from]
		var joined []int
		for _, j := range t.Joined {
			if j != from {
				joined = append(joined, newIdx[j])
			}
		}
		slices.Sort(joined)
		t.Joined = slices.Compact(joined)
		var keyJoined []int
		for _, j := range t.KeyJoined {
			keyJoined = append(keyJoined, newIdx[j])
		}
		slices.Sort(keyJoined)
		t.KeyJoined = slices.Compact(keyJoined)
		var ownerJoined []int
		for _, j := range t.OwnerJoined {
			ownerJoined = append(ownerJoined, newIdx[j])
		}
		slices.Sort(ownerJoined)
		t.OwnerJoined = slices.Compact(ownerJoined)
		t.Binds = dedupBinds(t.Binds)
		t.UpsertBinds = dedupBinds(t.UpsertBinds)
		out[to] = t
	}
	return out
}

func dedupBinds(bs []Bind) []Bind {
	if len(bs) < 2 {
		return bs
	}
	seen := make(map[Bind]bool, len(bs))
	out := bs[:0:0]
	for _, b := range bs {
		if !seen[b] {
			seen[b] = true
			out = append(out, b)
		}
	}
	return out
}

// stmt analyses a statement used as a query (top level, CTE body, subquery,
// derived table) and returns the tenant-scoped tables at its top level and
// its output columns (nil when unknown).
func (w *walker) stmt(parent *level, n *pg.Node, semi func(*rel) bool) (inner []int, cols []string) {
	if n == nil || !w.enter() {
		return nil, nil
	}
	defer w.leave()
	switch x := n.Node.(type) {
	case *pg.Node_SelectStmt:
		return w.selectStmt(parent, x.SelectStmt, semi)
	case *pg.Node_InsertStmt:
		return w.insert(parent, x.InsertStmt), nil
	case *pg.Node_UpdateStmt:
		return w.update(parent, x.UpdateStmt), nil
	case *pg.Node_DeleteStmt:
		return w.delete(parent, x.DeleteStmt), nil
	default:
		w.walk(parent, n)
	}
	return nil, nil
}

func (w *walker) pushCTEs(parent *level, with *pg.WithClause) bool {
	if with == nil {
		return false
	}
	frame := map[string]*cteInfo{}
	w.ctes = append(w.ctes, frame)
	var ctes []*pg.CommonTableExpr
	for _, n := range with.Ctes {
		if c := n.GetCommonTableExpr(); c != nil {
			ctes = append(ctes, c)
			if with.Recursive {
				frame[strings.ToLower(c.Ctename)] = &cteInfo{}
			}
		}
	}
	for _, c := range ctes {
		name := strings.ToLower(c.Ctename)
		inner, cols := w.stmt(parent, c.Ctequery, nil)
		if names := nodeStrings(c.Aliascolnames); len(names) > 0 {
			cols = names
		}
		info := frame[name]
		if info == nil {
			info = &cteInfo{}
			frame[name] = info
		}
		info.inner, info.cols = inner, cols
	}
	return true
}

func (w *walker) popCTEs(pushed bool) {
	if pushed {
		w.ctes = w.ctes[:len(w.ctes)-1]
	}
}

func (w *walker) lookupCTE(name string) *cteInfo {
	for i := len(w.ctes) - 1; i >= 0; i-- {
		if c := w.ctes[i][name]; c != nil {
			return c
		}
	}
	return nil
}

func (w *walker) selectStmt(parent *level, s *pg.SelectStmt, semi func(*rel) bool) (inner []int, cols []string) {
	if s == nil {
		return nil, nil
	}
	defer w.popCTEs(w.pushCTEs(parent, s.WithClause))
	if s.Larg != nil || s.Rarg != nil {
		a, cols := w.selectStmt(parent, s.Larg, semi)
		b, _ := w.selectStmt(parent, s.Rarg, semi)
		w.walkAll(parent, s.SortClause)
		w.walk(parent, s.LimitCount)
		w.walk(parent, s.LimitOffset)
		return append(a, b...), cols
	}
	lv := &level{parent: parent, semi: semi}
	for _, row := range s.ValuesLists {
		w.walk(parent, row)
	}
	w.from(lv, s.FromClause)
	w.where(lv, s.WhereClause)
	w.where(lv, s.HavingClause)
	w.walkAll(lv, s.TargetList)
	w.walkAll(lv, s.DistinctClause)
	w.walkAll(lv, s.GroupClause)
	w.walkAll(lv, s.WindowClause)
	w.walkAll(lv, s.SortClause)
	w.walk(lv, s.LimitCount)
	w.walk(lv, s.LimitOffset)
	for _, r := range lv.rels {
		if r.use >= 0 && w.tables[r.use].Registry {
			w.tables[r.use].IDOnly = w.idOnly(lv, r, s.TargetList)
		}
	}
	return lv.inner(), outputCols(s)
}

// inner lists the tenant-scoped tables at the top of a level.
func (lv *level) inner() []int {
	var out []int
	for _, r := range lv.rels {
		out = append(out, r.targets()...)
	}
	return out
}

func outputCols(s *pg.SelectStmt) []string {
	for s != nil && s.Larg != nil {
		s = s.Larg
	}
	if s == nil || len(s.TargetList) == 0 {
		return nil
	}
	var cols []string
	for _, n := range s.TargetList {
		rt := n.GetResTarget()
		if rt == nil {
			return nil
		}
		if rt.Name != "" {
			cols = append(cols, strings.ToLower(rt.Name))
			continue
		}
		if cr := rt.Val.GetColumnRef(); cr != nil {
			names, star := refNames(cr)
			if star || len(names) == 0 {
				return nil
			}
			cols = append(cols, names[len(names)-1])
			continue
		}
		if fc := rt.Val.GetFuncCall(); fc != nil {
			if fn := nodeStrings(fc.Funcname); len(fn) > 0 {
				cols = append(cols, fn[len(fn)-1])
				continue
			}
		}
		cols = append(cols, "?column?")
	}
	return cols
}

// idOnly reports whether a level's target list reads no column of the
// registry table r but its id.
func (w *walker) idOnly(lv *level, r *rel, targets []*pg.Node) bool {
	ok := true
	for _, t := range targets {
		visit(t, func(n *pg.Node) bool {
			switch x := n.Node.(type) {
			case *pg.Node_SubLink:
				return false
			case *pg.Node_ColumnRef:
				names, star := refNames(x.ColumnRef)
				switch {
				case star && len(names) == 0:
					ok = false // SELECT *
				case star:
					if owner := w.qualified(lv, names[len(names)-1]); owner == r {
						ok = false
					}
				case len(names) == 1:
					col := names[0]
					if col == "id" {
						break
					}
					if len(lv.rels) == 1 || slices.Contains(r.columns(), col) {
						ok = false
					}
				default:
					if owner := w.qualified(lv, names[len(names)-2]); owner == r && names[len(names)-1] != "id" {
						ok = false
					}
				}
				return false
			}
			return ok
		})
	}
	return ok
}

// from adds the relations of a FROM list to lv, analyses derived tables and
// applies the join conditions.
func (w *walker) from(lv *level, items []*pg.Node) {
	var p pendingFrom
	for _, n := range items {
		w.fromItem(lv, n, &p)
	}
	for _, d := range p.derived {
		parent := lv.parent
		if d.lateral {
			parent = lv
		}
		inner, cols := w.stmt(parent, d.query, nil)
		d.rel.inner = inner
		if d.rel.cols == nil {
			d.rel.cols = cols
		}
	}
	for _, f := range p.funcs {
		w.walkAll(lv, f)
	}
	for _, q := range p.quals {
		eff := newEffects()
		w.conjunct(lv, q.expr, q.affects, eff, true)
		w.apply(eff)
	}
	for _, u := range p.using {
		w.joinCols(lv, u.left, u.right, u.affects, nil)
	}
}

type pendingFrom struct {
	derived []derived
	funcs   [][]*pg.Node
	quals   []qual
	using   []using
}

type derived struct {
	rel     *rel
	query   *pg.Node
	lateral bool
}

type qual struct {
	expr    *pg.Node
	affects func(*rel) bool
}

type using struct {
	left, right operand
	affects     func(*rel) bool
}

func aliasOf(a *pg.Alias) (string, []string) {
	if a == nil {
		return "", nil
	}
	return strings.ToLower(a.Aliasname), nodeStrings(a.Colnames)
}

// fromItem adds the relations of one FROM item and returns them.
func (w *walker) fromItem(lv *level, n *pg.Node, p *pendingFrom) []*rel {
	if n == nil || !w.enter() {
		return nil
	}
	defer w.leave()
	switch x := n.Node.(type) {
	case *pg.Node_RangeVar:
		r := w.table(x.RangeVar)
		lv.rels = append(lv.rels, r)
		return []*rel{r}
	case *pg.Node_JoinExpr:
		j := x.JoinExpr
		left := w.fromItem(lv, j.Larg, p)
		right := w.fromItem(lv, j.Rarg, p)
		var restricted []*rel
		switch j.Jointype {
		case pg.JoinType_JOIN_LEFT:
			restricted = right
		case pg.JoinType_JOIN_RIGHT:
			restricted = left
		case pg.JoinType_JOIN_FULL:
		default:
			restricted = append(slices.Clip(left), right...)
		}
		aff := func(r *rel) bool { return slices.Contains(restricted, r) }
		if j.Quals != nil {
			p.quals = append(p.quals, qual{j.Quals, aff})
		}
		cols := nodeStrings(j.UsingClause)
		if j.IsNatural {
			cols = naturalCols(left, right)
		}
		for _, c := range cols {
			l := operand{kind: opColumn, col: c, rels: owners(left, c)}
			r := operand{kind: opColumn, col: c, rels: owners(right, c)}
			p.using = append(p.using, using{l, r, aff})
		}
		return append(slices.Clip(left), right...)
	case *pg.Node_RangeSubselect:
		rs := x.RangeSubselect
		alias, cols := aliasOf(rs.Alias)
		r := &rel{name: alias, use: -1, derived: true, cols: cols}
		lv.rels = append(lv.rels, r)
		p.derived = append(p.derived, derived{r, rs.Subquery, rs.Lateral})
		return []*rel{r}
	case *pg.Node_RangeFunction:
		rf := x.RangeFunction
		alias, cols := aliasOf(rf.Alias)
		r := &rel{name: alias, use: -1, derived: true, cols: cols}
		lv.rels = append(lv.rels, r)
		p.funcs = append(p.funcs, rf.Functions)
		return []*rel{r}
	case *pg.Node_RangeTableSample:
		rts := x.RangeTableSample
		p.funcs = append(p.funcs, rts.Args, []*pg.Node{rts.Repeatable})
		return w.fromItem(lv, rts.Relation, p)
	default:
		// Table functions (XMLTABLE, JSON_TABLE): opaque relations whose
		// arguments may hold subqueries.
		r := &rel{use: -1, derived: true}
		lv.rels = append(lv.rels, r)
		p.funcs = append(p.funcs, []*pg.Node{n})
		return []*rel{r}
	}
}

// naturalCols are the columns a NATURAL join equates: the common known
// columns, or, when a side's columns are unknown, the tenant columns of the
// other side (so that the join is not missed).
func naturalCols(left, right []*rel) []string {
	set := func(rs []*rel) (map[string]bool, bool) {
		m := map[string]bool{}
		for _, r := range rs {
			if r.columns() == nil {
				return nil, false
			}
			for _, c := range r.columns() {
				m[c] = true
			}
		}
		return m, true
	}
	l, lok := set(left)
	r, rok := set(right)
	var out []string
	if lok && rok {
		for c := range l {
			if r[c] {
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	if !lok || !rok {
		out = append(out, "*")
	}
	return out
}

func owners(rs []*rel, col string) []*rel {
	var out []*rel
	for _, r := range rs {
		if col == "*" || owns(r, col) {
			out = append(out, r)
		}
	}
	return out
}

func owns(r *rel, col string) bool {
	if r.excluded {
		return false
	}
	cols := r.columns()
	return cols == nil || slices.Contains(cols, col)
}

// table makes the relation of a table reference, registering it as a table
// use when it is tenant-scoped.
func (w *walker) table(rv *pg.RangeVar) *rel {
	if rv == nil {
		return &rel{use: -1}
	}
	name := strings.ToLower(rv.Relname)
	schema := strings.ToLower(rv.Schemaname)
	alias, aliasCols := aliasOf(rv.Alias)
	r := &rel{name: name, alias: alias, use: -1, cols: aliasCols}
	if schema == "" {
		if c := w.lookupCTE(name); c != nil {
			r.derived, r.cte = true, c
			return r
		}
	}
	if isSystem(schema, name) {
		return r
	}
	o := w.opts
	var st *SchemaTable
	if o.Schema != nil {
		st = o.Schema.Tables[name]
		if st != nil && r.cols == nil {
			r.cols = o.Schema.columns(name)
		}
	}
	if schema != "" && o.Global(schema+"."+name) || o.Global(name) {
		return r
	}
	u := TableUse{Name: name, Alias: alias, UpsertScoped: true, Pos: w.norm.origPos(int(rv.Location))}
	switch {
	case o.RegistryTable(name):
		u.Registry, u.Column = true, "id"
	case o.Schema != nil:
		for _, c := range r.cols {
			if o.TenantColumn(c) {
				u.Column = c
				break
			}
		}
		if u.Column == "" {
			u.Link = true // no tenant column: global, but it links its joins
		}
	}
	r.use = len(w.tables)
	w.tables = append(w.tables, u)
	return r
}

func isSystem(schema, name string) bool {
	switch schema {
	case "pg_catalog", "information_schema", "mysql", "performance_schema", "sys":
		return true
	}
	return strings.HasPrefix(name, "pg_") || strings.HasPrefix(name, "sqlite_")
}

func (w *walker) isTenantCol(r *rel, col string) bool {
	if r.use < 0 {
		return false
	}
	return w.opts.TenantColumn(col) || w.tables[r.use].Registry && col == "id"
}

func (w *walker) where(lv *level, n *pg.Node) {
	if n == nil {
		return
	}
	eff := newEffects()
	w.conjunct(lv, n, lv.affects(), eff, true)
	w.apply(eff)
}

// qualified finds the relation a qualifier names, innermost level first.
func (w *walker) qualified(lv *level, q string) *rel {
	for l := lv; l != nil; l = l.parent {
		for _, r := range l.rels {
			if r.ref() == q {
				return r
			}
		}
	}
	for l := lv; l != nil; l = l.parent {
		for _, r := range l.rels {
			if r.name == q {
				return r
			}
		}
	}
	return nil
}

// resolve finds the relations a column reference may belong to: the one its
// qualifier names, or, unqualified, every relation of the innermost level
// that could own it.
func (w *walker) resolve(lv *level, cr *pg.ColumnRef) ([]*rel, string, bool) {
	names, star := refNames(cr)
	if star || len(names) == 0 {
		return nil, "", false
	}
	col := names[len(names)-1]
	if len(names) >= 2 {
		if r := w.qualified(lv, names[len(names)-2]); r != nil {
			return []*rel{r}, col, true
		}
		return nil, col, false
	}
	for l := lv; l != nil; l = l.parent {
		if rs := owners(l.rels, col); len(rs) > 0 {
			return rs, col, true
		}
	}
	return nil, col, false
}

func refNames(cr *pg.ColumnRef) (names []string, star bool) {
	for _, f := range cr.Fields {
		switch x := f.Node.(type) {
		case *pg.Node_String_:
			names = append(names, strings.ToLower(x.String_.Sval))
		case *pg.Node_AStar:
			star = true
		}
	}
	return names, star
}

func nodeStrings(ns []*pg.Node) []string {
	var out []string
	for _, n := range ns {
		if s := n.GetString_(); s != nil {
			out = append(out, strings.ToLower(s.Sval))
		}
	}
	return out
}

type opKind int

const (
	opOther  opKind = iota
	opValue         // a placeholder or a constant
	opColumn        // a column reference
	opSub           // a subquery
	opRow           // ROW(...)
)

type operand struct {
	kind  opKind
	bind  Bind
	rels  []*rel
	col   string
	inner []int // opSub: tenant-scoped tables at the top of the subquery
	row   []*pg.Node
}

func unwrap(n *pg.Node) *pg.Node {
	for n != nil {
		switch x := n.Node.(type) {
		case *pg.Node_TypeCast:
			n = x.TypeCast.Arg
		case *pg.Node_CollateClause:
			n = x.CollateClause.Arg
		default:
			return n
		}
	}
	return nil
}

// value reports the Bind of a placeholder or constant expression.
func value(n *pg.Node) (Bind, bool) {
	n = unwrap(n)
	if n == nil {
		return Bind{}, false
	}
	b := Bind{Placeholder: -1}
	switch x := n.Node.(type) {
	case *pg.Node_ParamRef:
		b.Placeholder = int(x.ParamRef.Number) - 1
		return b, b.Placeholder >= 0
	case *pg.Node_AConst:
		c := x.AConst
		if c.Isnull {
			b.IsNull = true
			return b, true
		}
		switch v := c.Val.(type) {
		case *pg.A_Const_Ival:
			b.Literal = strconv.Itoa(int(v.Ival.GetIval()))
		case *pg.A_Const_Fval:
			b.Literal = v.Fval.GetFval()
		case *pg.A_Const_Boolval:
			b.Literal = strconv.FormatBool(v.Boolval.GetBoolval())
		case *pg.A_Const_Sval:
			b.Literal = "'" + strings.ReplaceAll(v.Sval.GetSval(), "'", "''") + "'"
		case *pg.A_Const_Bsval:
			b.Literal = v.Bsval.GetBsval()
		default:
			b.Literal = "0"
		}
		return b, true
	}
	return Bind{}, false
}

// classify judges one side of a comparison, analysing the subqueries in it.
func (w *walker) classify(lv *level, n *pg.Node) operand {
	u := unwrap(n)
	if b, ok := value(u); ok {
		return operand{kind: opValue, bind: b}
	}
	if u != nil {
		switch x := u.Node.(type) {
		case *pg.Node_ColumnRef:
			if rs, col, ok := w.resolve(lv, x.ColumnRef); ok {
				return operand{kind: opColumn, rels: rs, col: col}
			}
			return operand{}
		case *pg.Node_RowExpr:
			return operand{kind: opRow, row: x.RowExpr.Args}
		case *pg.Node_SubLink:
			if x.SubLink.SubLinkType == pg.SubLinkType_EXPR_SUBLINK {
				inner, _ := w.stmt(lv, x.SubLink.Subselect, nil)
				return operand{kind: opSub, inner: inner}
			}
		}
	}
	w.walk(lv, n)
	return operand{}
}

// conjunct applies one predicate at the top of an AND tree. positive is
// false inside an OR, where an EXISTS restricts nothing.
func (w *walker) conjunct(lv *level, n *pg.Node, aff func(*rel) bool, eff *effects, positive bool) {
	if n == nil || !w.enter() {
		return
	}
	defer w.leave()
	switch x := n.Node.(type) {
	case *pg.Node_BoolExpr:
		switch x.BoolExpr.Boolop {
		case pg.BoolExprType_AND_EXPR:
			for _, a := range x.BoolExpr.Args {
				w.conjunct(lv, a, aff, eff, positive)
			}
		case pg.BoolExprType_OR_EXPR:
			w.or(lv, x.BoolExpr.Args, aff, eff)
		default:
			w.walk(lv, n)
		}
	case *pg.Node_AExpr:
		a := x.AExpr
		op := opName(a.Name)
		switch {
		case a.Kind == pg.A_Expr_Kind_AEXPR_OP && op == "=", a.Kind == pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
			w.equal(lv, a.Lexpr, a.Rexpr, aff, eff)
		case a.Kind == pg.A_Expr_Kind_AEXPR_IN && op == "=":
			w.in(lv, a.Lexpr, a.Rexpr.GetList().GetItems(), aff, eff)
		case a.Kind == pg.A_Expr_Kind_AEXPR_OP_ANY && op == "=":
			if arr := unwrap(a.Rexpr).GetAArrayExpr(); arr != nil {
				w.in(lv, a.Lexpr, arr.Elements, aff, eff)
			} else {
				w.equal(lv, a.Lexpr, a.Rexpr, aff, eff)
			}
		default:
			w.walk(lv, n)
		}
	case *pg.Node_SubLink:
		sl := x.SubLink
		var semi func(*rel) bool
		if positive {
			semi = aff
		}
		switch {
		case sl.SubLinkType == pg.SubLinkType_EXISTS_SUBLINK:
			w.stmt(lv, sl.Subselect, semi)
		case sl.SubLinkType == pg.SubLinkType_ANY_SUBLINK && (len(sl.OperName) == 0 || opName(sl.OperName) == "="):
			l := w.classify(lv, sl.Testexpr)
			inner, _ := w.stmt(lv, sl.Subselect, nil)
			if l.kind == opRow {
				// (a.id, a.tenant_id) IN (SELECT ...): a tenant column in the
				// row is constrained by the subquery's matching column, which
				// the rules cannot judge (often UNNEST of a parameter).
				for _, e := range l.row {
					c := w.classify(lv, e)
					if c.kind != opColumn {
						continue
					}
					tenant := false
					for _, r := range c.rels {
						if r.use >= 0 && aff(r) && w.isTenantCol(r, c.col) {
							eff.unres[r.use] = true
							tenant = true
						}
					}
					if !tenant {
						// (a.task_id, a.retry) IN (SELECT ... FROM scoped): a
						// semi-join to the subquery's tables, as for one column.
						w.semiJoin(c, inner, aff, eff, positive)
					}
				}
				break
			}
			w.semiJoin(l, inner, aff, eff, positive)
		default:
			w.walk(lv, n)
		}
	case *pg.Node_NullTest:
		nt := x.NullTest
		if nt.Nulltesttype != pg.NullTestType_IS_NULL {
			w.walk(lv, n)
			break
		}
		if l := w.classify(lv, nt.Arg); l.kind == opColumn {
			w.bindCol(l, Bind{Placeholder: -1, IsNull: true}, aff, eff)
		}
	default:
		w.walk(lv, n)
	}
}

func opName(ns []*pg.Node) string {
	s := nodeStrings(ns)
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// or keeps the constraints every branch of an OR puts on a table: a tenant
// column bound in each branch is bound to the union of their values.
func (w *walker) or(lv *level, args []*pg.Node, aff func(*rel) bool, eff *effects) {
	var branches []*effects
	for _, a := range args {
		e := newEffects()
		w.conjunct(lv, a, aff, e, false)
		branches = append(branches, e)
	}
	if len(branches) == 0 {
		return
	}
	uses := map[int]bool{}
	for u := range branches[0].binds {
		uses[u] = true
	}
	for u := range branches[0].unres {
		uses[u] = true
	}
	for u := range uses {
		all, unres := true, false
		for _, b := range branches {
			if len(b.binds[u]) == 0 && !b.unres[u] {
				all = false
				break
			}
			unres = unres || b.unres[u]
		}
		if !all {
			continue
		}
		for _, b := range branches {
			eff.binds[u] = append(eff.binds[u], b.binds[u]...)
		}
		if unres {
			eff.unres[u] = true
		}
	}
}

// equal applies l = r.
func (w *walker) equal(lv *level, ln, rn *pg.Node, aff func(*rel) bool, eff *effects) {
	l := w.classify(lv, ln)
	r := w.classify(lv, rn)
	if l.kind != opColumn && r.kind == opColumn {
		l, r = r, l
	}
	switch {
	case l.kind == opRow && r.kind == opRow && len(l.row) == len(r.row):
		for i := range l.row {
			w.equal(lv, l.row[i], r.row[i], aff, eff)
		}
	case l.kind == opRow || r.kind == opRow:
		w.walkAll(lv, l.row)
		w.walkAll(lv, r.row)
	case l.kind != opColumn:
	case r.kind == opValue:
		w.bindCol(l, r.bind, aff, eff)
	case r.kind == opColumn:
		w.joinCols(lv, l, r, aff, eff)
	case r.kind == opSub:
		w.semiJoin(l, r.inner, aff, eff, true)
	case fallsBackTo(rn, l.col):
		// tenant_id = COALESCE(NULLIF($1, ''), tenant_id): an empty value
		// matches every row, so the predicate constrains nothing.
	default:
		w.unresolve(l, aff, eff)
	}
}

// fallsBackTo reports whether n is a COALESCE (or IFNULL) whose arguments
// include column col itself, through casts and NULLIF.
func fallsBackTo(n *pg.Node, col string) bool {
	n = unwrap(n)
	if n == nil || col == "" {
		return false
	}
	var args []*pg.Node
	switch x := n.Node.(type) {
	case *pg.Node_CoalesceExpr:
		args = x.CoalesceExpr.Args
	case *pg.Node_FuncCall:
		if names := nodeStrings(x.FuncCall.Funcname); len(names) > 0 && (strings.EqualFold(names[len(names)-1], "ifnull") || strings.EqualFold(names[len(names)-1], "coalesce")) {
			args = x.FuncCall.Args
		}
	}
	for _, a := range args[min(1, len(args)):] {
		if cr := unwrap(a).GetColumnRef(); cr != nil {
			if f := nodeStrings(cr.Fields); len(f) > 0 && strings.ToLower(f[len(f)-1]) == col {
				return true
			}
		}
	}
	return false
}

// in applies l IN (items).
func (w *walker) in(lv *level, ln *pg.Node, items []*pg.Node, aff func(*rel) bool, eff *effects) {
	l := w.classify(lv, ln)
	if l.kind == opRow {
		// (a, b) IN ((x, y), ...): judged like an OR of row equalities.
		branches := make([]*pg.Node, 0, len(items))
		for _, it := range items {
			branches = append(branches, &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{
				Kind: pg.A_Expr_Kind_AEXPR_OP, Name: []*pg.Node{pg.MakeStrNode("=")},
				Lexpr: &pg.Node{Node: &pg.Node_RowExpr{RowExpr: &pg.RowExpr{Args: l.row}}}, Rexpr: it,
			}}})
		}
		w.or(lv, branches, aff, eff)
		return
	}
	var binds []Bind
	ok := len(items) > 0
	for _, it := range items {
		if b, isVal := value(it); isVal {
			binds = append(binds, b)
		} else {
			ok = false
			w.walk(lv, it)
		}
	}
	if l.kind != opColumn {
		return
	}
	if !ok {
		w.unresolve(l, aff, eff)
		return
	}
	for _, b := range binds {
		w.bindCol(l, b, aff, eff)
	}
}

func (w *walker) bindCol(c operand, b Bind, aff func(*rel) bool, eff *effects) {
	for _, r := range c.rels {
		if aff(r) && w.isTenantCol(r, c.col) {
			b.Column = c.col
			eff.binds[r.use] = append(eff.binds[r.use], b)
		}
	}
}

func (w *walker) unresolve(c operand, aff func(*rel) bool, eff *effects) {
	for _, r := range c.rels {
		if aff(r) && w.isTenantCol(r, c.col) {
			eff.unres[r.use] = true
		}
	}
}

// semiJoin applies col IN (subquery) or col = (subquery): when positive,
// the subquery's tables restrict col's table; they are restricted by it in
// turn unless col is its tenant column, which the subquery then decides
// (the table is Unresolved, and must not lend its scope back).
func (w *walker) semiJoin(c operand, inner []int, aff func(*rel) bool, eff *effects, positive bool) {
	if c.kind != opColumn {
		return
	}
	for _, r := range c.rels {
		if r.use < 0 {
			continue
		}
		tenant := w.isTenantCol(r, c.col)
		if !tenant {
			for _, i := range inner {
				eff.joins = append(eff.joins, [2]int{i, r.use})
			}
		}
		if !aff(r) {
			continue
		}
		if tenant {
			eff.unres[r.use] = true
		}
		if positive {
			for _, i := range inner {
				eff.joins = append(eff.joins, [2]int{r.use, i})
			}
		}
	}
}

// joinCols applies l = r between two columns. With eff nil the joins apply
// at once (USING).
func (w *walker) joinCols(lv *level, l, r operand, aff func(*rel) bool, eff *effects) {
	direct := eff == nil
	if direct {
		eff = newEffects()
	}
	for _, a := range l.rels {
		for _, b := range r.rels {
			w.joinOne(a, l.col, b, r.col, aff, eff)
			w.joinOne(b, r.col, a, l.col, aff, eff)
		}
	}
	if direct {
		w.apply(eff)
	}
}

// joinOne records that a's rows are restricted by b's through a.ac = b.bc.
func (w *walker) joinOne(a *rel, ac string, b *rel, bc string, aff func(*rel) bool, eff *effects) {
	if a.use < 0 || !aff(a) {
		return
	}
	tenant := w.isTenantCol(a, ac)
	switch {
	case b.excluded:
		if tenant && w.isTenantCol(a, bc) {
			eff.excluded[a.use] = true
		} else if tenant {
			eff.unres[a.use] = true
		}
		return
	case a == b:
		if tenant && ac != bc {
			eff.unres[a.use] = true
		}
		return
	}
	ts := b.targets()
	if len(ts) == 0 {
		if tenant {
			eff.unres[a.use] = true
		}
		return
	}
	for _, t := range ts {
		eff.joins = append(eff.joins, [2]int{a.use, t})
		if ac == "id" && b.use == t && b.use >= 0 && w.tables[b.use].Link {
			eff.keyJoins = append(eff.keyJoins, [2]int{a.use, t})
		}
		if bc == "id" && b.use == t && w.tables[a.use].Link {
			eff.ownerJoins = append(eff.ownerJoins, [2]int{a.use, t})
		}
	}
}

// insert analyses an INSERT and returns its target's table use, if any.
func (w *walker) insert(parent *level, s *pg.InsertStmt) []int {
	defer w.popCTEs(w.pushCTEs(parent, s.WithClause))
	target := w.table(s.Relation)
	lv := &level{parent: parent, rels: []*rel{target}}
	var cols []string
	for _, c := range s.Cols {
		if rt := c.GetResTarget(); rt != nil {
			cols = append(cols, strings.ToLower(rt.Name))
			w.walkAll(lv, rt.Indirection)
		}
	}
	if len(cols) == 0 {
		cols = target.columns()
	}
	var tenantIdx []int
	for i, c := range cols {
		if w.isTenantCol(target, c) {
			tenantIdx = append(tenantIdx, i)
		}
	}
	if target.use >= 0 {
		w.tables[target.use].Target = true
	}
	eff := newEffects()
	u := target.use
	sel := s.SelectStmt.GetSelectStmt()
	switch {
	case sel == nil:
		w.stmt(parent, s.SelectStmt, nil) // DEFAULT VALUES has none
	case len(sel.ValuesLists) > 0 && sel.Larg == nil:
		defer w.popCTEs(w.pushCTEs(parent, sel.WithClause))
		for _, row := range sel.ValuesLists {
			items := row.GetList().GetItems()
			w.walkAll(parent, items)
			if u < 0 {
				continue
			}
			if cols == nil {
				eff.unres[u] = true
			}
			for _, i := range tenantIdx {
				if i >= len(items) {
					continue
				}
				if b, ok := value(items[i]); ok {
					b.Column, b.Write = cols[i], true
					eff.binds[u] = append(eff.binds[u], b)
				} else {
					eff.unres[u] = true
				}
			}
		}
	default:
		w.insertSelect(parent, target, cols, tenantIdx, sel, eff)
	}
	w.apply(eff)
	w.upsert(parent, target, s.OnConflictClause)
	w.walkAll(lv, s.ReturningList)
	return target.targets()
}

// insertSelect analyses INSERT ... SELECT: the target's tenant column is
// written with the selected expression at its position.
func (w *walker) insertSelect(parent *level, target *rel, cols []string, tenantIdx []int, sel *pg.SelectStmt, eff *effects) {
	simple := sel.Larg == nil && sel.Rarg == nil
	var lv *level
	if simple {
		// Analysed here, not through stmt, to keep the level for the
		// selected columns.
		if !w.enter() {
			return
		}
		defer w.leave()
		defer w.popCTEs(w.pushCTEs(parent, sel.WithClause))
		lv = &level{parent: parent}
		w.from(lv, sel.FromClause)
		w.where(lv, sel.WhereClause)
		w.where(lv, sel.HavingClause)
		w.walkAll(lv, sel.TargetList)
		w.walkAll(lv, sel.DistinctClause)
		w.walkAll(lv, sel.GroupClause)
		w.walkAll(lv, sel.WindowClause)
		w.walkAll(lv, sel.SortClause)
		w.walk(lv, sel.LimitCount)
		w.walk(lv, sel.LimitOffset)
		for _, r := range lv.rels {
			if r.use >= 0 && w.tables[r.use].Registry {
				w.tables[r.use].IDOnly = w.idOnly(lv, r, sel.TargetList)
			}
		}
	} else {
		w.selectStmt(parent, sel, nil)
	}
	u := target.use
	if u < 0 {
		return
	}
	if !simple || cols == nil {
		eff.unres[u] = true
		return
	}
	for _, i := range tenantIdx {
		if i >= len(sel.TargetList) {
			continue
		}
		rt := sel.TargetList[i].GetResTarget()
		if rt == nil {
			eff.unres[u] = true
			continue
		}
		if b, ok := value(rt.Val); ok {
			b.Column, b.Write = cols[i], true
			eff.binds[u] = append(eff.binds[u], b)
			continue
		}
		joined := false
		if cr := unwrap(rt.Val).GetColumnRef(); cr != nil {
			if rs, col, ok := w.resolve(lv, cr); ok {
				for _, r := range rs {
					if r.use >= 0 && w.isTenantCol(r, col) || r.use < 0 && len(r.targets()) > 0 {
						for _, t := range r.targets() {
							eff.joins = append(eff.joins, [2]int{u, t})
						}
						joined = true
					}
				}
			}
		}
		if !joined {
			eff.unres[u] = true
		}
	}
}

// upsert judges the update path of INSERT ... ON CONFLICT DO UPDATE.
func (w *walker) upsert(parent *level, target *rel, oc *pg.OnConflictClause) {
	if oc == nil {
		return
	}
	excluded := &rel{name: "excluded", use: -1, excluded: true}
	lv := &level{parent: parent, rels: []*rel{target, excluded}}
	if oc.Infer != nil {
		w.walk(lv, oc.Infer.WhereClause)
	}
	w.walkAll(lv, oc.TargetList)
	u := target.use
	if oc.Action != pg.OnConflictAction_ONCONFLICT_UPDATE {
		w.walk(lv, oc.WhereClause)
		return
	}
	// Without a conflict target (MySQL's ON DUPLICATE KEY, SQLite) or with a
	// named constraint, the unique keys involved are unknown: not judged.
	scoped := oc.Infer == nil
	if oc.Infer != nil {
		if oc.Infer.Conname != "" {
			scoped = true
		}
		for _, n := range oc.Infer.IndexElems {
			ie := n.GetIndexElem()
			if ie == nil {
				continue
			}
			col := strings.ToLower(ie.Name)
			if cr := unwrap(ie.Expr).GetColumnRef(); col == "" && cr != nil {
				if names, _ := refNames(cr); len(names) > 0 {
					col = names[len(names)-1]
				}
			}
			if w.isTenantCol(target, col) {
				scoped = true
			}
		}
	}
	eff := newEffects()
	if oc.WhereClause != nil {
		w.conjunct(lv, oc.WhereClause, func(r *rel) bool { return r == target }, eff, true)
	}
	if u < 0 {
		return
	}
	t := &w.tables[u]
	t.Upsert = true
	t.UpsertScoped = scoped || eff.excluded[u]
	t.UpsertBinds = append(t.UpsertBinds, eff.binds[u]...)
}

func (w *walker) update(parent *level, s *pg.UpdateStmt) []int {
	defer w.popCTEs(w.pushCTEs(parent, s.WithClause))
	target := w.table(s.Relation)
	lv := &level{parent: parent, rels: []*rel{target}}
	if target.use >= 0 {
		w.tables[target.use].Target = true
	}
	w.from(lv, s.FromClause)
	eff := newEffects()
	for _, n := range s.TargetList {
		rt := n.GetResTarget()
		if rt == nil {
			w.walk(lv, n)
			continue
		}
		val := rt.Val
		if m := rt.Val.GetMultiAssignRef(); m != nil {
			val = nil
			if row := m.Source.GetRowExpr(); row != nil && m.Colno >= 1 && int(m.Colno) <= len(row.Args) {
				val = row.Args[m.Colno-1]
			} else if m.Colno == 1 {
				w.walk(lv, m.Source) // shared by the columns of (a, b) = (SELECT ...)
			}
		}
		col := strings.ToLower(rt.Name)
		if !w.isTenantCol(target, col) {
			w.walk(lv, val)
			continue
		}
		if b, ok := value(val); ok {
			b.Column, b.Write = col, true
			eff.binds[target.use] = append(eff.binds[target.use], b)
		} else {
			eff.unres[target.use] = true
			w.walk(lv, val)
		}
	}
	w.apply(eff)
	w.where(lv, s.WhereClause)
	w.walkAll(lv, s.ReturningList)
	return target.targets()
}

func (w *walker) delete(parent *level, s *pg.DeleteStmt) []int {
	defer w.popCTEs(w.pushCTEs(parent, s.WithClause))
	target := w.table(s.Relation)
	lv := &level{parent: parent, rels: []*rel{target}}
	if target.use >= 0 {
		w.tables[target.use].Target = true
	}
	w.from(lv, s.UsingClause)
	w.where(lv, s.WhereClause)
	w.walkAll(lv, s.ReturningList)
	return target.targets()
}

func (w *walker) walkAll(lv *level, ns []*pg.Node) {
	for _, n := range ns {
		w.walk(lv, n)
	}
}

// walk finds the subqueries in an expression and analyses each as a level
// of its own.
func (w *walker) walk(lv *level, n *pg.Node) {
	if n == nil || !w.enter() {
		return
	}
	defer w.leave()
	complete := visit(n, func(n *pg.Node) bool {
		if w.err != nil {
			return false
		}
		switch x := n.Node.(type) {
		case *pg.Node_SubLink:
			w.walk(lv, x.SubLink.Testexpr)
			w.stmt(lv, x.SubLink.Subselect, nil)
			return false
		case *pg.Node_SelectStmt, *pg.Node_InsertStmt, *pg.Node_UpdateStmt, *pg.Node_DeleteStmt:
			w.stmt(lv, n, nil)
			return false
		}
		return true
	})
	if !complete && w.err == nil {
		w.err = errTooDeep
	}
}

// visit calls f on n and, while f returns true, on its descendants.
// Common expression nodes are walked directly, others by reflection. It
// reports false when it gave up on a tree deeper than maxDepth.
func visit(n *pg.Node, f func(*pg.Node) bool) bool {
	complete := true
	var rec func(n *pg.Node, depth int)
	rec = func(n *pg.Node, depth int) {
		if depth > maxDepth {
			complete = false
			return
		}
		if n == nil || n.Node == nil || !f(n) {
			return
		}
		depth++
		each := func(ns ...*pg.Node) {
			for _, c := range ns {
				rec(c, depth)
			}
		}
		switch x := n.Node.(type) {
		case *pg.Node_ColumnRef, *pg.Node_ParamRef, *pg.Node_AConst, *pg.Node_String_, *pg.Node_AStar,
			*pg.Node_Integer, *pg.Node_Float, *pg.Node_Boolean, *pg.Node_TypeName:
		case *pg.Node_AExpr:
			each(x.AExpr.Lexpr, x.AExpr.Rexpr)
		case *pg.Node_BoolExpr:
			each(x.BoolExpr.Args...)
		case *pg.Node_FuncCall:
			fc := x.FuncCall
			each(fc.Args...)
			each(fc.AggOrder...)
			each(fc.AggFilter)
			if fc.Over != nil {
				each(fc.Over.PartitionClause...)
				each(fc.Over.OrderClause...)
			}
		case *pg.Node_TypeCast:
			each(x.TypeCast.Arg)
		case *pg.Node_ResTarget:
			each(x.ResTarget.Val)
			each(x.ResTarget.Indirection...)
		case *pg.Node_List:
			each(x.List.Items...)
		case *pg.Node_RowExpr:
			each(x.RowExpr.Args...)
		case *pg.Node_AArrayExpr:
			each(x.AArrayExpr.Elements...)
		case *pg.Node_CaseExpr:
			each(x.CaseExpr.Arg)
			each(x.CaseExpr.Args...)
			each(x.CaseExpr.Defresult)
		case *pg.Node_CaseWhen:
			each(x.CaseWhen.Expr, x.CaseWhen.Result)
		case *pg.Node_CoalesceExpr:
			each(x.CoalesceExpr.Args...)
		case *pg.Node_NullTest:
			each(x.NullTest.Arg)
		case *pg.Node_BooleanTest:
			each(x.BooleanTest.Arg)
		case *pg.Node_SortBy:
			each(x.SortBy.Node)
		case *pg.Node_AIndirection:
			each(x.AIndirection.Arg)
			each(x.AIndirection.Indirection...)
		default:
			if !reflectWalk(n.ProtoReflect(), func(c *pg.Node) { rec(c, depth) }, depth) {
				complete = false
			}
		}
	}
	rec(n, 0)
	return complete
}

var nodeName = (&pg.Node{}).ProtoReflect().Descriptor().FullName()

// reflectWalk calls f on every Node below m, not descending into Nodes. It
// reports false when it gave up on a tree deeper than maxDepth.
func reflectWalk(m protoreflect.Message, f func(*pg.Node), depth int) bool {
	if depth > maxDepth {
		return false
	}
	complete := true
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind || fd.IsMap() {
			return true
		}
		one := func(m protoreflect.Message) {
			if m.Descriptor().FullName() == nodeName {
				if n, ok := m.Interface().(*pg.Node); ok {
					f(n)
				}
				return
			}
			if !reflectWalk(m, f, depth+1) {
				complete = false
			}
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				one(l.Get(i).Message())
			}
		} else {
			one(v.Message())
		}
		return complete
	})
	return complete
}
