package sqlscope

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// Schema is the set of tables declared by CREATE TABLE statements.
type Schema struct {
	Tables map[string]*SchemaTable // key: lower-cased table name without schema
}

// SchemaTable is one declared table.
type SchemaTable struct {
	Name    string   // lower-cased, without schema
	Columns []string // lower-cased, in declaration order, then added ones
	File    string   // file of the CREATE TABLE (of the first ALTER TABLE if none)
	Line    int      // 1-based line of the table name there

	inherits []string // INHERITS, PARTITION OF, LIKE: columns come from these too
	altered  bool     // known only from ALTER TABLE so far
}

// SchemaError is a syntax error in a schema file.
type SchemaError struct {
	File string
	Line int
	Msg  string
}

func (e *SchemaError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ParseSchema reads the CREATE TABLE statements of one file (and the columns
// ALTER TABLE ... ADD COLUMN adds); other statements (indexes, comments,
// functions, DROP) are ignored. Postgres files are parsed by PostgreSQL's
// parser; MySQL and SQLite files by a tolerant scanner that only follows
// CREATE TABLE and ALTER TABLE. A syntax error is a *SchemaError naming
// file:line. Several files are combined with Merge.
func ParseSchema(file string, src []byte, d Dialect) (*Schema, error) {
	s := &Schema{Tables: map[string]*SchemaTable{}}
	text := validUTF8(strings.ReplaceAll(string(src), "\x00", " "))
	if d != Postgres {
		return s, s.scan(file, text)
	}
	if _, err := normalise(text, Postgres); err != nil {
		return nil, &SchemaError{File: file, Line: 1, Msg: err.Error()}
	}
	tree, err := pg.Parse(text)
	if err != nil {
		line := 1
		var pe *parser.Error
		if errors.As(err, &pe) && pe.Cursorpos > 0 {
			line = lineOf(text, runeToByte(text, pe.Cursorpos-1))
		}
		return nil, &SchemaError{File: file, Line: line, Msg: err.Error()}
	}
	for _, raw := range tree.Stmts {
		switch x := raw.Stmt.GetNode().(type) {
		case *pg.Node_CreateStmt:
			c := x.CreateStmt
			if c.Relation == nil {
				continue
			}
			t := s.create(strings.ToLower(c.Relation.Relname), file, lineOf(text, int(c.Relation.Location)))
			for _, e := range c.TableElts {
				switch y := e.Node.(type) {
				case *pg.Node_ColumnDef:
					t.add(y.ColumnDef.Colname)
				case *pg.Node_TableLikeClause:
					if r := y.TableLikeClause.Relation; r != nil {
						t.inherits = append(t.inherits, strings.ToLower(r.Relname))
					}
				}
			}
			for _, n := range c.InhRelations {
				if r := n.GetRangeVar(); r != nil {
					t.inherits = append(t.inherits, strings.ToLower(r.Relname))
				}
			}
		case *pg.Node_AlterTableStmt:
			a := x.AlterTableStmt
			if a.Relation == nil || a.Objtype != pg.ObjectType_OBJECT_TABLE {
				continue
			}
			for _, n := range a.Cmds {
				cmd := n.GetAlterTableCmd()
				if cmd == nil || cmd.Subtype != pg.AlterTableType_AT_AddColumn {
					continue
				}
				if cd := cmd.Def.GetColumnDef(); cd != nil {
					s.alter(strings.ToLower(a.Relation.Relname), file, lineOf(text, int(a.Relation.Location))).add(cd.Colname)
				}
			}
		}
	}
	return s, nil
}

// create returns the entry of a table a CREATE TABLE declares.
func (s *Schema) create(name, file string, line int) *SchemaTable {
	t := s.Tables[name]
	if t == nil || t.altered {
		nt := &SchemaTable{Name: name, File: file, Line: line}
		if t != nil {
			nt.Columns = t.Columns // added before, in this file
		}
		s.Tables[name] = nt
		return nt
	}
	return t
}

// alter returns the entry of a table an ALTER TABLE changes.
func (s *Schema) alter(name, file string, line int) *SchemaTable {
	t := s.Tables[name]
	if t == nil {
		t = &SchemaTable{Name: name, File: file, Line: line, altered: true}
		s.Tables[name] = t
	}
	return t
}

func (t *SchemaTable) add(col string) {
	col = strings.ToLower(col)
	if col != "" && !slices.Contains(t.Columns, col) {
		t.Columns = append(t.Columns, col)
	}
}

// Merge adds the tables of o to s; a table declared in both gets the union
// of their columns, and keeps the place of its CREATE TABLE.
func (s *Schema) Merge(o *Schema) {
	if o == nil {
		return
	}
	if s.Tables == nil {
		s.Tables = map[string]*SchemaTable{}
	}
	for name, t := range o.Tables {
		e := s.Tables[name]
		if e == nil {
			c := *t
			c.Columns = slices.Clone(t.Columns)
			c.inherits = slices.Clone(t.inherits)
			s.Tables[name] = &c
			continue
		}
		if e.altered && !t.altered {
			e.File, e.Line, e.altered = t.File, t.Line, false
			cols := slices.Clone(t.Columns)
			for _, c := range e.Columns {
				if !slices.Contains(cols, c) {
					cols = append(cols, c)
				}
			}
			e.Columns = cols
		} else {
			for _, c := range t.Columns {
				e.add(c)
			}
		}
		for _, i := range t.inherits {
			if !slices.Contains(e.inherits, i) {
				e.inherits = append(e.inherits, i)
			}
		}
	}
}

// columns lists a table's columns with those it inherits; nil for an
// unknown table.
func (s *Schema) columns(name string) []string {
	t := s.Tables[name]
	if t == nil {
		return nil
	}
	if len(t.inherits) == 0 {
		return t.Columns
	}
	cols := slices.Clone(t.Columns)
	seen := map[string]bool{name: true}
	var add func(t *SchemaTable)
	add = func(t *SchemaTable) {
		for _, p := range t.inherits {
			pt := s.Tables[p]
			if pt == nil || seen[p] {
				continue
			}
			seen[p] = true
			for _, c := range pt.Columns {
				if !slices.Contains(cols, c) {
					cols = append(cols, c)
				}
			}
			add(pt)
		}
	}
	add(t)
	return cols
}

func runeToByte(s string, r int) int {
	for i := range s {
		if r == 0 {
			return i
		}
		r--
	}
	return len(s)
}

// schemaTok is a token of the MySQL/SQLite schema scanner.
type schemaTok struct {
	text   string // identifier (unquoted, lower-cased for bare words), or punctuation
	quoted bool
	ident  bool
	pos    int
}

// scan reads MySQL and SQLite DDL: statements split at semicolons, of which
// only CREATE TABLE and ALTER TABLE are followed.
func (s *Schema) scan(file, text string) error {
	toks, err := schemaTokens(text)
	if err != nil {
		var se *scanError
		if errors.As(err, &se) {
			return &SchemaError{File: file, Line: lineOf(text, se.pos), Msg: se.msg}
		}
		return &SchemaError{File: file, Line: 1, Msg: err.Error()}
	}
	for len(toks) > 0 {
		end := 0
		for end < len(toks) && toks[end].text != ";" {
			end++
		}
		stmt := toks[:end]
		if end < len(toks) {
			end++
		}
		toks = toks[end:]
		if err := s.scanStmt(file, text, stmt); err != nil {
			return err
		}
	}
	return nil
}

type scanError struct {
	msg string
	pos int
}

func (e *scanError) Error() string { return e.msg }

func schemaTokens(text string) ([]schemaTok, error) {
	var toks []schemaTok
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < len(text) && text[i+1] == '-', c == '#':
			i = lineEnd(text, i)
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			k := strings.Index(text[i+2:], "*/")
			if k < 0 {
				return nil, &scanError{"unterminated /* comment", i}
			}
			i += k + 4
		case c == '\'' || c == '"' || c == '`' || c == '[':
			q := c
			if q == '[' {
				q = ']'
			}
			j := quotedEnd(text, i, q, c == '\'' || c == '"')
			if j > len(text) || j == len(text) && (j-i < 2 || text[j-1] != q) {
				return nil, &scanError{"unterminated quoted string or identifier", i}
			}
			if c != '\'' {
				name := text[i+1 : j-1]
				toks = append(toks, schemaTok{text: strings.ToLower(name), quoted: true, ident: true, pos: i})
			} else {
				toks = append(toks, schemaTok{text: "'", pos: i})
			}
			i = j
		case isIdentChar(c):
			j := i + 1
			for j < len(text) && isIdentChar(text[j]) {
				j++
			}
			toks = append(toks, schemaTok{text: strings.ToLower(text[i:j]), ident: true, pos: i})
			i = j
		default:
			_, n := utf8.DecodeRuneInString(text[i:])
			toks = append(toks, schemaTok{text: text[i : i+n], pos: i})
			i += n
		}
	}
	return toks, nil
}

// word reports whether t is the bare keyword kw.
func (t schemaTok) word(kw string) bool { return t.ident && !t.quoted && t.text == kw }

// constraintWords start a table element that is not a column.
var constraintWords = map[string]bool{
	"constraint": true, "primary": true, "unique": true, "foreign": true, "check": true,
	"key": true, "index": true, "fulltext": true, "spatial": true, "exclude": true, "like": true,
	"period": true,
}

func (s *Schema) scanStmt(file, text string, ts []schemaTok) error {
	skip := func(words ...string) {
		for _, w := range words {
			if len(ts) > 0 && ts[0].word(w) {
				ts = ts[1:]
			}
		}
	}
	// name reads a possibly qualified name and returns its last part.
	name := func() (schemaTok, bool) {
		if len(ts) == 0 || !ts[0].ident {
			return schemaTok{}, false
		}
		n := ts[0]
		ts = ts[1:]
		for len(ts) >= 2 && ts[0].text == "." && ts[1].ident {
			n = ts[1]
			ts = ts[2:]
		}
		return n, true
	}
	switch {
	case len(ts) >= 2 && ts[0].word("create"):
		ts = ts[1:]
		skip("or", "replace")
		skip("temp")
		skip("temporary")
		skip("virtual")
		if len(ts) == 0 || !ts[0].word("table") {
			return nil
		}
		ts = ts[1:]
		skip("if", "not", "exists")
		n, ok := name()
		if !ok {
			return nil
		}
		t := s.create(n.text, file, lineOf(text, n.pos))
		if len(ts) > 0 && ts[0].word("like") {
			ts = ts[1:]
			if p, ok := name(); ok {
				t.inherits = append(t.inherits, p.text)
			}
			return nil
		}
		if len(ts) == 0 || ts[0].text != "(" {
			return nil // CREATE TABLE ... AS SELECT
		}
		elems, err := elements(ts)
		if err != nil {
			return &SchemaError{File: file, Line: lineOf(text, ts[0].pos), Msg: err.Error()}
		}
		for _, e := range elems {
			if e[0].word("like") && len(e) > 1 && e[1].ident {
				t.inherits = append(t.inherits, e[1].text)
			}
			if e[0].ident && (e[0].quoted || !constraintWords[e[0].text]) {
				t.add(e[0].text)
			}
		}
	case len(ts) >= 3 && ts[0].word("alter") && ts[1].word("table"):
		ts = ts[2:]
		skip("if", "exists")
		skip("only")
		n, ok := name()
		if !ok {
			return nil
		}
		for _, clause := range splitTop(ts) {
			if len(clause) == 0 || !clause[0].word("add") {
				continue
			}
			clause = clause[1:]
			if len(clause) > 0 && clause[0].word("column") {
				clause = clause[1:]
			}
			if len(clause) >= 3 && clause[0].word("if") && clause[1].word("not") && clause[2].word("exists") {
				clause = clause[3:]
			}
			if len(clause) > 0 && clause[0].text == "(" {
				elems, err := elements(clause)
				if err != nil {
					return &SchemaError{File: file, Line: lineOf(text, clause[0].pos), Msg: err.Error()}
				}
				for _, e := range elems {
					if e[0].ident && (e[0].quoted || !constraintWords[e[0].text]) {
						s.alter(n.text, file, lineOf(text, n.pos)).add(e[0].text)
					}
				}
				continue
			}
			if len(clause) > 0 && clause[0].ident && (clause[0].quoted || !constraintWords[clause[0].text]) {
				s.alter(n.text, file, lineOf(text, n.pos)).add(clause[0].text)
			}
		}
	}
	return nil
}

// elements splits a parenthesised, comma-separated list starting at ts[0]
// into its non-empty elements.
func elements(ts []schemaTok) ([][]schemaTok, error) {
	depth := 0
	for i, t := range ts {
		switch t.text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return splitTop(ts[1:i]), nil
			}
		}
	}
	return nil, errors.New("unbalanced parentheses")
}

// splitTop splits tokens at commas outside parentheses, dropping empty parts.
func splitTop(ts []schemaTok) [][]schemaTok {
	var out [][]schemaTok
	depth, start := 0, 0
	for i, t := range ts {
		switch t.text {
		case "(":
			depth++
		case ")":
			depth--
		case ",":
			if depth == 0 {
				if i > start {
					out = append(out, ts[start:i])
				}
				start = i + 1
			}
		}
	}
	if len(ts) > start {
		out = append(out, ts[start:])
	}
	return out
}
