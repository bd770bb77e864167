package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// hook is an entry of .pre-commit-hooks.yaml.
type hook struct {
	ID            string   `yaml:"id"`
	Name          string   `yaml:"name"`
	Description   string   `yaml:"description"`
	Entry         string   `yaml:"entry"`
	Args          []string `yaml:"args"`
	Language      string   `yaml:"language"`
	Types         []string `yaml:"types"`
	RequireSerial bool     `yaml:"require_serial"`
	PassFilenames *bool    `yaml:"pass_filenames"`
}

func readHooks(t *testing.T) map[string]hook {
	t.Helper()
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	byID := map[string]hook{}
	for _, h := range hooks {
		byID[h.ID] = h
	}
	for _, id := range []string{"tenantleak", "tenantleak-vet"} {
		h, ok := byID[id]
		if !ok {
			t.Fatalf(".pre-commit-hooks.yaml has no hook %s", id)
		}
		if h.Language != "golang" || !slices.Contains(h.Types, "go") || h.Name == "" || !h.RequireSerial {
			t.Errorf("hook %s: want language golang, types [go], a name and require_serial: %+v", id, h)
		}
		if h.PassFilenames != nil && !*h.PassFilenames {
			t.Errorf("hook %s does not pass the changed files", id)
		}
		if strings.ContainsAny(h.Entry, `"'\$`) {
			t.Errorf("hook %s: entry %q needs shell quoting, which pre-commit does not do", id, h.Entry)
		}
	}
	return byID
}

var (
	vetOnce sync.Once
	vetErr  error
)

// hookPath returns a PATH with tenantleak and tenantleak-vet first: what
// pre-commit's golang environment puts on PATH (go install ./...).
func hookPath(t *testing.T) string {
	t.Helper()
	vetOnce.Do(func() {
		out, err := exec.Command("go", "build", "-o", filepath.Join(filepath.Dir(bin), "tenantleak-vet"), "../tenantleak-vet").CombinedOutput()
		if err != nil {
			vetErr = errors.New(string(out))
		}
	})
	if vetErr != nil {
		t.Fatalf("building tenantleak-vet: %v", vetErr)
	}
	return filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")
}

// runHook runs a hook's command line the way pre-commit builds it: the
// entry split into words, the hook's args, then the file names.
func runHook(t *testing.T, h hook, dir string, files ...string) result {
	t.Helper()
	argv := append(append(strings.Fields(h.Entry), h.Args...), files...)
	path := hookPath(t)
	exe := argv[0]
	for _, d := range filepath.SplitList(path) {
		if p := filepath.Join(d, exe); fileExists(p) {
			exe = p
			break
		}
	}
	cmd := exec.Command(exe, argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+path, "GOWORK=off", "GOPROXY=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.Exited():
		r.code = exit.ExitCode()
	default:
		t.Fatalf("running hook %s (%v): %v", h.ID, argv, err)
	}
	return r
}

func hookModule(t *testing.T) string {
	return writeModule(t, map[string]string{
		"notes/notes.go": notesGo,
		"tags/tags.go":   strings.ReplaceAll(cleanGo, "package notes", "package tags"),
	})
}

// TestPreCommitHookCommandLines runs each hook's command line as pre-commit
// would on the changed files: a leak fails it, clean files pass, and the
// repository's .tenantleak.yml is read.
func TestPreCommitHookCommandLines(t *testing.T) {
	t.Parallel()
	hooks := readHooks(t)
	for _, id := range []string{"tenantleak", "tenantleak-vet"} {
		t.Run(id, func(t *testing.T) {
			h := hooks[id]
			dir := hookModule(t)
			r := runHook(t, h, dir, "notes/notes.go")
			out := r.stdout + r.stderr
			if r.code != 1 || !strings.Contains(out, "TL001") || !strings.Contains(out, "notes.go:") {
				t.Errorf("changed notes/notes.go (a leak): want exit 1 and the TL001 finding, got %s", r)
			}
			if r := runHook(t, h, dir, "tags/tags.go"); r.code != 0 || strings.Contains(r.stdout+r.stderr, "TL00") {
				t.Errorf("changed tags/tags.go (clean): want exit 0, got %s", r)
			}
			writeFile(t, dir, ".tenantleak.yml", "version: 1\ndisable: [TL001]\n")
			if r := runHook(t, h, dir, "notes/notes.go", "tags/tags.go"); r.code != 0 {
				t.Errorf("with .tenantleak.yml disabling TL001: want exit 0, got %s", r)
			}
		})
	}
}

// requireInCI skips a test whose tool is missing on a developer machine,
// and fails it in CI (CI is set), where .ci/run installs the tool.
func requireInCI(t *testing.T, what string, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is needed and missing in CI: %v", what, err)
	}
	t.Skipf("%s is not available (%v); .ci/run installs it", what, err)
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// hookRepo commits the working tree of the checkout at top (tracked and
// untracked files, as they are now) to a new repository, for pre-commit
// to clone: try-repo on the checkout itself would leave out files not yet
// committed.
func hookRepo(t *testing.T, top string) string {
	t.Helper()
	list, err := exec.Command("git", "-C", top, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	repo := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		src := filepath.Join(top, filepath.FromSlash(name))
		data, err := os.ReadFile(src)
		if err != nil {
			continue // deleted, or a directory (a nested repository)
		}
		fi, err := os.Stat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		dst := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "-A"},
		{"-c", "user.name=tenantleak test", "-c", "user.email=test@example.com", "commit", "-q", "--no-verify", "-m", "hooks under test"},
	} {
		if out, err := exec.Command("git", append([]string{"-C", repo}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return repo
}

// TestPreCommitTryRepo installs the hooks with pre-commit itself (try-repo
// on a commit of this working tree: pre-commit clones it and runs go
// install ./..., as for a user's rev) and runs them on a repository with a
// leak.
func TestPreCommitTryRepo(t *testing.T) {
	t.Parallel()
	precommit, err := exec.LookPath("pre-commit")
	if err != nil {
		requireInCI(t, "pre-commit (apt-get install pre-commit)", err)
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		requireInCI(t, "a git checkout of tenantleak", err)
	}
	repo := hookRepo(t, strings.TrimSpace(string(top)))
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := hookModule(t)
	if out, err := exec.Command("git", "-C", dir, "init", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	// One pre-commit home for both hooks: one install. The module cache is
	// the machine's, so the install downloads nothing it already has.
	home := t.TempDir()
	env := append(os.Environ(), "PRE_COMMIT_HOME="+home, "GOMODCACHE="+strings.TrimSpace(string(modcache)), "GOWORK=off", "PRE_COMMIT_COLOR=never")
	tryRepo := func(id string, files ...string) result {
		t.Helper()
		args := append([]string{"try-repo", repo, id, "--verbose", "--files"}, files...)
		cmd := exec.Command(precommit, args...)
		cmd.Dir = dir
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		r := result{stdout: stdout.String(), stderr: stderr.String()}
		var exit *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &exit) && exit.Exited():
			r.code = exit.ExitCode()
		default:
			t.Fatalf("pre-commit %v: %v", args, err)
		}
		return r
	}
	for _, id := range []string{"tenantleak", "tenantleak-vet"} {
		r := tryRepo(id, "notes/notes.go")
		if r.code != 1 || !strings.Contains(r.stdout, "TL001") || !strings.Contains(r.stdout, "Failed") {
			t.Errorf("pre-commit try-repo %s on a leak: want the hook to fail with TL001, got %s", id, r)
		}
		if r := tryRepo(id, "tags/tags.go"); r.code != 0 || !strings.Contains(r.stdout, "Passed") {
			t.Errorf("pre-commit try-repo %s on a clean file: want the hook to pass, got %s", id, r)
		}
	}
}
