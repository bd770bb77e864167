// Package gormhooksnoop registers gorm callbacks that bind no trusted
// tenant: they scope nothing.
package gormhooksnoop

import (
	"context"
	"net/http"

	"gorm.io/gorm"
)

type Document struct {
	ID    string `gorm:"primaryKey"`
	OrgID string
	Title string
}

type reqKey struct{}

// Install registers a soft-delete filter and an org filter taken from a
// request header (the caller's claim, not a verified tenant).
func Install(db *gorm.DB) error {
	if err := db.Callback().Query().Register("live", func(db *gorm.DB) {
		db.Where("deleted_at IS NULL")
	}); err != nil {
		return err
	}
	return db.Callback().Query().Register("org-header", func(db *gorm.DB) {
		if r, ok := db.Statement.Context.Value(reqKey{}).(*http.Request); ok {
			db.Where("org_id = ?", r.Header.Get("X-Org-ID"))
		}
	})
}

type Repo struct{ db *gorm.DB }

func (r *Repo) Get(ctx context.Context, orgID, id string) (*Document, error) {
	var p Document
	err := r.db.WithContext(ctx).First(&p, "id = ?", id).Error // want `TL002: DB.First on documents has no tenant predicate; tenant available as orgID`
	return &p, err
}

func (r *Repo) GetScoped(ctx context.Context, orgID, id string) (*Document, error) {
	var p Document
	err := r.db.WithContext(ctx).First(&p, "id = ? AND org_id = ?", id, orgID).Error
	return &p, err
}
