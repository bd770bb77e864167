// Package orypopschema runs ory/pop conditions with a schema configured:
// a condition is read by its tenant columns, whatever table it applies to.
package orypopschema

import "github.com/ory/pop/v6"

type Issue struct {
	ID          int    `db:"id"`
	WorkspaceID string `db:"workspace_id"`
	Title       string `db:"title"`
}

type Issues struct {
	tx *pop.Connection
}

func (s *Issues) Get(workspaceID string, id int) (*Issue, error) {
	var is Issue
	err := s.tx.Where("id = ? AND workspace_id = ?", id, workspaceID).First(&is)
	return &is, err
}

func (s *Issues) GetAny(workspaceID string, id int) (*Issue, error) {
	var is Issue
	err := s.tx.Where("id = ?", id).First(&is) // want `TL002: Query.First on issues has no tenant predicate; tenant available as workspaceID`
	return &is, err
}
