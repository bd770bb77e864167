// Package grpcmdleak is an internal gRPC backend that returns a
// workspace's deploy keys; the gateway in front of it authenticates users.
package grpcmdleak

import (
	"context"
	"database/sql"
	"errors"

	"google.golang.org/grpc/metadata"
)

type Claims struct {
	Subject     string
	WorkspaceID string
}

type claimsKey struct{}

// ClaimsFrom returns the claims of the token the auth interceptor verified.
func ClaimsFrom(ctx context.Context) *Claims {
	c, _ := ctx.Value(claimsKey{}).(*Claims)
	return c
}

type Server struct {
	db *sql.DB
}

func (s *Server) keys(ctx context.Context, workspaceID string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id, public_key FROM deploy_keys WHERE workspace_id = $1", workspaceID)
}

// The workspace is whatever the caller put in the metadata.
func (s *Server) ListKeys(ctx context.Context) (*sql.Rows, error) {
	md, ok := metadata.FromIncomingContext(ctx)
	if !ok {
		return nil, errors.New("no metadata")
	}
	ws := md.Get("x-workspace-id")
	if len(ws) != 1 {
		return nil, errors.New("no workspace")
	}
	return s.keys(ctx, ws[0]) // want `TL006: tenant slot .* filled from request input`
}

func (s *Server) ListKeysByValue(ctx context.Context) (*sql.Rows, error) {
	ws := metadata.ValueFromIncomingContext(ctx, "x-workspace-id")
	if len(ws) != 1 {
		return nil, errors.New("no workspace")
	}
	return s.keys(ctx, ws[0]) // want `TL006: tenant slot .* filled from request input`
}

// The workspace of the verified token.
func (s *Server) ListKeysVerified(ctx context.Context) (*sql.Rows, error) {
	return s.keys(ctx, ClaimsFrom(ctx).WorkspaceID)
}
