package prose

import (
	"testing"

	"github.com/docspec/docspec/model"
)

// Values paired with their meanings inside one sentence (pairedValues).
var pairedCases = []parseCase{
	{
		name: "lts creating_a_log_ingestion_configuration.html, Table 3 Request body parameters, row access_config_type",
		typ:  model.TypeString,
		cell: cell(para("Ingestion configuration type. AGENT: ECS access; K8S_CCE: CCE access")),
		want: "enum=AGENT|K8S_CCE",
	},
	{
		name: "lts creating_a_log_ingestion_configuration.html, single-line format table, row mode",
		typ:  model.TypeString,
		cell: cell(para("Single-line logs. system indicates the system time, whereas wildcard indicates the time wildcard.")),
		want: "enum=system|wildcard",
	},
	{
		name: "cce creating_a_node_pool.html, Table 21 matchLabels, row metadataEncrypted",
		typ:  model.TypeString,
		cell: cell(para("Disk encryption identifier. 0 indicates that the disk is not encrypted, and 1 indicates that the disk is encrypted.")),
		want: "enum=0|1",
	},
	{
		name: "negative: labels, not values (Note: ...; Example: ...)",
		typ:  model.TypeString,
		cell: cell(para("Tag key. Note: keys are case sensitive; Example: env")),
		want: "",
	},
	{
		name: "negative: otc-elb-v3 CreateLoadBalancer.html, row ip_version: the values are taken back",
		typ:  model.TypeInteger,
		cell: cell(para("Specifies the IP version. 4 indicates IPv4, and 6 indicates IPv6."), para("IPv6 is unsupported. The value cannot be 6.")),
		want: "",
	},
	{
		name: "negative: one value explained is no enumeration",
		typ:  model.TypeString,
		cell: cell(para("Mode. AGENT: ECS access.")),
		want: "",
	},
}

func TestParsePairedValues(t *testing.T) { runCases(t, pairedCases) }

// TestPairedValuesTrimmed: the text is trimmed before its start is read,
// by the check that spares the split as by the split.
func TestPairedValuesTrimmed(t *testing.T) {
	for _, s := range []string{"AGENT: ECS access; K8S_CCE: CCE access.", "  AGENT: ECS access; K8S_CCE: CCE access", "\tsystem indicates the system time, whereas wildcard indicates the time wildcard."} {
		if vs := pairedValues(s); len(vs) != 2 {
			t.Errorf("pairedValues(%q) = %q, want two values", s, vs)
		}
	}
	if vs := pairedValues("The mode. AGENT: ECS access; K8S_CCE: CCE access"); vs != nil {
		t.Errorf("a text that starts with no value gave %q", vs)
	}
}
