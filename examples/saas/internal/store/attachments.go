package store

import (
	"context"
	"time"
)

// Attachment is a file attached to an invoice (a signed contract, a
// delivery note). The bytes live on disk; see package files.
type Attachment struct {
	ID         string    `json:"id"`
	InvoiceID  string    `json:"invoiceId"`
	FileName   string    `json:"fileName"`
	StoredName string    `json:"-"`
	SizeBytes  int64     `json:"sizeBytes"`
	CreatedAt  time.Time `json:"createdAt"`
}

// AddAttachment records a stored file. The caller has checked that the
// invoice is the tenant's.
func (s *Store) AddAttachment(ctx context.Context, tenantID string, a Attachment) (Attachment, error) {
	err := s.pool.QueryRow(ctx,
		`INSERT INTO attachments (tenant_id, invoice_id, file_name, stored_name, size_bytes)
		 VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
		tenantID, a.InvoiceID, a.FileName, a.StoredName, a.SizeBytes).Scan(&a.ID, &a.CreatedAt)
	return a, err
}

// Attachment returns one of the tenant's attachments.
func (s *Store) Attachment(ctx context.Context, tenantID, id string) (Attachment, error) {
	var a Attachment
	err := s.pool.QueryRow(ctx,
		`SELECT id, invoice_id, file_name, stored_name, size_bytes, created_at
		 FROM attachments WHERE tenant_id = $1 AND id = $2`, tenantID, id).
		Scan(&a.ID, &a.InvoiceID, &a.FileName, &a.StoredName, &a.SizeBytes, &a.CreatedAt)
	return a, notFound(err)
}
