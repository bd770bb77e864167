package tl001

import "context"

// An upsert's update path is a write too: the conflict target must include
// the tenant column, or another tenant's row with the same key is updated.

func (s *Store) SetSetting(ctx context.Context, tenantID, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO settings (tenant_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, tenantID, key, value) // want `TL001: INSERT on settings \(its ON CONFLICT update\)`
	return err
}

func (s *Store) SetSettingScoped(ctx context.Context, tenantID, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO settings (tenant_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, key) DO UPDATE SET value = EXCLUDED.value`, tenantID, key, value)
	return err
}

// The update path may instead require the existing row's tenant to be the
// inserted one.
func (s *Store) SetSettingGuarded(ctx context.Context, tenantID, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO settings (tenant_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE settings.tenant_id = EXCLUDED.tenant_id`, tenantID, key, value)
	return err
}
