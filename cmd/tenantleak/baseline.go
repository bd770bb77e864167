package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// A baseline records the findings a gate accepts, so that it fails only on
// new ones. A finding is known by its identity: finding ID, file (relative
// to the source root), enclosing function and message with line and column
// numbers taken out, so that it survives edits that move it. The same
// identity may occur more than once (Count).
type baseline struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	ID       string `json:"id"`
	File     string `json:"file"`
	Function string `json:"function,omitempty"`
	Message  string `json:"message"`
	Count    int    `json:"count,omitempty"` // when more than 1
}

const baselineVersion = 1

type identity struct {
	id, file, function, message string
}

func (e baselineEntry) identity() identity {
	return identity{e.ID, e.File, e.Function, normalizeMessage(e.Message)}
}

func (f *finding) identity() identity {
	return identity{f.id, f.file, f.function, normalizeMessage(f.text)}
}

func (e baselineEntry) count() int { return max(e.Count, 1) }

var (
	goLineRef = regexp.MustCompile(`(\.go):\d+(:\d+)?`)
	spaces    = regexp.MustCompile(`\s+`)
)

// normalizeMessage takes line and column numbers out of a message
// ("built at store/notes.go:41" becomes "built at store/notes.go") and
// collapses white space.
func normalizeMessage(m string) string {
	m = goLineRef.ReplaceAllString(m, "$1")
	return strings.TrimSpace(spaces.ReplaceAllString(m, " "))
}

// readBaseline reads a baseline file.
func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b baseline
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	if b.Version != baselineVersion || b.Tool != "tenantleak" {
		return nil, fmt.Errorf("baseline %s: not a tenantleak baseline of version %d (write one with -write-baseline)", path, baselineVersion)
	}
	for i, e := range b.Findings {
		if e.ID == "" || e.File == "" || e.Message == "" || e.Count < 0 {
			return nil, fmt.Errorf("baseline %s: findings[%d]: id, file and message are required", path, i)
		}
	}
	return &b, nil
}

// newBaseline records findings, identical identities counted together,
// sorted by file, function, ID and message.
func newBaseline(findings []*finding) *baseline {
	counts := map[identity]int{}
	var order []identity
	for _, f := range findings {
		id := f.identity()
		if counts[id] == 0 {
			order = append(order, id)
		}
		counts[id]++
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.function != b.function {
			return a.function < b.function
		}
		if a.id != b.id {
			return a.id < b.id
		}
		return a.message < b.message
	})
	b := &baseline{Version: baselineVersion, Tool: "tenantleak", Findings: []baselineEntry{}}
	for _, id := range order {
		e := baselineEntry{ID: id.id, File: id.file, Function: id.function, Message: id.message}
		if n := counts[id]; n > 1 {
			e.Count = n
		}
		b.Findings = append(b.Findings, e)
	}
	return b
}

func (b *baseline) write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	return nil
}

// match splits findings into those the baseline does not know (fresh) and
// returns the entries no finding matched any more (gone), each with the
// number of occurrences gone.
//
// A finding matches an entry of the same identity. One that does not, in a
// file the baseline does not know, still matches an entry of the same ID,
// function and message whose file no longer exists under root: the file
// was renamed (references to the file itself in the message are compared
// without its name).
//
// An entry is gone only when its file was analysed (analysed reports
// whether a root-relative file belongs to the packages of this run) or no
// longer exists: a run on some packages does not call the findings of the
// others gone.
func (b *baseline) match(findings []*finding, root string, analysed func(file string) bool) (fresh []*finding, gone []baselineEntry) {
	left := map[identity]int{}
	var order []identity
	for _, e := range b.Findings {
		id := e.identity()
		if left[id] == 0 {
			order = append(order, id)
		}
		left[id] += e.count()
	}
	exists := func(file string) bool {
		p := file
		if !filepath.IsAbs(filepath.FromSlash(p)) {
			p = filepath.Join(root, filepath.FromSlash(file))
		}
		_, err := os.Stat(p)
		return err == nil
	}
	var unmatched []*finding
	for _, f := range findings {
		id := f.identity()
		if left[id] > 0 {
			left[id]--
			continue
		}
		unmatched = append(unmatched, f)
	}
	// Renamed files.
	for _, f := range unmatched {
		matched := false
		for _, id := range order {
			if left[id] == 0 || id.id != f.id || id.function != f.function || id.file == f.file || exists(id.file) {
				continue
			}
			if withoutFile(id.message, id.file) == withoutFile(normalizeMessage(f.text), f.file) {
				left[id]--
				matched = true
				break
			}
		}
		if !matched {
			fresh = append(fresh, f)
		}
	}
	for _, id := range order {
		if n := left[id]; n > 0 && (analysed(id.file) || !exists(id.file)) {
			e := baselineEntry{ID: id.id, File: id.file, Function: id.function, Message: id.message}
			if n > 1 {
				e.Count = n
			}
			gone = append(gone, e)
		}
	}
	return fresh, gone
}

// withoutFile replaces the mentions of file in a message with a
// placeholder.
func withoutFile(msg, file string) string {
	return strings.ReplaceAll(msg, file, "\x00")
}

func (e baselineEntry) String() string {
	fn := e.Function
	if fn == "" {
		fn = "(package level)"
	}
	s := fmt.Sprintf("%s %s %s: %s", e.ID, e.File, fn, e.Message)
	if e.Count > 1 {
		s += fmt.Sprintf(" (%d times)", e.Count)
	}
	return s
}
