// Package score scores an OpenAPI document against the SDK ground truth of
// ../shared/oracle (its format: ../shared/oracle/README.md), as
// ../shared/tools/specscore does: operations matched by method and
// normalised path, path parameters by position; micro F1 over parameters,
// request and response body fields (dotted paths, arrays transparent);
// type, required and enum agreement on the matched items.
//
// It is a copy of specscore's oracle, score and spec packages (that tool is
// its own module, beside the checkout, whose internal packages cannot be
// imported), so that the portal check in `make test` needs nothing but Go.
// TestScoresLikeSpecscore pins that both agree on a committed spec.
package score
