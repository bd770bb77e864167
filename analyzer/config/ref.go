package config

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// RefKind is what a code reference names.
type RefKind uint8

// Kinds of code references. ParseRef can only see the syntax; the list a
// reference appears in refines it (see Config.Refs).
const (
	// RefFunc is pkg.Name: a function, or in untrusted and stores also a
	// package variable or a named type.
	RefFunc RefKind = iota + 1
	// RefMethod is (pkg.T).M or (*pkg.T).M.
	RefMethod
	// RefField is pkg.T.F: field F of struct T, or in sources, untrusted
	// and stores method F of T (the engine resolves it against the types).
	RefField
	// RefType is pkg.T in tenant.types.
	RefType
	// RefPackage is pkg.*: every function and method of pkg.
	RefPackage
)

func (k RefKind) String() string {
	switch k {
	case RefFunc:
		return "function"
	case RefMethod:
		return "method"
	case RefField:
		return "field"
	case RefType:
		return "type"
	case RefPackage:
		return "package"
	}
	return "invalid"
}

// Ref is a parsed code reference.
type Ref struct {
	Pkg     string  // import path as written
	Recv    string  // receiver type of a method, struct type of a field; "" otherwise
	Pointer bool    // written (*T).M
	Name    string  // function, method, field or type name; "*" for RefPackage
	Kind    RefKind //
	Raw     string  // the text it was parsed from
}

// String returns the canonical notation of r.
func (r Ref) String() string {
	switch r.Kind {
	case RefMethod:
		star := ""
		if r.Pointer {
			star = "*"
		}
		return "(" + star + r.Pkg + "." + r.Recv + ")." + r.Name
	case RefField:
		return r.Pkg + "." + r.Recv + "." + r.Name
	}
	return r.Pkg + "." + r.Name
}

// Matches reports whether r names the object Name of package pkg, declared
// on type recv ("" for package-level objects). Pointer-ness is not
// significant; a RefPackage matches everything in its package, a RefField
// a field or a method of its type.
func (r Ref) Matches(pkg, recv, name string) bool {
	if pkg != r.Pkg {
		return false
	}
	if r.Kind == RefPackage {
		return true
	}
	return recv == r.Recv && name == r.Name
}

// ParseRef parses a code reference:
//
//	github.com/acme/app/auth.TenantFromContext      function (RefFunc)
//	(*github.com/acme/app/authz.Service).Require    method (RefMethod; also without *)
//	github.com/acme/app/auth.Claims.OrgID           field (RefField)
//	github.com/acme/app/admin.*                     package wildcard (RefPackage)
//
// The package path ends at the first dot after its last slash
// (example.com/x.Meta.CanRead is package example.com/x), except that a
// gopkg.in-style version element stays in the path when a name follows it:
// gopkg.in/yaml.v3.Marshal is package gopkg.in/yaml.v3. Other import paths
// whose last element holds a dot can be written only in the method form,
// where the type is after the last dot: (example.com/a.b.T).M.
// Generic receivers may carry their type parameters: (*pkg.List[T]).Push.
func ParseRef(s string) (Ref, error) {
	r := Ref{Raw: s}
	if s == "" {
		return r, errors.New("empty reference")
	}
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return r, errors.New("contains a space")
	}
	if s[0] == '(' {
		return parseMethod(s)
	}
	slash := strings.LastIndexByte(s, '/')
	parts := strings.Split(s[slash+1:], ".")
	if len(parts) < 2 {
		return r, errors.New("needs a package path and a name: pkg.Name, (*pkg.Type).Method, pkg.Type.Field or pkg.*")
	}
	inPkg := 1
	if len(parts) > 2 && isVersion(parts[1]) {
		inPkg = 2
	}
	r.Pkg = s[:slash+1] + strings.Join(parts[:inPkg], ".")
	if err := checkPkg(r.Pkg); err != nil {
		return r, err
	}
	names := parts[inPkg:]
	switch len(names) {
	case 1:
		r.Name = names[0]
		if r.Name == "*" {
			r.Kind = RefPackage
			return r, nil
		}
		r.Kind = RefFunc
	case 2:
		r.Recv, r.Name = names[0], names[1]
		r.Kind = RefField
		if err := checkIdent("type", r.Recv); err != nil {
			return r, err
		}
	default:
		return r, errors.New("too many dots after the package path: want pkg.Name or pkg.Type.Field")
	}
	if r.Name == "*" {
		return r, errors.New("a wildcard is a whole package: pkg.*")
	}
	return r, checkIdent("name", r.Name)
}

func parseMethod(s string) (Ref, error) {
	r := Ref{Raw: s, Kind: RefMethod}
	end := strings.IndexByte(s, ')')
	if end < 0 {
		return r, errors.New("missing ')': want (pkg.Type).Method or (*pkg.Type).Method")
	}
	recv, rest := s[1:end], s[end+1:]
	recv, r.Pointer = strings.CutPrefix(recv, "*")
	if i := strings.IndexByte(recv, '['); i >= 0 && strings.HasSuffix(recv, "]") {
		recv = recv[:i] // type parameters: the engine matches the generic type
	}
	dot := strings.LastIndexByte(recv, '.')
	if dot < 0 {
		return r, errors.New("the receiver needs a package path: (*pkg.Type).Method")
	}
	r.Pkg, r.Recv = recv[:dot], recv[dot+1:]
	name, ok := strings.CutPrefix(rest, ".")
	if !ok {
		return r, errors.New("want (pkg.Type).Method: a method name after ')'")
	}
	r.Name = name
	if err := checkPkg(r.Pkg); err != nil {
		return r, err
	}
	if err := checkIdent("type", r.Recv); err != nil {
		return r, err
	}
	return r, checkIdent("method", r.Name)
}

// isVersion reports whether e is a gopkg.in-style major version: v1, v3.
func isVersion(e string) bool {
	if len(e) < 2 || e[0] != 'v' {
		return false
	}
	for i := 1; i < len(e); i++ {
		if e[i] < '0' || e[i] > '9' {
			return false
		}
	}
	return true
}

// checkPkg checks the shape of an import path, not its existence: the
// package may be outside what is being analysed.
func checkPkg(p string) error {
	if p == "" {
		return errors.New("empty package path")
	}
	for elem := range strings.SplitSeq(p, "/") {
		if elem == "" || elem == "." || elem == ".." {
			return fmt.Errorf("bad package path %q: want a full import path such as github.com/acme/app/auth", p)
		}
		for _, r := range elem {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-._~+", r) {
				return fmt.Errorf("bad package path %q: %q is not allowed in an import path", p, r)
			}
		}
	}
	return nil
}

func checkIdent(what, s string) error {
	if !isIdent(s) {
		return fmt.Errorf("bad %s %q: not a Go identifier", what, s)
	}
	return nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r) {
			continue
		}
		return false
	}
	return true
}
