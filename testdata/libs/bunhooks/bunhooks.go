// Package bunhooks keeps tickets and notes with bun. Ticket's query hooks
// add the tenant condition to its selects and deletes; Note's select hook
// adds only a soft-delete filter.
package bunhooks

import (
	"context"

	"github.com/uptrace/bun"
)

type tenantKey struct{}

// TenantFrom returns the tenant the session belongs to.
func TenantFrom(ctx context.Context) string {
	t, _ := ctx.Value(tenantKey{}).(string)
	return t
}

type Ticket struct {
	ID       int64
	TenantID string
	Title    string
}

func (*Ticket) BeforeSelect(ctx context.Context, q *bun.SelectQuery) error {
	q.Where("?TableAlias.tenant_id = ?", TenantFrom(ctx))
	return nil
}

func (*Ticket) BeforeDelete(ctx context.Context, q *bun.DeleteQuery) error {
	q.Where("tenant_id = ?", TenantFrom(ctx))
	return nil
}

type Note struct {
	ID       int64
	TenantID string
	Body     string
	Deleted  bool
}

func (*Note) BeforeSelect(ctx context.Context, q *bun.SelectQuery) error {
	q.Where("deleted = false")
	return nil
}

type Store struct{ db *bun.DB }

func (s *Store) Ticket(ctx context.Context, tenantID string, id int64) (*Ticket, error) {
	t := new(Ticket)
	err := s.db.NewSelect().Model(t).Where("id = ?", id).Scan(ctx)
	return t, err
}

func (s *Store) Tickets(ctx context.Context, tenantID string) ([]Ticket, error) {
	var ts []Ticket
	err := s.db.NewSelect().Model(&ts).Scan(ctx)
	return ts, err
}

func (s *Store) DeleteTicket(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.NewDelete().Model((*Ticket)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

// Ticket has no update hook.
func (s *Store) CloseTicket(ctx context.Context, tenantID string, id int64) error {
	_, err := s.db.NewUpdate().Model((*Ticket)(nil)).Set("title = ?", "closed").Where("id = ?", id).Exec(ctx) // want `TL002: UpdateQuery.Exec on tickets has no tenant predicate; tenant available as tenantID`
	return err
}

func (s *Store) Note(ctx context.Context, tenantID string, id int64) (*Note, error) {
	n := new(Note)
	err := s.db.NewSelect().Model(n).Where("id = ?", id).Scan(ctx) // want `TL002: SelectQuery.Scan on notes has no tenant predicate; tenant available as tenantID`
	return n, err
}
