package scraper

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// DefaultMaxPageSize is the largest page read when Meta.MaxPageSize is 0:
// the largest page of the corpus is under 2 MB, and a scrape costs about
// 45 times the page's size in memory.
const DefaultMaxPageSize = 10 << 20

// Files expands paths (files and directories, recursively) into a sorted
// list of regular files. Hidden files and directories are left out.
// Symbolic links are followed, to files and to directories alike; a link
// back to a directory already being walked is not walked again. A path
// given that is neither a regular file nor a directory (a named pipe, a
// device) is an error: reading it could block forever or never end.
func Files(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		switch {
		case st.IsDir():
			if err := walk(p, nil, add); err != nil {
				return nil, err
			}
		case st.Mode().IsRegular():
			add(p)
		default:
			return nil, notRegular(p, st)
		}
	}
	sort.Strings(out)
	return out, nil
}

func notRegular(p string, st os.FileInfo) error {
	what := "not a regular file"
	switch m := st.Mode(); {
	case m&os.ModeNamedPipe != 0:
		what = "a named pipe, not a regular file"
	case m&os.ModeDevice != 0 || m&os.ModeCharDevice != 0:
		what = "a device, not a regular file"
	case m&os.ModeSocket != 0:
		what = "a socket, not a regular file"
	}
	return fmt.Errorf("%s: %s; docspec reads page files and directories of them", p, what)
}

// walk lists the regular files under dir, following symbolic links; stack
// holds the directories being walked, so a link loop ends.
func walk(dir string, stack []os.FileInfo, add func(string)) error {
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	for _, s := range stack {
		if os.SameFile(s, st) {
			return nil // a link back up the tree: already being walked
		}
	}
	stack = append(stack, st)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		mode := e.Type()
		if mode&os.ModeSymlink != 0 {
			st, err := os.Stat(p)
			if err != nil {
				continue // a dangling link names no page
			}
			mode = st.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if err := walk(p, stack, add); err != nil {
				return err
			}
		case mode.IsRegular() && !isMeta(e.Name()):
			add(p)
		}
	}
	return nil
}

// isMeta tells files that describe sources rather than being one.
func isMeta(name string) bool {
	l := strings.ToLower(name)
	return l == "manifest.yaml" || l == "manifest.yml" || l == "readme.md" || l == "license" || l == "snapshot.json"
}

// errTooLarge is a page over the size limit.
type errTooLarge struct {
	size, limit int64
}

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("page of %d bytes or more exceeds the size limit of %d bytes (raise it with --max-page-size)", e.size, e.limit)
}

// readFile reads a page of at most limit bytes. It opens the file once and
// checks what it opened, so a file swapped for a pipe after Files listed it
// is refused too.
func readFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(name, st)
	}
	if st.Size() > limit {
		return nil, &errTooLarge{st.Size(), limit}
	}
	// Read into a buffer of the file's size (and one byte more, to see
	// the end), not one that grows as io.ReadAll's does.
	data := make([]byte, 0, min(st.Size(), limit)+1)
	r := io.LimitReader(f, limit+1)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
	if int64(len(data)) > limit {
		return nil, &errTooLarge{int64(len(data)), limit}
	}
	return data, nil
}

// isTooLarge tells a page over the size limit from a file that cannot be read.
func isTooLarge(err error) bool {
	var e *errTooLarge
	return errors.As(err, &e)
}
