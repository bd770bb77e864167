// Command floortime runs the SSA floor (internal/floor) on packages, loaded
// as tenantleak loads them, for the reliability soak (scripts/soak.sh).
//
//	floortime [-timing FILE] [-test=false] [-tags TAGS] [-C DIR] packages...
//
// With -timing it analyses one package at a time and writes, per root
// package, "ID<TAB>seconds": the time of buildssa, its prerequisites and
// the walk on that package, in the format of tenantleak -timing. Without
// it, it runs in parallel, as a floor for wall time and peak memory.
// Packages that do not type-check are analysed as far as they go.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tenantleak/tenantleak/internal/floor"
)

func main() {
	timing := flag.String("timing", "", "write per-package floor durations to `file` (sequential)")
	tests := flag.Bool("test", true, "load test files too")
	tags := flag.String("tags", "", "comma-separated build tags")
	dir := flag.String("C", "", "change to `dir` before loading packages")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: floortime [-timing FILE] [-test=false] [-tags TAGS] [-C DIR] packages...")
		os.Exit(2)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: *tests, Dir: *dir}
	if *tags != "" {
		cfg.BuildFlags = []string{"-tags=" + *tags}
	}
	pkgs, err := packages.Load(cfg, flag.Args()...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floortime:", err)
		os.Exit(2)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{floor.SSAFloor}, pkgs, &checker.Options{Sequential: *timing != ""})
	if err != nil {
		fmt.Fprintln(os.Stderr, "floortime:", err)
		os.Exit(2)
	}
	fmt.Printf("%d root packages\n", len(graph.Roots))
	if *timing == "" {
		return
	}
	d := floor.Durations(graph)
	ids := make([]string, 0, len(d))
	for id := range d {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	f, err := os.Create(*timing)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floortime:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(f)
	for _, id := range ids {
		fmt.Fprintf(w, "%s\t%.6f\n", id, d[id])
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "floortime:", err)
		os.Exit(2)
	}
	f.Close()
}
