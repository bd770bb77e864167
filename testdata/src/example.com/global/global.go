// Package global: code shared by design, marked //tenantleak:global.
package global

import (
	"context"
	"database/sql"
)

type Jobs struct {
	db *sql.DB
}

// ExpireTrials runs nightly for every tenant at once.
//
//tenantleak:global nightly maintenance over all tenants
func (j *Jobs) ExpireTrials(ctx context.Context, tenantID string) error {
	_, err := j.db.ExecContext(ctx, "UPDATE subscriptions SET active = false WHERE trial_ends_at < now()")
	return err
}

// ExpireTrialsOf is not marked: it holds the tenant and loses it.
func (j *Jobs) ExpireTrialsOf(ctx context.Context, tenantID string) error {
	_, err := j.db.ExecContext(ctx, "UPDATE subscriptions SET active = false WHERE trial_ends_at < now()") // want `TL001: UPDATE on subscriptions`
	return err
}

// subscription is an accessor; a global caller is not judged for it.
func (j *Jobs) subscription(ctx context.Context, id int64) error {
	_, err := j.db.ExecContext(ctx, "UPDATE subscriptions SET reminded_at = now() WHERE id = $1", id)
	return err
}

//tenantleak:global the reminder sweep walks every tenant's subscriptions
func (j *Jobs) RemindAll(ctx context.Context, tenantID string, ids []int64) error {
	for _, id := range ids {
		if err := j.subscription(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

func (j *Jobs) Remind(ctx context.Context, tenantID string, id int64) error {
	return j.subscription(ctx, id) // want `TL001: UPDATE on subscriptions via Jobs\.subscription`
}

// A global marker needs a reason like an ignore does.
//
/* want `tenantleak:global needs a reason` */ //tenantleak:global
func (j *Jobs) Vacuum(ctx context.Context, tenantID string) error {
	_, err := j.db.ExecContext(ctx, "DELETE FROM subscriptions WHERE deleted") // want `TL001: DELETE on subscriptions`
	return err
}
