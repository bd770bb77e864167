// Package gcsleak stores a document service's uploads in Google Cloud
// Storage, under "tenants/<tenant>/" in one bucket.
package gcsleak

import (
	"context"
	"io"

	"cloud.google.com/go/storage"
)

type Docs struct {
	gcs    *storage.Client
	bucket string
}

func prefix(tenantID string) string { return "tenants/" + tenantID + "/" }

func (d *Docs) Open(ctx context.Context, tenantID, docID string) (io.ReadCloser, error) {
	return d.gcs.Bucket(d.bucket).Object("docs/" + docID).NewReader(ctx) // want `TL005: object key .* has no tenant component; tenant available as tenantID`
}

func (d *Docs) OpenScoped(ctx context.Context, tenantID, docID string) (io.ReadCloser, error) {
	return d.gcs.Bucket(d.bucket).Object(prefix(tenantID) + "docs/" + docID).NewReader(ctx)
}

// The handle made on one line, used on the next.
func (d *Docs) Remove(ctx context.Context, tenantID, docID string) error {
	obj := d.gcs.Bucket(d.bucket).Object("docs/" + docID)
	return obj.Delete(ctx) // want `TL005: object key`
}

func (d *Docs) RemoveScoped(ctx context.Context, tenantID, docID string) error {
	obj := d.gcs.Bucket(d.bucket).Object(prefix(tenantID) + "docs/" + docID)
	return obj.Delete(ctx)
}

func (d *Docs) Upload(ctx context.Context, tenantID, docID string, body io.Reader) error {
	w := d.gcs.Bucket(d.bucket).Object("docs/" + docID).NewWriter(ctx) // want `TL005: object key`
	if _, err := io.Copy(w, body); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func (d *Docs) UploadScoped(ctx context.Context, tenantID, docID string, body io.Reader) error {
	w := d.gcs.Bucket(d.bucket).Object(prefix(tenantID) + "docs/" + docID).NewWriter(ctx)
	if _, err := io.Copy(w, body); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// A bucket per tenant: the bucket name carries the tenant.
func (d *Docs) Attrs(ctx context.Context, tenantID, docID string) (*storage.ObjectAttrs, error) {
	return d.gcs.Bucket("docs-" + tenantID).Object(docID).Attrs(ctx)
}

// object is an accessor: the key comes from its caller.
func (d *Docs) object(name string) *storage.ObjectHandle {
	return d.gcs.Bucket(d.bucket).Object(name)
}

func (d *Docs) Stat(ctx context.Context, tenantID, docID string) (*storage.ObjectAttrs, error) {
	return d.object("docs/" + docID).Attrs(ctx) // want `TL005: object key`
}

func (d *Docs) StatScoped(ctx context.Context, tenantID, docID string) (*storage.ObjectAttrs, error) {
	return d.object(prefix(tenantID) + "docs/" + docID).Attrs(ctx)
}
