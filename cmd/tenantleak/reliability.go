package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tenantleak/tenantleak/analyzer"
	"github.com/tenantleak/tenantleak/analyzer/config"
	"github.com/tenantleak/tenantleak/analyzer/models"
)

// reliabilityOptions are the flags the soak script (scripts/soak.sh) uses.
type reliabilityOptions struct {
	timing string // write per-package analysis durations here
}

func (r *reliabilityOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&r.timing, "timing", "", "write the analysis time of each package to `file` (packages are then analysed one at a time, for accurate times)")
}

// checkFlags rejects combinations of flags that cannot both be honoured.
// Each is a usage error (exit 2) before anything is loaded, so no output
// can be mistaken for a clean run.
func checkFlags(o options) error {
	if o.fix {
		// -fix rewrites files and prints no findings: an output flag
		// beside it would be silently ignored.
		switch {
		case o.json:
			return errors.New("-fix and -json cannot be used together: -fix rewrites files and prints no findings")
		case o.out.format != "" && o.out.format != "text":
			return fmt.Errorf("-fix and -format %s cannot be used together: -fix rewrites files and prints no findings", o.out.format)
		case o.out.sarifFile != "":
			return errors.New("-fix and -sarif cannot be used together: -fix rewrites files and writes no findings")
		case o.out.baseline != "" || o.out.writeBaseline != "":
			return errors.New("-fix and a baseline flag cannot be used together: -fix rewrites files and compares no findings")
		}
	}
	if o.rel.timing != "" && o.fix {
		return errors.New("-timing and -fix cannot be used together: time the analysis without rewriting files")
	}
	return nil
}

// checkerOptions are the options of checker.Analyze: sequential when
// timing, since parallel durations are mostly scheduler and GC noise.
func checkerOptions(o options) *checker.Options {
	return &checker.Options{Sequential: o.rel.timing != ""}
}

// writeTiming writes one line per root package, sorted by package ID:
//
//	ID<TAB>seconds
//
// where seconds is the checker's duration of the tenantleak action on that
// package (its own run, not its dependencies'). scripts/floortime writes
// the SSA floor in the same format.
func writeTiming(graph *checker.Graph, file string) error {
	type row struct {
		id   string
		secs float64
	}
	var rows []row
	for _, act := range graph.Roots {
		rows = append(rows, row{act.Package.ID, act.Duration.Seconds()})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].id < rows[j].id })
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%.6f\n", r.id, r.secs)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkModelPackages is the check of a model file for a package that does
// not exist: every package a user model file (the config's models: list)
// describes must be among the packages loaded for this run, the roots or
// their dependencies, else the model would silently describe nothing (a
// typo in package:, or a model of a library the code does not use). The
// package matches up to major-version elements, as models do; a model of
// generated code (generated: true) needs its library among the loaded
// packages too. The configs are those the analysis will use: -config, or
// the nearest .tenantleak.yml of each root package. A config or model
// file that does not load is left to the analysis, which reports it.
//
// The check is the standalone command's only: under go vet each run sees
// one package and its dependencies, too few to tell.
func checkModelPackages(pkgs []*packages.Package, configFlag string) []string {
	loaded := map[string]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		loaded[models.NormalizePath(p.PkgPath)] = true
	})
	var files []string
	addConfig := func(path string) {
		c, err := config.Load(path)
		if err != nil {
			return
		}
		for _, m := range c.ModelFiles {
			if !slices.Contains(files, m) {
				files = append(files, m)
			}
		}
	}
	if configFlag != "" {
		addConfig(configFlag)
	} else {
		seen := map[string]bool{}
		for _, p := range pkgs {
			if len(p.GoFiles) == 0 {
				continue
			}
			dir := filepath.Dir(p.GoFiles[0])
			if seen[dir] {
				continue
			}
			seen[dir] = true
			if path, err := config.Find(dir); err == nil && path != "" && !seen[path] {
				seen[path] = true
				addConfig(path)
			}
		}
	}
	sort.Strings(files)
	var msgs []string
	for _, file := range files {
		fm, err := models.Load(file)
		if err != nil {
			continue
		}
		if fm.Package == "" || loaded[models.NormalizePath(fm.Package)] {
			continue
		}
		msgs = append(msgs, fmt.Sprintf("%s: package: no package %s among the packages of this run and their dependencies; check the path (a typo?) or remove the model",
			positionOf(file), fm.Package))
	}
	return msgs
}

// positionOf is file:line of the package: key of a model file.
func positionOf(file string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		return file
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "package:") {
			return fmt.Sprintf("%s:%d", file, i+1)
		}
	}
	return file
}

// configFlagValue is the analyzer's -config flag as given.
func configFlagValue() string {
	if f := analyzer.Analyzer.Flags.Lookup("config"); f != nil {
		return f.Value.String()
	}
	return ""
}
