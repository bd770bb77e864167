// Package memdbiter lists jobs kept in go-memdb; every job has a tenant.
// Listing iterates an index: rows of other tenants must be dropped inside
// the loop before they are used.
package memdbiter

import memdb "github.com/hashicorp/go-memdb"

type Job struct {
	ID       string
	TenantID string
	Status   string
}

type State struct{ db *memdb.MemDB }

func (s *State) ByStatus(tenantID, status string) ([]*Job, error) {
	it, err := s.db.Txn(false).Get("jobs", "id_prefix", "") // want `TL002: Txn.Get on jobs has no tenant predicate; tenant available as tenantID`
	if err != nil {
		return nil, err
	}
	var out []*Job
	for obj := it.Next(); obj != nil; obj = it.Next() {
		if j := obj.(*Job); j.Status == status {
			out = append(out, j)
		}
	}
	return out, nil
}

func (s *State) ByStatusFiltered(tenantID, status string) ([]*Job, error) {
	it, err := s.db.Txn(false).Get("jobs", "id_prefix", "")
	if err != nil {
		return nil, err
	}
	var out []*Job
	for obj := it.Next(); obj != nil; obj = it.Next() {
		j := obj.(*Job)
		if j.TenantID != tenantID {
			continue
		}
		if j.Status == status {
			out = append(out, j)
		}
	}
	return out, nil
}

// The row is kept before its tenant is compared.
func (s *State) ByStatusLateFilter(tenantID, status string) ([]*Job, error) {
	it, err := s.db.Txn(false).Get("jobs", "id_prefix", "") // want `TL002: Txn.Get on jobs has no tenant predicate`
	if err != nil {
		return nil, err
	}
	var out []*Job
	for obj := it.Next(); obj != nil; obj = it.Next() {
		j := obj.(*Job)
		out = append(out, j)
		if j.TenantID != tenantID {
			break
		}
	}
	return out, nil
}

// The iterator is handed on: its rows are used elsewhere, unchecked.
func (s *State) Iterator(tenantID string) (memdb.ResultIterator, error) {
	return s.db.Txn(false).Get("jobs", "id_prefix", "") // want `TL002: Txn.Get on jobs has no tenant predicate`
}
