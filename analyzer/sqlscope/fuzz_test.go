package sqlscope

import (
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"SELECT * FROM orders WHERE tenant_id = $1",
	"SELECT i.* FROM items i JOIN orders o ON o.id = i.order_id WHERE o.tenant_id = $1 OR x IN (SELECT 1)",
	"WITH x AS (DELETE FROM a WHERE tenant_id = $1 RETURNING *) SELECT * FROM x, LATERAL (SELECT * FROM b WHERE b.id = x.id) y",
	"INSERT INTO t (tenant_id, k) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET k = excluded.k WHERE t.tenant_id = excluded.tenant_id",
	"UPDATE a SET (tenant_id, x) = (SELECT 1, 2) FROM b WHERE a.id = b.a_id",
	"SELECT * FROM `t` WHERE a = ? AND b = :name AND c = @v AND d = \"s\" # c",
	"SELECT $$ ? $$, E'\\'', x::int FROM t WHERE data ?| array['a'] /* ? /* */ */",
	"SELECT set_config('app.tenant_id', $1, true)",
	"SET LOCAL app.tenant_id = $1",
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range fuzzSeeds {
		for d := Postgres; d <= SQLite; d++ {
			f.Add(s, uint8(d))
		}
	}
	schema, err := ParseSchema("schema.sql", []byte(testSchema), Postgres)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, sql string, d uint8) {
		if name, ph, ok := SessionSetting(sql); ok && (name == "" || !strings.Contains(sql, ph)) {
			t.Errorf("SessionSetting(%q) = %q, %q: the name is empty or the placeholder not in the text", sql, name, ph)
		}
		o := &Options{Dialect: Dialect(d % 3)}
		if d&4 != 0 {
			o.Schema = schema
		}
		res, err := Analyze(sql, o)
		if err != nil {
			return
		}
		for _, st := range res.Statements {
			for i, u := range st.Tables {
				if u.Pos < 0 || u.Pos > len(sql) {
					t.Errorf("table %d at %d outside text of %d bytes", i, u.Pos, len(sql))
				}
				for _, j := range u.Joined {
					if j < 0 || j >= len(st.Tables) || j == i {
						t.Errorf("table %d joined to %d of %d", i, j, len(st.Tables))
					}
				}
			}
		}
		_, _ = ParseSchema("f.sql", []byte(sql), Dialect(d%3))
	})
}
