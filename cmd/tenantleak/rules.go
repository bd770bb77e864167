package main

import "strings"

// rule documents a finding ID for SARIF: code scanning shows the short
// description in lists, the full one and the help on the alert page.
type rule struct {
	id, name   string
	short      string
	full       string
	bad, good  string // Go snippets
	severity   string // properties.security-severity: CVSS-like, 0.0-10.0
	level      string // SARIF level: error, warning, note
	helpAnchor string // README anchor
}

const (
	repoURL   = "https://github.com/tenantleak/tenantleak"
	readmeURL = repoURL + "#"
)

// rules are the finding IDs and what is reported outside them. The texts
// follow the README's Findings section.
var rules = []rule{
	{
		id: "TL001", name: "UnscopedSQL",
		short: "SQL statement on a tenant-scoped table without its tenant column bound to a trusted tenant value",
		full: "A SQL statement (hand-written or rendered by a builder) reads or writes a tenant-scoped table, but its tenant column " +
			"is not constrained by an equality AND-ed at the top of WHERE or JOIN ON, nor written by the INSERT, with a trusted tenant value. " +
			"One tenant can read or change another tenant's rows.",
		bad: `// tenantID is in scope but the lookup ignores it
row := s.db.QueryRowContext(ctx, ` + "`SELECT id, total FROM invoices WHERE id = $1`" + `, id)`,
		good:     "row := s.db.QueryRowContext(ctx, `SELECT id, total FROM invoices WHERE tenant_id = $1 AND id = $2`, tenantID, id)",
		severity: "8.1", level: "error",
	},
	{
		id: "TL002", name: "UnscopedORMCall",
		short: "ORM or store call with no trusted tenant scope on its handle, condition or written row",
		full: "An ORM terminal call (First, Find, Update, Delete, Get…) or a store call taking its condition as an argument runs " +
			"on a handle that no scoper bound to a trusted tenant value, with no tenant condition, or writes a row whose tenant field " +
			"holds no trusted tenant value.",
		bad:      `db.WithContext(ctx).Where("id = ?", id).First(&kb)`,
		good:     `db.WithContext(ctx).Where("id = ? AND tenant_id = ?", id, tenantID).First(&kb)`,
		severity: "8.1", level: "error",
	},
	{
		id: "TL003", name: "CacheKeyWithoutTenant",
		short: "Cache key without a tenant component",
		full: "A cache key (Redis, memcache, in-process caches) is built without a trusted tenant value as one of its components, " +
			"so tenants share the entry. A deployment or installation prefix is not a tenant scope.",
		bad:      `key := fmt.Sprintf("alert:%s:failures", destinationID)`,
		good:     `key := fmt.Sprintf("alert:%s:%s:failures", tenantID, destinationID)`,
		severity: "6.5", level: "error",
	},
	{
		id: "TL004", name: "FilePathWithoutTenant",
		short: "File path without a tenant component, or one that .. can leave",
		full: "A file path is built without the tenant's directory, or request input joined after the tenant directory can climb " +
			"out of it with ..: a prefix test counts only when the prefix is tenant-scoped, ends at a separator and the path was " +
			"cleaned. Opening an os.Root on the tenant directory makes every name under it safe.",
		bad: `p := filepath.Join(dir, name)
if !strings.HasPrefix(p, dir) { return errBadName } // "../<tenant>0/x" passes
os.WriteFile(p, data, 0o644)`,
		good: `root, err := os.OpenRoot(tenantDir(tenantID))
...
root.WriteFile(name, data, 0o644)`,
		severity: "7.5", level: "error",
	},
	{
		id: "TL005", name: "ObjectKeyWithoutTenant",
		short: "Object-store key without a tenant component, or one that .. can leave",
		full: "An object-storage key (S3, minio, GCS, Azure Blob…) is built without a trusted tenant value as a component, or is " +
			"taken from the client without a check against the caller's tenant prefix (ending in /).",
		bad: `obj, err := mc.GetObject(ctx, bucket, r.URL.Query().Get("key"), minio.GetObjectOptions{})`,
		good: `key := path.Clean("/" + r.URL.Query().Get("key"))[1:]
if !strings.HasPrefix(key, TenantFrom(ctx)+"/") { return errForbidden }
obj, err := mc.GetObject(ctx, bucket, key, minio.GetObjectOptions{})`,
		severity: "7.5", level: "error",
	},
	{
		id: "TL006", name: "TenantFromRequestInput",
		short: "Tenant slot filled from request input without a membership check",
		full: "A parameter that ends in a tenant column, key component or scoped handle is filled from the URL, a form, a header " +
			"or a body with no membership check or comparison with the authenticated tenant: the caller picks the tenant.",
		bad: `tenantID := r.URL.Query().Get("tenant")
a.listTasks(ctx, w, tenantID) // listTasks binds tenant_id = $1`,
		good: `if !a.isMember(ctx, UserFrom(ctx), tenantID) { return } // configured in tenant.checks
a.listTasks(ctx, w, tenantID)`,
		severity: "8.8", level: "error",
	},
	{
		id: "TL007", name: "TenantColumnBoundToNonTenant",
		short: "Tenant column bound to a value that is not a tenant value",
		full: "A tenant column (in a predicate or written) is bound to a constant or to another identity passed into a tenant " +
			"slot, such as swapped parameters.",
		bad:      `s.attributesForUser(ctx, c.UserID, p.OrgID) // func(orgID, userID string)`,
		good:     `s.attributesFor(ctx, c.UserID, p.OrgID)`,
		severity: "6.5", level: "error",
	},
	{
		id: "directive", name: "InvalidDirective", helpAnchor: "suppressing-a-finding",
		short: "tenantleak directive without a reason, malformed, or suppressing nothing",
		full: "A //tenantleak:ignore or //tenantleak:global comment has no reason, names no finding ID, is misplaced, or an " +
			"ignore suppresses nothing (tenantleak -fix removes those).",
		bad:   `//tenantleak:ignore TL003`,
		good:  `//tenantleak:ignore TL003 the key is the global price list`,
		level: "warning",
	},
}

// ruleFor returns the documentation of a finding ID; an ID it does not
// know gets a generic rule.
func ruleFor(id string) rule {
	for _, r := range rules {
		if r.id == id {
			return r
		}
	}
	return rule{id: id, name: id, short: "tenantleak finding " + id, full: "A finding of tenantleak.", level: "warning", helpAnchor: "findings"}
}

func (r rule) helpURI() string {
	anchor := r.helpAnchor
	if anchor == "" {
		anchor = strings.ToLower(r.id)
	}
	return readmeURL + anchor
}

func (r rule) helpText() string {
	s := r.full + "\n"
	if r.bad != "" {
		s += "\nBad:\n\n" + indent(r.bad) + "\n"
	}
	if r.good != "" {
		s += "\nGood:\n\n" + indent(r.good) + "\n"
	}
	return s + "\nSee " + r.helpURI() + "\n"
}

func (r rule) helpMarkdown() string {
	s := r.full + "\n"
	if r.bad != "" {
		s += "\nBad:\n\n```go\n" + r.bad + "\n```\n"
	}
	if r.good != "" {
		s += "\nGood:\n\n```go\n" + r.good + "\n```\n"
	}
	return s + "\n[" + r.id + " in the tenantleak README](" + r.helpURI() + ")\n"
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
