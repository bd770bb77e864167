package api

import (
	"mime"
	"net/http"

	"example.com/saas/internal/auth"
	"example.com/saas/internal/store"
)

const maxUpload = 20 << 20

// uploadAttachment serves POST /v1/invoices/{id}/attachments (multipart,
// field "file").
func (s *Server) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tenantID := auth.TenantFrom(ctx)
	inv, err := s.Store.Invoice(ctx, tenantID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		badRequest(w, "missing file: "+err.Error())
		return
	}
	defer file.Close()
	stored, n, err := s.Files.Save(tenantID, file)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.Store.AddAttachment(ctx, tenantID, store.Attachment{
		InvoiceID: inv.ID, FileName: hdr.Filename, StoredName: stored, SizeBytes: n,
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(ctx, "attachment.create", a.ID)
	writeJSON(w, http.StatusCreated, a)
}

// downloadAttachment serves GET /v1/attachments/{id}.
func (s *Server) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tenantID := auth.TenantFrom(ctx)
	a, err := s.Store.Attachment(ctx, tenantID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.Files.Open(tenantID, a.StoredName)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.FileName}))
	http.ServeContent(w, r, a.FileName, fi.ModTime(), f)
}
