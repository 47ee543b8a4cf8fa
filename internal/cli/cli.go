// Package cli is docspec's command line: cmd/docspec is a thin main over Run,
// so that every command is testable with its arguments and output streams.
package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit codes, the same for every command.
const (
	ExitOK       = 0 // done; nothing at or above the threshold
	ExitFindings = 1 // done, and found what the command was asked to fail on: differences (verify), drift at the --fail-on level, pages that could not be read or operations left out of a spec (scrape, build, sync)
	ExitError    = 2 // could not run: bad usage, unreadable input, failed generation
)

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"scrape", "read pages into one OpenAPI 3.0.3 spec (and a quality report)", runScrape},
		{"build", "scrape every spec of docspec.yaml and generate its Go package (what `make` runs)", runBuild},
		{"gen", "generate Go types, client and strict server stubs from the specs of docspec.yaml", runGen},
		{"verify", "regenerate everything in a temporary directory and fail on any difference with what is committed", runVerify},
		{"drift", "compare two revisions of the docs (spec files, or pages to scrape) and classify the changes", runDrift},
		{"sync", "fetch URL sources into the snapshot (conditional requests), then regenerate the specs whose sources changed and print their drift", runSync},
		{"report", "write a self-contained HTML page of a spec: operations, fields, constraints, warnings, drift", runReport},
		{"bundle", "write every spec as YAML and JSON, with a JSON dump of the intermediate model", runBundle},
		{"serve", "serve specs as a stateful test double: inferred resources, SQLite or PostgreSQL state, auth, documented errors", runServe},
		{"help", "show this help", nil},
	}
}

// Run runs docspec with args (without the program name) and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return ExitError
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] && c.run != nil {
					return c.run([]string{"-h"}, stdout, stdout)
				}
			}
		}
		usage(stdout)
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "docspec: unknown command %q\n\n", name)
	usage(stderr)
	return ExitError
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("docspec turns API reference pages into an OpenAPI 3 contract and Go code, and watches the docs for drift.\n\nUsage: docspec COMMAND [flags] [args]\n\nCommands:\n")
	cs := commands()
	sort.SliceStable(cs, func(i, j int) bool { return false })
	for _, c := range cs {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Run "docspec help COMMAND" for a command's flags.

Exit codes:
  0  done (and, for drift and verify, nothing at or above the threshold)
  1  done, with findings: verify found differences, drift found changes at the
     --fail-on level, or scrape, build or sync met pages it could not read or
     operations that cannot go into a valid spec (each named with its file and
     line; the spec is still written from the others)
  2  could not run: bad usage, unreadable input, generation failed
`)
	io.WriteString(w, b.String())
}
