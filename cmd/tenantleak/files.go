package main

import (
	"os"
	"path/filepath"
	"strings"
)

// packagesOfFiles replaces each argument naming a Go file with its
// package's directory, so that `tenantleak a/x.go a/y_test.go b/z.go`
// analyses packages ./a and ./b (what pre-commit passes: the changed files).
// Other arguments are package patterns and stay. dir is the directory
// relative arguments are taken from (-C), "" for the working directory.
func packagesOfFiles(args []string, dir string) []string {
	out := make([]string, 0, len(args))
	seen := map[string]bool{}
	for _, a := range args {
		if strings.HasSuffix(a, ".go") {
			p := a
			if !filepath.IsAbs(p) && dir != "" {
				p = filepath.Join(dir, p)
			}
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				d := filepath.Dir(a)
				if !filepath.IsAbs(d) {
					d = "./" + filepath.ToSlash(d)
					if d == "./." {
						d = "."
					}
				}
				a = d
			}
		}
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}
