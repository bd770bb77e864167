// Command golangci-lint is golangci-lint v2 with the tenantleak module
// plugin compiled in: the same binary `golangci-lint custom` builds from
// .custom-gcl.yml, but built from the Go module proxy alone (no git clone).
//
//	cd plugin/gcl && go build -o ../../bin/golangci-lint-tenantleak .
//
// The golangci-lint version is pinned in go.mod; tenantleak comes from this
// repository (replace ../..). Enable it in .golangci.yml as a custom linter
// of type module named tenantleak (see .golangci.example.yml).
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// The plugin registers itself as "tenantleak".
	_ "github.com/tenantleak/tenantleak/plugin"
)

const golangciModule = "github.com/golangci/golangci-lint/v2"

func main() {
	if err := commands.Execute(buildInfo()); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

// buildInfo reports golangci-lint's version (from go.mod) with a
// "-tenantleak" suffix, as `golangci-lint custom` marks its builds.
func buildInfo() commands.BuildInfo {
	info := commands.BuildInfo{Version: "unknown", Commit: "?", Date: "(unknown)", GoVersion: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	var plugin string
	for _, dep := range bi.Deps {
		switch dep.Path {
		case golangciModule:
			info.Version = strings.TrimPrefix(dep.Version, "v") + "-tenantleak"
		case "github.com/tenantleak/tenantleak":
			plugin = dep.Version
			if r := dep.Replace; r != nil {
				plugin = r.Path // a directory: this checkout
				if r.Version != "" && r.Version != "(devel)" {
					plugin += "@" + r.Version
				}
			}
		}
	}
	info.Commit = fmt.Sprintf("(tenantleak %s)", plugin)
	return info
}
