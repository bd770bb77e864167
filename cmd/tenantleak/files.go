package main

import (
	"os"
	"path/filepath"
	"strings"
)

// packagesOfFiles replaces each argument naming a Go file with its
// package's directory, so that `tenantleak a/x.go a/y_test.go b/z.go`
// analyses packages ./a and ./b (what pre-commit passes: the changed
// files). Other arguments are package patterns and stay.
//
// dir is -C (patterns are relative to it; "" for the working directory). A
// file is looked for relative to the working directory first (pre-commit
// passes paths relative to the repository root, where it runs), then
// relative to dir; its package directory is given relative to dir.
func packagesOfFiles(args []string, dir string) []string {
	base, err := filepath.Abs(dir)
	if err != nil {
		base = dir
	}
	out := make([]string, 0, len(args))
	seen := map[string]bool{}
	for _, a := range args {
		if strings.HasSuffix(a, ".go") {
			if file := existingFile(a, base); file != "" {
				a = patternFor(filepath.Dir(file), base)
			}
		}
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// existingFile is the absolute name of the regular file name, relative to
// the working directory or else to base; "" if there is none.
func existingFile(name, base string) string {
	for _, p := range []string{name, filepath.Join(base, name)} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			if abs, err := filepath.Abs(p); err == nil {
				return abs
			}
		}
		if filepath.IsAbs(name) {
			break
		}
	}
	return ""
}

// patternFor is the package pattern of the directory pkgDir seen from
// base: ./rel, or the absolute directory when it lies outside base.
func patternFor(pkgDir, base string) string {
	rel, err := filepath.Rel(base, pkgDir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return pkgDir
	}
	if rel == "." {
		return "."
	}
	return "./" + filepath.ToSlash(rel)
}
