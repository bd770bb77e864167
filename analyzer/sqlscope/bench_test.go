package sqlscope

import "testing"

var benchStatements = []string{
	"SELECT id, name, created_at FROM projects WHERE tenant_id = $1 AND id = $2",
	"SELECT i.id, i.total FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.tenant_id = $1 AND i.status = ANY($2) ORDER BY i.created_at DESC LIMIT 50",
	"INSERT INTO events (tenant_id, kind, payload) VALUES ($1, $2, $3) RETURNING id",
	"INSERT INTO settings (tenant_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value",
	"UPDATE tasks SET done = true, updated_at = now() WHERE tenant_id = $1 AND id = $2",
	"DELETE FROM sessions WHERE org_id = $1 AND expires_at < now()",
	"WITH recent AS (SELECT * FROM orders WHERE tenant_id = $1 AND created_at > now() - interval '7 days') SELECT count(*) FROM recent r WHERE EXISTS (SELECT 1 FROM items i WHERE i.order_id = r.id)",
	"-- name: ListMembers :many\nSELECT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.org_id = $1",
}

// BenchmarkAnalyze reports the time per statement over a mix of realistic ones.
func BenchmarkAnalyze(b *testing.B) {
	o := &Options{}
	for i := 0; b.Loop(); i++ {
		if _, err := Analyze(benchStatements[i%len(benchStatements)], o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeMySQL adds the lexical normalisation.
func BenchmarkAnalyzeMySQL(b *testing.B) {
	stmts := []string{
		"SELECT `id`, `name` FROM `projects` WHERE `tenant_id` = ? AND `id` = ?",
		"INSERT INTO events (tenant_id, kind, payload) VALUES (?, ?, ?)",
		"UPDATE tasks SET done = 1 WHERE tenant_id = ? AND id IN (?, ?, ?)",
	}
	o := &Options{Dialect: MySQL}
	for i := 0; b.Loop(); i++ {
		if _, err := Analyze(stmts[i%len(stmts)], o); err != nil {
			b.Fatal(err)
		}
	}
}
