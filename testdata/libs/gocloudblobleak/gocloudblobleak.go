// Package gocloudblobleak stores avatars through gocloud.dev/blob, under
// "orgs/<org>/" in one bucket.
package gocloudblobleak

import (
	"context"

	"gocloud.dev/blob"
)

type Avatars struct {
	bucket *blob.Bucket
}

func (a *Avatars) Get(ctx context.Context, orgID, userID string) ([]byte, error) {
	return a.bucket.ReadAll(ctx, "avatars/"+userID+".png") // want `TL005: object key .* has no tenant component; tenant available as orgID`
}

func (a *Avatars) GetScoped(ctx context.Context, orgID, userID string) ([]byte, error) {
	return a.bucket.ReadAll(ctx, "orgs/"+orgID+"/avatars/"+userID+".png")
}

func (a *Avatars) Put(ctx context.Context, orgID, userID string, png []byte) error {
	return a.bucket.WriteAll(ctx, "avatars/"+userID+".png", png, nil) // want `TL005: object key`
}

func (a *Avatars) PutScoped(ctx context.Context, orgID, userID string, png []byte) error {
	return a.bucket.WriteAll(ctx, "orgs/"+orgID+"/avatars/"+userID+".png", png, nil)
}

// A bucket confined to the org's prefix.
func (a *Avatars) Delete(ctx context.Context, orgID, userID string) error {
	b := blob.PrefixedBucket(a.bucket, "orgs/"+orgID+"/")
	return b.Delete(ctx, "avatars/"+userID+".png")
}

func (a *Avatars) DeleteUnscoped(ctx context.Context, orgID, userID string) error {
	return a.bucket.Delete(ctx, "avatars/"+userID+".png") // want `TL005: object key`
}

func (a *Avatars) List(ctx context.Context, orgID string) *blob.ListIterator {
	return a.bucket.List(&blob.ListOptions{Prefix: "avatars/"}) // want `TL005: object key`
}

func (a *Avatars) ListScoped(ctx context.Context, orgID string) *blob.ListIterator {
	return a.bucket.List(&blob.ListOptions{Prefix: "orgs/" + orgID + "/avatars/"})
}
