// Package memdbleak is an API gateway's in-memory key registry on
// go-memdb: every API key belongs to a tenant (field TenantID; the
// "tenant" index, and the compound "tenant_id" and "tenant_owner"
// indexes that start with it).
package memdbleak

import (
	"errors"

	"github.com/hashicorp/go-memdb"
)

const keysTable = "api_keys"

type APIKey struct {
	ID       string // "<tenant>/<random>"
	TenantID string
	OwnerID  string
	Name     string
	Revoked  bool
}

var ErrNotFound = errors.New("api key not found")

// Schema is the registry's memdb schema.
func Schema() *memdb.DBSchema {
	return &memdb.DBSchema{Tables: map[string]*memdb.TableSchema{
		keysTable: {
			Name: keysTable,
			Indexes: map[string]*memdb.IndexSchema{
				"id":     {Name: "id", Unique: true, Indexer: &memdb.StringFieldIndex{Field: "ID"}},
				"tenant": {Name: "tenant", Indexer: &memdb.StringFieldIndex{Field: "TenantID"}},
				"owner":  {Name: "owner", Indexer: &memdb.StringFieldIndex{Field: "OwnerID"}},
				"tenant_id": {Name: "tenant_id", Unique: true, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
					&memdb.StringFieldIndex{Field: "TenantID"}, &memdb.StringFieldIndex{Field: "ID"}}}},
				"tenant_owner": {Name: "tenant_owner", Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
					&memdb.StringFieldIndex{Field: "TenantID"}, &memdb.StringFieldIndex{Field: "OwnerID"}}}},
			},
		},
	}}
}

type Registry struct {
	db *memdb.MemDB
}

// First through the id index alone.
func (r *Registry) Key(tenantID, keyID string) (*APIKey, error) {
	txn := r.db.Txn(false)
	obj, err := txn.First(keysTable, "id", keyID) // want `TL002: Txn.First on api_keys has no tenant predicate; tenant available as tenantID`
	if err != nil || obj == nil {
		return nil, ErrNotFound
	}
	return obj.(*APIKey), nil
}

// The compound index's values start with the tenant.
func (r *Registry) KeyScoped(tenantID, keyID string) (*APIKey, error) {
	txn := r.db.Txn(false)
	obj, err := txn.First(keysTable, "tenant_id", tenantID, keyID)
	if err != nil || obj == nil {
		return nil, ErrNotFound
	}
	return obj.(*APIKey), nil
}

// Looked up by id, then the tenant compared before the key is used.
func (r *Registry) KeyChecked(tenantID, keyID string) (*APIKey, error) {
	txn := r.db.Txn(false)
	obj, err := txn.First(keysTable, "id", keyID)
	if err != nil || obj == nil {
		return nil, ErrNotFound
	}
	k := obj.(*APIKey)
	if k.TenantID != tenantID {
		return nil, ErrNotFound
	}
	return k, nil
}

// Get through the owner index lists every tenant's keys of that owner id.
func (r *Registry) OwnedBy(tenantID, ownerID string) ([]*APIKey, error) {
	txn := r.db.Txn(false)
	it, err := txn.Get(keysTable, "owner", ownerID) // want `TL002: Txn.Get on api_keys has no tenant predicate; tenant available as tenantID`
	if err != nil {
		return nil, err
	}
	var out []*APIKey
	for obj := it.Next(); obj != nil; obj = it.Next() {
		out = append(out, obj.(*APIKey))
	}
	return out, nil
}

func (r *Registry) OwnedByScoped(tenantID, ownerID string) ([]*APIKey, error) {
	txn := r.db.Txn(false)
	it, err := txn.Get(keysTable, "tenant_owner", tenantID, ownerID)
	if err != nil {
		return nil, err
	}
	var out []*APIKey
	for obj := it.Next(); obj != nil; obj = it.Next() {
		out = append(out, obj.(*APIKey))
	}
	return out, nil
}

// Last through the owner index.
func (r *Registry) Newest(tenantID, ownerID string) (*APIKey, error) {
	txn := r.db.Txn(false)
	obj, err := txn.Last(keysTable, "owner", ownerID) // want `TL002: Txn.Last on api_keys has no tenant predicate; tenant available as tenantID`
	if err != nil || obj == nil {
		return nil, ErrNotFound
	}
	return obj.(*APIKey), nil
}

func (r *Registry) NewestScoped(tenantID, ownerID string) (*APIKey, error) {
	txn := r.db.Txn(false)
	obj, err := txn.Last(keysTable, "tenant_owner", tenantID, ownerID)
	if err != nil || obj == nil {
		return nil, ErrNotFound
	}
	return obj.(*APIKey), nil
}

// FirstWatch returns a channel that fires when the key changes.
func (r *Registry) Watch(tenantID, keyID string) (<-chan struct{}, error) {
	ch, _, err := r.db.Txn(false).FirstWatch(keysTable, "id", keyID) // want `TL002: Txn.FirstWatch on api_keys has no tenant predicate; tenant available as tenantID`
	return ch, err
}

func (r *Registry) WatchScoped(tenantID, keyID string) (<-chan struct{}, error) {
	ch, _, err := r.db.Txn(false).FirstWatch(keysTable, "tenant_id", tenantID, keyID)
	return ch, err
}

// LowerBound walks the id index from a given id on: every tenant's keys.
func (r *Registry) From(tenantID, fromID string) (memdb.ResultIterator, error) {
	return r.db.Txn(false).LowerBound(keysTable, "id", fromID) // want `TL002: Txn.LowerBound on api_keys has no tenant predicate; tenant available as tenantID`
}

// The key found by id alone is revoked: the lookup and the write are each
// a finding.
func (r *Registry) Revoke(tenantID, keyID string) error {
	txn := r.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(keysTable, "id", keyID) // want `TL002: Txn.First on api_keys has no tenant predicate; tenant available as tenantID`
	if err != nil || obj == nil {
		return ErrNotFound
	}
	k := *obj.(*APIKey)
	k.Revoked = true
	if err := txn.Insert(keysTable, &k); err != nil { // want `TL002: Txn.Insert on api_keys has no tenant predicate; tenant available as tenantID`
		return err
	}
	txn.Commit()
	return nil
}

// A key from a lookup within the tenant stays scoped for the write.
func (r *Registry) RevokeScoped(tenantID, keyID string) error {
	txn := r.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(keysTable, "tenant_id", tenantID, keyID)
	if err != nil || obj == nil {
		return ErrNotFound
	}
	k := *obj.(*APIKey)
	k.Revoked = true
	if err := txn.Insert(keysTable, &k); err != nil {
		return err
	}
	txn.Commit()
	return nil
}

func (r *Registry) Delete(tenantID, keyID string) error {
	txn := r.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(keysTable, "id", keyID) // want `TL002: Txn.First on api_keys has no tenant predicate; tenant available as tenantID`
	if err != nil || obj == nil {
		return ErrNotFound
	}
	if err := txn.Delete(keysTable, obj); err != nil { // want `TL002: Txn.Delete on api_keys has no tenant predicate; tenant available as tenantID`
		return err
	}
	txn.Commit()
	return nil
}

func (r *Registry) DeleteScoped(tenantID, keyID string) error {
	txn := r.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(keysTable, "tenant_id", tenantID, keyID)
	if err != nil || obj == nil {
		return ErrNotFound
	}
	if err := txn.Delete(keysTable, obj); err != nil {
		return err
	}
	txn.Commit()
	return nil
}

func (r *Registry) DeleteChecked(tenantID, keyID string) error {
	txn := r.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(keysTable, "id", keyID)
	if err != nil || obj == nil {
		return ErrNotFound
	}
	if obj.(*APIKey).TenantID != tenantID {
		return ErrNotFound
	}
	if err := txn.Delete(keysTable, obj); err != nil {
		return err
	}
	txn.Commit()
	return nil
}

// Delete finds the stored row by the object's id index alone: the tenant
// set on the object is no condition.
func (r *Registry) DeleteByObject(tenantID, keyID string) error {
	txn := r.db.Txn(true)
	defer txn.Abort()
	if err := txn.Delete(keysTable, &APIKey{ID: keyID, TenantID: tenantID}); err != nil { // want `TL002: Txn.Delete on api_keys has no tenant predicate; tenant available as tenantID`
		return err
	}
	txn.Commit()
	return nil
}

// DeleteAll through the owner index removes the owner id's keys in every
// tenant.
func (r *Registry) DeleteOwner(tenantID, ownerID string) (int, error) {
	txn := r.db.Txn(true)
	defer txn.Abort()
	n, err := txn.DeleteAll(keysTable, "owner", ownerID) // want `TL002: Txn.DeleteAll on api_keys has no tenant predicate; tenant available as tenantID`
	if err != nil {
		return 0, err
	}
	txn.Commit()
	return n, nil
}

func (r *Registry) DeleteOwnerScoped(tenantID, ownerID string) (int, error) {
	txn := r.db.Txn(true)
	defer txn.Abort()
	n, err := txn.DeleteAll(keysTable, "tenant_owner", tenantID, ownerID)
	if err != nil {
		return 0, err
	}
	txn.Commit()
	return n, nil
}

// DeletePrefix on ids ("<tenant>/<random>"): a prefix without the tenant
// reaches every tenant's keys.
func (r *Registry) DeleteByPrefix(tenantID, prefix string) (bool, error) {
	txn := r.db.Txn(true)
	defer txn.Abort()
	ok, err := txn.DeletePrefix(keysTable, "id_prefix", prefix) // want `TL002: Txn.DeletePrefix on api_keys has no tenant predicate; tenant available as tenantID`
	if err != nil {
		return false, err
	}
	txn.Commit()
	return ok, nil
}

func (r *Registry) DeleteByPrefixScoped(tenantID, prefix string) (bool, error) {
	txn := r.db.Txn(true)
	defer txn.Abort()
	ok, err := txn.DeletePrefix(keysTable, "id_prefix", tenantID+"/"+prefix)
	if err != nil {
		return false, err
	}
	txn.Commit()
	return ok, nil
}

// Insert: the row's TenantID must hold the tenant.
func (r *Registry) Issue(tenantID, keyID, ownerID, name string) error {
	txn := r.db.Txn(true)
	defer txn.Abort()
	if err := txn.Insert(keysTable, &APIKey{ID: keyID, OwnerID: ownerID, Name: name}); err != nil { // want `TL002: Txn.Insert on api_keys has no tenant predicate; tenant available as tenantID`
		return err
	}
	txn.Commit()
	return nil
}

func (r *Registry) IssueScoped(tenantID, keyID, ownerID, name string) error {
	txn := r.db.Txn(true)
	defer txn.Abort()
	if err := txn.Insert(keysTable, &APIKey{ID: tenantID + "/" + keyID, TenantID: tenantID, OwnerID: ownerID, Name: name}); err != nil {
		return err
	}
	txn.Commit()
	return nil
}

// byID is an accessor: no tenant of its own, judged where it is called.
func (r *Registry) byID(keyID string) (*APIKey, error) {
	obj, err := r.db.Txn(false).First(keysTable, "id", keyID)
	if err != nil || obj == nil {
		return nil, ErrNotFound
	}
	return obj.(*APIKey), nil
}

func (r *Registry) Rename(tenantID, keyID string) (string, error) {
	k, err := r.byID(keyID) // want `TL002: .* via Registry\.byID`
	if err != nil {
		return "", err
	}
	return k.Name, nil
}

func (r *Registry) RenameChecked(tenantID, keyID string) (string, error) {
	k, err := r.byID(keyID)
	if err != nil {
		return "", err
	}
	if k.TenantID != tenantID {
		return "", ErrNotFound
	}
	return k.Name, nil
}
