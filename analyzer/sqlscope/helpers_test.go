package sqlscope

import (
	"fmt"
	"strconv"
	"strings"
)

// describe renders a statement's tables compactly for table-driven tests:
// name[@alias]{binds} then flags, e.g. "orders@o{tenant_id=$1} joined=[1]".
func describe(st Statement) string {
	var parts []string
	for _, t := range st.Tables {
		var b strings.Builder
		b.WriteString(t.Name)
		if t.Alias != "" {
			b.WriteString("@" + t.Alias)
		}
		b.WriteString("{" + binds(t.Binds) + "}")
		if len(t.Joined) > 0 {
			fmt.Fprintf(&b, " joined=%v", t.Joined)
		}
		flag := func(on bool, s string) {
			if on {
				b.WriteString(" " + s)
			}
		}
		flag(t.Target, "target")
		flag(t.Registry, "registry")
		flag(t.Link, "link")
		flag(t.IDOnly, "idonly")
		flag(t.Unresolved, "unresolved")
		flag(t.Upsert, "upsert")
		flag(!t.UpsertScoped, "upsert-unscoped")
		if len(t.UpsertBinds) > 0 {
			b.WriteString(" ubinds{" + binds(t.UpsertBinds) + "}")
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "; ")
}

func binds(bs []Bind) string {
	var out []string
	for _, b := range bs {
		v := b.Literal
		switch {
		case b.IsNull:
			v = "NULL"
		case b.Placeholder >= 0:
			v = "$" + strconv.Itoa(b.Placeholder+1)
		}
		op := "="
		if b.Write {
			op = ":="
		}
		out = append(out, b.Column+op+v)
	}
	return strings.Join(out, ",")
}
