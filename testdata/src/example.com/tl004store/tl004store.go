// Package tl004store serves files from a vault declared tenant-owned in
// .tenantleak.yml (stores:), and templates from a shared directory.
package tl004store

import (
	"net/http"
	"os"
	"path/filepath"
)

type Vault struct {
	Dir       string
	Templates string
}

// No tenant in sight, but the vault is declared tenant-owned.
func (v *Vault) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile(filepath.Join(v.Dir, r.URL.Query().Get("doc"))) // want `TL004: file path .* has no tenant component and addresses a declared tenant-owned store`
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Write(data)
}

func (v *Vault) PurgeTrash() error {
	return os.RemoveAll(filepath.Join(v.Dir, "trash")) // want `TL004: .*declared tenant-owned store`
}

func (v *Vault) PurgeTrashOf(tenantID string) error {
	return os.RemoveAll(filepath.Join(v.Dir, tenantID, "trash"))
}

// The templates directory is not a declared store: with no tenant held,
// nothing is reported.
func (v *Vault) Template(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile(filepath.Join(v.Templates, "page.html"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Write(data)
}
