// Package blobs keeps rendered invoice PDFs and CSV exports in an S3
// bucket shared by all tenants. Every key starts with the tenant:
// <tenant>/<invoice>.pdf and <tenant>/exports/<name>.
package blobs

import (
	"bytes"
	"context"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Bucket is the tenants' object store.
type Bucket struct {
	client  *s3.Client
	presign *s3.PresignClient
	name    string
}

// New returns a Bucket for the named bucket.
func New(client *s3.Client, name string) *Bucket {
	return &Bucket{client: client, presign: s3.NewPresignClient(client), name: name}
}

func pdfKey(tenantID, invoiceID string) string { return tenantID + "/" + invoiceID + ".pdf" }

// InvoicePDF opens the rendered PDF of one of the tenant's invoices.
func (b *Bucket) InvoicePDF(ctx context.Context, tenantID, invoiceID string) (io.ReadCloser, error) {
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(b.name),
		Key:    aws.String(pdfKey(tenantID, invoiceID)),
	})
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}

// PutExport stores a finished export of the tenant and returns its key,
// which the client uses to ask for a download link.
func (b *Bucket) PutExport(ctx context.Context, tenantID, name string, data []byte) (string, error) {
	key := tenantID + "/exports/" + name
	_, err := b.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      aws.String(b.name),
		Key:         aws.String(key),
		Body:        bytes.NewReader(data),
		ContentType: aws.String("text/csv"),
	})
	return key, err
}

// ExportURL returns a short-lived download link for an export key returned
// by PutExport.
func (b *Bucket) ExportURL(ctx context.Context, key string) (string, error) {
	req, err := b.presign.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(b.name),
		Key:    aws.String(key),
	}, s3.WithPresignExpires(10*time.Minute))
	if err != nil {
		return "", err
	}
	return req.URL, nil
}
