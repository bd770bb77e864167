// Package xormleak keeps an analytics product's saved dashboards in
// Postgres through xorm; every dashboard belongs to an org (the org_id
// column, field OrgID).
package xormleak

import (
	"errors"

	"xorm.io/xorm"
)

type Dashboard struct {
	ID     int64  `xorm:"pk autoincr 'id'"`
	OrgID  int64  `xorm:"'org_id' index"`
	Title  string `xorm:"'title'"`
	Layout string `xorm:"'layout'"`
	Public bool   `xorm:"'public'"`
}

func (Dashboard) TableName() string { return "dashboards" }

// Widget is the catalogue of chart types every org shares: no org column.
type Widget struct {
	ID   int64  `xorm:"pk autoincr 'id'"`
	Kind string `xorm:"'kind'"`
}

func (Widget) TableName() string { return "widgets" }

var ErrNotFound = errors.New("dashboard not found")

type Store struct {
	e *xorm.Engine
}

// Get by primary key: nothing ties the row to the org.
func (s *Store) Dashboard(orgID, id int64) (*Dashboard, error) {
	d := new(Dashboard)
	has, err := s.e.ID(id).Get(d) // want `TL002: Session.Get on dashboards has no tenant predicate; tenant available as orgID`
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, ErrNotFound
	}
	return d, nil
}

// The org as a Where condition.
func (s *Store) DashboardScoped(orgID, id int64) (*Dashboard, error) {
	d := new(Dashboard)
	has, err := s.e.Where("org_id = ?", orgID).And("id = ?", id).Get(d)
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, ErrNotFound
	}
	return d, nil
}

// Get takes its conditions from the bean's non-zero fields: OrgID set on
// the bean is a condition.
func (s *Store) DashboardByBean(orgID, id int64) (*Dashboard, error) {
	d := &Dashboard{ID: id, OrgID: orgID}
	has, err := s.e.Get(d)
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, ErrNotFound
	}
	return d, nil
}

// A bean whose OrgID is left zero adds no org condition.
func (s *Store) DashboardByTitle(orgID int64, title string) (*Dashboard, error) {
	d := &Dashboard{Title: title}
	has, err := s.e.Get(d) // want `TL002: Engine.Get on dashboards has no tenant predicate; tenant available as orgID`
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, ErrNotFound
	}
	return d, nil
}

// Read by id, then the row's org compared before it is used.
func (s *Store) DashboardChecked(orgID, id int64) (*Dashboard, error) {
	d := new(Dashboard)
	has, err := s.e.ID(id).Get(d)
	if err != nil {
		return nil, err
	}
	if !has || d.OrgID != orgID {
		return nil, ErrNotFound
	}
	return d, nil
}

func (s *Store) Search(orgID int64, title string) ([]Dashboard, error) {
	var out []Dashboard
	err := s.e.Where("title LIKE ?", "%"+title+"%").Find(&out) // want `TL002: Session.Find.* has no tenant predicate; tenant available as orgID`
	return out, err
}

func (s *Store) SearchScoped(orgID int64, title string) ([]Dashboard, error) {
	var out []Dashboard
	err := s.e.Where("org_id = ? AND title LIKE ?", orgID, "%"+title+"%").Find(&out)
	return out, err
}

// Find's condition bean.
func (s *Store) SearchByBean(orgID int64, title string) ([]Dashboard, error) {
	var out []Dashboard
	err := s.e.Find(&out, &Dashboard{OrgID: orgID, Title: title})
	return out, err
}

// In on the org column scopes the statement.
func (s *Store) SearchIn(orgID int64, ids []int64) ([]Dashboard, error) {
	var out []Dashboard
	err := s.e.In("org_id", orgID).In("id", ids).Find(&out)
	return out, err
}

// Or makes the org condition one alternative of two.
func (s *Store) Visible(orgID int64) ([]Dashboard, error) {
	var out []Dashboard
	sess := s.e.NewSession()
	defer sess.Close()
	err := sess.Where("org_id = ?", orgID).Or("public = ?", true).Find(&out) // want `TL002: Session.Find.* has no tenant predicate; tenant available as orgID`
	return out, err
}

func (s *Store) VisibleScoped(orgID int64) ([]Dashboard, error) {
	var out []Dashboard
	sess := s.e.NewSession()
	defer sess.Close()
	err := sess.Where("org_id = ?", orgID).And("public = ?", true).Find(&out)
	return out, err
}

func (s *Store) Count(orgID int64) (int64, error) {
	return s.e.Count(&Dashboard{}) // want `TL002: Engine.Count on dashboards has no tenant predicate; tenant available as orgID`
}

func (s *Store) CountScoped(orgID int64) (int64, error) {
	return s.e.Count(&Dashboard{OrgID: orgID})
}

func (s *Store) TitleTaken(orgID int64, title string) (bool, error) {
	return s.e.Exist(&Dashboard{Title: title}) // want `TL002: Engine.Exist on dashboards has no tenant predicate; tenant available as orgID`
}

func (s *Store) TitleTakenScoped(orgID int64, title string) (bool, error) {
	return s.e.Exist(&Dashboard{OrgID: orgID, Title: title})
}

// Update sets the bean's fields: an OrgID there is written, not matched.
func (s *Store) Rename(orgID, id int64, title string) error {
	_, err := s.e.ID(id).Update(&Dashboard{OrgID: orgID, Title: title}) // want `TL002: Session.Update.* has no tenant predicate; tenant available as orgID`
	return err
}

// The condition bean matches the org.
func (s *Store) RenameScoped(orgID, id int64, title string) error {
	_, err := s.e.ID(id).Update(&Dashboard{Title: title}, &Dashboard{OrgID: orgID})
	return err
}

func (s *Store) RenameWhere(orgID, id int64, title string) error {
	_, err := s.e.ID(id).Where("org_id = ?", orgID).Update(&Dashboard{Title: title})
	return err
}

// A row read within the org stays scoped for the update by its key.
func (s *Store) Retitle(orgID, id int64, title string) error {
	d := new(Dashboard)
	has, err := s.e.Where("org_id = ?", orgID).And("id = ?", id).Get(d)
	if err != nil || !has {
		return ErrNotFound
	}
	_, err = s.e.ID(d.ID).Cols("title").Update(&Dashboard{Title: title})
	return err
}

// The table named by a string and a map of columns.
func (s *Store) Publish(orgID, id int64) error {
	_, err := s.e.Table("dashboards").Where("id = ?", id).Update(map[string]any{"public": true}) // want `TL002: Session.Update on dashboards has no tenant predicate; tenant available as orgID`
	return err
}

func (s *Store) PublishScoped(orgID, id int64) error {
	_, err := s.e.Table("dashboards").Where("id = ? AND org_id = ?", id, orgID).Update(map[string]any{"public": true})
	return err
}

func (s *Store) Delete(orgID, id int64) error {
	_, err := s.e.ID(id).Delete(&Dashboard{}) // want `TL002: Session.Delete on dashboards has no tenant predicate; tenant available as orgID`
	return err
}

// Delete takes its conditions from the bean too.
func (s *Store) DeleteScoped(orgID, id int64) error {
	_, err := s.e.ID(id).Delete(&Dashboard{OrgID: orgID})
	return err
}

// Inserts: the row's OrgID must hold the org.
func (s *Store) Create(orgID int64, title string) error {
	_, err := s.e.Insert(&Dashboard{Title: title}) // want `TL002: Engine.Insert on dashboards has no tenant predicate; tenant available as orgID`
	return err
}

func (s *Store) CreateScoped(orgID int64, title string) error {
	_, err := s.e.Insert(&Dashboard{OrgID: orgID, Title: title})
	return err
}

func (s *Store) Clone(orgID int64, src *Dashboard) error {
	sess := s.e.NewSession()
	defer sess.Close()
	d := &Dashboard{Title: src.Title + " (copy)", Layout: src.Layout}
	_, err := sess.InsertOne(d) // want `TL002: Session.InsertOne on dashboards has no tenant predicate; tenant available as orgID`
	return err
}

func (s *Store) CloneScoped(orgID int64, src *Dashboard) error {
	sess := s.e.NewSession()
	defer sess.Close()
	d := &Dashboard{OrgID: orgID, Title: src.Title + " (copy)", Layout: src.Layout}
	_, err := sess.InsertOne(d)
	return err
}

// Widgets are shared: no org column, no finding.
func (s *Store) AddWidget(orgID int64, kind string) error {
	_, err := s.e.Insert(&Widget{Kind: kind})
	return err
}

// Raw SQL through xorm: the text is checked (TL001).
func (s *Store) Unpublish(orgID, id int64) error {
	_, err := s.e.Exec("UPDATE dashboards SET public = false WHERE id = ?", id) // want `TL001: UPDATE on dashboards has no tenant predicate; tenant available as orgID`
	return err
}

func (s *Store) UnpublishScoped(orgID, id int64) error {
	_, err := s.e.Exec("UPDATE dashboards SET public = false WHERE id = ? AND org_id = ?", id, orgID)
	return err
}

func (s *Store) Titles(orgID int64) ([]map[string]string, error) {
	return s.e.QueryString("SELECT id, title FROM dashboards ORDER BY title") // want `TL001: SELECT on dashboards has no tenant predicate; tenant available as orgID`
}

func (s *Store) TitlesScoped(orgID int64) ([]map[string]string, error) {
	return s.e.QueryString("SELECT id, title FROM dashboards WHERE org_id = ? ORDER BY title", orgID)
}

// byID is an accessor: no org of its own, judged where it is called.
func (s *Store) byID(id int64) (*Dashboard, error) {
	d := new(Dashboard)
	if _, err := s.e.ID(id).Get(d); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Store) Export(orgID, id int64) (string, error) {
	d, err := s.byID(id) // want `TL002: .* via Store\.byID`
	if err != nil {
		return "", err
	}
	return d.Layout, nil
}

func (s *Store) ExportChecked(orgID, id int64) (string, error) {
	d, err := s.byID(id)
	if err != nil {
		return "", err
	}
	if d.OrgID != orgID {
		return "", ErrNotFound
	}
	return d.Layout, nil
}
