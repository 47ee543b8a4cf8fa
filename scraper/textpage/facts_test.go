package textpage

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

func mustRead(t *testing.T, name string) *page.Page {
	t.Helper()
	p, err := Read(name, readSeed(t, name))
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return p
}

// tables returns the page's tables in order.
func tables(p *page.Page) []*page.Table {
	var out []*page.Table
	for _, b := range p.Blocks {
		if b.Kind == page.KindTable {
			out = append(out, b.Table)
		}
	}
	return out
}

func tableByCaption(t *testing.T, p *page.Page, caption string) *page.Table {
	t.Helper()
	for _, tb := range tables(p) {
		if tb.Caption == caption {
			return tb
		}
	}
	t.Fatalf("%s: no table %q", p.File, caption)
	return nil
}

func column(tb *page.Table, c int) []string {
	var out []string
	for _, r := range tb.Rows {
		if c < len(r.Cells) {
			out = append(out, r.Cells[c].Text())
		} else {
			out = append(out, "<missing>")
		}
	}
	return out
}

func eq(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestSniffSeeds(t *testing.T) {
	for _, s := range seeds {
		if got := Sniff(readSeed(t, s.file)); got != s.dialect {
			t.Errorf("Sniff(%s) = %q, want %q", s.file, got, s.dialect)
		}
	}
}

// Seed 003, Table 3 "Request body parameters": five rows, Mandatory
// Yes/No/No/No/No, sign_key's description holds a list of four rules.
func TestPlainTable3(t *testing.T) {
	p := mustRead(t, "003_068353deee511746.txt")
	if p.Dialect != model.DialectPlainText || p.Language != "en" || p.Title != "Modifying a Signature Key" {
		t.Errorf("page: dialect %q language %q title %q", p.Dialect, p.Language, p.Title)
	}
	tb := tableByCaption(t, p, "Table 3 Request body parameters")
	eq(t, "Table 3 header", tb.Header, []string{"Parameter", "Mandatory", "Type", "Description"})
	eq(t, "Table 3 names", column(tb, 0), []string{"name", "sign_type", "sign_key", "sign_secret", "sign_algorithm"})
	eq(t, "Table 3 Mandatory", column(tb, 1), []string{"Yes", "No", "No", "No", "No"})
	eq(t, "Table 3 Type", column(tb, 2), []string{"String", "String", "String", "String", "String"})
	if tb.Line != 71 || tb.Rows[0].Line != 81 || tb.Rows[2].Line != 115 {
		t.Errorf("Table 3 lines: table %d, row name %d, row sign_key %d; want 71, 81, 115", tb.Line, tb.Rows[0].Line, tb.Rows[2].Line)
	}
	// sign_key: "Signature key." then a list of 4 items.
	desc := tb.Rows[2].Cells[3]
	var list *page.Block
	for _, b := range desc.Blocks {
		if b.Kind == page.KindList {
			list = b
		}
	}
	if list == nil || len(list.Items) != 4 {
		t.Fatalf("Table 3 row sign_key: want a list of 4 items, got %s", page.Dump(&page.Page{Blocks: desc.Blocks}))
	}
	for i, pre := range []string{"hmac:", "basic:", "public_key:", "aes:"} {
		if got := list.Items[i].Text(); !strings.HasPrefix(got, pre) {
			t.Errorf("Table 3 row sign_key item %d = %q, want prefix %q", i+1, got, pre)
		}
	}
	// name: description, then "Minimum: 3" and "Maximum: 64" as paragraphs.
	var paras []string
	for _, b := range tb.Rows[0].Cells[3].Blocks {
		paras = append(paras, b.Text)
	}
	if len(paras) != 3 || paras[1] != "Minimum: 3" || paras[2] != "Maximum: 64" {
		t.Errorf("Table 3 row name description = %q", paras)
	}
	// sign_type: the broken bullets stay as written.
	st := tb.Rows[1].Cells[3]
	if st.Blocks[1].Kind != page.KindList || st.Blocks[1].Items[0].Text() != "hmac" || st.Blocks[2].Text != "-basic" {
		t.Errorf("Table 3 row sign_type: broken bullets not kept as written:\n%s", page.Dump(&page.Page{Blocks: st.Blocks}))
	}
}

// Seed 003: sections, status lines as paragraphs before their table and
// example, examples as code, the caption-less status code table.
func TestPlainStructure(t *testing.T) {
	p := mustRead(t, "003_068353deee511746.txt")
	var heads []string
	for _, b := range p.Blocks {
		if b.Kind == page.KindHeading {
			heads = append(heads, b.Text)
		}
	}
	eq(t, "003 headings", heads, []string{"Modifying a Signature Key", "Function", "Calling Method", "URI",
		"Request Parameters", "Response Parameters", "Example Requests", "Example Responses", "Status Codes", "Error Codes"})
	tbs := tables(p)
	if len(tbs) != 11 {
		t.Fatalf("003: %d tables, want 11", len(tbs))
	}
	// Table 4 follows the paragraph "Status code: 200".
	for i, b := range p.Blocks {
		if b.Kind == page.KindTable && b.Table.Caption == "Table 4 Response body parameters" {
			if prev := p.Blocks[i-1]; prev.Kind != page.KindParagraph || prev.Text != "Status code: 200" {
				t.Errorf("003 Table 4: preceded by %s %q, want paragraph \"Status code: 200\"", prev.Kind, prev.Text)
			}
			eq(t, "Table 4 names", column(b.Table, 0), []string{"name", "sign_type", "sign_key", "sign_secret", "sign_algorithm", "update_time", "create_time", "id"})
		}
	}
	st := tbs[10]
	if st.Caption != "" || st.Line != 461 {
		t.Errorf("003 status code table: caption %q line %d", st.Caption, st.Line)
	}
	eq(t, "003 status codes", column(st, 0), []string{"200", "400", "401", "403", "404", "412", "500"})
	eq(t, "003 status descriptions", column(st, 1), []string{"OK", "Bad Request", "Unauthorized", "Forbidden", "Not Found", "PreconditionFailed", "Internal Server Error"})
	// The 404 example: "Status code: 404", "Not Found", then JSON with APIG.3017.
	for i, b := range p.Blocks {
		if b.Kind == page.KindParagraph && b.Text == "Status code: 404" && i+2 < len(p.Blocks) && p.Blocks[i+2].Kind == page.KindCode {
			if p.Blocks[i+1].Text != "Not Found" || !strings.Contains(p.Blocks[i+2].Text, `"APIG.3017"`) || p.Blocks[i+2].Line != 436 {
				t.Errorf("003 404 example: %q then code at line %d %q", p.Blocks[i+1].Text, p.Blocks[i+2].Line, p.Blocks[i+2].Text)
			}
			return
		}
	}
	t.Errorf("003: no 404 example code block")
}

// Seed 004: the body table (second table under 请求参数) with 是/否.
func TestMarkdownBodyTable(t *testing.T) {
	p := mustRead(t, "004_d4e0639835c317b9.txt")
	if p.Dialect != model.DialectMarkdown || p.Language != "zh" || p.Anchor != "CreateSignatureKeyV2" || p.Title != "创建签名密钥 - CreateSignatureKeyV2" {
		t.Errorf("004 page: dialect %q language %q title %q anchor %q", p.Dialect, p.Language, p.Title, p.Anchor)
	}
	tbs := tables(p)
	if len(tbs) != 11 {
		t.Fatalf("004: %d tables, want 11", len(tbs))
	}
	body := tbs[2]
	if body.Caption != "" || body.Line != 77 {
		t.Errorf("004 body table: caption %q line %d", body.Caption, body.Line)
	}
	eq(t, "004 body header", body.Header, []string{"参数", "是否必选", "参数类型", "描述"})
	eq(t, "004 body names", column(body, 0), []string{"name", "sign_type", "sign_key", "sign_secret", "sign_algorithm"})
	eq(t, "004 body 是否必选", column(body, 1), []string{"是", "否", "否", "否", "否"})
	if body.Rows[0].Line != 88 {
		t.Errorf("004 body row name at line %d, want 88", body.Rows[0].Line)
	}
	var paras []string
	for _, b := range body.Rows[0].Cells[3].Blocks {
		paras = append(paras, b.Text)
	}
	eq(t, "004 row name description", paras, []string{"签名密钥的名称。支持汉字,英文,数字,下划线,且只能以英文和汉字开头。", "说明:", "中文字符必须为UTF-8或者unicode编码。", "最小长度:3 最大长度:64"})
	eq(t, "004 header table names", column(tbs[1], 0), []string{"X-Auth-Token"})
	// "状态码:201" is a paragraph right before the 201 response table.
	for i, b := range p.Blocks {
		if b.Kind == page.KindTable && b.Table == tbs[3] {
			if prev := p.Blocks[i-1]; prev.Kind != page.KindParagraph || prev.Text != "状态码:201" {
				t.Errorf("004 response table preceded by %s %q", prev.Kind, prev.Text)
			}
		}
	}
}

// Seed 002: the request table's rows, split from "SignatureNamestringYes".
func TestAliyunRequestTable(t *testing.T) {
	p := mustRead(t, "002_b8ccde2cc7734fbe.txt")
	if p.Dialect != model.DialectAliyun || p.Language != "en" || p.Title != "API Gateway:CreateSignature" || p.Anchor != "CreateSignature" {
		t.Errorf("002 page: dialect %q language %q title %q anchor %q", p.Dialect, p.Language, p.Title, p.Anchor)
	}
	var req, resp *page.Table
	for _, tb := range tables(p) {
		if len(tb.Header) > 0 && tb.Header[0] == "Parameter" {
			if req == nil {
				req = tb
			} else if resp == nil {
				resp = tb
			}
		}
	}
	if req == nil || resp == nil {
		t.Fatal("002: request or response table missing")
	}
	eq(t, "002 request header", req.Header, []string{"Parameter", "Type", "Required", "Description", "Example"})
	eq(t, "002 request names", column(req, 0), []string{"SignatureName", "SignatureKey", "SignatureSecret"})
	eq(t, "002 request types", column(req, 1), []string{"string", "string", "string"})
	eq(t, "002 request required", column(req, 2), []string{"Yes", "Yes", "Yes"})
	eq(t, "002 request examples", column(req, 4), []string{"backendsignature", "qwertyuiop", "asdfghjkl"})
	if d := req.Rows[0].Cells[3].Text(); !strings.HasPrefix(d, "The displayed name of the key. The name must be 4 to 50 characters") {
		t.Errorf("002 SignatureName description = %q", d)
	}
	if req.Line != 42 || req.Rows[0].Line != 43 || req.Rows[2].Line != 53 {
		t.Errorf("002 request lines: table %d rows %d %d", req.Line, req.Rows[0].Line, req.Rows[2].Line)
	}
	eq(t, "002 response names", column(resp, 0), []string{"", "RequestId", "SignatureId", "SignatureName"})
	eq(t, "002 response types", column(resp, 1), []string{"object", "string", "string", "string"})
	eq(t, "002 response examples", column(resp, 3), []string{"", "CEF72CEB-54B6-4AE8-B225-F876FF7BZ004", "dd05f1c54d6749eda95f9fa6d491449a", "backendsignature"})
	// The success sample stays as code after its heading.
	for i, b := range p.Blocks {
		if b.Kind == page.KindHeading && b.Text == "Sample success responses" {
			if i+2 >= len(p.Blocks) || p.Blocks[i+2].Kind != page.KindCode || !strings.Contains(p.Blocks[i+2].Text, `"SignatureId"`) {
				t.Errorf("002: no code after Sample success responses")
			}
			return
		}
	}
	t.Error("002: no Sample success responses heading")
}

func TestNegative(t *testing.T) {
	for _, in := range []string{"", "   \n\n\t\n"} {
		if p, err := Read("empty.txt", []byte(in)); err == nil || p != nil || !strings.Contains(err.Error(), "empty.txt") {
			t.Errorf("Read(empty %q) = %v, %v; want nil page and an error naming the file", in, p, err)
		}
		if d := Sniff([]byte(in)); d != "" {
			t.Errorf("Sniff(empty) = %q", d)
		}
	}
	// Seed 000 as the project keeps it: doc-export HTML behind repository-browser lines.
	html, err := os.ReadFile("../../sources/otc/apig/CreateSignatureKeyV2.html")
	if err != nil {
		t.Fatal(err)
	}
	if d := Sniff(html); d != "" {
		t.Errorf("Sniff(doc-export HTML) = %q, want \"\"", d)
	}
	if d := Sniff([]byte("<html>\n<body>\n<p>Table 1 Path Parameters</p>\n<p>Parameter</p>\n<p>Type</p>\n</body></html>\n")); d != "" {
		t.Errorf("Sniff(small HTML) = %q, want \"\"", d)
	}
	if d := Sniff([]byte("Just some notes.\n\nNothing here is a table.\n")); d != "" {
		t.Errorf("Sniff(prose) = %q, want \"\"", d)
	}
}

// A copy of seed 003 with the Mandatory cell of Table 3's sign_type row cut
// out: the error names the file, the table and the line, and the page is
// still read, the other rows intact.
func TestPlainMissingCell(t *testing.T) {
	data := string(readSeed(t, "003_068353deee511746.txt"))
	lines := strings.Split(data, "\n")
	if lines[94] != "No" || lines[92] != "sign_type" {
		t.Fatalf("seed 003 changed: line 95 = %q", lines[94])
	}
	cut := strings.Join(append(append([]string{}, lines[:94]...), lines[96:]...), "\n")
	dir := t.TempDir()
	file := filepath.Join(dir, "003_cut.txt")
	if err := os.WriteFile(file, []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}
	written, _ := os.ReadFile(file)
	p, err := Read("003_cut.txt", written)
	if err == nil {
		t.Fatal("no error for a missing cell")
	}
	var es Errors
	if !errors.As(err, &es) || len(es) == 0 {
		t.Fatalf("error is %T, want Errors", err)
	}
	if es[0].File != "003_cut.txt" || es[0].Line != 95 || !strings.Contains(es[0].Msg, "Table 3 Request body parameters") || !strings.Contains(es[0].Msg, "Mandatory") {
		t.Errorf("error = %v; want 003_cut.txt:95 naming Table 3 and the Mandatory cell", es[0])
	}
	if p == nil {
		t.Fatal("no partial page")
	}
	tb := tableByCaption(t, p, "Table 3 Request body parameters")
	eq(t, "cut Table 3 names", column(tb, 0), []string{"name", "sign_type", "sign_key", "sign_secret", "sign_algorithm"})
	eq(t, "cut Table 3 Mandatory", column(tb, 1), []string{"Yes", "", "No", "No", "No"})
	eq(t, "cut Table 3 Type", column(tb, 2), []string{"String", "String", "String", "String", "String"})

	// Cutting the last description of Table 1 leaves a row short of a cell
	// where the table ends.
	lines2 := strings.Split(data, "\n")
	if lines2[48] != "Signature key ID." {
		t.Fatalf("seed 003 changed: line 49 = %q", lines2[48])
	}
	cut2 := strings.Join(append(append([]string{}, lines2[:48]...), lines2[50:]...), "\n")
	p, err = Read("003_cut2.txt", []byte(cut2))
	if err == nil || p == nil || !strings.Contains(err.Error(), "003_cut2.txt:43") || !strings.Contains(err.Error(), "Table 1 Path Parameters") {
		t.Errorf("cut description: err %v", err)
	}
	if p != nil {
		tb := tableByCaption(t, p, "Table 1 Path Parameters")
		eq(t, "cut2 Table 1 names", column(tb, 0), []string{"project_id", "instance_id", "sign_id"})
	}
}

// A pipe table whose last row lost a cell: the error names the row's line.
func TestMarkdownMissingCell(t *testing.T) {
	in := "标题 - DoThing\n请求参数\n| 参数 | 是否必选 | 描述 |\n|---|---|---|\n| a | 是 | 甲 |\n| b | 否 |\n响应参数\n"
	p, err := Read("md.txt", []byte(in))
	if p == nil || err == nil || !strings.Contains(err.Error(), "md.txt:6") {
		t.Fatalf("Read: %v", err)
	}
	tb := tables(p)[0]
	eq(t, "md names", column(tb, 0), []string{"a", "b"})
	eq(t, "md required", column(tb, 1), []string{"是", "否"})
}

// Plain-text renderings of other pages: object tables named by their
// caption, "X object" and "Array of X objects" types, bounds in prose.
func TestPlainNestedTables(t *testing.T) {
	p := mustRead(t, "synth_plain_CreateMember.txt")
	body := tableByCaption(t, p, "Table 3 Request body parameters")
	eq(t, "CreateMember body", column(body, 2), []string{"CreateMemberOption object"})
	opt := tableByCaption(t, p, "Table 4 CreateMemberOption")
	eq(t, "CreateMemberOption names", column(opt, 0), []string{"address", "admin_state_up", "name", "project_id", "protocol_port", "subnet_cidr_id", "weight"})
	eq(t, "CreateMemberOption Mandatory", column(opt, 1), []string{"Yes", "No", "No", "No", "Yes", "No", "No"})
	eq(t, "CreateMemberOption Type", column(opt, 2), []string{"String", "Boolean", "String", "String", "Integer", "String", "Integer"})
	if last := opt.Rows[6].Cells[3].Blocks; last[len(last)-1].Text != "Default: 1" {
		t.Errorf("CreateMemberOption weight: last paragraph %q", last[len(last)-1].Text)
	}
	// The example request: "POST", the URL, then the body as code.
	for i, b := range p.Blocks {
		if b.Kind == page.KindHeading && b.Text == "Example Requests" {
			if p.Blocks[i+1].Kind == page.KindHeading {
				t.Errorf("CreateMember: example request caption %q read as a heading", p.Blocks[i+1].Text)
			}
			found := false
			for _, nb := range p.Blocks[i+1:] {
				if nb.Kind == page.KindHeading {
					break
				}
				found = found || nb.Kind == page.KindCode && strings.Contains(nb.Text, `"member"`)
			}
			if !found {
				t.Error("CreateMember: no request body code under Example Requests")
			}
		}
	}

	p = mustRead(t, "synth_plain_ListMembers.txt")
	resp := tableByCaption(t, p, "Table 4 Response body parameters")
	eq(t, "ListMembers response types", column(resp, 1), []string{"String", "PageInfo object", "Array of Member objects"})
	q := tableByCaption(t, p, "Table 2 Query parameters")
	eq(t, "ListMembers query names", column(q, 0), []string{"marker", "limit", "page_reverse", "name", "weight", "admin_state_up",
		"subnet_cidr_id", "address", "protocol_port", "id", "operating_status", "enterprise_project_id", "ip_version"})
	tableByCaption(t, p, "Table 6 Member")
}

// Other Markdown renderings: "#" headings, a caption line before a one-line
// pipe table, <br> inside cells, fenced example code.
func TestMarkdownVariants(t *testing.T) {
	in := "# 查询成员 - ListMembers\n\n## 请求参数\n\n表2 Query参数\n\n| 参数 | 是否必选 | 参数类型 | 描述 |\n| --- | --- | --- | --- |\n" +
		"| limit | 否 | Integer | 每页数量。<br>最小值:0<br>最大值:2000 |\n| tags | 否 | Array of strings | 标签。 |\n\n" +
		"## 响应示例\n\n状态码:200\n\n```json\n{\n  \"members\": []\n}\n```\n"
	if d := Sniff([]byte(in)); d != model.DialectMarkdown {
		t.Fatalf("Sniff = %q", d)
	}
	p, err := Read("v.md", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "查询成员 - ListMembers" || p.Anchor != "ListMembers" || p.Language != "zh" {
		t.Errorf("title %q anchor %q language %q", p.Title, p.Anchor, p.Language)
	}
	tb := tableByCaption(t, p, "表2 Query参数")
	if tb.Line != 5 || tb.Rows[0].Line != 9 || tb.Rows[1].Line != 10 {
		t.Errorf("lines: table %d rows %d %d", tb.Line, tb.Rows[0].Line, tb.Rows[1].Line)
	}
	eq(t, "names", column(tb, 0), []string{"limit", "tags"})
	eq(t, "types", column(tb, 2), []string{"Integer", "Array of strings"})
	if n := len(tb.Rows[0].Cells[3].Blocks); n != 3 {
		t.Errorf("limit description: %d paragraphs, want 3 (split at <br>)", n)
	}
	last := p.Blocks[len(p.Blocks)-1]
	if last.Kind != page.KindCode || last.Text != "{\n  \"members\": []\n}" || last.Line != 17 {
		t.Errorf("fenced code: %s %q line %d", last.Kind, last.Text, last.Line)
	}
	if prev := p.Blocks[len(p.Blocks)-2]; prev.Text != "状态码:200" {
		t.Errorf("before code: %q", prev.Text)
	}
}

// The plain-text form in Chinese: "表N" captions, 是/否, 状态码 lines.
func TestPlainChinese(t *testing.T) {
	in := "删除签名密钥\n\n功能介绍\n\n删除指定的签名密钥。\n\nURI\n\nDELETE /v2/{project_id}/apigw/instances/{instance_id}/signs/{sign_id}\n\n" +
		"表1 路径参数\n\n参数\n\n是否必选\n\n参数类型\n\n描述\n\nproject_id\n\n是\n\nString\n\n项目ID。\n\nsign_id\n\n是\n\nString\n\n签名密钥的编号\n\n" +
		"响应参数\n\n状态码:400\n\n表2 响应Body参数\n\n参数\n\n参数类型\n\n描述\n\nerror_code\n\nString\n\n错误码\n\nerror_msg\n\nString\n\n错误描述\n\n" +
		"状态码\n\n状态码\n\n描述\n\n204\n\nNo Content\n"
	if d := Sniff([]byte(in)); d != model.DialectPlainText {
		t.Fatalf("Sniff = %q", d)
	}
	p, err := Read("zh.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if p.Language != "zh" || p.Title != "删除签名密钥" {
		t.Errorf("language %q title %q", p.Language, p.Title)
	}
	eq(t, "表1 names", column(tableByCaption(t, p, "表1 路径参数"), 0), []string{"project_id", "sign_id"})
	eq(t, "表1 是否必选", column(tableByCaption(t, p, "表1 路径参数"), 1), []string{"是", "是"})
	eq(t, "表2 names", column(tableByCaption(t, p, "表2 响应Body参数"), 0), []string{"error_code", "error_msg"})
	var heads []string
	for _, b := range p.Blocks {
		if b.Kind == page.KindHeading {
			heads = append(heads, b.Text)
		}
	}
	eq(t, "zh headings", heads, []string{"删除签名密钥", "功能介绍", "URI", "响应参数", "状态码"})
	tbs := tables(p)
	eq(t, "status table", column(tbs[len(tbs)-1], 0), []string{"204"})
}

// Another Alibaba Cloud page: an array row, a row with no example, a JSON
// example value, enumerations as a list, and the error-code table kept as
// its header and lines.
func TestAliyunVariants(t *testing.T) {
	in := "API Gateway:DescribeThings\n\nLast Updated:Mar 01, 2024\n\nQueries things.\n\nRequest parameters\n\n" +
		"ParameterTypeRequiredDescriptionExample\nA stray note.\nRegionIdstringNo\n\nThe region.\n\ncn-hangzhou\nTagarray<object>No\n\nThe tags.\n\n" +
		"Filterobject\u00a0No\n\nobjectNo\n\nStatusstringNo\n\nThe status. Valid values:\n\n  • ACTIVE: active\n  • DELETED: deleted\n\nACTIVE\nBodystringNo\n\nThe body.\n\n{\"a\":1}\n\n" +
		"Examples\n\nSample success responses\n\nXMLformat\n\n<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<DescribeThingsResponse>\n  <RequestId>x</RequestId>\n</DescribeThingsResponse>\n\n" +
		"Error codes\n\nHTTP status codeError codeError messageDescription\n400InvalidParam.NameThe name is invalid.The name is invalid.\n"
	if d := Sniff([]byte(in)); d != model.DialectAliyun {
		t.Fatalf("Sniff = %q", d)
	}
	p, err := Read("a.txt", []byte(in))
	if p == nil {
		t.Fatalf("Read: %v", err)
	}
	if p.Anchor != "DescribeThings" {
		t.Errorf("anchor %q", p.Anchor)
	}
	req := tables(p)[0]
	eq(t, "names", column(req, 0), []string{"RegionId", "Tag", "Filter", "", "Status", "Body"})
	eq(t, "types", column(req, 1), []string{"string", "array<object>", "object", "object", "string", "string"})
	eq(t, "required", column(req, 2), []string{"No", "No", "No", "No", "No", "No"})
	eq(t, "examples", column(req, 4), []string{"cn-hangzhou", "", "", "", "ACTIVE", `{"a":1}`})
	if d := req.Rows[4].Cells[3]; len(d.Blocks) != 2 || d.Blocks[1].Kind != page.KindList || len(d.Blocks[1].Items) != 2 {
		t.Errorf("Status description: %s", page.Dump(&page.Page{Blocks: d.Blocks}))
	}
	// The stray line before the first row is reported with its line.
	if err == nil || !strings.Contains(err.Error(), "a.txt:10") {
		t.Errorf("err = %v, want a.txt:10", err)
	}
	for i, b := range p.Blocks {
		if b.Kind == page.KindParagraph && b.Text == "XMLformat" {
			if n := p.Blocks[i+1]; n.Kind != page.KindCode || !strings.HasSuffix(n.Text, "</DescribeThingsResponse>") || n.Line != 44 {
				t.Errorf("XML sample: %s line %d %q", n.Kind, n.Line, n.Text)
			}
		}
	}
	ec := tables(p)[1]
	eq(t, "error code header", ec.Header, []string{"HTTP status code", "Error code", "Error message", "Description"})
	if len(ec.Rows) != 0 {
		t.Errorf("error code table: %d rows, want none (the glued row is kept as a paragraph)", len(ec.Rows))
	}
	if last := p.Blocks[len(p.Blocks)-1]; last.Kind != page.KindParagraph || !strings.HasPrefix(last.Text, "400InvalidParam.Name") {
		t.Errorf("last block %s %q", last.Kind, last.Text)
	}
}

// An Alibaba Cloud page without any table is still told by its title and
// "Last Updated:" line.
func TestAliyunNoTable(t *testing.T) {
	in := "All Products\nSearch\n\nAPI Gateway:DeleteThing\n\nLast Updated:Mar 01, 2024\n\nDeletes a thing.\n\nOperation description\n\nNo parameters.\n"
	if d := Sniff([]byte(in)); d != model.DialectAliyun {
		t.Fatalf("Sniff = %q", d)
	}
	p, err := Read("b.txt", []byte(in))
	if err != nil || p.Anchor != "DeleteThing" || p.Blocks[0].Line != 4 || p.Blocks[2].Text != "Operation description" {
		t.Errorf("Read: %v\n%s", err, page.Dump(p))
	}
}
