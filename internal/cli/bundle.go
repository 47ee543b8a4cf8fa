package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/syncer"
)

// ModelSchemaVersion is the version of the model dump's JSON schema
// (docs/model.schema.json). It changes whenever a field changes meaning or
// goes away; added fields do not change it.
const ModelSchemaVersion = 1

// modelDump is the file `docspec bundle` writes beside each spec.
type modelDump struct {
	Schema  string         `json:"$schema"`
	Version int            `json:"version"`
	Service *model.Service `json:"service"`
}

func runBundle(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("bundle", "bundle [-o DIR] [--config FILE] [SPEC...]\n\nWrites, for every spec of the configuration (or those named), into DIR:\nNAME.yaml and NAME.json (the same OpenAPI 3.0.3 content) and NAME.model.json,\nthe intermediate model with provenance, per-type rules and diagnostics\n(schema: docs/model.schema.json).", stderr)
	dir := fs.String("o", "dist", "output `DIR`")
	cfg, names, code := loadConfig(fs, args)
	if cfg == nil {
		return code
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	root := filepath.Dir(cfg.File)
	m, err := syncer.LoadManifest(syncer.SnapshotDir(cfg, root))
	if err != nil {
		fmt.Fprintf(stderr, "docspec bundle: %v\n", err)
		return ExitError
	}
	n := 0
	for _, s := range cfg.Specs {
		if len(want) > 0 && !want[s.Name] {
			continue
		}
		res, err := scrapeConfigured(cfg, root, s, m)
		if err != nil {
			fmt.Fprintf(stderr, "docspec bundle: %v\n", err)
			return ExitError
		}
		m, err := json.MarshalIndent(modelDump{Schema: "docs/model.schema.json", Version: ModelSchemaVersion, Service: res.Service}, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "docspec bundle: %v\n", err)
			return ExitError
		}
		files := map[string][]byte{
			s.Name + ".yaml":       res.YAML,
			s.Name + ".json":       res.JSON,
			s.Name + ".model.json": append(m, '\n'),
		}
		for _, f := range []string{s.Name + ".yaml", s.Name + ".json", s.Name + ".model.json"} {
			if err := writeFile(filepath.Join(*dir, f), files[f]); err != nil {
				fmt.Fprintf(stderr, "docspec bundle: %v\n", err)
				return ExitError
			}
			n++
		}
	}
	fmt.Fprintf(stderr, "docspec bundle: %d files written to %s\n", n, *dir)
	return ExitOK
}
