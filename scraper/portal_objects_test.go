package scraper

import (
	"strings"
	"testing"

	"github.com/docspec/docspec/model"
)

// Object tables that the Description cell names ("For details, see Table
// 3.") while the Type cell says only "Object" / "Array of objects": pages of
// the Open Telekom Cloud portal copied under testdata/portal/<service>/.

// portalOp scrapes one copied page and returns its operation METHOD path.
func portalOp(t *testing.T, file, method, path string) (*model.Operation, *model.Service) {
	t.Helper()
	svc := scrapeOne(t, "testdata/portal/"+file)
	for _, op := range svc.Operations {
		if op.Method == method && op.Path == path {
			return op, svc
		}
	}
	var got []string
	for _, op := range svc.Operations {
		got = append(got, op.Method+" "+op.Path)
	}
	t.Fatalf("%s: no operation %s %s; have %v", file, method, path, got)
	return nil, nil
}

// field walks a schema by a dotted path; array items are transparent, as
// the scorer counts them ("servers.id": field id of the items of servers).
func field(s *model.Schema, dotted string) *model.Schema {
	for _, name := range strings.Split(dotted, ".") {
		for s != nil && s.Type == model.TypeArray {
			s = s.Items
		}
		if s == nil {
			return nil
		}
		var next *model.Schema
		for _, p := range s.Properties {
			if p.Name == name {
				next = p.Schema
			}
		}
		s = next
	}
	return s
}

func propNames(s *model.Schema) []string {
	for s != nil && s.Type == model.TypeArray {
		s = s.Items
	}
	if s == nil {
		return nil
	}
	var out []string
	for _, p := range s.Properties {
		out = append(out, p.Name)
	}
	return out
}

func requestSchema(t *testing.T, op *model.Operation) *model.Schema {
	t.Helper()
	if op.RequestBody == nil || op.RequestBody.Schema == nil {
		t.Fatalf("%s: no request body", op.ID)
	}
	return op.RequestBody.Schema
}

func successSchema(t *testing.T, op *model.Operation) *model.Schema {
	t.Helper()
	for _, r := range op.Responses {
		if strings.HasPrefix(r.Status, "2") && r.Body != nil && r.Body.Schema != nil {
			return r.Body.Schema
		}
	}
	t.Fatalf("%s: no success response body", op.ID)
	return nil
}

// ECS "Starting ECSs in a Batch", in both dialects: Table 2 row os-start
// (Object, "For details, see Table 3.") is described by "Table 3 os-start
// field description", whose row servers (Array of objects, "see Table 4")
// is described by "Table 4 servers field description" (row id).
func TestECSStartOSStartSeeTable3(t *testing.T) {
	for _, file := range []string{"ecs/en-us_topic_0020212207.html", "ecs-sphinx/starting_ecss_in_a_batch.html"} {
		t.Run(file, func(t *testing.T) {
			op, svc := portalOp(t, file, "POST", "/v1/{project_id}/cloudservers/action")
			req := requestSchema(t, op)
			if got := strings.Join(propNames(req), ","); got != "os-start" {
				t.Errorf("request top level = %s, want os-start only (Table 3 and 4 are no request tables)", got)
			}
			servers := field(req, "os-start.servers")
			if servers == nil || servers.Type != model.TypeArray || servers.Items == nil || servers.Items.Type != model.TypeObject {
				t.Fatalf("os-start.servers = %+v, want an array of objects", servers)
			}
			id := field(req, "os-start.servers.id")
			if id == nil || id.Type != model.TypeString {
				t.Errorf("os-start.servers.id = %+v, want a string from Table 4 row id", id)
			}
			for _, d := range svc.Diagnostics {
				if d.Code == "table-unused" {
					t.Errorf("left unused: %s", d.Message)
				}
			}
		})
	}
}

// DCS "Querying the List of API Versions": "Table 2 versions parameters"
// and "Table 3 links parameters" say "parameters" in their captions, but
// Table 1 row versions links to Table 2 and its row links to Table 3: they
// are object tables, not more response bodies.
func TestDCSVersionsParametersCaptionIsObject(t *testing.T) {
	op, _ := portalOp(t, "dcs/querying_the_list_of_api_versions.html", "GET", "/")
	resp := successSchema(t, op)
	if got := strings.Join(propNames(resp), ","); got != "versions" {
		t.Errorf("response top level = %s, want versions only", got)
	}
	if got := strings.Join(propNames(field(resp, "versions.links")), ","); got != "rel,href" {
		t.Errorf("versions.links fields = %s, want rel,href (Table 3)", got)
	}
}

// BMS "Creating BMSs", Table 3 row root_volume: its Description links to
// "Table 7" of this page and to another page ("Querying Flavor Details ...");
// the link to the other page is no candidate, so Table 7 describes it.
func TestBMSRootVolumeLinkAmongOthers(t *testing.T) {
	op, _ := portalOp(t, "bms/creating_bmss.html", "POST", "/v1/{project_id}/baremetalservers")
	if got := strings.Join(propNames(field(requestSchema(t, op), "server.root_volume")), ","); got != "volumetype,size" {
		t.Errorf("server.root_volume fields = %s, want volumetype,size (Table 7 root_volume data structure)", got)
	}
}

// ECS "Querying Brief Information About Disks (Discarded)": Table 2 row
// attachments (Array of objects) names no table, but "Table 3 attachments
// field description" names the field.
func TestECSAttachmentsNamedByCaption(t *testing.T) {
	op, _ := portalOp(t, "ecs/en-us_topic_0065817709.html", "GET", "/v2/{project_id}/os-volumes")
	if got := strings.Join(propNames(field(successSchema(t, op), "attachments")), ","); got != "device,id,serverId,volumeId" {
		t.Errorf("attachments fields = %s, want device,id,serverId,volumeId (Table 3)", got)
	}
}

// Negative: CCE "Reading Job Progress", Table 5 row subJobs ("List of
// sub-jobs. For details, see Table 3.") links back to the response body
// itself: the recursion is not followed, and Table 3 stays the body.
func TestCCESubJobsBackLinkNotFollowed(t *testing.T) {
	op, _ := portalOp(t, "cce/reading_job_progress.html", "GET", "/api/v3/projects/{project_id}/jobs/{job_id}")
	resp := successSchema(t, op)
	if got := strings.Join(propNames(resp), ","); got != "kind,apiVersion,metadata,spec,status" {
		t.Fatalf("response top level = %s, want Table 3's rows", got)
	}
	sub := field(resp, "spec.subJobs")
	if sub == nil {
		t.Fatal("spec.subJobs missing")
	}
	if n := propNames(sub); len(n) != 0 {
		t.Errorf("spec.subJobs has fields %v: the link back to Table 3 was followed", n)
	}
}

// Negative: CCE "Listing All Nodes in a Cluster", Table 3 row items
// ("For more information, see Table 4.") links to a table of another page
// (reading_a_specified_node.html) that this scrape does not hold: no table
// of this page is attached in its place.
func TestCCEItemsLinkToOtherPageNotAttached(t *testing.T) {
	op, _ := portalOp(t, "cce/listing_all_nodes_in_a_cluster.html", "GET", "/api/v3/projects/{project_id}/clusters/{cluster_id}/nodes")
	items := field(successSchema(t, op), "items")
	if items == nil {
		t.Fatal("items missing")
	}
	if n := propNames(items); len(n) != 0 {
		t.Errorf("items has fields %v from a table of this page; the link names another page", n)
	}
}

// BMS "Starting BMSs": "Table 4 Normal response" is the success body (row
// job_id); "Table 5 Abnormal response" (row error, "Dictionary data
// structure", see Table 6) is the error body, not part of the success one.
func TestBMSNormalAndAbnormalResponse(t *testing.T) {
	op, svc := portalOp(t, "bms/starting_bmss.html", "POST", "/v1/{project_id}/baremetalservers/action")
	if got := strings.Join(propNames(successSchema(t, op)), ","); got != "job_id" {
		t.Errorf("success body = %s, want job_id (Table 4 Normal response)", got)
	}
	for _, d := range svc.Diagnostics {
		if d.Code == "table-unused" || d.Code == "type-unreadable" {
			t.Errorf("%s: %s", d.Code, d.Message)
		}
	}
}

// ECS "Detaching an EVS Disk from an ECS": Table 1 (URI section, no Type
// column) lists project_id, server_id, volume_id, which the path names, and
// delete_flag, which it does not: three path parameters, typed string as
// every path segment is, and one query parameter.
func TestECSDetachURITableSplitsPathAndQuery(t *testing.T) {
	op, _ := portalOp(t, "ecs-sphinx/detaching_an_evs_disk_from_an_ecs.html", "DELETE", "/v1/{project_id}/cloudservers/{server_id}/detachvolume/{volume_id}")
	var got []string
	for _, p := range op.Parameters {
		typ := ""
		if p.Schema != nil {
			typ = p.Schema.Type
		}
		got = append(got, p.In+":"+p.Name+":"+typ)
	}
	want := "path:project_id:string path:server_id:string path:volume_id:string query:delete_flag:"
	if strings.Join(got, " ") != want {
		t.Errorf("parameters = %v, want %s", got, want)
	}
}

// CCE "Creating a Node Pool": under the Request heading, "Table 2
// Parameters in the request header" and "Table 3 NodePool structure"; no
// table is captioned as the body, and no row points at Table 3: it is the
// request body (rows kind, apiVersion, metadata, spec), and Table 4 "Data
// structure of the metadata field" stays metadata's.
func TestCCENodePoolStructureIsRequestBody(t *testing.T) {
	op, _ := portalOp(t, "cce/creating_a_node_pool.html", "POST", "/api/v3/projects/{project_id}/clusters/{cluster_id}/nodepools")
	req := requestSchema(t, op)
	if got := strings.Join(propNames(req), ","); got != "kind,apiVersion,metadata,spec" {
		t.Errorf("request top level = %s, want Table 3's rows", got)
	}
	if field(req, "metadata.name") == nil {
		t.Errorf("metadata.name missing (Table 4)")
	}
}

// SWR "Canceling Image Permissions", Table 3 Request body parameter: the
// one row "[items]" (Array of strings) makes the body a bare JSON array of
// strings, not an object with a field "[items]".
func TestSWRItemsRowIsBareArrayRequest(t *testing.T) {
	op, _ := portalOp(t, "swr/canceling_image_permissions.html", "DELETE", "/v2/manage/namespaces/{namespace}/repos/{repository}/access")
	req := requestSchema(t, op)
	if req.Type != model.TypeArray || req.Items == nil || req.Items.Type != model.TypeString {
		t.Errorf("request body = %+v, want an array of strings", req)
	}
}

// SWR "Querying Image Tags", Table 5 Response body parameter: the one row
// "[items]" (Array of ShowReposTagResp objects) makes the 200 body an array
// whose items are Table 6's rows (id, repo_id, Tag, ...).
func TestSWRItemsRowIsBareArrayResponse(t *testing.T) {
	op, _ := portalOp(t, "swr/querying_image_tags.html", "GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/tags")
	resp := successSchema(t, op)
	if resp.Type != model.TypeArray || resp.Items == nil {
		t.Fatalf("response body = %+v, want an array", resp)
	}
	if n := propNames(resp); len(n) < 3 || n[0] != "id" || n[1] != "repo_id" || n[2] != "Tag" {
		t.Errorf("items fields = %v, want Table 6's rows id, repo_id, Tag, ...", n)
	}
}

// portalScrape scrapes several copied pages as one service.
func portalScrape(t *testing.T, files ...string) *model.Service {
	t.Helper()
	var paths []string
	for _, f := range files {
		paths = append(paths, "testdata/portal/"+f)
	}
	svc, err := Scrape(paths, Meta{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func opOf(t *testing.T, svc *model.Service, method, path string) *model.Operation {
	t.Helper()
	for _, op := range svc.Operations {
		if op.Method == method && op.Path == path {
			return op
		}
	}
	t.Fatalf("no operation %s %s", method, path)
	return nil
}

// ECS (Sphinx) "Creating ECSs", Table 3 row publicip: "For details, see
// Table 1." links to Table 1 "publicip field description" of another page,
// data_structure/data_structure_for_creating_ecss.html. Scraped together,
// that table describes server.publicip (row id), with its own page as the
// source; scraped alone, the page leaves publicip without fields.
func TestECSPublicIPOnDataStructurePage(t *testing.T) {
	const op = "ecs-sphinx-tree/apis_recommended/lifecycle_management/creating_ecss.html"
	const ds = "ecs-sphinx-tree/data_structure/data_structure_for_creating_ecss.html"
	both := opOf(t, portalScrape(t, op, ds), "POST", "/v1/{project_id}/cloudservers")
	id := field(requestSchema(t, both), "server.publicip.id")
	if id == nil || id.Type != model.TypeString {
		t.Fatalf("server.publicip.id = %+v, want a string from Table 1 of the data-structure page", id)
	}
	if id.Source.File != "testdata/portal/"+ds || id.Source.Table != "Table 1 publicip field description" {
		t.Errorf("server.publicip.id source = %+v, want the data-structure page's Table 1", id.Source)
	}
	alone := opOf(t, portalScrape(t, op), "POST", "/v1/{project_id}/cloudservers")
	if n := propNames(field(requestSchema(t, alone), "server.publicip")); len(n) != 0 {
		t.Errorf("scraped alone, server.publicip has fields %v", n)
	}
}

// CCE "Deleting a Node", Table 3 rows metadata ("metadata object" linking
// to reading_a_specified_node.html, Table 5) and spec (linking to
// creating_a_node.html): with "Reading a Specified Node" in the scrape,
// metadata gets that page's rows (name, ...); spec's page is not in the
// scrape, so spec gets no fields.
func TestCCEDeleteNodeMetadataFromReadingPage(t *testing.T) {
	svc := portalScrape(t, "cce/deleting_a_node.html", "cce/reading_a_specified_node.html")
	op := opOf(t, svc, "DELETE", "/api/v3/projects/{project_id}/clusters/{cluster_id}/nodes/{node_id}")
	resp := successSchema(t, op)
	if name := field(resp, "metadata.name"); name == nil || name.Type != model.TypeString {
		t.Errorf("metadata.name = %+v, want a string from reading_a_specified_node.html Table 5", name)
	}
	if n := propNames(field(resp, "spec")); len(n) != 0 {
		t.Errorf("spec has fields %v, but its page is not in the scrape", n)
	}
}

// OBS "Configuring a Bucket ACL": the operation is the "Request Syntax"
// block's first line "PUT /?acl HTTP/1.1": PUT / with the required query
// sub-resource acl; "Table 1 Optional header for specifying canned ACLs"
// under "Request Headers" gives header x-obs-acl; "Table 2 Additional
// request elements" is the application/xml body, nested as the syntax's XML
// nests it (AccessControlPolicy > Owner > ID, AccessControlList > Grant >
// Grantee > ID). The "Sample Request" block is no second operation.
func TestOBSBucketACLRequestSyntax(t *testing.T) {
	svc := portalScrape(t, "obs/configuring_a_bucket_acl.html")
	if len(svc.Operations) != 1 {
		t.Fatalf("%d operations, want 1 (the Sample Request is an example)", len(svc.Operations))
	}
	op := opOf(t, svc, "PUT", "/")
	var acl, hdr bool
	for _, p := range op.Parameters {
		acl = acl || p.In == model.InQuery && p.Name == "acl" && p.Required
		hdr = hdr || p.In == model.InHeader && p.Name == "x-obs-acl"
	}
	if !acl || !hdr {
		t.Errorf("parameters %+v: want required query acl and header x-obs-acl", op.Parameters)
	}
	if op.RequestBody == nil || op.RequestBody.ContentType != "application/xml" {
		t.Fatalf("request body %+v, want application/xml", op.RequestBody)
	}
	req := op.RequestBody.Schema
	if req.Name != "AccessControlPolicy" {
		t.Errorf("body schema named %q, want the XML root AccessControlPolicy", req.Name)
	}
	for _, f := range []string{"Owner.ID", "AccessControlList.Grant.Grantee.ID", "AccessControlList.Grant.Permission"} {
		if field(req, f) == nil {
			t.Errorf("body lacks %s; top level %v", f, propNames(req))
		}
	}
}

// OBS "Obtaining Bucket ACL Information": GET /?acl; the "Response Syntax"
// XML nests "Table 1 Response elements" into the 200 body.
func TestOBSBucketACLResponseSyntax(t *testing.T) {
	op := opOf(t, portalScrape(t, "obs/obtaining_bucket_acl_information.html"), "GET", "/")
	var body *model.Body
	for _, r := range op.Responses {
		if strings.HasPrefix(r.Status, "2") {
			body = r.Body
		}
	}
	if body == nil || body.ContentType != "application/xml" || field(body.Schema, "AccessControlList.Grant.Grantee.ID") == nil {
		t.Errorf("success body %+v, want application/xml with AccessControlList.Grant.Grantee.ID", body)
	}
}

// Negative: OBS "Authentication of Signature in a Header" shows "PUT /
// HTTP/1.1" in code and in tables, under headings that are no request
// syntax: no operation.
func TestOBSSigningPageIsNoOperation(t *testing.T) {
	svc := portalScrape(t, "obs/authentication_of_signature_in_a_header.html")
	if len(svc.Operations) != 0 {
		t.Errorf("operations %v from a page about signing", svc.Operations[0].Method+" "+svc.Operations[0].Path)
	}
}

// ECS (doc-export) "Starting ECSs in a Batch": the Response section says
// only "See Responses (Task)." linking to en-us_topic_0022067714.html, a
// page with no method line whose first table (row job_id) is the normal
// response. Scraped together, job_id is the success body; scraped alone,
// the operation has no success body.
func TestECSResponseOnTaskResponsesPage(t *testing.T) {
	both := opOf(t, portalScrape(t, "ecs/en-us_topic_0020212207.html", "ecs/en-us_topic_0022067714.html"), "POST", "/v1/{project_id}/cloudservers/action")
	if got := strings.Join(propNames(successSchema(t, both)), ","); got != "job_id" {
		t.Errorf("success body = %s, want job_id from Responses (Task)", got)
	}
	alone := opOf(t, portalScrape(t, "ecs/en-us_topic_0020212207.html"), "POST", "/v1/{project_id}/cloudservers/action")
	for _, r := range alone.Responses {
		if strings.HasPrefix(r.Status, "2") && r.Body != nil && r.Body.Schema != nil && len(r.Body.Schema.Properties) > 0 {
			t.Errorf("scraped alone, a success body %v", propNames(r.Body.Schema))
		}
	}
}
