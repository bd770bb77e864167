// Package gormhookslocal registers its tenant callback itself, below the
// queries it scopes, as a closure over the context source.
package gormhookslocal

import (
	"context"

	"gorm.io/gorm"
)

type Invoice struct {
	ID       string `gorm:"primaryKey"`
	TenantID string
	Total    int64
}

type Repo struct{ db *gorm.DB }

func (r *Repo) Invoice(ctx context.Context, tenantID, id string) (*Invoice, error) {
	var inv Invoice
	err := r.db.WithContext(ctx).Where("id = ?", id).Take(&inv).Error
	return &inv, err
}

// Deletes are not covered by the query callback.
func (r *Repo) Void(ctx context.Context, tenantID, id string) error {
	return r.db.WithContext(ctx).Delete(&Invoice{ID: id}).Error // want `TL002: DB.Delete on invoices has no tenant predicate; tenant available as tenantID`
}

type tenantKey struct{}

func TenantIDFrom(ctx context.Context) string {
	t, _ := ctx.Value(tenantKey{}).(string)
	return t
}

func New(db *gorm.DB) (*Repo, error) {
	err := db.Callback().Query().Register("tenant", func(tx *gorm.DB) {
		tx.Statement.Where("tenant_id = ?", TenantIDFrom(tx.Statement.Context))
	})
	return &Repo{db: db}, err
}
