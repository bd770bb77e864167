// Package names: tenant values recognised by name (rule 2) — and names that
// only look like one.
package names

import (
	"context"
	"database/sql"
	"net/http"
)

type Store struct {
	db *sql.DB
}

type Client struct {
	endpoint string
}

// Project is a tenant struct: its ID is a tenant value, its Name is not.
type Project struct {
	ID   string
	Name string
}

func (s *Store) OrgJob(ctx context.Context, orgID string, jobID int64) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM jobs WHERE id = $1", jobID) // want `TL001: DELETE on jobs has no tenant predicate; tenant available as orgID`
	return err
}

// orgClient is a client, not an organization; forgotToken holds "forgot",
// not "org": no tenant here, so the lookup is an accessor and not reported.
func (s *Store) ResetPassword(ctx context.Context, orgClient *Client, forgotToken string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE users SET password_reset = true WHERE reset_token = $1", forgotToken)
	return err
}

// A negated tenant word names no tenant.
func (s *Store) SystemJob(ctx context.Context, nonTenantID string, jobID int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE jobs SET picked = true WHERE id = $1", jobID)
	return err
}

func (s *Store) ProjectJobs(ctx context.Context, project *Project) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM jobs WHERE project_id = $1", project.ID)
}

func (s *Store) ProjectJobsByName(ctx context.Context, project *Project) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM jobs WHERE project_id = $1", project.Name) // want `TL007: tenant column jobs\.project_id bound to project\.Name`
}

// TenantID is named like a source, but its body shows it returns a header:
// an untrusted value.
func TenantID(r *http.Request) string { return r.Header.Get("X-Tenant-ID") }

func (s *Store) Jobs(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.QueryContext(r.Context(), "SELECT id FROM jobs WHERE tenant_id = $1", TenantID(r)) // want `TL006: tenant slot jobs\.tenant_id filled from request input`
	if err == nil {
		rows.Close()
	}
}

// CreateTenantPartition takes only a context and returns a string, but its
// name says it creates a partition, not that it returns the tenant: it is no
// context source, so this package's by-parameter lookups stay accessors.
func (s *Store) CreateTenantPartition(ctx context.Context) (string, error) { return "p1", nil }

func (s *Store) markSeen(ctx context.Context, jobID int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE jobs SET seen = true WHERE id = $1", jobID)
	return err
}

// NullString is a nullable wrapper (sql.NullString, pgtype.Text): a
// tenant-named field of this type holds a tenant ID, and so does its value.
type NullString struct {
	String string
	Valid  bool
}

// link refers to itself through a pointer beside a bool, like a wrapper.
type link struct {
	Next  *link
	Valid bool
}

// ListJobsParams is shaped as sqlc generates it; Tenantid comes from a
// "tenantId" column.
type ListJobsParams struct {
	ProjectID NullString
	Tenantid  string
	OrgLink   link
}

func (s *Store) ListJobs(ctx context.Context, arg ListJobsParams) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM jobs WHERE project_id = $1 AND tenant_id = $2", arg.ProjectID, arg.Tenantid)
}

func (s *Store) ListJobsByValue(ctx context.Context, arg ListJobsParams) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM jobs WHERE project_id = $1", arg.ProjectID.String)
}

func (s *Store) ListJobsByLink(ctx context.Context, arg ListJobsParams) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM jobs WHERE org_id = $1", arg.OrgLink) // want `TL007: tenant column jobs\.org_id bound to arg\.OrgLink`
}

// CountProjects returns a number, not a project: no context source either.
func (s *Store) CountProjects(ctx context.Context) (int64, error) { return 0, nil }
