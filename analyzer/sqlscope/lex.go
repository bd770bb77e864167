package sqlscope

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxChain bounds the depth of the tree the PostgreSQL parser would build:
// its C output routines recurse once per level and overflow the thread's
// stack on left-deep chains (1+1+1..., a JOIN b JOIN c..., UNION chains) of
// some ten thousand links, which kills the process instead of failing.
const maxChain = 2000

// Placeholders rewrites the placeholders of text into PostgreSQL's $n form:
// ? (numbered in order of appearance), ?NNN (SQLite), and :name, @name and,
// for MySQL and SQLite, $name (numbered in order of first appearance, a
// repeated name reusing its number). String literals, quoted identifiers,
// comments, dollar-quoted strings, :: casts and the jsonb operators ?, ?| and
// ?& (Postgres) are left alone. For MySQL, backquoted identifiers become
// double-quoted, double-quoted strings single-quoted and # comments -- ones.
//
// names[i] is the name of $i+1 ("" for a positional one); names is nil when
// the text has no named placeholder. The error reports nesting too deep to
// parse safely.
func Placeholders(text string, d Dialect) (normalised string, names []string, err error) {
	n, err := normalise(text, d)
	if err != nil {
		return "", nil, err
	}
	return n.text, n.names, nil
}

// normalised is a text rewritten for the PostgreSQL parser, with the map
// back to the offsets of the original.
type normalised struct {
	text  string
	names []string
	count int   // highest placeholder number
	segs  []seg // rewritten spans, in order
}

// seg is a span [norm, normEnd) of the rewritten text that replaced
// [orig, origEnd) of the original.
type seg struct{ norm, normEnd, orig, origEnd int }

// origPos maps a byte offset of the rewritten text back to the original.
func (n *normalised) origPos(p int) int {
	// k is the number of rewritten spans starting at or before p.
	k := sort.Search(len(n.segs), func(i int) bool { return n.segs[i].norm > p })
	if k == 0 {
		return p
	}
	s := n.segs[k-1]
	if p < s.normEnd {
		return s.orig
	}
	return p + s.origEnd - s.normEnd
}

type tokKind int

const (
	tokNone    tokKind = iota
	tokOperand         // identifier, literal, closing bracket, parameter
	tokOther           // keyword, operator, opening bracket, comma
)

type lexer struct {
	src     string
	d       Dialect
	out     strings.Builder
	last    int // src[:last] is accounted for in out or segs
	changed bool
	n       normalised
	named   map[string]int
	prev    tokKind
	// chain counts, per open bracket, the links of left-deep chains since the
	// last separator; depth is the number of open brackets.
	ops, joins []int
	total      int // len(ops) + the sum of ops and joins
	// MySQL and SQLite rewrites: the words of the current run of words
	// (reset by any other token), whether the statement has had a word, an
	// ON DUPLICATE KEY UPDATE, and the bracket depth of a pending LIMIT.
	words   []word
	afterIn bool // the token before this one is the word IN
	started bool
	dupKey  bool
	limitAt int
}

type word struct {
	lw         string
	start, end int
}

func normalise(text string, d Dialect) (*normalised, error) {
	lx := &lexer{src: text, d: d, ops: []int{0}, joins: []int{0}, total: 1, limitAt: -1}
	if err := lx.run(); err != nil {
		return nil, err
	}
	if lx.changed {
		lx.out.WriteString(text[lx.last:])
		lx.n.text = lx.out.String()
	} else {
		lx.n.text = text
	}
	if lx.named == nil {
		lx.n.names = nil
	} else {
		for len(lx.n.names) < lx.n.count {
			lx.n.names = append(lx.n.names, "")
		}
	}
	return &lx.n, nil
}

// replace substitutes src[i:j] by s.
func (lx *lexer) replace(i, j int, s string) {
	if i < lx.last {
		return // overlaps an earlier rewrite; cannot happen by construction
	}
	if !lx.changed {
		lx.changed = true
		lx.out.Grow(len(lx.src) + 16)
	}
	lx.out.WriteString(lx.src[lx.last:i])
	start := lx.out.Len()
	lx.out.WriteString(s)
	lx.n.segs = append(lx.n.segs, seg{norm: start, normEnd: lx.out.Len(), orig: i, origEnd: j})
	lx.last = j
}

func (lx *lexer) param(i, j, num int) {
	p := "$" + strconv.Itoa(num)
	if lx.afterIn {
		p = "(" + p + ")" // GORM's IN ?, expanded by the driver
	}
	lx.replace(i, j, p)
	lx.prev = tokOperand
}

func (lx *lexer) positional(i, j int) {
	lx.n.count++
	lx.param(i, j, lx.n.count)
}

func (lx *lexer) namedParam(i, j int, name string) {
	if lx.named == nil {
		lx.named = map[string]int{}
	}
	num, ok := lx.named[name]
	if !ok {
		lx.n.count++
		num = lx.n.count
		lx.named[name] = num
		for len(lx.n.names) < num {
			lx.n.names = append(lx.n.names, "")
		}
		lx.n.names[num-1] = name
	}
	lx.param(i, j, num)
}

func (lx *lexer) numbered(num int) {
	if num > lx.n.count {
		lx.n.count = num
	}
	lx.prev = tokOperand
}

var errTooDeep = errors.New("sql: nesting too deep")

func (lx *lexer) link(join bool) error {
	top := len(lx.ops) - 1
	if join {
		lx.joins[top]++
	} else {
		lx.ops[top]++
	}
	lx.total++
	if lx.total > maxChain {
		return errTooDeep
	}
	return nil
}

// reset ends the operator chain of the innermost bracket and, if all, the
// join and set-operation chain too.
func (lx *lexer) reset(all bool) {
	top := len(lx.ops) - 1
	lx.total -= lx.ops[top]
	lx.ops[top] = 0
	if all {
		lx.total -= lx.joins[top]
		lx.joins[top] = 0
	}
}

func (lx *lexer) open() error {
	lx.ops = append(lx.ops, 0)
	lx.joins = append(lx.joins, 0)
	lx.total++
	lx.prev = tokOther
	if lx.total > maxChain {
		return errTooDeep
	}
	return nil
}

func (lx *lexer) close() {
	if top := len(lx.ops) - 1; top > 0 {
		lx.total -= 1 + lx.ops[top] + lx.joins[top]
		lx.ops = lx.ops[:top]
		lx.joins = lx.joins[:len(lx.joins)-1]
	}
	lx.prev = tokOperand
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

const opChars = "+-*/<>=~!@#%^&|`?"

func (lx *lexer) run() error {
	s := lx.src
	i := 0
	for i < len(s) {
		c := s[i]
		if !isIdentStart(c) && !isSpace(c) {
			lx.afterIn = len(lx.words) > 0 && lx.words[len(lx.words)-1].lw == "in"
			lx.words = lx.words[:0]
		}
		switch {
		case isSpace(c):
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			i = lineEnd(s, i)
		case c == '#' && lx.d == MySQL:
			lx.replace(i, i+1, "--")
			i = lineEnd(s, i)
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j, closed := lx.blockComment(i)
			if !closed {
				// The PostgreSQL scanner takes time quadratic in the depth
				// of nested comments before it reports one unclosed (a
				// minute for 50,000 levels), quoting all of it.
				return &syntaxError{msg: "unterminated /* comment", pos: i}
			}
			if strings.Contains(s[i+2:j-2], "/*") {
				// Closed nested comments cost the parser as much, and a
				// MySQL or SQLite comment does not nest at all: give the
				// parser blanks of the same length instead.
				lx.replace(i, j, strings.Repeat(" ", j-i))
			}
			i = j
		case c == '\'':
			i = lx.singleQuoted(i)
			lx.prev = tokOperand
		case c == '"':
			if lx.d == MySQL {
				i = lx.mysqlDoubleQuoted(i)
			} else {
				i = quotedEnd(s, i, '"', false)
			}
			lx.prev = tokOperand
		case c == '`' && lx.d != Postgres:
			i = lx.backquoted(i)
			lx.prev = tokOperand
		case c == '$':
			i = lx.dollar(i)
		case c == '?':
			i = lx.question(i)
		case c == ':':
			var err error
			if i, err = lx.colon(i); err != nil {
				return err
			}
		case c == '@':
			var err error
			if i, err = lx.at(i); err != nil {
				return err
			}
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentChar(s[j]) {
				j++
			}
			var err error
			if i, err = lx.word(i, j); err != nil {
				return err
			}
			continue
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			j := i + 1
			for j < len(s) && (isIdentChar(s[j]) || s[j] == '.') {
				j++
			}
			i = j
			lx.prev = tokOperand
		case c == '(' || c == '[':
			if err := lx.open(); err != nil {
				return err
			}
			i++
		case c == ')' || c == ']':
			lx.close()
			lx.limitAt = -1
			i++
		case c == ',' && lx.limitAt == len(lx.ops):
			// MySQL's LIMIT offset, count: the order does not matter here.
			lx.replace(i, i+1, " OFFSET ")
			lx.limitAt = -1
			lx.prev = tokOther
			i++
		case c == ',' || c == ';':
			lx.reset(c == ';')
			if c == ';' {
				lx.started, lx.dupKey, lx.limitAt = false, false, -1
			}
			lx.prev = tokOther
			i++
		case strings.IndexByte(opChars, c) >= 0:
			j := i + 1
			for j < len(s) && strings.IndexByte("+-*/<>=~!@#%^&|`", s[j]) >= 0 {
				j++
			}
			if err := lx.link(false); err != nil {
				return err
			}
			lx.prev = tokOther
			i = j
		default:
			lx.prev = tokOther
			i++
		}
	}
	return nil
}

// keywords after which an operand, not an operator, is expected (so a ? there
// is a placeholder), and those that separate chains.
var operandKeywords = map[string]bool{
	"select": true, "where": true, "and": true, "or": true, "not": true, "on": true,
	"set": true, "values": true, "in": true, "like": true, "ilike": true, "between": true,
	"is": true, "then": true, "else": true, "when": true, "case": true, "limit": true,
	"offset": true, "by": true, "returning": true, "having": true, "any": true, "all": true,
	"some": true, "distinct": true, "escape": true, "exists": true, "as": true, "to": true,
	"from": true, "using": true, "similar": true, "array": true, "fetch": true, "first": true,
	"next": true, "row": true, "rows": true, "interval": true, "over": true, "filter": true,
	"do": true, "update": true, "into": true, "with": true, "return": true,
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// word handles the word src[i:j] and returns the offset to go on from.
func (lx *lexer) word(i, j int) (int, error) {
	lw := strings.ToLower(lx.src[i:j])
	first := !lx.started
	lx.started = true
	lx.limitAt = -1
	lx.words = append(lx.words, word{lw, i, j})
	if lx.d != Postgres {
		if next, ok := lx.dialectWord(lw, i, j, first); ok {
			return next, nil
		}
	}
	switch lw {
	case "and", "or", "where", "select", "from", "set", "values", "when", "then", "else", "on", "having", "returning":
		lx.reset(false)
	case "union", "intersect", "except", "join", "collate":
		if err := lx.link(true); err != nil {
			return 0, err
		}
	case "is", "like", "ilike", "between", "similar", "at", "overlaps", "in", "escape", "not":
		if err := lx.link(false); err != nil {
			return 0, err
		}
	}
	if operandKeywords[lw] {
		lx.prev = tokOther
	} else {
		lx.prev = tokOperand
	}
	if lw == "limit" && lx.d == MySQL {
		lx.limitAt = len(lx.ops)
	}
	return j, nil
}

// dialectWord rewrites the MySQL and SQLite statement forms PostgreSQL lacks
// into their PostgreSQL equivalents: REPLACE INTO and INSERT IGNORE / OR
// REPLACE become INSERT, ON DUPLICATE KEY UPDATE becomes ON CONFLICT DO
// UPDATE SET and VALUES(col) in it EXCLUDED.col. ok reports a rewrite.
func (lx *lexer) dialectWord(lw string, i, j int, first bool) (next int, ok bool) {
	ws := lx.words
	prevIs := func(k int, w string) bool { return len(ws) > k && ws[len(ws)-1-k].lw == w }
	switch {
	case first && lw == "replace":
		lx.replace(i, j, "INSERT")
	case lw == "ignore" && prevIs(1, "insert"):
		lx.replace(i, j, "")
	case prevIs(1, "or") && prevIs(2, "insert") &&
		(lw == "replace" || lw == "ignore" || lw == "abort" || lw == "fail" || lw == "rollback"):
		lx.replace(ws[len(ws)-2].start, j, "")
	case lw == "update" && prevIs(1, "key") && prevIs(2, "duplicate") && prevIs(3, "on"):
		lx.replace(ws[len(ws)-4].start, j, "ON CONFLICT DO UPDATE SET")
		lx.dupKey = true
	case lw == "values" && lx.dupKey:
		end, col := valuesRef(lx.src, j)
		if end < 0 {
			return 0, false
		}
		lx.replace(i, end, "excluded."+col)
		lx.prev = tokOperand
		return end, true
	default:
		return 0, false
	}
	lx.prev = tokOther
	return j, true
}

// valuesRef reads the "(col)" of MySQL's VALUES(col) at s[i:], returning the
// offset after it and col as a PostgreSQL identifier, or -1.
func valuesRef(s string, i int) (int, string) {
	skip := func() {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
	}
	skip()
	if i >= len(s) || s[i] != '(' {
		return -1, ""
	}
	i++
	skip()
	var col string
	switch {
	case i < len(s) && s[i] == '`':
		j := quotedEnd(s, i, '`', false)
		if j-i < 2 || s[j-1] != '`' {
			return -1, ""
		}
		col = `"` + strings.ReplaceAll(strings.ReplaceAll(s[i+1:j-1], "``", "`"), `"`, `""`) + `"`
		i = j
	case i < len(s) && isIdentStart(s[i]):
		j := i + 1
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		col = s[i:j]
		i = j
	default:
		return -1, ""
	}
	skip()
	if i >= len(s) || s[i] != ')' {
		return -1, ""
	}
	return i + 1, col
}

func lineEnd(s string, i int) int {
	for i < len(s) && s[i] != '\n' {
		i++
	}
	return i
}

// blockComment returns the offset after the /* comment at i, and whether
// it is closed (else the offset is the end of the text). Postgres comments
// nest; MySQL and SQLite ones end at the first */.
func (lx *lexer) blockComment(i int) (int, bool) {
	s := lx.src
	nest := lx.d == Postgres
	depth := 0
	j := i
	for j+1 < len(s) {
		switch {
		case s[j] == '/' && s[j+1] == '*':
			if depth == 0 || nest {
				depth++
			}
			j += 2
		case s[j] == '*' && s[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return j, true
			}
		default:
			j++
		}
	}
	return len(s), false
}

// quotedEnd returns the offset after the quoted token starting at i, where a
// doubled quote escapes the quote and, if backslash, a backslash escapes the
// next byte. An unterminated token runs to the end: the parser reports it.
func quotedEnd(s string, i int, q byte, backslash bool) int {
	j := i + 1
	for j < len(s) {
		switch s[j] {
		case '\\':
			if backslash {
				j += 2
				continue
			}
		case q:
			if j+1 < len(s) && s[j+1] == q {
				j += 2
				continue
			}
			return j + 1
		}
		j++
	}
	return len(s)
}

func (lx *lexer) singleQuoted(i int) int {
	s := lx.src
	switch lx.d {
	case Postgres:
		// E'...' strings take backslash escapes.
		esc := i > 0 && (s[i-1] == 'e' || s[i-1] == 'E') && (i < 2 || !isIdentChar(s[i-2]))
		return quotedEnd(s, i, '\'', esc)
	case MySQL:
		j := quotedEnd(s, i, '\'', true)
		if strings.IndexByte(s[i:j], '\\') >= 0 && !(i > 0 && isIdentChar(s[i-1])) {
			lx.replace(i, i, "E")
		}
		return j
	default:
		return quotedEnd(s, i, '\'', false)
	}
}

// mysqlDoubleQuoted turns a MySQL "string" into a PostgreSQL 'string'.
func (lx *lexer) mysqlDoubleQuoted(i int) int {
	s := lx.src
	j := quotedEnd(s, i, '"', true)
	end := j
	if end > i+1 && s[end-1] == '"' {
		end--
	}
	var b strings.Builder
	b.WriteByte('\'')
	esc := false
	for k := i + 1; k < end; k++ {
		switch c := s[k]; {
		case c == '\\' && k+1 < end:
			esc = true
			b.WriteByte(c)
			b.WriteByte(s[k+1])
			k++
		case c == '"' && k+1 < end && s[k+1] == '"':
			b.WriteByte('"')
			k++
		case c == '\'':
			b.WriteString("''")
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	r := b.String()
	if esc {
		r = "E" + r
	}
	lx.replace(i, j, r)
	return j
}

func (lx *lexer) backquoted(i int) int {
	s := lx.src
	j := quotedEnd(s, i, '`', false)
	end := j
	if end > i+1 && s[end-1] == '`' {
		end--
	}
	name := strings.ReplaceAll(s[i+1:end], "``", "`")
	lx.replace(i, j, `"`+strings.ReplaceAll(name, `"`, `""`)+`"`)
	return j
}

func (lx *lexer) dollar(i int) int {
	s := lx.src
	j := i + 1
	if j < len(s) && isDigit(s[j]) {
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		num, err := strconv.Atoi(s[i+1 : j])
		if err == nil && num < 1<<20 {
			lx.numbered(num)
		}
		lx.prev = tokOperand
		return j
	}
	if lx.d != Postgres {
		if j < len(s) && isIdentStart(s[j]) {
			for j < len(s) && isIdentChar(s[j]) && s[j] != '$' {
				j++
			}
			lx.namedParam(i, j, s[i+1:j])
			return j
		}
		lx.prev = tokOther
		return i + 1
	}
	// A dollar-quoted string: $tag$ ... $tag$.
	for j < len(s) && isIdentChar(s[j]) && s[j] != '$' {
		j++
	}
	if j < len(s) && s[j] == '$' {
		tag := s[i : j+1]
		if k := strings.Index(s[j+1:], tag); k >= 0 {
			lx.prev = tokOperand
			return j + 1 + k + len(tag)
		}
		return len(s)
	}
	lx.prev = tokOther
	return i + 1
}

func (lx *lexer) question(i int) int {
	s := lx.src
	// An ORM's table macro before a column (bun's ?TableAlias.tenant_id):
	// drop it, the column stays qualified by nothing.
	if i+1 < len(s) && isIdentStart(s[i+1]) {
		j := i + 1
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '.' {
			lx.replace(i, j+1, "")
			return j + 1
		}
	}
	if lx.d == SQLite && i+1 < len(s) && isDigit(s[i+1]) {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if num, err := strconv.Atoi(s[i+1 : j]); err == nil && num >= 1 && num < 1<<20 {
			lx.numbered(num)
			lx.param(i, j, num)
			return j
		}
	}
	if lx.d == Postgres {
		// jsonb's ?, ?| and ?& follow an operand; a placeholder does not.
		if i+1 < len(s) && (s[i+1] == '|' || s[i+1] == '&') || lx.prev == tokOperand {
			lx.prev = tokOther
			return i + 1
		}
	}
	lx.positional(i, i+1)
	return i + 1
}

func (lx *lexer) colon(i int) (int, error) {
	s := lx.src
	if i+1 < len(s) && s[i+1] == ':' {
		lx.prev = tokOther
		return i + 2, lx.link(false) // a cast chain is as deep as an operator chain
	}
	if i+1 < len(s) && isIdentStart(s[i+1]) && (i == 0 || !isIdentChar(s[i-1]) && s[i-1] != ':') {
		j := i + 1
		for j < len(s) && isIdentChar(s[j]) && s[j] != '$' {
			j++
		}
		lx.namedParam(i, j, s[i+1:j])
		return j, nil
	}
	lx.prev = tokOther
	return i + 1, nil
}

func (lx *lexer) at(i int) (int, error) {
	s := lx.src
	named := i+1 < len(s) && isIdentStart(s[i+1]) && (i == 0 || !isIdentChar(s[i-1]) && s[i-1] != '@')
	if named && lx.d == Postgres && i > 0 && strings.IndexByte(opChars, s[i-1]) >= 0 {
		named = false // <@name is the "contained by" operator
	}
	if named {
		j := i + 1
		for j < len(s) && isIdentChar(s[j]) && s[j] != '$' {
			j++
		}
		lx.namedParam(i, j, s[i+1:j])
		return j, nil
	}
	if err := lx.link(false); err != nil {
		return 0, err
	}
	lx.prev = tokOther
	return i + 1, nil
}

// lineCol returns the 1-based line of byte offset p in s.
func lineOf(s string, p int) int {
	if p > len(s) {
		p = len(s)
	}
	return strings.Count(s[:p], "\n") + 1
}

// syntaxError is the error of an unparsable text, at an offset of the
// original text.
type syntaxError struct {
	msg string
	pos int // byte offset in the original text, -1 if unknown
}

// maxErrorText bounds the text of a syntax error: the parser quotes the
// token it stopped at, which can be a whole literal or comment.
const maxErrorText = 200

func (e *syntaxError) Error() string {
	msg := e.msg
	if len(msg) > maxErrorText {
		cut := maxErrorText
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "..."
	}
	if e.pos < 0 {
		return "sql: " + msg
	}
	return fmt.Sprintf("sql: %s (at offset %d)", msg, e.pos)
}
