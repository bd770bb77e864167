package sqlscope

import (
	"errors"
	"slices"
	"testing"
)

func TestParseSchemaPostgres(t *testing.T) {
	src := `-- +goose Up
CREATE TABLE IF NOT EXISTS public.Orders (
	id bigserial PRIMARY KEY,
	tenant_id uuid NOT NULL,
	"Total" numeric,
	CONSTRAINT orders_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
CREATE INDEX orders_tenant ON orders (tenant_id);
CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql;
ALTER TABLE orders ADD COLUMN note text, ADD COLUMN IF NOT EXISTS org_id bigint;
ALTER TABLE items ADD COLUMN tenant_id uuid;
CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
COMMENT ON TABLE orders IS 'x';
-- +goose Down
DROP TABLE orders;
`
	s, err := ParseSchema("001.sql", []byte(src), Postgres)
	if err != nil {
		t.Fatal(err)
	}
	o := s.Tables["orders"]
	if o == nil || !slices.Equal(o.Columns, []string{"id", "tenant_id", "total", "note", "org_id"}) || o.Line != 2 || o.File != "001.sql" {
		t.Fatalf("orders = %+v", o)
	}
	if got := s.columns("orders_2024"); !slices.Contains(got, "tenant_id") {
		t.Errorf("partition columns = %q", got)
	}
	if it := s.Tables["items"]; it == nil || !it.altered {
		t.Errorf("items = %+v", it)
	}

	// A later file creating items keeps the ALTERed column.
	s2, err := ParseSchema("002.sql", []byte("CREATE TABLE items (id int, order_id int);"), Postgres)
	if err != nil {
		t.Fatal(err)
	}
	s.Merge(s2)
	if it := s.Tables["items"]; it.File != "002.sql" || !slices.Equal(it.Columns, []string{"id", "order_id", "tenant_id"}) {
		t.Errorf("merged items = %+v", it)
	}
}

func TestParseSchemaMySQLSQLite(t *testing.T) {
	mysql := "CREATE TABLE `orders` (\n `id` INT UNSIGNED NOT NULL AUTO_INCREMENT,\n `tenant_id` VARCHAR(36) NOT NULL COMMENT 'it''s; (x',\n" +
		" total DECIMAL(10,2),\n PRIMARY KEY (`id`),\n KEY `idx_tenant` (`tenant_id`),\n UNIQUE KEY uk (tenant_id, id)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n" +
		"# comment\nALTER TABLE orders ADD COLUMN note TEXT, ADD INDEX (note);\nCREATE TABLE copy LIKE orders;\n"
	s, err := ParseSchema("schema.sql", []byte(mysql), MySQL)
	if err != nil {
		t.Fatal(err)
	}
	if o := s.Tables["orders"]; o == nil || !slices.Equal(o.Columns, []string{"id", "tenant_id", "total", "note"}) {
		t.Fatalf("orders = %+v", o)
	}
	if c := s.columns("copy"); !slices.Contains(c, "tenant_id") {
		t.Errorf("copy columns = %q", c)
	}

	sqlite := "CREATE TABLE IF NOT EXISTS [projects] (id INTEGER PRIMARY KEY, \"org_id\" INTEGER, name TEXT, CHECK (name <> ''));\n" +
		"CREATE TRIGGER t AFTER INSERT ON projects BEGIN UPDATE projects SET name = 'x'; END;"
	s, err = ParseSchema("schema.sql", []byte(sqlite), SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Tables["projects"]; p == nil || !slices.Equal(p.Columns, []string{"id", "org_id", "name"}) {
		t.Fatalf("projects = %+v", p)
	}
}

func TestParseSchemaErrors(t *testing.T) {
	tests := []struct {
		src  string
		d    Dialect
		line int
	}{
		{"CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,);\n", Postgres, 3},
		{"CREATE TABLE a (id int);\nCREATE TABLE b (id int, name text DEFAULT 'x\n", MySQL, 2},
		{"\nCREATE TABLE b (id int, x int\n", SQLite, 2},
	}
	for _, tt := range tests {
		_, err := ParseSchema("db/schema.sql", []byte(tt.src), tt.d)
		var se *SchemaError
		if !errors.As(err, &se) || se.Line != tt.line || se.File != "db/schema.sql" {
			t.Errorf("ParseSchema(%q) error = %v, want db/schema.sql:%d", tt.src, err, tt.line)
		}
	}
}
