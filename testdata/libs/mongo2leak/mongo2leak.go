// Package mongo2leak keeps a support desk's tickets in MongoDB (driver v2);
// every ticket document carries tenant_id.
package mongo2leak

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

type Ticket struct {
	ID       bson.ObjectID `bson:"_id,omitempty"`
	TenantID string        `bson:"tenant_id"`
	Subject  string        `bson:"subject"`
	Status   string        `bson:"status"`
}

// Macro is a canned reply every tenant shares: no tenant field.
type Macro struct {
	Name string `bson:"name"`
	Body string `bson:"body"`
}

var ErrNotFound = errors.New("not found")

type Store struct {
	db *mongo.Database
}

func (s *Store) tickets() *mongo.Collection { return s.db.Collection("tickets") }

func (s *Store) Ticket(ctx context.Context, tenantID string, id bson.ObjectID) (*Ticket, error) {
	var t Ticket
	err := s.tickets().FindOne(ctx, bson.M{"_id": id}).Decode(&t) // want `TL002: Collection.FindOne on tickets has no tenant predicate; tenant available as tenantID`
	return &t, err
}

func (s *Store) TicketScoped(ctx context.Context, tenantID string, id bson.ObjectID) (*Ticket, error) {
	var t Ticket
	err := s.tickets().FindOne(ctx, bson.M{"_id": id, "tenant_id": tenantID}).Decode(&t)
	return &t, err
}

func (s *Store) Open(ctx context.Context, tenantID string) ([]Ticket, error) {
	cur, err := s.tickets().Find(ctx, bson.D{{Key: "status", Value: "open"}}) // want `TL002: Collection.Find on tickets has no tenant predicate`
	if err != nil {
		return nil, err
	}
	var out []Ticket
	err = cur.All(ctx, &out)
	return out, err
}

func (s *Store) OpenScoped(ctx context.Context, tenantID string) ([]Ticket, error) {
	cur, err := s.tickets().Find(ctx, bson.D{{Key: "tenant_id", Value: tenantID}, {Key: "status", Value: "open"}})
	if err != nil {
		return nil, err
	}
	var out []Ticket
	err = cur.All(ctx, &out)
	return out, err
}

func (s *Store) Close(ctx context.Context, tenantID string, id bson.ObjectID) error {
	_, err := s.tickets().UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"status": "closed"}}) // want `TL002: Collection.UpdateOne on tickets has no tenant predicate`
	return err
}

func (s *Store) CloseScoped(ctx context.Context, tenantID string, id bson.ObjectID) error {
	_, err := s.tickets().UpdateOne(ctx, bson.M{"_id": id, "tenant_id": tenantID}, bson.M{"$set": bson.M{"status": "closed"}})
	return err
}

func (s *Store) Purge(ctx context.Context, tenantID string) error {
	_, err := s.tickets().DeleteMany(ctx, bson.M{"status": "spam"}) // want `TL002: Collection.DeleteMany on tickets has no tenant predicate`
	return err
}

func (s *Store) PurgeScoped(ctx context.Context, tenantID string) error {
	_, err := s.tickets().DeleteMany(ctx, bson.M{"tenant_id": tenantID, "status": "spam"})
	return err
}

func (s *Store) Reopen(ctx context.Context, tenantID string, id bson.ObjectID) error {
	_, err := s.tickets().UpdateByID(ctx, id, bson.M{"$set": bson.M{"status": "open"}}) // want `TL002: Collection.UpdateByID on tickets has no tenant predicate`
	return err
}

func (s *Store) Count(ctx context.Context, tenantID string) (int64, error) {
	return s.tickets().CountDocuments(ctx, bson.M{}) // want `TL002: Collection.CountDocuments on tickets has no tenant predicate`
}

func (s *Store) CountScoped(ctx context.Context, tenantID string) (int64, error) {
	return s.tickets().CountDocuments(ctx, bson.M{"tenant_id": tenantID})
}

// The inserted document must carry the tenant.
func (s *Store) Create(ctx context.Context, tenantID, subject string) error {
	_, err := s.tickets().InsertOne(ctx, Ticket{Subject: subject, Status: "open"}) // want `TL002: Collection.InsertOne on tickets`
	return err
}

func (s *Store) CreateScoped(ctx context.Context, tenantID, subject string) error {
	_, err := s.tickets().InsertOne(ctx, Ticket{TenantID: tenantID, Subject: subject, Status: "open"})
	return err
}

// Macros are shared: a document type without a tenant field.
func (s *Store) AddMacro(ctx context.Context, tenantID, name, body string) error {
	_, err := s.db.Collection("macros").InsertOne(ctx, Macro{Name: name, Body: body})
	return err
}

// A read by id whose tenant is compared before the ticket is used.
func (s *Store) TicketChecked(ctx context.Context, tenantID string, id bson.ObjectID) (*Ticket, error) {
	var t Ticket
	if err := s.tickets().FindOne(ctx, bson.M{"_id": id}).Decode(&t); err != nil {
		return nil, err
	}
	if t.TenantID != tenantID {
		return nil, ErrNotFound
	}
	return &t, nil
}

// A filter struct whose tenant field is set.
type ticketFilter struct {
	TenantID string `bson:"tenant_id"`
	Status   string `bson:"status"`
}

func (s *Store) ByStatus(ctx context.Context, tenantID, status string) (*mongo.Cursor, error) {
	return s.tickets().Find(ctx, ticketFilter{TenantID: tenantID, Status: status})
}
