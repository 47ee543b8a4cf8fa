// Command docspec turns API reference pages into an OpenAPI 3 contract and Go
// code, and watches the docs for drift. See `docspec help`.
package main

import (
	"os"

	"github.com/docspec/docspec/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
