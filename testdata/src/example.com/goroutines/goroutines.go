// Package goroutines: sinks run by go and defer statements.
package goroutines

import (
	"context"
	"database/sql"
	"log"
)

type Sessions struct {
	db *sql.DB
}

// revoke is an accessor: judged where it is called, go statements included.
func (s *Sessions) revoke(ctx context.Context, sessionID string) {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE id = $1", sessionID); err != nil {
		log.Print(err)
	}
}

func (s *Sessions) revokeScoped(ctx context.Context, tenantID, sessionID string) {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE id = $1 AND tenant_id = $2", sessionID, tenantID); err != nil {
		log.Print(err)
	}
}

func (s *Sessions) Logout(ctx context.Context, tenantID, sessionID string) {
	go s.revoke(context.WithoutCancel(ctx), sessionID) // want `TL001: DELETE on sessions via Sessions\.revoke`
}

func (s *Sessions) LogoutScoped(ctx context.Context, tenantID, sessionID string) {
	go s.revokeScoped(context.WithoutCancel(ctx), tenantID, sessionID)
}

// A goroutine literal capturing the tenant holds it.
func (s *Sessions) Expire(ctx context.Context, tenantID string, userID string) {
	go func() {
		_, err := s.db.ExecContext(context.Background(), "DELETE FROM sessions WHERE user_id = $1", userID) // want `TL001: DELETE on sessions has no tenant predicate`
		log.Printf("expired sessions of %s in %s: %v", userID, tenantID, err)
	}()
}

func (s *Sessions) ExpireScoped(ctx context.Context, tenantID string, userID string) {
	go func() {
		_, err := s.db.ExecContext(context.Background(), "DELETE FROM sessions WHERE user_id = $1 AND tenant_id = $2", userID, tenantID)
		log.Printf("expired sessions of %s in %s: %v", userID, tenantID, err)
	}()
}

// Deferred sinks run at return; they are sinks all the same.
func (s *Sessions) Touch(ctx context.Context, tenantID, sessionID string) error {
	defer s.db.ExecContext(ctx, "UPDATE sessions SET seen_at = now() WHERE id = $1", sessionID) // want `TL001: UPDATE on sessions has no tenant predicate; tenant available as tenantID`
	return nil
}

func (s *Sessions) TouchScoped(ctx context.Context, tenantID, sessionID string) error {
	defer s.db.ExecContext(ctx, "UPDATE sessions SET seen_at = now() WHERE id = $1 AND tenant_id = $2", sessionID, tenantID)
	return nil
}

func (s *Sessions) Close(ctx context.Context, tenantID, sessionID string) {
	defer s.revoke(ctx, sessionID) // want `TL001: DELETE on sessions via Sessions\.revoke`
}

func (s *Sessions) CloseScoped(ctx context.Context, tenantID, sessionID string) {
	defer s.revokeScoped(ctx, tenantID, sessionID)
}
