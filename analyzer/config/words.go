package config

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words splits an identifier (or a column name, key or path segment) into
// its lower-cased words: camelCase and PascalCase boundaries, acronyms
// (OrgID → org, id; HTTPServer → http, server; XMLHttpRequest → xml, http,
// request), a plural acronym (orgIDs → org, ids), runs of digits
// (sha256Sum → sha, 256, sum) and any non-alphanumeric separator (org_id →
// org, id). It returns nil when ident has no word.
//
// It is on the engine's hot path: it allocates only the result (and, for
// ASCII input with upper case, one lower-cased copy the words share).
func Words(ident string) []string {
	n := 0
	for i := 0; ; n++ {
		start, end := nextWord(ident, i)
		if start == end {
			break
		}
		i = end
	}
	if n == 0 {
		return nil
	}
	ascii := isASCII(ident)
	low := ident
	if ascii {
		low = strings.ToLower(ident) // same byte offsets; no copy if already lower
	}
	out := make([]string, 0, n)
	for i := 0; ; {
		start, end := nextWord(ident, i)
		if start == end {
			break
		}
		w := low[start:end]
		if !ascii {
			w = strings.ToLower(w) // lower-casing may change lengths: per word
		}
		out = append(out, w)
		i = end
	}
	return out
}

// HasTenantWord reports whether one of ident's words (see Words) is a tenant
// word (see IsTenantWord): orgID, org_id, currentWorkspace; not forgot. It
// does not allocate for ASCII identifiers.
func (c *Config) HasTenantWord(ident string) bool {
	for i := 0; ; {
		start, end := nextWord(ident, i)
		if start == end {
			return false
		}
		if w := ident[start:end]; c.IsTenantWord(w) || c.runInID(w) != "" {
			return true
		}
		i = end
	}
}

// TenantWords is Words with a tenant word run into its ID suffix split off
// ("Tenantid", as sqlc names a "tenantId" column → tenant, id), so that
// name rules see the tenant word and what follows it.
func (c *Config) TenantWords(ident string) []string {
	words := Words(ident)
	for i := 0; i < len(words); i++ {
		if suffix := c.runInID(words[i]); suffix != "" {
			head := words[i][:len(words[i])-len(suffix)]
			words = append(words[:i], append([]string{head, suffix}, words[i+1:]...)...)
			i++
		}
	}
	return words
}

// runInID returns the ID suffix of a word that is a tenant word run into
// "id", "ids" or "uuid" (tenantid, orgIds), or "".
func (c *Config) runInID(w string) string {
	for _, suffix := range [...]string{"uuid", "ids", "id"} {
		n := len(w) - len(suffix)
		if n > 1 && strings.EqualFold(w[n:], suffix) && c.IsTenantWord(w[:n]) {
			return suffix
		}
	}
	return ""
}

// IsTenantWord reports whether the single word w, in any case, singular or
// plural, is one of c.Words: "org", "Orgs", "tenants", "companies" (for
// "company"). Plurals are undone by dropping "s" or "es", or "ies" → "y".
func (c *Config) IsTenantWord(w string) bool {
	if len(w) == 0 {
		return false
	}
	var buf [64]byte
	if len(w) > len(buf) || !isASCII(w) {
		return c.matchLower([]byte(strings.ToLower(w)))
	}
	b := buf[:len(w)]
	for i := 0; i < len(w); i++ {
		ch := w[i]
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		b[i] = ch
	}
	return c.matchLower(b)
}

// IsSingularTenantWord reports whether w, in any case, is one of c.Words as
// written (org, not orgs).
func (c *Config) IsSingularTenantWord(w string) bool {
	return c.has([]byte(strings.ToLower(w)))
}

// matchLower matches a lower-case word it may overwrite.
func (c *Config) matchLower(b []byte) bool {
	if c.has(b) {
		return true
	}
	n := len(b)
	if n < 2 || b[n-1] != 's' {
		return false
	}
	if c.has(b[:n-1]) {
		return true
	}
	if n > 2 && b[n-2] == 'e' && c.has(b[:n-2]) {
		return true
	}
	if n > 3 && b[n-3] == 'i' && b[n-2] == 'e' {
		b[n-3] = 'y'
		return c.has(b[:n-2])
	}
	return false
}

func (c *Config) has(b []byte) bool {
	_, ok := c.wordSet[string(b)] // no allocation: the compiler keys by the bytes
	return ok
}

// Character classes for word splitting.
const (
	sep = iota
	lower
	upper
	digit
)

// class returns the class of the rune at s[i] and its width.
func class(s string, i int) (int, int) {
	ch := s[i]
	if ch < utf8.RuneSelf {
		switch {
		case 'a' <= ch && ch <= 'z':
			return lower, 1
		case 'A' <= ch && ch <= 'Z':
			return upper, 1
		case '0' <= ch && ch <= '9':
			return digit, 1
		}
		return sep, 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	switch {
	case unicode.IsUpper(r):
		return upper, w
	case unicode.IsLetter(r): // lower, title-less scripts (CJK) and the like
		return lower, w
	case unicode.IsDigit(r):
		return digit, w
	}
	return sep, w
}

// nextWord returns the bounds of the first word in s[i:]; start == end when
// there is none.
func nextWord(s string, i int) (start, end int) {
	var c, w int
	for ; i < len(s); i += w {
		if c, w = class(s, i); c != sep {
			break
		}
	}
	if i >= len(s) {
		return len(s), len(s)
	}
	start = i
	i += w
	switch c {
	case digit:
		for i < len(s) {
			if c, w = class(s, i); c != digit {
				break
			}
			i += w
		}
	case lower:
		i = skipLower(s, i)
	case upper:
		if i < len(s) {
			if c, _ = class(s, i); c == lower {
				return start, skipLower(s, i) // Tenant
			}
		}
		// An acronym: its last capital starts the next word when a lower-case
		// letter follows (HTTPServer), except a plural "s" (IDs, URLs).
		last := start // start of the last capital seen
		for i < len(s) {
			if c, w = class(s, i); c != upper {
				break
			}
			last = i
			i += w
		}
		if i < len(s) && c == lower {
			if s[i] == 's' && (i+1 == len(s) || notLower(s, i+1)) {
				return start, i + 1
			}
			return start, last
		}
	}
	return start, i
}

func skipLower(s string, i int) int {
	for i < len(s) {
		c, w := class(s, i)
		if c != lower {
			break
		}
		i += w
	}
	return i
}

func notLower(s string, i int) bool {
	c, _ := class(s, i)
	return c != lower
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
