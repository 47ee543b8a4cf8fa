package openapi

import "github.com/docspec/docspec/model"

// Hand-built models mirroring the seed pages: they pin what the emitter
// makes of a model, whatever the readers make of a page (internal/seeds pins
// the real pipeline, page → spec, for every seed).

func i64(v int64) *int64     { return &v }
func f64(v float64) *float64 { return &v }
func str(v string) *string   { return &v }
func src000(table, row string, line int) model.Source {
	return model.Source{File: "otc-apig/CreateSignatureKeyV2.html", Section: sectionOf(table), Table: table, Row: row, Line: line}
}

func sectionOf(table string) string {
	switch table {
	case "Table 1 Path Parameters":
		return "URI"
	case "Table 2 Request header parameters", "Table 3 Request body parameters":
		return "Request Parameters"
	case "":
		return "Example Responses"
	}
	return "Response Parameters"
}

func strField(name string, required bool, desc string, src model.Source) *model.Property {
	return &model.Property{Name: name, Required: required, Source: src,
		Schema: &model.Schema{Type: model.TypeString, Description: desc, Source: src}}
}

func rule(field string, when []*model.Condition, minL, maxL int64, pattern, text string, src model.Source) *model.Rule {
	return &model.Rule{Field: field, When: when, MinLength: i64(minL), MaxLength: i64(maxL), Pattern: pattern, Text: text, Source: src}
}

func eq(field, v string) *model.Condition { return &model.Condition{Field: field, Equals: v} }

// signRules are the per-sign_type rules of seed 000's sign_key and
// sign_secret rows (Table 3, and again Table 4).
func signRules(table string, keyLine, secretLine int) []*model.Rule {
	k := src000(table, "sign_key", keyLine)
	s := src000(table, "sign_secret", secretLine)
	const (
		hmacKey   = `^[A-Za-z0-9][A-Za-z0-9_-]*$`
		basicKey  = `^[A-Za-z][A-Za-z0-9_-]*$`
		pubKey    = `^[A-Za-z0-9+/][A-Za-z0-9_\-+/=]*$`
		aesKey    = `^[A-Za-z0-9+/][A-Za-z0-9_\-!@#$%+/=]*$`
		hmacSec   = `^[A-Za-z0-9][A-Za-z0-9_\-!@#$%]*$`
		pubSecret = `^[A-Za-z0-9+/][A-Za-z0-9_\-!@#$%+/=]*$`
	)
	return []*model.Rule{
		rule("sign_key", []*model.Condition{eq("sign_type", "hmac")}, 8, 32, hmacKey, "hmac: The value contains 8 to 32 characters, including letters, digits, underscores (_), and hyphens (-). It must start with a letter or digit.", k),
		rule("sign_key", []*model.Condition{eq("sign_type", "basic")}, 4, 32, basicKey, "basic: The value contains 4 to 32 characters, including letters, digits, underscores (_), and hyphens (-). It must start with a letter.", k),
		rule("sign_key", []*model.Condition{eq("sign_type", "public_key")}, 8, 512, pubKey, "public_key: The value contains 8 to 512 characters, including letters, digits, and special characters (_-+/=). It must start with a letter, digit, plus sign (+), or slash (/).", k),
		rule("sign_key", []*model.Condition{eq("sign_type", "aes"), eq("sign_algorithm", "aes-128-cfb")}, 16, 16, aesKey, "aes: The value contains 16 characters if the aes-128-cfb algorithm is used.", k),
		rule("sign_key", []*model.Condition{eq("sign_type", "aes"), eq("sign_algorithm", "aes-256-cfb")}, 32, 32, aesKey, "aes: The value contains 32 characters if the aes-256-cfb algorithm is used.", k),
		rule("sign_secret", []*model.Condition{eq("sign_type", "hmac")}, 16, 64, hmacSec, "hmac: The value contains 16 to 64 characters. Letters, digits, and special characters (_-!@#$%) are allowed. It must start with a letter or digit.", s),
		rule("sign_secret", []*model.Condition{eq("sign_type", "basic")}, 8, 64, hmacSec, "basic: The value contains 8 to 64 characters. Letters, digits, and special characters (_-!@#$%) are allowed. It must start with a letter or digit.", s),
		rule("sign_secret", []*model.Condition{eq("sign_type", "public_key")}, 16, 2048, pubSecret, "public_key: The value can contain 16 to 2048 characters, including letters, digits, and special characters (_-!@#$%+/=). It must start with a letter, digit, plus sign (+), or slash (/).", s),
		rule("sign_secret", []*model.Condition{eq("sign_type", "aes")}, 16, 16, pubSecret, "aes: The value contains 16 characters, including letters, digits, and special characters (_-!@#$%+/=). It must start with a letter, digit, plus sign (+), or slash (/).", s),
	}
}

// signFields are the five body fields of seed 000 (Table 3 / Table 4).
func signFields(table string, line int, withRequired bool) []*model.Property {
	name := strField("name", withRequired, "Signature key name. It can contain letters, digits, and underscores(_) and must start with a letter.", src000(table, "name", line))
	name.Schema.MinLength, name.Schema.MaxLength = i64(3), i64(64)
	name.Schema.Pattern = `^[A-Za-z][A-Za-z0-9_]*$`
	signType := strField("sign_type", false, "Signature key type.", src000(table, "sign_type", line+10))
	signType.Schema.Enum = []string{"hmac", "basic", "public_key", "aes"}
	algo := strField("sign_algorithm", false, "Signature algorithm. Specify a signature algorithm only when using an AES signature key. By default, no algorithm is used.", src000(table, "sign_algorithm", line+40))
	algo.Schema.Enum = []string{"aes-128-cfb", "aes-256-cfb"}
	return []*model.Property{
		name,
		signType,
		strField("sign_key", false, "Signature key.", src000(table, "sign_key", line+20)),
		strField("sign_secret", false, "Signature secret.", src000(table, "sign_secret", line+30)),
		algo,
	}
}

func errorBody(table, msgDesc string, line int, example string) *model.Body {
	return &model.Body{
		ContentType: "application/json",
		Schema: &model.Schema{Type: model.TypeObject, Source: src000(table, "", line), Properties: []*model.Property{
			strField("error_code", false, "Error code.", src000(table, "error_code", line+2)),
			strField("error_msg", false, msgDesc, src000(table, "error_msg", line+4)),
		}},
		Examples: []*model.Example{{Value: example, Source: src000("", "", line+200)}},
		Source:   src000(table, "", line),
	}
}

// seed000 mirrors seed page 000: OTC APIG CreateSignatureKeyV2.
func seed000() *model.Service {
	reqSrc := src000("Table 3 Request body parameters", "", 120)
	respSrc := src000("Table 4 Response body parameters", "", 200)
	respFields := append(signFields("Table 4 Response body parameters", 202, false),
		strField("update_time", false, "Update time.", src000("Table 4 Response body parameters", "update_time", 250)),
		strField("create_time", false, "Creation time.", src000("Table 4 Response body parameters", "create_time", 255)),
		strField("id", false, "Signature key ID.", src000("Table 4 Response body parameters", "id", 260)),
	)
	errResp := func(status, desc, table, msg string, line int, code, example string) *model.Response {
		return &model.Response{Status: status, Description: desc, Body: errorBody(table, msg, line, example),
			ErrorCodes: []string{code}, Source: model.Source{File: "otc-apig/CreateSignatureKeyV2.html", Section: "Response Parameters", Table: table, Line: line}}
	}
	op := &model.Operation{
		ID:          "CreateSignatureKeyV2",
		Summary:     "Creating a Signature Key",
		Description: "Create a signature key and bind it to an API. When requesting the API, APIG uses the signature key to encrypt request parameter data and generate a signature.",
		Style:       model.StyleREST,
		Method:      "POST",
		Path:        "/v2/{project_id}/apigw/instances/{instance_id}/signs",
		Tags:        []string{"Signature Key Management"},
		Security:    []string{"token"},
		Source:      model.Source{File: "otc-apig/CreateSignatureKeyV2.html", Line: 12},
		Parameters: []*model.Parameter{
			{Name: "project_id", In: model.InPath, Required: true, Source: src000("Table 1 Path Parameters", "project_id", 40),
				Schema: &model.Schema{Type: model.TypeString, Description: "Project ID. For details about how to obtain it, see Obtaining a Project ID."}},
			{Name: "instance_id", In: model.InPath, Required: true, Source: src000("Table 1 Path Parameters", "instance_id", 50),
				Schema: &model.Schema{Type: model.TypeString, Description: "Gateway ID, which can be obtained from the gateway information on the APIG console."}},
			{Name: "X-Auth-Token", In: model.InHeader, Required: true, Source: src000("Table 2 Request header parameters", "X-Auth-Token", 80),
				Schema: &model.Schema{Type: model.TypeString, Description: "User token. It can be obtained by calling the IAM API used to obtain a user token."}},
		},
		RequestBody: &model.Body{
			ContentType: "application/json",
			Schema:      &model.Schema{Type: model.TypeObject, Properties: signFields("Table 3 Request body parameters", 122, true), Rules: signRules("Table 3 Request body parameters", 142, 152), Source: reqSrc},
			Examples: []*model.Example{{
				Summary: "Create a signature key with a custom key and secret.",
				Value:   "{\n\"name\" : \"signature_demo\",\n\"sign_key\" : \"signkeysignkey\",\n\"sign_secret\" : \"sig************ret\"\n}",
				Source:  model.Source{File: "otc-apig/CreateSignatureKeyV2.html", Section: "Example Requests", Line: 400},
			}},
			Source: reqSrc,
		},
		Responses: []*model.Response{
			// Out of order on purpose: the emitter sorts statuses.
			errResp("500", "Internal Server Error", "Table 10 Response body parameters", "Error message.", 380, "APIG.9999", `{"error_code" : "APIG.9999", "error_msg" : "System error"}`),
			{Status: "201", Description: "Created", Source: model.Source{File: "otc-apig/CreateSignatureKeyV2.html", Section: "Response Parameters", Table: "Table 4 Response body parameters", Line: 200},
				Body: &model.Body{ContentType: "application/json",
					Schema: &model.Schema{Type: model.TypeObject, Properties: respFields, Rules: signRules("Table 4 Response body parameters", 222, 232), Source: respSrc},
					Examples: []*model.Example{{
						Value:  "{\n\"sign_secret\" : \"sig************ret\",\n\"update_time\" : \"2020-08-03T03:39:38.119032888Z\",\n\"create_time\" : \"2020-08-03T03:39:38.119032659Z\",\n\"name\" : \"signature_demo\",\n\"id\" : \"0b0e8f456b8742218af75f945307173c\",\n\"sign_key\" : \"signkeysignkey\",\n\"sign_type\" : \"hmac\"\n}",
						Source: model.Source{File: "otc-apig/CreateSignatureKeyV2.html", Section: "Example Responses", Line: 410},
					}},
					Source: respSrc}},
			errResp("400", "Bad Request", "Table 5 Response body parameters", "Error message.", 280, "APIG.2011", `{"error_code" : "APIG.2011", "error_msg" : "Invalid parameter value,parameterName:name. Please refer to the support documentation"}`),
			errResp("401", "Unauthorized", "Table 6 Response body parameters", "Error message.", 300, "APIG.1002", `{"error_code" : "APIG.1002", "error_msg" : "Incorrect token or token resolution failed"}`),
			errResp("403", "Forbidden", "Table 7 Response body parameters", "Error message.", 320, "APIG.1005", `{"error_code" : "APIG.1005", "error_msg" : "No permissions to request this method"}`),
			errResp("404", "Not Found", "Table 8 Response body parameters", "Error description.", 340, "APIG.3030", `{"error_code" : "APIG.3030", "error_msg" : "The instance does not exist;id:f0fa1789-3b76-433b-a787-9892951c620ec"}`),
			errResp("412", "PreconditionFailed", "Table 9 Response body parameters", "Error description.", 360, "APIG.3548", `{"error_code" : "APIG.3548", "error_msg" : "sign_type=public_key not supported by instance 6a29d4e9-69a0-412a-aabe-9898ec0903b0"}`),
		},
	}
	return &model.Service{
		Name:       "otc-apig",
		Title:      "Open Telekom Cloud API Gateway",
		Provider:   "otc",
		Operations: []*model.Operation{op},
		Security: []*model.SecurityScheme{{Name: "token", Kind: model.SecurityAPIKey, Header: "X-Auth-Token",
			Description: "IAM token in the X-Auth-Token header.", Source: model.Source{File: "otc-apig/CreateSignatureKeyV2.html", Table: "Table 2 Request header parameters", Row: "X-Auth-Token"}}},
		ErrorCodes: []*model.ErrorCode{
			{Code: "APIG.9999", Status: "500", Message: "System error", Solution: "Contact technical support.", Source: model.Source{File: "otc-apig/ErrorCode.html"}},
			{Code: "APIG.1002", Status: "401", Message: "Incorrect token or token resolution failed", Source: model.Source{File: "otc-apig/ErrorCode.html"}},
			{Code: "APIG.2011", Status: "400", Message: "Invalid parameter value", Description: "A parameter value is invalid.", Source: model.Source{File: "otc-apig/ErrorCode.html"}},
		},
	}
}

func src002(row string, line int) model.Source {
	return model.Source{File: "aliyun-apigateway/CreateSignature.txt", Section: "Request parameters", Row: row, Line: line}
}

// seed002 mirrors seed page 002: Alibaba Cloud API Gateway CreateSignature
// (RPC style).
func seed002() *model.Service {
	param := func(name string, minL, maxL int64, pattern, desc, example string, line int) *model.Parameter {
		return &model.Parameter{Name: name, In: model.InQuery, Required: true, Source: src002(name, line),
			Schema: &model.Schema{Type: model.TypeString, Description: desc, MinLength: i64(minL), MaxLength: i64(maxL), Pattern: pattern, Example: str(example), Source: src002(name, line)}}
	}
	respSrc := model.Source{File: "aliyun-apigateway/CreateSignature.txt", Section: "Response parameters", Line: 60}
	rf := func(name, desc, example string, line int) *model.Property {
		p := strField(name, false, desc, model.Source{File: respSrc.File, Section: respSrc.Section, Row: name, Line: line})
		p.Schema.Example = str(example)
		return p
	}
	op := &model.Operation{
		ID:          "CreateSignature",
		Summary:     "CreateSignature",
		Description: "Creates a backend signature key.",
		Style:       model.StyleRPC,
		Method:      "POST",
		Path:        "/",
		Action:      "CreateSignature",
		Tags:        []string{"Signature"},
		Notes:       []string{"The QPS limit on this operation is 50 per user."},
		Source:      model.Source{File: "aliyun-apigateway/CreateSignature.txt", Line: 5},
		Parameters: []*model.Parameter{
			param("SignatureName", 4, 50, `^[A-Za-z][A-Za-z0-9_]*$`, "The displayed name of the key. The name must be 4 to 50 characters in length and can contain letters, digits, and underscores (_). It must start with a letter.", "backendsignature", 40),
			param("SignatureKey", 6, 20, `^[A-Za-z][A-Za-z0-9_]*$`, "The Key value of the key. The value must be 6 to 20 characters in length and can contain letters, digits, and underscores (_). It must start with a letter.", "qwertyuiop", 45),
			param("SignatureSecret", 6, 30, `^[A-Za-z][A-Za-z0-9_@#!*]*$`, "The Secret value of the key. The value must be 6 to 30 characters in length and can contain letters, digits, and special characters.", "asdfghjkl", 50),
		},
		Responses: []*model.Response{{
			Status: "200", Source: respSrc,
			Body: &model.Body{ContentType: "application/json", Source: respSrc,
				Schema: &model.Schema{Type: model.TypeObject, Source: respSrc, Properties: []*model.Property{
					rf("RequestId", "The ID of the request.", "CEF72CEB-54B6-4AE8-B225-F876FF7BZ004", 62),
					rf("SignatureId", "The ID of the back-end signature key.", "dd05f1c54d6749eda95f9fa6d491449a", 64),
					rf("SignatureName", "The name of the back-end signature key.", "backendsignature", 66),
				}},
				Examples: []*model.Example{{Summary: "Sample success responses",
					Value:  "{\n  \"RequestId\": \"CEF72CEB-54B6-4AE8-B225-F876FF7BZ004\",\n  \"SignatureId\": \"dd05f1c54d6749eda95f9fa6d491449a\",\n  \"SignatureName\": \"backendsignature\"\n}",
					Source: model.Source{File: "aliyun-apigateway/CreateSignature.txt", Section: "Examples", Line: 75}}},
			},
		}},
	}
	return &model.Service{
		Name:       "aliyun-apigateway",
		Title:      "Alibaba Cloud API Gateway",
		Provider:   "aliyun",
		Operations: []*model.Operation{op},
	}
}
