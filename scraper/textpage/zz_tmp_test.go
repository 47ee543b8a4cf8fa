package textpage

import (
	"os"
	"testing"
)

func TestTmpDump(t *testing.T) {
	f := os.Getenv("TMPDUMP")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	p, err := Read(f, data)
	t.Logf("sniff %q err %v", Sniff(data), err)
	os.WriteFile(f+".dump", []byte(Dump(p)), 0o644)
}
