// Package minio stores report exports in one bucket, under
// tenants/<tenant>/.
package minio

import (
	"context"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/minio/minio-go/v7"
)

type Exports struct {
	mc     *minio.Client
	bucket string
}

func tenantPrefix(tenantID string) string { return "tenants/" + tenantID + "/" }

func (e *Exports) Fetch(ctx context.Context, tenantID, exportID string) (*minio.Object, error) {
	return e.mc.GetObject(ctx, e.bucket, "exports/"+exportID+".csv", minio.GetObjectOptions{}) // want `TL005: object key .* has no tenant component; tenant available as tenantID`
}

func (e *Exports) FetchScoped(ctx context.Context, tenantID, exportID string) (*minio.Object, error) {
	return e.mc.GetObject(ctx, e.bucket, tenantPrefix(tenantID)+"exports/"+exportID+".csv", minio.GetObjectOptions{})
}

func (e *Exports) Save(ctx context.Context, tenantID, exportID string, body io.Reader, size int64) error {
	_, err := e.mc.PutObject(ctx, e.bucket, "exports/"+exportID+".csv", body, size, minio.PutObjectOptions{}) // want `TL005: object key`
	return err
}

func (e *Exports) SaveScoped(ctx context.Context, tenantID, exportID string, body io.Reader, size int64) error {
	_, err := e.mc.PutObject(ctx, e.bucket, tenantPrefix(tenantID)+"exports/"+exportID+".csv", body, size, minio.PutObjectOptions{})
	return err
}

// The client names the object; a prefix test on the cleaned key proves it
// lies under the tenant's prefix only when that prefix ends at "/".
func (e *Exports) Download(w http.ResponseWriter, r *http.Request, tenantID string) {
	key := path.Clean(r.URL.Query().Get("key"))
	if !strings.HasPrefix(key, tenantPrefix(tenantID)) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	obj, err := e.mc.GetObject(r.Context(), e.bucket, key, minio.GetObjectOptions{})
	send(w, obj, err)
}

func (e *Exports) DownloadNoSeparator(w http.ResponseWriter, r *http.Request, tenantID string) {
	key := path.Clean(r.URL.Query().Get("key"))
	if !strings.HasPrefix(key, "tenants/"+tenantID) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	obj, err := e.mc.GetObject(r.Context(), e.bucket, key, minio.GetObjectOptions{}) // want `TL005: object key`
	send(w, obj, err)
}

// A name after the tenant prefix: minio takes ".." literally, but path.Join
// resolves it before the key is sent.
func (e *Exports) DownloadNamed(w http.ResponseWriter, r *http.Request, tenantID string) {
	obj, err := e.mc.GetObject(r.Context(), e.bucket, tenantPrefix(tenantID)+r.URL.Query().Get("name"), minio.GetObjectOptions{})
	send(w, obj, err)
}

func (e *Exports) DownloadJoined(w http.ResponseWriter, r *http.Request, tenantID string) {
	obj, err := e.mc.GetObject(r.Context(), e.bucket, path.Join("tenants", tenantID, r.URL.Query().Get("name")), minio.GetObjectOptions{}) // want `TL005: object key .* request input .* after the tenant component`
	send(w, obj, err)
}

func send(w http.ResponseWriter, obj *minio.Object, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	defer obj.Close()
	io.Copy(w, obj)
}
