// Package auth authenticates API requests and carries the caller on the
// request context. The tenant a request acts for is the one in its signed
// session token; handlers read it with TenantFrom and never from the request.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Principal is the authenticated caller: a user acting for one tenant.
type Principal struct {
	UserID   string
	TenantID string
	Role     string // "owner" | "member" | "viewer"
}

type principalKey struct{}

// WithPrincipal returns a copy of ctx that carries p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller the middleware put on ctx.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// TenantFrom returns the tenant the caller is signed in to, or "" outside an
// authenticated request.
func TenantFrom(ctx context.Context) string {
	p, _ := PrincipalFrom(ctx)
	return p.TenantID
}

// UserFrom returns the authenticated user's id.
func UserFrom(ctx context.Context) string {
	p, _ := PrincipalFrom(ctx)
	return p.UserID
}

// ErrBadToken is returned for a malformed, forged or expired token.
var ErrBadToken = errors.New("auth: invalid session token")

// Tokens verifies session tokens of the form base64(user|tenant|role|expiry)
// "." base64(hmac). The login service issues them after the user picked a
// tenant.
type Tokens struct {
	Secret []byte
	Now    func() time.Time
}

// Verify checks the signature and expiry of token and returns its principal.
func (t *Tokens) Verify(token string) (Principal, error) {
	enc, sig, ok := strings.Cut(token, ".")
	if !ok {
		return Principal{}, ErrBadToken
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, t.mac(enc)) {
		return Principal{}, ErrBadToken
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return Principal{}, ErrBadToken
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 4 || parts[0] == "" || parts[1] == "" {
		return Principal{}, ErrBadToken
	}
	exp, err := strconv.ParseInt(parts[3], 10, 64)
	if err != nil || t.Now().Unix() >= exp {
		return Principal{}, ErrBadToken
	}
	return Principal{UserID: parts[0], TenantID: parts[1], Role: parts[2]}, nil
}

func (t *Tokens) mac(msg string) []byte {
	h := hmac.New(sha256.New, t.Secret)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// Middleware rejects requests without a valid bearer token and puts the
// token's principal on the request context.
func (t *Tokens) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			http.Error(w, "missing bearer token", http.StatusUnauthorized)
			return
		}
		p, err := t.Verify(token)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
	})
}
