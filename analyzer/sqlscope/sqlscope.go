// Package sqlscope finds, in SQL text, the tenant-scoped tables a statement
// addresses and how each one's tenant column is constrained: bound to a
// placeholder or a literal, joined to another table, or something it cannot
// judge. It is the SQL part of tenantleak's rule 3; deciding whether a bound
// placeholder carries a trusted tenant value is the engine's business.
//
// Text of every dialect is parsed by PostgreSQL's own parser (pg_query, via
// cgo); MySQL and SQLite text is first normalised lexically (see
// Placeholders), which is enough for the DML subset those dialects share.
package sqlscope

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// MaxText is the longest text Analyze accepts, in bytes. It bounds the
// parser's time on one text: the PostgreSQL parser is about linear, but a
// statement of MaxText commas or ORs still takes it most of a second (four
// to seven seconds at 1 MiB). Query texts in code are far shorter; a longer
// one is reported unparsed (ErrTooLarge).
const MaxText = 128 << 10

// Dialect of the SQL text. Postgres is parsed as is (but for ?, :name and
// @name placeholders, see Placeholders); MySQL and SQLite text is normalised
// lexically first and then parsed with the PostgreSQL parser, which accepts
// the DML subset tenantleak needs from those dialects.
type Dialect int

const (
	Postgres Dialect = iota
	MySQL
	SQLite
)

func (d Dialect) String() string {
	switch d {
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// ParseDialect maps a configured dialect name to a Dialect: "postgres" (also
// "", "postgresql", "pgx"), "mysql", "sqlite" (also "sqlite3"); case is
// ignored. Any other name is an error.
func ParseDialect(s string) (Dialect, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "postgres", "postgresql", "pgx":
		return Postgres, nil
	case "mysql":
		return MySQL, nil
	case "sqlite", "sqlite3":
		return SQLite, nil
	}
	return Postgres, fmt.Errorf("unknown SQL dialect %q (want postgres, mysql or sqlite)", s)
}

// Options says which tables and columns carry the tenant label. A nil
// Options, or a nil func in it, takes the defaults named on each field.
type Options struct {
	Dialect Dialect
	// TenantColumn reports whether a column name is a tenant column (tenant_id,
	// org_id, configured columns). Names are passed lower-cased, unquoted,
	// without table qualifier. Default: <word>_id for the default tenant words.
	TenantColumn func(column string) bool
	// RegistryTable reports whether a table is the tenant registry (named by a
	// tenant word: tenants, orgs, projects); its "id" column is its tenant
	// column. Default: a default tenant word, singular or plural.
	RegistryTable func(table string) bool
	// Global reports whether a table is shared by design (configured globals,
	// migration tables); global tables need no scope. Names are lower-cased;
	// a schema-qualified name is passed as "schema.table" and then as "table"
	// (either matching makes it global). Default: no table is global.
	Global func(table string) bool
	// Schema, when non-nil, lists the tables and their columns: a table is
	// tenant-scoped when it has a tenant column, global otherwise (registry
	// tables stay registry). When nil, every table that is not Global is
	// tenant-scoped.
	Schema *Schema
}

// defaultWords are DESIGN's tenant words, used when Options leaves a func nil.
var defaultWords = []string{"tenant", "org", "organization", "workspace", "project", "account"}

func defaultTenantColumn(c string) bool {
	for _, w := range defaultWords {
		if c == w+"_id" {
			return true
		}
	}
	return false
}

func defaultRegistryTable(t string) bool {
	for _, w := range defaultWords {
		if t == w || t == w+"s" {
			return true
		}
	}
	return false
}

// Result is what Analyze found in a text.
type Result struct {
	Statements []Statement
	// Placeholders is the number of distinct positional arguments the text
	// takes: the highest $n after normalisation.
	Placeholders int
	// Names, for texts with :name, @name or $name placeholders, holds the
	// name of $i+1 at i ("" for positional ones); nil otherwise.
	Names []string
}

// StmtKind is the kind of a statement.
type StmtKind int

const (
	Select StmtKind = iota
	Insert
	Update
	Delete
	Other // DDL, SET, transaction control, MERGE...: no tables reported
)

func (k StmtKind) String() string {
	switch k {
	case Select:
		return "SELECT"
	case Insert:
		return "INSERT"
	case Update:
		return "UPDATE"
	case Delete:
		return "DELETE"
	}
	return "OTHER"
}

// Statement is one statement of the text.
type Statement struct {
	Kind StmtKind
	// Tables are the tenant-scoped (non-global) table instances, in order of
	// appearance, including those in subqueries and CTE bodies (not CTE names
	// themselves, not system catalogs pg_*/information_schema).
	Tables []TableUse
}

// TableUse is one occurrence of a tenant-scoped table in a statement.
type TableUse struct {
	Name  string // lower-cased table name as written, without schema
	Alias string // alias if any
	// Column is the tenant column the rules looked for: in schema mode the
	// table's (first) tenant column, "id" for registry tables, else "" (any
	// tenant column counts). Any tenant column of the table counts in every
	// mode; Bind.Column says which one was bound.
	Column   string
	Registry bool // the table is the tenant registry
	// Link: the schema gives the table no tenant column (events_endpoints
	// between events and endpoints). It needs no scope itself, but it
	// carries scope across its joins: a table joined to a link table that
	// is joined to a scoped table is scoped.
	Link   bool
	Target bool // the table is written: INSERT/UPDATE/DELETE target
	// Binds are the values its tenant column is constrained to (a conjunct
	// at the top of the AND tree of WHERE, HAVING or its JOIN ON: col = X,
	// X = col, col IN (X, Y), col = ANY(X), col IS NULL; or an OR whose every
	// branch binds it) or written with (INSERT row, UPDATE SET).
	Binds []Bind
	// Joined lists indices into Statement.Tables of the table instances
	// whose rows restrict this one's: it is equality-joined to them (a.x =
	// b.y at the top of WHERE or JOIN ON, USING), semi-joined (a.x IN
	// (SELECT ... FROM b), a positive EXISTS correlated to it), correlated to
	// them from inside a subquery, or its tenant column is joined to a CTE or
	// derived table (the tables of its body). Only the side an outer join
	// restricts gets the entry. The engine treats a table joined to a scoped
	// table as scoped.
	Joined []int
	// KeyJoined lists the link tables (in Joined) this table is joined to by
	// its id column (tags.id = customer_tags.tag_id): only through such a
	// join does a link table pass on scope, since a row it restricts by key
	// is one row, while a shared column (countries.code) matches every
	// tenant's rows.
	KeyJoined []int
	// OwnerJoined lists, for a link table, the tables (in Joined) whose row
	// it references by that row's id (workflow_versions.workflow_id =
	// workflows.id): a link restricted that way is a child of a scoped row
	// and passes scope to all its joins, like a scoped table.
	OwnerJoined []int
	// IDOnly: a registry table whose SELECT level reads only its id column
	// (SELECT id FROM tenants ...); such a read is global by DESIGN.
	IDOnly bool
	// Upsert is set for INSERT ... ON CONFLICT DO UPDATE. UpsertScoped is
	// true when the conflict target includes the tenant column, or the DO
	// UPDATE WHERE constrains it to EXCLUDED.<tenant column>, or the target
	// is a named constraint (which cannot be judged); for a plain INSERT or
	// DO NOTHING it is true. UpsertBinds are the binds in the DO UPDATE WHERE.
	Upsert       bool
	UpsertScoped bool
	UpsertBinds  []Bind
	// Unresolved: the tenant column is constrained to (or written with)
	// something the rules cannot judge (a subquery, a function call, an
	// expression, another column that is not a join, DEFAULT): the engine
	// must not report this table.
	Unresolved bool
	Pos        int // byte offset of the table reference in the text
}

// Bind is one value a tenant column is constrained to or written with.
type Bind struct {
	Column      string // the tenant column name
	Placeholder int    // 0-based index of the bound argument ($1 → 0), or -1
	// Literal is the constant when bound to one, as written in SQL: 'acme'
	// (quoted), 42, true; "" otherwise.
	Literal string
	IsNull  bool // bound to NULL (col IS NULL, or a NULL written)
	Write   bool // the column is written (INSERT row, UPDATE SET), not compared
}

// ErrTooLarge is returned for texts longer than MaxText.
var ErrTooLarge = errors.New("sql: text too large to analyse")

var errNUL = errors.New("sql: text contains a NUL byte")

// validUTF8 replaces each byte of an invalid UTF-8 sequence by '_', keeping
// offsets: the parser's output must be valid UTF-8.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			b[i] = '_'
		}
		i += n
	}
	return string(b)
}

// Analyze parses text (one or more statements) and reports, for every
// tenant-scoped table instance, how its tenant column is constrained. An
// error means the text cannot be analysed: a syntax error (with the offset
// in text where the parser stopped), ErrTooLarge, or nesting too deep. It
// never panics, and is safe for concurrent use.
func Analyze(text string, opts *Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("sql: internal error analysing statement: %v", r)
		}
	}()
	if len(text) > MaxText {
		return nil, ErrTooLarge
	}
	if strings.IndexByte(text, 0) >= 0 {
		return nil, errNUL // the C parser would stop there
	}
	text = validUTF8(text)
	o := withDefaults(opts)
	norm, err := normalise(text, o.Dialect)
	if err != nil {
		return nil, err
	}
	tree, err := pg_query.Parse(norm.text)
	if err != nil {
		return nil, parseError(err, norm)
	}
	res = &Result{Placeholders: norm.count, Names: norm.names}
	for _, raw := range tree.Stmts {
		w := &walker{opts: &o, norm: norm}
		st, err := w.statement(raw.Stmt)
		if err != nil {
			return nil, err
		}
		res.Statements = append(res.Statements, st)
	}
	return res, nil
}

func withDefaults(opts *Options) Options {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.TenantColumn == nil {
		o.TenantColumn = defaultTenantColumn
	}
	if o.RegistryTable == nil {
		o.RegistryTable = defaultRegistryTable
	}
	if o.Global == nil {
		o.Global = func(string) bool { return false }
	}
	return o
}

func parseError(err error, norm *normalised) error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		pos := -1
		if pe.Cursorpos > 0 {
			pos = norm.origPos(runeToByte(norm.text, pe.Cursorpos-1))
		}
		return &syntaxError{msg: pe.Message, pos: pos}
	}
	return &syntaxError{msg: err.Error(), pos: -1}
}
