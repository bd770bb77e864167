package main

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tenantleak/tenantleak/analyzer"
	"github.com/tenantleak/tenantleak/analyzer/config"
	"github.com/tenantleak/tenantleak/analyzer/sqlscope"
)

// Exit statuses.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2 // usage, config or load error
	exitInternal = 3 // a recovered panic
)

// options are the driver's flags.
type options struct {
	json    bool
	context int
	fix     bool
	tests   bool
	tags    string
	dir     string
	cpuprof string
	memprof string
	rel     reliabilityOptions
	out     outputOptions
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tenantleak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.BoolVar(&o.json, "json", false, "print findings as the go/analysis JSON tree")
	fs.IntVar(&o.context, "c", -1, "print `N` lines of source around each finding")
	fs.BoolVar(&o.fix, "fix", false, "apply suggested fixes (removal of unused ignore directives)")
	fs.BoolVar(&o.tests, "test", true, "analyse test files too")
	fs.StringVar(&o.tags, "tags", "", "comma-separated build tags")
	fs.StringVar(&o.dir, "C", "", "change to `dir` before loading packages (like go -C)")
	fs.StringVar(&o.cpuprof, "cpuprofile", "", "write a CPU profile to `file`")
	fs.StringVar(&o.memprof, "memprofile", "", "write a heap profile to `file` at the end")
	o.rel.register(fs)
	o.out.register(fs)
	analyzer.Analyzer.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	fs.Usage = func() {
		fmt.Fprintf(stderr, "tenantleak: find stores addressed without a tenant scope\n\n")
		fmt.Fprintf(stderr, "Usage: tenantleak [flags] packages...\n       go vet -vettool=$(which tenantleak) [packages]\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nExit status: 0 clean, 1 findings, 2 usage, config or load error, 3 internal error.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	patterns := packagesOfFiles(fs.Args(), o.dir)
	if len(patterns) == 0 {
		fs.Usage()
		return exitError
	}
	if err := checkFlags(o); err != nil {
		fmt.Fprintf(stderr, "tenantleak: %v\n", err)
		return exitError
	}
	if err := o.out.check(o.json); err != nil {
		fmt.Fprintf(stderr, "tenantleak: %v\n", err)
		return exitError
	}
	if o.cpuprof != "" {
		f, err := os.Create(o.cpuprof)
		if err != nil {
			fmt.Fprintf(stderr, "tenantleak: %v\n", err)
			return exitError
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "tenantleak: %v\n", err)
			return exitError
		}
		defer pprof.StopCPUProfile()
	}
	if o.memprof != "" {
		defer func() {
			f, err := os.Create(o.memprof)
			if err != nil {
				fmt.Fprintf(stderr, "tenantleak: %v\n", err)
				return
			}
			runtime.GC()
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}()
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: o.tests,
		Dir:   o.dir,
	}
	if o.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + o.tags}
	}
	stripper := newBodyStripper(cfg, patterns)
	if stripper != nil {
		cfg.ParseFile = stripper.parseFile
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		fmt.Fprintf(stderr, "tenantleak: %v\n", err)
		return exitError
	}
	stripper.forgive(pkgs)
	if len(pkgs) == 0 {
		fmt.Fprintf(stderr, "tenantleak: %s matched no packages\n", strings.Join(patterns, " "))
		return exitError
	}
	status := exitClean
	raise := func(s int) { status = max(status, s) }
	if packages.PrintErrors(pkgs) > 0 {
		raise(exitError)
	}
	if msgs := checkModelPackages(pkgs, configFlagValue()); len(msgs) > 0 {
		for _, m := range msgs {
			fmt.Fprintf(stderr, "tenantleak: config: %s\n", m)
		}
		return exitError
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, checkerOptions(o))
	if err != nil {
		fmt.Fprintf(stderr, "tenantleak: %v\n", err)
		return exitError
	}
	if o.rel.timing != "" {
		if err := writeTiming(graph, o.rel.timing); err != nil {
			fmt.Fprintf(stderr, "tenantleak: %v\n", err)
			raise(exitError)
		}
	}
	raise(reportErrors(graph, stderr))
	if internalErrors(graph) {
		raise(exitInternal)
	}
	if o.fix {
		if err := applyFixes(graph); err != nil {
			fmt.Fprintf(stderr, "tenantleak: %v\n", err)
			raise(exitError)
		}
		return status
	}
	return emit(graph, o, stdout, stderr, status)
}

// reportErrors prints each distinct analysis error once and returns the
// exit status they call for: an internal error is 3, anything else (a
// config error, a package that failed to type-check) is 2.
func reportErrors(graph *checker.Graph, stderr io.Writer) int {
	status := exitClean
	seen := map[string]bool{}
	var msgs []string
	for act := range graph.All() {
		if act.Err == nil {
			continue
		}
		var internal *analyzer.InternalError
		var cfgErr *config.Error
		var schemaErr *sqlscope.SchemaError
		msg := act.Err.Error()
		switch {
		case errors.As(act.Err, &internal):
			status = max(status, exitInternal)
			msg = "tenantleak: " + msg
		case errors.As(act.Err, &cfgErr):
			status = max(status, exitError)
			msg = "tenantleak: config: " + msg
		case errors.As(act.Err, &schemaErr):
			status = max(status, exitError)
			msg = "tenantleak: config: schema: " + msg
		case strings.HasPrefix(msg, "failed prerequisites"):
			status = max(status, exitError)
			continue // the failing dependency is reported itself
		case strings.Contains(msg, "analysis skipped due to errors in package"):
			status = max(status, exitError)
			msg = fmt.Sprintf("tenantleak: %s: not analysed: it does not type-check", act.Package.PkgPath)
		default:
			status = max(status, exitError)
			msg = "tenantleak: " + act.Package.PkgPath + ": " + msg
		}
		if !seen[msg] {
			seen[msg] = true
			msgs = append(msgs, msg)
		}
	}
	for act := range graph.All() {
		if act.IsRoot {
			continue // printed with the findings
		}
		for _, d := range act.Diagnostics {
			if d.Category == analyzer.InternalCategory {
				msg := fmt.Sprintf("tenantleak: %s: %s", act.Package.PkgPath, d.Message)
				if !seen[msg] {
					seen[msg] = true
					msgs = append(msgs, msg)
				}
			}
		}
	}
	sort.Strings(msgs)
	for _, m := range msgs {
		fmt.Fprintln(stderr, m)
	}
	return status
}

// isFinding reports whether a diagnostic counts toward exit status 1:
// everything but -debug notes and internal errors (status 3).
func isFinding(d analysis.Diagnostic) bool {
	return d.Category != "debug" && d.Category != analyzer.InternalCategory
}

// internalErrors reports whether any package, root or dependency, recovered
// from a panic.
func internalErrors(graph *checker.Graph) bool {
	for act := range graph.All() {
		for _, d := range act.Diagnostics {
			if d.Category == analyzer.InternalCategory {
				return true
			}
		}
	}
	return false
}

func countFindings(graph *checker.Graph) int {
	n := 0
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			if isFinding(d) {
				n++
			}
		}
	}
	return n
}

// printText prints findings as file:line:col: message, related information
// indented after a tab (the layout of the go/analysis drivers), sorted and
// without the duplicates a package and its test variant produce. It
// returns the number of findings printed.
func printText(graph *checker.Graph, w io.Writer, contextLines int) int {
	type line struct {
		file      string
		line, col int
		text      string
		finding   bool
	}
	var out []line
	seen := map[string]bool{}
	wd, _ := os.Getwd()
	// Positions under the working directory print relative to it, as go
	// vet and staticcheck print them.
	rel := func(p token.Position) string {
		if wd != "" {
			if r, err := filepath.Rel(wd, p.Filename); err == nil && !strings.HasPrefix(r, "..") {
				p.Filename = r
			}
		}
		return p.String()
	}
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			p := fset.Position(d.Pos)
			var b strings.Builder
			fmt.Fprintf(&b, "%s: %s\n", rel(p), d.Message)
			printContext(&b, p.Filename, p.Line, contextLines)
			for _, r := range d.Related {
				rp := fset.Position(r.Pos)
				fmt.Fprintf(&b, "%s: \t%s\n", rel(rp), r.Message)
				printContext(&b, rp.Filename, rp.Line, contextLines)
			}
			if seen[b.String()] {
				continue
			}
			seen[b.String()] = true
			out = append(out, line{p.Filename, p.Line, p.Column, b.String(), isFinding(d)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		if a.col != b.col {
			return a.col < b.col
		}
		return a.text < b.text
	})
	n := 0
	for _, l := range out {
		io.WriteString(w, l.text)
		if l.finding {
			n++
		}
	}
	return n
}

func printContext(b *strings.Builder, file string, line, n int) {
	if n < 0 {
		return
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return
	}
	lines := strings.Split(string(data), "\n")
	for i := line - n; i <= line+n; i++ {
		if i >= 1 && i <= len(lines) {
			fmt.Fprintf(b, "%d\t%s\n", i, lines[i-1])
		}
	}
}
