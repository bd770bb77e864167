package main

import (
	"fmt"
	"go/token"
	"os"
	"sort"

	"golang.org/x/tools/go/analysis/checker"
)

// applyFixes applies the first suggested fix of every finding of the root
// packages. Edits to one file are applied from its end backwards; an edit
// overlapping one already taken is skipped (a package and its test variant
// suggest the same edit twice).
func applyFixes(graph *checker.Graph) error {
	type edit struct {
		start, end int
		text       []byte
	}
	byFile := map[string][]edit{}
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			for _, te := range d.SuggestedFixes[0].TextEdits {
				start, end := fset.Position(te.Pos), fset.Position(te.End)
				if te.End == token.NoPos {
					end = start
				}
				byFile[start.Filename] = append(byFile[start.Filename], edit{start.Offset, end.Offset, te.NewText})
			}
		}
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		edits := byFile[f]
		sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		last := len(data) + 1
		for _, e := range edits {
			if e.end > last || e.start < 0 || e.end > len(data) || e.start > e.end {
				continue
			}
			data = append(data[:e.start:e.start], append(append([]byte(nil), e.text...), data[e.end:]...)...)
			last = e.start
		}
		if err := os.WriteFile(f, data, 0o644); err != nil {
			return fmt.Errorf("applying fixes: %v", err)
		}
	}
	return nil
}
