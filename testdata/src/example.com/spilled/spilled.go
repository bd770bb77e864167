// Package spilled: a pointer parameter a closure captures lives in a local
// variable (SSA spills it), and each use loads it again. A field the
// function stores through one load is seen through the others, in the
// function and in its closures, while the variable is not reassigned.
package spilled

import (
	"context"
	"database/sql"
	"log"
	"net/http"
)

type Doc struct {
	ID    string
	Body  string
	Owner string
}

type Store struct {
	db *sql.DB
}

func (st *Store) inTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Save stamps the document with the tenant, then updates it in a
// transaction callback that captured d.
func (st *Store) Save(ctx context.Context, tenantID string, d *Doc) error {
	d.Owner = tenantID
	return st.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE docs SET body = $1 WHERE id = $2 AND tenant_id = $3", d.Body, d.ID, d.Owner)
		return err
	})
}

// SaveNested reaches d through two closures.
func (st *Store) SaveNested(ctx context.Context, tenantID string, d *Doc) error {
	d.Owner = tenantID
	return st.inTx(ctx, func(tx *sql.Tx) error {
		run := func() error {
			_, err := tx.ExecContext(ctx, "UPDATE docs SET body = $1 WHERE id = $2 AND tenant_id = $3", d.Body, d.ID, d.Owner)
			return err
		}
		return run()
	})
}

// Touch captures d only in a deferred log line; the query in Touch itself
// reads the owner it stored.
func (st *Store) Touch(ctx context.Context, tenantID string, d *Doc) error {
	d.Owner = tenantID
	defer func() { log.Printf("touched %s", d.ID) }()
	_, err := st.db.ExecContext(ctx, "UPDATE docs SET body = body WHERE id = $1 AND tenant_id = $2", d.ID, d.Owner)
	return err
}

// SaveFromForm stamps the document with an owner from the request: the
// closure binds it to the tenant column.
func (st *Store) SaveFromForm(r *http.Request, d *Doc) error {
	ctx := r.Context()
	d.Owner = r.FormValue("owner")
	return st.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE docs SET body = $1 WHERE id = $2 AND tenant_id = $3", d.Body, d.ID, d.Owner) // want `TL006`
		return err
	})
}

// Replace reassigns d inside the closure: the loads are no longer one
// object, and the closure's d.Owner is not the tenant the parent stored.
func (st *Store) Replace(ctx context.Context, tenantID string, d *Doc, other *Doc) error {
	d.Owner = tenantID
	return st.inTx(ctx, func(tx *sql.Tx) error {
		d = other
		_, err := tx.ExecContext(ctx, "UPDATE docs SET body = $1 WHERE id = $2 AND tenant_id = $3", d.Body, d.ID, d.Owner) // want `TL007`
		return err
	})
}
