// Package tl004 keeps each tenant's uploads on a shared disk under
// <base>/<tenant>/.
package tl004

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

type Files struct {
	base string
}

func (f *Files) Open(tenantID, name string) (*os.File, error) {
	return os.Open(filepath.Join(f.base, name)) // want `TL004: file path .* has no tenant component; tenant available as tenantID`
}

func (f *Files) OpenScoped(tenantID, name string) (*os.File, error) {
	return os.Open(filepath.Join(f.base, tenantID, name))
}

func (f *Files) Save(tenantID, name string, data []byte) error {
	p := filepath.Join(f.base, "uploads", name)
	return os.WriteFile(p, data, 0o600) // want `TL004: file path .* has no tenant component; tenant available as tenantID`
}

func (f *Files) SaveScoped(tenantID, name string, data []byte) error {
	p := filepath.Join(f.base, tenantID, "uploads", name)
	return os.WriteFile(p, data, 0o600)
}

func (f *Files) Read(tenantID, name string) ([]byte, error) {
	return os.ReadFile(f.base + "/" + name) // want `TL004: file path`
}

func (f *Files) ReadScoped(tenantID, name string) ([]byte, error) {
	return os.ReadFile(f.base + "/" + tenantID + "/" + name)
}

func (f *Files) DropFolder(tenantID, folder string) error {
	return os.RemoveAll(filepath.Join(f.base, folder)) // want `TL004: file path`
}

func (f *Files) DropFolderScoped(tenantID, folder string) error {
	return os.RemoveAll(filepath.Join(f.base, tenantID, filepath.Base(folder)))
}

// filepath.Dir drops the last element: the tenant's directory's parent is
// every tenant's.
func (f *Files) DropTenantTmp(tenantID string) error {
	tmp := filepath.Join(f.base, tenantID)
	return os.RemoveAll(filepath.Join(filepath.Dir(tmp), "tmp")) // want `TL004: file path .* has no tenant component; tenant available as tenantID`
}

func (f *Files) DropTenantTmpScoped(tenantID string) error {
	dir := filepath.Join(f.base, tenantID, "tmp", "upload")
	return os.RemoveAll(filepath.Dir(dir))
}

// Request input after the tenant component is a name, but ".." in it climbs
// out of the tenant's directory.
func (f *Files) Download(w http.ResponseWriter, r *http.Request, tenantID string) {
	p := filepath.Join(f.base, tenantID, r.URL.Query().Get("file"))
	file, err := os.Open(p) // want `TL004: file path .* request input .* after the tenant component`
	serve(w, file, err)
}

// A prefix test proves containment only when the prefix ends at a
// separator: <base>/<tenant> also prefixes <base>/<tenant>0/.
func (f *Files) DownloadPrefixChecked(w http.ResponseWriter, r *http.Request, tenantID string) {
	dir := filepath.Join(f.base, tenantID)
	p := filepath.Join(dir, r.URL.Query().Get("file"))
	if !strings.HasPrefix(p, dir) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	file, err := os.Open(p) // want `TL004: file path .* request input`
	serve(w, file, err)
}

func (f *Files) DownloadContained(w http.ResponseWriter, r *http.Request, tenantID string) {
	dir := filepath.Join(f.base, tenantID) + string(filepath.Separator)
	p := filepath.Clean(filepath.Join(dir, r.URL.Query().Get("file")))
	if !strings.HasPrefix(p, dir) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	file, err := os.Open(p)
	serve(w, file, err)
}

// An os.Root opened on the tenant's directory confines every name to it.
func (f *Files) DownloadRooted(w http.ResponseWriter, r *http.Request, tenantID string) {
	root, err := os.OpenRoot(filepath.Join(f.base, tenantID))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer root.Close()
	file, err := root.Open(r.URL.Query().Get("file"))
	serve(w, file, err)
}

// A root on the shared base confines names to the base, not to a tenant.
func (f *Files) DownloadRootedShared(w http.ResponseWriter, r *http.Request, tenantID string) {
	root, err := os.OpenRoot(f.base)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer root.Close()
	file, err := root.Open(r.URL.Query().Get("file")) // want `TL004: file path .* has no tenant component; tenant available as tenantID`
	serve(w, file, err)
}

func serve(w http.ResponseWriter, f *os.File, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	defer f.Close()
	io.Copy(w, f)
}
