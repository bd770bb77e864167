// Package goquleak reads an analytics service's dashboards with goqu; every
// dashboard row has an org_id.
package goquleak

import (
	"context"
	"database/sql"

	"github.com/doug-martin/goqu/v9"
)

type Dashboard struct {
	ID    int64  `db:"id"`
	OrgID int64  `db:"org_id"`
	Title string `db:"title"`
}

type Repo struct {
	db  *sql.DB
	gdb *goqu.Database
}

func (r *Repo) Get(ctx context.Context, orgID, id int64) (*sql.Row, error) {
	q, args, err := goqu.From("dashboards").Where(goqu.Ex{"id": id}).ToSQL()
	if err != nil {
		return nil, err
	}
	return r.db.QueryRowContext(ctx, q, args...), nil // want `TL001: query built .*has no tenant predicate; tenant available as orgID`
}

func (r *Repo) GetScoped(ctx context.Context, orgID, id int64) (*sql.Row, error) {
	q, args, err := goqu.From("dashboards").Where(goqu.Ex{"org_id": orgID, "id": id}).ToSQL()
	if err != nil {
		return nil, err
	}
	return r.db.QueryRowContext(ctx, q, args...), nil
}

// An expression on a named column: C("org_id").Eq(orgID).
func (r *Repo) Rename(ctx context.Context, orgID, id int64, title string) error {
	q, args, err := goqu.Update("dashboards").Set(goqu.Record{"title": title}).Where(goqu.C("id").Eq(id)).ToSQL()
	if err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, q, args...) // want `TL001: query built .*has no tenant predicate`
	return err
}

func (r *Repo) RenameScoped(ctx context.Context, orgID, id int64, title string) error {
	q, args, err := goqu.Update("dashboards").Set(goqu.Record{"title": title}).
		Where(goqu.C("org_id").Eq(orgID), goqu.C("id").Eq(id)).ToSQL()
	if err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, q, args...)
	return err
}

// A dataset that runs itself through its Database.
func (r *Repo) List(ctx context.Context, orgID int64) ([]Dashboard, error) {
	var out []Dashboard
	err := r.gdb.From("dashboards").Where(goqu.Ex{"title": goqu.Op{"neq": ""}}).ScanStructsContext(ctx, &out) // want `TL001: query built .*has no tenant predicate`
	return out, err
}

func (r *Repo) ListScoped(ctx context.Context, orgID int64) ([]Dashboard, error) {
	var out []Dashboard
	err := r.gdb.From("dashboards").Where(goqu.Ex{"org_id": orgID}).ScanStructsContext(ctx, &out)
	return out, err
}

// Or makes the org condition one alternative.
func (r *Repo) Shared(ctx context.Context, orgID int64) ([]Dashboard, error) {
	var out []Dashboard
	err := r.gdb.From("dashboards").Where(goqu.Or(goqu.Ex{"org_id": orgID}, goqu.Ex{"title": "shared"})).ScanStructsContext(ctx, &out) // want `TL001: query built .*has no tenant predicate`
	return out, err
}

func (r *Repo) Remove(ctx context.Context, orgID, id int64) error {
	_, err := r.gdb.Delete("dashboards").Where(goqu.Ex{"id": id}).Executor().ExecContext(ctx) // want `TL001: query built .*has no tenant predicate`
	return err
}

func (r *Repo) RemoveScoped(ctx context.Context, orgID, id int64) error {
	_, err := r.gdb.Delete("dashboards").Where(goqu.Ex{"id": id, "org_id": orgID}).Executor().ExecContext(ctx)
	return err
}
