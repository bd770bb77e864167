package main_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// toolFlags are the flags `tenantleak -h` lists.
func toolFlags(t *testing.T) map[string]bool {
	t.Helper()
	r := runTool(t, t.TempDir(), "-h")
	if r.code != 0 {
		t.Fatalf("tenantleak -h: %s", r)
	}
	flags := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+-([A-Za-z0-9.-]+)`).FindAllStringSubmatch(r.stderr, -1) {
		flags[m[1]] = true
	}
	for _, f := range []string{"json", "format", "sarif", "baseline", "write-baseline", "config", "C"} {
		if !flags[f] {
			t.Fatalf("tenantleak -h does not list -%s; parsed %v from:\n%s", f, flags, r.stderr)
		}
	}
	return flags
}

// tenantleakCommands returns the tenantleak command lines in a shell
// script: the words after each word "tenantleak", up to the end of the
// command.
func tenantleakCommands(script string) [][]string {
	script = strings.ReplaceAll(script, "\\\n", " ")
	var cmds [][]string
	for _, line := range strings.Split(script, "\n") {
		words := strings.Fields(line)
		for i, w := range words {
			if w != "tenantleak" {
				continue
			}
			var cmd []string
			for _, a := range words[i+1:] {
				if a == "&&" || a == "||" || a == ";" || a == "|" || strings.HasPrefix(a, "#") {
					break
				}
				cmd = append(cmd, strings.Trim(a, `"'`))
			}
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

// checkFlags fails the test for each flag of cmd tenantleak does not have.
func checkFlags(t *testing.T, where string, cmd []string, flags map[string]bool) {
	t.Helper()
	for _, a := range cmd {
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !flags[name] {
			t.Errorf("%s: tenantleak %s: there is no flag -%s", where, strings.Join(cmd, " "), name)
		}
	}
}

type workflow struct {
	Name        string
	On          map[string]any
	Permissions map[string]string
	Jobs        map[string]struct {
		RunsOn string `yaml:"runs-on"`
		Steps  []struct {
			Name string
			Uses string
			Run  string
			If   string
			With map[string]any
		}
	}
}

func TestGitHubActionsExample(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../examples/ci/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("examples/ci/github-actions.yml does not parse as YAML: %v", err)
	}
	if wf.Permissions["security-events"] != "write" {
		t.Errorf("the workflow does not grant security-events: write (upload-sarif needs it): %v", wf.Permissions)
	}
	flags := toolFlags(t)
	runs, uploads := 0, 0
	var sarifFile string
	for name, job := range wf.Jobs {
		if job.RunsOn == "" || len(job.Steps) == 0 {
			t.Errorf("job %s has no runs-on or no steps", name)
		}
		for _, s := range job.Steps {
			for _, cmd := range tenantleakCommands(s.Run) {
				runs++
				checkFlags(t, "github-actions.yml step "+s.Name, cmd, flags)
				if i := slices.Index(cmd, "-sarif"); i >= 0 && i+1 < len(cmd) {
					sarifFile = cmd[i+1]
				}
			}
			if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
				uploads++
				if s.With["sarif_file"] != sarifFile || sarifFile == "" {
					t.Errorf("upload-sarif uploads %v, tenantleak writes %q", s.With["sarif_file"], sarifFile)
				}
				if !strings.Contains(s.If, "!cancelled()") {
					t.Errorf("upload-sarif must run after a failing tenantleak step too (if: !cancelled() ...), has if: %q", s.If)
				}
			}
		}
	}
	if runs == 0 || uploads != 1 {
		t.Errorf("want a step running tenantleak and one uploading its SARIF, got %d and %d", runs, uploads)
	}
}

// readmeBlocks returns the fenced code blocks of the README with their
// language and the heading above them.
func readmeBlocks(t *testing.T) []struct{ heading, lang, text string } {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []struct{ heading, lang, text string }
	heading := ""
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "#") {
			heading = strings.TrimSpace(strings.TrimLeft(l, "#"))
		}
		if !strings.HasPrefix(l, "```") || len(l) == 3 {
			continue
		}
		lang := strings.TrimPrefix(l, "```")
		var body []string
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			body = append(body, lines[i])
		}
		blocks = append(blocks, struct{ heading, lang, text string }{heading, lang, strings.Join(body, "\n")})
	}
	return blocks
}

// The README's commands, GitLab CI job and pre-commit configuration use
// only flags and hooks that exist.
func TestREADMEExamplesUseExistingFlagsAndHooks(t *testing.T) {
	t.Parallel()
	flags := toolFlags(t)
	hooks := readHooks(t)
	gitlab, precommit := false, false
	for _, b := range readmeBlocks(t) {
		switch {
		case b.lang == "sh":
			for _, cmd := range tenantleakCommands(b.text) {
				checkFlags(t, "README ("+b.heading+")", cmd, flags)
			}
		case b.lang == "yaml" && strings.Contains(b.text, "repos:") && strings.Contains(b.text, "hooks:"):
			precommit = true
			var cfg struct {
				Repos []struct {
					Repo  string
					Rev   string
					Hooks []struct{ ID string }
				}
			}
			if err := yaml.Unmarshal([]byte(b.text), &cfg); err != nil {
				t.Errorf("README (%s): the pre-commit configuration does not parse: %v", b.heading, err)
			}
			for _, r := range cfg.Repos {
				for _, h := range r.Hooks {
					if _, ok := hooks[h.ID]; !ok {
						t.Errorf("README (%s): hook %q is not in .pre-commit-hooks.yaml", b.heading, h.ID)
					}
				}
			}
		case b.lang == "yaml" && strings.Contains(b.text, "script:"):
			gitlab = true
			var jobs map[string]struct {
				Image  string
				Script []string
			}
			if err := yaml.Unmarshal([]byte(b.text), &jobs); err != nil {
				t.Errorf("README (%s): the GitLab CI job does not parse: %v", b.heading, err)
			}
			n := 0
			for _, j := range jobs {
				for _, line := range j.Script {
					for _, cmd := range tenantleakCommands(line) {
						n++
						checkFlags(t, "README GitLab CI", cmd, flags)
					}
				}
			}
			if n == 0 {
				t.Errorf("README (%s): the GitLab CI job runs no tenantleak command", b.heading)
			}
		}
	}
	if !gitlab || !precommit {
		t.Errorf("the README lacks the GitLab CI job (%v) or the .pre-commit-config.yaml lines (%v)", gitlab, precommit)
	}
}
