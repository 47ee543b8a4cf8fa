// Package portal is the portal check: every service of the Open Telekom
// Cloud docs portal corpus (../shared/corpus/otc-portal, beside the
// checkout) scraped as `docspec scrape` does, its spec written, loaded and
// validated again with kin-openapi, and scored against the SDK ground truth
// (../shared/oracle/otc-portal) with package score.
//
// TestPortal, in `make test`, fails when any service writes no spec (exit
// 2), when a spec does not validate, when a service falls under its floors in
// floors.tsv (op-like pages read, and F1 where an oracle exists), or when
// docs/portal.md — the per-service page a user reads to know how far to
// trust a spec — is stale (`make portal` rewrites it).
//
// The op-like test is ../shared/tools/portal-score's, ported to Go so that
// the check needs nothing but Go; the figures agree with portal-score's.
package portal
