package interp

import (
	"strings"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
	"github.com/docspec/docspec/scraper/page"
)

// Section roles. Pages name their sections in English or Chinese; the role
// is what the interpreter acts on.
const (
	secOther = iota
	secFunction
	secURI
	secRequest
	secResponse
	secExampleRequest
	secExampleResponse
	secStatusCodes
	secErrorCodes
)

// sectionRole maps a heading to its role. Matching is on words, not on a
// page's exact wording, so "Request Parameters", "Request parameters" and
// "请求参数" all count.
func sectionRole(h string) int {
	l := strings.ToLower(strings.TrimSpace(h))
	switch {
	case l == "":
		return secOther
	case strings.Contains(l, "example request") || strings.Contains(l, "request example") || strings.HasPrefix(l, "请求示例"):
		return secExampleRequest
	case strings.HasPrefix(l, "sample request"):
		return secExampleRequest
	case strings.Contains(l, "example response") || strings.Contains(l, "response example") || strings.HasPrefix(l, "响应示例") ||
		l == "examples" || strings.HasPrefix(l, "sample"):
		return secExampleResponse
	case strings.Contains(l, "request parameter") || strings.HasPrefix(l, "请求参数") || l == "request" || l == "requests" || strings.Contains(l, "request body"):
		return secRequest
	case strings.Contains(l, "response parameter") || strings.HasPrefix(l, "响应参数") || l == "response" || l == "responses" || strings.Contains(l, "response body"):
		return secResponse
	case l == "uri" || strings.HasPrefix(l, "uri ") || l == "url" || l == "request uri" || l == "请求uri":
		return secURI
	case strings.Contains(l, "status code") || l == "状态码" || strings.Contains(l, "返回值"):
		return secStatusCodes
	case strings.Contains(l, "error code") || l == "错误码":
		return secErrorCodes
	case l == "function" || l == "functions" || l == "description" || l == "功能介绍" || l == "operation description" || l == "api description":
		return secFunction
	}
	return secOther
}

var (
	// "POST /v2/{project_id}/apigw/instances/{instance_id}/signs", also as a
	// URL ("POST https://{endpoint}/v3/{project_id}/backups", "GET
	// {Endpoint}/v1/..."): the server part is no part of the path.
	reMethodPath = regexp.MustCompile(`^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:https?://[^/\s]+|\{[A-Za-z_]+\})?(/\S*)`)
	// in the URI section, the line may be introduced: "URI format: GET /v3/..."
	reMethodPathIn = regexp.MustCompile(`(?:^|[\s:：])(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(?:https?://[^/\s"'<>]+|\{[A-Za-z_]+\})?(/[^\s"'<>]*)`)
	// "Status code: 201", "状态码：201", "Status Code: 200 OK"
	reStatus = regexp.MustCompile(`(?i)^(?:status\s*code|状态码|http\s*status\s*code)\s*[:：]?\s*([1-5]\d\d)\b`)
	// "Table 3 Request body parameters", "表3 请求Body参数"
	reCaptionNum = regexp.MustCompile(`^(?:Table|表)\s*\d+\s*`)
	reStatusOnly = regexp.MustCompile(`^[1-5]\d\d$`)
	reIdent      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	// a type name, maybe qualified: "Member", "io.k8s.api.core.v1.Container",
	// "com.otc.paas-core.yangtse.pkg.apis.yangtse.v2.NetworkSpec" (CCI)
	reTypeName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_-]*)*$`)
)

// column kinds of a parameter table.
const (
	colName = iota + 1
	colRequired
	colType
	colDesc
	colExample
	colStatus
	colErrorCode
	colMessage
	colSolution
	colDefault
)

func columnKind(h string) int {
	l := strings.ToLower(page.NormalizeSpace(h))
	switch {
	case l == "parameter" || l == "parameters" || l == "name" || l == "header" || l == "element" || l == "field" || l == "参数" || l == "参数名" || l == "名称" || l == "字段" || l == "parameter name":
		return colName
	case l == "mandatory" || l == "required" || l == "是否必选" || l == "必选" || l == "是否必填" || l == "必填" || l == "mandatory/optional":
		return colRequired
	case l == "type" || l == "参数类型" || l == "类型" || l == "data type" || l == "value type":
		return colType
	case l == "description" || l == "描述" || l == "说明" || l == "remarks" || l == "meaning":
		return colDesc
	case l == "example" || l == "示例" || l == "示例值" || l == "example value":
		return colExample
	case l == "status code" || l == "http status code" || l == "状态码" || l == "http status" || l == "return value" || l == "返回值":
		return colStatus
	case l == "error code" || l == "错误码" || l == "error codes":
		return colErrorCode
	case l == "error message" || l == "错误信息" || l == "message" || l == "error description" || l == "错误描述":
		return colMessage
	case l == "solution" || l == "处理措施" || l == "handling measure" || l == "measure":
		return colSolution
	case l == "default" || l == "default value" || l == "默认值":
		return colDefault
	}
	// Headers worded otherwise ("Is Mandatory", "Parameter Type", "Data
	// Description"): the telling word decides, most specific first.
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(l, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("error code", "错误码"):
		return colErrorCode
	case has("status code", "状态码"):
		return colStatus
	case has("mandatory", "required", "必选", "必填"):
		return colRequired
	case has("type", "类型"):
		return colType
	case has("description", "描述", "说明"):
		return colDesc
	case has("example", "示例"):
		return colExample
	case has("parameter", "field", "参数", "字段") || l == "key":
		return colName
	}
	return 0
}

// required reads a Mandatory cell.
func required(s string) (bool, bool) {
	l := strings.ToLower(strings.TrimSpace(s))
	switch {
	case l == "yes" || l == "是" || l == "true" || l == "mandatory" || l == "required" || l == "y" || strings.HasPrefix(l, "yes"):
		return true, true
	case l == "no" || l == "否" || l == "false" || l == "optional" || l == "n" || strings.HasPrefix(l, "no"):
		return false, true
	}
	return false, false
}

// reNameMark is a name cell that carries its own Mandatory mark:
// "name (optional)", "sign_key（必选）".
var reNameMark = regexp.MustCompile(`^(\S+?)\s*[(（]\s*([^()（）]+?)\s*[)）]$`)

// nameMark splits a name cell written "name (optional)" into the field name
// and the requiredness it states (marked true); any other cell is returned
// as it is.
func nameMark(cell string) (name string, req, marked bool) {
	m := reNameMark.FindStringSubmatch(cell)
	if m == nil {
		return cell, false, false
	}
	if v, ok := required(m[2]); ok {
		return m[1], v, true
	}
	return cell, false, false
}

var (
	reArrayOf   = regexp.MustCompile(`(?i)^(?:array|list)\s+of\s+(.+?)\s*$`)
	reTypeArray = regexp.MustCompile(`(?i)^(?:array|list)\s*[<\[]\s*(.+?)\s*[>\]]$|^(.+?)\s*\[\]$|^(\w+)\s+array$`)
	reObjectOf  = regexp.MustCompile(`(?i)^(.+?)\s+objects?$`)
	reTableRef  = regexp.MustCompile(`^(?:Table|表)\s*\d+$`)
	reInTable   = regexp.MustCompile(`(?i)^(.+?)\s+in\s+table\s*\d+$`)
	reMap       = regexp.MustCompile(`(?i)^map\s*(?:<\s*(\w+)\s*,\s*(.+?)\s*>|\[\s*(\w+)\s*,\s*(.+?)\s*\])?$`)
)

// typeRef is a parsed Type cell: a JSON type, an optional format, and for
// objects and arrays of objects the name of the table that describes them.
type typeRef struct {
	Type   string
	Format string
	Ref    string // object table name ("Member")
	Items  *typeRef
	Values *typeRef // map values
	Known  bool
	// TableOnly: the cell named only the table ("Table 3"), not whether
	// the field holds one object or an array of them.
	TableOnly bool
}

// parseType reads "String", "Integer", "Array of Member objects",
// "Map<String,String>", "Long" ... in any capitalisation.
func parseType(s string) typeRef {
	s = strings.TrimSpace(page.NormalizeSpace(s))
	if s == "" {
		return typeRef{}
	}
	l := strings.ToLower(s)
	switch l {
	case "string", "str", "字符串", "text", "uuid", "enum", "char":
		return typeRef{Type: model.TypeString, Known: true}
	case "integer", "int", "int32", "整数", "整型", "short":
		return typeRef{Type: model.TypeInteger, Format: "int32", Known: true}
	case "long", "int64", "长整型", "bigint":
		return typeRef{Type: model.TypeInteger, Format: "int64", Known: true}
	case "float", "float32":
		return typeRef{Type: model.TypeNumber, Format: "float", Known: true}
	case "double", "float64":
		return typeRef{Type: model.TypeNumber, Format: "double", Known: true}
	case "number", "decimal", "bigdecimal", "数值":
		return typeRef{Type: model.TypeNumber, Known: true}
	case "boolean", "bool", "布尔", "布尔型":
		return typeRef{Type: model.TypeBoolean, Known: true}
	case "object", "objects", "json", "对象", "json object", "jsonobject", "dictionary", "dict", "dictionary data structure", "xml", "container":
		return typeRef{Type: model.TypeObject, Known: true}
	case "array", "list", "数组", "jsonarray", "json array":
		return typeRef{Type: model.TypeArray, Known: true}
	case "timestamp", "date", "datetime", "time":
		return typeRef{Type: model.TypeString, Known: true}
	case "file", "binary":
		return typeRef{Type: model.TypeString, Format: "binary", Known: true}
	}
	if reTableRef.MatchString(s) {
		// "Table 3": the table (which the cell links to) describes the object.
		return typeRef{Type: model.TypeObject, Known: true, TableOnly: true}
	}
	if m := reInTable.FindStringSubmatch(s); m != nil {
		// "Array of objects in Table 5", "Objects in Table 6" (GeminiDB): the
		// type, then the table the cell links to.
		if t := parseType(m[1]); t.Known {
			return t
		}
	}
	if m := reMap.FindStringSubmatch(s); m != nil {
		v := m[2]
		if v == "" {
			v = m[4]
		}
		t := typeRef{Type: model.TypeObject, Known: true}
		if v != "" {
			vt := parseType(v)
			t.Values = &vt
		}
		return t
	}
	if m := reArrayOf.FindStringSubmatch(s); m != nil {
		it := parseElem(m[1])
		return typeRef{Type: model.TypeArray, Items: &it, Known: true}
	}
	if m := reTypeArray.FindStringSubmatch(s); m != nil {
		inner := m[1] + m[2] + m[3]
		it := parseElem(inner)
		return typeRef{Type: model.TypeArray, Items: &it, Known: true}
	}
	if m := reObjectOf.FindStringSubmatch(s); m != nil {
		name := strings.TrimSpace(m[1])
		if reTableRef.MatchString(name) {
			// "Table 6 object" (CCE): the table the cell links to.
			return typeRef{Type: model.TypeObject, Known: true}
		}
		if reTypeName.MatchString(name) {
			return typeRef{Type: model.TypeObject, Ref: name, Known: true}
		}
	}
	if reIdent.MatchString(s) && s[0] >= 'A' && s[0] <= 'Z' && len(s) > 3 {
		// A bare table name in the type column ("CreateMemberOption").
		return typeRef{Type: model.TypeObject, Ref: s, Known: true}
	}
	return typeRef{}
}

// parseElem reads the element of "Array of X": plural scalars ("strings"),
// "Member objects", "Member".
func parseElem(s string) typeRef {
	s = strings.TrimSpace(s)
	l := strings.ToLower(s)
	if l == "objects" || l == "object" {
		return typeRef{Type: model.TypeObject, Known: true}
	}
	if !strings.ContainsAny(l, "<[ ") {
		// plural scalars: "strings", "integers"
		if t := parseType(strings.TrimSuffix(l, "s")); t.Known && t.Ref == "" && t.Type != model.TypeObject {
			return t
		}
	}
	if t := parseType(s); t.Known {
		return t
	}
	return typeRef{}
}
