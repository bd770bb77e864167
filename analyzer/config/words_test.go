package config

import (
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"orgID", []string{"org", "id"}},
		{"org_id", []string{"org", "id"}},
		{"OrgIDs", []string{"org", "ids"}},
		{"orgIDs", []string{"org", "ids"}},
		{"forgot", []string{"forgot"}},
		{"TenantFrom", []string{"tenant", "from"}},
		{"currentWorkspace", []string{"current", "workspace"}},
		{"projectName", []string{"project", "name"}},
		{"UUID", []string{"uuid"}},
		{"tenantIDKey", []string{"tenant", "id", "key"}},
		{"XMLHttpRequest", []string{"xml", "http", "request"}},
		{"HTTPServer", []string{"http", "server"}},
		{"GetURLsByOrg", []string{"get", "urls", "by", "org"}},
		{"IDsa", []string{"i", "dsa"}},
		{"IDs2", []string{"ids", "2"}},
		{"sha256Sum", []string{"sha", "256", "sum"}},
		{"base64", []string{"base", "64"}},
		{"A1", []string{"a", "1"}},
		{"TENANT_ID", []string{"tenant", "id"}},
		{"__org__id__", []string{"org", "id"}},
		{"tenant:{id}/files", []string{"tenant", "id", "files"}},
		{"x", []string{"x"}},
		{"X", []string{"x"}},
		{"", nil},
		{"_", nil},
		{"__", nil},
		{"ÜberOrg", []string{"über", "org"}},
		{"orgÉtat", []string{"org", "état"}},
		{"名前ID", []string{"名前", "id"}},
	} {
		if got := Words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHasTenantWord(t *testing.T) {
	c := Default()
	for in, want := range map[string]bool{
		"orgID": true, "org_id": true, "OrgIDs": true, "forgot": false, "TenantFrom": true,
		"currentWorkspace": true, "projectName": true, "UUID": false, "tenantIDKey": true,
		"XMLHttpRequest": false, "ListProjects": true, "organizations": true, "Accounts": true,
		"tenancy": false, "orgs": true, "ORGANIZATION_ID": true, "workspaces": true, "": false,
		"projection": false, "subaccount": false, "Tenantid": true, "arg.Projectids": true,
		"paid": false, "void": false, "Orguuid": true,
	} {
		if got := c.HasTenantWord(in); got != want {
			t.Errorf("HasTenantWord(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestTenantWords(t *testing.T) {
	c := Default()
	for in, want := range map[string]string{
		"Tenantid": "tenant id", "ProjectidFrom": "project id from", "orgIDs": "org ids",
		"paid": "paid", "Orgsuuid": "orgs uuid", "video_id": "video id",
	} {
		if got := strings.Join(c.TenantWords(in), " "); got != want {
			t.Errorf("TenantWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsTenantWord(t *testing.T) {
	c, err := Parse("t.yml", t.TempDir(), []byte("tenant:\n  names: [company, address, shop, -account]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]bool{
		"company": true, "companies": true, "Companies": true, "address": true, "addresses": true,
		"shop": true, "shops": true, "SHOPS": true, "shopes": true, "account": false, "accounts": false,
		"org": true, "s": false, "ies": false, "y": false, "": false, "compan": false,
	} {
		if got := c.IsTenantWord(in); got != want {
			t.Errorf("IsTenantWord(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestWordsAllocs(t *testing.T) {
	c := Default()
	for in, want := range map[string]float64{"tenant_id": 1, "tenantIDKey": 2, "XMLHttpRequest": 2} {
		if got := testing.AllocsPerRun(100, func() { Words(in) }); got > want {
			t.Errorf("Words(%q): %v allocations, want at most %v", in, got, want)
		}
	}
	if got := testing.AllocsPerRun(100, func() { c.HasTenantWord("currentWorkspaceIDs") }); got != 0 {
		t.Errorf("HasTenantWord: %v allocations, want 0", got)
	}
}

func BenchmarkWords(b *testing.B) {
	for b.Loop() {
		Words("currentWorkspaceIDKey")
	}
}

func BenchmarkHasTenantWord(b *testing.B) {
	c := Default()
	for b.Loop() {
		c.HasTenantWord("currentWorkspaceIDKey")
	}
}
