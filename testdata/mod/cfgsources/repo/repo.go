// Package repo imports neither source: its lookups by a parameter are
// accessors, judged where they are called, even though it takes contexts.
package repo

import (
	"context"
	"database/sql"
)

type Repo struct{ db *sql.DB }

func (r *Repo) JobTitle(ctx context.Context, id string) (string, error) {
	var title string
	err := r.db.QueryRowContext(ctx, "SELECT title FROM jobs WHERE id = $1", id).Scan(&title)
	return title, err
}
