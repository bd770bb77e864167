// Package azblobleak stores invoices as PDFs in Azure Blob Storage, one
// container for all tenants, blobs under "<tenant>/".
package azblobleak

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
)

const pdfs = "invoice-pdfs"

type PDFs struct {
	az *azblob.Client
	cc *container.Client
}

func (p *PDFs) Download(ctx context.Context, tenantID, invoiceID string) (azblob.DownloadStreamResponse, error) {
	return p.az.DownloadStream(ctx, pdfs, invoiceID+".pdf", nil) // want `TL005: object key .* has no tenant component; tenant available as tenantID`
}

func (p *PDFs) DownloadScoped(ctx context.Context, tenantID, invoiceID string) (azblob.DownloadStreamResponse, error) {
	return p.az.DownloadStream(ctx, pdfs, tenantID+"/"+invoiceID+".pdf", nil)
}

func (p *PDFs) Upload(ctx context.Context, tenantID, invoiceID string, pdf []byte) error {
	_, err := p.az.UploadBuffer(ctx, pdfs, invoiceID+".pdf", pdf, nil) // want `TL005: object key`
	return err
}

func (p *PDFs) UploadScoped(ctx context.Context, tenantID, invoiceID string, pdf []byte) error {
	_, err := p.az.UploadBuffer(ctx, pdfs, tenantID+"/"+invoiceID+".pdf", pdf, nil)
	return err
}

// A container per tenant.
func (p *PDFs) Delete(ctx context.Context, tenantID, invoiceID string) error {
	_, err := p.az.DeleteBlob(ctx, "tenant-"+tenantID, invoiceID+".pdf", nil)
	return err
}

// A blob client made from the container client carries its name.
func (p *PDFs) Remove(ctx context.Context, tenantID, invoiceID string) error {
	_, err := p.cc.NewBlobClient(invoiceID+".pdf").Delete(ctx, nil) // want `TL005: object key`
	return err
}

func (p *PDFs) RemoveScoped(ctx context.Context, tenantID, invoiceID string) error {
	_, err := p.cc.NewBlobClient(tenantID+"/"+invoiceID+".pdf").Delete(ctx, nil)
	return err
}

func (p *PDFs) Replace(ctx context.Context, tenantID, invoiceID string, pdf []byte) error {
	bb := p.cc.NewBlockBlobClient(invoiceID + ".pdf")
	_, err := bb.UploadBuffer(ctx, pdf, nil) // want `TL005: object key`
	return err
}

func (p *PDFs) ReplaceScoped(ctx context.Context, tenantID, invoiceID string, pdf []byte) error {
	bb := p.cc.NewBlockBlobClient(tenantID + "/" + invoiceID + ".pdf")
	_, err := bb.UploadBuffer(ctx, pdf, nil)
	return err
}
