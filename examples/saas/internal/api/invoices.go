package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"example.com/saas/internal/auth"
	"example.com/saas/internal/store"
)

var statuses = []string{"draft", "sent", "paid", "void"}

func (s *Server) listInvoices(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	if status != "" && !slices.Contains(statuses, status) {
		badRequest(w, "unknown status")
		return
	}
	invs, err := s.Store.ListInvoices(r.Context(), auth.TenantFrom(r.Context()), status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, invs)
}

func (s *Server) createInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var in store.Invoice
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		badRequest(w, "invalid invoice: "+err.Error())
		return
	}
	if in.Customer == "" || len(in.Currency) != 3 || len(in.Lines) == 0 {
		badRequest(w, "customer, currency and at least one line are required")
		return
	}
	inv, err := s.Store.CreateInvoice(ctx, auth.TenantFrom(ctx), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(ctx, "invoice.create", inv.ID)
	writeJSON(w, http.StatusCreated, inv)
}

func (s *Server) getInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tenantID, id := auth.TenantFrom(ctx), r.PathValue("id")
	var inv store.Invoice
	if ok, err := s.Cache.Invoice(ctx, tenantID, id, &inv); err == nil && ok {
		writeJSON(w, http.StatusOK, inv)
		return
	}
	inv, err := s.Store.Invoice(ctx, tenantID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Cache.PutInvoice(ctx, tenantID, id, inv); err != nil {
		s.Log.WarnContext(ctx, "invoice cache write failed", "err", err)
	}
	writeJSON(w, http.StatusOK, inv)
}

// updateInvoice serves PATCH /v1/invoices/{id}: the customer, due date,
// notes and status of an invoice.
func (s *Server) updateInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var in store.Invoice
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		badRequest(w, "invalid invoice: "+err.Error())
		return
	}
	if !slices.Contains(statuses, in.Status) {
		badRequest(w, "unknown status")
		return
	}
	in.TenantID = auth.TenantFrom(ctx)
	in.ID = r.PathValue("id")
	if err := s.Store.UpdateInvoice(ctx, in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Cache.DropInvoice(ctx, in.TenantID, in.ID); err != nil {
		s.Log.WarnContext(ctx, "invoice cache drop failed", "err", err)
	}
	s.audit(ctx, "invoice.update", in.ID)
	w.WriteHeader(http.StatusNoContent)
}

// duplicateInvoice serves POST /v1/invoices/{id}/duplicate: a new draft
// with the customer and lines of an existing invoice, due in 30 days.
func (s *Server) duplicateInvoice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	src, err := s.Store.InvoiceByID(ctx, r.PathValue("id")) // LEAK: TL001 loads the source invoice by id alone, so a caller can copy (and read) another tenant's invoice
	if err != nil {
		s.fail(w, r, err)
		return
	}
	src.DueDate = time.Now().AddDate(0, 0, 30)
	inv, err := s.Store.CreateInvoice(ctx, auth.TenantFrom(ctx), src)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(ctx, "invoice.duplicate", inv.ID)
	writeJSON(w, http.StatusCreated, inv)
}

// invoicePDF serves GET /v1/invoices/{id}/pdf. The renderer worker stores
// a PDF when an invoice is sent.
func (s *Server) invoicePDF(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	body, err := s.Blobs.InvoicePDF(ctx, auth.TenantFrom(ctx), r.PathValue("id"))
	if nsk := (*types.NoSuchKey)(nil); errors.As(err, &nsk) {
		http.Error(w, "not rendered yet", http.StatusNotFound)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	defer body.Close()
	w.Header().Set("Content-Type", "application/pdf")
	_, _ = io.Copy(w, body)
}

// summary is what the dashboard's quick search shows for an invoice number.
type summary struct {
	Number     string    `json:"number"`
	Customer   string    `json:"customer"`
	Status     string    `json:"status"`
	Currency   string    `json:"currency"`
	TotalCents int64     `json:"totalCents"`
	DueDate    time.Time `json:"dueDate"`
}

// invoiceSummary serves GET /v1/invoice-summaries/{number}.
func (s *Server) invoiceSummary(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tenantID, number := auth.TenantFrom(ctx), r.PathValue("number")
	var sum summary
	if ok, err := s.Cache.Summary(ctx, tenantID, number, &sum); err == nil && ok {
		writeJSON(w, http.StatusOK, sum)
		return
	}
	inv, err := s.Store.InvoiceByNumber(ctx, tenantID, number)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sum = summary{Number: inv.Number, Customer: inv.Customer, Status: inv.Status,
		Currency: inv.Currency, TotalCents: inv.TotalCents(), DueDate: inv.DueDate}
	if err := s.Cache.PutSummary(ctx, tenantID, number, sum); err != nil {
		s.Log.WarnContext(ctx, "summary cache write failed", "err", err)
	}
	writeJSON(w, http.StatusOK, sum)
}
