package interop

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// docspecBinary builds cmd/docspec of the enclosing module once per test run.
func docspecBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "docspec-interop-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "docspec")
		cmd := exec.Command("go", "build", "-o", binary, "./cmd/docspec")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = err
			binary = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building docspec: %v\n%s", buildErr, binary)
	}
	return binary
}

// serve starts `docspec serve` on a free loopback port with the given
// credentials file and returns its base URL; the server is stopped at the
// end of the test.
func serve(t *testing.T, credentials string, specs ...string) string {
	t.Helper()
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials.yaml")
	if err := os.WriteFile(creds, []byte(credentials), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "serve.db"), "--credentials", creds, "--quiet"}
	cmd := exec.Command(docspecBinary(t), append(args, specs...)...)
	cmd.Dir = ".."
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("docspec serve's standard error:\n%s", stderr.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				found <- url
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatalf("docspec serve stopped before listening:\n%s", stderr.String())
		}
		return url
	case <-time.After(60 * time.Second):
		t.Fatalf("docspec serve did not say where it listens within 60s:\n%s", stderr.String())
	}
	return ""
}
