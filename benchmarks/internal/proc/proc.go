// Package proc reads what the operating system says of the running
// process's memory and resource usage, for the benchmark programs' reports (benchmarks/cmd/scale,
// benchmarks/cmd/restart and benchmarks/cmd/bounds), so that they measure it
// one way.
package proc

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// A Usage is the process's resource usage so far, as getrusage gives it.
type Usage struct {
	CPU         time.Duration // user and system time
	System      time.Duration // the system's part of CPU
	MinorFaults int64         // page faults served without I/O
}

// Sub returns u less an earlier usage v: the usage between the two.
func (u Usage) Sub(v Usage) Usage {
	return Usage{CPU: u.CPU - v.CPU, System: u.System - v.System, MinorFaults: u.MinorFaults - v.MinorFaults}
}

// A Status is what /proc/self/status says of the process's memory.
type Status struct {
	RSS, HWM uint64 // bytes: resident now, and at most so far
	// Anon is the part of RSS that is the process's own memory (RssAnon):
	// the Go heap and runtime. The rest is mostly pages of mapped files
	// (RssFile: bleve's segments), which the kernel reclaims when memory
	// runs short, so Anon is what a machine must hold.
	Anon uint64
}

// Memory reads VmRSS, VmHWM and RssAnon; ok is false off Linux.
func Memory() (st Status, ok bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return st, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		k, v, found := strings.Cut(l, ":")
		if !found {
			continue
		}
		var dst *uint64
		switch k {
		case "VmRSS":
			dst = &st.RSS
		case "VmHWM":
			dst = &st.HWM
		case "RssAnon":
			dst = &st.Anon
		default:
			continue
		}
		f := strings.Fields(v) // "123456 kB"
		if len(f) == 2 && f[1] == "kB" {
			if n, err := strconv.ParseUint(f[0], 10, 64); err == nil {
				*dst = n << 10
			}
		}
	}
	return st, st.RSS > 0
}

// ResetPeak sets the process's VmHWM to its resident memory now, so that
// a later Memory's HWM is the peak since (Linux's clear_refs, value 5).
func ResetPeak() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
