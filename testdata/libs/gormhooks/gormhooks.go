// Package gormhooks reads and writes documents through a *gorm.DB on which
// plugin.TenantPlugin's callbacks scope reads, row scans and updates (not
// deletes or creates, and not raw SQL).
package gormhooks

import (
	"context"

	"gorm.io/gorm"

	"example.com/libs/gormhooks/plugin"
)

type Document struct {
	ID    string `gorm:"primaryKey"`
	OrgID string
	Title string
}

type Repo struct{ db *gorm.DB }

func Open(db *gorm.DB) (*Repo, error) {
	if err := db.Use(plugin.TenantPlugin{}); err != nil {
		return nil, err
	}
	return &Repo{db: db}, nil
}

// The query callback adds org_id to every read.
func (r *Repo) Get(ctx context.Context, orgID, id string) (*Document, error) {
	var p Document
	err := r.db.WithContext(ctx).First(&p, "id = ?", id).Error
	return &p, err
}

func (r *Repo) Count(ctx context.Context, orgID string) (int64, error) {
	var n int64
	err := r.db.WithContext(ctx).Model(&Document{}).Count(&n).Error
	return n, err
}

// Scan runs the row callbacks, which add org_id too.
func (r *Repo) Titles(ctx context.Context, orgID string) ([]string, error) {
	var names []string
	err := r.db.WithContext(ctx).Model(&Document{}).Select("title").Scan(&names).Error
	return names, err
}

func (r *Repo) Rename(ctx context.Context, orgID, id, title string) error {
	return r.db.WithContext(ctx).Model(&Document{}).Where("id = ?", id).Update("title", title).Error
}

// No delete callback is registered: the delete is by id alone.
func (r *Repo) Delete(ctx context.Context, orgID, id string) error {
	return r.db.WithContext(ctx).Where("id = ?", id).Delete(&Document{}).Error // want `TL002: DB.Delete on documents has no tenant predicate; tenant available as orgID`
}

func (r *Repo) DeleteScoped(ctx context.Context, orgID, id string) error {
	return r.db.WithContext(ctx).Where("id = ? AND org_id = ?", id, orgID).Delete(&Document{}).Error
}

// Callbacks do not rewrite raw SQL.
func (r *Repo) RawGet(ctx context.Context, orgID, id string) (*Document, error) {
	var p Document
	err := r.db.WithContext(ctx).Raw("SELECT * FROM documents WHERE id = ?", id).Scan(&p).Error // want `TL001: SELECT on documents has no tenant predicate; tenant available as orgID`
	return &p, err
}
