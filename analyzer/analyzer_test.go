package analyzer_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantleak/tenantleak/analyzer"
)

// The testdata follows go-flow-levee's layout: one folder per finding ID and
// per language feature, each holding the leak (a line with `// want`) and
// its correct twin (quiet code beside it, without one).
//
//   - testdata/src/example.com/<folder>: GOPATH packages that use only the
//     standard library.
//   - testdata/mod: one Go module that requires the real libraries the
//     built-in models describe, one package per library or feature.
//
// A folder with a .tenantleak.yml is a configured one: the analyzer takes
// the nearest config file from the package directory up to the module root.

// gopath is the GOPATH of the standard-library-only testdata.
func gopath(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// factsUnchecked passes every analysistest complaint on except "unexpected
// fact": tenantleak exports a summary fact for most functions and a package
// fact for every package, and spelling all of them out would pin the engine's
// internals in every test. Fact expectations that are written (`// want
// Name:"..."`) are still checked: one that matches no fact fails the test.
type factsUnchecked struct {
	*testing.T
}

func (f factsUnchecked) Errorf(format string, args ...any) {
	f.T.Helper()
	msg := fmt.Sprintf(format, args...)
	if strings.Contains(msg, ": unexpected fact: ") {
		return
	}
	f.T.Errorf("%s", msg)
}

// runGOPATH runs the analyzer over example.com/<folder>/... in GOPATH mode.
func runGOPATH(t *testing.T, folder string) {
	t.Helper()
	t.Parallel() // each run loads and type-checks its dependencies: use both cores
	analysistest.Run(factsUnchecked{t}, gopath(t), analyzer.Analyzer, "example.com/"+folder+"/...")
}

// moduleDownloads downloads each testdata module's dependencies once per
// test binary.
var moduleDownloads sync.Map // dir → *download

type download struct {
	once sync.Once
	out  []byte
	err  error
}

// testModule returns the absolute path of a testdata module (testdata/mod,
// testdata/libs) after making sure its dependencies are in the module cache:
// analysistest loads module-mode testdata with GOPROXY=off, so they are
// downloaded first, through the environment's proxy. A failed download
// fails the test: the libraries are what these tests are about.
func testModule(t *testing.T, name string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := moduleDownloads.LoadOrStore(dir, &download{})
	d := v.(*download)
	d.once.Do(func() {
		cmd := exec.Command("go", "mod", "download")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		d.out, d.err = cmd.CombinedOutput()
	})
	if d.err != nil {
		t.Fatalf("go mod download in testdata/%s: %v\n%s", name, d.err, d.out)
	}
	return dir
}

// runMod runs the analyzer over example.com/mod/<folder>/... in module mode.
func runMod(t *testing.T, folder string) {
	t.Helper()
	t.Parallel() // each run loads and type-checks its dependencies: use both cores
	analysistest.Run(factsUnchecked{t}, testModule(t, "mod"), analyzer.Analyzer, "example.com/mod/"+folder+"/...")
}

// Findings: a folder per ID, and one per library in testdata/mod.

// TL001: SQL text resolved from literals, concatenation, Sprintf, Join and
// phis; accessors judged at callers; a helper that loses its tenant reported
// once inside; query wrappers; INSERT, JOIN, upsert, the tenant registry as
// a slot, and sqlc's DBTX interface.
func TestTL001SQLStatementWithoutTenantPredicate(t *testing.T) { runGOPATH(t, "tl001") }

// TL001 with pgx/v5: Conn.QueryRow, Conn.Exec and Batch.Queue; and calls
// through sqlc's DBTX interface over pgx types, judged at the callers in
// another package.
func TestTL001Pgx(t *testing.T) { runMod(t, "pgx") }

// Row-level security: a transaction whose tenant session variable was set
// (set_config('app.tenant_id', $1, true)) to a trusted tenant scopes later
// statements on it, in the function and in a callback the transaction
// helper passes it to; another handle, another setting, or a setting from a
// request header does not.
func TestTL001PgxRowLevelSecurity(t *testing.T) { runMod(t, "pgxrls") }

// TL001 with sqlx: GetContext, SelectContext and named statements bound
// from a struct's db tags.
func TestTL001Sqlx(t *testing.T) { runMod(t, "sqlx") }

// TL003 with go-redis: single keys, several keys, hash keys, a key built in
// a helper (leak) or with the tenant in the helper (quiet), key types with a
// String method, an accessor that takes the key, and the tenant carried
// through a hash and strconv.
func TestTL003Redis(t *testing.T) { runMod(t, "redis") }

// TL003 with golang-lru/v2, including a read checked against the tenant.
func TestTL003GolangLRU(t *testing.T) { runMod(t, "lru") }

// TL003 with gomemcache: Get by key and Set through Item.Key.
func TestTL003Memcache(t *testing.T) { runMod(t, "memcache") }

// TL003 with ristretto/v2's generic cache.
func TestTL003Ristretto(t *testing.T) { runMod(t, "ristretto") }

// TL004 with os and path/filepath: Open, WriteFile, ReadFile, RemoveAll
// without the tenant's directory; filepath.Dir dropping the tenant (leak)
// or only a later element (quiet); request input after the tenant component;
// a prefix check without a trailing separator (leak) and with one after
// Clean (quiet); an os.Root on the tenant's directory (quiet).
func TestTL004FilePathWithoutTenantComponent(t *testing.T) { runGOPATH(t, "tl004") }

// TL004 by rule 4(b): a directory declared tenant-owned in .tenantleak.yml
// (stores:) is reported even where no tenant is available.
func TestTL004DeclaredStore(t *testing.T) { runGOPATH(t, "tl004store") }

// TL004 through io/fs: os.DirFS and fs.Sub as scopers, fs.ReadFile,
// http.ServeFileFS as file sinks, os.Root.FS keeping
// the root's scope, and embed.FS shared by design.
func TestTL004FS(t *testing.T) { runGOPATH(t, "tl004fs") }

// TL005 with minio-go: GetObject and PutObject; a client-named key proven
// under the tenant's prefix only by a prefix that ends at "/"; request input
// after the tenant prefix, literal (quiet) or resolved by path.Join (leak).
func TestTL005Minio(t *testing.T) { runMod(t, "minio") }

// TL005 with aws-sdk-go-v2's s3: the Key field of the input struct.
func TestTL005S3(t *testing.T) { runMod(t, "s3") }

// TL006 with net/http: the URL query, a path value, a form value and a JSON
// body filling a tenant slot, directly or through a helper's parameter; quiet
// once the value is proven equal to the context's tenant.
func TestTL006TenantSlotFromRequestInput(t *testing.T) { runGOPATH(t, "tl006") }

// TL006 with a membership check configured in .tenantleak.yml: the value the
// check was given is trusted after it, nothing else is.
func TestTL006ConfiguredMembershipCheck(t *testing.T) { runGOPATH(t, "tl006check") }

// TL006 with gin: c.Param and ShouldBindJSON filling a tenant slot; quiet
// after an equality test against the context's tenant.
func TestTL006Gin(t *testing.T) { runMod(t, "gin") }

// TL006 with echo: c.Param filling a tenant slot.
func TestTL006Echo(t *testing.T) { runMod(t, "echo") }

// TL006 with chi: chi.URLParam filling a helper's tenant slot.
func TestTL006Chi(t *testing.T) { runMod(t, "chi") }

// TL007: a tenant column bound to a constant (named or literal in the
// text), to a non-tenant field through a helper's slot, or to the other
// argument when a caller swaps them.
func TestTL007TenantColumnBoundToNonTenantValue(t *testing.T) { runGOPATH(t, "tl007") }

// Language features, one folder each.

// Cross-package facts: an accessor, a slot and a helper that loses its
// tenant in package notes; their callers in package api are judged with
// the summaries the facts carry.
func TestCrossPackageFactsCarrySummaries(t *testing.T) { runGOPATH(t, "crosspkg") }

// A context source declared in one package (auth) makes the context a
// tenant in the packages importing it: by-ID lookups there are reported.
func TestContextSourceAcrossPackages(t *testing.T) { runGOPATH(t, "ctxtenant") }

// The tenant registry looked up by host with only the context in hand is
// the tenant's resolution, not a leak; another tenant's registry row read
// while the caller's tenant is in hand is.
func TestRegistryResolution(t *testing.T) { runGOPATH(t, "registry") }

// A session read by a helper given the request (sessionOf(r)) holds the
// caller's tenant, as a context source's result does: it scopes, it checks,
// and it makes a by-ID sink beside it a finding.
func TestSessionHelper(t *testing.T) { runGOPATH(t, "sessionhelper") }

// Generics: a generic cache type over golang-lru whose methods are
// accessors, instantiated and called with and without the tenant.
func TestGenericCacheWrapperIsAnAccessor(t *testing.T) { runMod(t, "generics") }

// Closures: a captured tenant is held by the closure; a transaction helper's
// callback holds the tenant it is passed.
func TestClosuresHoldCapturedTenants(t *testing.T) { runGOPATH(t, "closures") }

// Spilled parameters: a field stored through one load of a captured
// pointer parameter is seen through the others, in closures too, until the
// variable is reassigned.
func TestSpilledParameterFields(t *testing.T) { runGOPATH(t, "spilled") }

// Goroutines and defers: go and defer statements calling a sink or an
// accessor, and a goroutine literal that captures the tenant.
func TestGoAndDeferStatementsReachSinks(t *testing.T) { runGOPATH(t, "goroutines") }

// Struct fields: a tenant in the receiver's field, a tenant stored into a
// struct and loaded back, a key struct whose String method renders the path.
func TestStructFieldsCarryTenantAndKeyParts(t *testing.T) { runGOPATH(t, "fields") }

// Method values and method expressions that call an accessor.
func TestMethodValuesCallAccessors(t *testing.T) { runGOPATH(t, "methodvalues") }

// Phis: the tenant on one branch only leaves the address unscoped, and a
// tenant column bound to a merge of a tenant and another value is TL007.
func TestPhisScopeOnlyOnEveryPath(t *testing.T) { runGOPATH(t, "phis") }

// Loops: sinks in loop bodies, and paths grown segment by segment.
func TestLoopsKeepOrLoseTheTenant(t *testing.T) { runGOPATH(t, "loops") }

// Names (rule 2): orgID is a tenant, orgClient and forgotToken are not, a
// negated word is not, a tenant struct's Name is not, and a TenantID helper
// that returns a header yields request input.
func TestTenantNames(t *testing.T) { runGOPATH(t, "names") }

// Suppression and configuration.

// Suppression: //tenantleak:ignore on the line, on the line before, in a doc
// comment and for several IDs (quiet); too far above, for another ID,
// without a reason, without an ID, or suppressing nothing (reported).
func TestIgnoreDirectivesSuppressAndAreChecked(t *testing.T) { runMod(t, "suppress") }

// //tenantleak:global on a function: its own sinks and the accessors it
// calls are not findings; without a reason it is itself reported.
func TestGlobalDirectiveSilencesSharedCode(t *testing.T) { runGOPATH(t, "global") }

// schema: in .tenantleak.yml: only tables with a tenant column are
// tenant-scoped, and they are declared tenant-owned (rule 4b).
func TestSchemaDeclaredTables(t *testing.T) { runGOPATH(t, "schema") }

// globals (tables, paths, functions) and a tenant word added under
// tenant.names in .tenantleak.yml.
func TestConfiguredGlobalsAndTenantWord(t *testing.T) { runGOPATH(t, "configglobals") }

// A .tenantleak.yml inside the module: globals.keys, a tenant word from
// tenant.names, and disable.
func TestConfiguredKeysWordsAndDisable(t *testing.T) { runMod(t, "configured") }

// Configured sources: a result is a trusted tenant value; one that takes
// only a context is a context source where its package is imported, not in
// a repository package that cannot reach it.
func TestConfiguredSources(t *testing.T) { runMod(t, "cfgsources") }

// Tenants read straight from context values: a claims struct the middleware
// stored, a value under a tenant-named key.
func TestContextValuesHoldTenants(t *testing.T) { runGOPATH(t, "ctxvalues") }
