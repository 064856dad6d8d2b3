// Command scale measures how a persistent match.Engine copes with many
// profiles: it adds SYNTHETIC profiles (package profile/synth, not real
// organisations) in batches to an engine on disk and, at each checkpoint
// size, reports the indexing rate, the index's size on disk, the Go heap
// and the process's resident memory, the time to fit the default model,
// the latency of Partners (p50 and p99, with the default model and with
// an eligibility rule set) and the time to close the engine and open it
// again from disk: what breaks first on the way to a million profiles.
//
//	go run ./benchmarks/cmd/scale                                   # 10,000, 100,000 and 1,000,000 profiles
//	go run ./benchmarks/cmd/scale -sizes 10000,100000 -out /tmp/scale.md
//	nice -n 19 go run ./benchmarks/cmd/scale -max-rss-gb 12 -timeout 45m -dir /data/scale -keep
//
// It is a command rather than a test because a million profiles take tens
// of minutes and gigabytes; the test of this package runs it on a few
// hundred.
//
// The profiles are one synthetic world of the largest size (seeded, so
// equal flags give equal data), streamed to a scratch folder with
// synth.GenerateDir and read back in order: a checkpoint of n profiles
// holds the world's first n, and neither the generator nor a copy of the
// world sits in memory beside the engine. The engine never refits in the
// background (RefitDelay -1), so that fitting is timed only where the
// report says, once per checkpoint.
//
// A memory guard polls the resident set size (VmRSS of /proc/self/status;
// off Linux, the memory the Go runtime has mapped) and a -timeout bounds
// the run: past either, or at the first error, the run stops and the
// report keeps the checkpoints that completed and says what broke first,
// instead of the process being killed by the kernel with nothing written.
// Stopping is cooperative (the engine's operations take a context; Open
// does not): if the run does not stop within two minutes, or its memory
// grows to 1.2 times the limit, the report is written and the process
// exits with status 3.
//
// A progress line goes to standard error; the Markdown report (a table
// with one row per checkpoint, the machine and the exact command) to
// standard output or -out. Latencies are for one query at a time on this
// machine under its current load.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clustergo/partnermatch/benchmarks/internal/progress"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

// Values of -reopen.
const (
	reopenLast = "last" // only at the largest checkpoint: one full reload, where it matters most
	reopenAll  = "all"  // at every checkpoint, then keep adding to the reopened engine
	reopenNone = "none"
)

type config struct {
	sizes   []int
	batch   int
	queries int
	seed    uint64
	rules   string
	dir     string
	keep    bool
	reopen  string
	timeout time.Duration
	maxRSS  float64 // GB; 0: no guard
	out     string
	heapDir string // heap profiles, one per checkpoint and reopen; empty: none
}

func parse(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var sizes string
	fs.StringVar(&sizes, "sizes", "10000,100000,1000000", "checkpoint sizes in profiles, comma-separated; the run stops at the largest")
	fs.IntVar(&c.batch, "batch", 5000, "profiles per Engine.Add call")
	fs.IntVar(&c.queries, "queries", 200, "Partners calls per checkpoint and kind of query, on profiles sampled with -seed (0: skip)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the synthetic world, the engine's fits and the sampled queries")
	fs.StringVar(&c.rules, "rules", "escp4i", "eligibility rule set of the second kind of query (empty: skip it)")
	fs.StringVar(&c.dir, "dir", "", "folder for the index and the generated world (empty: a temporary folder)")
	fs.BoolVar(&c.keep, "keep", false, "keep the index and the generated world in -dir instead of removing them at the end")
	fs.StringVar(&c.reopen, "reopen", reopenLast, "close the engine and open it from disk at checkpoints: last, all or none")
	fs.DurationVar(&c.timeout, "timeout", 0, "stop the run after this long and report what completed (0: no limit)")
	fs.Float64Var(&c.maxRSS, "max-rss-gb", 16, "stop the run when the resident memory exceeds this many GB (0: no limit)")
	fs.StringVar(&c.heapDir, "heapprofile", "", "write a heap profile (go tool pprof) into this folder after each checkpoint's fit and after each reopen (empty: none)")
	fs.StringVar(&c.out, "out", "", "write the Markdown report to this file (empty: standard output)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if c.sizes, err = ints(sizes); err != nil || len(c.sizes) == 0 {
		return nil, fmt.Errorf("-sizes %q: need positive integers", sizes)
	}
	switch {
	case c.batch <= 0:
		return nil, fmt.Errorf("-batch %d: must be positive", c.batch)
	case c.queries < 0:
		return nil, fmt.Errorf("-queries %d: must not be negative", c.queries)
	case c.timeout < 0:
		return nil, fmt.Errorf("-timeout %v: must not be negative", c.timeout)
	case c.maxRSS < 0 || c.maxRSS != c.maxRSS:
		return nil, fmt.Errorf("-max-rss-gb %v: must not be negative", c.maxRSS)
	}
	switch c.reopen {
	case reopenLast, reopenAll, reopenNone:
	default:
		return nil, fmt.Errorf("-reopen %q: want last, all or none", c.reopen)
	}
	return &c, nil
}

// ints parses a comma-separated list of positive integers, sorted and
// without duplicates; underscores are allowed as digit separators
// (1_000_000), since the sizes are large.
func ints(s string) ([]int, error) {
	var out []int
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x == "" {
			continue
		}
		n, err := strconv.ParseInt(x, 0, 0)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive integer", x)
		}
		out = append(out, int(n))
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// run parses args, measures and writes the report. Stops by the memory
// guard or the timeout are results, written in the report, and return
// nil; an error of the engine is written in the report too and returned,
// so that the exit status shows it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	out := stdout
	if c.out != "" {
		// Create the report first, so that a bad path fails before the
		// long run rather than after it.
		f, err := os.Create(c.out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		out = f
	}
	ws, err := newWorkspace(c.dir, c.keep)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := ws.cleanup(); cerr != nil {
			fmt.Fprintln(stderr, "scale: cleaning up:", cerr)
		}
	}()
	bar := progress.New(stderr, memNote, 30*time.Second)
	s := &scaler{c: c, ws: ws, bar: bar, args: args, out: out}
	runErr := s.run(ctx)
	bar.Done()
	if err := s.writeReport(); err != nil {
		return err
	}
	if c.out != "" {
		fmt.Fprintf(stderr, "wrote %s\n", c.out)
	}
	return runErr
}
