// Command tenantleak finds tenant leaks in multi-tenant Go services: stores
// addressed without a tenant scope.
//
// Standalone:
//
//	tenantleak [flags] ./...
//
// As a vet tool:
//
//	go vet -vettool=$(which tenantleak) ./...
//
// Exit status (standalone): 0 clean, 1 findings, 2 usage, config or load
// error, 3 internal error.
package main

import (
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/tenantleak/tenantleak/analyzer"
)

func main() {
	if vetMode(os.Args[1:]) {
		// The go command drives the tool one package at a time.
		registerVetFlags()
		unitchecker.Main(analyzer.Analyzer)
		return
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// vetMode reports whether the go command is driving the tool: it asks for
// the version and flags, then passes one JSON config file per package.
func vetMode(args []string) bool {
	for _, a := range args {
		if a == "-V=full" || a == "--V=full" || a == "-flags" || a == "--flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
