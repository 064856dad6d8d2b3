//go:build unix

package proc

import (
	"syscall"
	"time"
)

// ReadUsage returns the process's resource usage so far (getrusage).
func ReadUsage() (Usage, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return Usage{}, false
	}
	sys := time.Duration(ru.Stime.Nano())
	return Usage{CPU: time.Duration(ru.Utime.Nano()) + sys, System: sys, MinorFaults: int64(ru.Minflt)}, true
}
