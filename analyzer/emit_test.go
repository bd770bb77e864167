package analyzer_test

import (
	"go/token"
	"strconv"
	"testing"

	"github.com/tenantleak/tenantleak/analyzer"
)

// The loader parses files in parallel, so a file's base in the file set
// depends on the run: findings are ordered by file name and offset, which
// the soak found when -json output differed between runs.
func TestFindingsOrderedByFileNotFileSetBase(t *testing.T) {
	fset := token.NewFileSet()
	b := fset.AddFile("b.go", -1, 100) // parsed first: the lower base
	a := fset.AddFile("a.go", -1, 100)
	got := analyzer.EmitOrderForTest(fset, []token.Pos{b.Pos(10), a.Pos(50), a.Pos(5)})
	want := []string{"a.go:5", "a.go:50", "b.go:10"}
	for i, p := range got {
		pos := fset.Position(p)
		if s := pos.Filename + ":" + strconv.Itoa(pos.Offset); i >= len(want) || s != want[i] {
			t.Fatalf("order %d: got %s, want %v", i, s, want)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d", len(got), len(want))
	}
}
