// Package squirrelleak stores API keys of accounts with squirrel; api_keys
// carries account_id.
package squirrelleak

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

type Repo struct {
	db *sql.DB
	qb sq.StatementBuilderType
}

func New(db *sql.DB) *Repo {
	return &Repo{db: db, qb: sq.StatementBuilder.PlaceholderFormat(sq.Dollar).RunWith(db)}
}

func (r *Repo) Label(ctx context.Context, accountID, id string) (string, error) {
	var label string
	err := r.qb.Select("label").From("api_keys").Where(sq.Eq{"id": id}).QueryRowContext(ctx).Scan(&label) // want `TL001: query built on api_keys has no tenant predicate; tenant available as accountID`
	return label, err
}

func (r *Repo) LabelScoped(ctx context.Context, accountID, id string) (string, error) {
	var label string
	err := r.qb.Select("label").From("api_keys").Where(sq.Eq{"id": id, "account_id": accountID}).QueryRowContext(ctx).Scan(&label)
	return label, err
}

// And holds when each of its conditions does.
func (r *Repo) LabelAnd(ctx context.Context, accountID, id string) (string, error) {
	var label string
	err := r.qb.Select("label").From("api_keys").Where(sq.And{sq.Eq{"id": id}, sq.Eq{"account_id": accountID}}).QueryRowContext(ctx).Scan(&label)
	return label, err
}

// Or holds when either does: the account is an alternative, not a scope.
func (r *Repo) LabelOr(ctx context.Context, accountID, id string) (string, error) {
	var label string
	err := r.qb.Select("label").From("api_keys").Where(sq.Or{sq.Eq{"id": id}, sq.Eq{"account_id": accountID}}).QueryRowContext(ctx).Scan(&label) // want `TL001: query built on api_keys has no tenant predicate`
	return label, err
}

// Expr is a condition as SQL text.
func (r *Repo) Revoke(ctx context.Context, accountID, id string) error {
	_, err := r.qb.Delete("api_keys").Where(sq.Eq{"id": id}).Where(sq.Expr("account_id = ?", accountID)).ExecContext(ctx)
	return err
}

func (r *Repo) RevokeByLabel(ctx context.Context, accountID, label string) error {
	_, err := r.qb.Delete("api_keys").Where(sq.Expr("label = ?", label)).ExecContext(ctx) // want `TL001: query built on api_keys has no tenant predicate`
	return err
}

// Rendered with ToSql and run through database/sql.
func (r *Repo) Rename(ctx context.Context, accountID, id, label string) error {
	q, args, err := sq.Update("api_keys").Set("label", label).Where("id = ?", id).PlaceholderFormat(sq.Dollar).ToSql()
	if err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, q, args...) // want `TL001: query built on api_keys has no tenant predicate`
	return err
}

func (r *Repo) RenameScoped(ctx context.Context, accountID, id, label string) error {
	q, args, err := sq.Update("api_keys").Set("label", label).Where("id = ? AND account_id = ?", id, accountID).PlaceholderFormat(sq.Dollar).ToSql()
	if err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, q, args...)
	return err
}

// An insert names the account column and binds it.
func (r *Repo) Create(ctx context.Context, accountID, label string) error {
	_, err := r.qb.Insert("api_keys").Columns("account_id", "label").Values(accountID, label).ExecContext(ctx)
	return err
}
