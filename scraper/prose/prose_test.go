package prose

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/docspec/docspec/model"
	"github.com/docspec/docspec/scraper/page"
)

func para(s string) *page.Block { return &page.Block{Kind: page.KindParagraph, Text: s} }
func ul(items ...*page.Cell) *page.Block {
	return &page.Block{Kind: page.KindList, Items: items}
}
func item(bs ...*page.Block) *page.Cell { return &page.Cell{Blocks: bs} }
func li(s string) *page.Cell            { return item(para(s)) }
func cell(bs ...*page.Block) *page.Cell { return &page.Cell{Blocks: bs} }
func lis(ss ...string) *page.Block {
	var cs []*page.Cell
	for _, s := range ss {
		cs = append(cs, li(s))
	}
	return ul(cs...)
}

// got renders a Result's constraints in one comparable line.
func got(r *Result) string {
	var b strings.Builder
	if len(r.Enum) > 0 {
		fmt.Fprintf(&b, "enum=%s ", strings.Join(r.Enum, "|"))
	}
	if r.Default != nil {
		fmt.Fprintf(&b, "default=%q ", *r.Default)
	}
	if r.MinLength != nil {
		fmt.Fprintf(&b, "minLength=%d ", *r.MinLength)
	}
	if r.MaxLength != nil {
		fmt.Fprintf(&b, "maxLength=%d ", *r.MaxLength)
	}
	if r.Minimum != nil {
		fmt.Fprintf(&b, "minimum=%g ", *r.Minimum)
	}
	if r.Maximum != nil {
		fmt.Fprintf(&b, "maximum=%g ", *r.Maximum)
	}
	if r.MinItems != nil {
		fmt.Fprintf(&b, "minItems=%d ", *r.MinItems)
	}
	if r.MaxItems != nil {
		fmt.Fprintf(&b, "maxItems=%d ", *r.MaxItems)
	}
	if r.Pattern != "" {
		fmt.Fprintf(&b, "pattern=%s ", r.Pattern)
	}
	if r.Format != "" {
		fmt.Fprintf(&b, "format=%s ", r.Format)
	}
	return strings.TrimSpace(b.String())
}

func ruleLine(r *model.Rule) string {
	var when []string
	for _, c := range r.When {
		when = append(when, c.Field+"="+c.Equals)
	}
	s := "when " + strings.Join(when, ",")
	if r.MinLength != nil {
		s += fmt.Sprintf(" minLength=%d", *r.MinLength)
	}
	if r.MaxLength != nil {
		s += fmt.Sprintf(" maxLength=%d", *r.MaxLength)
	}
	if r.Pattern != "" {
		s += " pattern=" + r.Pattern
	}
	if len(r.Enum) > 0 {
		s += " enum=" + strings.Join(r.Enum, "|")
	}
	return s
}

type parseCase struct {
	name  string // page, table, row the cell is taken from
	typ   string
	lang  string
	cell  *page.Cell
	want  string   // got(Result)
	rules []string // ruleLine of each rule
	notU  []string // NotUnderstood, exactly
	kinds []string // constraint kinds, in order (checked when non-nil)
}

const (
	signKeyHmac   = "hmac: The value contains 8 to 32 characters, including letters, digits, underscores (_), and hyphens (-). It must start with a letter or digit. If not specified, a key is automatically generated."
	signKeyBasic  = "basic: The value contains 4 to 32 characters, including letters, digits, underscores (_), and hyphens (-). It must start with a letter. If not specified, a key is automatically generated."
	signKeyPublic = "public_key: The value contains 8 to 512 characters, including letters, digits, and special characters (_-+/=). It must start with a letter, digit, plus sign (+), or slash (/). If not specified, a key is automatically generated."
	signKeyAes    = "aes: The value contains 16 characters if the aes-128-cfb algorithm is used, or 32 characters if the aes-256-cfb algorithm is used. Letters, digits, and special characters (_-!@#$%+/=) are allowed. It must start with a letter, digit, plus sign (+), or slash (/). If not specified, a key is automatically generated."
)

var seedCases = []parseCase{
	{
		name:  "seed 000 CreateSignatureKeyV2, Table 3 Request body parameters, row name",
		typ:   model.TypeString,
		cell:  cell(para("Signature key name. It can contain letters, digits, and underscores(_) and must start with a letter."), para("Minimum: 3"), para("Maximum: 64")),
		want:  "minLength=3 maxLength=64 pattern=^[A-Za-z][A-Za-z0-9_]*$",
		kinds: []string{model.ConstraintPattern, model.ConstraintLength, model.ConstraintLength},
	},
	{
		name: "seed 000 CreateSignatureKeyV2, Table 3, row sign_type (bare list, then Enumeration values with bold items)",
		typ:  model.TypeString,
		cell: cell(para("Signature key type."), lis("hmac", "basic", "public_key", "aes"),
			para("To use a basic signature key, ensure that your gateway version supports it. If your gateway does not support this type of signature key, contact technical support to upgrade your gateway."),
			para(`To use a public_key signature key, ensure that the public_key feature has been configured for your gateway. For details, see "Appendix" > "Supported Features". If your gateway does not support this feature, contact technical support to enable it.`),
			para("Enumeration values:"), lis("**hmac**", "**basic**", "**public_key**", "**aes**")),
		want: "enum=hmac|basic|public_key|aes",
	},
	{
		name: "seed 000 CreateSignatureKeyV2, Table 3, row sign_key (per-type rules)",
		typ:  model.TypeString,
		cell: cell(para("Signature key."), lis(signKeyHmac, signKeyBasic, signKeyPublic, signKeyAes)),
		rules: []string{
			`when =hmac minLength=8 maxLength=32 pattern=^[A-Za-z0-9][A-Za-z0-9_\-]*$`,
			`when =basic minLength=4 maxLength=32 pattern=^[A-Za-z][A-Za-z0-9_\-]*$`,
			`when =public_key minLength=8 maxLength=512 pattern=^[A-Za-z0-9+/][A-Za-z0-9_\-+/=]*$`,
			`when =aes,=aes-128-cfb minLength=16 maxLength=16 pattern=^[A-Za-z0-9+/][A-Za-z0-9_\-!@#$%+/=]*$`,
			`when =aes,=aes-256-cfb minLength=32 maxLength=32 pattern=^[A-Za-z0-9+/][A-Za-z0-9_\-!@#$%+/=]*$`,
		},
	},
	{
		name: "seed 000 CreateSignatureKeyV2, Table 3, row sign_secret (per-type rules)",
		typ:  model.TypeString,
		cell: cell(para("Signature secret."), lis(
			"hmac: The value contains 16 to 64 characters. Letters, digits, and special characters (_-!@#$%) are allowed. It must start with a letter or digit. If not specified, a key is automatically generated.",
			"basic: The value contains 8 to 64 characters. Letters, digits, and special characters (_-!@#$%) are allowed. It must start with a letter or digit. If not specified, a key is automatically generated.",
			"public_key: The value can contain 16 to 2048 characters, including letters, digits, and special characters (_-!@#$%+/=). It must start with a letter, digit, plus sign (+), or slash (/). If not specified, a key is automatically generated.",
			"aes: The value contains 16 characters, including letters, digits, and special characters (_-!@#$%+/=). It must start with a letter, digit, plus sign (+), or slash (/). If not specified, a key is automatically generated.")),
		rules: []string{
			`when =hmac minLength=16 maxLength=64 pattern=^[A-Za-z0-9][A-Za-z0-9_\-!@#$%]*$`,
			`when =basic minLength=8 maxLength=64 pattern=^[A-Za-z0-9][A-Za-z0-9_\-!@#$%]*$`,
			`when =public_key minLength=16 maxLength=2048 pattern=^[A-Za-z0-9+/][A-Za-z0-9_\-!@#$%+/=]*$`,
			`when =aes minLength=16 maxLength=16 pattern=^[A-Za-z0-9+/][A-Za-z0-9_\-!@#$%+/=]*$`,
		},
	},
	{
		name: "seed 000 CreateSignatureKeyV2, Table 3, row sign_algorithm (no literal default)",
		typ:  model.TypeString,
		cell: cell(para("Signature algorithm. Specify a signature algorithm only when using an AES signature key. By default, no algorithm is used."), para("Enumeration values:"), lis("**aes-128-cfb**", "**aes-256-cfb**")),
		want: "enum=aes-128-cfb|aes-256-cfb",
	},
	{
		name: "seed 003 Modifying a Signature Key, Table 3, row sign_type (list broken into '-basic' paragraphs inside the item)",
		typ:  model.TypeString,
		cell: cell(para("Signature key type:"), ul(item(para("hmac"), para("-basic"), para("-public_key"), para("-aes"))),
			para("To use an AES signature key, ensure that your gateway version supports it.")),
		want: "enum=hmac|basic|public_key|aes",
	},
	{
		name: "seed 003 Modifying a Signature Key, Table 3, row sign_type (the '-basic' paragraphs after the list)",
		typ:  model.TypeString,
		cell: cell(para("Signature key type:"), lis("hmac"), para("-basic"), para("-public_key"), para("-aes"),
			para("To use an AES signature key, ensure that your gateway version supports it.")),
		want: "enum=hmac|basic|public_key|aes",
	},
	{
		name: "seed 003 Modifying a Signature Key, Table 3, row sign_type (one flattened item)",
		typ:  model.TypeString,
		cell: cell(para("Signature key type:"), lis("hmac -basic -public_key -aes")),
		want: "enum=hmac|basic|public_key|aes",
	},
	{
		name: "seed 002 Alibaba CreateSignature, Request parameters, row SignatureName",
		typ:  model.TypeString,
		cell: cell(para("The displayed name of the key. The name must be 4 to 50 characters in length and can contain letters, digits, and underscores (_). It must start with a letter.")),
		want: "minLength=4 maxLength=50 pattern=^[A-Za-z][A-Za-z0-9_]*$",
	},
	{
		name: "seed 002 Alibaba CreateSignature, Request parameters, row SignatureSecret",
		typ:  model.TypeString,
		cell: cell(para("The Secret value of the key. The value must be 6 to 30 characters in length and can contain letters, digits, and special characters. Special characters include underscores (_), at signs (@), number signs (#), exclamation points (!), and asterisks (*). The value must start with a letter.")),
		want: "minLength=6 maxLength=30 pattern=^[A-Za-z][A-Za-z0-9_@#!*]*$",
	},
	{
		name: "seed 004 创建签名密钥, 请求Body参数, row name",
		typ:  model.TypeString, lang: "zh",
		cell: cell(para("签名密钥的名称。支持汉字,英文,数字,下划线,且只能以英文和汉字开头。"), para("说明:"), para("中文字符必须为UTF-8或者unicode编码。"), para("最小长度:3 最大长度:64")),
		want: `minLength=3 maxLength=64 pattern=^[A-Za-z一-龥][A-Za-z0-9一-龥_]*$`,
		notU: []string{"中文字符必须为UTF-8或者unicode编码。"},
	},
	{
		name: "seed 004 创建签名密钥, 请求Body参数, row sign_algorithm (默认值为空: no default)",
		typ:  model.TypeString, lang: "zh",
		cell: cell(para("签名算法。默认值为空,仅aes类型签名密钥支持选择签名算法,其他类型签名密钥不支持签名算法。")),
		want: "",
	},
}

var corpusCases = []parseCase{
	{
		name: "otc-apig creating_an_api_group.html, Request body, row name",
		typ:  model.TypeString,
		cell: cell(para("API group name."), para("The value can contain 3 to 255 characters, including letters, digits, and special characters (-_./():). It must start with a letter or digit."), para("Minimum: **3**"), para("Maximum: **255**")),
		want: `minLength=3 maxLength=255 pattern=^[A-Za-z0-9][A-Za-z0-9\-_./():]*$`,
	},
	{
		name: "otc-apig creating_an_api.html, Request body, row name",
		typ:  model.TypeString,
		cell: cell(para("API name."), para("It can contain 3 to 255 characters, starting with a letter or digit. Only letters, digits, and these special characters are allowed: -_./:()")),
		want: `minLength=3 maxLength=255 pattern=^[A-Za-z0-9][A-Za-z0-9\-_./:()]*$`,
	},
	{
		name: "otc-apig querying_api_groups.html, Query parameters, row limit (integer Minimum/Maximum)",
		typ:  model.TypeInteger,
		cell: cell(para("Number of items displayed on each page. A value less than or equal to 0 will be automatically converted to 20, and a value greater than 500 will be automatically converted to 500."), para("Minimum: **1**"), para("Maximum: **500**"), para("Default: **20**")),
		want: `default="20" minimum=1 maximum=500`,
	},
	{
		name: "otc-apig creating_an_api.html, Table backend_api, row retry_count",
		typ:  model.TypeString,
		cell: cell(para("Number of retry attempts to request the backend service. The default value is -1. The value ranges from -1 to 10."), para("-1 indicates that idempotent APIs will retry once and non-idempotent APIs will not retry."), para("Default: **-1**")),
		want: `default="-1" minimum=-1 maximum=10`,
	},
	{
		name: "otc-apig creating_an_api.html, Request body, row match_mode (default inside a list item)",
		typ:  model.TypeString,
		cell: cell(para("API matching mode:"), lis("SWA: Prefix match", "NORMAL: Exact match Default value: NORMAL"), para("Enumeration values:"), lis("**SWA**", "**NORMAL**")),
		want: `enum=SWA|NORMAL default="NORMAL"`,
	},
	{
		name: "otc-apig creating_an_api.html, Request body, row cors (boolean: no enumeration)",
		typ:  model.TypeBoolean,
		cell: cell(para("Indicates whether CORS is supported."), lis("TRUE: supported", "FALSE: not supported"), para("Default: **false**"), para("Enumeration values:"), lis("**true**", "**false**")),
		want: `default="false"`,
	},
	{
		name: "otc-apig creating_an_api_group.html, Response, row sl_domain_access_enabled (Options: true and false)",
		typ:  model.TypeBoolean,
		cell: cell(para("Whether the debugging domain name is accessible. Options: true and false."), para("Default: **true**")),
		want: `default="true"`,
	},
	{
		name: "otc-apig creating_an_api_group.html, Response, row status (integer descriptive list)",
		typ:  model.TypeInteger,
		cell: cell(para("Status."), lis("1: valid"), para("Enumeration values:"), lis("**1**")),
		want: `enum=1`,
	},
	{
		name: "otc-apig creating_an_api.html, Request body, row value (a list of gateway parameters is no enumeration)",
		typ:  model.TypeString,
		cell: cell(para("Parameter value, which can contain a maximum of 255 characters."), para("The gateway parameters are as follows:"), lis("$context.sourceIp: source IP address of the API caller.", "$context.stage: deployment environment in which the API is called.")),
		want: `maxLength=255`,
	},
	{
		name: "otc-apig creating_an_api.html, policy_functions, row req_protocol (value (default) or value (note))",
		typ:  model.TypeString,
		cell: cell(para("Backend request protocol of a function. The value can be HTTPS (default) or GRPCS (available when the frontend request protocol is GRPCS).")),
		want: `enum=HTTPS|GRPCS default="HTTPS"`,
	},
	{
		name: "otc-apig 2023-10-18 registering_an_api.html, row req_method (Options: A, B, ...)",
		typ:  model.TypeString,
		cell: cell(para("Request method. Options: GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS, ANY.")),
		want: `enum=GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS|ANY`,
	},
	{
		name: "otc-apig creating_an_api.html, Request body, row tags (array of strings: item lengths and pattern)",
		typ:  model.TypeArray,
		cell: cell(para("Tag."), para("Use letters, digits, and special characters (-*#%.:_) and start with a letter."), para("By default, 10 tags are supported. To increase the quota, contact technical support to modify the API_TAG_NUM_LIMIT configuration."), para("Minimum: **1**"), para("Maximum: **128**")),
		want: `minLength=1 maxLength=128 pattern=^[A-Za-z][A-Za-z0-9\-*#%.:_]*$`,
		notU: []string{"By default, 10 tags are supported."},
	},
	{
		name: "otc-apig creating_an_api.html, Request body, row remark (It cannot exceed 255 characters)",
		typ:  model.TypeString,
		cell: cell(para("API description. It cannot exceed 255 characters.")),
		want: `maxLength=255`,
	},
	{
		name: "otc-apig creating_an_api.html, Request body, row body_remark (20,480 characters)",
		typ:  model.TypeString,
		cell: cell(para("API request body, which can be an example request body, media type, or parameters. Ensure that the request body does not exceed 20,480 characters.")),
		want: `maxLength=20480`,
	},
	{
		name: "otc-apig creating_an_api.html, backend_api, row url_domain (environment variables: a part's rules are not the value's)",
		typ:  model.TypeString,
		cell: cell(para("Backend service address."), para("Environment variables are supported. Each must start with a letter and can consist of 3 to 32 characters. Only letters, digits, hyphens (-), and underscores (_) are allowed.")),
		want: ``,
		notU: []string{"Each must start with a letter and can consist of 3 to 32 characters.", "Only letters, digits, hyphens (-), and underscores (_) are allowed."},
	},
	{
		name: "otc-apig app management, row app_secret (following special characters are allowed: list)",
		typ:  model.TypeString,
		cell: cell(para("Secret, which can contain 8 to 128 characters, starting with a letter or digit. Only letters, digits, and the following special characters are allowed: _-!@#$%")),
		want: `minLength=8 maxLength=128 pattern=^[A-Za-z0-9][A-Za-z0-9_\-!@#$%]*$`,
	},
	{
		name: "otc-apig vpc channel, row namespace (lowercase letters, start and end)",
		typ:  model.TypeString,
		cell: cell(para("Namespace. 1 to 63 characters. Use lowercase letters, digits, and hyphens (-). Start with a letter and end with a letter or digit.")),
		want: `minLength=1 maxLength=63 pattern=^[A-Za-z](?:[a-z0-9\-]*[A-Za-z0-9])?$`,
	},
	{
		name: "otc-apig vpc channel, row service name ((1 to 64 characters) in parentheses)",
		typ:  model.TypeString,
		cell: cell(para("Service name. Start with a letter, and use only letters, digits, periods (.), hyphens (-), and underscores (_). (1 to 64 characters)")),
		want: `minLength=1 maxLength=64 pattern=^[A-Za-z][A-Za-z0-9.\-_]*$`,
	},
	{
		name: "otc-elb-v3 CreateListener.html, row tls_ciphers_policy (values and default in one sentence)",
		typ:  model.TypeString,
		cell: cell(para("Specifies the security policy used by the listener."), para("The value can be **tls-1-0**, **tls-1-1**, **tls-1-2**, or **tls-1-2-strict**, and the default value is **tls-1-0**.")),
		want: `enum=tls-1-0|tls-1-1|tls-1-2|tls-1-2-strict default="tls-1-0"`,
	},
	{
		name: "otc-elb-v3 CreateMember.html, row ip_version (values with parenthesised notes, integer)",
		typ:  model.TypeInteger,
		cell: cell(para("Specifies the IP version. The value can be **4** (IPv4) or **6** (IPv6).")),
		want: `enum=4|6`,
	},
	{
		name: "otc-elb-v3 CreateLoadBalancer.html, row provisioning_status (can only be)",
		typ:  model.TypeString,
		cell: cell(para("Specifies the provisioning status of the load balancer. The value can only be **ACTIVE**.")),
		want: `enum=ACTIVE`,
	},
	{
		name: "otc-elb-v3 CreateL7Policy.html, row conditions (must be unique is no value)",
		typ:  model.TypeArray,
		cell: cell(para("The keys in the list must be the same, whereas each value must be unique.")),
		want: ``,
	},
	{
		name: "otc-elb-v3 CreateListener.html, row ipgroup type (bold values with (default) in a list)",
		typ:  model.TypeString,
		cell: cell(para("Specifies how access to the listener is controlled."), lis("**white** (default): A whitelist will be configured. Only IP addresses in the whitelist can access the listener.", "**black**: A blacklist will be configured. IP addresses in the blacklist are not allowed to access the listener.")),
		want: `enum=white|black default="white"`,
	},
	{
		name:  "otc-elb-v3 CreateL7Policy.html, row compare_type (If type is set to X, this parameter can only be set to Y)",
		typ:   model.TypeString,
		cell:  cell(para("Specifies how requests are matched with the domain name or URL."), para("If **type** is set to **HOST_NAME**, this parameter can only be set to **EQUAL_TO** (exact match)."), para("If **type** is set to **PATH**, this parameter can be set to **REGEX** (regular expression match), **STARTS_WITH** (prefix match), or **EQUAL_TO** (exact match).")),
		rules: []string{"when type=HOST_NAME enum=EQUAL_TO", "when type=PATH enum=REGEX|STARTS_WITH|EQUAL_TO"},
	},
	{
		name: "otc-elb-v3 CreateL7Policy.html, row rules (array: list can contain a maximum of 10)",
		typ:  model.TypeArray,
		cell: cell(para("Lists the forwarding rules in the forwarding policy."), para("The list can contain a maximum of 10 forwarding rules (if **conditions** is specified, a condition is considered as a rule).")),
		want: `maxItems=10`,
	},
	{
		name: "otc-elb-v3 CreateHealthMonitor.html, row url_path (must start with a slash, default /)",
		typ:  model.TypeString,
		cell: cell(para("Specifies the HTTP request path for the health check. The value must start with a slash (/), and the default value is /. This parameter is available only when **type** is set to **HTTP**.")),
		want: `default="/" pattern=^/.*$`,
	},
	{
		name: "otc-elb-v3 CreateListener.html, row keepalive_timeout (conditional ranges are not the value's)",
		typ:  model.TypeInteger,
		cell: cell(para("Specifies the idle timeout duration, in seconds."), lis("For TCP listeners, the value ranges from **10** to **4000**, and the default value is **300**.", "For HTTP and HTTPS listeners, the value ranges from **0** to **4000**, and the default value is **60**.")),
		want: ``,
		notU: []string{"For TCP listeners, the value ranges from 10 to 4000, and the default value is 300.", "For HTTP and HTTPS listeners, the value ranges from 0 to 4000, and the default value is 60."},
	},
	{
		name: "vpn querying_the_vpn_gateway_list.html, Table 4 ResponseVpnGateway, row attachment_type: value paragraphs in a list item",
		typ:  model.TypeString,
		cell: cell(ul(li("Specifies the association mode."), item(para("Value range:"), para("**vpc**: virtual private cloud."), para("**er**: enterprise router")))),
		want: "enum=vpc|er",
	},
	{
		name: "ims importing_an_image_file_quickly.html, request body table (uncaptioned), row type: value paragraphs, then Default value",
		typ:  model.TypeString,
		cell: cell(para("Specifies the image type."), para("The value can be:"), para("**ECS**: ECS system disk image"), para("**BMS**: BMS system disk image"), para("Default value:"), para("**ECS**")),
		want: "enum=ECS|BMS",
		notU: []string{"Default value:"}, // the label and its value paragraph are not read as a default (yet)
	},
	{
		name: "ces querying_the_alarm_history_of_an_alarm_rule.html, Table 2, row alarm_actions (array of objects): the values are another field's",
		typ:  model.TypeArray,
		cell: cell(para("Specifies the action to be triggered by an alarm."), para("The value of **type** can be:"), para("**notification**: A notification will be sent."), para("**autoscaling**: A scaling action will be triggered.")),
		want: "",
	},
	{
		name: "near-miss: an intro followed by one value paragraph and a note is no enumeration",
		typ:  model.TypeString,
		cell: cell(para("Value range:"), para("**vpc**: virtual private cloud."), para("Note: more values may follow.")),
		want: "",
		notU: []string{"Value range:"},
	},
}

// Phrasings the brief names that the seeds and corpus carry in other words.
var phrasingCases = []parseCase{
	{name: "Huawei Cloud style: The value contains 8 to 32 characters", typ: model.TypeString, cell: cell(para("Key. The value contains 8 to 32 characters.")), want: "minLength=8 maxLength=32"},
	{name: "Huawei Cloud style: can contain a maximum of 255 characters", typ: model.TypeString, cell: cell(para("Description, which can contain a maximum of 255 characters.")), want: "maxLength=255"},
	{name: "exact: 16 characters", typ: model.TypeString, cell: cell(para("The value contains 16 characters.")), want: "minLength=16 maxLength=16"},
	{name: "range: Value range: 1–2000", typ: model.TypeInteger, cell: cell(para("Number of records. Value range: 1–2000")), want: "minimum=1 maximum=2000"},
	{name: "range: The value ranges from 0 to 100", typ: model.TypeInteger, cell: cell(para("Weight. The value ranges from 0 to 100.")), want: "minimum=0 maximum=100"},
	{name: "zh range: 取值范围：1~100", typ: model.TypeInteger, lang: "zh", cell: cell(para("每页条数。取值范围：1~100")), want: "minimum=1 maximum=100"},
	{name: "zh length: 长度为3～64个字符", typ: model.TypeString, lang: "zh", cell: cell(para("名称，长度为3～64个字符。")), want: "minLength=3 maxLength=64"},
	{name: "zh enum: 枚举值： list", typ: model.TypeString, lang: "zh", cell: cell(para("协议类型。"), para("枚举值："), lis("HTTP", "HTTPS")), want: "enum=HTTP|HTTPS"},
	{name: "zh default: 默认值：20", typ: model.TypeInteger, lang: "zh", cell: cell(para("每页条数。默认值：20")), want: `default="20"`},
	{name: "zh pattern: 只能由字母、数字、中划线组成，必须以字母开头", typ: model.TypeString, lang: "zh", cell: cell(para("名称。只能由字母、数字、中划线组成，必须以字母开头。")), want: `pattern=^[A-Za-z][A-Za-z0-9\-]*$`},
	{name: "The value can be true or false (boolean)", typ: model.TypeBoolean, cell: cell(para("Whether enabled. The value can be true or false.")), want: ""},
	{name: "Value lists **http**: HTTP", typ: model.TypeString, cell: cell(para("Protocol. Value:"), lis("**http**: HTTP", "**https**: HTTPS")), want: "enum=http|https"},
	{name: "The default value is xxx", typ: model.TypeString, cell: cell(para("Mode. The default value is STRICT.")), want: `default="STRICT"`},
	{name: "date-time: UTC format", typ: model.TypeString, cell: cell(para("Creation time, in UTC format yyyy-MM-ddTHH:mm:ssZ.")), want: "format=date-time"},
	{name: "per-value list of sentences is no enumeration", typ: model.TypeString, cell: cell(para("Notes:"), lis("The value is case-sensitive.", "Letters are recommended.")), want: ""},
	{name: "an integer list cannot enumerate words", typ: model.TypeInteger, cell: cell(para("Status:"), lis("ok: fine", "bad: broken")), want: ""},
	{name: "hyphen last in class, spaces and periods", typ: model.TypeString, cell: cell(para("Only letters, digits, spaces, periods (.), and hyphens (-) are allowed.")), want: `pattern=^[A-Za-z0-9 .\-]*$`},
	{name: "zh per-type list (Huawei Cloud Chinese sign_key style: hmac类型：...)", typ: model.TypeString, lang: "zh",
		cell: cell(para("签名密钥的key。"), lis("hmac类型：支持英文，数字，下划线，中划线，且只能以英文字母或数字开头，8 ~ 32字符。未填写时后台自动生成。",
			"public_key类型：支持英文，数字，下划线，中划线，+，/，=，可以英文字母，数字，+，/开头，8 ~ 512字符。未填写时后台自动生成。")),
		rules: []string{`when =hmac minLength=8 maxLength=32 pattern=^[A-Za-z0-9][A-Za-z0-9_\-]*$`, `when =public_key minLength=8 maxLength=512 pattern=^[A-Za-z0-9+/][A-Za-z0-9_\-+/=]*$`}},
	{name: "zh negative start is not a start rule", typ: model.TypeString, lang: "zh", cell: cell(para("名称。支持字母、数字、中划线，不能以中划线开头。")), want: `pattern=^[A-Za-z0-9\-]*$`},
	{name: "zh 最小值/最大值 on integers", typ: model.TypeInteger, lang: "zh", cell: cell(para("每页条数。最小值：1 最大值：500 默认取值：20")), want: `default="20" minimum=1 maximum=500`},
	{name: "not date-time: UTC alone names the zone (RDS start_time hh:mm-HH:MM)", typ: model.TypeString, cell: cell(para("The current time is in the UTC format.")), want: ""},
	{name: "date-time: a timestamp written out", typ: model.TypeString, cell: cell(para("Creation time, for example, 2020-08-03T03:39:38Z.")), want: "format=date-time"},
	{name: "Example value: list is no enumeration", typ: model.TypeString, cell: cell(para("Example value:"), lis("08:15-09:15", "23:00-00:00")), want: ""},
	{name: "not date-time: yyyy-MM-dd HH:mm:ss", typ: model.TypeString, cell: cell(para("Time in UTC, in the format yyyy-MM-dd HH:mm:ss.")), want: "", notU: []string{"Time in UTC, in the format yyyy-MM-dd HH:mm:ss."}},
	{name: "per-value ranges are neither rules nor values", typ: model.TypeInteger, cell: cell(para("Timeout."), lis("TCP: The value ranges from 1 to 60.", "HTTP: The value ranges from 1 to 1440.")), want: "",
		notU: []string{"TCP: The value ranges from 1 to 60.", "HTTP: The value ranges from 1 to 1440."}},
	{name: "Array Length", typ: model.TypeArray, cell: cell(para("IDs."), para("Array Length: 1 - 10")), want: "minItems=1 maxItems=10"},
}

func runCases(t *testing.T, cases []parseCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lang := c.lang
			if lang == "" {
				lang = "en"
			}
			r := Parse(c.cell, c.typ, lang)
			if g := got(r); g != c.want {
				t.Errorf("got  %s\nwant %s", g, c.want)
			}
			var rules []string
			for _, x := range r.Rules {
				rules = append(rules, ruleLine(x))
			}
			if !reflect.DeepEqual(rules, c.rules) {
				t.Errorf("rules:\ngot  %q\nwant %q", rules, c.rules)
			}
			if !reflect.DeepEqual(r.NotUnderstood, c.notU) {
				t.Errorf("not understood:\ngot  %q\nwant %q", r.NotUnderstood, c.notU)
			}
			if c.kinds != nil {
				var kinds []string
				for _, k := range r.Constraints {
					kinds = append(kinds, k.Kind)
				}
				if !reflect.DeepEqual(kinds, c.kinds) {
					t.Errorf("kinds: got %q want %q", kinds, c.kinds)
				}
			}
			for _, k := range r.Constraints {
				if k.Text == "" || k.Kind == "" {
					t.Errorf("constraint without kind or text: %+v", k)
				}
			}
		})
	}
}

func TestParseSeeds(t *testing.T)     { runCases(t, seedCases) }
func TestParseCorpus(t *testing.T)    { runCases(t, corpusCases) }
func TestParsePhrasings(t *testing.T) { runCases(t, phrasingCases) }

func TestParseNil(t *testing.T) {
	r := Parse(nil, "", "en")
	if r == nil || r.Description != "" || got(r) != "" {
		t.Fatalf("Parse(nil) = %+v", r)
	}
}

func TestDescription(t *testing.T) {
	// seed 000, Table 3, row sign_algorithm
	c := cell(para("Signature algorithm."), para("Enumeration values:"), lis("**aes-128-cfb**", "**aes-256-cfb**"))
	want := "Signature algorithm.\nEnumeration values:\n- aes-128-cfb\n- aes-256-cfb"
	if d := Parse(c, model.TypeString, "en").Description; d != want {
		t.Errorf("got %q want %q", d, want)
	}
}

// TestPatterns checks each pattern the cases produce against the values the
// pages show as examples and against values that break the stated rule.
func TestPatterns(t *testing.T) {
	tests := []struct {
		name      string
		cell      *page.Cell
		rule      int // index of the rule, -1 for the field's own pattern
		good, bad []string
	}{
		{"seed 000 Table 3 name", seedCases[0].cell, -1, []string{"signature_demo", "abc"}, []string{"1abc", "_abc", "sig-demo", "名字"}},
		{"seed 000 Table 3 sign_key hmac", seedCases[2].cell, 0, []string{"signkeysignkey", "1key-with_dash"}, []string{"-key", "key!"}},
		{"seed 000 Table 3 sign_key basic", seedCases[2].cell, 1, []string{"signkeysignkey"}, []string{"1key"}},
		{"seed 000 Table 3 sign_key public_key", seedCases[2].cell, 2, []string{"+abc/def=", "/x", "MIIBIjAN+/="}, []string{"_abc", "abc!"}},
		{"seed 000 Table 3 sign_key aes-128-cfb", seedCases[2].cell, 3, []string{"0123456789abcdef", "+/!@#$%_-="}, []string{"!abc", "abc def"}},
		{"seed 002 SignatureName", seedCases[8].cell, -1, []string{"backendsignature"}, []string{"9name", "back-end"}},
		{"seed 002 SignatureSecret", seedCases[9].cell, -1, []string{"asdfghjkl", "a_@#!*9"}, []string{"1asdf", "asdf-"}},
		{"seed 004 name", seedCases[10].cell, -1, []string{"signature_demo", "签名密钥_1"}, []string{"1签名", "_abc", "a-b"}},
		{"otc-apig creating_an_api_group name", corpusCases[0].cell, -1, []string{"api_group_001", "0group(a):b/c.d-e"}, []string{"-group", "group!"}},
		{"otc-apig namespace", corpusCases[16].cell, -1, []string{"default", "a", "my-ns1"}, []string{"my-ns-", "1ns", "My_ns"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Parse(tc.cell, model.TypeString, "en")
			pat := r.Pattern
			if tc.rule >= 0 {
				if tc.rule >= len(r.Rules) {
					t.Fatalf("only %d rules", len(r.Rules))
				}
				pat = r.Rules[tc.rule].Pattern
			}
			if pat == "" {
				t.Fatal("no pattern")
			}
			re, err := regexp.Compile(pat)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range tc.good {
				if !re.MatchString(g) {
					t.Errorf("%s rejects documented value %q", pat, g)
				}
			}
			for _, b := range tc.bad {
				if re.MatchString(b) {
					t.Errorf("%s accepts breaking value %q", pat, b)
				}
			}
		})
	}
}

func TestSplitSentences(t *testing.T) {
	got := splitSentences("It must be in the format x, for example, apig.example.com:7443. It supports TLSv1.1 and URI specifications.Environment variables are supported. 名称。长度为3")
	want := []string{"It must be in the format x, for example, apig.example.com:7443.", "It supports TLSv1.1 and URI specifications.", "Environment variables are supported.", "名称。", "长度为3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// otc-apig querying_*.html, Response body parameters, row size: "Length of
// the returned resource list." describes the field; it is no bound left
// unread.
func TestNounLabelIsNotAConstraint(t *testing.T) {
	r := Parse(&page.Cell{Blocks: []*page.Block{{Kind: page.KindParagraph, Text: "Length of the returned resource list."}}}, "integer", "en")
	if len(r.NotUnderstood) != 0 || len(r.Constraints) != 0 {
		t.Errorf("not understood %q, constraints %d", r.NotUnderstood, len(r.Constraints))
	}
	r = Parse(&page.Cell{Blocks: []*page.Block{{Kind: page.KindParagraph, Text: "Length of the name: 3 to 64 characters."}}}, "string", "en")
	if r.MinLength == nil || *r.MinLength != 3 {
		t.Errorf("a length statement must still be read: %+v", r)
	}
}

// otc-elb-v3 CreateCertificate.html, Table 4 CreateCertificateOption, row
// domain: the note defines kinds of domain names; "A wildcard domain name is
// a domain name starts with an asterisk (*)" must not become the field's
// pattern (it would refuse www.test.com).
func TestDefinitionIsNoConstraint(t *testing.T) {
	r := Parse(&page.Cell{Blocks: []*page.Block{
		{Kind: page.KindParagraph, Text: "Specifies the domain names used by the server certificate."},
		{Kind: page.KindList, Items: []*page.Cell{
			{Blocks: []*page.Block{{Kind: page.KindParagraph, Text: "The value can contain 0 to 1024 characters and consists of multiple common domain names or wildcard domain names separated by commas."}}},
			{Blocks: []*page.Block{{Kind: page.KindParagraph, Text: "A wildcard domain name is a domain name starts with an asterisk (*). Example: *.test.com"}}},
		}},
	}}, "string", "en")
	if r.Pattern != "" {
		t.Errorf("pattern %q from a definition", r.Pattern)
	}
	if r.MaxLength == nil || *r.MaxLength != 1024 {
		t.Errorf("the length statement must still be read: %v", r.MaxLength)
	}
}

// otc-apig creating_an_api.html, row url_domain: a definition that states a
// bound keeps the bound.
func TestDefinitionKeepsItsBound(t *testing.T) {
	r := Parse(&page.Cell{Blocks: []*page.Block{{Kind: page.KindParagraph, Text: "A backend service address consists of a domain name or IP address and a port number, with not more than 255 characters."}}}, "string", "en")
	if r.MaxLength == nil || *r.MaxLength != 255 || r.Pattern != "" {
		t.Errorf("maxLength %v pattern %q", r.MaxLength, r.Pattern)
	}
}
