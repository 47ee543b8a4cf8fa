// Package templates holds docspec's text/templates: overrides of
// oapi-codegen's templates (same file name as the template they replace) and
// docspec's own (validate.tmpl). Templates only print values computed in gen.
package templates

import "embed"

// FS holds every *.tmpl file of this directory.
//
//go:embed *.tmpl
var FS embed.FS
