// Package beegomore keeps helpdesk macros per workspace with beego's orm:
// the context variants of its calls, conditions built apart, and range
// filters on the tenant column.
package beegomore

import (
	"context"
	"errors"

	"github.com/beego/beego/v2/client/orm"
)

var ErrNotFound = errors.New("not found")

type Macro struct {
	ID          int64
	WorkspaceID int64
	Title       string
}

type Store struct{ o orm.Ormer }

func (s *Store) Macro(ctx context.Context, workspaceID, id int64) (*Macro, error) {
	m := &Macro{ID: id}
	if err := s.o.ReadWithCtx(ctx, m); err != nil { // want `TL002: DQL.ReadWithCtx on macros has no tenant predicate; tenant available as workspaceID`
		return nil, err
	}
	return m, nil
}

func (s *Store) MacroChecked(ctx context.Context, workspaceID, id int64) (*Macro, error) {
	m := &Macro{ID: id}
	if err := s.o.ReadWithCtx(ctx, m); err != nil {
		return nil, err
	}
	if m.WorkspaceID != workspaceID {
		return nil, ErrNotFound
	}
	return m, nil
}

func (s *Store) Create(ctx context.Context, workspaceID int64, title string) error {
	_, err := s.o.InsertWithCtx(ctx, &Macro{WorkspaceID: workspaceID, Title: title})
	return err
}

func (s *Store) CreateUnscoped(ctx context.Context, workspaceID int64, title string) error {
	_, err := s.o.InsertWithCtx(ctx, &Macro{Title: title}) // want `TL002: DML.InsertWithCtx on macros has no tenant predicate; tenant available as workspaceID`
	return err
}

func (s *Store) ByTitle(ctx context.Context, workspaceID int64, title string) (*Macro, error) {
	var m Macro
	err := s.o.QueryTableWithCtx(ctx, new(Macro)).Filter("title", title).OneWithCtx(ctx, &m) // want `TL002: QuerySeter.OneWithCtx on macros has no tenant predicate; tenant available as workspaceID`
	return &m, err
}

func (s *Store) ByTitleScoped(ctx context.Context, workspaceID int64, title string) (*Macro, error) {
	var m Macro
	err := s.o.QueryTableWithCtx(ctx, new(Macro)).Filter("workspace_id", workspaceID).Filter("title", title).OneWithCtx(ctx, &m)
	return &m, err
}

// A condition built apart and set on the query.
func (s *Store) ByCond(workspaceID, id int64) (*Macro, error) {
	var m Macro
	cond := orm.NewCondition().And("workspace_id", workspaceID).And("id", id)
	err := s.o.QueryTable(new(Macro)).SetCond(cond).One(&m)
	return &m, err
}

func (s *Store) ByCondOr(workspaceID, id int64) (*Macro, error) {
	var m Macro
	cond := orm.NewCondition().And("workspace_id", workspaceID).Or("id", id)
	err := s.o.QueryTable(new(Macro)).SetCond(cond).One(&m) // want `TL002: QuerySeter.One on macros has no tenant predicate`
	return &m, err
}

// A range on the tenant column selects many tenants.
func (s *Store) FromWorkspace(workspaceID int64) ([]Macro, error) {
	var out []Macro
	_, err := s.o.QueryTable(new(Macro)).Filter("workspace_id__gte", workspaceID).All(&out) // want `TL002: QuerySeter.All on macros has no tenant predicate`
	return out, err
}

// A constant in the tenant condition is some fixed workspace, not the
// caller's.
func (s *Store) Default(workspaceID int64) (*Macro, error) {
	var m Macro
	err := s.o.QueryTable(new(Macro)).Filter("workspace_id", 1).Filter("title", "default").One(&m) // want `TL007: the tenant condition of QuerySeter.One on macros bound to a constant, which is not a tenant value`
	return &m, err
}
