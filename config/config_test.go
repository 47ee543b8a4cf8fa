package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadValid(t *testing.T) {
	c, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != 1 || len(c.Specs) != 2 || c.Snapshot != DefaultSnapshot {
		t.Fatalf("got %+v", c)
	}
	s := c.Spec("otc-apig")
	if s == nil || s.Title != "Open Telekom Cloud API Gateway (APIG)" || s.Output != "spec/otc-apig.yaml" || s.Package != "generated/otcapig" || s.Line != 3 {
		t.Fatalf("otc-apig: %+v", s)
	}
	if got := s.URLSources(); len(got) != 1 || got[0] != "https://docs.example.com/apig/creating_a_signature_key.html" {
		t.Fatalf("URLSources = %v", got)
	}
	if c.Spec("otc-elb-v3").Line != 11 {
		t.Fatalf("line of otc-elb-v3 = %d", c.Spec("otc-elb-v3").Line)
	}
}

// The repository's own docspec.yaml must stay readable.
func TestLoadRepositoryConfig(t *testing.T) {
	if _, err := os.Stat("../docspec.yaml"); err != nil {
		t.Fatalf("../docspec.yaml: %v", err)
	}
	c, err := Load("../docspec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Specs) == 0 {
		t.Fatal("no specs")
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{
		{"testdata/unknown-key.yaml", `testdata/unknown-key.yaml:7: unknown key "packages" in a spec entry`},
		{"testdata/wrong-version.yaml", `testdata/wrong-version.yaml:1: unsupported config version "2"`},
	} {
		_, err := Load(tc.file)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.file, err, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"no version", "specs: []\n", "missing `version: 1`"},
		{"empty", "", "empty config"},
		{"not a mapping", "- a\n", "must be a mapping"},
		{"no specs", "version: 1\n", "no specs"},
		{"top-level unknown", "version: 1\nspecz: []\n", `c.yaml:2: unknown key "specz" at the top level`},
		{"missing provider", "version: 1\nspecs:\n  - name: a\n    sources: [x]\n    output: spec/a.yaml\n", `c.yaml:3: spec "a": missing provider`},
		{"bad name", "version: 1\nspecs:\n  - name: A_b\n    provider: p\n    sources: [x]\n    output: spec/a.yaml\n", "lower-case"},
		{"no sources", "version: 1\nspecs:\n  - name: a\n    provider: p\n    output: spec/a.yaml\n", "no sources"},
		{"no output", "version: 1\nspecs:\n  - name: a\n    provider: p\n    sources: [x]\n", "missing output"},
		{"bad output", "version: 1\nspecs:\n  - name: a\n    provider: p\n    sources: [x]\n    output: spec/a.txt\n", "must end in .yaml or .json"},
		{"bad url", "version: 1\nspecs:\n  - name: a\n    provider: p\n    sources: ['https://']\n    output: spec/a.yaml\n", "not a valid URL"},
		{"duplicate", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml}\n  - {name: a, provider: p, sources: [x], output: spec/b.yaml}\n", "duplicate name (first at line 3)"},
		{"server with a trailing slash", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml, servers: ['https://{endpoint}/']}\n", `c.yaml:3: spec "a": server "https://{endpoint}/" is not an http(s) base URL`},
		{"server without scheme", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml, servers: ['{endpoint}']}\n", "not an http(s) base URL"},
		{"same output", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml}\n  - {name: b, provider: p, sources: [x], output: spec/a.yaml}\n", `also the output of "a"`},
	} {
		_, err := Parse([]byte(tc.yaml), "c.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}

// The repository's seed-only specs configure the server their pages omit.
func TestServersConfigured(t *testing.T) {
	c, err := Parse([]byte("version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml, servers: ['https://{endpoint}', 'https://apig.example.org:8443/v1']}\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Specs[0].Servers; len(got) != 2 || got[0] != "https://{endpoint}" {
		t.Errorf("servers = %q", got)
	}
}

// A config path that is a device is refused at once (it was read until
// memory ran out).
func TestLoadDeviceRefused(t *testing.T) {
	_, err := Load("/dev/zero")
	if err == nil || !strings.Contains(err.Error(), "/dev/zero: not a regular file") {
		t.Fatalf("error %v", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "docspec.yaml"))
	if err == nil || !strings.Contains(err.Error(), "docspec.yaml") {
		t.Fatalf("error %v", err)
	}
}

// Every path docspec writes (output, package, snapshot) stays inside the
// config's folder after cleaning; two spellings of one file collide; no
// output overwrites the config itself.
func TestPathsConfinedAndCollisionsRefused(t *testing.T) {
	spec := func(extra string) string {
		return "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml}\n" + extra
	}
	for _, tc := range []struct{ name, yaml, want string }{
		{"output above", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: ../a.yaml}\n", `c.yaml:3: spec "a": output ../a.yaml leaves the folder of the configuration`},
		{"output above after cleaning", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/../../a.yaml}\n", "leaves the folder"},
		{"output absolute", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: /tmp/a.yaml}\n", "is absolute"},
		{"package above", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml, package: ../gen}\n", "package ../gen leaves the folder"},
		{"snapshot above", "version: 1\nsnapshot: ../snap\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml}\n", "c.yaml:2: snapshot ../snap leaves the folder"},
		{"same file two spellings", spec("  - {name: b, provider: p, sources: [x], output: ./spec//a.yaml}\n"), `spec/a.yaml is also the output of "a"`},
		{"JSON sibling of another", spec("  - {name: b, provider: p, sources: [x], output: spec/a.json}\n"), `spec/a.json is also the JSON spec of "a"`},
		{"output is the config", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: ./c.yaml}\n", "c.yaml is also the configuration file itself"},
		{"same package", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml, package: gen/x}\n  - {name: b, provider: p, sources: [x], output: spec/b.yaml, package: gen/./x/}\n", `package gen/x is also the package of "a"`},
		{"package is the config", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: spec/a.yaml, package: c.yaml}\n", "package c.yaml is a file: the configuration file itself"},
		{"output in the snapshot", "version: 1\nspecs:\n  - {name: a, provider: p, sources: [x], output: .docspec/snapshot/a.yaml}\n", "inside the snapshot folder"},
	} {
		_, err := Parse([]byte(tc.yaml), "c.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
	c, err := Parse([]byte("version: 1\nsnapshot: ./snap/\nspecs:\n  - {name: a, provider: p, sources: [x], output: ./spec//a.yaml, package: gen/a/}\n"), "c.yaml")
	if err != nil || c.Snapshot != "snap" || c.Specs[0].Output != "spec/a.yaml" || c.Specs[0].Package != "gen/a" {
		t.Fatalf("cleaned paths: %+v %v", c, err)
	}
}
