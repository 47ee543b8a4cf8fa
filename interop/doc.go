// Package interop drives `docspec serve` with the official Huawei Cloud Go
// SDK (services/apig/v2), unpatched, in both of its authentication modes.
//
// It is a nested module so that the main module does not depend on the SDK.
// The tests build the docspec binary of the enclosing module and run
// `docspec serve ../spec/otc-apig.yaml` on a loopback port, as a user would.
package interop
