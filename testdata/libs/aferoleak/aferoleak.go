// Package aferoleak keeps each tenant's exports on disk under
// <root>/<tenant>/ through afero.
package aferoleak

import (
	"os"
	"path/filepath"

	"github.com/spf13/afero"
)

type Exports struct {
	fs   afero.Fs
	root string
}

func (e *Exports) Open(tenantID, name string) (afero.File, error) {
	return e.fs.Open(filepath.Join(e.root, "exports", name)) // want `TL004: file path .* has no tenant component; tenant available as tenantID`
}

func (e *Exports) OpenScoped(tenantID, name string) (afero.File, error) {
	return e.fs.Open(filepath.Join(e.root, tenantID, "exports", name))
}

// A file system rooted at the tenant's directory: names stay inside it.
func (e *Exports) tenantFs(tenantID string) afero.Fs {
	return afero.NewBasePathFs(e.fs, filepath.Join(e.root, tenantID))
}

func (e *Exports) OpenRooted(tenantID, name string) (afero.File, error) {
	return e.tenantFs(tenantID).Open(filepath.Join("exports", name))
}

func (e *Exports) Remove(tenantID, name string) error {
	return e.fs.Remove(filepath.Join(e.root, "exports", name)) // want `TL004: file path`
}

func (e *Exports) RemoveRooted(tenantID, name string) error {
	fs := afero.NewBasePathFs(e.fs, filepath.Join(e.root, tenantID))
	return fs.Remove(filepath.Join("exports", name))
}

func (e *Exports) Write(tenantID, name string, data []byte) error {
	return afero.WriteFile(e.fs, filepath.Join(e.root, "exports", name), data, 0o600) // want `TL004: file path`
}

func (e *Exports) WriteScoped(tenantID, name string, data []byte) error {
	return afero.WriteFile(e.fs, filepath.Join(e.root, tenantID, "exports", name), data, 0o600)
}

// The helper given the tenant's BasePathFs: the name needs no tenant.
func (e *Exports) ReadRooted(tenantID, name string) ([]byte, error) {
	return afero.ReadFile(e.tenantFs(tenantID), filepath.Join("exports", name))
}

func (e *Exports) Mkdir(tenantID string) error {
	return e.fs.MkdirAll(filepath.Join(e.root, tenantID, "exports"), os.ModePerm)
}
