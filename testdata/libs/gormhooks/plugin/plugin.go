// Package plugin installs gorm callbacks that scope every read, row scan
// and update to the organization in the statement's context.
package plugin

import (
	"context"

	"gorm.io/gorm"
)

type orgKey struct{}

// WithOrg returns a context for the session's organization.
func WithOrg(ctx context.Context, orgID string) context.Context {
	return context.WithValue(ctx, orgKey{}, orgID)
}

// OrgIDFrom returns the organization the session belongs to.
func OrgIDFrom(ctx context.Context) string {
	o, _ := ctx.Value(orgKey{}).(string)
	return o
}

// TenantPlugin is a gorm.Plugin: db.Use(TenantPlugin{}).
type TenantPlugin struct{}

func (TenantPlugin) Name() string { return "tenant" }

func (TenantPlugin) Initialize(db *gorm.DB) error {
	if err := db.Callback().Query().Before("gorm:query").Register("tenant:query", scopeToOrg); err != nil {
		return err
	}
	if err := db.Callback().Row().Register("tenant:row", scopeToOrg); err != nil {
		return err
	}
	return db.Callback().Update().Before("gorm:update").Register("tenant:update", func(db *gorm.DB) {
		db.Where("org_id = ?", OrgIDFrom(db.Statement.Context))
	})
}

// scopeToOrg adds the tenant condition to the statement.
func scopeToOrg(db *gorm.DB) {
	db.Where("org_id = ?", OrgIDFrom(db.Statement.Context))
}
