package analyzer_test

import "testing"

// More library testdata in testdata/libs, one package per library, with the
// versions the models' doc lines name.

// TL002 with beego's ORM: QuerySeter Filter on the tenant column (One, All,
// Count, Exist, Update, DeleteWithCtx), a table named by a string, Read,
// ReadForUpdate, Update and Delete by primary key (a tenant field on the
// model is no condition), reads checked after the fetch, a scoped row
// written back, Insert and InsertOrUpdate rows, Raw text (TL001) and an
// accessor.
func TestLibBeego(t *testing.T) { runLib(t, "beegoleak") }

// TL002 with xorm: Where/And/In scopers, Or, Get/Count/Exist/Delete
// conditions from the bean's non-zero fields, Find's and Update's condition
// beans, Update's bean written not matched, a read checked after Get, a
// scoped row updated by its key, Insert/InsertOne rows, Exec and
// QueryString text (TL001) and an accessor.
func TestLibXorm(t *testing.T) { runLib(t, "xormleak") }

// TL002 with go-memdb: First, Get, Last, FirstWatch and LowerBound through
// an index without the tenant, compound indexes that start with it, a
// lookup checked after the fetch, Delete and Insert of an object from an
// unscoped lookup, DeleteAll, DeletePrefix, Insert's row and an accessor.
func TestLibMemdb(t *testing.T) { runLib(t, "memdbleak") }

// TL006, TL001 and TL003 with fiber v2: Params, ParamsInt, Get, Query,
// Cookies, FormValue, AllParams, BodyParser, QueryParser and
// ReqHeaderParser as request input filling a tenant slot (quiet after a
// comparison with the session's org); by-id SQL and a cache key without the
// org while the session's org is at hand.
func TestLibFiber(t *testing.T) { runLib(t, "fiberleak") }

// TL006, TL001 and TL003 with fiber v3: the Ctx interface's Params, Get,
// Query and Req().Params, the generic Params and Query helpers, and Bind's
// Body, Query and URI as request input; the Ctx used as the context.
func TestLibFiber3(t *testing.T) { runLib(t, "fiber3leak") }

// TL003 and TL006 with go-redis v8 (the import path before v9): string,
// counter, hash, sorted-set, multi-key, two-key (Rename), SCAN pattern,
// script, pub/sub, stream and pipeline commands, a key helper, the
// UniversalClient interface, and a key's org from the query string.
func TestLibGoRedis8(t *testing.T) { runLib(t, "goredis8leak") }

// TL002 with beego's context variants (ReadWithCtx, InsertWithCtx,
// QueryTableWithCtx, OneWithCtx: the context is operand 0), conditions built
// with NewCondition().And and set with SetCond (Or is no scope), and a range
// filter on the tenant column (workspace_id__gte), which binds nothing.
func TestLibBeegoMore(t *testing.T) { runLib(t, "beegomore") }

// Reads of a row type with no tenant field (its own or embedded) map a
// shared table with gorm and beego; a tenant field in an embedded base model,
// or a projection read from a tenant-owned model's table, is not shared.
func TestLibSharedRows(t *testing.T) { runLib(t, "sharedrows") }
