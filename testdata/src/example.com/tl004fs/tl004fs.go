// Package tl004fs serves organizations' exports through io/fs: a shared
// directory laid out as <dir>/<orgID>/<name>.
package tl004fs

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
)

type orgKey struct{}

func OrgFrom(ctx context.Context) string {
	o, _ := ctx.Value(orgKey{}).(string)
	return o
}

type Server struct{ dir string }

func (s *Server) Export(w http.ResponseWriter, r *http.Request) {
	org := OrgFrom(r.Context())
	w.Header().Set("X-Org", org)
	http.ServeFileFS(w, r, os.DirFS(s.dir), r.PathValue("name")) // want `TL004: file path r.PathValue\("name"\) has no tenant component; tenant available as org`
}

func (s *Server) ExportScoped(w http.ResponseWriter, r *http.Request) {
	org := OrgFrom(r.Context())
	http.ServeFileFS(w, r, os.DirFS(filepath.Join(s.dir, org)), r.PathValue("name"))
}

func (s *Server) Raw(ctx context.Context, name string) ([]byte, error) {
	org := OrgFrom(ctx)
	_ = org
	return fs.ReadFile(os.DirFS(s.dir), name) // want `TL004: file path name has no tenant component; tenant available as org`
}

func (s *Server) RawSub(ctx context.Context, name string) ([]byte, error) {
	sub, err := fs.Sub(os.DirFS(s.dir), OrgFrom(ctx))
	if err != nil {
		return nil, err
	}
	return fs.ReadFile(sub, name)
}

// A root opened on the organization's directory, read through its FS.
func (s *Server) RawRoot(ctx context.Context, name string) ([]byte, error) {
	root, err := os.OpenRoot(filepath.Join(s.dir, OrgFrom(ctx)))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return fs.ReadFile(root.FS(), name)
}

//go:embed assets
var assets embed.FS

// Files compiled into the binary are the program's own.
func (s *Server) Asset(w http.ResponseWriter, r *http.Request) {
	org := OrgFrom(r.Context())
	w.Header().Set("X-Org", org)
	b, err := fs.ReadFile(assets, "assets/"+r.PathValue("name"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write(b)
}

func (s *Server) AssetDirect(w http.ResponseWriter, r *http.Request) {
	org := OrgFrom(r.Context())
	w.Header().Set("X-Org", org)
	b, _ := assets.ReadFile("assets/" + r.PathValue("name"))
	_, _ = w.Write(b)
}
