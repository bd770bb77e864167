package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantleak/tenantleak/analyzer"
)

// The library testdata: testdata/libs is one Go module that requires the
// real libraries the models describe, one package per library, each with
// leaks (lines with `// want`) and their correct twins beside them.
// entleak/ent is a client entc generated (ent v0.14.5, default templates)
// from entleak/ent/schema.

// runLib runs the analyzer over example.com/libs/<pkg>.
func runLib(t *testing.T, pkg string) {
	t.Helper()
	t.Parallel() // each run loads and type-checks its dependencies: use both cores
	analysistest.Run(factsUnchecked{t}, testModule(t, "libs"), analyzer.Analyzer, "./"+pkg)
}

// TL002 with bun: Where text conditions (bun's ?TableAlias included),
// WhereOr, the row given to an insert's Model, a shared table, a checked
// read, a column named by bun.Ident, raw SQL (TL001) and an accessor.
func TestLibBun(t *testing.T) { runLib(t, "bunleak") }

// TL002 with gobuffalo/pop: Find by id, Where conditions on a Connection
// and a Query, RawQuery text (TL001), Create's row, Destroy by primary key,
// and a row read under the condition then destroyed.
func TestLibPop(t *testing.T) { runLib(t, "popleak") }

// TL002 with ory/pop, the fork of gobuffalo/pop: the same cases.
func TestLibOryPop(t *testing.T) { runLib(t, "orypopleak") }

// ory/pop conditions with a schema configured.
func TestLibOryPopSchema(t *testing.T) { runLib(t, "orypopschema") }

// TL001 with goqu: goqu.Ex maps, C(...).Eq(...) expressions, Or, ToSQL
// rendered and run through database/sql, datasets that run themselves and
// through Executor.
func TestLibGoqu(t *testing.T) { runLib(t, "goquleak") }

// TL002 with the mongo driver v1: bson.M and bson.D filters, UpdateByID,
// CountDocuments, InsertOne's document, a shared collection's document
// type, a read checked after Decode, a filter struct.
func TestLibMongo(t *testing.T) { runLib(t, "mongoleak") }

// TL002 with the mongo driver v2: the same cases.
func TestLibMongoV2(t *testing.T) { runLib(t, "mongo2leak") }

// TL002 with an ent generated client: Where predicates (several, chained,
// inside Or), Get by id (checked and not), UpdateOneID, DeleteOneID, the
// predicate update and delete, and an accessor.
func TestLibEnt(t *testing.T) { runLib(t, "entleak") }

// TL002 and TL006 with gorm: scope functions (Scopes) that bind the tenant
// scope the handle; a row whose tenant came from the request body is TL006.
func TestLibGorm(t *testing.T) { runLib(t, "gormleak") }

// TL003 with rueidis: commands built with B()...Key(k).Build() and run with
// Do or DoCache.
func TestLibRueidis(t *testing.T) { runLib(t, "rueidisleak") }

// TL003 with redigo: Do and Send with the key among the arguments, and a
// transaction's MULTI/EXEC that address no key.
func TestLibRedigo(t *testing.T) { runLib(t, "redigoleak") }

// TL003 with bigcache/v3.
func TestLibBigcache(t *testing.T) { runLib(t, "bigcacheleak") }

// TL003 with patrickmn/go-cache.
func TestLibGoCache(t *testing.T) { runLib(t, "gocacheleak") }

// TL003 with freecache: []byte keys.
func TestLibFreecache(t *testing.T) { runLib(t, "freecacheleak") }

// TL003 with singleflight: a Do key shared across tenants.
func TestLibSingleflight(t *testing.T) { runLib(t, "singleflightleak") }

// TL003 with eko/gocache: the generic Cache and the CacheInterface.
func TestLibEkoGocache(t *testing.T) { runLib(t, "ekocacheleak") }

// TL005 with cloud.google.com/go/storage: the object handle carries its
// name; a bucket per tenant; a handle from an accessor.
func TestLibGCS(t *testing.T) { runLib(t, "gcsleak") }

// TL005 with azblob: container and blob name arguments, a container per
// tenant, blob clients made from a container client.
func TestLibAzblob(t *testing.T) { runLib(t, "azblobleak") }

// TL005 with thanos-io/objstore: names under the tenant's directory, and a
// bucket wrapped by NewPrefixedBucket.
func TestLibObjstore(t *testing.T) { runLib(t, "objstoreleak") }

// TL004 with afero: Fs methods and helpers, and a NewBasePathFs on the
// tenant's directory.
func TestLibAfero(t *testing.T) { runLib(t, "aferoleak") }

// TL005 with gocloud.dev/blob: keys, PrefixedBucket, List prefixes.
func TestLibGocloudBlob(t *testing.T) { runLib(t, "gocloudblobleak") }

// TL006 with gorilla/mux: mux.Vars filling a tenant slot; quiet after a
// comparison with the session's org.
func TestLibMux(t *testing.T) { runLib(t, "muxleak") }

// TL006 with gRPC incoming metadata; quiet with verified claims.
func TestLibGRPCMetadata(t *testing.T) { runLib(t, "grpcmdleak") }

// TL006 with go-playground/validator: a validated tenant ID is still
// request input.
func TestLibValidator(t *testing.T) { runLib(t, "validatorleak") }

// TL002 with gorm callbacks registered in an imported plugin package
// (Callback().Query().Before(..).Register, Row, Update): the statements
// they bind the tenant on are scoped; deletes and raw SQL are not.
func TestLibGormHooks(t *testing.T) { runLib(t, "gormhooks") }

// gorm callbacks that bind no trusted tenant (a soft-delete filter, a
// request header) scope nothing.
func TestLibGormHooksNoop(t *testing.T) { runLib(t, "gormhooksnoop") }

// TL002 with bun query hooks: a row type's BeforeSelect/BeforeDelete that
// binds the tenant from the context scopes its queries; an update without
// a hook, or a hook binding something else, does not.
func TestLibBunHooks(t *testing.T) { runLib(t, "bunhooks") }

// A gorm callback registered in the same package, below the queries it
// scopes (hooks are analysed first), through tx.Statement.Where.
func TestLibGormHooksLocal(t *testing.T) { runLib(t, "gormhookslocal") }

// TL002 with an ent client generated with the privacy feature
// (entprivacyleak/ent, entc v0.14.5): an entity whose schema policy
// filters queries and mutations by tenant (a mixin's rule) is scoped by
// id alone; one whose policy only denies mutations without a viewer is
// not; an entity without a tenant field is shared.
func TestLibEntPrivacy(t *testing.T) { runLib(t, "entprivacyleak") }

// TL001 with squirrel: Eq maps, And (each condition holds) and Or (an
// alternative scopes nothing), Expr text conditions, builders run through
// RunWith, ToSql rendered and run through database/sql, and an insert.
func TestLibSquirrel(t *testing.T) { runLib(t, "squirrelleak") }

// TL002 with go-memdb iterators: rows of other tenants dropped inside the
// loop before use make the listing scoped; a row kept before the compare,
// or an iterator handed on, does not.
func TestLibMemdbIterator(t *testing.T) { runLib(t, "memdbiter") }
