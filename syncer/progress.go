package syncer

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// IsTerminal tells whether f is a character device (a terminal), without a
// dependency on x/term: a progress bar is drawn only there.
func IsTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

type progress struct {
	w     io.Writer
	total int
	n     int
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total}
}

const barWidth = 30

func (p *progress) step(label string) {
	if p.w == nil || p.total == 0 {
		return
	}
	p.n++
	filled := barWidth * p.n / p.total
	if len(label) > 50 {
		label = "…" + label[len(label)-49:]
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %-50s", strings.Repeat("=", filled), strings.Repeat(" ", barWidth-filled), p.n, p.total, label)
}

func (p *progress) done() {
	if p.w == nil || p.total == 0 {
		return
	}
	fmt.Fprintln(p.w)
}
