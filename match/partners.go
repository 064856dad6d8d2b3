package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"sync"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/internal/topk"
	"github.com/clustergo/partnermatch/match/internal/pool"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// A Query asks for the best partners of one profile.
//
// Set ID or Profile; every other field may be left zero, which means the
// default stated. A negative Limit or Offset is an error.
type Query struct {
	// ID names an indexed profile to find partners for. Set ID or
	// Profile, not both.
	ID string
	// Profile is a profile that need not be indexed (a visitor's draft);
	// it is normalised and validated, and its id, if set, is excluded
	// from the results.
	Profile *profile.Profile
	// Limit is the most partners returned. Zero means 10. At most
	// MaxLimit.
	Limit int
	// Offset skips the first Offset partners of the ranking, for paging:
	// Offset 10 and Limit 10 return the 11th to the 20th. Zero means
	// none. Offset+Limit is at most MaxLimit. Pages of one ranking agree
	// (with no write or refit between them) while Offset+Limit stays
	// within Config.Pool, the text candidates retrieved, 300 by default:
	// deeper, the pool grows with Offset+Limit, and a deeper page may
	// rank a candidate that a shallower page's pool lacked. Exact queries
	// page without that caveat.
	Offset int
	// Model names the score model. Empty means the engine's default
	// ("auto" unless configured otherwise).
	Model string
	// Filters restrict the partners as they restrict a search: every
	// field of index.Filters applies (countries, kinds, sectors,
	// industries, ecosystems, categories, markets, labels, and the ranges
	// of members, SMEs and founding year). Codes are normalised as in
	// profiles; an unknown value is an *index.FilterError, matching
	// ErrInvalidQuery. Filters.Rules must stay zero: name the rule set
	// in Rules, so that a query has one rule set.
	Filters index.Filters
	// Rules names an eligibility rule set (escp4i, open, or one of
	// Config.RuleSets): partners must be eligible members under it.
	// Empty means DefaultRules.
	Rules string
	// MinScore drops partners scoring below it.
	MinScore float64
	// Exact scores every profile that passes the filters instead of the
	// index's candidate pool: slower, for measuring what candidate
	// retrieval loses.
	Exact bool
	// Among, when not nil, restricts the partners to the profiles with
	// these ids (the participants of an event), each scored exactly, as
	// Exact scores every profile; Filters, Rules and MinScore still
	// apply, and the query's own id is skipped. An id naming no profile
	// is an error matching ErrUnknownProfile. At most MaxAmong ids. An
	// empty, non-nil Among has no candidates.
	Among []string
}

// A Match is one partner, with its score and the reasons for it, and
// what answered: the model and the rule set, so that a result logged or
// shown alone still says how it was found.
type Match struct {
	ID      string          `json:"id"`
	Profile profile.Profile `json:"profile"`
	Score   float64         `json:"score"` // in [0, 1]; higher is better
	// Summary is one line in words a cluster manager understands, for
	// example "offers cathode materials you need; both target Japan;
	// different country (PL)". It is built from the evidence of
	// Explanation, and names only needs, offers and markets that both
	// profiles state, so it never claims what they do not say.
	Summary string `json:"summary"`
	// Explanation is the model's own justification of Score, as
	// score.Explain gives it for the query's profile and this partner:
	// the tree that every layer shares (a combined model's parts with
	// their weights, each with its evidence), so that an interface or an
	// audit reads what the model computed, not a copy. Its Value is
	// Score.
	Explanation *score.Explanation `json:"explanation"`
	// Model is the name of the model asked for: Query.Model, or the
	// engine's default (DefaultModel) when that is empty.
	Model string `json:"model"`
	// Fallback names the model that scored in Model's place because Model
	// had nothing to fit on (a score.FallbackScorer): "hybrid" for learned
	// when no known partnership (Config.Known) joins two of the engine's
	// profiles. Empty when Model itself scored, as it usually does.
	Fallback string `json:"fallback,omitempty"`
	// Rules is the eligibility rule set the partners were checked
	// against: Query.Rules, or DefaultRules when that is empty.
	Rules string `json:"rules"`
}

// Partners returns the best partners for the query's profile, best first
// (ties in order of id), never the profile itself: the page of Limit
// partners after the first Offset. Errors: ErrUnknownProfile for an
// unknown ID, a *profile.ValidationError (matching profile.ErrInvalid)
// for an invalid ad-hoc Profile, ErrUnknownModel, ErrUnknownRules,
// ErrInvalidQuery for bad filters, a negative Limit or Offset, or a set
// Filters.Rules (matching profile.ErrTooLarge too, with a
// *profile.LimitError naming the field, for a Limit, Offset or filter
// over MaxLimit or MaxQueryValues), and the context's error
// when it ends: every stage checks the context, so a call returns soon
// after its deadline.
func (e *Engine) Partners(ctx context.Context, q Query) ([]Match, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	qp, err := e.queryProfile(q)
	if err != nil {
		return nil, err
	}
	limit, offset := cmp.Or(q.Limit, 10), q.Offset
	switch {
	case q.Limit < 0:
		return nil, sentinel.Negative(ErrInvalidQuery, "partners", "Limit", q.Limit)
	case q.Offset < 0:
		return nil, sentinel.Negative(ErrInvalidQuery, "partners", "Offset", q.Offset)
	case limit > MaxLimit:
		return nil, tooLarge("partners", "Limit", limit, MaxLimit)
	case offset > MaxLimit-limit: // not offset+limit, which may overflow
		return nil, tooLarge("partners", "Offset", offset, MaxLimit-limit)
	}
	f := q.Filters
	if err := checkValues("partners", map[string][]string{
		"Countries": f.Countries, "ExcludeCountries": f.ExcludeCountries, "Kinds": f.Kinds,
		"Industries": f.Industries, "Ecosystems": f.Ecosystems, "Categories": f.Categories,
		"Sectors": f.Sectors, "Markets": f.Markets, "Labels": f.Labels,
	}); err != nil {
		return nil, err
	}
	if math.IsNaN(q.MinScore) {
		return nil, sentinel.Invalid(ErrInvalidQuery, "partners", "MinScore", "NaN", "not a number")
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
	// The pool depends on Offset+Limit only, so that a page and the
	// first Offset+Limit of one query rank the same pool.
	var cands []*profile.Profile
	if q.Among != nil {
		cands, err = e.among(ctx, qp, filters, q.Among)
	} else if cands, err = e.candidates(ctx, qp, filters, s, fs.version, max(offset+limit, e.cfg.Pool), q.Exact); err != nil {
		err = wrapIndexErr("partners", err)
	}
	if err != nil {
		return nil, err
	}
	ms, err := rank(ctx, qp, cands, s, offset, limit, q.MinScore)
	if err != nil {
		return nil, err
	}
	// The scorer says whether it stands in for its model: the engine does
	// not know which models learn from what.
	var fallback string
	if fb, ok := s.(score.FallbackScorer); ok {
		fallback = fb.Fallback()
	}
	for i := range ms {
		ms[i].Model, ms[i].Fallback, ms[i].Rules = model.Name(), fallback, cmp.Or(q.Rules, DefaultRules)
	}
	return ms, nil
}

// queryProfile resolves the query's ID or ad-hoc Profile.
func (e *Engine) queryProfile(q Query) (*profile.Profile, error) {
	switch {
	case q.ID != "" && q.Profile != nil:
		return nil, sentinel.Invalid(ErrInvalidQuery, "partners", "ID", q.ID, "set together with Profile: set one")
	case q.ID != "":
		p, ok := e.pool.Get(q.ID)
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
	return nil, sentinel.Invalid(ErrInvalidQuery, "partners", "ID", "", "neither ID nor Profile set")
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

// filters returns the query's filters with its rule set.
func (e *Engine) filters(q Query) (index.Filters, error) {
	f := q.Filters
	// One rule set per query, by name: one value that a portal can echo
	// and a log can replay. A RuleSet holds slices: reflect, not ==,
	// tells it is zero.
	if !reflect.ValueOf(f.Rules).IsZero() {
		return f, sentinel.Invalid(ErrInvalidQuery, "partners", "Filters.Rules", f.Rules.Name, "name the rule set in Query.Rules instead")
	}
	rs, err := e.ruleSet(q.Rules)
	if err != nil {
		return f, err
	}
	f.Rules = rs
	return f, nil
}

// candidates returns the profiles to rank: the union of the index's
// candidate pool, the scorer's screen and the query's graph neighbours, or
// every profile passing the filters in exact mode. fitted is the version
// of the corpus that s was fitted on. Errors are returned as the index,
// the screen or the context gave them: the caller adds its operation
// (wrapIndexErr).
func (e *Engine) candidates(ctx context.Context, qp *profile.Profile, f index.Filters, s score.Scorer, fitted uint64, n int, exact bool) ([]*profile.Profile, error) {
	keep, err := f.Matcher()
	if err != nil {
		return nil, err
	}
	if exact {
		return e.pool.Scan(keep, qp.ID), ctx.Err()
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
	text := make([]string, len(cs))
	for i, c := range cs {
		text[i] = c.ID
	}
	return e.pool.Merge(qp, pool.Sources{Text: text, Screened: screened, Fitted: fitted, Graph: maxHistoryCandidates}, keep), nil
}

// maxHistoryCandidates caps the profiles the collaboration graph adds to a
// candidate pool, so that a hub with thousands of past partners cannot
// swamp the pool.
const maxHistoryCandidates = 200

// rank scores the candidates and returns the best offset+limit but the
// first offset, explained, or the context's error when it ends.
func rank(ctx context.Context, qp *profile.Profile, cands []*profile.Profile, s score.Scorer, offset, limit int, minScore float64) ([]Match, error) {
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
	order = topk.Select(order, offset+limit, func(a, b int) int {
		// Never NaN: NaN fails v >= minScore.
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		return cmp.Compare(cands[a].ID, cands[b].ID) // reads the profiles: only on ties
	})
	order = order[min(offset, len(order)):] // the earlier pages are ranked, never explained
	out := make([]Match, len(order))
	fill := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			// An explanation of a large ad-hoc profile analyses its text
			// again: milliseconds each, so check the deadline between them.
			if ctx.Err() != nil {
				return
			}
			c := cands[order[i]]
			ex := score.Explain(s, qp, c)
			out[i] = Match{
				ID:          c.ID,
				Profile:     c.Clone(),
				Score:       scores[order[i]],
				Summary:     summary(qp, c, ex),
				Explanation: ex,
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
