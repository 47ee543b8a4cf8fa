package syncer

import (
	"context"
	"testing"
)

// BenchmarkNoopSync is a sync where nothing changed: three conditional
// requests answered 304 by the local server, and the manifest rewritten.
func BenchmarkNoopSync(b *testing.B) {
	_, srv := newDocServer(b)
	opts := fastOptions(b.TempDir())
	urls := []string{srv.URL + pDelete, srv.URL + pStatus, srv.URL + pProject}
	if _, err := Fetch(context.Background(), urls, opts); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Fetch(context.Background(), urls, opts)
		if err != nil || len(r.Changed()) != 0 {
			b.Fatal(err, r.Changed())
		}
	}
}
