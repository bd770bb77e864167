package sqlscope

import "testing"

func TestSessionSetting(t *testing.T) {
	for _, tc := range []struct {
		text, name, ph string
	}{
		{`SELECT set_config('app.tenant_id', $1, true)`, "app.tenant_id", "$1"},
		{`select pg_catalog.set_config( 'app.org' , $2 , false )`, "app.org", "$2"},
		{`SELECT set_config('app.tenant_id', ?)`, "app.tenant_id", "?"},
		{`SET LOCAL app.tenant_id = $1`, "app.tenant_id", "$1"},
		{"set session app.tenant_id to ?;", "app.tenant_id", "?"},
		{`SET app.tenant_id = $1; DELETE FROM notes`, "", ""},
		{`SELECT set_config('app.tenant_id', 'acme', true)`, "", ""},
		{`SELECT * FROM notes WHERE set_config('app.tenant_id', $1, true) IS NOT NULL`, "", ""},
	} {
		name, ph, _ := SessionSetting(tc.text)
		if name != tc.name || ph != tc.ph {
			t.Errorf("%q: got (%q, %q), want (%q, %q)", tc.text, name, ph, tc.name, tc.ph)
		}
	}
}
