package sqlscope

import (
	"strings"
	"testing"
)

// Regression tests for what fuzzing and the soak found: inputs on which the
// parser took minutes or answered with the whole text.

func TestNestedCommentsAreBlankedNotParsed(t *testing.T) {
	deep := strings.Repeat("/*", 20000) + strings.Repeat("*/", 20000)
	res, err := Analyze(deep+" SELECT * FROM orders WHERE tenant_id = $1", &Options{Dialect: Postgres})
	if err != nil {
		t.Fatalf("closed nested comment: %v", err)
	}
	if len(res.Statements) != 1 || len(res.Statements[0].Tables) != 1 {
		t.Fatalf("want one statement on one table, got %+v", res.Statements)
	}
	if p := res.Statements[0].Tables[0].Pos; p != strings.Index(deep+" SELECT * FROM orders", "orders") {
		t.Errorf("table at offset %d: the blanks must keep the offsets", p)
	}
	// MySQL comments do not nest: "/* /* */" is closed there.
	if _, err := Analyze("/* a /* b */ SELECT * FROM orders WHERE tenant_id = ?", &Options{Dialect: MySQL}); err != nil {
		t.Errorf("MySQL comment with /* inside: %v", err)
	}
}

func TestUnterminatedCommentIsASyntaxError(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("/*", 20000) + strings.Repeat("*/", 19999) + " SELECT 1",
		"SELECT 1 /* never closed",
		"/*/ SELECT 1",
	} {
		_, err := Analyze(text, &Options{Dialect: Postgres})
		if err == nil || !strings.Contains(err.Error(), "unterminated /* comment") {
			t.Errorf("Analyze(%.40q...) = %v, want an unterminated comment", text, err)
		}
	}
}

func TestSyntaxErrorsAreShort(t *testing.T) {
	long := "SELECT '" + strings.Repeat("x", 10000) + "' '" + strings.Repeat("y", 10000) + "'"
	_, err := Analyze(long, nil)
	if err == nil {
		t.Fatal("want a syntax error")
	}
	if n := len(err.Error()); n > maxErrorText+100 {
		t.Errorf("error of %d bytes quotes the text: %.80s...", n, err)
	}
}

func TestTextsOverMaxTextAreUnparsed(t *testing.T) {
	text := "SELECT " + strings.Repeat("?,", MaxText/2) + "1"
	if _, err := Analyze(text, &Options{Dialect: MySQL}); err != ErrTooLarge {
		t.Errorf("a text of %d bytes: %v, want ErrTooLarge", len(text), err)
	}
}

// BenchmarkWorstStatement is the bound on the parser's time per text: the
// slowest shapes found, at MaxText.
func BenchmarkWorstStatement(b *testing.B) {
	for _, tc := range []struct{ name, text string }{
		{"placeholders", "SELECT " + strings.Repeat("?,", MaxText/2-10) + "1"},
		{"or-chain", "SELECT * FROM t WHERE " + strings.Repeat("a = 1 OR ", MaxText/10-5) + "true"},
		{"in-list", "SELECT * FROM t WHERE id IN (" + strings.Repeat("$1,", MaxText/3-20) + "1)"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Analyze(tc.text, &Options{Dialect: MySQL}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
