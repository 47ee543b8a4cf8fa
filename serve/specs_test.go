package serve

import (
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// RDS "Creating a Parameter Template" (sources/otc/rds, "Table 4
// configuration field data structure description" row created): the table
// says yyyy-MM-ddTHH:mm:ssZ (date-time), the examples write "+0800". The
// double writes RFC 3339, which the generated client decodes; a field with
// no stated format keeps its examples' layout.
func TestSpecLayoutIsRFC3339ForDateTime(t *testing.T) {
	dateTime := &openapi3.Schema{Type: &openapi3.Types{"string"}, Format: "date-time"}
	if got := specLayout(dateTime, "2006-01-02T15:04:05+0000"); got != layoutCandidates[0] {
		t.Errorf("date-time with a +0000 layout: %q, want %q", got, layoutCandidates[0])
	}
	if got := specLayout(dateTime, "2006-01-02T15:04:05.000Z"); got != "2006-01-02T15:04:05.000Z" {
		t.Errorf("an RFC 3339 layout was replaced: %q", got)
	}
	plain := &openapi3.Schema{Type: &openapi3.Types{"string"}}
	if got := specLayout(plain, "2006-01-02T15:04:05+0000"); got != "2006-01-02T15:04:05+0000" {
		t.Errorf("a field with no format lost its examples' layout: %q", got)
	}
	if _, err := time.Parse(time.RFC3339, time.Now().Format(specLayout(dateTime, "2006-01-02 15:04:05"))); err != nil {
		t.Error(err)
	}
}

// RDS "Obtaining Details About Backups" (spec/otc-rds.yaml, GET
// /v3/{project_id}/backups): limit is untyped and its default is the text
// "100"; a list asked without limit shows up to 100 items, not none.
func TestListLimitDefaultGivenAsText(t *testing.T) {
	sp := loadSpec(t, "otc-rds")
	var op *openapi3.Operation
	for _, o := range sp.Ops {
		if o.Method == "GET" && o.Path == "/v3/{project_id}/backups" {
			op = o.Operation
		}
	}
	if op == nil {
		t.Fatal("no GET /v3/{project_id}/backups in otc-rds")
	}
	lq := readListQuery(op, nil, httptest.NewRequest("GET", "/v3/p/backups?instance_id=i", nil))
	if lq.limit != 100 {
		t.Fatalf("limit = %d, want the documented default 100", lq.limit)
	}
}

// ECS "Assigning a Floating IP Address" (en-us_topic_0065820816.html): the
// answer requires fixed_ip, id, instance_id, ip and pool; the request
// carries only pool. complete gives the missing ones the page example's
// values when they fit, else the plainest their schema allows; present
// values stay, and optional fields stay absent.
func TestCompleteRequiredAnswerFields(t *testing.T) {
	str := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"string"}}}
	n := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"integer"}, Min: ptr(1.0)}}
	s := &openapi3.Schema{Type: &openapi3.Types{"object"}, Required: []string{"fixed_ip", "ip", "pool", "port"},
		Properties: openapi3.Schemas{"fixed_ip": str, "ip": str, "pool": str, "port": n, "note": str}}
	obj := map[string]any{"pool": "admin_external_net"}
	complete(s, obj, map[string]any{"ip": "10.154.51.235", "fixed_ip": 7})
	if obj["pool"] != "admin_external_net" || obj["ip"] != "10.154.51.235" || obj["port"] != 1.0 {
		t.Errorf("completed %v", obj)
	}
	if _, ok := obj["fixed_ip"].(string); !ok {
		t.Errorf("fixed_ip = %#v: the example's 7 is no string, want a generated string", obj["fixed_ip"])
	}
	if _, ok := obj["note"]; ok {
		t.Errorf("optional note was set: %v", obj)
	}
	if keys := sortedKeys(obj); !slices.Equal(keys, []string{"fixed_ip", "ip", "pool", "port"}) {
		t.Errorf("keys %v", keys)
	}
}

func ptr[T any](v T) *T { return &v }
