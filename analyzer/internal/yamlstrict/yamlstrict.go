// Package yamlstrict decodes YAML documents into Go structs strictly: an
// unknown key, a duplicate key or a value of the wrong type is an error that
// names the file, the line and the dotted key path (tenant.sources[2]).
//
// It is shared by the config file (.tenantleak.yml) and the model files, which
// must both report bad input as "file:line: key: problem". The YAML grammar is
// YAML 1.2 as implemented by go.yaml.in/yaml/v3; this package only walks the
// node tree that library produces and maps it onto struct fields by their
// `yaml` tags, so every error can carry the position of the offending node.
package yamlstrict

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a problem at one place of a YAML file.
type Error struct {
	File string // file name as given to Decode
	Line int    // 1-based line; 0 when the problem has no line (empty file)
	Key  string // dotted key path, e.g. "tenant.sources[2]"; empty for the document
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, ": %s", e.Key)
	}
	fmt.Fprintf(&b, ": %s", e.Msg)
	return b.String()
}

// Positions maps a dotted key path ("tenant.sources[2]") to the 1-based line
// of its value, so that later validation can point at the offending line.
type Positions map[string]int

// Line returns the line of key, or of its nearest enclosing key, or 0.
func (p Positions) Line(key string) int {
	for key != "" {
		if l, ok := p[key]; ok {
			return l
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return p[""]
}

// Decode decodes the single YAML document in data into v, a non-nil pointer
// to a struct. Struct fields are matched by their `yaml` tag name (or the
// lower-cased field name); fields tagged "-" are skipped. Supported field
// kinds: struct, pointer to struct, slice, string, bool, integers and floats.
// An empty document leaves v unchanged. Errors are *Error values.
func Decode(file string, data []byte, v any) (Positions, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("yamlstrict: Decode needs a pointer to a struct, got %T", v)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return Positions{}, nil
		}
		return nil, syntaxError(file, data, err)
	}
	for {
		// A trailing "---" (or one followed by comments) is an empty document, not a second one.
		var extra yaml.Node
		err := dec.Decode(&extra)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, syntaxError(file, data, err)
		}
		if !isEmpty(&extra) {
			return nil, &Error{File: file, Line: extra.Line, Msg: "more than one YAML document; a config holds one"}
		}
	}
	d := &decoder{file: file, pos: Positions{}}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return d.pos, nil
		}
		root = root.Content[0]
	}
	d.pos[""] = root.Line
	if err := d.value(root, rv.Elem(), ""); err != nil {
		return nil, err
	}
	return d.pos, nil
}

// isEmpty reports whether a document node holds nothing (or an explicit null).
func isEmpty(doc *yaml.Node) bool {
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return true
		}
		doc = doc.Content[0]
	}
	return doc.Kind == yaml.ScalarNode && doc.Tag == "!!null"
}

// syntaxError turns a yaml library error ("yaml: line 3: mapping values are
// not allowed in this context") into an *Error with the line split out.
func syntaxError(file string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if n, convErr := strconv.Atoi(rest[:i]); convErr == nil {
				line = n
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	if strings.Contains(msg, "did not find expected ',' or") {
		// The library reports the line before an unclosed flow collection;
		// point at the "[" or "{" that was never closed.
		if l := unclosedFlow(data); l > 0 {
			line = l
		}
	}
	return &Error{File: file, Line: line, Msg: "invalid YAML: " + msg}
}

// unclosedFlow returns the line of the first "[" or "{" that is never
// closed, ignoring quoted text and comments, or 0.
func unclosedFlow(data []byte) int {
	var stack []int
	line := 1
	var quote byte
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
			if quote == 0 {
				continue
			}
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case c == '[' || c == '{':
			stack = append(stack, line)
		case (c == ']' || c == '}') && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return stack[0]
	}
	return 0
}

type decoder struct {
	file string
	pos  Positions
}

func (d *decoder) errorf(n *yaml.Node, key, format string, args ...any) error {
	return &Error{File: d.file, Line: n.Line, Key: key, Msg: fmt.Sprintf(format, args...)}
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, key string) error {
	if key != "" {
		d.pos[key] = n.Line // an alias's own line, not its anchor's
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		v.Set(reflect.Zero(v.Type())) // "key:" with no value
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.value(n, v.Elem(), key)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return d.errorf(n, key, "want a mapping (key: value lines), got %s", kindName(n))
		}
		return d.mapping(n, v, key)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			if n.Kind == yaml.ScalarNode {
				return d.errorf(n, key, "want a list, got the single value %q; write [%s]", n.Value, n.Value)
			}
			return d.errorf(n, key, "want a list, got %s", kindName(n))
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			if err := d.value(item, s.Index(i), fmt.Sprintf("%s[%d]", key, i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		if n.Kind != yaml.ScalarNode {
			return d.errorf(n, key, "want a single value (%s), got %s", v.Kind(), kindName(n))
		}
		if v.Kind() == reflect.String && n.Tag != "!!str" && n.Style == 0 && n.Tag != "!!int" && n.Tag != "!!float" {
			// Booleans and the like written where a name belongs ("yes", "on").
			return d.errorf(n, key, "want a string, got %s %q; quote it", strings.TrimPrefix(n.Tag, "!!"), n.Value)
		}
		if err := n.Decode(v.Addr().Interface()); err != nil {
			return d.errorf(n, key, "want %s, got %q", v.Kind(), n.Value)
		}
		return nil
	}
	return fmt.Errorf("yamlstrict: unsupported field kind %s at %s", v.Kind(), key)
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, parent string) error {
	fields := fieldsOf(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.Value == "<<" {
			return d.errorf(kn, parent, "merge keys (<<) are not supported")
		}
		name := kn.Value
		key := join(parent, name)
		if prev, dup := seen[name]; dup {
			return d.errorf(kn, key, "duplicate key (first at line %d)", prev)
		}
		seen[name] = kn.Line
		idx, ok := fields[name]
		if !ok {
			return d.errorf(kn, key, "unknown key%s", suggest(name, fields))
		}
		if err := d.value(vn, v.Field(idx), key); err != nil {
			return err
		}
	}
	return nil
}

func fieldsOf(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := strings.ToLower(f.Name)
		if tag, ok := f.Tag.Lookup("yaml"); ok {
			tag, _, _ = strings.Cut(tag, ",")
			if tag == "-" {
				continue
			}
			if tag != "" {
				name = tag
			}
		}
		m[name] = i
	}
	return m
}

// suggest lists the known keys, so a typo is easy to fix.
func suggest(name string, fields map[string]int) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return " (known keys: " + strings.Join(keys, ", ") + ")"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "something else"
}
