// Package files stores invoice attachments on local disk, one directory per
// tenant: <root>/<tenant>/<stored name>. Reads and writes go through an
// os.Root opened on the tenant's directory, so no name can climb out of it.
package files

import (
	"crypto/rand"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"example.com/saas/internal/auth"
)

// Disk is the attachment store.
type Disk struct {
	root string
}

// New returns a Disk rooted at dir, which must exist.
func New(dir string) *Disk { return &Disk{root: dir} }

// tenantRoot opens (creating if needed) the tenant's directory as a root.
func (d *Disk) tenantRoot(tenantID string) (*os.Root, error) {
	dir := filepath.Join(d.root, tenantID)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	return os.OpenRoot(dir)
}

// Save writes an uploaded file under a random name in the tenant's
// directory and returns that name and the number of bytes written.
func (d *Disk) Save(tenantID string, src io.Reader) (storedName string, n int64, err error) {
	root, err := d.tenantRoot(tenantID)
	if err != nil {
		return "", 0, err
	}
	defer root.Close()
	storedName = rand.Text() + ".bin"
	f, err := root.Create(storedName)
	if err != nil {
		return "", 0, err
	}
	n, err = io.Copy(f, src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return storedName, n, err
}

// Open opens a stored file of the tenant for reading.
func (d *Disk) Open(tenantID, storedName string) (*os.File, error) {
	root, err := d.tenantRoot(tenantID)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Open(storedName)
}

// ServeLegacy serves GET /v1/files?name=..., the download links in invoice
// e-mails sent before attachments had ids. The name is the file's name in
// the tenant's directory.
func (d *Disk) ServeLegacy(w http.ResponseWriter, r *http.Request) {
	dir := filepath.Join(d.root, auth.TenantFrom(r.Context()))
	path := filepath.Join(dir, r.URL.Query().Get("name"))
	if !strings.HasPrefix(path, dir) {
		http.Error(w, "invalid file name", http.StatusBadRequest)
		return
	}
	f, err := os.Open(path) // LEAK: TL004 Join resolves "../acme-eu/x.pdf" into the sibling tenant's directory, and HasPrefix without a trailing separator still passes
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.IsDir() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Disposition", "attachment")
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
}
