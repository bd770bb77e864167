package recgen_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tenantleak/tenantleak/analyzer"
	"github.com/tenantleak/tenantleak/internal/floor"
	"github.com/tenantleak/tenantleak/internal/recgen"
)

func load(tb testing.TB, n int) []*packages.Package {
	tb.Helper()
	dir := tb.TempDir()
	for name, text := range recgen.Files(n) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatal("the generated package does not type-check")
	}
	return pkgs
}

// analyse runs a on pkgs one package at a time and returns the time of
// the root package and of the whole run.
func analyse(tb testing.TB, a *analysis.Analyzer, pkgs []*packages.Package) (root, all time.Duration, graph *checker.Graph) {
	t0 := time.Now()
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{Sequential: true})
	if err != nil {
		tb.Fatal(err)
	}
	all = time.Since(t0)
	for _, s := range floor.Durations(graph) {
		root += time.Duration(s * float64(time.Second))
	}
	return root, all, graph
}

// TestRecursiveSmall checks the generated package on a small size: it
// type-checks, the analysis terminates without internal errors, and it
// reports the planted leaks (the unused tenants and the by-ID lookups).
func TestRecursiveSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the standard library from source")
	}
	const n = 30
	_, _, graph := analyse(t, analyzer.Analyzer, load(t, n))
	findings := 0
	for act := range graph.All() {
		if act.Err != nil {
			t.Fatalf("%s: %v", act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			if d.Category == analyzer.InternalCategory {
				t.Fatalf("internal error: %s", d.Message)
			}
			if act.IsRoot {
				findings++
			}
		}
	}
	// h(i) with i%5 == 1 leaks its tenant; each i%3 == 0 calls a by-ID lookup.
	want := 0
	for i := 0; i < n; i++ {
		if i%5 == 1 {
			want++
		}
		if i%3 == 0 {
			want++
		}
	}
	if findings != want {
		t.Errorf("%d findings on %d helpers, want %d", findings, n, want)
	}
}

// BenchmarkRecursive2000 is the soak's resource bound: tenantleak on 2,000
// mutually recursive helpers against the SSA floor of the same package,
// both one package at a time on the same loaded packages (the load, paid
// alike by both, is outside the loop). x-floor is the ratio on the
// generated package; x-floor-run the ratio of the whole runs, dependencies
// included. The first must stay under 3.
func BenchmarkRecursive2000(b *testing.B) {
	pkgs := load(b, 2000)
	var tl, fl, tlAll, flAll time.Duration
	for b.Loop() {
		r, a, _ := analyse(b, analyzer.Analyzer, pkgs)
		tl, tlAll = tl+r, tlAll+a
		r, a, _ = analyse(b, floor.SSAFloor, pkgs)
		fl, flAll = fl+r, flAll+a
	}
	b.ReportMetric(tl.Seconds()/float64(b.N), "tenantleak-s/op")
	b.ReportMetric(fl.Seconds()/float64(b.N), "floor-s/op")
	b.ReportMetric(tl.Seconds()/fl.Seconds(), "x-floor")
	b.ReportMetric(tlAll.Seconds()/flAll.Seconds(), "x-floor-run")
}
