// Package syncer is the engine of `docspec sync`: it fetches a config's URL
// sources into a local snapshot directory, politely and incrementally, and
// decides from content hashes which specs need regenerating.
//
// Fetching: conditional requests (If-None-Match with the stored ETag,
// If-Modified-Since with the stored Last-Modified), a timeout per request, a
// size limit per page, retries with exponential backoff on network errors,
// 429 and 5xx, and a minimum interval between two requests to one host.
// Hosts are fetched in parallel, pages of one host one after another. A page
// that fails (404, too large, timed out) is reported and its previous
// snapshot is kept, so one bad page never erases what was known. A 200
// whose body no longer reads as the page it was (empty, not a reference page
// any more, lost an operation, truncated: CheckPage) fails the same way,
// unless the user accepts it (Options.Accept). Redirects stay on the URL's
// host (Options.RedirectHosts lets others in); a refused one is not retried.
//
// The snapshot directory holds the pages under <host>/<path> (each segment
// made safe for any file system: LocalFile) and
// manifest.json (URL → file, ETag, Last-Modified, SHA-256, size); state.json
// records the source hash each spec was last generated from.
package syncer
