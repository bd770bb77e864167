package sqlscope

import "regexp"

// sessionSettingRE matches a statement setting a Postgres session (or
// transaction) variable from a bind: SELECT set_config('app.tenant_id', $1,
// true), SET LOCAL app.tenant_id = $1, SET app.tenant_id TO ?.
var sessionSettingRE = regexp.MustCompile(`(?is)^\s*(?:select\s+(?:pg_catalog\.)?set_config\s*\(\s*'([^']+)'\s*,\s*(\$\d+|\?)\s*[,)]|set\s+(?:local\s+|session\s+)?([a-z_][\w.]*)\s*(?:=|\bto\b)\s*(\$\d+|\?)\s*;?\s*$)`)

// SessionSetting reports whether text is a single statement that sets a
// session or transaction variable (Postgres set_config, SET [LOCAL]) from a
// bind parameter, and returns the variable's name ("app.tenant_id") and
// the placeholder ("$1" or "?"). Row-level security policies read such a
// variable (tenant_id = current_setting('app.tenant_id')).
func SessionSetting(text string) (name, placeholder string, ok bool) {
	m := sessionSettingRE.FindStringSubmatch(text)
	if m == nil {
		return "", "", false
	}
	if m[1] != "" {
		return m[1], m[2], true
	}
	return m[3], m[4], true
}
