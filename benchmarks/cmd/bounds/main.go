// Command bounds reruns the probes behind the bounds of issue 18 (the work
// one request or one writer can cause) and prints their cost as Markdown
// table rows: wall time, CPU time of the process (getrusage), bytes
// allocated (runtime.MemStats.TotalAlloc) and peak resident memory
// (VmHWM of /proc/self/status, as benchmarks/cmd/scale reads it). The figures are in benchmarks/RESULTS.md.
//
//	go run ./benchmarks/cmd/bounds -probe flood -distinct 1500   # the writer flood within the limits
//	go run ./benchmarks/cmd/bounds -probe flood                  # random words: refused at Add
//	go run ./benchmarks/cmd/bounds -probe unfitted -adhoc        # Partners Limit 1000 on a large unfitted profile
//	go run ./benchmarks/cmd/bounds -probe exact -seeds 3         # exact Consortium at MaxExactSize and MaxExactPool
//	go run ./benchmarks/cmd/bounds -probe matchday -min 3 -max 6 # 500 participants
//	go run ./benchmarks/cmd/bounds -probe words                  # distinct words per profile of the data sets
//	go run ./benchmarks/cmd/bounds -probe all
//
// The probes:
//
//   - flood: an authorised writer adds -flood profiles of about 40 KB of
//     random words (-distinct 0: every word random; otherwise each
//     profile draws from its own -distinct random words) to the world;
//     then the refit, and Partners reads by id from two goroutines while
//     idle and during -refits refits.
//   - unfitted: Partners with -limit on a stored profile of 40 KB of text
//     and about 1,900 distinct words added after the fit (-adhoc: the same
//     profile as an ad-hoc query).
//   - exact: exact Consortium of -size from a pool of -pool with -alts
//     alternatives, for -seeds seeds, each under -timeout.
//   - matchday: Matchday of -participants participants in consortia of
//     -min to -max.
//   - words: distinct words per profile (profile.Words) and analysed terms
//     over the synthetic worlds and the benchmark data in -testdata, and
//     the distinct words of a whole batch: the data the limits
//     profile.MaxWords, match.MaxBatchWords and score.MaxVocabulary were
//     set from.
//
// Every probe runs on the SYNTHETIC world of -world profiles (package
// profile/synth; 1,000 is the embedded synth.Default) in an in-memory
// engine that never refits in the background, through the public API
// only. The world, the flood and the queries are seeded: equal flags give
// equal requests. Times and memory vary with the machine's load; the
// peak RSS is the process's since it started, so under -probe all it
// includes the probes before (run one probe per process for memory).
//
// The test of this package runs every probe on a few hundred profiles.
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

	"github.com/clustergo/partnermatch/match"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	var ue usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.As(err, &ue):
		fmt.Fprintln(os.Stderr, "bounds:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "bounds:", err)
		os.Exit(1)
	}
}

// A usageError is a bad command line: the process exits with status 2, as
// the flag package does, rather than 1 for a probe that failed.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// A probe measures one bound, writing its table rows as they complete.
type probe struct {
	name  string
	about string
	run   func(ctx context.Context, c *config, t *table) error
}

// probes are the probes in the order -probe all runs them.
var probes = []probe{
	{"flood", "refit after a writer flood of random-word profiles, and reads during it", runFlood},
	{"unfitted", "Partners with a large Limit on a large profile the fit has not seen", runUnfitted},
	{"exact", "exact Consortium at MaxExactSize and MaxExactPool", runExact},
	{"matchday", "Matchday of many participants in large consortia", runMatchday},
	{"words", "distinct words per profile and per batch over the data sets", runWords},
}

type config struct {
	probes   []probe
	world    int
	testdata string

	flood    int
	distinct int
	refits   int
	idle     time.Duration

	limit         int
	adhoc         bool
	exactPartners bool

	seeds   int
	timeout time.Duration
	size    int
	pool    int
	alts    int

	participants int
	minSize      int
	maxSize      int

	native, themes, batch int
}

func names() string {
	var ns []string
	for _, p := range probes {
		ns = append(ns, p.name)
	}
	return strings.Join(ns, ", ")
}

func parse(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("bounds", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./benchmarks/cmd/bounds -probe NAME[,NAME...] [flags]\n\nProbes:\n")
		for _, p := range probes {
			fmt.Fprintf(stderr, "  %-9s %s\n", p.name, p.about)
		}
		fmt.Fprintf(stderr, "  %-9s every probe above, in this order\n\nFlags:\n", "all")
		fs.PrintDefaults()
	}
	var c config
	var which string
	fs.StringVar(&which, "probe", "", "probes to run, comma-separated: "+names()+" or all")
	fs.IntVar(&c.world, "world", 1000, "profiles of the synthetic world every probe runs on (1000: the embedded synth.Default)")
	fs.StringVar(&c.testdata, "testdata", "benchmarks/testdata", "folder of the benchmark data, with h2020 and escp4i (words; empty: only the synthetic worlds)")

	fs.IntVar(&c.flood, "flood", 209, "flood: random-word profiles the writer adds, in batches of 50")
	fs.IntVar(&c.distinct, "distinct", 0, "flood: random words each flood profile draws from (0: every word random)")
	fs.IntVar(&c.refits, "refits", 3, "flood: refits during which the reads are counted")
	fs.DurationVar(&c.idle, "idle", 2*time.Second, "flood: time the idle reads are counted before each refit")

	fs.IntVar(&c.limit, "limit", 1000, "unfitted: Limit of the Partners query")
	fs.BoolVar(&c.adhoc, "adhoc", false, "unfitted: query with the profile ad hoc (Query.Profile) rather than by the id of the stored one")
	fs.BoolVar(&c.exactPartners, "partners-exact", false, "unfitted: score every profile (Query.Exact) rather than the candidate pool")

	fs.IntVar(&c.seeds, "seeds", 3, "exact: seeds to try, one Consortium call each")
	fs.DurationVar(&c.timeout, "timeout", 2*time.Minute, "exact: deadline of each Consortium call")
	fs.IntVar(&c.size, "size", match.MaxExactSize, "exact: consortium size (MinSize = MaxSize)")
	fs.IntVar(&c.pool, "pool", match.MaxExactPool, "exact: candidate pool")
	fs.IntVar(&c.alts, "alts", match.MaxAlternatives, "exact: alternatives")

	fs.IntVar(&c.participants, "participants", match.MaxParticipants, "matchday: participants, the world's first")
	fs.IntVar(&c.minSize, "min", 50, "matchday: smallest consortium")
	fs.IntVar(&c.maxSize, "max", 50, "matchday: largest consortium")

	fs.IntVar(&c.native, "native", 3000, "words: profiles of the synthetic world with all its text native (0: skip)")
	fs.IntVar(&c.themes, "themes", 600, "words: profiles of the second synthetic family, profile/synth/themes (0: skip)")
	fs.IntVar(&c.batch, "batch", 10000, "words: profiles of the synthetic batch whose distinct words are counted together (0: skip)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err}
	}
	bad := func(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }
	if fs.NArg() > 0 {
		return nil, bad("unexpected arguments %q", fs.Args())
	}
	for _, n := range strings.Split(which, ",") {
		n = strings.TrimSpace(n)
		if n == "all" {
			for _, p := range probes {
				if !c.runs(p.name) {
					c.probes = append(c.probes, p)
				}
			}
			continue
		}
		i := slices.IndexFunc(probes, func(p probe) bool { return p.name == n })
		if i < 0 {
			if which == "" {
				return nil, bad("-probe: name one of %s or all", names())
			}
			return nil, bad("-probe %q: unknown probe %q, want %s or all", which, n, names())
		}
		if !c.runs(n) {
			c.probes = append(c.probes, probes[i])
		}
	}
	for _, f := range []struct {
		name string
		v    int
		min  int
	}{
		{"world", c.world, 1}, {"flood", c.flood, 1}, {"distinct", c.distinct, 0}, {"refits", c.refits, 1},
		{"limit", c.limit, 1}, {"seeds", c.seeds, 1}, {"size", c.size, 1}, {"pool", c.pool, 1}, {"alts", c.alts, 1},
		{"participants", c.participants, 1}, {"min", c.minSize, 1}, {"max", c.maxSize, 1},
		{"native", c.native, 0}, {"themes", c.themes, 0}, {"batch", c.batch, 0},
	} {
		if f.v < f.min {
			return nil, bad("-%s %d: must be at least %d", f.name, f.v, f.min)
		}
	}
	switch {
	case c.idle <= 0:
		return nil, bad("-idle %v: must be positive", c.idle)
	case c.timeout <= 0:
		return nil, bad("-timeout %v: must be positive", c.timeout)
	case c.runs("exact") && c.seeds > c.world:
		return nil, bad("-seeds %d: more than the %d profiles of -world", c.seeds, c.world)
	case c.runs("matchday") && c.participants > c.world:
		return nil, bad("-participants %d: more than the %d profiles of -world", c.participants, c.world)
	case c.minSize > c.maxSize:
		return nil, bad("-min %d: more than -max %d", c.minSize, c.maxSize)
	}
	return &c, nil
}

// runs reports whether the probe called name is to run: the flags of the
// others need not fit -world.
func (c *config) runs(name string) bool {
	return slices.ContainsFunc(c.probes, func(p probe) bool { return p.name == name })
}

// run parses args and runs the probes, writing the report to stdout as
// the rows complete, so that a long run shows what it has measured.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	t := newTable(stdout)
	cmd := "go run ./benchmarks/cmd/bounds"
	for _, a := range args {
		if strings.ContainsAny(a, " \"'") || a == "" {
			a = strconv.Quote(a)
		}
		cmd += " " + a
	}
	if err := t.header(cmd); err != nil {
		return err
	}
	for _, p := range c.probes {
		fmt.Fprintf(stderr, "bounds: %s: %s\n", p.name, p.about)
		if err := p.run(ctx, c, t); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
	}
	return t.footer()
}
