package interop

import (
	"errors"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/impl"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	apig "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/apig/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/apig/v2/model"
)

const (
	project  = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	instance = "eddc4d25480b4cd6b512f270a1b8b341"
	ak       = "AKDOCSPECINTEROP0001"
	sk       = "sk-for-the-interop-test-only-0123456789"
	token    = "token-for-the-interop-test"
)

// The --credentials file of these tests (its schema: README, "docspec serve").
const credentials = `tokens: [` + token + `]
access_keys:
  - {ak: ` + ak + `, sk: ` + sk + `}
`

// tokenCredential sends an IAM token the SDK's way of extending auth: an
// auth.ICredential, the SDK's own interface (the SDK ships AK/SK credentials
// only; a token is one header).
type tokenCredential struct{ token, project string }

func (c tokenCredential) ProcessAuthParams(*impl.DefaultHttpClient, string) (auth.ICredential, error) {
	return c, nil
}

func (c tokenCredential) ProcessAuthRequest(_ *impl.DefaultHttpClient, req *request.DefaultHttpRequest) (*request.DefaultHttpRequest, error) {
	req.Builder().AddAutoFilledPathParam("project_id", c.project).AddHeaderParam("X-Auth-Token", c.token)
	return req, nil
}

func client(t *testing.T, endpoint string, cred auth.ICredential) *apig.ApigClient {
	t.Helper()
	hc, err := apig.ApigClientBuilder().
		WithEndpoints([]string{endpoint}).
		WithCredential(cred).
		// The builder checks the credential's type name; the token one is ours.
		WithCredentialsType("basic.Credentials,interop.tokenCredential").
		WithHttpConfig(config.DefaultHttpConfig().WithTimeout(30e9)).
		SafeBuild()
	if err != nil {
		t.Fatalf("building the SDK client: %v", err)
	}
	return apig.NewApigClient(hc)
}

func TestHuaweiSDKWithAKSK(t *testing.T) {
	endpoint := serve(t, credentials, "spec/otc-apig.yaml")
	cred, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithProjectId(project).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	lifecycles(t, client(t, endpoint, cred))

	// A wrong secret key is refused with the documented 401 shape.
	bad, _ := basic.NewCredentialsBuilder().WithAk(ak).WithSk("not-the-secret").WithProjectId(project).SafeBuild()
	_, err = client(t, endpoint, bad).ListSignatureKeysV2(&model.ListSignatureKeysV2Request{InstanceId: instance})
	wantStatus(t, "signed with a wrong SK", err, 401)
}

func TestHuaweiSDKWithToken(t *testing.T) {
	endpoint := serve(t, credentials, "spec/otc-apig.yaml")
	lifecycles(t, client(t, endpoint, tokenCredential{token: token, project: project}))

	_, err := client(t, endpoint, tokenCredential{token: "not-configured", project: project}).ListSignatureKeysV2(&model.ListSignatureKeysV2Request{InstanceId: instance})
	wantStatus(t, "a token not configured", err, 401)
}

func lifecycles(t *testing.T, c *apig.ApigClient) {
	t.Run("signature keys", func(t *testing.T) { signatureKeys(t, c) })
	t.Run("API groups", func(t *testing.T) { apiGroups(t, c) })
	t.Run("environments", func(t *testing.T) { environments(t, c) })
	t.Run("request throttling policies", func(t *testing.T) { throttles(t, c) })
	t.Run("apps", func(t *testing.T) { apps(t, c) })
	t.Run("signature key bindings", func(t *testing.T) { signatureKeyBindings(t, c) })
}

// signatureKeyBindings: "Binding a Signature Key" records one binding per
// publish_id, with the key's name; "Querying APIs Bound with a Signature
// Key" lists them; "Unbinding a Signature Key" deletes one by its record id,
// and a second unbinding gets the page's 404 APIG.3018.
func signatureKeyBindings(t *testing.T, c *apig.ApigClient) {
	key, err := c.CreateSignatureKeyV2(&model.CreateSignatureKeyV2Request{InstanceId: instance, Body: &model.BaseSignature{Name: "interop_bound"}})
	if err != nil {
		t.Fatalf("create key: %v", err)
	}
	publish := []string{"0a1b2c3d4e5f60718293a4b5c6d7e8f9", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"}
	bound, err := c.AssociateSignatureKeyV2(&model.AssociateSignatureKeyV2Request{InstanceId: instance, Body: &model.SignApiBinding{SignId: *key.Id, PublishIds: publish}})
	if err != nil {
		t.Fatalf("bind: %v", err)
	}
	if bound.HttpStatusCode != 201 || bound.Bindings == nil || len(*bound.Bindings) != 2 {
		t.Fatalf("bind answered %d %+v, want 201 and 2 records", bound.HttpStatusCode, bound.Bindings)
	}
	for i, b := range *bound.Bindings {
		if b.Id == nil || *b.Id == "" || b.PublishId == nil || *b.PublishId != publish[i] || b.SignId == nil || *b.SignId != *key.Id || b.SignName == nil || *b.SignName != "interop_bound" || b.BindingTime == nil {
			t.Fatalf("record %d: %+v", i, b)
		}
	}
	list := func() *model.ListApisBindedToSignatureKeyV2Response {
		l, err := c.ListApisBindedToSignatureKeyV2(&model.ListApisBindedToSignatureKeyV2Request{InstanceId: instance, SignId: *key.Id})
		if err != nil {
			t.Fatalf("binded-apis: %v", err)
		}
		return l
	}
	if l := list(); l.Total != 2 || l.Bindings == nil || len(*l.Bindings) != 2 {
		t.Fatalf("binded-apis after binding two: total %d %+v", l.Total, l.Bindings)
	}
	first := *(*bound.Bindings)[0].Id
	if _, err := c.DisassociateSignatureKeyV2(&model.DisassociateSignatureKeyV2Request{InstanceId: instance, SignBindingsId: first}); err != nil {
		t.Fatalf("unbind: %v", err)
	}
	if l := list(); l.Total != 1 || *(*l.Bindings)[0].Id == first {
		t.Fatalf("binded-apis after unbinding one: total %d %+v", l.Total, l.Bindings)
	}
	_, err = c.DisassociateSignatureKeyV2(&model.DisassociateSignatureKeyV2Request{InstanceId: instance, SignBindingsId: first})
	if sre := wantStatus(t, "unbinding it again", err, 404); sre.ErrorCode != "APIG.3018" {
		t.Errorf("404 code = %s, want APIG.3018", sre.ErrorCode)
	}
}

// wantStatus checks that err is the SDK's ServiceResponseError with status
// and an error code read from the provider's error body.
func wantStatus(t *testing.T, what string, err error, status int) *sdkerr.ServiceResponseError {
	t.Helper()
	var sre *sdkerr.ServiceResponseError
	if !errors.As(err, &sre) {
		t.Fatalf("%s: err = %v, want the SDK's ServiceResponseError %d", what, err, status)
	}
	if sre.StatusCode != status || sre.ErrorCode == "" {
		t.Fatalf("%s: status %d, code %q (%s), want %d with a code", what, sre.StatusCode, sre.ErrorCode, sre.ErrorMessage, status)
	}
	return sre
}

func ptr[T any](v T) *T { return &v }

func signatureKeys(t *testing.T, c *apig.ApigClient) {
	created, err := c.CreateSignatureKeyV2(&model.CreateSignatureKeyV2Request{InstanceId: instance, Body: &model.BaseSignature{
		Name: "interop_sign", SignType: ptr(model.GetBaseSignatureSignTypeEnum().HMAC),
	}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.HttpStatusCode != 201 || created.Id == nil || created.CreateTime == nil || created.Name != "interop_sign" {
		t.Fatalf("create answered %d %+v", created.HttpStatusCode, created)
	}
	// "If not specified, a key is automatically generated" (Table 3, sign_key and sign_secret, hmac: 8 to 32 and 16 to 64 characters).
	if created.SignKey == nil || len(*created.SignKey) < 8 || len(*created.SignKey) > 32 || created.SignSecret == nil || len(*created.SignSecret) < 16 {
		t.Fatalf("generated key/secret do not follow the hmac rules: %v %v", created.SignKey, created.SignSecret)
	}
	id := *created.Id

	list, err := c.ListSignatureKeysV2(&model.ListSignatureKeysV2Request{InstanceId: instance, Name: ptr("interop"), Limit: ptr(int32(0))})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	// limit 0 "is automatically converted to 20"; name is matched fuzzily without precise_search.
	if list.Total != 1 || list.Size != 1 || list.Signs == nil || *(*list.Signs)[0].Id != id {
		t.Fatalf("list by fuzzy name: total %d size %d %+v", list.Total, list.Size, list.Signs)
	}
	exact, err := c.ListSignatureKeysV2(&model.ListSignatureKeysV2Request{InstanceId: instance, Name: ptr("interop"), PreciseSearch: ptr("name")})
	if err != nil || exact.Total != 0 || exact.Signs == nil {
		t.Fatalf("list with precise_search=name: %v total %d signs %v (want 0 and an empty array)", err, exact.Total, exact.Signs)
	}

	updated, err := c.UpdateSignatureKeyV2(&model.UpdateSignatureKeyV2Request{InstanceId: instance, SignId: id, Body: &model.BaseSignature{Name: "interop_sign_renamed"}})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if updated.Name != "interop_sign_renamed" || *updated.Id != id || updated.CreateTime == nil || updated.CreateTime.String() != created.CreateTime.String() {
		t.Fatalf("update must keep id and creation time: %+v (created %+v)", updated, created)
	}
	if _, err := c.DeleteSignatureKeyV2(&model.DeleteSignatureKeyV2Request{InstanceId: instance, SignId: id}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = c.DeleteSignatureKeyV2(&model.DeleteSignatureKeyV2Request{InstanceId: instance, SignId: id})
	// The 404 example of "Deleting a Signature Key" shows APIG.3017.
	if sre := wantStatus(t, "deleting it again", err, 404); sre.ErrorCode != "APIG.3017" {
		t.Errorf("404 code = %s, want APIG.3017", sre.ErrorCode)
	}
	after, err := c.ListSignatureKeysV2(&model.ListSignatureKeysV2Request{InstanceId: instance})
	if err != nil || after.Total != 0 {
		t.Fatalf("list after delete: %v total %d", err, after.Total)
	}
}

func apiGroups(t *testing.T, c *apig.ApigClient) {
	created, err := c.CreateApiGroupV2(&model.CreateApiGroupV2Request{InstanceId: instance, Body: &model.ApiGroupCreate{Name: "interop_group", Remark: ptr("first")}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.Id == "" || created.Name != "interop_group" {
		t.Fatalf("create answered %+v", created)
	}
	shown, err := c.ShowDetailsOfApiGroupV2(&model.ShowDetailsOfApiGroupV2Request{InstanceId: instance, GroupId: created.Id})
	if err != nil || shown.Id != created.Id || shown.Remark == nil || *shown.Remark != "first" {
		t.Fatalf("show: %v %+v", err, shown)
	}
	list, err := c.ListApiGroupsV2(&model.ListApiGroupsV2Request{InstanceId: instance})
	if err != nil || list.Total != 1 || list.Groups == nil || len(*list.Groups) != 1 {
		t.Fatalf("list: %v %+v", err, list)
	}
	updated, err := c.UpdateApiGroupV2(&model.UpdateApiGroupV2Request{InstanceId: instance, GroupId: created.Id, Body: &model.ApiGroupBase{Name: "interop_group2", Remark: ptr("second")}})
	if err != nil || updated.Name != "interop_group2" || updated.Id != created.Id {
		t.Fatalf("update: %v %+v", err, updated)
	}
	if _, err := c.DeleteApiGroupV2(&model.DeleteApiGroupV2Request{InstanceId: instance, GroupId: created.Id}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = c.ShowDetailsOfApiGroupV2(&model.ShowDetailsOfApiGroupV2Request{InstanceId: instance, GroupId: created.Id})
	wantStatus(t, "showing a deleted group", err, 404)
}

func environments(t *testing.T, c *apig.ApigClient) {
	created, err := c.CreateEnvironmentV2(&model.CreateEnvironmentV2Request{InstanceId: instance, Body: &model.EnvCreate{Name: "interop_env"}})
	if err != nil || created.Id == nil || created.Name == nil || *created.Name != "interop_env" {
		t.Fatalf("create: %v %+v", err, created)
	}
	list, err := c.ListEnvironmentsV2(&model.ListEnvironmentsV2Request{InstanceId: instance, Name: ptr("interop_env")})
	if err != nil || list.Total != 1 || list.Envs == nil || *(*list.Envs)[0].Id != *created.Id {
		t.Fatalf("list: %v %+v", err, list)
	}
	updated, err := c.UpdateEnvironmentV2(&model.UpdateEnvironmentV2Request{InstanceId: instance, EnvId: *created.Id, Body: &model.EnvCreate{Name: "interop_env2", Remark: ptr("renamed")}})
	if err != nil || *updated.Name != "interop_env2" || *updated.Id != *created.Id {
		t.Fatalf("update: %v %+v", err, updated)
	}
	if _, err := c.DeleteEnvironmentV2(&model.DeleteEnvironmentV2Request{InstanceId: instance, EnvId: *created.Id}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	list, err = c.ListEnvironmentsV2(&model.ListEnvironmentsV2Request{InstanceId: instance})
	if err != nil || list.Total != 0 || list.Envs == nil {
		t.Fatalf("list after delete: %v %+v", err, list)
	}
}

func throttles(t *testing.T, c *apig.ApigClient) {
	created, err := c.CreateRequestThrottlingPolicyV2(&model.CreateRequestThrottlingPolicyV2Request{InstanceId: instance, Body: &model.ThrottleBaseInfo{
		Name: "interop_throttle", ApiCallLimits: 100, TimeInterval: 1, TimeUnit: model.GetThrottleBaseInfoTimeUnitEnum().MINUTE,
	}})
	if err != nil || created.Id == nil || created.ApiCallLimits != 100 {
		t.Fatalf("create: %v %+v", err, created)
	}
	shown, err := c.ShowDetailsOfRequestThrottlingPolicyV2(&model.ShowDetailsOfRequestThrottlingPolicyV2Request{InstanceId: instance, ThrottleId: *created.Id})
	if err != nil || *shown.Id != *created.Id || shown.TimeUnit.Value() != "MINUTE" {
		t.Fatalf("show: %v %+v", err, shown)
	}
	list, err := c.ListRequestThrottlingPolicyV2(&model.ListRequestThrottlingPolicyV2Request{InstanceId: instance})
	if err != nil || list.Total != 1 {
		t.Fatalf("list: %v %+v", err, list)
	}
	updated, err := c.UpdateRequestThrottlingPolicyV2(&model.UpdateRequestThrottlingPolicyV2Request{InstanceId: instance, ThrottleId: *created.Id, Body: &model.ThrottleBaseInfo{
		Name: "interop_throttle", ApiCallLimits: 200, TimeInterval: 1, TimeUnit: model.GetThrottleBaseInfoTimeUnitEnum().MINUTE,
	}})
	if err != nil || updated.ApiCallLimits != 200 {
		t.Fatalf("update: %v %+v", err, updated)
	}
	if _, err := c.DeleteRequestThrottlingPolicyV2(&model.DeleteRequestThrottlingPolicyV2Request{InstanceId: instance, ThrottleId: *created.Id}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = c.ShowDetailsOfRequestThrottlingPolicyV2(&model.ShowDetailsOfRequestThrottlingPolicyV2Request{InstanceId: instance, ThrottleId: *created.Id})
	wantStatus(t, "showing a deleted policy", err, 404)
}

func apps(t *testing.T, c *apig.ApigClient) {
	created, err := c.CreateAnAppV2(&model.CreateAnAppV2Request{InstanceId: instance, Body: &model.AppCreate{Name: "interop_app"}})
	if err != nil || created.Id == nil || *created.Name != "interop_app" {
		t.Fatalf("create: %v %+v", err, created)
	}
	shown, err := c.ShowDetailsOfAppV2(&model.ShowDetailsOfAppV2Request{InstanceId: instance, AppId: *created.Id})
	if err != nil || *shown.Id != *created.Id {
		t.Fatalf("show: %v %+v", err, shown)
	}
	list, err := c.ListAppsV2(&model.ListAppsV2Request{InstanceId: instance, Name: ptr("interop_app")})
	if err != nil || list.Total != 1 {
		t.Fatalf("list: %v %+v", err, list)
	}
	updated, err := c.UpdateAppV2(&model.UpdateAppV2Request{InstanceId: instance, AppId: *created.Id, Body: &model.AppCreate{Name: "interop_app2"}})
	if err != nil || *updated.Name != "interop_app2" {
		t.Fatalf("update: %v %+v", err, updated)
	}
	if _, err := c.DeleteAppV2(&model.DeleteAppV2Request{InstanceId: instance, AppId: *created.Id}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = c.ShowDetailsOfAppV2(&model.ShowDetailsOfAppV2Request{InstanceId: instance, AppId: *created.Id})
	wantStatus(t, "showing a deleted app", err, 404)
}
