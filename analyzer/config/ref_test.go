package config

import (
	"strings"
	"testing"
)

func TestParseRef(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Ref
	}{
		{"github.com/acme/app/auth.TenantFromContext", Ref{Pkg: "github.com/acme/app/auth", Name: "TenantFromContext", Kind: RefFunc}},
		{"(*github.com/acme/app/authz.Service).RequireMember", Ref{Pkg: "github.com/acme/app/authz", Recv: "Service", Pointer: true, Name: "RequireMember", Kind: RefMethod}},
		{"(github.com/acme/app/authz.Service).RequireMember", Ref{Pkg: "github.com/acme/app/authz", Recv: "Service", Name: "RequireMember", Kind: RefMethod}},
		{"github.com/acme/app/auth.Claims.OrgID", Ref{Pkg: "github.com/acme/app/auth", Recv: "Claims", Name: "OrgID", Kind: RefField}},
		{"github.com/acme/app/admin.*", Ref{Pkg: "github.com/acme/app/admin", Name: "*", Kind: RefPackage}},
		{"example.com/x.Meta.CanRead", Ref{Pkg: "example.com/x", Recv: "Meta", Name: "CanRead", Kind: RefField}},
		{"net/http.Request.Header", Ref{Pkg: "net/http", Recv: "Request", Name: "Header", Kind: RefField}},
		{"fmt.Sprintf", Ref{Pkg: "fmt", Name: "Sprintf", Kind: RefFunc}},
		{"go.uber.org/zap.L", Ref{Pkg: "go.uber.org/zap", Name: "L", Kind: RefFunc}},
		{"github.com/redis/go-redis/v9.NewClient", Ref{Pkg: "github.com/redis/go-redis/v9", Name: "NewClient", Kind: RefFunc}},
		// gopkg.in-style versions stay in the path when a name follows.
		{"gopkg.in/yaml.v3.Marshal", Ref{Pkg: "gopkg.in/yaml.v3", Name: "Marshal", Kind: RefFunc}},
		{"gopkg.in/yaml.v3.Node.Kind", Ref{Pkg: "gopkg.in/yaml.v3", Recv: "Node", Name: "Kind", Kind: RefField}},
		{"gopkg.in/yaml.v3.*", Ref{Pkg: "gopkg.in/yaml.v3", Name: "*", Kind: RefPackage}},
		{"gopkg.in/yaml.v3", Ref{Pkg: "gopkg.in/yaml", Name: "v3", Kind: RefFunc}},
		{"(*gopkg.in/yaml.v3.Decoder).Decode", Ref{Pkg: "gopkg.in/yaml.v3", Recv: "Decoder", Pointer: true, Name: "Decode", Kind: RefMethod}},
		// In the method form any import path works: the type follows the last dot.
		{"(example.com/a.b.T).M", Ref{Pkg: "example.com/a.b", Recv: "T", Name: "M", Kind: RefMethod}},
		{"(*example.com/list.List[T]).Push", Ref{Pkg: "example.com/list", Recv: "List", Pointer: true, Name: "Push", Kind: RefMethod}},
		{"example.com/x.tenantFrom", Ref{Pkg: "example.com/x", Name: "tenantFrom", Kind: RefFunc}},
	} {
		got, err := ParseRef(tc.in)
		tc.want.Raw = tc.in
		if err != nil || got != tc.want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseRefErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":                            "empty reference",
		"TenantFrom":                  "needs a package path and a name",
		"example.com/x":               "needs a package path and a name",
		"example.com/x.":              `bad name ""`,
		"example.com/x.a.b.c":         "too many dots",
		"example.com/x.T.*":           "a wildcard is a whole package",
		"example.com/x.1F":            `bad name "1F"`,
		"example.com/x .F":            "contains a space",
		"example.com//x.F":            "bad package path",
		"./auth.F":                    "bad package path",
		"/x.F":                        "bad package path",
		"example.com/x!.F":            `'!' is not allowed`,
		"(*example.com/x.T.M":         "missing ')'",
		"(*T).M":                      "the receiver needs a package path",
		"(example.com/x.T)M":          "a method name after ')'",
		"(example.com/x.T).":          `bad method ""`,
		"(example.com/x.T).M.N":       `bad method "M.N"`,
		"(example.com/x.).M":          `bad type ""`,
		"(.T).M":                      "empty package path",
		"example.com/x.T-1.F":         `bad type "T-1"`,
		"(*example.com/x.T).*":        `bad method "*"`,
		"example.com/x.*.F":           `bad type "*"`,
		"example.com/x.Claims.OrgID)": `bad name "OrgID)"`,
	} {
		_, err := ParseRef(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRef(%q) error = %v, want it to contain %q", in, err, want)
		}
	}
}

func TestRefStringRoundTrip(t *testing.T) {
	for _, in := range []string{
		"github.com/acme/app/auth.TenantFromContext",
		"(*github.com/acme/app/authz.Service).RequireMember",
		"(github.com/acme/app/authz.Service).RequireMember",
		"github.com/acme/app/auth.Claims.OrgID",
		"github.com/acme/app/admin.*",
		"gopkg.in/yaml.v3.Node.Kind",
	} {
		r, err := ParseRef(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.String(); got != in {
			t.Errorf("ParseRef(%q).String() = %q", in, got)
		}
	}
}

func TestRefMatches(t *testing.T) {
	must := func(s string) Ref {
		r, err := ParseRef(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, tc := range []struct {
		ref             string
		pkg, recv, name string
		want            bool
	}{
		{"example.com/admin.*", "example.com/admin", "", "F", true},
		{"example.com/admin.*", "example.com/admin", "T", "M", true},
		{"example.com/admin.*", "example.com/admin/sub", "", "F", false},
		{"example.com/a.F", "example.com/a", "", "F", true},
		{"example.com/a.F", "example.com/a", "T", "F", false},
		{"(*example.com/a.T).M", "example.com/a", "T", "M", true},
		{"(example.com/a.T).M", "example.com/a", "T", "M", true},
		{"(example.com/a.T).M", "example.com/a", "U", "M", false},
		{"example.com/a.T.F", "example.com/a", "T", "F", true},
	} {
		if got := must(tc.ref).Matches(tc.pkg, tc.recv, tc.name); got != tc.want {
			t.Errorf("%s.Matches(%q, %q, %q) = %v, want %v", tc.ref, tc.pkg, tc.recv, tc.name, got, tc.want)
		}
	}
}
