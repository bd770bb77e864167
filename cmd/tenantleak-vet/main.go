// Command tenantleak-vet runs tenantleak through go vet on the packages of
// the Go files (or the package patterns) it is given:
//
//	tenantleak-vet [go vet flags] [files or packages]
//
// It is the tenantleak-vet pre-commit hook: pre-commit passes the changed
// Go files, and go vet -vettool=$(which tenantleak) analyses their packages,
// caching each package's result as go vet does. The tenantleak binary is
// the one beside this command (both are installed by go install
// ./cmd/...), else the one on PATH. Flags (those starting with -, values
// joined with =, such as -tenantleak.config=/abs/ci/tenantleak.yml) go to go vet;
// with no files or packages it vets ./... . The exit status is go vet's: 0
// clean, 1 findings or errors.
//
// go vet caches each package's result; the configuration files are no
// input it knows of. tenantleak-vet passes a digest of them
// (-config-digest) so that an edit of .tenantleak.yml, or of a schema or
// model file it names, runs the analysis again.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tenantleak/tenantleak/analyzer/config"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	tool, err := vettool()
	if err != nil {
		fmt.Fprintf(os.Stderr, "tenantleak-vet: %v\n", err)
		return 2
	}
	var flags, rest []string
	for i, a := range args {
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
		} else {
			rest = append(rest, a)
		}
	}
	pkgs := packagesOfFiles(rest)
	if len(pkgs) == 0 {
		pkgs = []string{"./..."}
	}
	vet := []string{"vet", "-vettool=" + tool, "-config-digest=" + configDigest(flags)}
	cmd := exec.Command("go", append(append(vet, flags...), pkgs...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.Exited():
		return exit.ExitCode()
	default:
		fmt.Fprintf(os.Stderr, "tenantleak-vet: go vet: %v\n", err)
		return 2
	}
}

// vettool is the absolute path of the tenantleak binary: beside this
// executable, else on PATH.
func vettool() (string, error) {
	name := "tenantleak"
	if filepath.Ext(os.Args[0]) == ".exe" {
		name += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	p, err := exec.LookPath("tenantleak")
	if err != nil {
		return "", fmt.Errorf("no tenantleak binary beside this one or on PATH (go install github.com/tenantleak/tenantleak/cmd/...@latest): %v", err)
	}
	return filepath.Abs(p)
}

// packagesOfFiles replaces each argument naming a Go file with its
// package's directory (./dir), once; other arguments are package patterns
// and stay.
func packagesOfFiles(args []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range args {
		if strings.HasSuffix(a, ".go") {
			if fi, err := os.Stat(a); err == nil && fi.Mode().IsRegular() {
				d := filepath.Dir(a)
				if !filepath.IsAbs(d) {
					d = "./" + filepath.ToSlash(d)
					if d == "./." {
						d = "."
					}
				}
				a = d
			}
		}
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// configDigest hashes the configuration files the analysis may read: every
// .tenantleak.yml of the module (from the go.mod above the working
// directory; nested modules, testdata, vendor and hidden directories left
// out), a -tenantleak.config file, and the schema and model files they
// name.
func configDigest(flags []string) string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	root := config.ModuleRoot(wd)
	if root == "" {
		root = wd
	}
	var files []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			if p != root {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if slices.Contains(config.FileNames, name) {
			files = append(files, p)
		}
		return nil
	})
	for _, f := range flags {
		for _, prefix := range []string{"-tenantleak.config=", "--tenantleak.config="} {
			if v, ok := strings.CutPrefix(f, prefix); ok {
				if abs, err := filepath.Abs(v); err == nil {
					files = append(files, abs)
				}
			}
		}
	}
	slices.Sort(files)
	h := sha256.New()
	add := func(p string) {
		data, err := os.ReadFile(p)
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		if err == nil {
			h.Write(data)
		}
	}
	for _, f := range slices.Compact(files) {
		add(f)
		if c, err := config.Load(f); err == nil {
			for _, ref := range append(append([]string(nil), c.SchemaFiles...), c.ModelFiles...) {
				add(ref)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
