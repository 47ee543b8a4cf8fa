//go:build !unix

package htmlpage

import "time"

func cpuTime() time.Duration { return 0 }
