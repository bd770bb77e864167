// Package sharedrows reads tables every tenant shares (plans, languages)
// and one each tenant owns (projects), through gorm and beego's orm. A row
// type with no tenant field, its own or embedded, maps a shared table.
package sharedrows

import (
	"github.com/beego/beego/v2/client/orm"
	"gorm.io/gorm"
)

type Plan struct {
	gorm.Model
	Name  string
	Cents int64
}

type Language struct {
	ID   int64
	Code string
}

// TenantModel is the base of tenant-owned rows.
type TenantModel struct {
	gorm.Model
	WorkspaceID string
}

type Project struct {
	TenantModel
	Name string
}

// Summary is a projection of projects.
type Summary struct {
	Name string
}

func Plans(db *gorm.DB, workspaceID string) ([]Plan, error) {
	var out []Plan
	err := db.Find(&out).Error
	return out, err
}

func Languages(o orm.Ormer, workspaceID string) ([]Language, error) {
	var out []Language
	_, err := o.QueryTable(new(Language)).All(&out)
	return out, err
}

func Projects(db *gorm.DB, workspaceID string) ([]Project, error) {
	var out []Project
	err := db.Find(&out).Error // want `TL002: DB.Find on projects has no tenant predicate; tenant available as workspaceID`
	return out, err
}

// A projection read from a tenant-owned table is not shared.
func Summaries(db *gorm.DB, workspaceID string) ([]Summary, error) {
	var out []Summary
	err := db.Model(&Project{}).Find(&out).Error // want `TL002: DB.Find on projects has no tenant predicate; tenant available as workspaceID`
	return out, err
}
