package serve

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Credentials is the --credentials file:
//
//	tokens: [tok-1, tok-2]          # accepted X-Auth-Token values
//	access_keys:                    # AK/SK pairs for signed requests
//	  - {ak: AKEXAMPLE, sk: SKEXAMPLE}
//
// Without a file any non-empty token is accepted and signed requests are
// refused (no secret key to check them with).
type Credentials struct {
	Tokens     []string    `yaml:"tokens"`
	AccessKeys []AccessKey `yaml:"access_keys"`
}

// AccessKey is one AK/SK pair.
type AccessKey struct {
	AK string `yaml:"ak"`
	SK string `yaml:"sk"`
}

// LoadCredentials reads a --credentials file.
func LoadCredentials(path string) (*Credentials, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Credentials
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, k := range c.AccessKeys {
		if k.AK == "" || k.SK == "" {
			return nil, fmt.Errorf("%s: access_keys[%d]: both ak and sk are needed", path, i)
		}
	}
	return &c, nil
}

// maxClockSkew is how far X-Sdk-Date may be from the server's clock.
const maxClockSkew = 15 * time.Minute

const sdkHMAC = "SDK-HMAC-SHA256"

// authenticate checks a request's token or signature; body is the request
// body already read. The error says why, for the 401's message (never a secret).
func (c *Credentials) authenticate(r *http.Request, body []byte, now time.Time) error {
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, sdkHMAC+" ") {
		return c.verifySignature(r, auth, body, now)
	}
	token := r.Header.Get("X-Auth-Token")
	if token == "" {
		return errors.New("the request carries neither X-Auth-Token nor an SDK-HMAC-SHA256 signature")
	}
	if c == nil {
		return nil // no --credentials: any token
	}
	for _, t := range c.Tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			return nil
		}
	}
	return errors.New("the token is not valid")
}

// signature is a parsed Authorization header of either dialect.
type signature struct {
	ak, scope, signature string
	signed               []string
}

func parseAuthorization(auth string) (signature, error) {
	var s signature
	for _, part := range strings.Split(strings.TrimPrefix(auth, sdkHMAC+" "), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Access":
			s.ak = v
		case "Credential":
			ak, scope, ok := strings.Cut(v, "/")
			if !ok {
				return s, errors.New("Credential has no scope")
			}
			s.ak, s.scope = ak, scope
		case "SignedHeaders":
			s.signed = strings.Split(v, ";")
		case "Signature":
			s.signature = v
		}
	}
	if s.ak == "" || s.signature == "" || len(s.signed) == 0 {
		return s, errors.New("the Authorization header lacks Access (or Credential), SignedHeaders or Signature")
	}
	return s, nil
}

func (c *Credentials) verifySignature(r *http.Request, auth string, body []byte, now time.Time) error {
	s, err := parseAuthorization(auth)
	if err != nil {
		return err
	}
	sk := c.secretOf(s.ak)
	if sk == "" {
		return errors.New("the access key is not known")
	}
	date := r.Header.Get("X-Sdk-Date")
	t, err := time.Parse("20060102T150405Z", date)
	if err != nil {
		return errors.New("X-Sdk-Date is missing or not in the form 20060102T150405Z")
	}
	if d := now.Sub(t); d > maxClockSkew || d < -maxClockSkew {
		return errors.New("X-Sdk-Date is more than 15 minutes away from the server's clock")
	}
	scoped := s.scope != ""
	hash := sha256.Sum256([]byte(canonicalRequest(r, s.signed, body, scoped)))
	var want []byte
	if scoped {
		sts := sdkHMAC + "\n" + date + "\n" + s.scope + "\n" + hex.EncodeToString(hash[:])
		want = mac(scopedKey(sk, s.scope), sts)
	} else {
		sts := sdkHMAC + "\n" + date + "\n" + hex.EncodeToString(hash[:])
		want = mac([]byte(sk), sts)
	}
	got, err := hex.DecodeString(s.signature)
	if err != nil || !hmac.Equal(got, want) {
		return errors.New("the signature does not match")
	}
	return nil
}

func (c *Credentials) secretOf(ak string) string {
	if c == nil {
		return ""
	}
	for _, k := range c.AccessKeys {
		if k.AK == ak {
			return k.SK
		}
	}
	return ""
}

func mac(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

// scopedKey chains HMAC-SHA256 from "SDK"+SK over the scope's date, region,
// service and terminator (YYYYMMDD/REGION/SERVICE/sdk_request).
func scopedKey(sk, scope string) []byte {
	key := []byte("SDK" + sk)
	for _, part := range strings.Split(scope, "/") {
		key = mac(key, part)
	}
	return key
}

// canonicalRequest is the string both dialects hash: method, path with a
// trailing slash, sorted query, signed headers, their list, body hash.
func canonicalRequest(r *http.Request, signed []string, body []byte, caseInsensitiveQuery bool) string {
	sum := sha256.Sum256(body)
	bodyHash := hex.EncodeToString(sum[:])
	if v := r.Header.Get("X-Sdk-Content-Sha256"); v == "UNSIGNED-PAYLOAD" {
		bodyHash = v
	}
	return strings.Join([]string{
		r.Method,
		canonicalURI(r.URL.Path),
		canonicalQuery(r, caseInsensitiveQuery),
		canonicalHeaders(r, signed),
		strings.Join(signed, ";"),
		bodyHash,
	}, "\n")
}

func canonicalURI(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = escape(s)
	}
	uri := strings.Join(segs, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

func canonicalQuery(r *http.Request, caseInsensitive bool) string {
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if caseInsensitive && !strings.EqualFold(keys[i], keys[j]) {
			return strings.ToLower(keys[i]) < strings.ToLower(keys[j])
		}
		return keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	return strings.Join(parts, "&")
}

func canonicalHeaders(r *http.Request, signed []string) string {
	var b strings.Builder
	for _, h := range signed {
		values := r.Header.Values(h)
		if h == "host" {
			values = []string{r.Host}
		}
		values = append([]string(nil), values...)
		sort.Strings(values)
		for _, v := range values {
			b.WriteString(h + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	return b.String()
}

// escape percent-encodes all but the unreserved characters, as the SDKs do.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '~' || c == '.' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
