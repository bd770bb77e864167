// Command genrec writes the soak's generated module of mutually recursive
// helpers (internal/recgen) to a directory.
//
//	genrec [-n 2000] DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tenantleak/tenantleak/internal/recgen"
)

func main() {
	n := flag.Int("n", 2000, "number of helpers")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: genrec [-n 2000] DIR")
		os.Exit(2)
	}
	for name, text := range recgen.Files(*n) {
		p := filepath.Join(flag.Arg(0), filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "genrec:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "genrec:", err)
			os.Exit(1)
		}
	}
}
