package interp

import (
	"strings"

	"github.com/docspec/docspec/model"
	regexp "github.com/docspec/docspec/scraper/internal/fastre"
)

// mediaHeaders takes the Content-Type, Accept and Authorization rows out of
// the header parameters: OpenAPI 3.0 ignores header parameters of these
// names (the body's media type and the security scheme say them), yet many
// pages list them (IAM: "Content-Type | Yes | String |
// application/json;charset=utf8"). The one media type a Content-Type row
// names becomes the request body's.
func (b *builder) mediaHeaders() {
	var keep []*model.Parameter
	for _, p := range b.op.Parameters {
		if p.In != model.InHeader {
			keep = append(keep, p)
			continue
		}
		switch strings.ToLower(p.Name) {
		case "content-type":
			if m := mediaTypeOf(p.Schema); m != "" && b.op.RequestBody != nil {
				b.op.RequestBody.ContentType = m
			}
			continue
		case "accept", "authorization":
			continue
		}
		keep = append(keep, p)
	}
	b.op.Parameters = keep
}

var reMediaType = regexp.MustCompile(`\b(?:application|multipart|text)/[A-Za-z0-9.+-]*[A-Za-z0-9]`)

// mediaTypeOf is the one media type a Content-Type row names (its
// enumeration, default or description), "" when it names none or several.
func mediaTypeOf(s *model.Schema) string {
	if s == nil {
		return ""
	}
	text := s.Description + " " + strings.Join(s.Enum, " ")
	if s.Default != nil {
		text += " " + *s.Default
	}
	if s.Example != nil {
		text += " " + *s.Example
	}
	found := ""
	for _, m := range reMediaType.FindAllString(text, -1) {
		m = strings.ToLower(m)
		if found != "" && found != m {
			return ""
		}
		found = m
	}
	return found
}

var reSnakeGap = regexp.MustCompile(`\s*_\s*`)

// snakeTypo closes the space a page left beside an underscore of a
// snake_case name ("protocol _id", IAM): the name is protocol_id. Other
// names with spaces are left as written.
func snakeTypo(name string) string {
	if !strings.Contains(name, " ") || !strings.Contains(name, "_") {
		return name
	}
	if fixed := reSnakeGap.ReplaceAllString(name, "_"); reIdent.MatchString(fixed) {
		return fixed
	}
	return name
}
