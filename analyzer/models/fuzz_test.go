package models

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/tenantleak/tenantleak/analyzer/internal/yamlstrict"
)

// FuzzParse checks the model file loader: any bytes give a model or a
// *yamlstrict.Error on one line naming the file, never a panic; a model that
// parses can be indexed and looked up.
func FuzzParse(f *testing.F) {
	// Every built-in model is a seed, plus a few broken ones.
	entries, err := fs.ReadDir(builtinFS, "data")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(builtinFS, "data/"+e.Name())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"package: example.com/x\n",
		"package: example.com/x\nsinks:\n  - kind: sql\n    funcs: [\"(*DB).Q\"]\n    query: \"0\"\n    args: \"1...\"\n",
		"package: example.com/x\nsinks:\n  - kind: nosuch\n",
		"package: example.com/x\npropagators:\n  - funcs: [F]\n    from: [recv, \"9999999999999999999\"]\n    to: \"0...\"\n",
		"package: example.com/x\ngenerated: true\nsinks:\n  - kind: sql\n    funcs: [\"(*{}Query).Where\"]\n    query: \"0\"\n",
		"package: [x]\n",
		"package: example.com/x\nsources:\n  funcs: [F]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, err := Parse("m.yml", data)
		if err != nil {
			if fm != nil {
				t.Fatalf("Parse returned a model and an error %v", err)
			}
			var e *yamlstrict.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse error is %T, not *yamlstrict.Error: %v", err, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "m.yml") || strings.Contains(msg, "\n") {
				t.Fatalf("error is not one line naming the file: %q", msg)
			}
			return
		}
		s, err := NewSet(fm)
		if err != nil {
			return
		}
		_ = s.Has(fm.Package)
		_ = s.Relevant(fm.Package)
		_ = s.HasSinks(fm.Package)
		_ = s.LookupMethod(fm.Package, "DB", "Query")
		_ = s.LookupAnyMethod(fm.Package, "Where")
		b, err := Builtin()
		if err != nil {
			t.Fatal(err)
		}
		_ = b.With(fm).Relevant(fm.Package)
	})
}
