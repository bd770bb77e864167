// Package entprivacyleak serves tickets, notes and tags through an ent
// client generated with the privacy and entql features (entprivacyleak/ent,
// from entprivacyleak/ent/schema). Ticket's policy, from TenantMixin, filters
// queries and mutations by the viewer's tenant (rule.FilterTenantRule);
// Note's policy only denies mutations without a viewer, so its queries are
// not filtered; Tag has no tenant field and no policy: tags are shared.
package entprivacyleak

import (
	"context"

	"example.com/libs/entprivacyleak/ent"
	"example.com/libs/entprivacyleak/ent/note"
	_ "example.com/libs/entprivacyleak/ent/runtime" // registers the schema policies
	"example.com/libs/entprivacyleak/ent/tag"
	"example.com/libs/entprivacyleak/ent/ticket"
)

type Service struct {
	client *ent.Client
}

// Not a leak: Ticket's query policy filters by tenant.
func (s *Service) Ticket(ctx context.Context, tenantID string, id int) (*ent.Ticket, error) {
	return s.client.Ticket.Get(ctx, id)
}

// Not a leak: Ticket's query policy filters by tenant.
func (s *Service) TicketByQuery(ctx context.Context, tenantID string, id int) (*ent.Ticket, error) {
	return s.client.Ticket.Query().Where(ticket.ID(id)).Only(ctx)
}

// Not a leak: Ticket's mutation policy filters by tenant.
func (s *Service) RenameTicket(ctx context.Context, tenantID string, id int, title string) error {
	return s.client.Ticket.UpdateOneID(id).SetTitle(title).Exec(ctx)
}

// Not a leak: Ticket's mutation policy filters by tenant.
func (s *Service) DeleteTicket(ctx context.Context, tenantID string, id int) error {
	return s.client.Ticket.DeleteOneID(id).Exec(ctx)
}

// Leak: Note's policy has no query rule; the note is read by id alone.
func (s *Service) Note(ctx context.Context, tenantID string, id int) (*ent.Note, error) {
	return s.client.Note.Get(ctx, id) // want `TL002: NoteClient.Get has no tenant predicate; tenant available as tenantID`
}

// Leak: Note's policy has no query rule; the note is read by id alone.
func (s *Service) NoteByQuery(ctx context.Context, tenantID string, id int) (*ent.Note, error) {
	return s.client.Note.Query().Where(note.ID(id)).Only(ctx) // want `TL002: NoteQuery.Only has no tenant predicate`
}

// Leak: Note's mutation rule only checks that a viewer exists; the
// note is updated by id alone.
func (s *Service) EditNote(ctx context.Context, tenantID string, id int, body string) error {
	return s.client.Note.UpdateOneID(id).SetBody(body).Exec(ctx) // want `TL002: NoteUpdateOne.Exec has no tenant predicate`
}

// Leak: Note's mutation rule only checks that a viewer exists; the
// note is deleted by id alone.
func (s *Service) DeleteNote(ctx context.Context, tenantID string, id int) error {
	return s.client.Note.DeleteOneID(id).Exec(ctx) // want `TL002: NoteDeleteOne.Exec has no tenant predicate`
}

// Not a leak: Tag has no tenant field; tags are shared by design.
func (s *Service) Tag(ctx context.Context, tenantID string, id int) (*ent.Tag, error) {
	return s.client.Tag.Get(ctx, id)
}

// Not a leak: Tag has no tenant field; tags are shared by design.
func (s *Service) TagByQuery(ctx context.Context, tenantID string, id int) (*ent.Tag, error) {
	return s.client.Tag.Query().Where(tag.ID(id)).Only(ctx)
}

// Not a leak: Tag has no tenant field; tags are shared by design.
func (s *Service) RenameTag(ctx context.Context, tenantID string, id int, name string) error {
	return s.client.Tag.UpdateOneID(id).SetName(name).Exec(ctx)
}

// Not a leak: Tag has no tenant field; tags are shared by design.
func (s *Service) DeleteTag(ctx context.Context, tenantID string, id int) error {
	return s.client.Tag.DeleteOneID(id).Exec(ctx)
}
