// Package objstoreleak keeps a metrics backend's per-tenant blocks in an
// object store through thanos-io/objstore; each tenant's objects live
// under "<tenant>/".
package objstoreleak

import (
	"context"
	"io"
	"path"

	"github.com/thanos-io/objstore"
)

type Blocks struct {
	bkt objstore.Bucket
}

func (b *Blocks) Meta(ctx context.Context, tenantID, blockID string) (io.ReadCloser, error) {
	return b.bkt.Get(ctx, path.Join(blockID, "meta.json")) // want `TL005: object key .* has no tenant component; tenant available as tenantID`
}

func (b *Blocks) MetaScoped(ctx context.Context, tenantID, blockID string) (io.ReadCloser, error) {
	return b.bkt.Get(ctx, path.Join(tenantID, blockID, "meta.json"))
}

// A bucket wrapped by the tenant's prefix: every name lands under it.
func (b *Blocks) userBucket(tenantID string) objstore.Bucket {
	return objstore.NewPrefixedBucket(b.bkt, tenantID)
}

func (b *Blocks) MetaPrefixed(ctx context.Context, tenantID, blockID string) (io.ReadCloser, error) {
	return b.userBucket(tenantID).Get(ctx, path.Join(blockID, "meta.json"))
}

func (b *Blocks) Delete(ctx context.Context, tenantID, blockID string) error {
	return b.bkt.Delete(ctx, path.Join(blockID, "meta.json")) // want `TL005: object key`
}

func (b *Blocks) DeletePrefixed(ctx context.Context, tenantID, blockID string) error {
	ub := objstore.NewPrefixedBucket(b.bkt, tenantID)
	return ub.Delete(ctx, path.Join(blockID, "meta.json"))
}

func (b *Blocks) Upload(ctx context.Context, tenantID, blockID string, r io.Reader) error {
	return b.bkt.Upload(ctx, path.Join(blockID, "index"), r) // want `TL005: object key`
}

func (b *Blocks) UploadScoped(ctx context.Context, tenantID, blockID string, r io.Reader) error {
	return b.bkt.Upload(ctx, path.Join(tenantID, blockID, "index"), r)
}

func (b *Blocks) List(ctx context.Context, tenantID string, f func(string) error) error {
	return b.bkt.Iter(ctx, "", f) // want `TL005: object key`
}

func (b *Blocks) ListScoped(ctx context.Context, tenantID string, f func(string) error) error {
	return b.bkt.Iter(ctx, tenantID+"/", f)
}
