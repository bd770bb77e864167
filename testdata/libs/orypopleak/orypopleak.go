// Package orypopleak stores a project tracker's issues with ory/pop, the
// fork of gobuffalo/pop; issues belong to a workspace.
package orypopleak

import (
	"errors"
	"fmt"

	"example.com/libs/orypopleak/rows"
	"github.com/ory/pop/v6"
)

type Issue struct {
	ID          int    `db:"id"`
	WorkspaceID string `db:"workspace_id"`
	Title       string `db:"title"`
	State       string `db:"state"`
}

// Label is a catalogue shared by every workspace.
type Label struct {
	ID   int    `db:"id"`
	Name string `db:"name"`
}

var ErrNotFound = errors.New("not found")

type Issues struct {
	tx *pop.Connection
}

func (s *Issues) Get(workspaceID string, id int) (*Issue, error) {
	var is Issue
	err := s.tx.Find(&is, id) // want `TL002: Connection.Find.* has no tenant predicate; tenant available as workspaceID`
	return &is, err
}

func (s *Issues) GetScoped(workspaceID string, id int) (*Issue, error) {
	var is Issue
	err := s.tx.Where("workspace_id = ?", workspaceID).Find(&is, id)
	return &is, err
}

func (s *Issues) Open(workspaceID string) ([]Issue, error) {
	var out []Issue
	err := s.tx.Where("state = ?", "open").Order("id desc").All(&out) // want `TL002: Query.All.* has no tenant predicate`
	return out, err
}

func (s *Issues) OpenScoped(workspaceID string) ([]Issue, error) {
	var out []Issue
	err := s.tx.Where("workspace_id = ? AND state = ?", workspaceID, "open").Order("id desc").All(&out)
	return out, err
}

func (s *Issues) CloseAll(workspaceID string) error {
	return s.tx.RawQuery("UPDATE issues SET state = 'closed' WHERE state = ?", "open").Exec() // want `TL001: `
}

func (s *Issues) CloseAllScoped(workspaceID string) error {
	return s.tx.RawQuery("UPDATE issues SET state = 'closed' WHERE workspace_id = ? AND state = ?", workspaceID, "open").Exec()
}

// Create writes the row: its workspace must be the caller's.
func (s *Issues) Create(workspaceID, title string) error {
	return s.tx.Create(&Issue{Title: title, State: "open"}) // want `TL002: Connection.Create`
}

func (s *Issues) CreateScoped(workspaceID, title string) error {
	return s.tx.Create(&Issue{WorkspaceID: workspaceID, Title: title, State: "open"})
}

// Labels are shared: no workspace column, no finding.
func (s *Issues) AddLabel(workspaceID, name string) error {
	return s.tx.Create(&Label{Name: name})
}

// Destroy deletes by primary key: the fields of the model are no condition.
func (s *Issues) Delete(workspaceID string, id int) error {
	return s.tx.Destroy(&Issue{ID: id, WorkspaceID: workspaceID}) // want `TL002: Connection.Destroy`
}

// A row read under the workspace's condition and then destroyed by its key.
func (s *Issues) DeleteScoped(workspaceID string, id int) error {
	var is Issue
	if err := s.tx.Where("workspace_id = ?", workspaceID).Find(&is, id); err != nil {
		return err
	}
	return s.tx.Destroy(&is)
}

// A condition whose text is chosen at run time (a dialect's lock clause)
// inside a transaction callback that captured the workspace.
func (s *Issues) Lock(workspaceID string, id int, crdb bool) (*Issue, error) {
	var is Issue
	err := s.tx.Transaction(func(tx *pop.Connection) error {
		lock := ""
		if crdb {
			lock = "FOR UPDATE SKIP LOCKED"
		}
		return tx.Where(fmt.Sprintf("id = ? AND workspace_id = ? %s", lock), id, workspaceID).First(&is)
	})
	return &is, err
}

// A raw statement is judged where it is written; the call that runs it is
// not judged again.
func (s *Issues) RawTitle(workspaceID string, id int) (*Issue, error) {
	var is Issue
	err := s.tx.RawQuery("SELECT * FROM issues WHERE id = ? AND workspace_id = ?", id, workspaceID).First(&is)
	return &is, err
}

func (s *Issues) RawTitleAnyWorkspace(workspaceID string, id int) (*Issue, error) {
	var is Issue
	err := s.tx.RawQuery("SELECT * FROM issues WHERE id = ?", id).First(&is) // want `TL001: SELECT on issues has no tenant predicate; tenant available as workspaceID`
	return &is, err
}

// Each text the format can give is read: none has the workspace.
func (s *Issues) LockAnyWorkspace(workspaceID string, id int, crdb bool) (*Issue, error) {
	var is Issue
	lock := ""
	if crdb {
		lock = "FOR UPDATE"
	}
	err := s.tx.Where(fmt.Sprintf("id = ? %s", lock), id).First(&is) // want `TL002: Query.First on issues has no tenant predicate; tenant available as workspaceID`
	return &is, err
}

// The table of a row type declared in another package is the constant its
// TableName method returns.
func (s *Issues) Tag(workspaceID string, id int) (*rows.Tag, error) {
	var t rows.Tag
	err := s.tx.Find(&t, id) // want `TL002: Connection.Find on issue_tags has no tenant predicate; tenant available as workspaceID`
	return &t, err
}
