package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/benchmarks/internal/proc"
	"github.com/clustergo/partnermatch/benchmarks/internal/progress"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// Causes of a stop, matched with errors.Is on context.Cause.
var (
	errMemory = errors.New("memory limit exceeded")
	errTime   = errors.New("timeout")
)

// A workspace is the folder of one run: the engine's index and the
// generated world, in separate subfolders so that the index's size on
// disk is measured alone.
type workspace struct {
	root, index, world string
	temp, keep         bool
}

func newWorkspace(dir string, keep bool) (*workspace, error) {
	ws := &workspace{root: dir, keep: keep}
	if dir == "" {
		d, err := os.MkdirTemp("", "partnermatch-scale-")
		if err != nil {
			return nil, err
		}
		ws.root, ws.temp = d, true
	}
	ws.index = filepath.Join(ws.root, "index")
	ws.world = filepath.Join(ws.root, "world")
	// An index left by an earlier run would make the counts and rates
	// wrong: refuse it rather than add to it.
	if _, err := os.Stat(ws.index); err == nil {
		return nil, fmt.Errorf("-dir %q: %s exists from an earlier run; remove it or choose another -dir", dir, ws.index)
	}
	if err := os.MkdirAll(ws.root, 0o755); err != nil {
		return nil, err
	}
	return ws, nil
}

// cleanup removes what the run wrote unless -keep: the whole folder if it
// was temporary, else only the index and world subfolders.
func (ws *workspace) cleanup() error {
	switch {
	case ws.keep:
		return nil
	case ws.temp:
		return os.RemoveAll(ws.root)
	}
	return errors.Join(os.RemoveAll(ws.index), os.RemoveAll(ws.world))
}

// A row is what one checkpoint measured.
type row struct {
	profiles int
	// add is the time spent in Engine.Add for all profiles so far; added
	// and interval are the profiles and time since the previous
	// checkpoint. Reading the world from disk is not counted.
	add, interval time.Duration
	added         int
	disk          int64  // bytes of the index folder
	heap          uint64 // live Go heap after a GC, after fitting
	rss, hwm      uint64 // VmRSS and VmHWM; 0 if unknown
	anon          uint64 // RssAnon: the part of rss that is not mapped files
	fit           time.Duration
	// lat and latRules are the Partners latencies with the default model,
	// without and with the -rules rule set.
	lat, latRules []time.Duration
	reopened      bool
	close, open   time.Duration
	// Of the reopen: loading the stored profiles, then restoring the kept
	// fit (or fitting, if restored is false), the first Partners call,
	// the size of the kept fit's file and VmRSS after the first query.
	load, restore time.Duration
	restored      bool
	first         time.Duration
	fitFile       int64
	rssReopened   uint64
	anonReopened  uint64
	// Resident memory once the closed engine's memory went back to the
	// system, and the peak from then to the first query after reopening.
	rssBeforeOpen uint64
	peakReopen    uint64
}

// A breakage is what stopped a run early.
type breakage struct {
	kind  string // memory, time, error or interrupted
	stage string // what the run was doing
	err   error
}

// A scaler runs the measurements and keeps their results; the memory
// guard may write its report from another goroutine, hence the mutex.
type scaler struct {
	c    *config
	ws   *workspace
	bar  *progress.Bar
	args []string
	out  io.Writer

	start   time.Time
	written sync.Once

	mu      sync.Mutex
	stage   string
	rows    []row
	gen     time.Duration // generating the world
	broke   *breakage
	hardMsg string
}

func (s *scaler) setStage(st string) {
	s.mu.Lock()
	s.stage = st
	s.mu.Unlock()
	s.bar.Status(st)
}

func (s *scaler) currentStage() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stage
}

// run measures every checkpoint under the guard and records what broke.
func (s *scaler) run(ctx context.Context) error {
	s.start = time.Now()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if s.c.timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(ctx, s.c.timeout, fmt.Errorf("%w: -timeout %v reached", errTime, s.c.timeout))
		defer stop()
	}
	g := &guard{limit: uint64(s.c.maxRSS * (1 << 30)), cancel: cancel, done: make(chan struct{}), hard: s.hardStop}
	go g.watch(ctx)
	err := s.measure(ctx, g)
	close(g.done)
	if err == nil {
		return nil
	}
	b := &breakage{kind: "error", stage: s.currentStage(), err: err}
	if ctx.Err() != nil {
		cause := context.Cause(ctx)
		switch {
		case errors.Is(cause, errMemory):
			b.kind, b.err = "memory", cause
		case errors.Is(cause, errTime):
			b.kind, b.err = "time", cause
		default:
			b.kind, b.err = "interrupted", cause
		}
	}
	s.mu.Lock()
	s.broke = b
	s.mu.Unlock()
	switch b.kind {
	case "memory", "time":
		return nil // a finding, written in the report
	}
	return fmt.Errorf("%s: %w", b.stage, err)
}

// hardStop writes the report and exits when the run did not stop after
// the guard or the timeout cancelled it: a report is worth more than
// waiting for the kernel to kill the process.
func (s *scaler) hardStop(why string) {
	s.mu.Lock()
	s.hardMsg = why
	s.mu.Unlock()
	s.bar.Done()
	if err := s.writeReport(); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
	}
	fmt.Fprintln(os.Stderr, "scale: hard stop:", why)
	// Exiting skips the deferred cleanup: say what is left on disk.
	fmt.Fprintln(os.Stderr, "scale: left", s.ws.root)
	os.Exit(3)
}

func (s *scaler) engineConfig() match.Config {
	cfg := match.Config{RefitDelay: -1, Seed: s.c.seed}
	if s.c.batch > 10000 { // above the engine's default MaxBatch
		cfg.MaxBatch = s.c.batch
	}
	return cfg
}

// measure generates the world, then adds its profiles batch by batch and
// measures at each checkpoint.
func (s *scaler) measure(ctx context.Context, g *guard) error {
	n := s.c.sizes[len(s.c.sizes)-1]
	s.setStage(fmt.Sprintf("generating a synthetic world of %s profiles", thousands(n)))
	start := time.Now()
	if err := synth.GenerateDir(s.ws.world, synth.Config{Seed: s.c.seed, Profiles: n}); err != nil {
		return err
	}
	s.mu.Lock()
	s.gen = time.Since(start)
	s.mu.Unlock()
	if err := g.check(ctx); err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(s.ws.world, synth.ProfilesFile))
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))

	s.setStage("opening the engine")
	eng, err := match.Open(s.ws.index, s.engineConfig())
	if err != nil {
		return err
	}
	defer func() {
		if eng != nil {
			eng.Close()
		}
	}()
	var ids []string
	var add, interval time.Duration
	prev := 0
	for _, size := range s.c.sizes {
		stage := fmt.Sprintf("adding profiles (checkpoint %s)", thousands(size))
		s.setStage(stage)
		for len(ids) < size {
			batch := make([]profile.Profile, 0, min(s.c.batch, size-len(ids)))
			for len(batch) < cap(batch) {
				var p profile.Profile
				if err := dec.Decode(&p); err != nil {
					return fmt.Errorf("reading profile %d of %s: %w", len(ids)+len(batch)+1, synth.ProfilesFile, err)
				}
				batch = append(batch, p)
			}
			s.mu.Lock()
			s.stage = fmt.Sprintf("adding profiles %s to %s", thousands(len(ids)+1), thousands(len(ids)+len(batch)))
			s.mu.Unlock()
			t := time.Now()
			if err := eng.Add(ctx, batch...); err != nil {
				return err
			}
			d := time.Since(t)
			add += d
			interval += d
			for i := range batch {
				ids = append(ids, batch[i].ID)
			}
			s.bar.Update(stage, len(ids), size)
			if err := g.check(ctx); err != nil {
				return err
			}
		}
		r := row{profiles: size, add: add, interval: interval, added: size - prev}
		if err := s.checkpoint(ctx, g, eng, ids, &r); err != nil {
			return err
		}
		// The row is kept before reopening, so that a failure while
		// reopening (slow, and not cancellable) loses only the reopen
		// times of this checkpoint.
		s.mu.Lock()
		s.rows = append(s.rows, r)
		s.mu.Unlock()
		prev, interval = size, 0
		if s.c.reopen == reopenAll || s.c.reopen == reopenLast && size == n {
			if err := s.reopen(ctx, g, &eng, ids); err != nil {
				return err
			}
		}
	}
	s.setStage("closing the engine")
	err = eng.Close()
	eng = nil
	return err
}

// checkpoint fits, measures memory, times queries and measures the
// index's size on disk.
func (s *scaler) checkpoint(ctx context.Context, g *guard, eng *match.Engine, ids []string, r *row) error {
	n := thousands(r.profiles)
	s.setStage("fitting " + n + " profiles")
	t := time.Now()
	if err := eng.Refit(ctx); err != nil {
		return err
	}
	r.fit = time.Since(t)
	if err := g.check(ctx); err != nil {
		return err
	}
	// Memory after fitting: what serving needs. The GC first, so that the
	// heap is what is live rather than what awaits collection.
	s.setStage("measuring memory at " + n + " profiles")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r.heap = ms.HeapAlloc
	if st, ok := proc.Memory(); ok {
		r.rss, r.hwm, r.anon = st.RSS, st.HWM, st.Anon
	}
	if err := s.heapProfile(fmt.Sprintf("heap-%d.pprof", r.profiles)); err != nil {
		return err
	}

	if s.c.queries > 0 {
		qstage := "queries at " + n + " profiles"
		s.setStage(qstage)
		rnd := rand.New(rand.NewPCG(s.c.seed, uint64(r.profiles)))
		var qs []string
		for _, i := range rnd.Perm(len(ids))[:min(s.c.queries, len(ids))] {
			qs = append(qs, ids[i])
		}
		kinds := []string{""}
		if s.c.rules != "" {
			kinds = append(kinds, s.c.rules)
		}
		// One untimed query of each kind first: the first call may build
		// what later calls reuse (compiled rules, lazily fitted parts).
		for _, rules := range kinds {
			if _, err := eng.Partners(ctx, match.Query{ID: qs[0], Rules: rules}); err != nil {
				return err
			}
		}
		for i, id := range qs {
			for _, rules := range kinds {
				t := time.Now()
				if _, err := eng.Partners(ctx, match.Query{ID: id, Rules: rules}); err != nil {
					return fmt.Errorf("partners of %s (rules %q): %w", id, rules, err)
				}
				if rules == "" {
					r.lat = append(r.lat, time.Since(t))
				} else {
					r.latRules = append(r.latRules, time.Since(t))
				}
			}
			s.bar.Update(qstage, i+1, len(qs))
			if err := g.check(ctx); err != nil {
				return err
			}
		}
	}
	// The folder's size after the queries rather than right after the
	// writes gives the index's background merges time to settle.
	var err error
	if r.disk, err = dirSize(s.ws.index); err != nil {
		return err
	}

	return nil
}

// reopen closes *eng and opens it again from disk (replacing *eng), and
// records the times in the checkpoint's row, the last of s.rows.
func (s *scaler) reopen(ctx context.Context, g *guard, eng **match.Engine, ids []string) error {
	n := len(ids)
	s.setStage("closing the engine at " + thousands(n) + " profiles")
	t := time.Now()
	err := (*eng).Close()
	*eng = nil
	if err != nil {
		return err
	}
	closed := time.Since(t)
	// A restart starts a new process: hand the closed engine's memory
	// back, so that the peak below is what reopening adds to the run's
	// own (the world's ids, the generator).
	runtime.GC()
	debug.FreeOSMemory()
	var before uint64
	if st, ok := proc.Memory(); ok && proc.ResetPeak() == nil {
		before = st.RSS
	}
	s.setStage("reopening the engine at " + thousands(n) + " profiles (loading, then restoring the kept fit or fitting)")
	var fitFile int64
	if st, err := os.Stat(filepath.Join(s.ws.index, match.FitFile)); err == nil {
		fitFile = st.Size()
	}
	cfg := s.engineConfig()
	var loaded time.Duration
	cfg.Progress = func(p match.Progress) {
		if p.Stage == match.StageRestore {
			loaded = p.Elapsed
		}
	}
	t = time.Now()
	e, err := match.Open(s.ws.index, cfg)
	if err != nil {
		return err
	}
	*eng = e
	opened := time.Since(t)
	if e.Len() != n {
		return fmt.Errorf("reopened engine holds %d profiles, want %d", e.Len(), n)
	}
	// One query, to see that the reopened engine serves.
	t = time.Now()
	if _, err := e.Partners(ctx, match.Query{ID: ids[0]}); err != nil {
		return fmt.Errorf("partners after reopening: %w", err)
	}
	first := time.Since(t)
	if err := s.heapProfile(fmt.Sprintf("heap-%d-reopened.pprof", n)); err != nil {
		return err
	}
	var rss, anon, peak uint64
	if st, ok := proc.Memory(); ok {
		rss, anon = st.RSS, st.Anon
		if before > 0 {
			peak = st.HWM
		}
	}
	s.mu.Lock()
	r := &s.rows[len(s.rows)-1]
	r.close, r.open, r.reopened = closed, opened, true
	r.load, r.restore, r.restored, r.first = loaded, opened-loaded, e.Fit().Restored, first
	r.fitFile, r.rssReopened, r.anonReopened = fitFile, rss, anon
	r.rssBeforeOpen, r.peakReopen = before, peak
	s.mu.Unlock()
	return g.check(ctx)
}

// heapProfile writes a heap profile of what is live now into the -heapprofile
// folder, if there is one.
func (s *scaler) heapProfile(name string) error {
	if s.c.heapDir == "" {
		return nil
	}
	runtime.GC()
	if err := os.MkdirAll(s.c.heapDir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(s.c.heapDir, name))
	if err != nil {
		return err
	}
	return errors.Join(pprof.WriteHeapProfile(f), f.Close())
}

// A guard stops the run when its memory exceeds the limit, and exits the
// process if the run does not stop after being cancelled.
type guard struct {
	limit  uint64 // bytes; 0: none
	cancel context.CancelCauseFunc
	done   chan struct{} // closed when the run has returned
	hard   func(why string)
}

// check cancels the run and returns the cause if memory is over the limit,
// or returns the run's cause if it was cancelled otherwise. The run calls
// it between steps, so that small runs stop deterministically; watch
// calls it during long steps.
func (g *guard) check(ctx context.Context) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if g.limit == 0 {
		return nil
	}
	if m, src := memory(); m > g.limit {
		err := fmt.Errorf("%w: %s %s over -max-rss-gb %s", errMemory, src, gb(m), gb(g.limit))
		g.cancel(err)
		return err
	}
	return nil
}

// Timing of the guard.
const (
	pollEvery = 250 * time.Millisecond
	grace     = 2 * time.Minute // for the run to return after cancellation
	hardRatio = 1.2             // of the limit, to exit without waiting
)

func (g *guard) watch(ctx context.Context) {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for ctx.Err() == nil {
		select {
		case <-g.done:
			return
		case <-ctx.Done():
		case <-tick.C:
			g.check(ctx)
		}
	}
	deadline := time.NewTimer(grace)
	defer deadline.Stop()
	for {
		select {
		case <-g.done:
			return
		case <-deadline.C:
			g.hard(fmt.Sprintf("the run did not stop within %v of %v", grace, context.Cause(ctx)))
			return
		case <-tick.C:
			if m, src := memory(); g.limit > 0 && float64(m) > hardRatio*float64(g.limit) {
				g.hard(fmt.Sprintf("%s %s reached %.1f times the limit after the run was stopped", src, gb(m), hardRatio))
				return
			}
		}
	}
}

// writeReport writes the Markdown report once.
func (s *scaler) writeReport() error {
	var err error
	s.written.Do(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		err = writeMarkdown(s.out, s.c, s.args, s.rows, s.broke, s.hardMsg, s.gen, time.Since(s.start))
	})
	return err
}

// rowQuantiles returns p50 and p99 of ds in milliseconds, or "" when no
// queries ran.
func rowQuantiles(ds []time.Duration) (p50, p99 string) {
	if len(ds) == 0 {
		return "", ""
	}
	return ms(benchmarks.P(ds, 0.5)), ms(benchmarks.P(ds, 0.99))
}
