// Package recgen generates the soak's resource-bound test: a package of n
// mutually recursive helpers (one strongly connected component of the call
// graph), over SQL and file sinks, some scoped by the tenant they hold and
// some not. tenantleak's summaries must reach their fixed point over the
// whole component; the soak and BenchmarkRecursive compare the time with
// the SSA floor of the same package.
package recgen

import (
	"fmt"
	"strings"
)

// Module is the generated module's path; the package is Module + "/rec".
const Module = "example.com/recursive"

// Files returns the module's files (go.mod and rec/rec.go) by path.
func Files(n int) map[string]string {
	return map[string]string{
		"go.mod":     "module " + Module + "\n\ngo 1.26\n",
		"rec/rec.go": Source(n),
	}
}

// Source is the package of n helpers h0..h(n-1). Each calls the next one
// and one further away ((7i+3) mod n), so every helper reaches every other;
// what each does at the bottom depends on i mod 5.
func Source(n int) string {
	var b strings.Builder
	b.WriteString(`// Code written by recgen for the tenantleak soak. DO NOT EDIT.

// Package rec is a worst case for summary propagation: ` + fmt.Sprint(n) + ` mutually
// recursive helpers in one strongly connected component.
package rec

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// Store is a repository over a database and a directory.
type Store struct {
	db   *sql.DB
	root string
}

`)
	for i := 0; i < n; i++ {
		next, far := (i+1)%n, (7*i+3)%n
		fmt.Fprintf(&b, "func (s *Store) h%d(ctx context.Context, tenantID string, id int64, name string, depth int) (int64, error) {\n", i)
		b.WriteString("\tif depth <= 0 {\n")
		switch i % 5 {
		case 0: // scoped
			b.WriteString("\t\tvar n int64\n\t\terr := s.db.QueryRowContext(ctx, \"SELECT count(*) FROM items WHERE id = $1 AND tenant_id = $2\", id, tenantID).Scan(&n)\n\t\treturn n, err\n")
		case 1: // the tenant is held and not used
			b.WriteString("\t\t_, err := s.db.ExecContext(ctx, \"UPDATE items SET seen = true WHERE id = $1\", id)\n\t\treturn id, err\n")
		case 2: // a file under the tenant's directory
			b.WriteString("\t\tdata, err := os.ReadFile(filepath.Join(s.root, tenantID, name))\n\t\treturn int64(len(data)), err\n")
		case 3: // a query built with the tenant in it
			b.WriteString("\t\tq := fmt.Sprintf(\"DELETE FROM items WHERE id = $1 AND tenant_id = '%s'\", tenantID)\n\t\t_, err := s.db.ExecContext(ctx, q, id)\n\t\treturn 0, err\n")
		default: // nothing stored
			b.WriteString("\t\treturn id + int64(len(name)), nil\n")
		}
		b.WriteString("\t}\n")
		fmt.Fprintf(&b, "\tif id%%2 == 0 {\n\t\treturn s.h%d(ctx, tenantID, id/2, name, depth-1)\n\t}\n", next)
		if i%3 == 0 {
			// Through a by-ID lookup that holds no tenant of its own.
			fmt.Fprintf(&b, "\tm, err := s.h%d(ctx, tenantID, id*3+1, name+\"/\", depth-1)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\treturn s.byID%d(ctx, m)\n}\n\n", far, i)
			fmt.Fprintf(&b, "func (s *Store) byID%d(ctx context.Context, id int64) (int64, error) {\n\tvar v int64\n\terr := s.db.QueryRowContext(ctx, \"SELECT v FROM items WHERE id = $1\", id).Scan(&v)\n\treturn v, err\n}\n\n", i)
			continue
		}
		fmt.Fprintf(&b, "\treturn s.h%d(ctx, tenantID, id*3+1, name, depth-1)\n}\n\n", far)
	}
	b.WriteString("// Run is the entry point.\nfunc (s *Store) Run(ctx context.Context, tenantID string) (int64, error) {\n\treturn s.h0(ctx, tenantID, 1, \"a\", 64)\n}\n")
	return b.String()
}
