package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// A Query asks for the best partners of one profile.
//
// Filter fields restrict the partners: within a field the values are
// alternatives, the fields combine with AND; empty fields restrict
// nothing. Codes are normalised as in profiles (any case, EL for GR, 27.20
// for C27.20); an unknown code is an error matching ErrInvalidQuery.
type Query struct {
	// ID names an indexed profile to find partners for. Set ID or
	// Profile, not both.
	ID string
	// Profile is a profile that need not be indexed (a visitor's draft);
	// it is normalised and validated, and its id, if set, is excluded
	// from the results.
	Profile *profile.Profile
	// Limit is the most partners returned. Zero means 10. At most
	// MaxLimit, and for an ad-hoc Profile at most MaxAdHocText divided
	// by the bytes of its text.
	Limit int
	// Model names the score model. Empty means the engine's default
	// ("auto" unless configured otherwise).
	Model string

	// Countries keeps partners established in these countries;
	// ExcludeCountries drops those established in these.
	Countries, ExcludeCountries []string
	// Kinds keeps partners of these kinds (cluster, network, ...).
	Kinds []string
	// Industries, Ecosystems and Categories keep partners with one of
	// these slugs.
	Industries, Ecosystems, Categories []string
	// Sectors keeps partners with a sector under one of these NACE
	// prefixes (C27 keeps C27.20).
	Sectors []string
	// Markets keeps partners targeting one of these countries.
	Markets []string
	// Labels keeps partners with one of these labels (bronze, silver, gold).
	Labels []string
	// Rules names an eligibility rule set (escp4i, open, or one of
	// Config.RuleSets): partners must be eligible members under it.
	// Empty means no rule.
	Rules string
	// MinScore drops partners scoring below it.
	MinScore float64
	// Exact scores every profile that passes the filters instead of the
	// index's candidate pool: slower, for measuring what candidate
	// retrieval loses.
	Exact bool
}

// A Match is one partner, with its score and the reasons for it.
type Match struct {
	ID      string          `json:"id"`
	Profile profile.Profile `json:"profile"`
	Score   float64         `json:"score"` // in [0, 1]; higher is better
	Reasons Reasons         `json:"reasons"`
}

// Partners returns the best partners for the query's profile, best first
// (ties in order of id), never the profile itself. Errors: ErrUnknownProfile
// for an unknown ID, a *profile.ValidationError (matching
// profile.ErrInvalid) for an invalid ad-hoc Profile, ErrUnknownModel,
// ErrUnknownRules, ErrInvalidQuery for bad filters or limits (matching
// profile.ErrTooLarge too for a Limit or filter over MaxLimit,
// MaxAdHocText or MaxQueryValues), and the context's error when it ends: every stage
// checks the context, so a call returns soon after its deadline.
func (e *Engine) Partners(ctx context.Context, q Query) ([]Match, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	qp, err := e.queryProfile(q)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	switch {
	case limit < 0:
		return nil, sentinel.Wrapf(ErrInvalidQuery, "partners: negative limit %d", limit)
	case limit == 0:
		limit = 10
	case limit > MaxLimit:
		return nil, tooLarge("partners", "Limit", limit, MaxLimit)
	}
	if q.Profile != nil {
		if n := len(qp.Text()); limit*n > MaxAdHocText {
			return nil, tooLarge("partners", "Limit", limit, max(1, MaxAdHocText/n))
		}
	}
	if err := checkValues("partners", map[string][]string{
		"Countries": q.Countries, "ExcludeCountries": q.ExcludeCountries, "Kinds": q.Kinds,
		"Industries": q.Industries, "Ecosystems": q.Ecosystems, "Categories": q.Categories,
		"Sectors": q.Sectors, "Markets": q.Markets, "Labels": q.Labels,
	}); err != nil {
		return nil, err
	}
	if math.IsNaN(q.MinScore) {
		return nil, sentinel.Wrapf(ErrInvalidQuery, "partners: MinScore is NaN")
	}
	model, err := e.model(q.Model)
	if err != nil {
		return nil, err
	}
	filters, err := e.filters(q)
	if err != nil {
		return nil, err
	}
	fs, err := e.current(ctx)
	if err != nil {
		return nil, err
	}
	s, err := fs.scorer(ctx, model)
	if err != nil {
		return nil, fmt.Errorf("match: partners: %w", err)
	}
	cands, err := e.candidates(ctx, qp, filters, s, fs.version, max(limit, e.cfg.Pool), q.Exact)
	if err != nil {
		return nil, wrapIndexErr("partners", err)
	}
	return rank(ctx, qp, cands, s, limit, q.MinScore)
}

// queryProfile resolves the query's ID or ad-hoc Profile.
func (e *Engine) queryProfile(q Query) (*profile.Profile, error) {
	switch {
	case q.ID != "" && q.Profile != nil:
		return nil, sentinel.Wrapf(ErrInvalidQuery, "partners: both ID %q and Profile set", q.ID)
	case q.ID != "":
		e.mu.RLock()
		p, ok := e.profiles[q.ID]
		e.mu.RUnlock()
		if !ok {
			return nil, sentinel.Wrapf(ErrUnknownProfile, "partners: %q", q.ID)
		}
		return p, nil
	case q.Profile != nil:
		p := q.Profile.Clone()
		if p.ID == "" {
			p.ID = "query" // an ad-hoc profile needs no id; validation does
		}
		c, err := profile.Clean(p)
		if err != nil {
			return nil, fmt.Errorf("match: partners: query profile: %w", err)
		}
		if q.Profile.ID == "" {
			c.ID = ""
		}
		return &c, nil
	}
	return nil, sentinel.Wrapf(ErrInvalidQuery, "partners: neither ID nor Profile set")
}

func (e *Engine) model(name string) (score.Model, error) {
	if name == "" {
		name = e.cfg.DefaultModel
	}
	m, ok := e.cfg.models[name]
	if !ok {
		return nil, sentinel.Wrapf(ErrUnknownModel, "model %q (have %v)", name, e.cfg.names)
	}
	return m, nil
}

func (e *Engine) filters(q Query) (index.Filters, error) {
	f := index.Filters{
		Countries: q.Countries, ExcludeCountries: q.ExcludeCountries, Kinds: q.Kinds,
		Industries: q.Industries, Ecosystems: q.Ecosystems, Categories: q.Categories,
		Sectors: q.Sectors, Markets: q.Markets, Labels: q.Labels,
	}
	if q.Rules != "" {
		rs, ok := e.cfg.rules[q.Rules]
		if !ok {
			return f, sentinel.Wrapf(ErrUnknownRules, "rule set %q (have %v)", q.Rules, e.RuleSets())
		}
		f.Rules = rs
	}
	return f, nil
}

// candidates returns the profiles to rank: the union of the index's
// candidate pool, the scorer's screen and the query's graph neighbours, or
// every profile passing the filters in exact mode. fitted is the version
// of the corpus that s was fitted on. Errors are returned as the index,
// the screen or the context gave them: the caller adds its operation
// (wrapIndexErr).
func (e *Engine) candidates(ctx context.Context, qp *profile.Profile, f index.Filters, s score.Scorer, fitted uint64, n int, exact bool) ([]*profile.Profile, error) {
	if exact {
		keep, err := f.Matcher()
		if err != nil {
			return nil, err
		}
		e.mu.RLock()
		out := make([]*profile.Profile, 0, len(e.profiles))
		for id, p := range e.profiles {
			if id != qp.ID && keep(p) {
				out = append(out, p)
			}
		}
		e.mu.RUnlock()
		return out, ctx.Err()
	}
	keep, err := f.Matcher()
	if err != nil {
		return nil, err
	}
	// The screen scans every fitted profile on its own goroutines while
	// this one retrieves text candidates: together they keep both cores
	// busy. keep runs only on profiles that would enter the screen's top.
	var screened []*profile.Profile
	var screenErr error
	var wg sync.WaitGroup
	if sc, ok := s.(score.Screener); ok && e.cfg.Screen > 0 {
		wg.Go(func() { screened, screenErr = sc.Screen(ctx, qp, e.cfg.Screen+1, keep) })
	}
	cs, err := e.idx.Candidates(ctx, qp, index.CandidateOptions{N: n, Filters: f, Weights: e.cfg.Retrieval, NoFields: true})
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if screenErr != nil {
		return nil, screenErr
	}
	out := make([]*profile.Profile, 0, len(cs)+len(screened)+maxHistoryCandidates)
	// Profiles are keyed by address: the pool's sources share the
	// engine's pointers, and hashing a pointer is cheaper than an id.
	in := make(map[*profile.Profile]struct{}, cap(out))
	e.mu.RLock()
	defer e.mu.RUnlock()
	for _, c := range cs {
		// A profile removed between retrieval and here is skipped.
		if p, ok := e.profiles[c.ID]; ok && c.ID != qp.ID {
			out = append(out, p)
			in[p] = struct{}{}
		}
	}
	// The screen lists profiles as fitted. With no write since the fit
	// they are the current ones; otherwise skip those removed since and
	// check the filters again on those changed since.
	current := e.version.Load() == fitted
	self := e.profiles[qp.ID] // the query as indexed, or nil
	for _, p := range screened {
		if !current {
			now, ok := e.profiles[p.ID]
			if !ok || now != p && !keep(now) {
				continue
			}
			p = now
		}
		// By address: reading the ids would cost a cache miss each. A
		// profile with the query's id that is not indexed (self is nil)
		// was removed since the fit, and skipped above.
		if p == self {
			continue
		}
		if _, dup := in[p]; !dup {
			out = append(out, p)
			in[p] = struct{}{}
		}
	}
	nb := e.historyNeighbours(qp, maxHistoryCandidates)
	if len(nb) == 0 {
		return out, nil
	}
	for _, p := range nb {
		if _, dup := in[p]; !dup && keep(p) {
			out = append(out, p)
		}
	}
	return out, nil
}

// rank scores the candidates and returns the best limit, explained, or
// the context's error when it ends.
func rank(ctx context.Context, qp *profile.Profile, cands []*profile.Profile, s score.Scorer, limit int, minScore float64) ([]Match, error) {
	scores := make([]float64, len(cands))
	if err := batch(ctx, s, qp, cands, scores); err != nil {
		return nil, err
	}
	order := make([]int, 0, len(cands))
	for i, v := range scores {
		if v >= minScore {
			order = append(order, i)
		}
	}
	order = best(order, limit, func(a, b int) int {
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		return cmp.Compare(cands[a].ID, cands[b].ID) // reads the profiles: only on ties
	})
	out := make([]Match, len(order))
	fill := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			// An explanation of a large ad-hoc profile analyses its text
			// again: milliseconds each, so check the deadline between them.
			if ctx.Err() != nil {
				return
			}
			c := cands[order[i]]
			out[i] = Match{
				ID:      c.ID,
				Profile: c.Clone(),
				Score:   scores[order[i]],
				Reasons: explain(qp, c, score.Explain(s, qp, c)),
			}
		}
	}
	// An explanation costs tens of microseconds (every part explains
	// itself): two goroutines halve a top 10's share of the latency.
	if h := len(out) / 2; h >= 2 && runtime.GOMAXPROCS(0) >= 2 {
		var wg sync.WaitGroup
		wg.Go(func() { fill(0, h) })
		fill(h, len(out))
		wg.Wait()
	} else {
		fill(0, len(out))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// best returns the first k of xs in the order of cmp, sorted; it reorders
// xs. A bounded selection: a pool of a thousand candidates for a top 10
// costs a fraction of a full sort.
func best(xs []int, k int, cmp func(a, b int) int) []int {
	if k <= 0 {
		return nil
	}
	if k >= len(xs)/4 {
		slices.SortFunc(xs, cmp)
		return xs[:min(k, len(xs))]
	}
	top := xs[:0:k] // reuses xs's front, which the loop has read already
	top = append(top, xs[:k]...)
	slices.SortFunc(top, cmp)
	for _, x := range xs[k:] {
		if cmp(x, top[k-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, x, cmp)
		copy(top[i+1:], top[i:k-1])
		top[i] = x
	}
	return top
}

// scoreChunk is how many candidates batch scores between checks of the
// context: a few milliseconds for the largest ad-hoc profiles, and above
// the half of a default pool, so that an indexed query's pool is scored
// in one ScoreBatch call per goroutine as before.
const scoreChunk = 512

// batch scores the candidates, in two halves at once when there are many:
// rescoring the pool is most of a query's work, and portals care about
// latency on an otherwise idle machine. It returns the context's error
// when it ends, checked every scoreChunk candidates.
func batch(ctx context.Context, s score.Scorer, qp *profile.Profile, cands []*profile.Profile, out []float64) error {
	const minSplit = 256
	if len(cands) < minSplit || runtime.GOMAXPROCS(0) < 2 {
		return chunked(ctx, s, qp, cands, out)
	}
	// Alternate candidates between the halves: the pool lists text
	// candidates first, and they cost the most (shared terms to match).
	h := (len(cands) + 1) / 2
	split := make([]*profile.Profile, len(cands))
	for i, c := range cands {
		split[i/2+i%2*h] = c
	}
	tmp := make([]float64, len(cands))
	var wg sync.WaitGroup
	wg.Go(func() { chunked(ctx, s, qp, split[:h], tmp[:h]) })
	err := chunked(ctx, s, qp, split[h:], tmp[h:])
	wg.Wait()
	if err == nil {
		err = ctx.Err() // the other half may have stopped early
	}
	if err != nil {
		return err
	}
	for i := range out {
		out[i] = tmp[i/2+i%2*h]
	}
	return nil
}

// chunked scores cands into out scoreChunk at a time, checking ctx
// before each chunk.
func chunked(ctx context.Context, s score.Scorer, qp *profile.Profile, cands []*profile.Profile, out []float64) error {
	for lo := 0; lo < len(cands); lo += scoreChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(len(cands), lo+scoreChunk)
		score.Batch(s, qp, cands[lo:hi], out[lo:hi])
	}
	return nil
}
