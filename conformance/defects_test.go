package conformance

// knownDefects lists the contradictions inside the documentation that the
// specs faithfully carry. The test fails when a listed one disappears (the
// docs or the scraper changed: remove it) or an unlisted one appears.
var knownDefects = []defect{
	{
		Spec: "gen/testdata/otc-signkeys.yaml", Operation: "CreateSignatureKeyV2",
		Example: `response 201 example "example"`, Field: "sign_secret", Kind: "rule sign_type=hmac",
		Source: `seed 000 CreateSignatureKeyV2.html, "Example Responses" 201 vs Table 4 (Response body parameters) row sign_secret`,
		Why:    `the example masks the secret as "sig************ret" while sign_type is hmac, whose secret allows only letters, digits and _-!@#$% ('*' is not among them)`,
	},
}
