// Package summary defines tenantleak's per-function summaries: what a call
// to a function means for tenant scope, so that callers can be judged without
// the callee's body. Summaries are exported as analysis facts on the
// function's *types.Func (like printf's isWrapper facts) and so travel along
// imports under every go/analysis driver.
//
// A summary says, for one function:
//   - what each result carries (tenant-ness, request input, scope, and which
//     parameters flow into it);
//   - which sinks it reaches whose verdict depends on the caller: tenant
//     slots (a parameter that ends in a tenant column, key component or scoped
//     handle) and by-ID accesses (an unscoped store address built from its
//     parameters while it holds no tenant of its own);
//   - whether it is a check (a barrier proving some parameters on success);
//   - whether it is global (shared by design: no findings, no accesses).
//
// Facts must encode to the same bytes on every run (go vet reuses a
// package's result only when its dependencies' facts hash the same), so the
// types here hold no maps and every slice is kept sorted by its producer.
package summary

import (
	"fmt"
	"strings"
)

// Flags are properties of a value, or of one component of it.
type Flags uint32

// Value properties. They form a set; unions OR them (but see the engine's
// phi rule: trust and scope hold at a merge only when every operand has them).
const (
	Tenant    Flags = 1 << iota // a tenant value
	Untrusted                   // request input with no check passed
	Scoped                      // a scoped handle, address or row
	Opaque                      // origin unseen: names decide
	Dropped                     // went through a propagator that drops parts (Dir, slicing)
	Cleaned                     // went through a ".."-resolving propagator (Join, Clean)
	Safe                        // a single path element, or a name checked to be local
	Store                       // a declared tenant-owned store handle or root (rule 4b)
	Weak                        // tenant-ness inferred from a field name of data read here
	Const                       // a constant
	Zero                        // the zero value: nil, "", 0
	Param                       // derives from a parameter
	ParamPart                   // derives from a field or element of a parameter
	Ctx                         // a context.Context
	Recv                        // derives from the receiver
	Bound                       // bound to a tenant column by a condition on a handle (Where("tenant_id = ?", v))
	SlotFlow                    // (a flow) the parameter is named as a tenant: request input or a parameter filling it is a tenant value
	Unjudged                    // a tenant column got a value the analysis cannot see (a row passed whole): never reported
	Unscoped                    // went through an Or or a Not: whatever scope it had is gone
	Read                        // data read from a store (a row): its meaning is its column's, so names decide, weakly
)

var flagNames = []string{"tenant", "untrusted", "scoped", "opaque", "dropped", "cleaned", "safe", "store", "weak", "const", "zero", "param", "parampart", "ctx", "recv", "bound", "slot", "unjudged", "unscoped", "read"}

func (f Flags) String() string {
	var parts []string
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "|")
}

// Flow is a parameter whose properties flow into a value, and what happened
// on the way (Dropped, Cleaned, Safe are kept; the rest come from the caller's
// argument).
type Flow struct {
	Param int   // index into the SSA parameter list (receiver first)
	Via   Flags // transformations on the way: Dropped, Cleaned, Safe
}

// Value summarises one result.
type Value struct {
	Flags Flags  // properties that originate inside the function
	Flows []Flow // parameters flowing in, sorted by Param
	// EndsSep: the value ends at a separator ("/", ":"), so a prefix test
	// against it cannot be passed by a sibling ("dir0/" vs "dir/").
	EndsSep bool
	Cleaned bool // the whole value is cleaned (no "..")
	Name    bool // tenant-ness came only from the function's name (a name-based source)
	// A query builder or ORM handle: the tables it addresses, the columns
	// of the row it inserts, and whether it is rendered SQL text.
	Tables   []string
	Columns  []string
	Rendered bool
	// ScopeFunc: the result is a scope function (func(h) h) that binds what
	// it captured — the flows of this value — to tenant columns of the
	// handle it is applied to (gorm's Scopes(TenantScope(t))).
	ScopeFunc bool
}

// Kind is the kind of sink, as the models name them.
type Kind string

// Slot is a parameter that fills a tenant slot of a sink.
type Slot struct {
	Param  int
	Elem   int    // element of a variadic parameter (args...), or -1 for the parameter itself
	Column string // the tenant column ("usergroups.org_id") or the slot's description ("key component")
}

// Deferred is a sink whose verdict depends on the caller's arguments. Either
// it has Slots (it is scoped only by parameters) or it is an Access (an
// unscoped address built from the parameters in Addr).
type Deferred struct {
	Kind  Kind
	ID    string // the finding reported for it: TL001..TL005
	Slots []Slot // tenant slots filled from parameters
	Addr  []int  // parameters addressing an unscoped access (by-ID)
	Flags Flags  // properties of the address from inside the function: Untrusted, Store, Opaque
	Read  int    // result that receives the read data, or -1 (for post-fetch checks at the caller)
	// TextParam and ArgsParam make a query wrapper: the statement text is
	// the caller's argument TextParam and its bind arguments the elements of
	// the variadic ArgsParam (-1 when absent); the caller judges the
	// statement it passes.
	TextParam int
	ArgsParam int
	What      string // what is addressed: `SELECT on sources`, `cache key "alert:" + destinationID`
	At        string // where the sink is: "sources/shared.go:41"
	Chain     []string
}

// Check says the function is a barrier: on success it proves Params.
type Check struct {
	Params  []int
	Kind    string // member, equal, prefix, local
	Success string // true, false, nil (its error result is nil), return (it returns at all)
	Result  int    // which result carries the outcome (for true/false/nil)
}

// Func is the summary of one function: an analysis.Fact on its *types.Func.
type Func struct {
	Results []Value
	Sinks   []Deferred
	Check   *Check
	Global  bool
	// Binds lists the parameters (SSA indices, receiver first) holding a
	// handle on which the function binds a trusted tenant to a tenant
	// column: a hook the library runs before each statement (a gorm
	// callback func(*gorm.DB), bun's BeforeSelect(ctx, q)). Sorted.
	Binds []int
	// Invokes lists the parameters of function type the function calls,
	// with what the arguments of those calls carry: a transaction helper
	// passing a tenant-scoped tx to its callback (InTenant(ctx, t,
	// func(tx pgx.Tx) error)). Sorted by Param.
	Invokes []Invoke
}

// Invoke is a call of the function's parameter Param; Args[i] is what its
// argument i carries (flows from the function's parameters and flags of
// its own), kept only when some argument is a tenant or scoped.
type Invoke struct {
	Param int
	Args  []Value
}

// AFact marks Func as an analysis fact.
func (*Func) AFact() {}

// String renders the summary compactly; tests match it with `// want fn:"..."`.
func (f *Func) String() string {
	var parts []string
	if f.Global {
		parts = append(parts, "global")
	}
	for i, r := range f.Results {
		if r.Flags == 0 && len(r.Flows) == 0 {
			continue
		}
		s := fmt.Sprintf("result%d=%s", i, r.Flags)
		for _, fl := range r.Flows {
			s += fmt.Sprintf("+p%d", fl.Param)
			if fl.Via != 0 {
				s += "(" + fl.Via.String() + ")"
			}
		}
		parts = append(parts, s)
	}
	for _, d := range f.Sinks {
		s := d.ID
		for _, sl := range d.Slots {
			s += fmt.Sprintf(" slot:p%d=%s", sl.Param, sl.Column)
		}
		for _, a := range d.Addr {
			s += fmt.Sprintf(" addr:p%d", a)
		}
		parts = append(parts, s)
	}
	if f.Check != nil {
		parts = append(parts, fmt.Sprintf("check%v/%s", f.Check.Params, f.Check.Success))
	}
	for _, inv := range f.Invokes {
		parts = append(parts, fmt.Sprintf("invokes:p%d", inv.Param))
	}
	for _, p := range f.Binds {
		parts = append(parts, fmt.Sprintf("binds:p%d", p))
	}
	return strings.Join(parts, " ")
}

// Package is the package fact: what importers need to know of a package as
// a whole.
type Package struct {
	// Analyzed: the package's functions were summarised (a function without
	// a Func fact has the default summary: results carry their arguments).
	Analyzed bool
	// ContextSource: a context source is declared here or in a package this
	// one imports, transitively (DESIGN rule 2, "tenant available").
	ContextSource bool
	// ContextSourceName names one such source, for messages ("auth.TenantFrom").
	ContextSourceName string
	// TableNames maps a type declared here to the constant its TableName()
	// method returns (the ORM convention of gorm, pop and bun): the table
	// its rows are stored in.
	TableNames map[string]string
	// Hooks lists the sinks a hook registered here scopes (gorm callbacks
	// that bind the tenant), as models.HookKey strings, sorted: importers
	// treat those sinks as scoped.
	Hooks []string
	// Interesting: some function here has a non-default summary, so callers
	// can reach a sink, a slot or a tenant value through it.
	Interesting bool
}

// AFact marks Package as an analysis fact.
func (*Package) AFact() {}

func (p *Package) String() string {
	return fmt.Sprintf("analyzed=%v ctxsource=%v interesting=%v", p.Analyzed, p.ContextSource, p.Interesting)
}
