package match

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/match/internal/pool"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
	"github.com/clustergo/partnermatch/terms/concept"
)

// An Engine finds complementary partners among the profiles it holds. Open
// one with Open; it is safe for concurrent use: any number of goroutines
// may call Partners, Get, Len, All and Search while others call Add and
// Remove (writes are serialised; each is atomic).
//
// # Fitting
//
// Score models are fitted on a snapshot of the profiles (vocabulary, IDF,
// latent vectors, collaboration graph, learned weights). After a write the
// engine refits in the background, RefitDelay after the last write of a
// burst; queries meanwhile use the previous fit, which is never more than
// one refit behind. Profiles added or changed since that fit are scored
// from their current content with the previous vocabulary (terms the fit
// has not seen count for nothing), never from stale vectors; removed
// profiles are never returned. Refit forces a fit of the current profiles
// and waits for it. The default model is fitted eagerly; other models on
// first use within a fit.
//
// An engine on a folder keeps its latest fit there (FitFile), written
// after each fit, and Open restores it instead of fitting when it
// describes the folder's profiles: a restart costs reading the profiles
// and the fit, not fitting. Models fitted on first use after the file
// was written, and models of other packages, are fitted again.
type Engine struct {
	cfg *resolved
	idx *index.Index

	wsem chan struct{} // holds one token while an Add or Remove writes: they wait for it or their context
	pool *pool.Pool    // the profiles, as of the index's last write

	fitMu sync.Mutex // one fit at a time
	fit   atomic.Pointer[fitState]

	kick   chan struct{} // asks the refit loop to refit
	stop   chan struct{} // closed by Close
	done   chan struct{} // closed when the refit loop ends
	closed atomic.Bool
}

// A fitState is the models fitted on one snapshot.
type fitState struct {
	version  uint64
	writes   uint64 // the index's write count when the snapshot was current
	corpus   *score.Corpus
	at       time.Time
	restored bool // read from the folder's fit file, not fitted

	mu      sync.Mutex
	scorers map[string]score.Scorer
}

// Open opens an engine on the index in folder path, creating it if needed;
// an empty path keeps everything in memory. Profiles of an existing index
// are loaded and fitted before Open returns. Errors of the index are
// returned wrapped, so errors.Is finds them: index.ErrNotIndex for a
// folder that holds something else, index.ErrIncompatible for an index
// of another version (written before the mapping changed: rebuild it),
// index.ErrCorrupt (with an *index.CorruptError naming the file) for a
// damaged one, which Open never serves nor changes (index.Repair
// rebuilds it from the profiles that verify), and index.ErrLocked for a
// folder another process holds. Configuration errors are returned as
// they are.
func Open(path string, cfg Config) (*Engine, error) {
	return OpenContext(context.Background(), path, cfg)
}

// OpenContext is Open, ending soon after ctx does (reading and fitting a
// large index takes seconds to minutes): it then returns an error matching
// ctx's, and the folder holds what it held. It reports how far it has
// come to Config.Progress.
func OpenContext(ctx context.Context, path string, cfg Config) (*Engine, error) {
	rc, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	e := &Engine{
		cfg:  rc,
		pool: pool.New(),
		kick: make(chan struct{}, 1),
		wsem: make(chan struct{}, 1),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	// Queries analyse their text with the concept table, which is
	// decoded once per process on first use (0.1-0.2 s): decode it while
	// the profiles load rather than in the first query.
	go concept.Default()
	start := time.Now()
	progress := func(stage string, n, total int) {
		if rc.Progress != nil {
			rc.Progress(Progress{Stage: stage, Done: n, Total: total, Elapsed: time.Since(start)})
		}
	}
	// The index hands over every stored profile as it builds its own view,
	// so that the folder is read once.
	load := func(p profile.Profile, n, total int) error {
		e.pool.Load(&p, total)
		if n%progressEvery == 0 || n == total {
			progress(StageLoad, n, total)
		}
		return nil
	}
	// The kept fit needs no profile to decode: decode it on another core
	// while the index loads, and check it against what loaded after.
	kept := make(chan keptFit, 1)
	decodeCtx, stopDecode := context.WithCancel(ctx)
	defer stopDecode()
	if path == "" {
		kept <- keptFit{err: errNoFitFile}
	} else {
		go func() { kept <- decodeKept(decodeCtx, path) }()
	}
	e.idx, err = index.OpenContext(ctx, path, index.Options{MaxBatch: rc.MaxBatch, Load: load})
	if err != nil {
		return nil, fmt.Errorf("match: open %q: %w", path, err)
	}
	e.pool.SetWrites(e.idx.Writes())
	n := e.pool.Len()
	if n > 0 {
		rc.Logger.Info("match: loaded profiles", "n", n, "took", time.Since(start))
		progress(StageRestore, 0, n)
		err := e.restore(ctx, kept)
		if err != nil && ctx.Err() == nil {
			progress(StageFit, 0, n)
			// No query can run yet: this fit may use every core.
			err = e.refit(ctx, 0)
		}
		if err != nil {
			e.idx.Close()
			return nil, err
		}
	}
	progress(StageReady, n, n)
	go e.refitLoop()
	return e, nil
}

// progressEvery is how many profiles Open loads between two reports.
const progressEvery = 4096

// Stages of Open, as Progress.Stage names them.
const (
	StageLoad    = "load"    // reading the stored profiles
	StageRestore = "restore" // reading the fit kept in the folder
	StageFit     = "fit"     // fitting the default model
	StageReady   = "ready"   // serving
)

// A Progress reports how far Open has come, for a portal to show while it
// loads.
type Progress struct {
	// Stage is StageLoad while the stored profiles are read,
	// StageRestore while the fit kept in the folder is read (reported
	// once, as it begins), StageFit while the default model is fitted
	// on them, if there was no usable fit (reported once, as it begins),
	// and StageReady when Open is about to return.
	Stage string
	// Done of Total profiles are loaded (StageLoad) or fitted (StageFit
	// reports 0 as it begins, StageReady all of them).
	Done, Total int
	// Elapsed is the time since Open began.
	Elapsed time.Duration
}

// Close stops background fitting and closes the index. Methods called
// after Close, and calls still running or waiting when it closes the
// index, return an error matching ErrClosed.
func (e *Engine) Close() error {
	if e.closed.Swap(true) {
		return ErrClosed
	}
	close(e.stop)
	<-e.done
	e.fitMu.Lock() // wait for a fit in progress
	defer e.fitMu.Unlock()
	if err := e.idx.Close(); err != nil {
		return fmt.Errorf("match: close: %w", err)
	}
	return nil
}

// Add inserts profiles or replaces those with the same ids. Every profile
// is normalised and validated first: if any is invalid, or two share an
// id, Add changes nothing and returns an error naming the profile (a
// *profile.ValidationError inside, for errors.As; one over the profile
// limits also matches profile.ErrTooLarge). At most Config.MaxBatch
// profiles per call, of at most MaxBatchBytes together (profile.Size)
// and MaxBatchWords distinct words (profile.Words): a larger batch is
// refused with a *profile.LimitError (matching profile.ErrTooLarge)
// naming "profiles", "bytes" or "words".
func (e *Engine) Add(ctx context.Context, ps ...profile.Profile) error {
	if e.closed.Load() {
		return ErrClosed
	}
	if len(ps) == 0 {
		return nil
	}
	if len(ps) > e.cfg.MaxBatch {
		return fmt.Errorf("match: add: %w", &profile.LimitError{Field: "profiles", Len: len(ps), Max: e.cfg.MaxBatch})
	}
	size := 0
	for i := range ps {
		size += ps[i].Size()
	}
	if size > MaxBatchBytes {
		return fmt.Errorf("match: add: %w", &profile.LimitError{Field: "bytes", Len: size, Max: MaxBatchBytes})
	}
	if n := profile.Words(ps); n > MaxBatchWords {
		return fmt.Errorf("match: add: %w", &profile.LimitError{Field: "words", Len: n, Max: MaxBatchWords})
	}
	clean := make([]profile.Profile, len(ps))
	for i, p := range ps {
		q, err := profile.Clean(p)
		if err != nil {
			return fmt.Errorf("match: add: profile %d: %w", i, err)
		}
		clean[i] = q
	}
	if err := e.lockWrites(ctx); err != nil {
		return fmt.Errorf("match: add: %w", err)
	}
	defer e.unlockWrites()
	if err := e.idx.Upsert(ctx, clean...); err != nil {
		return wrapIndexErr("add", err)
	}
	ups := make([]*profile.Profile, len(clean))
	for i := range clean {
		ups[i] = &clean[i]
	}
	e.pool.Apply(e.idx.Writes(), ups, nil) // no other write can run: this one holds wsem
	e.scheduleRefit()
	return nil
}

// lockWrites waits for the engine's one writer slot, or for ctx: a write
// queued behind a long one must not outlive its caller's deadline (a
// portal handler answered 15-28 s after its 10 s timeout, and its client
// never heard that the write had been stored).
func (e *Engine) lockWrites(ctx context.Context) error {
	select {
	case e.wsem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := ctx.Err(); err != nil { // both were ready: select chose at random
		<-e.wsem
		return err
	}
	return nil
}

func (e *Engine) unlockWrites() { <-e.wsem }

// Remove deletes the profiles with the given ids. Unknown ids are an
// error matching ErrUnknownProfile, and nothing is removed.
func (e *Engine) Remove(ctx context.Context, ids ...string) error {
	if e.closed.Load() {
		return ErrClosed
	}
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > e.cfg.MaxBatch {
		return fmt.Errorf("match: remove: %w", &profile.LimitError{Field: "ids", Len: len(ids), Max: e.cfg.MaxBatch})
	}
	if err := e.lockWrites(ctx); err != nil {
		return fmt.Errorf("match: remove: %w", err)
	}
	defer e.unlockWrites()
	for i, p := range e.pool.Lookup(ids) {
		if p == nil {
			return sentinel.Wrapf(ErrUnknownProfile, "remove %q", ids[i])
		}
	}
	if err := e.idx.Delete(ctx, ids...); err != nil {
		return wrapIndexErr("remove", err)
	}
	e.pool.Apply(e.idx.Writes(), nil, ids)
	e.scheduleRefit()
	return nil
}

// Get returns the profile with the given id, as normalised when added.
func (e *Engine) Get(id string) (profile.Profile, bool) {
	p, ok := e.pool.Get(id)
	if !ok {
		return profile.Profile{}, false
	}
	return p.Clone(), true
}

// Len returns the number of profiles.
func (e *Engine) Len() int { return e.pool.Len() }

// All returns an iterator over the engine's profiles in order of id, as
// normalised when added, for listing or exporting them while the engine
// holds the folder. The iteration reads one snapshot, taken when the loop
// starts: writes during the loop neither show up nor disturb it, and the
// snapshot is the engine's own profiles (a slice of references, sorted),
// not a copy of them. Each profile is yielded as a copy the caller may
// change. When ctx ends, or the engine is closed before the loop starts
// (ErrClosed), the error is yielded once, with the zero Profile, and
// the iteration stops.
func (e *Engine) All(ctx context.Context) iter.Seq2[profile.Profile, error] {
	return func(yield func(profile.Profile, error) bool) {
		if e.closed.Load() {
			yield(profile.Profile{}, ErrClosed)
			return
		}
		for _, p := range e.pool.Snapshot().Profiles {
			if err := ctx.Err(); err != nil {
				yield(profile.Profile{}, err)
				return
			}
			if !yield(p.Clone(), nil) {
				return
			}
		}
	}
}

// Models returns the names of the models a query may use, in the order of
// Config.Models.
func (e *Engine) Models() []string { return slices.Clone(e.cfg.names) }

// DefaultModel returns the name of the model used when a query names none.
func (e *Engine) DefaultModel() string { return e.cfg.DefaultModel }

// MaxBatch returns the most profiles one Add (or ids one Remove) may carry.
func (e *Engine) MaxBatch() int { return e.cfg.MaxBatch }

// RuleSets returns the names of the rule sets a query may use, sorted.
func (e *Engine) RuleSets() []string {
	var out []string
	for n := range e.cfg.rules {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Search runs a portal search (free text, filters, facets) on the index.
func (e *Engine) Search(ctx context.Context, req index.SearchRequest) (*index.SearchResult, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	res, err := e.idx.Search(ctx, req)
	if err != nil {
		return nil, wrapIndexErr("search", err)
	}
	return res, nil
}

// Refit fits the default model on the current profiles now and waits for
// it; other models are fitted on first use. Queries keep using the
// previous fit until this one is ready. It returns the context's error
// soon after the context ends (every fit checks it), and ErrClosed after
// or during Close.
//
// Fits after Open, whether Refit's or the background ones, run on half
// the cores (GOMAXPROCS/2, at least one; see score.Corpus.Workers), so
// that the queries they run beside keep the other half.
func (e *Engine) Refit(ctx context.Context) error {
	return e.refit(ctx, max(1, runtime.GOMAXPROCS(0)/2))
}

// refit is Refit on the given number of fit workers (0: GOMAXPROCS).
func (e *Engine) refit(ctx context.Context, workers int) error {
	if e.closed.Load() {
		return ErrClosed
	}
	e.fitMu.Lock()
	defer e.fitMu.Unlock()
	if e.closed.Load() { // Close ran while this call waited for the lock
		return ErrClosed
	}
	return e.refitLocked(ctx, workers)
}

func (e *Engine) refitLocked(ctx context.Context, workers int) error {
	fs := e.newFit(workers)
	if _, err := fs.scorer(ctx, e.cfg.models[e.cfg.DefaultModel]); err != nil {
		return fmt.Errorf("match: refit: %w", err)
	}
	e.fit.Store(fs)
	e.cfg.Logger.Info("match: refit", "profiles", len(fs.corpus.Profiles), "model", e.cfg.DefaultModel, "took", time.Since(fs.at))
	// Queries use the fit already; the file is for the next Open.
	start := time.Now()
	if err := e.writeFit(fs); err != nil {
		e.cfg.Logger.Warn("match: fit not kept in the folder: the next Open fits again", "err", err)
	} else if e.idx.Path() != "" {
		e.cfg.Logger.Info("match: fit kept in the folder", "took", time.Since(start))
	}
	return nil
}

// newFit returns an unfitted state on the current profiles.
func (e *Engine) newFit(workers int) *fitState {
	return e.newFitOf(e.pool.Snapshot(), workers)
}

// newFitOf returns a fit state of the snapshot s.
func (e *Engine) newFitOf(s pool.Snapshot, workers int) *fitState {
	return &fitState{
		version: s.Version,
		writes:  s.Writes,
		corpus:  &score.Corpus{Profiles: s.Profiles, Known: e.cfg.Known, Seed: e.cfg.Seed, Workers: workers},
		at:      time.Now(),
		scorers: map[string]score.Scorer{},
	}
}

// restore serves the fit kept in the folder, decoded as kept says, if it
// describes the profiles loaded, and fits the default model from it
// (which then costs no analysis, factorisation or learning); Open calls
// it before any query can run. An error other than ctx's means: fit
// instead.
func (e *Engine) restore(ctx context.Context, kept <-chan keptFit) error {
	e.fitMu.Lock()
	defer e.fitMu.Unlock()
	start := time.Now()
	var k keptFit
	select {
	case k = <-kept:
	case <-ctx.Done():
		return ctx.Err()
	}
	if errors.Is(k.err, errNoFitFile) {
		return k.err
	}
	var fs *fitState
	err := k.err
	if err == nil {
		s := e.pool.SnapshotIn(k.fit.IDs())
		err = k.check(s.Writes, len(s.Profiles))
		// What is left to fit after reading is cheap, and the models
		// fitted later on this state run beside queries: half the cores.
		fs = e.newFitOf(s, max(1, runtime.GOMAXPROCS(0)/2))
	}
	if err == nil {
		err = fs.corpus.UseFit(k.fit)
	}
	if err == nil {
		_, err = fs.scorer(ctx, e.cfg.models[e.cfg.DefaultModel])
	}
	if err != nil {
		if ctx.Err() == nil {
			e.cfg.Logger.Warn("match: kept fit not used: fitting again", "err", err)
		}
		return err
	}
	fs.at, fs.restored = k.h.at, true
	e.fit.Store(fs)
	e.cfg.Logger.Info("match: restored the kept fit", "profiles", len(fs.corpus.Profiles), "fitted", k.h.at, "took", time.Since(start))
	return nil
}

// current returns the latest fit, fitting synchronously if there is none.
func (e *Engine) current(ctx context.Context) (*fitState, error) {
	if fs := e.fit.Load(); fs != nil {
		return fs, nil
	}
	e.fitMu.Lock()
	defer e.fitMu.Unlock()
	if fs := e.fit.Load(); fs != nil {
		return fs, nil
	}
	if err := e.refitLocked(ctx, 0); err != nil {
		return nil, err
	}
	return e.fit.Load(), nil
}

// scorer returns the model fitted on fs's snapshot, fitting it on first use.
func (fs *fitState) scorer(ctx context.Context, m score.Model) (score.Scorer, error) {
	fs.mu.Lock()
	s, ok := fs.scorers[m.Name()]
	fs.mu.Unlock()
	if ok {
		return s, nil
	}
	// Fit outside the lock: the corpus memoises the shared work, and a
	// slow model must not hold up queries of fitted ones.
	s, err := m.Fit(ctx, fs.corpus)
	if err != nil {
		return nil, fmt.Errorf("fit %s: %w", m.Name(), err)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if prev, ok := fs.scorers[m.Name()]; ok {
		return prev, nil
	}
	fs.scorers[m.Name()] = s
	return s, nil
}

func (e *Engine) scheduleRefit() {
	if e.cfg.RefitDelay < 0 {
		return
	}
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// refitLoop refits RefitDelay after the last write of a burst.
func (e *Engine) refitLoop() {
	defer close(e.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-e.stop
		cancel()
	}()
	for {
		select {
		case <-e.stop:
			return
		case <-e.kick:
		}
		// Debounce: wait until no write came for RefitDelay.
		for quiet := false; !quiet; {
			t := time.NewTimer(e.cfg.RefitDelay)
			select {
			case <-e.stop:
				t.Stop()
				return
			case <-e.kick:
				t.Stop()
			case <-t.C:
				quiet = true
			}
		}
		if fs := e.fit.Load(); fs != nil && fs.version == e.pool.Version() {
			continue
		}
		if err := e.Refit(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, ErrClosed) {
			e.cfg.Logger.Error("match: background refit failed", "err", err)
		}
	}
}

// FitInfo describes the fit queries currently use.
type FitInfo struct {
	Profiles int       // profiles in the fitted snapshot
	At       time.Time // when the fit started
	Stale    bool      // whether profiles changed since
	// Restored tells that the fit was read from the index folder, where
	// the engine keeps its latest fit, when Open began: At is then when
	// it was made, before the engine was last closed.
	Restored bool
	// Models describes each model fitted so far on the snapshot (models
	// are fitted on first use), by name: its parts and fitted weights,
	// as the scorer prints them (fmt's %v), e.g. which parts auto kept and
	// how it weighs them.
	Models map[string]string
}

// Fit returns what the current fit was made of; the zero FitInfo before
// the first fit.
func (e *Engine) Fit() FitInfo {
	fs := e.fit.Load()
	if fs == nil {
		return FitInfo{}
	}
	info := FitInfo{Profiles: len(fs.corpus.Profiles), At: fs.at, Stale: fs.version != e.pool.Version(), Restored: fs.restored, Models: map[string]string{}}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for name, s := range fs.scorers {
		info.Models[name] = fmt.Sprint(s)
	}
	return info
}
