package serve

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

// The scoped signing dialect as issue #13 describes what other OTC SDKs
// send, written out here step by step so that the test does not share the
// server's code: key chained from "SDK"+SK over date, region, service and
// "sdk_request"; the scope as the third line of the string to sign; every
// header signed, host included; query keys sorted case-insensitively.
func signScoped(t *testing.T, req *http.Request, body, ak, sk, region, service string, at time.Time) {
	t.Helper()
	date := at.UTC().Format("20060102T150405Z")
	day := at.UTC().Format("20060102")
	req.Header.Set("X-Sdk-Date", date)
	names := []string{"host"}
	for k := range req.Header {
		names = append(names, strings.ToLower(k))
	}
	sort.Strings(names)
	var headers strings.Builder
	for _, n := range names {
		v := req.Host
		if n != "host" {
			v = req.Header.Get(n)
		}
		headers.WriteString(n + ":" + strings.TrimSpace(v) + "\n")
	}
	q := req.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return strings.ToLower(keys[i]) < strings.ToLower(keys[j]) })
	var query []string
	for _, k := range keys {
		query = append(query, k+"="+q.Get(k)) // the test's values need no escaping
	}
	bodySum := sha256.Sum256([]byte(body))
	canonical := strings.Join([]string{req.Method, req.URL.Path + "/", strings.Join(query, "&"), headers.String(), strings.Join(names, ";"), hex.EncodeToString(bodySum[:])}, "\n")
	scope := day + "/" + region + "/" + service + "/sdk_request"
	crSum := sha256.Sum256([]byte(canonical))
	sts := "SDK-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex.EncodeToString(crSum[:])
	key := []byte("SDK" + sk)
	for _, part := range []string{day, region, service, "sdk_request"} {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(part))
		key = m.Sum(nil)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(sts))
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Credential="+ak+"/"+scope+", SignedHeaders="+strings.Join(names, ";")+", Signature="+hex.EncodeToString(m.Sum(nil)))
}

func scopedRequest(t *testing.T, d *double, body, ak, sk, region string, at time.Time) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", d.url+signs+"?Zeta=1&alpha=2", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	signScoped(t, req, body, ak, sk, region, "apig", at)
	return d.do(req)
}

// TestScopedSignature pins the scoped dialect (Credential=AK/DATE/REGION/SERVICE/sdk_request),
// with and without a region, and each reason for its 401.
func TestScopedSignature(t *testing.T) {
	creds := &Credentials{AccessKeys: []AccessKey{{AK: "AK1", SK: "SK1"}}}
	d := newDouble(t, creds, "otc-apig")
	now := time.Now()
	body := `{"name":"signed_key"}`
	if status, m := scopedRequest(t, d, body, "AK1", "SK1", "eu-de", now); status != 201 {
		t.Errorf("scoped signature with a region: %d %v", status, m)
	}
	if status, m := scopedRequest(t, d, body, "AK1", "SK1", "", now); status != 201 {
		t.Errorf("scoped signature with an empty region (Credential=AK/DATE//apig/sdk_request): %d %v", status, m)
	}
	for _, c := range []struct {
		what   string
		ak, sk string
		at     time.Time
	}{
		{"a wrong secret", "AK1", "other", now},
		{"an unknown AK", "AK2", "SK1", now},
		{"X-Sdk-Date 16 minutes old", "AK1", "SK1", now.Add(-16 * time.Minute)},
	} {
		status, e := scopedRequest(t, d, body, c.ak, c.sk, "eu-de", c.at)
		if status != 401 || e["error_code"] != "APIG.1002" {
			t.Errorf("%s: %d %v, want 401 with the operation's documented APIG.1002", c.what, status, e)
		}
	}
}

// TestTokensFromCredentials: with --credentials, only its tokens pass;
// without, any token passes and a signed request is refused (no SK to check).
func TestTokensFromCredentials(t *testing.T) {
	d := newDouble(t, &Credentials{Tokens: []string{"good"}}, "otc-apig")
	for tok, want := range map[string]int{"good": 200, "bad": 401} {
		req, _ := http.NewRequest("GET", d.url+signs, nil)
		req.Header.Set("X-Auth-Token", tok)
		if status, m := d.do(req); status != want {
			t.Errorf("token %q: %d %v, want %d", tok, status, m, want)
		}
	}
	open := newDouble(t, nil, "otc-apig")
	if status, m := scopedRequest(t, open, `{"name":"signed_key"}`, "AK1", "SK1", "", time.Now()); status != 401 {
		t.Errorf("signed request without --credentials: %d %v, want 401", status, m)
	}
}
