package analyzer

import (
	"testing"
)

// roundsSrc has functions whose labels settle in one round (straight-line
// code with a variadic call, an address taken before it is written), one
// that reads a destination in the call that writes it (Scan), and loops
// that carry values back.
const roundsSrc = `package store

import (
	"context"
	"database/sql"
	"fmt"
)

type Store struct{ db *sql.DB }

type Row struct{ ID, TenantID string }

func (s *Store) count(ctx context.Context, tenantID string, id int64) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM items WHERE id = $1 AND tenant_id = $2", id, tenantID).Scan(&n)
	return n, err
}

func (s *Store) row(ctx context.Context, id string) (Row, error) {
	var r Row
	p := &r.TenantID
	err := s.db.QueryRowContext(ctx, "SELECT id, tenant_id FROM rows WHERE id = $1", id).Scan(&r.ID, p)
	return r, err
}

func key(tenantID, id string) string {
	return fmt.Sprintf("%s/%s", tenantID, id)
}

func written(tenantID string) string {
	var r Row
	p := &r.TenantID
	*p = tenantID
	return r.TenantID
}

func label(tenantID string, parts []string) string {
	key := ""
	for _, p := range parts {
		key = key + "/" + p
	}
	return fmt.Sprint(key, tenantID)
}

// carried builds its key in a loop from a value the previous iteration
// made: the tenant reaches key only around the back edge.
func carried(tenantID string, n int) string {
	key, prev := "", ""
	for i := 0; i < n; i++ {
		key = prev + "/x"
		prev = tenantID
	}
	return key
}
`

// TestRoundsStaleOnly checks that a function's instructions are visited
// again only when a label read in a round changed later in that round:
// straight-line code takes one round (it took three when every change
// meant another round and addresses were loaded where they were taken), a
// loop that carries a value back takes two, and the value arrives.
func TestRoundsStaleOnly(t *testing.T) {
	pa, funcs := newSourcePackage(t, roundsSrc)
	for _, scc := range pa.sccs() {
		pa.solve(scc)
	}
	want := map[string]int{"key": 1, "written": 1, "count": 2, "row": 2, "label": 2, "carried": 2}
	for _, fn := range funcs {
		w, ok := want[fn.Name()]
		if !ok {
			continue
		}
		st := pa.states[fn]
		if st == nil {
			t.Fatalf("%s was not analysed", fn.Name())
		}
		if int(st.round) != w {
			t.Errorf("%s took %d rounds, want %d", fn.Name(), int(st.round), w)
		}
		switch fn.Name() {
		case "carried", "written", "key":
			if res := pa.sums[fn].Results; len(res) != 1 || len(res[0].Flows) == 0 {
				t.Errorf("%s: the tenant does not reach the result: %+v", fn.Name(), res)
			}
		}
	}
}
