// Package viewer carries the request's viewer (who is asking, for which
// tenant) in a context, as in ent's multi-tenancy example.
package viewer

import "context"

// Role of a viewer.
type Role int

// Roles.
const (
	_ Role = 1 << iota
	Admin
	View
)

// Viewer describes the query/mutation viewer-context.
type Viewer interface {
	Admin() bool            // the viewer is an admin
	Tenant() (string, bool) // the viewer's tenant, if any
}

// UserViewer is a user of one tenant.
type UserViewer struct {
	TenantID string
	Role     Role
}

// Admin reports whether the viewer is an admin.
func (v UserViewer) Admin() bool { return v.Role&Admin != 0 }

// Tenant returns the viewer's tenant.
func (v UserViewer) Tenant() (string, bool) { return v.TenantID, v.TenantID != "" }

type ctxKey struct{}

// FromContext returns the Viewer stored in ctx, or nil.
func FromContext(ctx context.Context) Viewer {
	v, _ := ctx.Value(ctxKey{}).(Viewer)
	return v
}

// NewContext returns a copy of parent carrying v.
func NewContext(parent context.Context, v Viewer) context.Context {
	return context.WithValue(parent, ctxKey{}, v)
}
