package serve

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const groups = "/v2/p1/apigw/instances/i1/api-groups"

// TestLoad100Clients: 100 concurrent clients × 200 operations each (creates,
// shows, updates, deletes, lists of API groups on one gateway): no write
// lost or duplicated, ids unique, the list's total equal to what the
// acknowledged writes leave. Under -race (make race): 100 clients × 20.
func TestLoad100Clients(t *testing.T) {
	d := newDouble(t, nil, "otc-apig")
	clients, ops := 100, 200
	if raceDetector {
		ops = 20
	}
	var mu sync.Mutex
	ids := map[string]bool{}
	live := 0
	var wg sync.WaitGroup
	errs := make(chan string, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []string
			for i := 0; i < ops; i++ {
				switch {
				case i%5 == 4 && len(mine) > 0: // delete the oldest of mine
					status, _ := d.call("DELETE", groups+"/"+mine[0], "")
					if status != 204 {
						errs <- fmt.Sprintf("client %d: delete: %d", c, status)
						return
					}
					mine = mine[1:]
					mu.Lock()
					live--
					mu.Unlock()
				case i%5 == 3 && len(mine) > 0:
					status, m := d.call("PUT", groups+"/"+mine[len(mine)-1], fmt.Sprintf(`{"name":"g_%d_%d_u"}`, c, i))
					if status != 200 {
						errs <- fmt.Sprintf("client %d: update: %d %v", c, status, m)
						return
					}
				case i%5 == 2 && len(mine) > 0:
					if status, _ := d.call("GET", groups+"/"+mine[0], ""); status != 200 {
						errs <- fmt.Sprintf("client %d: show: %d", c, status)
						return
					}
				case i%10 == 1:
					if status, _ := d.call("GET", groups+"?limit=5", ""); status != 200 {
						errs <- fmt.Sprintf("client %d: list: %d", c, status)
						return
					}
				default:
					status, m := d.call("POST", groups, fmt.Sprintf(`{"name":"g_%d_%d"}`, c, i))
					id, _ := m["id"].(string)
					if status != 201 || id == "" {
						errs <- fmt.Sprintf("client %d: create: %d %v", c, status, m)
						return
					}
					mu.Lock()
					if ids[id] {
						errs <- "duplicate id " + id
					}
					ids[id] = true
					live++
					mu.Unlock()
					mine = append(mine, id)
				}
			}
		}(c)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	status, list := d.call("GET", groups+"?limit=1", "")
	if status != 200 || list["total"] != float64(live) {
		t.Errorf("list total = %v, want %d live groups (%d created)", list["total"], live, len(ids))
	}
}

// TestKillMidLoad: kill -9 of `docspec serve` during a write load, restart on
// the same --db: every acknowledged create is there.
func TestKillMidLoad(t *testing.T) {
	bin := buildDocspec(t)
	db := filepath.Join(t.TempDir(), "serve.db")
	cmd, url := startServe(t, bin, db)
	acked := make(chan string, 100000)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 20; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < 5000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id, ok := createGroup(url, fmt.Sprintf("k_%d_%d", c, i))
				if !ok {
					return // the server is gone: this write was not acknowledged
				}
				acked <- id
			}
		}(c)
	}
	// Kill once some writes are acknowledged, while the others are in flight.
	deadline := time.Now().Add(30 * time.Second)
	for len(acked) < 300 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(stop)
	wg.Wait()
	close(acked)
	if len(acked) < 300 {
		t.Fatalf("only %d writes acknowledged before the deadline", len(acked))
	}
	_, url = startServe(t, bin, db)
	n := 0
	for id := range acked {
		n++
		resp, err := http.Get(url + groups + "/" + id + "?token")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 401 { // the GET above carries no token: use one
			req, _ := http.NewRequest("GET", url+groups+"/"+id, nil)
			req.Header.Set("X-Auth-Token", "t")
			resp, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		if resp.StatusCode != 200 {
			t.Errorf("acknowledged group %s: %d after restart", id, resp.StatusCode)
		}
	}
	t.Logf("%d acknowledged writes, all present after kill -9 and restart", n)
}

func createGroup(url, name string) (string, bool) {
	req, _ := http.NewRequest("POST", url+groups, strings.NewReader(`{"name":"`+name+`"}`))
	req.Header.Set("X-Auth-Token", "t")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 201 {
		return "", false
	}
	s := string(b)
	i := strings.Index(s, `"id":"`)
	if i < 0 {
		return "", false
	}
	s = s[i+6:]
	return s[:strings.IndexByte(s, '"')], true
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// buildDocspec builds the CLI once per test binary, for the tests that need a process to kill.
func buildDocspec(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "docspec-serve-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "docspec")
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/docspec").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func startServe(t *testing.T, bin, db string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--quiet", "--addr", "127.0.0.1:0", "--db", db, "../spec/otc-apig.yaml")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				urls <- u
			}
		}
		close(urls)
	}()
	select {
	case u, ok := <-urls:
		if !ok {
			t.Fatalf("docspec serve stopped: %s", stderr.String())
		}
		return cmd, u
	case <-time.After(60 * time.Second):
		t.Fatalf("docspec serve did not listen within 60s: %s", stderr.String())
	}
	return nil, ""
}
