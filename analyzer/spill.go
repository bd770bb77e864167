package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// A parameter a closure captures lives in a local variable (SSA spills it:
// t0 = local *T (s); *t0 = s), and every use of s loads it again. Where the
// variable is never assigned after the spill, every load is the parameter:
// addr treats them as one object, so a field stored through one load
// (s.NID = nid) is seen through another, in the function and, through the
// captured variable, in its closures.

// spilledParam returns the parameter a is the spill of, or nil: a's only
// store is the parameter, in the entry block, and every other use of a (and
// of the free variables of the closures it is bound to) only loads it.
func (pa *pkgAnalysis) spilledParam(a *ssa.Alloc) *ssa.Parameter {
	if p, ok := pa.spills[a]; ok {
		return p
	}
	var param *ssa.Parameter
	ok := a.Heap && a.Parent() != nil
	refs := a.Referrers()
	if refs == nil {
		ok = false
	}
	for i := 0; ok && i < len(*refs); i++ {
		switch r := (*refs)[i].(type) {
		case *ssa.Store:
			p, isParam := r.Val.(*ssa.Parameter)
			if r.Addr != a || !isParam || param != nil || r.Block() != a.Parent().Blocks[0] {
				ok = false
			}
			param = p
		case *ssa.UnOp:
			ok = r.Op == token.MUL
		case *ssa.DebugRef:
		case *ssa.MakeClosure:
			ok = pa.boundOnlyRead(r, a)
		default:
			ok = false
		}
	}
	if !ok {
		param = nil
	}
	if pa.spills == nil {
		pa.spills = map[*ssa.Alloc]*ssa.Parameter{}
	}
	pa.spills[a] = param
	return param
}

// boundOnlyRead reports whether every free variable of mc's closure bound
// to v is only loaded (or bound on to closures that only load it).
func (pa *pkgAnalysis) boundOnlyRead(mc *ssa.MakeClosure, v ssa.Value) bool {
	fn, _ := mc.Fn.(*ssa.Function)
	if fn == nil {
		return false
	}
	for i, b := range mc.Bindings {
		if b != v {
			continue
		}
		if i >= len(fn.FreeVars) {
			return false
		}
		refs := fn.FreeVars[i].Referrers()
		if refs == nil {
			return false
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return false
				}
			case *ssa.DebugRef:
			case *ssa.MakeClosure:
				if !pa.boundOnlyRead(r, fn.FreeVars[i]) {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// spilledFreeVar reports whether fv is, at every place its closure is made,
// a spilled parameter of the enclosing function (or such a free variable
// of it): loads of fv are that parameter, whose fields the closure finds
// under fv's path "*" (see bindFreeVars).
func (pa *pkgAnalysis) spilledFreeVar(fv *ssa.FreeVar) bool {
	if ok, seen := pa.spilledFVs[fv]; seen {
		return ok
	}
	ok := pa.spilledFreeVarOnce(fv)
	if pa.spilledFVs == nil {
		pa.spilledFVs = map[*ssa.FreeVar]bool{}
	}
	pa.spilledFVs[fv] = ok
	return ok
}

func (pa *pkgAnalysis) spilledFreeVarOnce(fv *ssa.FreeVar) bool {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	mcs := pa.makeClosures[fn]
	if idx < 0 || len(mcs) == 0 {
		return false
	}
	for _, mc := range mcs {
		if idx >= len(mc.Bindings) {
			return false
		}
		switch b := mc.Bindings[idx].(type) {
		case *ssa.Alloc:
			if pa.spilledParam(b) == nil {
				return false
			}
		case *ssa.FreeVar:
			if !pa.spilledFreeVar(b) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
