package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// describe renders an SSA value roughly as the source wrote it, for
// messages: r.URL.Query().Get("tenant"), s.failuresKey(destinationID).
func (s *funcState) describe(v ssa.Value) string {
	out := s.render(v, 0)
	if len(out) > 80 {
		out = out[:77] + "..."
	}
	return out
}

// describeField renders field of v; for a struct literal built here, the
// value stored in it (&s3.GetObjectInput{Key: aws.String(p)} → aws.String(p)).
// describeName prefers the local variable a value is held in (boardID over
// r.PathValue("board")): the name a reader looks for.
func (s *funcState) describeName(v ssa.Value) string {
	if n, ok := s.names[v]; ok {
		return n
	}
	return s.describe(v)
}

func (s *funcState) describeField(v ssa.Value, field string) string {
	x := v
	if mi, ok := x.(*ssa.MakeInterface); ok {
		x = mi.X
	}
	if st := structOf(x.Type()); st != nil {
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() != field {
				continue
			}
			if a, ok := x.(*ssa.Alloc); ok {
				for _, r := range *a.Referrers() {
					fa, ok := r.(*ssa.FieldAddr)
					if !ok || fa.Field != i {
						continue
					}
					for _, rr := range *fa.Referrers() {
						if st, ok := rr.(*ssa.Store); ok && st.Addr == fa {
							return s.describe(st.Val)
						}
					}
				}
			}
		}
	}
	return s.render(v, 0) + "." + field
}

func (s *funcState) render(v ssa.Value, depth int) string {
	if v == nil {
		return "a value"
	}
	if n, ok := s.names[v]; ok && depth > 0 {
		return n
	}
	if depth > 4 {
		return "…"
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value == nil {
			return "nil"
		}
		if x.Value.Kind() == constant.String {
			str := constant.StringVal(x.Value)
			if len(str) > 40 {
				str = str[:37] + "..."
			}
			return strconv.Quote(str)
		}
		return x.Value.ExactString()
	case *ssa.Parameter:
		return x.Name()
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.Global:
		return x.Name()
	case *ssa.Function:
		return x.Name()
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return s.render(x.X, depth)
		}
		return x.Op.String() + s.render(x.X, depth+1)
	case *ssa.FieldAddr:
		return s.render(x.X, depth+1) + "." + fieldName(x.X.Type(), x.Field)
	case *ssa.Field:
		return s.render(x.X, depth+1) + "." + fieldName(x.X.Type(), x.Field)
	case *ssa.IndexAddr:
		return s.render(x.X, depth+1) + "[" + s.render(x.Index, depth+1) + "]"
	case *ssa.Index:
		return s.render(x.X, depth+1) + "[" + s.render(x.Index, depth+1) + "]"
	case *ssa.Lookup:
		return s.render(x.X, depth+1) + "[" + s.render(x.Index, depth+1) + "]"
	case *ssa.BinOp:
		return s.render(x.X, depth+1) + " " + x.Op.String() + " " + s.render(x.Y, depth+1)
	case *ssa.MakeInterface:
		return s.render(x.X, depth)
	case *ssa.ChangeType:
		return s.render(x.X, depth)
	case *ssa.Convert:
		return s.render(x.X, depth)
	case *ssa.TypeAssert:
		return s.render(x.X, depth)
	case *ssa.Extract:
		return s.render(x.Tuple, depth)
	case *ssa.Slice:
		return s.render(x.X, depth+1) + "[…]"
	case *ssa.Alloc:
		if n, ok := s.names[v]; ok {
			return n
		}
		if x.Comment != "" && x.Comment != "complit" {
			return x.Comment
		}
		if et := pointee(x.Type()); et != nil {
			return "&" + types.TypeString(et, shortQualifier) + "{…}"
		}
		return "a value"
	case *ssa.Call:
		return s.renderCall(&x.Call, depth)
	case *ssa.Phi:
		if n, ok := s.names[v]; ok {
			return n
		}
		if x.Comment != "" {
			return x.Comment
		}
	}
	if n, ok := s.names[v]; ok {
		return n
	}
	return "a value"
}

func (s *funcState) renderCall(cc *ssa.CallCommon, depth int) string {
	var b strings.Builder
	args := cc.Args
	switch {
	case cc.IsInvoke():
		b.WriteString(s.render(cc.Value, depth+1))
		b.WriteString(".")
		b.WriteString(cc.Method.Name())
	default:
		if f := cc.StaticCallee(); f != nil {
			if f.Signature.Recv() != nil && len(args) > 0 {
				b.WriteString(s.render(args[0], depth+1))
				b.WriteString(".")
				args = args[1:]
				b.WriteString(f.Name())
			} else if f.Pkg != nil && f.Pkg != s.fn.Pkg && f.Pkg.Pkg != nil {
				b.WriteString(f.Pkg.Pkg.Name() + "." + f.Name())
			} else if f.Parent() != nil {
				b.WriteString("func literal")
			} else {
				b.WriteString(f.Name())
			}
		} else {
			b.WriteString(s.render(cc.Value, depth+1))
		}
	}
	b.WriteString("(")
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		if i >= 3 {
			b.WriteString("…")
			break
		}
		if sl, ok := a.(*ssa.Slice); ok && cc.Signature().Variadic() && i == len(args)-1 {
			if elems, ok := s.sliceElems(sl); ok {
				for j, e := range elems {
					if j > 0 {
						b.WriteString(", ")
					}
					b.WriteString(s.render(e, depth+1))
				}
				continue
			}
		}
		b.WriteString(s.render(a, depth+1))
	}
	b.WriteString(")")
	return b.String()
}

func shortQualifier(p *types.Package) string { return p.Name() }

func fieldName(t types.Type, i int) string {
	if st := structOf(t); st != nil && i < st.NumFields() {
		return st.Field(i).Name()
	}
	return "?"
}
