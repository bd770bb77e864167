// Package loops: sinks inside loops, and addresses built up in a loop.
package loops

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
)

type Cleaner struct {
	db   *sql.DB
	base string
}

func (c *Cleaner) DeleteAttachments(ctx context.Context, tenantID string, ids []string) error {
	for _, id := range ids {
		if _, err := c.db.ExecContext(ctx, "DELETE FROM attachments WHERE id = $1", id); err != nil { // want `TL001: DELETE on attachments has no tenant predicate; tenant available as tenantID`
			return err
		}
	}
	return nil
}

func (c *Cleaner) DeleteAttachmentsScoped(ctx context.Context, tenantID string, ids []string) error {
	for _, id := range ids {
		if _, err := c.db.ExecContext(ctx, "DELETE FROM attachments WHERE id = $1 AND tenant_id = $2", id, tenantID); err != nil {
			return err
		}
	}
	return nil
}

// The path grows one segment per iteration from the base: no tenant in it.
func (c *Cleaner) RemoveDir(tenantID string, segments []string) error {
	p := c.base
	for _, seg := range segments {
		p = filepath.Join(p, filepath.Base(seg))
	}
	return os.RemoveAll(p) // want `TL004: file path p has no tenant component; tenant available as tenantID`
}

// It grows from the tenant's directory: every iteration keeps the tenant.
func (c *Cleaner) RemoveDirScoped(tenantID string, segments []string) error {
	p := filepath.Join(c.base, tenantID)
	for _, seg := range segments {
		p = filepath.Join(p, filepath.Base(seg))
	}
	return os.RemoveAll(p)
}

// A loop over the accessor: each call is judged.
func (c *Cleaner) attachment(ctx context.Context, id string) ([]byte, error) {
	var data []byte
	err := c.db.QueryRowContext(ctx, "SELECT data FROM attachments WHERE id = $1", id).Scan(&data)
	return data, err
}

func (c *Cleaner) Bundle(ctx context.Context, tenantID string, ids []string) ([][]byte, error) {
	var out [][]byte
	for i := 0; i < len(ids); i++ {
		data, err := c.attachment(ctx, ids[i]) // want `TL001: SELECT on attachments via Cleaner\.attachment`
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	return out, nil
}
