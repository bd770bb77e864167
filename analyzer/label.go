package analyzer

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantleak/tenantleak/analyzer/summary"
)

// flags are the properties of a value (see summary.Flags).
type flags = summary.Flags

const (
	fTenant    = summary.Tenant
	fUntrusted = summary.Untrusted
	fScoped    = summary.Scoped
	fOpaque    = summary.Opaque
	fDropped   = summary.Dropped
	fCleaned   = summary.Cleaned
	fSafe      = summary.Safe
	fStore     = summary.Store
	fWeak      = summary.Weak
	fConst     = summary.Const
	fZero      = summary.Zero
	fParam     = summary.Param
	fParamPart = summary.ParamPart
	fCtx       = summary.Ctx
	fRecv      = summary.Recv
	fBound     = summary.Bound
	fSlot      = summary.SlotFlow
	fUnjudged  = summary.Unjudged
	fUnscoped  = summary.Unscoped
	fRead      = summary.Read
)

// viaFlags are the transformations a propagator applies on the way; they
// are recorded in summaries' flows and re-applied at each call.
const viaFlags = fDropped | fCleaned | fSafe

// A comp is one origin of a value's content: taint with provenance. Keeping
// the origin (root) lets a check that proves one value upgrade everything
// later built from it, whichever order the code computes them in.
type comp struct {
	root  ssa.Value // the SSA value the component originates from; nil once merged away
	flags flags
	param int16 // parameter index when flags has fParam, else -1
}

// maxComps bounds a label; extra components are merged into one rootless
// component (checks can no longer upgrade it, which errs toward reporting
// only when the merged parts were unscoped anyway).
const maxComps = 8

// label is the abstract value of an SSA value. Labels are passed by value
// and share their components: change one in place (add, merge, clear) only
// if you made it; with, without, clone and union make fresh ones.
type label struct {
	comps []comp
	// Query builders and ORM handles: the tables addressed, the columns of
	// the row being inserted (for pairing with its values), and whether the
	// value is SQL text rendered from a builder (rendered, below).
	tables  []string
	columns []string
	// The flags last, packed: labels are copied and stored by value.
	endsSep  bool // ends at a separator ("/", ":"): a prefix test against it is a real containment test
	cleaned  bool // the whole value went through a ".."-resolving propagator last
	name     bool // tenant-ness comes only from a function's name (name-based source)
	rendered bool
}

func (l label) empty() bool { return len(l.comps) == 0 }

// has reports whether some component has all of f.
func (l label) has(f flags) bool {
	for _, c := range l.comps {
		if c.flags&f == f {
			return true
		}
	}
	return false
}

// all ORs the flags of every component.
func (l label) all() flags {
	var f flags
	for _, c := range l.comps {
		f |= c.flags
	}
	return f
}

// trustedTenant reports whether a component is a tenant value that is not
// request input and not dropped.
func (c comp) trustedTenant() bool {
	return c.flags&fTenant != 0 && c.flags&(fUntrusted|fDropped) == 0
}

func (l label) hasTrustedTenant() bool {
	for _, c := range l.comps {
		if c.trustedTenant() {
			return true
		}
	}
	return false
}

// add merges component c into l (in place).
func (l *label) add(c comp) {
	for i := range l.comps {
		if l.comps[i].root == c.root && l.comps[i].param == c.param {
			old := l.comps[i].flags
			l.comps[i].flags |= c.flags
			// Weak is a lack: a strong tenant from the same origin wins.
			if old&fTenant != 0 && old&fWeak == 0 || c.flags&fTenant != 0 && c.flags&fWeak == 0 {
				l.comps[i].flags &^= fWeak
			}
			return
		}
	}
	if len(l.comps) >= maxComps {
		last := &l.comps[maxComps-1]
		last.root = nil
		last.flags |= c.flags
		if last.param != c.param {
			last.param = -1
			last.flags &^= fParam
		}
		return
	}
	l.comps = append(l.comps, c)
}

// union returns a ∪ b (a fresh label).
func union(a, b label) label {
	out := a
	out.comps = make([]comp, len(a.comps), len(a.comps)+len(b.comps))
	copy(out.comps, a.comps)
	out.merge(b)
	return out
}

// merge sets l to l ∪ b in place, as union does, for accumulating a label
// without a fresh copy at each step; l must own its components.
func (l *label) merge(b label) {
	a := *l
	l.comps = slices.Grow(l.comps, len(b.comps))
	for _, c := range b.comps {
		l.add(c)
	}
	// Whole-value properties: an empty side says nothing.
	switch {
	case len(b.comps) > 0:
		l.endsSep = b.endsSep
	default:
		l.endsSep = a.endsSep || b.endsSep
	}
	l.cleaned = (len(a.comps) == 0 || a.cleaned) && (len(b.comps) == 0 || b.cleaned) && (a.cleaned || b.cleaned)
	l.name = a.name || b.name
	l.tables = mergeStrings(a.tables, b.tables)
	l.columns = a.columns
	if len(b.columns) > 0 {
		l.columns = b.columns
	}
	l.rendered = a.rendered || b.rendered
}

func mergeStrings(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := append([]string(nil), a...)
	for _, x := range b {
		found := false
		for _, y := range out {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

// with returns l with extra flags set on every component.
func (l label) with(f flags) label {
	out := l
	out.comps = make([]comp, len(l.comps))
	copy(out.comps, l.comps)
	for i := range out.comps {
		out.comps[i].flags |= f
	}
	return out
}

// without returns l with flags cleared on every component.
func (l label) without(f flags) label {
	out := l
	out.comps = make([]comp, len(l.comps))
	copy(out.comps, l.comps)
	for i := range out.comps {
		out.comps[i].flags &^= f
	}
	return out
}

// clear clears flags on every component in place; l must own its
// components.
func (l label) clear(f flags) {
	for i := range l.comps {
		l.comps[i].flags &^= f
	}
}

func (l label) clone() label {
	out := l
	out.comps = append([]comp(nil), l.comps...)
	return out
}

func equalLabels(a, b label) bool {
	if len(a.comps) != len(b.comps) || a.endsSep != b.endsSep || a.cleaned != b.cleaned || a.name != b.name ||
		a.rendered != b.rendered || len(a.tables) != len(b.tables) || len(a.columns) != len(b.columns) {
		return false
	}
	for i := range a.comps {
		if a.comps[i] != b.comps[i] {
			return false
		}
	}
	return true
}

// mergePhi joins the labels reaching a merge point. Trust and scope are
// must-properties (DESIGN rule 2: a phi is a tenant value, trusted or scoped
// only if every operand is); request input and origins are may-properties.
func mergePhi(ops []label) label {
	var out label
	if len(ops) == 0 {
		return out
	}
	allTenant, allScoped, allBound, allSep, allClean := true, true, true, true, true
	for _, o := range ops {
		if !o.hasTrustedTenant() {
			allTenant = false
		}
		if !o.has(fScoped) {
			allScoped = false
		}
		if !o.has(fBound) {
			allBound = false
		}
		allSep = allSep && o.endsSep
		allClean = allClean && o.cleaned
	}
	for _, o := range ops {
		out.tables = mergeStrings(out.tables, o.tables)
		if len(o.columns) > 0 {
			out.columns = o.columns
		}
		out.rendered = out.rendered || o.rendered
		for _, c := range o.comps {
			if !allTenant {
				c.flags &^= fTenant
			}
			if !allScoped {
				c.flags &^= fScoped
			}
			if !allBound {
				c.flags &^= fBound
			}
			out.add(c)
		}
	}
	out.endsSep = allSep
	out.cleaned = allClean
	return out
}
