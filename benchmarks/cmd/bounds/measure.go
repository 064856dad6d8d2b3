package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/clustergo/partnermatch/benchmarks/internal/proc"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile/synth"
)

// columns are the report's columns; every row has one cell each.
var columns = []string{"probe", "request", "outcome", "wall s", "CPU s", "allocated MB", "peak RSS MB"}

// A cost is what one measured call took.
type cost struct {
	wall, cpu time.Duration
	alloc     uint64 // bytes allocated by the whole process meanwhile
	peakRSS   int64  // bytes: the process's peak since it started
}

// measure runs f and returns its cost. CPU time and allocation are the
// whole process's, background goroutines included (the reads of the
// flood probe count in its refits): getrusage has no finer unit that
// covers the engine's own goroutines.
func measure(f func() error) (cost, error) {
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	c0, t0 := cpuTime(), time.Now()
	err := f()
	wall := time.Since(t0)
	cpu := cpuTime() - c0
	runtime.ReadMemStats(&m1)
	return cost{wall: wall, cpu: cpu, alloc: m1.TotalAlloc - m0.TotalAlloc, peakRSS: peakRSS()}, err
}

func cpuTime() time.Duration {
	u, _ := proc.ReadUsage()
	return u.CPU
}

// peakRSS returns the process's peak resident memory so far, 0 where
// the system does not say.
func peakRSS() int64 {
	st, _ := proc.Memory()
	return int64(st.HWM)
}

// A table writes the Markdown report.
type table struct {
	w   io.Writer
	err error // the first write error; later writes are skipped
}

func newTable(w io.Writer) *table { return &table{w: w} }

func (t *table) printf(format string, a ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, a...)
	}
}

func (t *table) header(cmd string) error {
	t.printf("Command: `%s` (from the module root).\n\n", cmd)
	t.printf("Machine: %s/%s, %d CPUs (GOMAXPROCS %d), %s. The profiles are SYNTHETIC (package profile/synth).\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	t.printf("|")
	for _, c := range columns {
		t.printf(" %s |", c)
	}
	t.printf("\n|")
	for range columns {
		t.printf(" --- |")
	}
	t.printf("\n")
	return t.err
}

// row writes one row; outcome says what the request returned.
func (t *table) row(probe, request, outcome string, c cost) {
	t.printf("| %s | %s | %s | %.2f | %.2f | %.0f | %.0f |\n", probe, request, outcome,
		c.wall.Seconds(), c.cpu.Seconds(), mb(c.alloc), mb(uint64(c.peakRSS)))
}

func (t *table) footer() error {
	t.printf("\nwall s and CPU s: the call's wall time and the process's user and system CPU time meanwhile (getrusage). " +
		"allocated MB: bytes the process allocated meanwhile (runtime.MemStats.TotalAlloc). " +
		"peak RSS MB: the process's peak resident memory since it started (VmHWM; 0 off Linux), earlier probes included.\n")
	return t.err
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// thousands formats n with comma separators, as the figures in RESULTS.md.
func thousands(n int) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// world returns the synthetic world of n profiles: the embedded default
// world at its size, a generated one with its seed otherwise.
func world(n int) (*synth.World, error) {
	cfg := synth.DefaultConfig()
	if n == cfg.Profiles {
		return synth.Default()
	}
	cfg.Profiles = n
	return synth.Generate(cfg)
}

// openWorld returns an in-memory engine holding the world of c.world
// profiles, fitted, and that world. The engine never refits in the
// background, so that each probe fits only where it measures.
func openWorld(ctx context.Context, c *config) (*match.Engine, *synth.World, error) {
	w, err := world(c.world)
	if err != nil {
		return nil, nil, err
	}
	e, err := match.Open("", match.Config{RefitDelay: -1})
	if err != nil {
		return nil, nil, err
	}
	if err := e.Add(ctx, w.Profiles...); err != nil {
		e.Close()
		return nil, nil, err
	}
	if err := e.Refit(ctx); err != nil {
		e.Close()
		return nil, nil, err
	}
	return e, w, nil
}
