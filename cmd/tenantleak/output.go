package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/tools/go/analysis/checker"
)

// outputOptions are the flags of the output formats and CI gates.
type outputOptions struct {
	format        string // text, json or sarif
	sarifFile     string // also write SARIF here
	baseline      string // report only findings not in this baseline
	writeBaseline string // write the findings here as a baseline
	baselineGone  bool   // list the baseline's findings that are gone
}

func (o *outputOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output `format`: text, json (as -json) or sarif (SARIF 2.1.0)")
	fs.StringVar(&o.sarifFile, "sarif", "", "also write the findings as SARIF 2.1.0 to `file` (for code scanning)")
	fs.StringVar(&o.baseline, "baseline", "", "report only findings not recorded in the baseline `file`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "write the findings to the baseline `file` and exit 0")
	fs.BoolVar(&o.baselineGone, "baseline-gone", false, "with -baseline, list the recorded findings that are gone (fixed) on stderr")
}

// check validates the flags; json is -json.
func (o *outputOptions) check(json bool) error {
	switch o.format {
	case "sarif":
		if json {
			return fmt.Errorf("-json and -format %s disagree", o.format)
		}
	case "text", "json":
	default:
		return fmt.Errorf("-format %q: want text, json or sarif", o.format)
	}
	if o.baselineGone && o.baseline == "" {
		return fmt.Errorf("-baseline-gone needs -baseline")
	}
	return nil
}

// emit applies the baseline and prints the findings in the chosen formats:
// text and JSON show the new findings only; SARIF shows all, each with its
// baselineState.
// status is the exit status so far (errors); it returns the final one. A
// run with errors (status 2 or 3) writes no SARIF and no baseline: an empty
// report would read as clean and close the alerts of the packages that were
// not analysed.
func emit(graph *checker.Graph, o options, stdout, stderr io.Writer, status int) int {
	raise := func(s int) { status = max(status, s) }
	out := o.out
	if o.json {
		out.format = "json"
	}
	dir := o.dir
	if dir == "" {
		dir = "."
	}
	root := sourceRoot(dir)
	findings := collectFindings(graph, root)

	if out.writeBaseline != "" {
		if status >= exitError {
			fmt.Fprintf(stderr, "tenantleak: baseline %s not written: the run had errors\n", out.writeBaseline)
			return status
		}
		if err := newBaseline(findings).write(out.writeBaseline); err != nil {
			fmt.Fprintf(stderr, "tenantleak: %v\n", err)
			return exitError
		}
		fmt.Fprintf(stderr, "tenantleak: wrote %d findings to the baseline %s\n", len(findings), out.writeBaseline)
		return status
	}

	var fresh map[string]bool // with a baseline, the keys of the new findings
	all := findings
	if out.baseline != "" {
		b, err := readBaseline(out.baseline)
		if err != nil {
			fmt.Fprintf(stderr, "tenantleak: %v\n", err)
			return exitError
		}
		files := analysedFiles(graph, root)
		news, gone := b.match(findings, root, func(f string) bool { return files[f] })
		fresh = map[string]bool{}
		for _, f := range news {
			fresh[f.key] = true
		}
		keepFindings(graph, fresh)
		findings = news
		reportGone(stderr, out, gone)
	}

	if out.sarifFile != "" && status < exitError {
		var buf bytes.Buffer
		if err := writeSARIF(&buf, stderr, all, fresh); err != nil {
			fmt.Fprintf(stderr, "tenantleak: SARIF: %v\n", err)
			raise(exitError)
		} else if err := os.WriteFile(out.sarifFile, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "tenantleak: %v\n", err)
			raise(exitError)
		}
	}

	switch out.format {
	case "json":
		if err := graph.PrintJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "tenantleak: %v\n", err)
			raise(exitError)
		}
		if countFindings(graph) > 0 {
			raise(exitFindings)
		}
	case "sarif":
		if status >= exitError {
			return status
		}
		if err := writeSARIF(stdout, stderr, all, fresh); err != nil {
			fmt.Fprintf(stderr, "tenantleak: SARIF: %v\n", err)
			raise(exitError)
		}
		if len(findings) > 0 {
			raise(exitFindings)
		}
	default:
		if printText(graph, stdout, o.context) > 0 {
			raise(exitFindings)
		}
	}
	return status
}

// reportGone says on stderr how many of the baseline's findings are gone,
// and with -baseline-gone which.
func reportGone(stderr io.Writer, out outputOptions, gone []baselineEntry) {
	n := 0
	for _, e := range gone {
		n += e.count()
	}
	if n == 0 {
		return
	}
	hint := " (-baseline-gone lists them)"
	if out.baselineGone {
		hint = ":"
	}
	fmt.Fprintf(stderr, "tenantleak: %d findings of the baseline %s are gone%s\n", n, out.baseline, hint)
	if out.baselineGone {
		for _, e := range gone {
			fmt.Fprintf(stderr, "tenantleak: gone: %s\n", e)
		}
	}
}

// analysedFiles are the files of the root packages, relative to root.
func analysedFiles(graph *checker.Graph, root string) map[string]bool {
	files := map[string]bool{}
	for _, act := range graph.Roots {
		for _, f := range act.Package.CompiledGoFiles {
			files[relPath(root, f)] = true
		}
		for _, f := range act.Package.GoFiles {
			files[relPath(root, f)] = true
		}
	}
	return files
}
