package api

import (
	"net/http"

	"example.com/saas/internal/auth"
)

// Accountants keep the books of several tenants. The partner dashboard
// shows a client tenant's data to an accountant signed in to their own
// firm's tenant, so these routes take the client tenant from the request.

// partnerInvoices serves GET /v1/partners/{tenant}/invoices.
func (s *Server) partnerInvoices(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tenantID := r.PathValue("tenant")
	if err := s.Authz.RequireMember(ctx, auth.UserFrom(ctx), tenantID); err != nil {
		s.fail(w, r, err)
		return
	}
	invs, err := s.Store.ListInvoices(ctx, tenantID, r.URL.Query().Get("status"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, invs)
}

// agingReport serves GET /v1/reports/aging: the receivables of the caller's
// tenant, or of the client tenant named by ?tenant_id= on the partner
// dashboard.
func (s *Server) agingReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tenantID := auth.TenantFrom(ctx)
	if t := r.URL.Query().Get("tenant_id"); t != "" {
		tenantID = t
	}
	rows, err := s.Store.AgingReport(ctx, tenantID) // LEAK: TL006 tenant_id from the query string reaches the tenant_id predicate without RequireMember
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rows)
}
