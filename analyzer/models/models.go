// Package models holds tenantleak's library knowledge as data: which calls are
// sinks, scopers, propagators, tenant sources, untrusted (request) sources,
// checks and opaque origins. The engine contains no library function names;
// everything it knows of a library comes from a model file.
//
// A model file describes one import path (major version ignored, so one file
// serves github.com/redis/go-redis/v8 and /v9). Built-in models are embedded
// from data/*.yml; users add their own in the same format under `models:` in
// .tenantleak.yml. The format, in the spirit of CodeQL's model files:
//
//	package: github.com/redis/go-redis   # import path, /vN elements ignored
//	doc: go-redis v9.7 command API       # which library version it follows
//	sinks:
//	  - kind: cache                      # sql | orm | cache | file | object
//	    funcs: ["*.Get", "*.Set"]        # see "Function patterns"
//	    address: ["1"]                   # operands that address the store
//	    read: result                     # where the read data lands
//	  - kind: sql
//	    funcs: ["(*DB).QueryContext"]
//	    query: "1"                       # operand holding the SQL text
//	    args: "2..."                     # bind arguments, from operand 2 on
//	scopers:
//	  - funcs: [OpenRoot]
//	    scope: ["0"]                     # a tenant component here scopes the result
//	propagators:
//	  - funcs: [Join]
//	    cleans: true                     # resolves "..": Join, Clean, Abs
//	  - funcs: [Dir]
//	    drops: true                      # drops part of its operand
//	  - funcs: [Sprintf]
//	    format: "0"                      # printf-style: the engine resolves SQL text through it
//	  - funcs: ["(*Decoder).Decode"]
//	    from: [recv]
//	    to: "0"                          # writes into what operand 0 points to
//	sources:   {funcs: [...], fields: [...], types: [...]}  # trusted tenant values
//	untrusted: {funcs: [...], fields: [...], types: [...]}  # request input
//	checks:
//	  - funcs: [HasPrefix]
//	    kind: prefix                     # member | equal | prefix | local
//	    value: "0"
//	    prefix: "1"
//	opaque: ["(Context).Value"]          # results of unseen origin: names decide
//
// Function patterns: `Name` is a package-level function; `(T).M` and `(*T).M`
// a method of the package's type T (pointer-ness is not significant); `*.M`
// method M of any type of the package, interfaces included (go-redis declares
// its commands on several internal types). Field patterns are `T.F`; type
// patterns `T`.
//
// Operands: `recv` (the receiver), `result` / `resultN` (results), `N` (the
// N-th argument after the receiver, from 0), `N.F` (field F of argument N, or
// of what it points to), `N...` (argument N and every later one, variadic
// elements included).
package models

import (
	"embed"
	"fmt"
	"go/types"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/tenantleak/tenantleak/analyzer/internal/yamlstrict"
)

// SinkKind is what a sink addresses.
type SinkKind string

// Sink kinds and the finding each reports when unscoped.
const (
	SQL    SinkKind = "sql"    // TL001
	ORM    SinkKind = "orm"    // TL002
	Cache  SinkKind = "cache"  // TL003
	File   SinkKind = "file"   // TL004
	Object SinkKind = "object" // TL005
)

// FindingID returns the finding ID reported for an unscoped sink of kind k.
func (k SinkKind) FindingID() string {
	switch k {
	case SQL:
		return "TL001"
	case ORM:
		return "TL002"
	case Cache:
		return "TL003"
	case File:
		return "TL004"
	case Object:
		return "TL005"
	}
	return ""
}

// FileModel is one model file.
type FileModel struct {
	Package     string       `yaml:"package"`
	Doc         string       `yaml:"doc"`
	Sinks       []Sink       `yaml:"sinks"`
	Scopers     []Scoper     `yaml:"scopers"`
	Propagators []Propagator `yaml:"propagators"`
	Sources     Values       `yaml:"sources"`
	Untrusted   Values       `yaml:"untrusted"`
	Checks      []Check      `yaml:"checks"`
	Hooks       []Hook       `yaml:"hooks"`
	Opaque      []string     `yaml:"opaque"`
	Globals     []string     `yaml:"globals"` // functions whose calls are never findings (shared by design)
	// Shared lists types whose values are stores shared by design (embed's
	// FS): a sink working through such a handle is never a finding.
	Shared []string `yaml:"shared"`
	// Conjunctions lists slice types whose elements are conditions that
	// must all hold (squirrel's And): a tenant condition among them binds.
	Conjunctions []string `yaml:"conjunctions"`
	// Identifiers lists types whose constant values are SQL identifiers
	// (bun's Ident): one bound to a "?" of a condition is written into it.
	Identifiers []string `yaml:"identifiers"`
	// Generated makes this a model of code a library generates into the
	// user's packages (ent's clients): it describes every package that
	// imports Package, and receiver patterns may hold {} for any name part
	// ((*{}Query).Where matches UserQuery and InvoiceQuery).
	Generated bool `yaml:"generated"`

	name string // file name, for messages
}

// Sink is a call that addresses stored data.
type Sink struct {
	Kind     SinkKind `yaml:"kind"`
	Funcs    []string `yaml:"funcs"`
	Address  []string `yaml:"address"`  // key, path or object-key operands (cache, file, object, orm conditions)
	Query    string   `yaml:"query"`    // sql: operand holding the statement text
	Args     string   `yaml:"args"`     // sql: the bind arguments
	Named    bool     `yaml:"named"`    // sql: binds :name placeholders from a struct or map argument (Args)
	Read     string   `yaml:"read"`     // where read data lands: result, resultN or an argument (a destination pointer)
	Write    string   `yaml:"write"`    // orm: the row written (Create, Insert): its tenant field must hold a trusted tenant
	Bean     string   `yaml:"bean"`     // orm: a row whose non-zero fields are the conditions (xorm Get, Find)
	Cond     string   `yaml:"cond"`     // orm and stores: a condition argument (a mongo filter, a memdb index lookup)
	CondArgs string   `yaml:"condargs"` // ... its bind arguments when the condition is SQL text
	Table    string   `yaml:"table"`    // orm and stores: the operand naming the table (memdb's table argument)
	Tenant   string   `yaml:"tenant"`   // a repository method's tenant parameter: the operand must hold a trusted tenant
	Handle   string   `yaml:"handle"`   // the handle whose scope counts, when not the receiver (afero.ReadFile(fs, name))
	Row      string   `yaml:"row"`      // orm: a row addressed by its primary key (Update(&row), Delete(&row)): scoped when it was read within the tenant or checked
	// Privacy (generated code only): query or mutation. The entity's
	// schema privacy policy is read from source (ent's, see package
	// entpolicy); one whose part of that kind filters by tenant scopes the
	// call, and an entity whose generated row type has no tenant field is
	// shared.
	Privacy string `yaml:"privacy"`

	address  []Operand
	query    Operand
	args     Operand
	read     Operand
	write    Operand
	bean     Operand
	cond     Operand
	condArgs Operand
	table    Operand
	tenant   Operand
	handle   Operand
	row      Operand
}

// Scoper makes a handle scoped when a trusted tenant value is a component of
// its scope operands (os.OpenRoot(filepath.Join(base, tenant))).
type Scoper struct {
	Funcs   []string `yaml:"funcs"`
	Scope   []string `yaml:"scope"`   // operands whose tenant component scopes the handle (a directory, a prefix)
	Handle  string   `yaml:"handle"`  // the scoped handle: result (default) or recv
	Query   string   `yaml:"query"`   // a condition as SQL text (Where("tenant_id = ? AND id = ?", t, id)) ...
	Args    string   `yaml:"args"`    // ... and its bind arguments
	Cond    string   `yaml:"cond"`    // a condition value: a map or struct of column values (squirrel Eq, bson.M, a gorm struct), or a predicate
	Column  string   `yaml:"column"`  // a condition as a column name ...
	Value   string   `yaml:"value"`   // ... and the value it must equal (beego Filter, ent sql.EQ)
	Table   string   `yaml:"table"`   // names the table the handle addresses (squirrel Update("t"), gorm Table)
	Columns string   `yaml:"columns"` // the columns an insert writes (squirrel Columns), paired with Values
	Values  string   `yaml:"values"`  // the values of an insert row, in the order of the handle's columns
	Context bool     `yaml:"context"` // scoped to any tenant argument, or else to the tenant the context carries (configured scopers)
	Apply   string   `yaml:"apply"`   // scope functions applied to the handle (gorm's Scopes(fns...)): what they bind to tenant columns scopes it
	// RowHook names a method of the row type given in the Table operand
	// that the library runs on the statement before it executes (bun's
	// BeforeSelect(ctx, q)): one that binds a trusted tenant to a tenant
	// column of the statement it is given scopes the handle.
	RowHook string `yaml:"rowhook"`

	scope   []Operand
	handle  Operand
	query   Operand
	args    Operand
	cond    Operand
	column  Operand
	value   Operand
	table   Operand
	columns Operand
	values  Operand
	apply   Operand
}

// Hook is a call that registers a function the library runs on every
// statement of a kind (gorm's Callback().Query().Register(name, fn)). A hook
// that binds a trusted tenant to a tenant column of the handle it is given
// scopes every sink in Covers: in the package that registers it and in the
// packages that import that package (a registration in a package they do not
// import is unseen; mark such sinks in the config).
type Hook struct {
	Funcs  []string `yaml:"funcs"`
	Hook   string   `yaml:"hook"`   // the operand holding the hook function
	After  string   `yaml:"after"`  // a function of the package the registration's receiver chain starts at ((*callbacks).Query): which statements the hook runs on
	Covers []string `yaml:"covers"` // the package's sinks the hook runs before, as function patterns

	hook   Operand
	after  [2]string // receiver, name
	covers [][2]string
}

// HookOperand is the operand holding the hook function.
func (h *Hook) HookOperand() Operand { return h.hook }

// AfterFunc is the receiver type name and method name of the call the
// registration chain must start at ("" when any).
func (h *Hook) AfterFunc() (recv, name string) { return h.after[0], h.after[1] }

// CoveredKeys returns the sinks the hook covers, as HookKey strings.
func (h *Hook) CoveredKeys(pkgPath string) []string {
	var out []string
	for _, c := range h.covers {
		out = append(out, hookKey(pkgPath, c[0], c[1]))
	}
	return out
}

// HookKey names a function for hook coverage: the import path without
// major versions, the receiver type name and the function name.
func HookKey(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	recv := ""
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		recv = RecvName(sig.Recv().Type())
	}
	return hookKey(fn.Pkg().Path(), recv, fn.Name())
}

func hookKey(pkgPath, recv, name string) string {
	return NormalizePath(pkgPath) + " " + recv + "." + name
}

// Propagator passes the properties of its operands on (default: every
// argument, and the receiver when it is a value rather than a service
// handle, to the first result).
type Propagator struct {
	Funcs     []string `yaml:"funcs"`
	From      []string `yaml:"from"`
	To        string   `yaml:"to"`
	Drops     bool     `yaml:"drops"`     // drops part of the operand: a label there is lost (Dir, Ext)
	Cleans    bool     `yaml:"cleans"`    // resolves ".." (Join, Clean, Abs)
	Sanitizes bool     `yaml:"sanitizes"` // result is a single path element (Base): ".." cannot climb past its directory
	Format    string   `yaml:"format"`    // printf-style format operand (Sprintf)
	Elems     string   `yaml:"elems"`     // join-style: operand of the elements (strings.Join) ...
	Sep       string   `yaml:"sep"`       // ... and of the separator
	None      bool     `yaml:"none"`      // the result carries nothing of the operands (len, a boolean test)
	Untrusted bool     `yaml:"untrusted"` // what it writes is request input (gin's ShouldBindJSON into operand 0)
	Render    bool     `yaml:"render"`    // renders a query builder into SQL text and arguments (squirrel ToSql, ent Query)
	Unscopes  bool     `yaml:"unscopes"`  // passes its receiver on without its scope (gorm's Or: the conditions so far become one alternative)

	from   []Operand
	to     Operand
	format Operand
	elems  Operand
	sep    Operand
}

// Values lists tenant or untrusted origins.
type Values struct {
	Funcs  []string `yaml:"funcs"`  // results
	Fields []string `yaml:"fields"` // T.F
	Types  []string `yaml:"types"`  // T
}

// CheckKind is the kind of barrier a check is.
type CheckKind string

// Check kinds (DESIGN "check").
const (
	Member CheckKind = "member" // membership/authorization: proves its arguments
	Equal  CheckKind = "equal"  // equality of two operands (a library's compare function)
	Prefix CheckKind = "prefix" // value has prefix: proves value when prefix is tenant-scoped and ends at a separator
	Local  CheckKind = "local"  // value is a local path (no "..", not absolute)
)

// Check is a barrier guard.
type Check struct {
	Funcs   []string  `yaml:"funcs"`
	Kind    CheckKind `yaml:"kind"`
	Args    []string  `yaml:"args"`    // member: proven operands (default: every argument but contexts)
	Value   string    `yaml:"value"`   // prefix, local, equal: the tested operand
	Prefix  string    `yaml:"prefix"`  // prefix: the prefix operand; equal: the other operand
	Success string    `yaml:"success"` // true | false | nil | return (default from the result type: bool → true, error → nil, none → return)

	args   []Operand
	value  Operand
	prefix Operand
}

// Operand names a value at a call: the receiver, a result, an argument, a
// field of an argument, or an argument and all later ones.
type Operand struct {
	Kind     OperandKind
	Index    int    // argument or result index
	Field    string // for ArgField
	Variadic bool   // N...: this argument and every later one
}

// OperandKind is the kind of an Operand.
type OperandKind uint8

// Operand kinds.
const (
	NoOperand OperandKind = iota
	Recv
	Result
	Arg
)

// String renders o in model notation.
func (o Operand) String() string {
	switch o.Kind {
	case Recv:
		return "recv"
	case Result:
		if o.Index == 0 {
			return "result"
		}
		return "result" + strconv.Itoa(o.Index)
	case Arg:
		s := strconv.Itoa(o.Index)
		if o.Field != "" {
			s += "." + o.Field
		}
		if o.Variadic {
			s += "..."
		}
		return s
	}
	return ""
}

// ParseOperand parses model operand notation; "" is NoOperand.
func ParseOperand(s string) (Operand, error) {
	switch {
	case s == "":
		return Operand{}, nil
	case s == "recv":
		return Operand{Kind: Recv}, nil
	case s == "result":
		return Operand{Kind: Result}, nil
	case strings.HasPrefix(s, "result"):
		n, err := strconv.Atoi(s[len("result"):])
		if err != nil || n < 0 {
			return Operand{}, fmt.Errorf("bad operand %q: want resultN", s)
		}
		return Operand{Kind: Result, Index: n}, nil
	}
	o := Operand{Kind: Arg}
	if rest, ok := strings.CutSuffix(s, "..."); ok {
		o.Variadic = true
		s = rest
	}
	num, field, hasField := strings.Cut(s, ".")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || n > 64 {
		return Operand{}, fmt.Errorf("bad operand %q: want recv, result, resultN, N, N.Field or N...", s)
	}
	o.Index = n
	if hasField {
		if !isIdent(field) {
			return Operand{}, fmt.Errorf("bad operand %q: field %q is not an identifier", s, field)
		}
		o.Field = field
	}
	return o, nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9' {
			continue
		}
		return false
	}
	return true
}

// Func is everything the models say about one function or method. A call may
// play several roles (a sink that also propagates).
type Func struct {
	Sinks      []*Sink
	Scoper     *Scoper
	Propagator *Propagator
	Source     bool // result is a trusted tenant value
	Untrusted  bool // result is request input
	Checks     []*Check
	Opaque     bool // result origin unseen: names decide
	Global     bool // shared by design
	Hooks      []*Hook
	Model      string
	// Entity is what {} matched in the receiver pattern of a generated-code
	// model (Ticket for TicketQuery), or "".
	Entity string
}

// Operands of a sink, parsed.
func (s *Sink) AddressOperands() []Operand { return s.address }

// QueryOperand is the operand holding the SQL text.
func (s *Sink) QueryOperand() Operand { return s.query }

// ArgsOperand is the operand holding the bind arguments.
func (s *Sink) ArgsOperand() Operand { return s.args }

// ReadOperand is where read data lands.
func (s *Sink) ReadOperand() Operand { return s.read }

// ScopeOperands of a scoper.
func (s *Scoper) ScopeOperands() []Operand { return s.scope }

// HandleOperand is the scoped handle (result by default).
func (s *Scoper) HandleOperand() Operand { return s.handle }

// QueryOperand is the ORM condition text, if any.
func (s *Scoper) QueryOperand() Operand { return s.query }

// ArgsOperand is the ORM condition's bind arguments.
func (s *Scoper) ArgsOperand() Operand { return s.args }

// CondOperand is a condition value (a map or struct of columns, a predicate).
func (s *Scoper) CondOperand() Operand { return s.cond }

// ColumnValue are the column and value operands of a column condition.
func (s *Scoper) ColumnValue() (column, value Operand) { return s.column, s.value }

// TableOperand names the table the handle addresses.
func (s *Scoper) TableOperand() Operand { return s.table }

// ApplyOperand holds scope functions applied to the handle.
func (s *Scoper) ApplyOperand() Operand { return s.apply }

// ColumnsValues are an insert's columns and values operands.
func (s *Scoper) ColumnsValues() (columns, values Operand) { return s.columns, s.values }

// WriteOperand is the row an ORM insert writes.
func (s *Sink) WriteOperand() Operand { return s.write }

// BeanOperand is a row whose non-zero fields are an ORM call's conditions.
func (s *Sink) BeanOperand() Operand { return s.bean }

// RowOperand is a row addressed by its primary key.
func (s *Sink) RowOperand() Operand { return s.row }

// HandleOperand is the handle whose scope counts, when not the receiver.
func (s *Sink) HandleOperand() Operand { return s.handle }

// TenantOperand is the operand that fills a repository method's tenant slot.
func (s *Sink) TenantOperand() Operand { return s.tenant }

// TableOperand names the table an ORM or store call addresses.
func (s *Sink) TableOperand() Operand { return s.table }

// CondOperands are a condition argument and its bind arguments.
func (s *Sink) CondOperands() (cond, args Operand) { return s.cond, s.condArgs }

// FromOperands are the propagator's inputs (nil: the default).
func (p *Propagator) FromOperands() []Operand { return p.from }

// ToOperand is where the propagator writes (NoOperand: the first result).
func (p *Propagator) ToOperand() Operand { return p.to }

// FormatOperand is the printf format operand.
func (p *Propagator) FormatOperand() Operand { return p.format }

// JoinOperands are the elements and separator operands of a join.
func (p *Propagator) JoinOperands() (elems, sep Operand) { return p.elems, p.sep }

// ArgOperands are the operands a member check proves (nil: every argument but contexts).
func (c *Check) ArgOperands() []Operand { return c.args }

// ValueOperand is the tested operand of a prefix, local or equal check.
func (c *Check) ValueOperand() Operand { return c.value }

// PrefixOperand is the prefix (or the other compared operand).
func (c *Check) PrefixOperand() Operand { return c.prefix }

// Role of a field or named type.
type Role struct {
	Source    bool // holds a trusted tenant value
	Untrusted bool // holds request input
	Store     bool // a tenant-owned store handle or root (rule 4b)
	Shared    bool // a store shared by design (embed.FS: files compiled into the binary)
	And       bool // a slice of conditions that must all hold (squirrel's And)
}

// Set is a lookup table over model files, keyed by import path with major
// versions removed. A Set is immutable once built and safe for concurrent use.
type Set struct {
	pkgs      map[string]*pkgModel
	generated map[string]*pkgModel // by the generating library's import path
	files     []*FileModel
	rowHooks  map[string]bool // method names scopers name as row hooks
}

type pkgModel struct {
	funcs    map[string][]funcEntry // by function or method name
	fields   map[string]Role        // "T.F"
	types    map[string]Role        // "T"
	idents   map[string]bool        // identifier types
	sinks    bool
	relevant bool // sinks, sources, untrusted inputs, checks or scopers: more than propagation
	builtin  bool // described by a built-in model: a library known from its model, not its body
}

// funcEntry is one pattern: recv "" for a package function, "*" for any
// receiver, else the receiver type name.
type funcEntry struct {
	recv string
	fn   *Func
}

//go:embed data/*.yml
var builtinFS embed.FS

var builtin = sync.OnceValues(func() (*Set, error) {
	names, err := fs.Glob(builtinFS, "data/*.yml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var files []*FileModel
	for _, n := range names {
		data, err := builtinFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		f, err := Parse("builtin:"+path.Base(n), data)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	set, err := NewSet(files...)
	if err != nil {
		return nil, err
	}
	for _, pm := range set.pkgs {
		pm.builtin = true
	}
	return set, nil
})

// Builtin returns the embedded models. An error means a built-in model file is
// broken, which the tests prevent.
func Builtin() (*Set, error) { return builtin() }

// Load reads and parses a model file.
func Load(file string) (*FileModel, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &yamlstrict.Error{File: file, Msg: "cannot read model file: " + err.Error()}
	}
	return Parse(file, data)
}

// Parse decodes and validates a model file. Errors name the file, line and key.
func Parse(file string, data []byte) (*FileModel, error) {
	var f FileModel
	pos, err := yamlstrict.Decode(file, data, &f)
	if err != nil {
		return nil, err
	}
	return FromStruct(file, &f, pos)
}

// FromStruct validates a model built in memory (the config's references are
// turned into one) exactly as Parse validates a file; pos may be nil.
func FromStruct(file string, fm *FileModel, pos yamlstrict.Positions) (*FileModel, error) {
	f := *fm
	var err error
	f.name = file
	bad := func(key, format string, args ...any) error {
		return &yamlstrict.Error{File: file, Line: pos.Line(key), Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	if f.Package == "" {
		return nil, bad("package", "missing: a model file names the import path it describes")
	}
	op := func(key, s string) (Operand, error) {
		o, err := ParseOperand(s)
		if err != nil {
			return o, bad(key, "%v", err)
		}
		return o, nil
	}
	ops := func(key string, ss []string) ([]Operand, error) {
		var out []Operand
		for i, s := range ss {
			o, err := op(fmt.Sprintf("%s[%d]", key, i), s)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
		}
		return out, nil
	}
	checkFuncs := func(key string, funcs []string) error {
		if len(funcs) == 0 {
			return bad(key, "missing: list the functions this entry describes")
		}
		for i, p := range funcs {
			if _, _, err := parseFuncPattern(p); err != nil {
				return bad(fmt.Sprintf("%s[%d]", key, i), "%v", err)
			}
		}
		return nil
	}
	for i := range f.Sinks {
		s := &f.Sinks[i]
		k := fmt.Sprintf("sinks[%d]", i)
		if err := checkFuncs(k+".funcs", s.Funcs); err != nil {
			return nil, err
		}
		switch s.Kind {
		case SQL:
			if s.Query == "" && s.Tenant == "" {
				return nil, bad(k+".query", "missing: an sql sink names the operand holding the statement")
			}
		case ORM, Cache, File, Object:
		default:
			return nil, bad(k+".kind", "want one of sql, orm, cache, file, object; got %q", s.Kind)
		}
		if s.address, err = ops(k+".address", s.Address); err != nil {
			return nil, err
		}
		if s.query, err = op(k+".query", s.Query); err != nil {
			return nil, err
		}
		if s.args, err = op(k+".args", s.Args); err != nil {
			return nil, err
		}
		if s.read, err = op(k+".read", s.Read); err != nil {
			return nil, err
		}
		if s.write, err = op(k+".write", s.Write); err != nil {
			return nil, err
		}
		if s.bean, err = op(k+".bean", s.Bean); err != nil {
			return nil, err
		}
		if s.cond, err = op(k+".cond", s.Cond); err != nil {
			return nil, err
		}
		if s.condArgs, err = op(k+".condargs", s.CondArgs); err != nil {
			return nil, err
		}
		if s.table, err = op(k+".table", s.Table); err != nil {
			return nil, err
		}
		if s.tenant, err = op(k+".tenant", s.Tenant); err != nil {
			return nil, err
		}
		if s.handle, err = op(k+".handle", s.Handle); err != nil {
			return nil, err
		}
		if s.row, err = op(k+".row", s.Row); err != nil {
			return nil, err
		}
		switch s.Privacy {
		case "", "query", "mutation":
		default:
			return nil, bad(k+".privacy", "want query or mutation, got %q", s.Privacy)
		}
		if s.Privacy != "" && !f.Generated {
			return nil, bad(k+".privacy", "only a model of generated code (generated: true) names a privacy policy")
		}
		if s.Kind != SQL && len(s.address) == 0 && s.Kind != ORM && s.tenant.Kind == NoOperand {
			return nil, bad(k+".address", "missing: a %s sink names the operands that address the store", s.Kind)
		}
	}
	for i := range f.Scopers {
		s := &f.Scopers[i]
		k := fmt.Sprintf("scopers[%d]", i)
		if err := checkFuncs(k+".funcs", s.Funcs); err != nil {
			return nil, err
		}
		if s.scope, err = ops(k+".scope", s.Scope); err != nil {
			return nil, err
		}
		if s.handle, err = op(k+".handle", s.Handle); err != nil {
			return nil, err
		}
		if s.handle.Kind == NoOperand {
			s.handle = Operand{Kind: Result}
		}
		if s.query, err = op(k+".query", s.Query); err != nil {
			return nil, err
		}
		if s.args, err = op(k+".args", s.Args); err != nil {
			return nil, err
		}
		for _, x := range []struct {
			key string
			src string
			dst *Operand
		}{{".cond", s.Cond, &s.cond}, {".column", s.Column, &s.column}, {".value", s.Value, &s.value},
			{".table", s.Table, &s.table}, {".columns", s.Columns, &s.columns}, {".values", s.Values, &s.values},
			{".apply", s.Apply, &s.apply}} {
			if *x.dst, err = op(k+x.key, x.src); err != nil {
				return nil, err
			}
		}
		if s.RowHook != "" && (!isIdent(s.RowHook) || s.table.Kind == NoOperand) {
			return nil, bad(k+".rowhook", "want a method name, with the row given in table; got %q", s.RowHook)
		}
		if (s.column.Kind == NoOperand) != (s.value.Kind == NoOperand) {
			return nil, bad(k, "a scoper names both its column and its value operands")
		}
	}
	for i := range f.Propagators {
		p := &f.Propagators[i]
		k := fmt.Sprintf("propagators[%d]", i)
		if err := checkFuncs(k+".funcs", p.Funcs); err != nil {
			return nil, err
		}
		if p.from, err = ops(k+".from", p.From); err != nil {
			return nil, err
		}
		if p.to, err = op(k+".to", p.To); err != nil {
			return nil, err
		}
		if p.format, err = op(k+".format", p.Format); err != nil {
			return nil, err
		}
		if p.elems, err = op(k+".elems", p.Elems); err != nil {
			return nil, err
		}
		if p.sep, err = op(k+".sep", p.Sep); err != nil {
			return nil, err
		}
	}
	for i := range f.Checks {
		c := &f.Checks[i]
		k := fmt.Sprintf("checks[%d]", i)
		if err := checkFuncs(k+".funcs", c.Funcs); err != nil {
			return nil, err
		}
		switch c.Kind {
		case "":
			c.Kind = Member
		case Member, Equal, Prefix, Local:
		default:
			return nil, bad(k+".kind", "want one of member, equal, prefix, local; got %q", c.Kind)
		}
		switch c.Success {
		case "", "true", "false", "nil", "return":
		default:
			return nil, bad(k+".success", "want one of true, false, nil, return; got %q", c.Success)
		}
		if c.args, err = ops(k+".args", c.Args); err != nil {
			return nil, err
		}
		if c.value, err = op(k+".value", c.Value); err != nil {
			return nil, err
		}
		if c.prefix, err = op(k+".prefix", c.Prefix); err != nil {
			return nil, err
		}
		if (c.Kind == Prefix || c.Kind == Equal) && (c.value.Kind == NoOperand || c.prefix.Kind == NoOperand) {
			return nil, bad(k, "a %s check names its value and prefix operands", c.Kind)
		}
		if c.Kind == Local && c.value.Kind == NoOperand {
			return nil, bad(k+".value", "missing: a local check names its value operand")
		}
	}
	for i := range f.Hooks {
		h := &f.Hooks[i]
		k := fmt.Sprintf("hooks[%d]", i)
		if err := checkFuncs(k+".funcs", h.Funcs); err != nil {
			return nil, err
		}
		if h.hook, err = op(k+".hook", h.Hook); err != nil {
			return nil, err
		}
		if h.hook.Kind == NoOperand {
			return nil, bad(k+".hook", "missing: a hook names the operand holding the hook function")
		}
		if h.After != "" {
			if h.after[0], h.after[1], err = parseFuncPattern(h.After); err != nil {
				return nil, bad(k+".after", "%v", err)
			}
		}
		if len(h.Covers) == 0 {
			return nil, bad(k+".covers", "missing: list the sinks the hook runs before")
		}
		h.covers = nil
		for j, p := range h.Covers {
			recv, name, err := parseFuncPattern(p)
			if err != nil {
				return nil, bad(fmt.Sprintf("%s.covers[%d]", k, j), "%v", err)
			}
			h.covers = append(h.covers, [2]string{recv, name})
		}
	}
	for key, list := range map[string][]string{"sources.funcs": f.Sources.Funcs, "untrusted.funcs": f.Untrusted.Funcs, "opaque": f.Opaque, "globals": f.Globals} {
		for i, p := range list {
			if _, _, err := parseFuncPattern(p); err != nil {
				return nil, bad(fmt.Sprintf("%s[%d]", key, i), "%v", err)
			}
		}
	}
	for key, list := range map[string][]string{"sources.fields": f.Sources.Fields, "untrusted.fields": f.Untrusted.Fields} {
		for i, p := range list {
			t, fld, ok := strings.Cut(p, ".")
			if !ok || !isIdent(t) || !isIdent(fld) {
				return nil, bad(fmt.Sprintf("%s[%d]", key, i), "want a field as Type.Field, got %q", p)
			}
		}
	}
	for key, list := range map[string][]string{"sources.types": f.Sources.Types, "untrusted.types": f.Untrusted.Types, "shared": f.Shared,
		"conjunctions": f.Conjunctions} {
		for i, p := range list {
			if !isIdent(p) {
				return nil, bad(fmt.Sprintf("%s[%d]", key, i), "want a type name, got %q", p)
			}
		}
	}
	return &f, nil
}

// parseFuncPattern splits "(*T).M", "(T).M", "*.M" or "F" into receiver and name.
func parseFuncPattern(p string) (recv, name string, err error) {
	if strings.HasPrefix(p, "*.") {
		name = p[2:]
		if !isIdent(name) {
			return "", "", fmt.Errorf("bad function pattern %q", p)
		}
		return "*", name, nil
	}
	if strings.HasPrefix(p, "(") {
		close := strings.Index(p, ")")
		if close < 0 || close+2 > len(p) || p[close+1] != '.' {
			return "", "", fmt.Errorf("bad method pattern %q: want (T).M or (*T).M", p)
		}
		recv = strings.TrimPrefix(p[1:close], "*")
		name = p[close+2:]
		if !isIdent(strings.ReplaceAll(recv, "{}", "X")) || !isIdent(name) {
			return "", "", fmt.Errorf("bad method pattern %q: want (T).M or (*T).M", p)
		}
		return recv, name, nil
	}
	if !isIdent(p) {
		return "", "", fmt.Errorf("bad function pattern %q: want F, (T).M, (*T).M or *.M", p)
	}
	return "", p, nil
}

// NewSet indexes model files. Later files extend earlier ones: entries for the
// same function are merged (a user model adds roles to a built-in one).
func NewSet(files ...*FileModel) (*Set, error) {
	s := &Set{pkgs: map[string]*pkgModel{}}
	for _, f := range files {
		s.add(f)
	}
	return s, nil
}

// With returns a new Set with files added after s's own. Packages described
// only by the added files stay packages analysed from source (Library
// reports false for them): user models and the config add knowledge of an
// in-house package, they do not replace its body.
func (s *Set) With(files ...*FileModel) *Set {
	if len(files) == 0 {
		return s
	}
	n, _ := NewSet(append(append([]*FileModel(nil), s.files...), files...)...)
	for key, pm := range n.pkgs {
		if old := s.pkgs[key]; old != nil && old.builtin {
			pm.builtin = true
		}
	}
	return n
}

func (s *Set) add(f *FileModel) {
	s.files = append(s.files, f)
	key := NormalizePath(f.Package)
	table := s.pkgs
	if f.Generated {
		if s.generated == nil {
			s.generated = map[string]*pkgModel{}
		}
		table = s.generated
	}
	pm := table[key]
	if pm == nil {
		pm = &pkgModel{funcs: map[string][]funcEntry{}, fields: map[string]Role{}, types: map[string]Role{}}
		table[key] = pm
	}
	get := func(pattern string) *Func {
		recv, name, _ := parseFuncPattern(pattern)
		for _, e := range pm.funcs[name] {
			if e.recv == recv {
				return e.fn
			}
		}
		fn := &Func{Model: f.name}
		pm.funcs[name] = append(pm.funcs[name], funcEntry{recv: recv, fn: fn})
		return fn
	}
	if len(f.Sinks)+len(f.Scopers)+len(f.Checks)+len(f.Sources.Funcs)+len(f.Sources.Fields)+len(f.Sources.Types)+
		len(f.Untrusted.Funcs)+len(f.Untrusted.Fields)+len(f.Untrusted.Types) > 0 {
		pm.relevant = true
	}
	for i := range f.Sinks {
		pm.sinks = true
		for _, p := range f.Sinks[i].Funcs {
			fn := get(p)
			fn.Sinks = append(fn.Sinks, &f.Sinks[i])
		}
	}
	for i := range f.Scopers {
		for _, p := range f.Scopers[i].Funcs {
			get(p).Scoper = &f.Scopers[i]
		}
		if n := f.Scopers[i].RowHook; n != "" {
			if s.rowHooks == nil {
				s.rowHooks = map[string]bool{}
			}
			s.rowHooks[n] = true
		}
	}
	for i := range f.Propagators {
		for _, p := range f.Propagators[i].Funcs {
			get(p).Propagator = &f.Propagators[i]
		}
	}
	for i := range f.Checks {
		for _, p := range f.Checks[i].Funcs {
			fn := get(p)
			fn.Checks = append(fn.Checks, &f.Checks[i])
		}
	}
	for _, p := range f.Sources.Funcs {
		get(p).Source = true
	}
	for _, p := range f.Untrusted.Funcs {
		get(p).Untrusted = true
	}
	for i := range f.Hooks {
		for _, p := range f.Hooks[i].Funcs {
			fn := get(p)
			fn.Hooks = append(fn.Hooks, &f.Hooks[i])
		}
	}
	for _, p := range f.Opaque {
		get(p).Opaque = true
	}
	for _, p := range f.Globals {
		get(p).Global = true
	}
	for _, t := range f.Identifiers {
		if pm.idents == nil {
			pm.idents = map[string]bool{}
		}
		pm.idents[t] = true
	}
	for _, p := range f.Sources.Fields {
		r := pm.fields[p]
		r.Source = true
		pm.fields[p] = r
	}
	for _, p := range f.Untrusted.Fields {
		r := pm.fields[p]
		r.Untrusted = true
		pm.fields[p] = r
	}
	for _, p := range f.Sources.Types {
		r := pm.types[p]
		r.Source = true
		pm.types[p] = r
	}
	for _, p := range f.Untrusted.Types {
		r := pm.types[p]
		r.Untrusted = true
		pm.types[p] = r
	}
	for _, p := range f.Shared {
		r := pm.types[p]
		r.Shared = true
		pm.types[p] = r
	}
	for _, p := range f.Conjunctions {
		r := pm.types[p]
		r.And = true
		pm.types[p] = r
	}
}

// AddStore marks field or named type "T.F" / "T" of pkg as a tenant-owned
// store (rule 4b); stores come from the config, not from model files.
func (s *Set) AddStore(pkg, typeName, field string) {
	key := NormalizePath(pkg)
	pm := s.pkgs[key]
	if pm == nil {
		pm = &pkgModel{funcs: map[string][]funcEntry{}, fields: map[string]Role{}, types: map[string]Role{}}
		s.pkgs[key] = pm
	}
	if field == "" {
		r := pm.types[typeName]
		r.Store = true
		pm.types[typeName] = r
		return
	}
	pm.relevant = true
	r := pm.fields[typeName+"."+field]
	r.Store = true
	pm.fields[typeName+"."+field] = r
}

// NormalizePath removes major-version elements from an import path:
// github.com/jackc/pgx/v5/pgxpool → github.com/jackc/pgx/pgxpool,
// gopkg.in/yaml.v3 → gopkg.in/yaml.
func NormalizePath(p string) string {
	if !strings.Contains(p, "/v") && !strings.Contains(p, ".v") {
		return p
	}
	parts := strings.Split(p, "/")
	out := parts[:0]
	for i, e := range parts {
		if i > 0 && len(e) > 1 && e[0] == 'v' && isDigits(e[1:]) {
			continue
		}
		if j := strings.LastIndex(e, ".v"); j > 0 && isDigits(e[j+2:]) && strings.HasPrefix(p, "gopkg.in/") {
			e = e[:j]
		}
		out = append(out, e)
	}
	return strings.Join(out, "/")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Has reports whether any model describes the package.
func (s *Set) Has(pkgPath string) bool {
	_, ok := s.pkgs[NormalizePath(pkgPath)]
	return ok
}

// Library reports whether a built-in model describes the package: a
// library whose calls are known from its model rather than its body.
func (s *Set) Library(pkgPath string) bool {
	pm := s.pkgs[NormalizePath(pkgPath)]
	return pm != nil && pm.builtin
}

// Relevant reports whether the models of the package declare more than
// propagation: sinks, sources, untrusted inputs, checks or scopers.
func (s *Set) Relevant(pkgPath string) bool {
	pm := s.pkgs[NormalizePath(pkgPath)]
	return pm != nil && pm.relevant
}

// HasSinks reports whether the models of the package declare sinks.
func (s *Set) HasSinks(pkgPath string) bool {
	pm := s.pkgs[NormalizePath(pkgPath)]
	return pm != nil && pm.sinks
}

// Lookup returns the merged model of fn, or nil. For methods, the receiver's
// named type decides (pointer or not); for interface methods, the interface
// type that declares the method.
func (s *Set) Lookup(fn *types.Func) *Func {
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	recv := ""
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		recv = RecvName(sig.Recv().Type())
		if recv == "" {
			recv = "?"
		}
	}
	return s.lookup(fn.Pkg().Path(), recv, fn.Name())
}

// LookupMethod returns the model of method name on any type of pkgPath whose
// pattern matches recv ("" means: any method pattern, for interface matching).
func (s *Set) LookupMethod(pkgPath, recv, name string) *Func {
	return s.lookup(pkgPath, recv, name)
}

// LookupAnyMethod returns the merged model of every method pattern named
// name in pkgPath, whatever its receiver: a call through a user's interface
// (sqlc's DBTX) matched against a library's methods.
func (s *Set) LookupAnyMethod(pkgPath, name string) *Func {
	return s.lookup(pkgPath, anyRecv, name)
}

const anyRecv = "\x00any"

func (s *Set) lookup(pkgPath, recv, name string) *Func {
	return lookupIn(s.pkgs[NormalizePath(pkgPath)], recv, name)
}

// LookupGenerated returns the model of fn from generated-code models: those
// of a library that fn's package imports directly (an ent client imports
// entgo.io/ent). Receiver patterns may hold {} wildcards.
func (s *Set) LookupGenerated(fn *types.Func) *Func {
	if len(s.generated) == 0 || fn == nil || fn.Pkg() == nil {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	recv := ""
	if sig.Recv() != nil {
		recv = RecvName(sig.Recv().Type())
	}
	var out *Func
	for _, imp := range fn.Pkg().Imports() {
		pm := s.generated[NormalizePath(imp.Path())]
		if pm == nil {
			continue
		}
		for _, e := range pm.funcs[fn.Name()] {
			if e.recv == "" && recv != "" || e.recv != "" && recv == "" || e.recv != "" && e.recv != "*" && !wildMatch(e.recv, recv) {
				continue
			}
			if out == nil {
				c := *e.fn
				c.Entity = wildPart(e.recv, recv)
				out = &c
			} else {
				out = merge(out, e.fn)
			}
		}
	}
	return out
}

// wildPart returns what the single {} of pattern stands for in name, which
// it matches, or "".
func wildPart(pattern, name string) string {
	pre, post, ok := strings.Cut(pattern, "{}")
	if !ok || strings.Contains(post, "{}") || len(name) < len(pre)+len(post) {
		return ""
	}
	return name[len(pre) : len(name)-len(post)]
}

// wildMatch matches a receiver pattern where {} stands for any name part.
func wildMatch(pattern, name string) bool {
	if !strings.Contains(pattern, "{}") {
		return pattern == name
	}
	parts := strings.Split(pattern, "{}")
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	rest := name[len(parts[0]):]
	for i, p := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(rest, p) && len(rest) >= len(p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return true
}

func lookupIn(pm *pkgModel, recv, name string) *Func {
	if pm == nil {
		return nil
	}
	var out *Func
	for _, e := range pm.funcs[name] {
		ok := false
		switch {
		case recv == "" && e.recv == "":
			ok = true // package-level function
		case recv == anyRecv && e.recv != "":
			ok = true
		case recv != "" && (e.recv == "*" || e.recv == recv):
			ok = true
		}
		if !ok {
			continue
		}
		if out == nil {
			c := *e.fn
			out = &c
			continue
		}
		out = merge(out, e.fn)
	}
	return out
}

func merge(a, b *Func) *Func {
	a.Sinks = append(append([]*Sink(nil), a.Sinks...), b.Sinks...)
	a.Checks = append(append([]*Check(nil), a.Checks...), b.Checks...)
	a.Hooks = append(append([]*Hook(nil), a.Hooks...), b.Hooks...)
	if a.Scoper == nil {
		a.Scoper = b.Scoper
	}
	if a.Propagator == nil {
		a.Propagator = b.Propagator
	}
	a.Source = a.Source || b.Source
	a.Untrusted = a.Untrusted || b.Untrusted
	a.Opaque = a.Opaque || b.Opaque
	a.Global = a.Global || b.Global
	return a
}

// RecvName is the name of a receiver's named type, pointers removed.
func RecvName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return t.Obj().Name()
	}
	return ""
}

// Identifier reports whether the named type typeName of pkgPath holds SQL
// identifiers.
func (s *Set) Identifier(pkgPath, typeName string) bool {
	pm := s.pkgs[NormalizePath(pkgPath)]
	return pm != nil && pm.idents[typeName]
}

// Field returns the role of field name of the named type typeName in pkgPath.
func (s *Set) Field(pkgPath, typeName, name string) Role {
	pm := s.pkgs[NormalizePath(pkgPath)]
	if pm == nil {
		return Role{}
	}
	return pm.fields[typeName+"."+name]
}

// Type returns the role of the named type typeName in pkgPath.
func (s *Set) Type(pkgPath, typeName string) Role {
	pm := s.pkgs[NormalizePath(pkgPath)]
	if pm == nil {
		return Role{}
	}
	return pm.types[typeName]
}

// RowHook reports whether some scoper names method name as a row hook
// (bun's BeforeSelect): such methods are analysed before the package's
// other functions.
func (s *Set) RowHook(name string) bool { return s.rowHooks[name] }

// Files returns the model files of the set, built-ins first.
func (s *Set) Files() []*FileModel { return s.files }

// Name is the file a model came from.
func (f *FileModel) Name() string { return f.name }
