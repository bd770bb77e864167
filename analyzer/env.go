package analyzer

import (
	"go/types"
	"os"
	"strings"
	"sync"

	"github.com/tenantleak/tenantleak/analyzer/config"
	"github.com/tenantleak/tenantleak/analyzer/entpolicy"
	"github.com/tenantleak/tenantleak/analyzer/models"
	"github.com/tenantleak/tenantleak/analyzer/sqlscope"
)

// env is everything the engine knows before it looks at code: the config,
// the models (built-in, user model files, and the config's own references
// expressed as model entries), and the SQL options derived from both. One
// env is built per distinct config and shared by every package using it.
type env struct {
	cfg        *config.Config
	models     *models.Set
	storeFuncs map[string]bool // "pkgpath.Name" or "pkgpath.T.M": functions and variables whose results are stores
	scoperAll  map[string]bool // configured scopers without operands: every argument, else the context
	sql        *sqlscope.Options
	schema     *sqlscope.Schema
	sqlCache   sync.Map // statement text → sqlResult
	entPolicy  *entpolicy.Reader
}

var envCache sync.Map // *config.Config → *envResult

type envResult struct {
	once sync.Once
	env  *env
	err  error
}

// envFor returns the shared env of cfg, building it once.
func envFor(cfg *config.Config) (*env, error) {
	v, _ := envCache.LoadOrStore(cfg, &envResult{})
	r := v.(*envResult)
	r.once.Do(func() { r.env, r.err = newEnv(cfg) })
	return r.env, r.err
}

func newEnv(cfg *config.Config) (*env, error) {
	builtin, err := models.Builtin()
	if err != nil {
		return nil, &InternalError{Msg: "built-in models: " + err.Error()}
	}
	e := &env{cfg: cfg, storeFuncs: map[string]bool{}, scoperAll: map[string]bool{}}
	e.entPolicy = entpolicy.NewReader(e.tenantName)
	var files []*models.FileModel
	for _, f := range cfg.ModelFiles {
		m, err := models.Load(f)
		if err != nil {
			return nil, err
		}
		files = append(files, m)
	}
	files = append(files, configModels(cfg, e)...)
	e.models = builtin.With(files...)
	for _, r := range cfg.Refs.Stores {
		switch r.Kind {
		case config.RefField:
			e.models.AddStore(r.Pkg, r.Recv, r.Name)
			e.storeFuncs[r.Pkg+"."+r.Recv+"."+r.Name] = true // or a method of that name
		case config.RefMethod:
			e.storeFuncs[r.Pkg+"."+r.Recv+"."+r.Name] = true
		default:
			e.storeFuncs[r.Pkg+"."+r.Name] = true
		}
	}
	d, _ := sqlscope.ParseDialect(cfg.Settings.Dialect)
	if len(cfg.SchemaFiles) > 0 {
		e.schema = &sqlscope.Schema{Tables: map[string]*sqlscope.SchemaTable{}}
		for _, f := range cfg.SchemaFiles {
			src, err := os.ReadFile(f)
			if err != nil {
				return nil, &config.Error{File: f, Msg: "cannot read schema file: " + err.Error()}
			}
			s, err := sqlscope.ParseSchema(f, src, d)
			if err != nil {
				return nil, err
			}
			e.schema.Merge(s)
		}
	}
	columns := map[string]bool{}
	for _, c := range cfg.Columns {
		c = strings.ToLower(c)
		columns[c] = true
		// A quoted camelCase column ("tenantId", Prisma's and many ORMs'
		// naming) reaches us lower-cased without its underscore.
		columns[strings.ReplaceAll(c, "_", "")] = true
	}
	e.sql = &sqlscope.Options{
		Dialect:       d,
		TenantColumn:  func(c string) bool { return columns[c] },
		RegistryTable: func(t string) bool { return e.tenantName(t) },
		Global:        e.globalTable,
		Schema:        e.schema,
	}
	return e, nil
}

// configModels expresses the config's code references as model entries, so
// that configured and modelled knowledge take the same path in the engine.
func configModels(cfg *config.Config, e *env) []*models.FileModel {
	byPkg := map[string]*models.FileModel{}
	var order []string
	file := func(pkg string) *models.FileModel {
		f := byPkg[pkg]
		if f == nil {
			f = &models.FileModel{Package: pkg}
			byPkg[pkg] = f
			order = append(order, pkg)
		}
		return f
	}
	fn := func(r config.Ref) string {
		if r.Recv != "" {
			return "(" + r.Recv + ")." + r.Name
		}
		return r.Name
	}
	for _, r := range cfg.Refs.Sources {
		f := file(r.Pkg)
		f.Sources.Funcs = append(f.Sources.Funcs, fn(r))
		if r.Kind == config.RefField {
			f.Sources.Fields = append(f.Sources.Fields, r.Recv+"."+r.Name)
		}
	}
	for _, r := range cfg.Refs.Fields {
		f := file(r.Pkg)
		f.Sources.Fields = append(f.Sources.Fields, r.Recv+"."+r.Name)
	}
	for _, r := range cfg.Refs.Types {
		f := file(r.Pkg)
		f.Sources.Types = append(f.Sources.Types, r.Name)
	}
	for _, r := range cfg.Refs.Untrusted {
		f := file(r.Pkg)
		switch r.Kind {
		case config.RefField:
			f.Untrusted.Fields = append(f.Untrusted.Fields, r.Recv+"."+r.Name)
			f.Untrusted.Funcs = append(f.Untrusted.Funcs, fn(r))
		case config.RefFunc:
			f.Untrusted.Funcs = append(f.Untrusted.Funcs, r.Name)
			f.Untrusted.Types = append(f.Untrusted.Types, r.Name)
		default:
			f.Untrusted.Funcs = append(f.Untrusted.Funcs, fn(r))
		}
	}
	for _, r := range cfg.Refs.Checks {
		f := file(r.Pkg)
		f.Checks = append(f.Checks, models.Check{Funcs: []string{fn(r)}, Kind: models.Member})
	}
	for _, r := range cfg.Refs.Scopers {
		f := file(r.Pkg)
		f.Scopers = append(f.Scopers, models.Scoper{Funcs: []string{fn(r)}, Context: true})
		e.scoperAll[r.Pkg+"."+fn(r)] = true
	}
	var out []*models.FileModel
	for _, p := range order {
		data := byPkg[p]
		// Round-trip through the parser so operands and defaults are filled in
		// exactly as for model files.
		m, err := models.FromStruct("config", data, nil)
		if err == nil {
			out = append(out, m)
		}
	}
	return out
}

// tenantName reports whether a non-function name holds a tenant word that
// ends it or is followed only by ID, UUID, Key or Name (orgID, tenant,
// currentWorkspace; not orgClient).
func (e *env) tenantName(name string) bool {
	if !e.cfg.HasTenantWord(name) {
		return false
	}
	words := e.cfg.TenantWords(name)
	for i, w := range words {
		if !e.cfg.IsTenantWord(w) {
			continue
		}
		if i > 0 && negation(words[i-1]) {
			continue // nonTenant, notOrg: the name denies it
		}
		ok := true
		for _, rest := range words[i+1:] {
			switch rest {
			case "id", "ids", "uuid", "uuids", "key", "keys", "name", "names", "slug":
			default:
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// counting reports whether a word before a tenant word makes a function
// name about how many tenants there are.
func counting(w string) bool {
	switch w {
	case "count", "num", "number", "total", "len", "max", "min":
		return true
	}
	return false
}

func negation(w string) bool {
	switch w {
	case "non", "not", "no", "without":
		return true
	}
	return false
}

// tenantFuncName reports whether a function name names a tenant: a tenant
// word followed only by ID-like words up to a preposition that names where
// it comes from (TenantFrom, GetOrgID, currentWorkspace, OrgIDFromContext;
// not CreateTenantWorkerPartition or ListProjects).
func (e *env) tenantFuncName(name string) bool {
	if !e.cfg.HasTenantWord(name) {
		return false
	}
	words := e.cfg.TenantWords(name)
	for i, w := range words {
		if !e.cfg.IsTenantWord(w) || (i > 0 && negation(words[i-1])) {
			continue
		}
		if !e.cfg.IsSingularTenantWord(w) || i > 0 && counting(words[i-1]) {
			continue // CountProjects, ListOrgs, NumTenant: many tenants, or how many
		}
		ok := true
	rest:
		for _, r := range words[i+1:] {
			switch r {
			case "id", "ids", "uuid", "uuids", "key", "keys", "name", "names", "slug":
			case "from", "of", "for", "in", "by", "on", "or", "and", "ctx", "context":
				break rest // the rest says where it comes from
			default:
				ok = false
				break rest
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// identity reports whether t can hold an identity: a string, an integer, a
// named ID type, a UUID, or a pointer to one. Slices are identities only
// where many (orgIDs) are meant, so allowSlice says whether to look inside.
func (e *env) identity(t types.Type, allowSlice bool) bool {
	for i := 0; i < 3; i++ {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			if !allowSlice {
				return false
			}
			t, allowSlice = u.Elem(), false
			continue
		case *types.Basic:
			return u.Info()&(types.IsString|types.IsInteger) != 0 && u.Kind() != types.UnsafePointer
		case *types.Named:
			switch under := u.Underlying().(type) {
			case *types.Basic:
				return under.Info()&(types.IsString|types.IsInteger) != 0
			case *types.Array:
				b, ok := under.Elem().Underlying().(*types.Basic)
				return ok && b.Kind() == types.Byte && under.Len() >= 8 // a UUID or similar
			case *types.Struct:
				return idNamed(u) || e.nullableValueField(u) >= 0
			}
			return false
		}
		return false
	}
	return false
}

// idNamed reports whether t is a named type whose name says it is an ID.
func idNamed(t types.Type) bool {
	n := namedOf(t)
	if n == nil {
		return false
	}
	name := n.Obj().Name()
	return strings.HasSuffix(name, "UUID") || strings.HasSuffix(name, "ID") || strings.HasSuffix(name, "Id")
}

// plainIdentity reports whether t itself (not through a pointer or a
// wrapper, so the test cannot recurse) holds an identity: a string or
// integer, a byte array of a UUID's size, or a struct named as an ID.
func plainIdentity(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsString|types.IsInteger) != 0 && u.Kind() != types.UnsafePointer
	case *types.Array:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte && u.Len() >= 8
	case *types.Struct:
		_, isNamed := types.Unalias(t).(*types.Named)
		return isNamed && idNamed(t)
	}
	return false
}

// nullableValueField returns the index of the value field of a nullable
// wrapper of an identity (sql.NullString, pgtype.Text, pgtype.UUID,
// uuid.NullUUID: one identity field beside bool validity flags), or -1.
func (e *env) nullableValueField(t types.Type) int {
	n := namedOf(t)
	if n == nil {
		return -1
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok || st.NumFields() < 2 || st.NumFields() > 3 {
		return -1
	}
	value := -1
	for i := 0; i < st.NumFields(); i++ {
		ft := st.Field(i).Type().Underlying()
		if b, ok := ft.(*types.Basic); ok && b.Kind() == types.Bool {
			continue
		}
		if value >= 0 || !plainIdentity(st.Field(i).Type()) {
			return -1
		}
		value = i
	}
	return value
}

// tenantStruct reports whether t (or what it points to) is a struct named by
// a tenant word (*Tenant, Project).
func (e *env) tenantStruct(t types.Type) bool {
	n := namedOf(t)
	if n == nil {
		return false
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return false
	}
	return e.tenantName(n.Obj().Name())
}

// tenantField returns the name of an identity field of struct t (or of what
// it points to) whose name holds a tenant word: DataSource.OrgID.
func (e *env) tenantField(t types.Type) string {
	st := structOf(t)
	if st == nil {
		return ""
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if e.tenantName(f.Name()) && e.identity(f.Type(), false) {
			return f.Name()
		}
	}
	return ""
}

// tenantValueType reports whether a value of type t named name is a tenant
// value by name (DESIGN rule 2): the name holds a tenant word and the type
// is an identity, a tenant struct, or a struct with a tenant-named field.
func (e *env) tenantValueType(name string, t types.Type, isFunc bool) bool {
	if isFunc {
		if !e.tenantFuncName(name) {
			return false
		}
	} else if !e.tenantName(name) {
		return false
	}
	return e.identity(t, !isFunc) || e.tenantStruct(t) || e.tenantField(t) != ""
}

// configuredType reports the model role of a named type (tenant.types, untrusted types).
func (e *env) typeRole(t types.Type) models.Role {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return models.Role{}
	}
	return e.models.Type(n.Obj().Pkg().Path(), n.Obj().Name())
}

func (e *env) globalTable(t string) bool {
	if e.cfg.GlobalTable(t) {
		return true
	}
	short := t[strings.LastIndexByte(t, '.')+1:]
	return strings.Contains(short, "migration") || short == "goose_db_version" || short == "schema_version" ||
		strings.HasPrefix(t, "pg_") || strings.HasPrefix(t, "information_schema.") || strings.HasPrefix(t, "pg_catalog.")
}

func namedOf(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	if p := pointee(t); p != nil {
		t = p
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

func structOf(t types.Type) *types.Struct {
	if p := pointee(t); p != nil {
		t = p
	}
	st, _ := coreType(t).(*types.Struct)
	return st
}

// pointee returns what t points to: t may be a pointer, a named pointer type
// (type Ref *node) or a type parameter whose core type is a pointer; nil
// otherwise.
func pointee(t types.Type) types.Type {
	if p, ok := coreType(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return nil
}

// coreType is t's underlying type, or for a type parameter the single
// underlying type of its type set (nil if it has none).
func coreType(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core types.Type
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		u, ok := iface.EmbeddedType(i).(*types.Union)
		if !ok {
			if iface.EmbeddedType(i).Underlying() == nil {
				return nil
			}
			continue
		}
		for j := 0; j < u.Len(); j++ {
			ut := u.Term(j).Type().Underlying()
			if core != nil && !types.Identical(core, ut) {
				return nil
			}
			core = ut
		}
	}
	return core
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}
