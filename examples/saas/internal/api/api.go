// Package api is the HTTP API of the invoicing service. Every route runs
// behind auth middleware, and handlers act for the tenant of the session
// (auth.TenantFrom): a tenant id in a URL is only honoured after a
// membership check.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"example.com/saas/internal/auth"
	"example.com/saas/internal/blobs"
	"example.com/saas/internal/cache"
	"example.com/saas/internal/files"
	"example.com/saas/internal/store"
)

// Server holds the services the handlers use.
type Server struct {
	Store *store.Store
	Cache *cache.Cache
	Files *files.Disk
	Blobs *blobs.Bucket
	Authz *auth.Authz
	Log   *slog.Logger
}

// Routes returns the API's routes; the caller wraps them in auth middleware.
func (s *Server) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/plans", s.plans)

	mux.HandleFunc("GET /v1/invoices", s.listInvoices)
	mux.HandleFunc("POST /v1/invoices", s.createInvoice)
	mux.HandleFunc("GET /v1/invoices/{id}", s.getInvoice)
	mux.HandleFunc("PATCH /v1/invoices/{id}", s.updateInvoice)
	mux.HandleFunc("POST /v1/invoices/{id}/duplicate", s.duplicateInvoice)
	mux.HandleFunc("GET /v1/invoices/{id}/pdf", s.invoicePDF)
	mux.HandleFunc("GET /v1/invoice-summaries/{number}", s.invoiceSummary)

	mux.HandleFunc("POST /v1/invoices/{id}/attachments", s.uploadAttachment)
	mux.HandleFunc("GET /v1/attachments/{id}", s.downloadAttachment)
	mux.HandleFunc("GET /v1/files", s.Files.ServeLegacy)

	mux.HandleFunc("POST /v1/exports", s.createExport)
	mux.HandleFunc("GET /v1/exports/url", s.exportURL)

	mux.HandleFunc("GET /v1/reports/aging", s.agingReport)
	mux.HandleFunc("GET /v1/partners/{tenant}/invoices", s.partnerInvoices)
	return mux
}

func (s *Server) plans(w http.ResponseWriter, r *http.Request) {
	plans, err := s.Store.Plans(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, plans)
}

// audit records an action of the caller. A failure is logged, not returned:
// the action itself has happened.
func (s *Server) audit(ctx context.Context, action, subject string) {
	p, _ := auth.PrincipalFrom(ctx)
	if err := s.Store.Audit(ctx, p.TenantID, p.UserID, action, subject); err != nil {
		s.Log.WarnContext(ctx, "audit log write failed", "action", action, "err", err)
	}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		http.Error(w, "not found", http.StatusNotFound)
	case errors.Is(err, auth.ErrNotMember):
		http.Error(w, "forbidden", http.StatusForbidden)
	default:
		s.Log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func badRequest(w http.ResponseWriter, msg string) {
	http.Error(w, msg, http.StatusBadRequest)
}
