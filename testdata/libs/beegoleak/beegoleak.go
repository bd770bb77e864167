// Package beegoleak keeps a helpdesk's canned replies (macros) in MySQL
// through beego's ORM; every macro belongs to a workspace (the
// workspace_id column, field WorkspaceID).
package beegoleak

import (
	"context"
	"errors"

	"github.com/beego/beego/v2/client/orm"
)

type Macro struct {
	ID          int64  `orm:"column(id);pk;auto"`
	WorkspaceID int64  `orm:"column(workspace_id)"`
	Title       string `orm:"column(title)"`
	Body        string `orm:"column(body)"`
	Uses        int64  `orm:"column(uses)"`
}

func (m *Macro) TableName() string { return "macros" }

// Language is the list of reply languages every workspace shares: no
// workspace column.
type Language struct {
	ID   int64  `orm:"column(id);pk;auto"`
	Code string `orm:"column(code)"`
}

func (l *Language) TableName() string { return "languages" }

var ErrNotFound = errors.New("macro not found")

type Store struct {
	o orm.Ormer
}

// QuerySeter: Filter on the workspace column scopes the query.

func (s *Store) Macro(workspaceID, id int64) (*Macro, error) {
	var m Macro
	err := s.o.QueryTable(new(Macro)).Filter("id", id).One(&m) // want `TL002: QuerySeter.One on macros has no tenant predicate; tenant available as workspaceID`
	return &m, err
}

func (s *Store) MacroScoped(workspaceID, id int64) (*Macro, error) {
	var m Macro
	err := s.o.QueryTable(new(Macro)).Filter("workspace_id", workspaceID).Filter("id", id).One(&m)
	return &m, err
}

func (s *Store) Search(workspaceID int64, title string) ([]*Macro, error) {
	var out []*Macro
	_, err := s.o.QueryTable(new(Macro)).Filter("title__icontains", title).All(&out) // want `TL002: QuerySeter.All on macros has no tenant predicate`
	return out, err
}

func (s *Store) SearchScoped(workspaceID int64, title string) ([]*Macro, error) {
	var out []*Macro
	_, err := s.o.QueryTable(new(Macro)).Filter("workspace_id", workspaceID).Filter("title__icontains", title).All(&out)
	return out, err
}

// The table named by a string.
func (s *Store) CountByTitle(workspaceID int64, title string) (int64, error) {
	return s.o.QueryTable("macros").Filter("title", title).Count() // want `TL002: QuerySeter.Count on macros has no tenant predicate`
}

func (s *Store) CountByTitleScoped(workspaceID int64, title string) (int64, error) {
	return s.o.QueryTable("macros").Filter("workspace_id", workspaceID).Filter("title", title).Count()
}

func (s *Store) Exists(workspaceID, id int64) bool {
	return s.o.QueryTable(new(Macro)).Filter("id", id).Exist() // want `TL002: QuerySeter.Exist on macros has no tenant predicate`
}

func (s *Store) ExistsScoped(workspaceID, id int64) bool {
	return s.o.QueryTable(new(Macro)).Filter("id", id).Filter("workspace_id", workspaceID).Exist()
}

func (s *Store) Rename(workspaceID, id int64, title string) error {
	_, err := s.o.QueryTable(new(Macro)).Filter("id", id).Update(orm.Params{"title": title}) // want `TL002: QuerySeter.Update on macros has no tenant predicate`
	return err
}

func (s *Store) RenameScoped(workspaceID, id int64, title string) error {
	_, err := s.o.QueryTable(new(Macro)).Filter("id", id).Filter("workspace_id", workspaceID).Update(orm.Params{"title": title})
	return err
}

func (s *Store) Purge(ctx context.Context, workspaceID int64, ids []int64) error {
	_, err := s.o.QueryTable(new(Macro)).Filter("id__in", ids).DeleteWithCtx(ctx) // want `TL002: QuerySeter.DeleteWithCtx on macros has no tenant predicate`
	return err
}

func (s *Store) PurgeScoped(ctx context.Context, workspaceID int64, ids []int64) error {
	_, err := s.o.QueryTable(new(Macro)).Filter("workspace_id", workspaceID).Filter("id__in", ids).DeleteWithCtx(ctx)
	return err
}

// Ormer.Read, Update and Delete address the row by its primary key: a
// WorkspaceID set on the model is no condition.

func (s *Store) Open(workspaceID, id int64) (*Macro, error) {
	m := &Macro{ID: id, WorkspaceID: workspaceID}
	if err := s.o.Read(m); err != nil { // want `TL002: DQL.Read on macros has no tenant predicate`
		return nil, err
	}
	return m, nil
}

// The row is read by id, then its workspace compared before any other use.
func (s *Store) OpenChecked(workspaceID, id int64) (*Macro, error) {
	m := &Macro{ID: id}
	if err := s.o.Read(m); err != nil {
		return nil, err
	}
	if m.WorkspaceID != workspaceID {
		return nil, ErrNotFound
	}
	return m, nil
}

func (s *Store) OpenForUpdate(workspaceID, id int64) (*Macro, error) {
	m := &Macro{ID: id}
	err := s.o.ReadForUpdate(m) // want `TL002: DQL.ReadForUpdate on macros has no tenant predicate`
	return m, err
}

func (s *Store) OpenForUpdateChecked(workspaceID, id int64) (*Macro, error) {
	m := &Macro{ID: id}
	if err := s.o.ReadForUpdate(m); err != nil {
		return nil, err
	}
	if m.WorkspaceID != workspaceID {
		return nil, ErrNotFound
	}
	return m, nil
}

// The caller's row is written back by primary key; setting its WorkspaceID
// does not make the UPDATE check it.
func (s *Store) Save(ctx context.Context, workspaceID int64, m *Macro) error {
	m.WorkspaceID = workspaceID
	_, err := s.o.UpdateWithCtx(ctx, m, "Title", "Body") // want `TL002: DML.UpdateWithCtx.* has no tenant predicate; tenant available as workspaceID`
	return err
}

// A row read within the workspace stays scoped for the update by its key.
func (s *Store) SaveScoped(ctx context.Context, workspaceID, id int64, title, body string) error {
	var m Macro
	if err := s.o.QueryTable(new(Macro)).Filter("workspace_id", workspaceID).Filter("id", id).One(&m); err != nil {
		return err
	}
	m.Title, m.Body = title, body
	_, err := s.o.UpdateWithCtx(ctx, &m, "Title", "Body")
	return err
}

func (s *Store) Delete(workspaceID, id int64) error {
	_, err := s.o.Delete(&Macro{ID: id}) // want `TL002: DML.Delete.* has no tenant predicate; tenant available as workspaceID`
	return err
}

func (s *Store) DeleteChecked(workspaceID, id int64) error {
	m := &Macro{ID: id}
	if err := s.o.Read(m); err != nil {
		return err
	}
	if m.WorkspaceID != workspaceID {
		return ErrNotFound
	}
	_, err := s.o.Delete(m)
	return err
}

// Inserts: the row's WorkspaceID must hold the workspace.

func (s *Store) Create(workspaceID int64, title, body string) (int64, error) {
	return s.o.Insert(&Macro{Title: title, Body: body}) // want `TL002: DML.Insert on macros has no tenant predicate; tenant available as workspaceID`
}

func (s *Store) CreateScoped(workspaceID int64, title, body string) (int64, error) {
	return s.o.Insert(&Macro{WorkspaceID: workspaceID, Title: title, Body: body})
}

// InsertOrUpdate writes the row too.
func (s *Store) Import(workspaceID int64, title, body string) (int64, error) {
	m := &Macro{Title: title, Body: body}
	return s.o.InsertOrUpdate(m) // want `TL002: DML.InsertOrUpdate on macros has no tenant predicate`
}

func (s *Store) ImportScoped(workspaceID int64, title, body string) (int64, error) {
	m := &Macro{Title: title, Body: body}
	m.WorkspaceID = workspaceID
	return s.o.InsertOrUpdate(m)
}

// Languages are shared: no workspace column, no finding.
func (s *Store) AddLanguage(workspaceID int64, code string) error {
	_, err := s.o.Insert(&Language{Code: code})
	return err
}

// Raw SQL: the text is checked (TL001).

func (s *Store) MostUsed(workspaceID int64) (*Macro, error) {
	var m Macro
	err := s.o.Raw("SELECT id, title, body FROM macros ORDER BY uses DESC LIMIT 1").QueryRow(&m) // want `TL001: SELECT on macros has no tenant predicate; tenant available as workspaceID`
	return &m, err
}

func (s *Store) MostUsedScoped(workspaceID int64) (*Macro, error) {
	var m Macro
	err := s.o.Raw("SELECT id, title, body FROM macros WHERE workspace_id = ? ORDER BY uses DESC LIMIT 1", workspaceID).QueryRow(&m)
	return &m, err
}

func (s *Store) CountUse(ctx context.Context, workspaceID, id int64) error {
	_, err := s.o.RawWithCtx(ctx, "UPDATE macros SET uses = uses + 1 WHERE id = ?", id).Exec() // want `TL001: UPDATE on macros has no tenant predicate; tenant available as workspaceID`
	return err
}

func (s *Store) CountUseScoped(ctx context.Context, workspaceID, id int64) error {
	_, err := s.o.RawWithCtx(ctx, "UPDATE macros SET uses = uses + 1 WHERE id = ? AND workspace_id = ?", id, workspaceID).Exec()
	return err
}

// byID is an accessor: no workspace of its own, judged where it is called.
func (s *Store) byID(id int64) (*Macro, error) {
	var m Macro
	err := s.o.QueryTable(new(Macro)).Filter("id", id).One(&m)
	return &m, err
}

func (s *Store) Preview(workspaceID, id int64) (string, error) {
	m, err := s.byID(id) // want `TL002: .* via Store\.byID`
	if err != nil {
		return "", err
	}
	return m.Body, nil
}

func (s *Store) PreviewChecked(workspaceID, id int64) (string, error) {
	m, err := s.byID(id)
	if err != nil {
		return "", err
	}
	if m.WorkspaceID != workspaceID {
		return "", ErrNotFound
	}
	return m.Body, nil
}
