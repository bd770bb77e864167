package yamlstrict

import (
	"testing"
)

type doc struct {
	Version int      `yaml:"version"`
	Name    string   `yaml:"name"`
	List    []string `yaml:"list"`
	Sub     struct {
		Items []string `yaml:"items"`
	} `yaml:"sub"`
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"version: 1\nnope: 2\n", "f.yml:2: nope: unknown key"},
		{"sub:\n  itemz: [a]\n", "f.yml:2: sub.itemz: unknown key"},
		{"version: x\n", `f.yml:1: version: want int, got "x"`},
		{"name: true\n", `f.yml:1: name: want a string, got bool "true"; quote it`},
		{"list: a\n", `f.yml:1: list: want a list, got the single value "a"; write [a]`},
		{"list:\n  - a\n  - [b]\n", "f.yml:3: list[1]: want a single value (string), got a list"},
		{"version: 1\nversion: 1\n", "f.yml:2: version: duplicate key (first at line 1)"},
		{"version: 1\n---\nname: x\n", "f.yml:2: more than one YAML document; a config holds one"},
		{"name: 'x\n", "f.yml:2: invalid YAML: found unexpected end of stream"},
		{"- a\n", "f.yml:1: want a mapping (key: value lines), got a list"},
	} {
		var d doc
		_, err := Decode("f.yml", []byte(tc.in), &d)
		if err == nil || len(err.Error()) < len(tc.want) || err.Error()[:len(tc.want)] != tc.want {
			t.Errorf("Decode(%q) = %v, want prefix %q", tc.in, err, tc.want)
		}
	}
}

// A trailing document separator, with or without comments, adds no document.
func TestDecodeTrailingEmptyDocument(t *testing.T) {
	for _, in := range []string{"version: 1\n---\n", "---\nversion: 1\n---\n# end\n", "version: 1\n---\n---\n"} {
		var d doc
		if _, err := Decode("f.yml", []byte(in), &d); err != nil || d.Version != 1 {
			t.Errorf("Decode(%q) = %+v, %v; want version 1, no error", in, d, err)
		}
	}
}

// The position of a key whose value is an alias is the alias's line.
func TestDecodeAliasPosition(t *testing.T) {
	in := "list: &common [a, b]\nsub:\n  items: *common\n"
	var d doc
	pos, err := Decode("f.yml", []byte(in), &d)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sub.Items) != 2 {
		t.Errorf("items = %v, want the aliased list", d.Sub.Items)
	}
	if got := pos.Line("sub.items"); got != 3 {
		t.Errorf(`Line("sub.items") = %d, want 3`, got)
	}
	if got := pos.Line("sub.items[1]"); got != 1 {
		t.Errorf(`Line("sub.items[1]") = %d, want 1 (where the item is written)`, got)
	}
}

func TestPositionsLine(t *testing.T) {
	in := "version: 1\nsub:\n  items:\n    - a\n    - b\n"
	var d doc
	pos, err := Decode("f.yml", []byte(in), &d)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int{"sub.items[1]": 5, "sub.items[7]": 4, "version": 1, "name": 1, "": 1} {
		if got := pos.Line(key); got != want {
			t.Errorf("Line(%q) = %d, want %d", key, got, want)
		}
	}
}

func TestDecodeEmpty(t *testing.T) {
	for _, in := range []string{"", "# nothing\n", "---\n", "~\n"} {
		var d doc
		if _, err := Decode("f.yml", []byte(in), &d); err != nil {
			t.Errorf("Decode(%q): %v", in, err)
		}
	}
}
