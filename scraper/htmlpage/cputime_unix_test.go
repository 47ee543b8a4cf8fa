//go:build unix

package htmlpage

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used, GC workers included: on a
// busy machine it compares Read with its floor better than wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
