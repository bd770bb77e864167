package sqlscope

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func testOptions(d Dialect) *Options {
	return &Options{
		Dialect: d,
		Global:  func(t string) bool { return t == "plans" || t == "schema_migrations" || t == "public.flags" },
	}
}

const testSchema = `
CREATE TABLE tenants (id uuid PRIMARY KEY, name text);
CREATE TABLE projects (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants, name text);
CREATE TABLE tasks (id bigint, tenant_id uuid, project_id bigint, title text);
CREATE TABLE countries (code text PRIMARY KEY, name text);
CREATE TABLE audit (id bigint, msg text);
ALTER TABLE audit ADD COLUMN tenant_id uuid;
`

func schemaOptions(t *testing.T) *Options {
	t.Helper()
	s, err := ParseSchema("schema.sql", []byte(testSchema), Postgres)
	if err != nil {
		t.Fatal(err)
	}
	o := testOptions(Postgres)
	o.Schema = s
	o.TenantColumn = func(c string) bool { return c == "tenant_id" }
	o.RegistryTable = func(t string) bool { return t == "tenants" }
	return o
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		d    Dialect
		want string // describe() of each statement, joined by " || "
	}{
		// Rule: a tenant column bound by an equality at the top of WHERE.
		{"scoped", "SELECT * FROM orders WHERE tenant_id = $1", Postgres, "orders{tenant_id=$1}"},
		{"unscoped", "SELECT * FROM orders WHERE id = $1", Postgres, "orders{}"},
		{"optional filter", "SELECT * FROM orders WHERE tenant_id = COALESCE(NULLIF($1, ''), tenant_id)", Postgres, "orders{}"},
		{"optional filter mysql", "SELECT * FROM orders WHERE tenant_id = IFNULL(?, tenant_id)", MySQL, "orders{}"},
		{"coalesce of values", "SELECT * FROM orders WHERE tenant_id = COALESCE($1, $2)", Postgres, "orders{} unresolved"},
		{"row in subquery", "SELECT * FROM orders o WHERE (o.id, o.tenant_id) IN (SELECT UNNEST($1::bigint[]), UNNEST($2::uuid[]))", Postgres, "orders@o{} unresolved"},
		{"row in subquery without tenant", "SELECT * FROM orders o WHERE (o.id, o.kind) IN (SELECT UNNEST($1::bigint[]), UNNEST($2::text[]))", Postgres, "orders@o{}"},
		{"row in scoped subquery", "UPDATE orders SET done = true WHERE (id, kind) IN (SELECT id, kind FROM orders WHERE tenant_id = $1)", Postgres, "orders{} joined=[1] target; orders{tenant_id=$1} joined=[0]"},
		{"reversed", "SELECT * FROM orders WHERE $1 = org_id AND id = $2", Postgres, "orders{org_id=$1}"},
		{"cast", "SELECT * FROM orders WHERE tenant_id = $1::uuid", Postgres, "orders{tenant_id=$1}"},
		{"literal", "SELECT * FROM orders WHERE tenant_id = 'acme'", Postgres, "orders{tenant_id='acme'}"},
		{"literal number", "SELECT * FROM orders WHERE tenant_id = 42", Postgres, "orders{tenant_id=42}"},
		{"is null", "SELECT * FROM orders WHERE tenant_id IS NULL", Postgres, "orders{tenant_id=NULL}"},
		{"not equal", "SELECT * FROM orders WHERE tenant_id <> $1", Postgres, "orders{}"},
		{"not", "SELECT * FROM orders WHERE NOT (tenant_id = $1)", Postgres, "orders{}"},
		{"nested and", "SELECT * FROM orders WHERE (a = 1 AND (tenant_id = $1 AND b = 2))", Postgres, "orders{tenant_id=$1}"},
		{"function", "SELECT * FROM orders WHERE tenant_id = current_tenant()", Postgres, "orders{} unresolved"},
		{"other column", "SELECT * FROM orders WHERE tenant_id = owner_id", Postgres, "orders{} unresolved"},
		{"schema-qualified", "SELECT * FROM app.orders o WHERE o.tenant_id = $1", Postgres, "orders@o{tenant_id=$1}"},
		{"quoted", `SELECT * FROM "Orders" WHERE "tenant_id" = $1`, Postgres, "orders{tenant_id=$1}"},
		{"no where", "SELECT count(*) FROM orders", Postgres, "orders{}"},

		// Aliases.
		{"alias", "SELECT s.id FROM subscriptions s WHERE s.project_id = $1", Postgres, "subscriptions@s{project_id=$1}"},
		{"alias wrong table", "SELECT * FROM a x, b y WHERE x.tenant_id = $1", Postgres, "a@x{tenant_id=$1}; b@y{}"},
		{"table name when aliased", "SELECT * FROM a x WHERE a.tenant_id = $1", Postgres, "a@x{tenant_id=$1}"},

		// OR does not constrain, unless every branch binds the column.
		{"or", "SELECT * FROM orders WHERE tenant_id = $1 OR id = $2", Postgres, "orders{}"},
		{"or both bind", "SELECT * FROM orders WHERE (tenant_id = $1 OR tenant_id IS NULL) AND id = $2", Postgres, "orders{tenant_id=$1,tenant_id=NULL}"},
		{"or under and", "SELECT * FROM orders WHERE id = $2 AND (tenant_id = $1 OR public)", Postgres, "orders{}"},

		// IN and ANY.
		{"in list", "SELECT * FROM orders WHERE tenant_id IN ($1, $2)", Postgres, "orders{tenant_id=$1,tenant_id=$2}"},
		{"not in", "SELECT * FROM orders WHERE tenant_id NOT IN ($1)", Postgres, "orders{}"},
		{"any", "SELECT * FROM orders WHERE tenant_id = ANY($1)", Postgres, "orders{tenant_id=$1}"},
		{"any array", "SELECT * FROM orders WHERE tenant_id = ANY(ARRAY[$1, $2])", Postgres, "orders{tenant_id=$1,tenant_id=$2}"},
		{"in subquery", "SELECT * FROM orders WHERE tenant_id IN (SELECT tenant_id FROM members WHERE user_id = $1)", Postgres,
			"orders{} joined=[1] unresolved; members{}"},
		{"scalar subquery on tenant column", "SELECT * FROM users u WHERE u.id = $1 AND u.tenant_id = (SELECT tenant_id FROM sessions WHERE token = $2)", Postgres,
			"users@u{} joined=[1] unresolved; sessions{}"},
		{"row equality", "SELECT * FROM orders WHERE (tenant_id, id) = ($1, $2)", Postgres, "orders{tenant_id=$1}"},
		{"row in", "SELECT * FROM orders WHERE (tenant_id, id) IN (($1, $2), ($1, $3))", Postgres, "orders{tenant_id=$1}"},

		// Joins.
		{"scoped through join", "SELECT i.* FROM items i JOIN orders o ON o.id = i.order_id WHERE o.tenant_id = $1", Postgres,
			"items@i{} joined=[1]; orders@o{tenant_id=$1} joined=[0]"},
		{"unscoped join", "SELECT * FROM items i JOIN orders o ON o.id > i.order_id WHERE o.tenant_id = $1", Postgres,
			"items@i{}; orders@o{tenant_id=$1}"},
		{"bind in join on", "SELECT * FROM items i JOIN orders o ON o.id = i.order_id AND o.tenant_id = $1", Postgres,
			"items@i{} joined=[1]; orders@o{tenant_id=$1} joined=[0]"},
		{"left join restricts the right side only", "SELECT * FROM orders o LEFT JOIN items i ON i.order_id = o.id AND o.tenant_id = $1", Postgres,
			"orders@o{}; items@i{} joined=[0]"},
		{"using", "SELECT * FROM orders JOIN items USING (order_id) WHERE orders.tenant_id = $1", Postgres,
			"orders{tenant_id=$1} joined=[1]; items{} joined=[0]"},
		{"join on tenant columns", "SELECT * FROM a JOIN b ON a.tenant_id = b.tenant_id WHERE a.tenant_id = $1", Postgres,
			"a{tenant_id=$1} joined=[1]; b{} joined=[0]"},
		{"unqualified in join, no schema", "SELECT * FROM a JOIN b ON a.id = b.a_id WHERE tenant_id = $1", Postgres,
			"a{tenant_id=$1} joined=[1]; b{tenant_id=$1} joined=[0]"},
		{"join to global", "SELECT * FROM orders o JOIN plans p ON p.id = o.plan_id WHERE o.tenant_id = $1", Postgres,
			"orders@o{tenant_id=$1}"},
		{"comma join", "SELECT * FROM a, b WHERE a.id = b.a_id AND b.tenant_id = $1", Postgres,
			"a{} joined=[1]; b{tenant_id=$1} joined=[0]"},

		// Subqueries.
		{"scalar subquery unscoped", "SELECT (SELECT count(*) FROM items) FROM orders WHERE tenant_id = $1", Postgres,
			"items{}; orders{tenant_id=$1}"},
		{"correlated subquery", "SELECT (SELECT count(*) FROM items i WHERE i.order_id = o.id) FROM orders o WHERE o.tenant_id = $1", Postgres,
			"items@i{} joined=[1]; orders@o{tenant_id=$1}"},
		{"exists", "SELECT * FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id AND b.tenant_id = $1)", Postgres,
			"a{} joined=[1]; b{tenant_id=$1} joined=[0]"},
		{"not exists", "SELECT * FROM a WHERE a.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id)", Postgres,
			"a{tenant_id=$1}; b{} joined=[0]"},
		{"in semi-join", "SELECT * FROM a WHERE a.id IN (SELECT a_id FROM b WHERE b.tenant_id = $1)", Postgres,
			"a{} joined=[1]; b{tenant_id=$1} joined=[0]"},
		{"derived table", "SELECT * FROM (SELECT * FROM a WHERE tenant_id = $1) x JOIN b ON b.a_id = x.id", Postgres,
			"a{tenant_id=$1}; b{} joined=[0]"},
		{"unscoped derived table", "SELECT * FROM (SELECT * FROM a) x WHERE x.tenant_id = $1", Postgres,
			"a{}"},
		{"union", "SELECT id FROM a WHERE tenant_id = $1 UNION SELECT id FROM b", Postgres, "a{tenant_id=$1}; b{}"},

		// CTEs.
		{"cte", "WITH x AS (SELECT * FROM a WHERE tenant_id = $1) SELECT * FROM x JOIN b ON b.tenant_id = x.tenant_id", Postgres,
			"a{tenant_id=$1}; b{} joined=[0]"},
		{"cte unscoped", "WITH x AS (SELECT * FROM a) SELECT * FROM x WHERE x.id = $1", Postgres, "a{}"},
		{"recursive cte", "WITH RECURSIVE t AS (SELECT id, parent_id FROM folders WHERE tenant_id = $1 AND id = $2 UNION ALL SELECT f.id, f.parent_id FROM folders f JOIN t ON f.parent_id = t.id) SELECT * FROM t", Postgres,
			"folders{tenant_id=$1}; folders@f{}"},
		{"data-modifying cte", "WITH d AS (DELETE FROM a WHERE tenant_id = $1 RETURNING id) SELECT * FROM d", Postgres,
			"a{tenant_id=$1} target"},

		// INSERT.
		{"insert", "INSERT INTO orders (tenant_id, total) VALUES ($1, $2)", Postgres, "orders{tenant_id:=$1} target"},
		{"insert without tenant column", "INSERT INTO orders (total) VALUES ($1)", Postgres, "orders{} target"},
		{"insert multi-row", "INSERT INTO orders (total, tenant_id) VALUES ($1, $2), ($3, $4), ($5, 'x')", Postgres,
			"orders{tenant_id:=$2,tenant_id:=$4,tenant_id:='x'} target"},
		{"insert expression", "INSERT INTO orders (tenant_id) VALUES (lower($1))", Postgres, "orders{} target unresolved"},
		{"insert no column list", "INSERT INTO orders VALUES ($1, $2)", Postgres, "orders{} target unresolved"},
		{"insert select", "INSERT INTO a (tenant_id, x) SELECT $1, x FROM b WHERE b.tenant_id = $1", Postgres,
			"a{tenant_id:=$1} target; b{tenant_id=$1}"},
		{"insert select column", "INSERT INTO a (tenant_id, x) SELECT tenant_id, x FROM b WHERE tenant_id = $1", Postgres,
			"a{} joined=[1] target; b{tenant_id=$1}"},
		{"insert select expression", "INSERT INTO a (tenant_id, x) SELECT coalesce(tenant_id, $1), x FROM b", Postgres,
			"a{} target unresolved; b{}"},
		{"insert returning", "INSERT INTO a (tenant_id) VALUES ($1) RETURNING id", Postgres, "a{tenant_id:=$1} target"},

		// Upserts.
		{"upsert target has tenant", "INSERT INTO t (tenant_id, k, v) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, k) DO UPDATE SET v = excluded.v", Postgres,
			"t{tenant_id:=$1} target upsert"},
		{"upsert target without tenant", "INSERT INTO t (tenant_id, k, v) VALUES ($1, $2, $3) ON CONFLICT (k) DO UPDATE SET v = excluded.v", Postgres,
			"t{tenant_id:=$1} target upsert upsert-unscoped"},
		{"upsert where excluded", "INSERT INTO t (tenant_id, k) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET k = excluded.k WHERE t.tenant_id = excluded.tenant_id", Postgres,
			"t{tenant_id:=$1} target upsert"},
		{"upsert where bind", "INSERT INTO t (tenant_id, k) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET k = excluded.k WHERE t.tenant_id = $1", Postgres,
			"t{tenant_id:=$1} target upsert upsert-unscoped ubinds{tenant_id=$1}"},
		{"upsert do nothing", "INSERT INTO t (tenant_id, k) VALUES ($1, $2) ON CONFLICT DO NOTHING", Postgres, "t{tenant_id:=$1} target"},
		{"upsert on constraint", "INSERT INTO t (tenant_id, k) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT t_key DO UPDATE SET k = 1", Postgres,
			"t{tenant_id:=$1} target upsert"},

		// UPDATE and DELETE.
		{"update", "UPDATE orders SET total = $2 WHERE tenant_id = $1 AND id = $3", Postgres, "orders{tenant_id=$1} target"},
		{"update unscoped", "UPDATE orders SET total = $1 WHERE id = $2", Postgres, "orders{} target"},
		{"update set tenant", "UPDATE orders SET tenant_id = $1 WHERE id = $2", Postgres, "orders{tenant_id:=$1} target"},
		{"update set tenant expression", "UPDATE orders SET tenant_id = other_id WHERE id = $2", Postgres, "orders{} target unresolved"},
		{"update multi-assign", "UPDATE orders SET (tenant_id, total) = ($1, $2) WHERE id = $3", Postgres, "orders{tenant_id:=$1} target"},
		{"update from", "UPDATE a SET x = b.x FROM b WHERE a.id = b.a_id AND b.tenant_id = $1", Postgres,
			"a{} joined=[1] target; b{tenant_id=$1} joined=[0]"},
		{"update from unscoped", "UPDATE a SET x = b.x FROM b WHERE a.tenant_id = $1", Postgres, "a{tenant_id=$1} target; b{}"},
		{"delete", "DELETE FROM orders WHERE tenant_id = $1 AND id = $2", Postgres, "orders{tenant_id=$1} target"},
		{"delete unscoped", "DELETE FROM orders WHERE id = $1", Postgres, "orders{} target"},
		{"delete using", "DELETE FROM a USING b WHERE a.id = b.a_id AND b.org_id = $1", Postgres,
			"a{} joined=[1] target; b{org_id=$1} joined=[0]"},

		// Registry and globals.
		{"registry", "SELECT * FROM tenants WHERE id = $1", Postgres, "tenants{id=$1} registry"},
		{"registry unscoped", "SELECT name FROM tenants", Postgres, "tenants{} registry"},
		{"registry id only", "SELECT id FROM tenants WHERE slug = $1", Postgres, "tenants{} registry idonly"},
		{"registry star", "SELECT * FROM orgs WHERE slug = $1", Postgres, "orgs{} registry"},
		{"registry qualified id", "SELECT t.id FROM tenants t JOIN users u ON u.tenant_id = t.id WHERE u.email = $1", Postgres,
			"tenants@t{} joined=[1] registry idonly; users@u{} joined=[0]"},
		{"global", "SELECT * FROM plans", Postgres, ""},
		{"global qualified", "SELECT * FROM public.flags", Postgres, ""},
		{"catalog", "SELECT * FROM pg_catalog.pg_tables t JOIN information_schema.columns c ON true", Postgres, ""},
		{"pg table", "SELECT * FROM pg_stat_activity", Postgres, ""},

		// Several statements and other kinds.
		{"two statements", "SELECT 1 FROM a WHERE tenant_id = $1; DELETE FROM b", Postgres, "a{tenant_id=$1} || b{} target"},
		{"ddl", "CREATE INDEX ON orders (tenant_id)", Postgres, ""},
		{"explain", "EXPLAIN SELECT * FROM orders", Postgres, "orders{}"},

		// Dialects and placeholders.
		{"mysql", "SELECT * FROM `orders` WHERE `tenant_id` = ? AND id = ?", MySQL, "orders{tenant_id=$1}"},
		{"mysql second", "SELECT * FROM orders WHERE id = ? AND tenant_id = ?", MySQL, "orders{tenant_id=$2}"},
		{"mysql strings", `SELECT * FROM orders WHERE note = "it's ?" AND tenant_id = ? # trailing ?`, MySQL, "orders{tenant_id=$1}"},
		{"mysql backslash", `SELECT * FROM orders WHERE note = 'a\'b?' AND tenant_id = ?`, MySQL, "orders{tenant_id=$1}"},
		{"mysql insert", "INSERT INTO `orders` (`tenant_id`, `total`) VALUES (?, ?)", MySQL, "orders{tenant_id:=$1} target"},
		{"sqlite numbered", "SELECT * FROM orders WHERE id = ?2 AND tenant_id = ?1", SQLite, "orders{tenant_id=$1}"},
		{"sqlite named", "SELECT * FROM orders WHERE id = $id AND tenant_id = :tenant", SQLite, "orders{tenant_id=$2}"},
		{"sqlx named", "SELECT * FROM orders WHERE tenant_id = :tenant_id AND created > :since::date", Postgres, "orders{tenant_id=$1}"},
		{"pgx named", "SELECT * FROM orders WHERE tenant_id = @tenant AND tags <@ @tags", Postgres, "orders{tenant_id=$1}"},
		{"question in postgres", "SELECT * FROM orders WHERE tenant_id = ? AND data ? 'k' AND data ?| array['a']", Postgres, "orders{tenant_id=$1}"},
		{"sqlc comment", "-- name: GetOrder :one\nSELECT id, total FROM orders\nWHERE tenant_id = $1 AND id = $2\n", Postgres, "orders{tenant_id=$1}"},
		{"sqlc mysql comment", "-- name: GetOrder :one\nSELECT id FROM orders WHERE tenant_id = ? AND id = ?", MySQL, "orders{tenant_id=$1}"},
		{"mysql on duplicate key", "INSERT INTO settings (tenant_id, k, v) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE v = VALUES(`v`), n = n + 1", MySQL,
			"settings{tenant_id:=$1} target upsert"},
		{"mysql limit offset", "SELECT * FROM orders WHERE tenant_id = ? ORDER BY id LIMIT ?, ?", MySQL, "orders{tenant_id=$1}"},
		{"mysql replace", "REPLACE INTO orders (tenant_id, id) VALUES (?, ?)", MySQL, "orders{tenant_id:=$1} target"},
		{"mysql insert ignore", "INSERT IGNORE INTO orders (id, tenant_id) VALUES (?, ?)", MySQL, "orders{tenant_id:=$2} target"},
		{"sqlite insert or replace", "INSERT OR REPLACE INTO orders (tenant_id) VALUES (?)", SQLite, "orders{tenant_id:=$1} target"},
		{"sqlite upsert", "INSERT INTO kv (tenant_id, k, v) VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", SQLite,
			"kv{tenant_id:=$1} target upsert upsert-unscoped"},
		{"gorm in", "SELECT * FROM orders WHERE tenant_id = ? AND id IN ?", Postgres, "orders{tenant_id=$1}"},
		{"gorm in tenant", "SELECT * FROM orders WHERE tenant_id IN ?", MySQL, "orders{tenant_id=$1}"},
		{"invalid utf-8", "SELECT * FROM orders WHERE note = '\xff' AND tenant_id = $1", Postgres, "orders{tenant_id=$1}"},
		{"dollar quoted", "SELECT * FROM orders WHERE note = $$ ? :x $$ AND tenant_id = $1", Postgres, "orders{tenant_id=$1}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Analyze(tt.sql, testOptions(tt.d))
			if err != nil {
				t.Fatalf("Analyze(%q): %v", tt.sql, err)
			}
			var got []string
			for _, st := range res.Statements {
				got = append(got, describe(st))
			}
			if g := strings.Join(got, " || "); g != tt.want {
				t.Errorf("Analyze(%q)\n got %s\nwant %s", tt.sql, g, tt.want)
			}
		})
	}
}

func TestSchemaMode(t *testing.T) {
	o := schemaOptions(t)
	tests := []struct{ sql, want string }{
		{"SELECT * FROM countries WHERE code = $1", "countries{} link"},
		{"SELECT * FROM unknown_table", "unknown_table{} link"},
		{"SELECT * FROM tasks WHERE id = $1", "tasks{}"},
		{"SELECT * FROM projects p JOIN tasks t ON t.project_id = p.id WHERE tenant_id = $1", "projects@p{tenant_id=$1} joined=[1]; tasks@t{tenant_id=$1} joined=[0]"},
		{"SELECT * FROM projects p JOIN countries c ON c.code = p.name WHERE tenant_id = $1", "projects@p{tenant_id=$1} joined=[1]; countries@c{} joined=[0] link"},
		{"SELECT * FROM audit WHERE tenant_id = $1", "audit{tenant_id=$1}"},
		{"INSERT INTO tasks VALUES ($1, $2, $3, $4)", "tasks{tenant_id:=$2} target"},
		{"SELECT * FROM tenants WHERE id = $1", "tenants{id=$1} registry"},
		{"SELECT * FROM projects WHERE id = $1", "projects{}"},
		{"SELECT * FROM tenants t JOIN projects p ON p.tenant_id = t.id WHERE t.id = $1", "tenants@t{id=$1} joined=[1] registry; projects@p{} joined=[0]"},
	}
	for _, tt := range tests {
		res, err := Analyze(tt.sql, o)
		if err != nil {
			t.Fatalf("Analyze(%q): %v", tt.sql, err)
		}
		if g := describe(res.Statements[0]); g != tt.want {
			t.Errorf("Analyze(%q)\n got %s\nwant %s", tt.sql, g, tt.want)
		}
	}
	res, _ := Analyze("SELECT * FROM tasks", o)
	if c := res.Statements[0].Tables[0].Column; c != "tenant_id" {
		t.Errorf("Column = %q, want tenant_id", c)
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		sql   string
		d     Dialect
		want  string
		names []string
		count int
	}{
		{"SELECT ? , ?", MySQL, "SELECT $1 , $2", nil, 2},
		{"SELECT * FROM `a``b` WHERE x = 'a?'", MySQL, `SELECT * FROM "a` + "`" + `b" WHERE x = 'a?'`, nil, 0},
		{`SELECT "x\"y"`, MySQL, `SELECT E'x\"y'`, nil, 0},
		{"SELECT :a, :b, :a", SQLite, "SELECT $1, $2, $1", []string{"a", "b"}, 2},
		{"SELECT ?, :a, ?", SQLite, "SELECT $1, $2, $3", []string{"", "a", ""}, 3},
		{"SELECT ?3, ?", SQLite, "SELECT $3, $4", nil, 4},
		{"SELECT @x, @@version", MySQL, "SELECT $1, @@version", []string{"x"}, 1},
		{"SELECT x::int, :y FROM t -- :z\n/* ? */", Postgres, "SELECT x::int, $1 FROM t -- :z\n/* ? */", []string{"y"}, 1},
		{"SELECT $2, $1", Postgres, "SELECT $2, $1", nil, 2},
		{"SELECT a ? 'b', c ?& d WHERE x = ?", Postgres, "SELECT a ? 'b', c ?& d WHERE x = $1", nil, 1},
		{"SELECT 1 # ?\n", MySQL, "SELECT 1 -- ?\n", nil, 0},
		{"SELECT replace(a, 'x', 'y') FROM t LIMIT 5", MySQL, "SELECT replace(a, 'x', 'y') FROM t LIMIT 5", nil, 0},
		{"select 1 limit 2, 3; select 1, 2", MySQL, "select 1 limit 2 OFFSET  3; select 1, 2", nil, 0},
	}
	for _, tt := range tests {
		n, err := normalise(tt.sql, tt.d)
		if err != nil {
			t.Fatalf("normalise(%q): %v", tt.sql, err)
		}
		if n.text != tt.want || !slices.Equal(n.names, tt.names) || n.count != tt.count {
			t.Errorf("normalise(%q, %v) = %q %q %d, want %q %q %d", tt.sql, tt.d, n.text, n.names, n.count, tt.want, tt.names, tt.count)
		}
		if got, names, _ := Placeholders(tt.sql, tt.d); got != n.text || !slices.Equal(names, n.names) {
			t.Errorf("Placeholders(%q) disagrees with normalise", tt.sql)
		}
	}
}

func TestResultPlaceholders(t *testing.T) {
	res, err := Analyze("SELECT * FROM t WHERE tenant_id = :tenant AND id = :id AND x = :tenant", &Options{Dialect: MySQL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Placeholders != 2 || !slices.Equal(res.Names, []string{"tenant", "id"}) {
		t.Errorf("Placeholders, Names = %d %q", res.Placeholders, res.Names)
	}
	b := res.Statements[0].Tables[0].Binds
	if len(b) != 1 || b[0].Placeholder != 0 {
		t.Errorf("binds = %+v", b)
	}
}

func TestPositions(t *testing.T) {
	sql := "SELECT * FROM a WHERE x = :long_name_here AND y = ?; SELECT * FROM `bb`"
	res, err := Analyze(sql, &Options{Dialect: MySQL})
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Statements[0].Tables[0].Pos; sql[p:p+1] != "a" {
		t.Errorf("first table at %d: %q", p, sql[p:])
	}
	if p := res.Statements[1].Tables[0].Pos; sql[p:p+4] != "`bb`" {
		t.Errorf("second table at %d: %q", p, sql[p:])
	}
}

func TestAnalyzeErrors(t *testing.T) {
	for _, sql := range []string{
		"SELEC * FROM orders",
		"SELECT * FROM orders WHERE",
		"SELECT 'unterminated",
		"SELECT " + strings.Repeat("1+", 100000) + "1",
		"SELECT " + strings.Repeat("x::int", 100000),
		strings.Repeat("SELECT 1 UNION ", 100000) + "SELECT 1",
		"SELECT * FROM a" + strings.Repeat(" JOIN a ON true", 100000),
		"SELECT " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000),
		"SELECT 1 WHERE " + strings.Repeat("NOT ", 9000) + "true",
		"SELECT 1 WHERE " + strings.Repeat("NOT ", 100000) + "true",
		strings.Repeat("x", MaxText+1),
		"SELECT * FROM a\x00 JOIN b ON true",
	} {
		if _, err := Analyze(sql, nil); err == nil {
			t.Errorf("Analyze(%.40q...) succeeded, want error", sql)
		}
	}
	_, err := Analyze("SELECT * FROM orders WHERE tenant_id = ? AND", &Options{Dialect: MySQL})
	var se *syntaxError
	if !errors.As(err, &se) || se.pos != 44 {
		t.Errorf("error = %v, want a syntax error at offset 44", err)
	}
}

func TestParseDialect(t *testing.T) {
	for in, want := range map[string]Dialect{"": Postgres, "pgx": Postgres, "PostgreSQL": Postgres, "mysql": MySQL, "sqlite3": SQLite, "sqlite": SQLite} {
		if d, err := ParseDialect(in); err != nil || d != want {
			t.Errorf("ParseDialect(%q) = %v, %v", in, d, err)
		}
	}
	if _, err := ParseDialect("oracle"); err == nil {
		t.Error("ParseDialect(oracle) succeeded")
	}
}
