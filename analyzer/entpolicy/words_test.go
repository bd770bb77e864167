package entpolicy

import (
	"strings"
	"unicode"
)

// testTenantName is a small stand-in for the analyzer's tenant-word
// matcher: a tenant word followed only by ID, UUID, Key or Name.
func testTenantName(name string) bool {
	words := splitWords(name)
	for i, w := range words {
		switch w {
		case "tenant", "tenants", "org", "orgs", "organization", "workspace", "project", "account":
		default:
			continue
		}
		ok := true
		for _, rest := range words[i+1:] {
			switch rest {
			case "id", "ids", "uuid", "key", "name":
			default:
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// splitWords splits camelCase, PascalCase (with acronyms) and snake_case.
func splitWords(s string) []string {
	var out []string
	rs := []rune(s)
	start := -1
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if start >= 0 {
				out = append(out, strings.ToLower(string(rs[start:i])))
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		if unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
			out = append(out, strings.ToLower(string(rs[start:i])))
			start = i
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(string(rs[start:])))
	}
	return out
}
