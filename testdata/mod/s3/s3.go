// Package s3 keeps invoice PDFs in S3 under <org>/invoices/.
package s3

import (
	"context"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type PDFs struct {
	client *s3.Client
	bucket string
}

func (p *PDFs) Get(ctx context.Context, orgID, invoiceID string) (io.ReadCloser, error) {
	in := &s3.GetObjectInput{
		Bucket: aws.String(p.bucket),
		Key:    aws.String("invoices/" + invoiceID + ".pdf"),
	}
	out, err := p.client.GetObject(ctx, in) // want `TL005: object key .* has no tenant component; tenant available as orgID`
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}

func (p *PDFs) GetScoped(ctx context.Context, orgID, invoiceID string) (io.ReadCloser, error) {
	in := &s3.GetObjectInput{
		Bucket: aws.String(p.bucket),
		Key:    aws.String(orgID + "/invoices/" + invoiceID + ".pdf"),
	}
	out, err := p.client.GetObject(ctx, in)
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}

func (p *PDFs) Delete(ctx context.Context, orgID, invoiceID string) error {
	in := &s3.DeleteObjectInput{Bucket: aws.String(p.bucket)}
	in.Key = aws.String("invoices/" + invoiceID + ".pdf")
	_, err := p.client.DeleteObject(ctx, in) // want `TL005: object key`
	return err
}

func (p *PDFs) DeleteScoped(ctx context.Context, orgID, invoiceID string) error {
	in := &s3.DeleteObjectInput{Bucket: aws.String(p.bucket)}
	in.Key = aws.String(orgID + "/invoices/" + invoiceID + ".pdf")
	_, err := p.client.DeleteObject(ctx, in)
	return err
}
