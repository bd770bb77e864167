// Package fields: a tenant kept in a struct field, and address parts kept in
// a key struct with a String method.
package fields

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
)

// tenantDB is a repository bound to one tenant when the request starts.
type tenantDB struct {
	db       *sql.DB
	tenantID string
}

func newTenantDB(db *sql.DB, tenantID string) *tenantDB {
	return &tenantDB{db: db, tenantID: tenantID}
}

func (t *tenantDB) Contacts(ctx context.Context) (*sql.Rows, error) {
	return t.db.QueryContext(ctx, "SELECT id, email FROM contacts WHERE tenant_id = $1", t.tenantID)
}

// The receiver carries the tenant; this query forgets it.
func (t *tenantDB) Contact(ctx context.Context, id int64) (*sql.Rows, error) {
	return t.db.QueryContext(ctx, "SELECT id, email FROM contacts WHERE id = $1", id) // want `TL001: SELECT on contacts has no tenant predicate; tenant available as t\.tenantID`
}

func (t *tenantDB) ContactScoped(ctx context.Context, id int64) (*sql.Rows, error) {
	return t.db.QueryContext(ctx, "SELECT id, email FROM contacts WHERE id = $1 AND tenant_id = $2", id, t.tenantID)
}

// A tenant stored into a local struct and read back out keeps its label.
type filter struct {
	TenantID string
	Tag      string
}

func (t *tenantDB) Tagged(ctx context.Context, tag string) (*sql.Rows, error) {
	f := filter{TenantID: t.tenantID, Tag: tag}
	return t.db.QueryContext(ctx, "SELECT id FROM contacts WHERE tenant_id = $1 AND tag = $2", f.TenantID, f.Tag)
}

// The filter comes in whole: its Tag is not the caller's to choose as a
// tenant, so binding it to tenant_id is judged here (a parameter passed on
// whole would be a slot for the callers instead).
func (t *tenantDB) TaggedWrongField(ctx context.Context, f filter) (*sql.Rows, error) {
	return t.db.QueryContext(ctx, "SELECT id FROM contacts WHERE tenant_id = $1 AND tag = $2", f.Tag, f.TenantID) // want `TL007: tenant column contacts\.tenant_id bound to f\.Tag`
}

// blobKey names a stored blob; String renders its path.
type blobKey struct {
	TenantID string
	Name     string
}

func (k blobKey) String() string { return k.TenantID + "/" + k.Name }

// legacyKey is the pre-tenancy layout.
type legacyKey struct {
	Name string
}

func (k legacyKey) String() string { return "blobs/" + k.Name }

type Blobs struct {
	dir string
}

func (b *Blobs) Read(tenantID, name string) ([]byte, error) {
	k := blobKey{TenantID: tenantID, Name: filepath.Base(name)}
	return os.ReadFile(filepath.Join(b.dir, k.String()))
}

func (b *Blobs) ReadLegacy(tenantID, name string) ([]byte, error) {
	k := legacyKey{Name: filepath.Base(name)}
	return os.ReadFile(filepath.Join(b.dir, k.String())) // want `TL004: file path .* has no tenant component; tenant available as tenantID`
}
