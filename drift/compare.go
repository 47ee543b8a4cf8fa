package drift

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/docspec/docspec/model"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
)

// Result is the outcome of a comparison.
type Result struct {
	// OldFile and NewFile name the compared specs (as given, slash-separated);
	// the github format points its annotations at NewFile.
	OldFile  string
	NewFile  string
	Findings []Finding
	Summary  Summary
}

// Summary counts findings per severity.
type Summary struct {
	Breaking    int `json:"breaking"`
	NonBreaking int `json:"non-breaking"`
	Editorial   int `json:"editorial"`
}

// Load parses a spec (YAML or JSON) the way Compare wants it: references
// resolved and element positions recorded. name is used in errors.
func Load(data []byte, name string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	doc, err := loader.LoadFromDataWithPath(data, &url.URL{Path: filepath.ToSlash(name)})
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return doc, nil
}

// CompareFiles loads two spec files and compares them.
func CompareFiles(oldFile, newFile string) (*Result, error) {
	oldRaw, err := os.ReadFile(oldFile)
	if err != nil {
		return nil, err
	}
	newRaw, err := os.ReadFile(newFile)
	if err != nil {
		return nil, err
	}
	oldDoc, err := Load(oldRaw, oldFile)
	if err != nil {
		return nil, err
	}
	newDoc, err := Load(newRaw, newFile)
	if err != nil {
		return nil, err
	}
	r, err := Compare(oldDoc, newDoc, oldRaw, newRaw)
	if err != nil {
		return nil, err
	}
	r.OldFile, r.NewFile = filepath.ToSlash(oldFile), filepath.ToSlash(newFile)
	return r, nil
}

// Compare reports the differences from old to new. oldRaw and newRaw are the
// specs' bytes, read for positions and provenance; either may be nil, which
// only costs line numbers. Specs loaded with Load give oasdiff's findings
// exact lines.
func Compare(old, new *openapi3.T, oldRaw, newRaw []byte) (*Result, error) {
	if old == nil || new == nil {
		return nil, fmt.Errorf("drift: nil spec")
	}
	c := &comparer{old: old, new: new}
	c.oldOps, c.newOps = operations(old), operations(new)
	c.pairOperations()
	// Positions come from the documents' origins (a parse of the bytes only
	// for a document loaded without them); oasdiff needs them only for its
	// findings' provenance.
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); c.oldIx = docIndex(old, oldRaw) }()
	go func() { defer wg.Done(); c.newIx = docIndex(new, newRaw) }()
	d, err := diff.Get(diff.NewConfig(), c.old, c.new)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %v", err)
	}
	c.oasdiff(d)
	c.docRules()
	r := &Result{Findings: c.findings}
	r.finish()
	return r, nil
}

// finish sorts the findings and counts them.
func (r *Result) finish() {
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.Operation != b.Operation {
			return a.Operation < b.Operation
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		return a.Line < b.Line
	})
	// Identical findings (a shared component reached twice) are one.
	out := r.Findings[:0]
	for i, f := range r.Findings {
		if i > 0 && sameFinding(f, r.Findings[i-1]) {
			continue
		}
		out = append(out, f)
	}
	r.Findings = out
	r.Summary = Summary{}
	for _, f := range r.Findings {
		switch f.Severity {
		case Breaking:
			r.Summary.Breaking++
		case NonBreaking:
			r.Summary.NonBreaking++
		case Editorial:
			r.Summary.Editorial++
		}
	}
}

func sameFinding(a, b Finding) bool {
	return a.Rule == b.Rule && a.Operation == b.Operation && a.Method == b.Method && a.Path == b.Path && a.Message == b.Message
}

type opKey struct{ method, path string }

type opRef struct {
	key opKey
	op  *openapi3.Operation
}

type comparer struct {
	old, new     *openapi3.T
	oldIx, newIx *index
	findings     []Finding
	oldOps       map[opKey]*openapi3.Operation
	newOps       map[opKey]*openapi3.Operation
	// renamed pairs operations whose operationId survived a change of
	// method or path: old key -> new key.
	renamed    map[opKey]opKey
	renamedNew map[opKey]bool
}

func operations(doc *openapi3.T) map[opKey]*openapi3.Operation {
	m := map[opKey]*openapi3.Operation{}
	if doc.Paths == nil {
		return m
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			m[opKey{strings.ToUpper(method), path}] = op
		}
	}
	return m
}

func sortedOpKeys(m map[opKey]*openapi3.Operation) []opKey {
	keys := make([]opKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].path != keys[j].path {
			return keys[i].path < keys[j].path
		}
		return keys[i].method < keys[j].method
	})
	return keys
}

// pairOperations finds operations that kept their operationId but changed
// method or path.
func (c *comparer) pairOperations() {
	c.renamed, c.renamedNew = map[opKey]opKey{}, map[opKey]bool{}
	olds, news := c.oldOps, c.newOps
	byID := map[string][]opKey{}
	for _, k := range sortedOpKeys(news) {
		if _, both := olds[k]; !both && news[k].OperationID != "" {
			byID[news[k].OperationID] = append(byID[news[k].OperationID], k)
		}
	}
	for _, k := range sortedOpKeys(olds) {
		if _, both := news[k]; both || olds[k].OperationID == "" {
			continue
		}
		if cands := byID[olds[k].OperationID]; len(cands) == 1 && !c.renamedNew[cands[0]] {
			c.renamed[k] = cands[0]
			c.renamedNew[cands[0]] = true
		}
	}
}

func (c *comparer) add(f Finding) {
	if f.Origin == "" {
		f.Origin = OriginDocspec
	}
	if f.Severity == "" {
		f.Severity = ruleSeverity[f.Rule]
	}
	c.findings = append(c.findings, f)
}

// oasdiff runs oasdiff's checks and maps their levels.
func (c *comparer) oasdiff(d *diff.Diff) {
	sources := diff.OperationsSourcesMap{}
	changes := checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, &sources, checker.INFO)
	loc := checker.NewDefaultLocalizer()
	for _, ch := range changes {
		id := ch.GetId()
		if oasdiffIgnored[id] {
			continue
		}
		method, path := strings.ToUpper(ch.GetOperation()), ch.GetPath()
		k := opKey{method, path}
		if _, ok := c.renamed[k]; ok && isExistence(id) {
			continue
		}
		if c.renamedNew[k] && isExistence(id) {
			continue
		}
		f := Finding{
			Rule:      id,
			Severity:  oasdiffLevel(id, ch.GetLevel()),
			Operation: ch.GetOperationId(),
			Method:    method,
			Path:      path,
			Message:   oneLine(ch.GetUncolorizedText(loc)),
			Origin:    OriginOasdiff,
		}
		opPtr := ""
		if path != "" && method != "" {
			opPtr = pointer("paths", path, strings.ToLower(method))
		}
		if f.Operation == "" && opPtr != "" {
			if op := c.newOps[k]; op != nil {
				f.Operation = op.OperationID
			} else if op := c.oldOps[k]; op != nil {
				f.Operation = op.OperationID
			}
		}
		if s := ch.GetBaseSource(); s != nil && s.Line > 0 {
			f.Old = c.oldIx.sourceAt(s.Line)
		}
		if s := ch.GetRevisionSource(); s != nil && s.Line > 0 {
			f.New = c.newIx.sourceAt(s.Line)
			f.Line = s.Line
		}
		if opPtr != "" {
			if f.Old == nil {
				f.Old = opSource(c.oldOps, c.oldIx, k)
			}
			if f.New == nil {
				f.New = opSource(c.newOps, c.newIx, k)
			}
			if f.Line == 0 {
				f.Line, _ = c.newIx.line(opPtr)
			}
		}
		c.add(f)
	}
}

// isExistence tells oasdiff's rules about an operation appearing or
// disappearing as a whole.
func isExistence(id string) bool {
	return id == "endpoint-added" || strings.HasPrefix(id, "api-removed") || strings.HasPrefix(id, "api-path-removed") ||
		id == "api-operation-id-added" || id == "api-operation-id-removed"
}

func oasdiffLevel(id string, l checker.Level) string {
	if s, ok := oasdiffSeverity[id]; ok {
		return s
	}
	switch l {
	case checker.ERR, checker.WARN:
		return Breaking
	default:
		return NonBreaking
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// opSource is the x-docspec-source of an operation, if it has one.
func opSource(ops map[opKey]*openapi3.Operation, ix *index, k opKey) *model.Source {
	op := ops[k]
	if op == nil {
		return nil
	}
	if s := sourceExt(op.Extensions); s != nil {
		return s
	}
	if l, ok := ix.line(pointer("paths", k.path, strings.ToLower(k.method))); ok {
		return ix.sourceAt(l)
	}
	return nil
}
