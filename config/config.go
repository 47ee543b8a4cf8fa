// Package config reads docspec.yaml: which sources make which spec, and where
// the spec and its generated package go.
//
// Schema (version 1):
//
//	version: 1                 # required; only 1 is known
//	snapshot: .docspec/snapshot # optional; where `docspec sync` keeps fetched URL sources
//	specs:
//	  - name: otc-apig         # required; short id, unique, [a-z0-9-]
//	    title: ...             # optional; info.title of the spec
//	    provider: otc          # required
//	    sources:               # required; files, directories, or http(s) URLs
//	      - sources/otc/apig
//	      - https://docs.example.com/apig/create.html
//	    output: spec/otc-apig.yaml   # required; the spec file (a .json sibling is written too)
//	    package: generated/otcapig   # optional; directory of the generated Go package
//	    servers:               # optional; base URLs, before those the pages' request lines show
//	      - https://{endpoint} # a {name} host is a server variable
//
// Unknown keys are errors, reported with their line, so that a typo never
// silently drops a setting.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Version is the only schema version this package reads.
const Version = 1

// DefaultSnapshot is the snapshot directory when the file names none.
const DefaultSnapshot = ".docspec/snapshot"

// Config is a parsed docspec.yaml.
type Config struct {
	Version  int     `yaml:"version"`
	Snapshot string  `yaml:"snapshot,omitempty"`
	Specs    []*Spec `yaml:"specs"`
	// File is the path the config was read from (not part of the schema).
	File string `yaml:"-"`

	snapshotLine int
}

// Spec is one entry of specs: the sources of one spec and its outputs.
type Spec struct {
	Name     string   `yaml:"name"`
	Title    string   `yaml:"title,omitempty"`
	Provider string   `yaml:"provider"`
	Sources  []string `yaml:"sources"`
	Output   string   `yaml:"output"`
	Package  string   `yaml:"package,omitempty"`
	Servers  []string `yaml:"servers,omitempty"`
	// Line is the line of the entry in the file, for messages.
	Line int `yaml:"-"`
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Load reads and validates the config file at file.
func Load(file string) (*Config, error) {
	data, err := readConfig(file)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data, file)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// maxConfigSize bounds the config file read: a config is a few kilobytes.
const maxConfigSize = 1 << 20

// readConfig reads the config file, refusing what is not a regular file (a
// named pipe would block, /dev/zero never end) or is over maxConfigSize.
func readConfig(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", file)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxConfigSize {
		return nil, fmt.Errorf("%s: larger than %d bytes; not a docspec configuration", file, maxConfigSize)
	}
	return data, nil
}

// Parse reads and validates config bytes; name is used in messages.
func Parse(data []byte, name string) (*Config, error) {
	// A first pass over the node tree gives lines for the checks below and
	// the version before KnownFields can complain about keys of a future schema.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: empty config; want at least `version: %d` and `specs:`", name, Version)
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: config must be a mapping", name, doc.Line)
	}
	vnode := mapValue(doc, "version")
	if vnode == nil {
		return nil, fmt.Errorf("%s: missing `version: %d`", name, Version)
	}
	if vnode.Value != fmt.Sprint(Version) {
		return nil, fmt.Errorf("%s:%d: unsupported config version %q; this docspec reads version %d", name, vnode.Line, vnode.Value, Version)
	}

	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, decodeError(name, err)
	}
	c.File = name
	if c.Snapshot == "" {
		c.Snapshot = DefaultSnapshot
	}
	c.snapshotLine = lineOf(doc, "snapshot")
	if specs := mapValue(doc, "specs"); specs != nil && specs.Kind == yaml.SequenceNode {
		for i, n := range specs.Content {
			if i < len(c.Specs) && c.Specs[i] != nil {
				c.Specs[i].Line = n.Line
			}
		}
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

var fieldRE = regexp.MustCompile(`^line (\d+): field (\S+) not found in type config\.(\w+)$`)

// decodeError rewrites yaml.v3's messages as file:line: text.
func decodeError(name string, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var msgs []string
	for _, e := range te.Errors {
		if m := fieldRE.FindStringSubmatch(e); m != nil {
			where := "at the top level"
			if m[3] == "Spec" {
				where = "in a spec entry"
			}
			msgs = append(msgs, fmt.Sprintf("%s:%s: unknown key %q %s (see the schema in package config)", name, m[1], m[2], where))
			continue
		}
		msgs = append(msgs, fmt.Sprintf("%s: %s", name, e))
	}
	return errors.New(strings.Join(msgs, "\n"))
}

func lineOf(m *yaml.Node, key string) int {
	if n := mapValue(m, key); n != nil {
		return n.Line
	}
	return m.Line
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func (c *Config) validate() error {
	if len(c.Specs) == 0 {
		return fmt.Errorf("%s: no specs; add at least one entry under `specs:`", c.File)
	}
	snap, err := confine(c.Snapshot)
	if err != nil {
		return fmt.Errorf("%s:%d: snapshot %s", c.File, c.snapshotLine, err)
	}
	c.Snapshot = snap
	seen := map[string]int{}
	w := &writes{byPath: map[string]string{path.Base(filepath.ToSlash(c.File)): "the configuration file itself"}}
	for i, s := range c.Specs {
		if s == nil {
			return fmt.Errorf("%s: specs[%d] is empty", c.File, i)
		}
		at := fmt.Sprintf("%s:%d: spec %q", c.File, s.Line, s.Name)
		switch {
		case s.Name == "":
			return fmt.Errorf("%s:%d: specs[%d]: missing name", c.File, s.Line, i)
		case !nameRE.MatchString(s.Name):
			return fmt.Errorf("%s: name must be lower-case letters, digits and hyphens", at)
		case s.Provider == "":
			return fmt.Errorf("%s: missing provider", at)
		case len(s.Sources) == 0:
			return fmt.Errorf("%s: no sources; list files, directories or URLs", at)
		case s.Output == "":
			return fmt.Errorf("%s: missing output (the spec file, e.g. spec/%s.yaml)", at, s.Name)
		}
		if line, dup := seen[s.Name]; dup {
			return fmt.Errorf("%s: duplicate name (first at line %d)", at, line)
		}
		seen[s.Name] = s.Line
		if err := s.confine(); err != nil {
			return fmt.Errorf("%s: %v", at, err)
		}
		if err := w.claim(s, c.Snapshot); err != nil {
			return fmt.Errorf("%s: %v", at, err)
		}
		if ext := path.Ext(s.Output); ext != ".yaml" && ext != ".yml" && ext != ".json" {
			return fmt.Errorf("%s: output %s must end in .yaml or .json", at, s.Output)
		}
		for _, src := range s.Sources {
			if src == "" {
				return fmt.Errorf("%s: empty source", at)
			}
			if IsURL(src) {
				if u, err := url.Parse(src); err != nil || u.Host == "" {
					return fmt.Errorf("%s: source %q is not a valid URL", at, src)
				}
			}
		}
		for _, srv := range s.Servers {
			if !serverRE.MatchString(srv) {
				return fmt.Errorf("%s: server %q is not an http(s) base URL such as https://{endpoint} (no query, no trailing slash)", at, srv)
			}
		}
	}
	return nil
}

// serverRE is a base URL: scheme, host (a literal or a {variable}), path.
var serverRE = regexp.MustCompile(`^https?://([A-Za-z0-9.-]+|\{[A-Za-z][A-Za-z0-9_-]*\})(:[0-9]+)?(/[^\s?#{}]*[^\s?#{}/])?$`)

// confine cleans a path of the config and refuses one that leaves the
// config's folder: every path docspec writes stays inside the project.
func confine(p string) (string, error) {
	if filepath.IsAbs(p) || path.IsAbs(filepath.ToSlash(p)) || filepath.VolumeName(p) != "" {
		return "", fmt.Errorf("%s is absolute; paths are relative to the folder of the configuration", p)
	}
	c := path.Clean(filepath.ToSlash(p))
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%s leaves the folder of the configuration", p)
	}
	return c, nil
}

// confine cleans the spec's output and package.
func (s *Spec) confine() error {
	out, err := confine(s.Output)
	if err != nil {
		return fmt.Errorf("output %v", err)
	}
	if out == "." {
		return fmt.Errorf("output %s names the folder of the configuration, not a file", s.Output)
	}
	s.Output = out
	if s.Package == "" {
		return nil
	}
	pkg, err := confine(s.Package)
	if err != nil {
		return fmt.Errorf("package %v", err)
	}
	s.Package = pkg
	return nil
}

// writes records which spec writes which path, to refuse two specs writing
// one file (however it is spelled) and a spec overwriting the configuration.
type writes struct {
	byPath map[string]string // cleaned path → who writes it
	pkgs   map[string]string // package folder → spec
}

// Files is what the spec writes beside its package: the spec, its JSON
// sibling and its quality report (paths as cleaned by Load).
func (s *Spec) Files() []string {
	stem := strings.TrimSuffix(s.Output, path.Ext(s.Output))
	out := []string{s.Output}
	for _, f := range []string{stem + ".json", stem + ".quality.md"} {
		if f != s.Output {
			out = append(out, f)
		}
	}
	return out
}

func (w *writes) claim(s *Spec, snapshot string) error {
	for _, f := range s.Files() {
		if other, dup := w.byPath[f]; dup {
			return fmt.Errorf("output %s: %s is also %s", s.Output, f, other)
		}
		if within(f, snapshot) {
			return fmt.Errorf("output %s is inside the snapshot folder %s", s.Output, snapshot)
		}
		what := "the JSON spec"
		switch {
		case f == s.Output:
			what = "the output"
		case strings.HasSuffix(f, ".quality.md"):
			what = "the quality report"
		}
		w.byPath[f] = fmt.Sprintf("%s of %q", what, s.Name)
	}
	if s.Package == "" {
		return nil
	}
	if w.pkgs == nil {
		w.pkgs = map[string]string{}
	}
	if other, dup := w.byPath[s.Package]; dup {
		return fmt.Errorf("package %s is a file: %s", s.Package, other)
	}
	if other, dup := w.pkgs[s.Package]; dup {
		return fmt.Errorf("package %s is also the package of %q", s.Package, other)
	}
	if within(s.Package, snapshot) || within(snapshot, s.Package) {
		return fmt.Errorf("package %s overlaps the snapshot folder %s", s.Package, snapshot)
	}
	w.pkgs[s.Package] = s.Name
	return nil
}

// within tells whether cleaned path p is dir or under it.
func within(p, dir string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

// IsURL reports whether a source is fetched (http or https) rather than read
// from the file system.
func IsURL(source string) bool {
	return strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://")
}

// URLSources returns the URL sources of the spec, in file order.
func (s *Spec) URLSources() []string {
	var out []string
	for _, src := range s.Sources {
		if IsURL(src) {
			out = append(out, src)
		}
	}
	return out
}

// Spec returns the entry with the given name, or nil.
func (c *Config) Spec(name string) *Spec {
	for _, s := range c.Specs {
		if s.Name == name {
			return s
		}
	}
	return nil
}
