package analyzer

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantleak/tenantleak/analyzer/config"
	"github.com/tenantleak/tenantleak/analyzer/sqlscope"
	"github.com/tenantleak/tenantleak/analyzer/summary"
)

// benchSrc is a store of the usual shape: scoped and unscoped queries, a
// key helper, request input, a check.
const benchSrc = `package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

type Store struct {
	db   *sql.DB
	root string
}

type Invoice struct {
	ID       string
	TenantID string
	Number   string
}

func (s *Store) Invoice(ctx context.Context, tenantID, id string) (*Invoice, error) {
	inv := &Invoice{}
	err := s.db.QueryRowContext(ctx, "SELECT id, tenant_id, number FROM invoices WHERE tenant_id = $1 AND id = $2", tenantID, id).
		Scan(&inv.ID, &inv.TenantID, &inv.Number)
	return inv, err
}

func (s *Store) ByID(ctx context.Context, id string) (*Invoice, error) {
	inv := &Invoice{}
	q := "SELECT id, tenant_id, number FROM invoices"
	q += " WHERE id = $1"
	err := s.db.QueryRowContext(ctx, q, id).Scan(&inv.ID, &inv.TenantID, &inv.Number)
	return inv, err
}

func (s *Store) Search(ctx context.Context, tenantID string, cols []string, number string) error {
	q := fmt.Sprintf("SELECT %s FROM invoices WHERE tenant_id = $1 AND number LIKE $2", strings.Join([]string{"id", "number"}, ", "))
	rows, err := s.db.QueryContext(ctx, q, tenantID, number+"%")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, n string
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Store) path(tenantID, name string) string {
	return filepath.Join(s.root, tenantID, filepath.Base(name))
}

func (s *Store) Download(w http.ResponseWriter, r *http.Request, tenantID string) {
	name := r.URL.Query().Get("name")
	p := s.path(tenantID, name)
	if !strings.HasPrefix(p, filepath.Join(s.root, tenantID)+"/") {
		http.Error(w, "bad", 400)
		return
	}
	f, err := os.Open(p)
	if err != nil {
		return
	}
	defer f.Close()
	for i := 0; i < 3; i++ {
		if inv, err := s.ByID(r.Context(), name); err == nil && inv.TenantID != tenantID {
			return
		}
	}
}
`

// newBenchPackage type-checks benchSrc and builds its SSA once.
func newBenchPackage(tb testing.TB) (*pkgAnalysis, []*ssa.Function) {
	return newSourcePackage(tb, benchSrc)
}

// newSourcePackage type-checks src (one file of package store, importing
// only the standard library) and builds its SSA, ready for solve.
func newSourcePackage(tb testing.TB, src string) (*pkgAnalysis, []*ssa.Function) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "store.go", src, parser.ParseComments)
	if err != nil {
		tb.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes: map[ast.Node]*types.Scope{}, Instances: map[*ast.Ident]types.Instance{}, FileVersions: map[*ast.File]string{},
	}
	pkg, err := (&types.Config{Importer: importer.ForCompiler(fset, "source", nil)}).Check("example.com/store", fset, []*ast.File{f}, info)
	if err != nil {
		tb.Fatal(err)
	}
	pass := &analysis.Pass{
		Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info,
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		Report:            func(analysis.Diagnostic) {},
	}
	env, err := envFor(config.Default())
	if err != nil {
		tb.Fatal(err)
	}
	pa := &pkgAnalysis{pass: pass, env: env}
	pa.buildSSA()
	pa.states = map[*ssa.Function]*funcState{}
	pa.sums = map[*ssa.Function]*summary.Func{}
	pa.imported = map[*types.Func]*summary.Func{}
	pa.makeClosures = map[*ssa.Function][]*ssa.MakeClosure{}
	return pa, pa.funcs
}

// BenchmarkFunction measures one walk of every function of a realistic store
// package: labels to a fixed point, checks, sinks (SQL resolved and parsed)
// and summaries.
func BenchmarkFunction(b *testing.B) {
	pa, funcs := newBenchPackage(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, scc := range pa.sccs() {
			pa.solve(scc)
		}
	}
	b.ReportMetric(float64(len(funcs)), "funcs/op")
}

// BenchmarkSQLResolve measures resolving and parsing the query texts of the
// package's SQL sinks.
func BenchmarkSQLResolve(b *testing.B) {
	pa, funcs := newBenchPackage(b)
	for _, scc := range pa.sccs() {
		pa.solve(scc)
	}
	type site struct {
		st *funcState
		v  ssa.Value
	}
	var sites []site
	for _, fn := range funcs {
		st := pa.states[fn]
		for _, c := range st.order {
			if c.model == nil {
				continue
			}
			for _, sk := range c.model.Sinks {
				if sk.Kind == "sql" {
					sites = append(sites, site{st, c.operand(sk.QueryOperand())[0]})
				}
			}
		}
	}
	if len(sites) == 0 {
		b.Fatal("no SQL sinks found")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range sites {
			texts, _, why := s.st.resolveText(s.v, 0)
			if texts == nil {
				b.Fatal(why)
			}
			for _, t := range texts {
				if _, err := sqlscope.Analyze(t, pa.env.sql); err != nil { // uncached: the parse itself
					b.Fatal(err)
				}
			}
		}
	}
}
