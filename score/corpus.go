package score

import (
	"context"
	"hash/crc32"
	"slices"
	"sync"
	"unsafe"

	"github.com/clustergo/partnermatch/profile"
)

// A Corpus is the snapshot of profiles (and known partnerships) that
// models are fitted on: vocabulary, IDF, latent vectors, the collaboration
// graph and learned weights all come from one Corpus.
//
// Fitting caches its shared work (text analysis, vocabulary) and every
// fitted built-in model inside the Corpus, so fit all the models of a
// snapshot on the same *Corpus: Models() costs little more than its most
// expensive model. Hence a Corpus must not be copied or changed after the
// first Fit; build a new one for a new snapshot. Fits of one Corpus may
// run concurrently.
//
// Fitted scorers keep precomputed data for the corpus profiles, keyed by
// ID and a fingerprint of the content they depend on (language, name,
// description, country, technologies, offers, needs, partnerships,
// sectors, target markets). A profile that is not in the corpus, or whose
// content changed since the fit, is scored from its current content with
// the fitted vocabulary and IDF, never from stale vectors: slower (its
// text is analysed once per Score call or batch), and terms the corpus has
// never seen match nothing. The corpus profiles themselves must not be
// modified, since scorers recognise them by address without hashing them:
// to update a profile, hand the engine a new one (profile.Clone), and
// refit when many have changed. When an ID appears more than once, the
// first profile keeps it.
type Corpus struct {
	// Profiles is the snapshot. Nil entries count as empty profiles.
	Profiles []*profile.Profile
	// Known lists known partnerships for models that learn from them
	// (sector, learned). Members not in Profiles are ignored. They should
	// not also be recorded in the members' Partnerships fields, or the
	// history signal explains them trivially and learned weights follow.
	Known []profile.Partnership
	// Seed makes randomised fits (LSA's range finder, negative sampling)
	// reproducible: the same Corpus and Seed give the same scorers.
	Seed uint64
	// Workers caps the goroutines a fit of the corpus runs on. Zero means
	// GOMAXPROCS: a fit as fast as it can be, which leaves queries that
	// run meanwhile little CPU. An engine that fits while it serves
	// queries sets fewer.
	Workers int

	mu     sync.Mutex
	parent *Corpus // shares the analysis (and Known-independent fits) of parent
	snap   *snapshot
	text   *textIndex
	fits   map[Model]Scorer
	steps  map[string][]float64 // results of costly fit steps, by key (see recall)
	langs  []string             // text language of each row (see textLanguages)
}

// A Model fits a Scorer to a corpus. Fit runs once per snapshot and may be
// slow (seconds at 100,000 profiles); the Scorer it returns is fast. Name
// identifies the model, as in a portal's ?model= parameter. Models are
// plain values whose fields are their parameters; the zero value of each
// built-in model uses the documented defaults.
type Model interface {
	Name() string
	Fit(ctx context.Context, c *Corpus) (Scorer, error)
}

// Models returns the built-in models with default parameters, in this
// order: tfidf, lsa, reciprocal, sector, market, geo, history, hybrid,
// learned, auto. The engine's configuration holds this set; there is no global
// registry.
func Models() []Model {
	return []Model{TFIDF{}, LSA{}, Reciprocal{}, Sector{}, Market{}, Geo{}, History{}, Activity{}, Affinity{Field: AffinityKind}, Affinity{Field: AffinityCountry}, Hybrid(nil), Learned{}, Auto{}}
}

// DefaultModel returns the name of the model to use when none is asked
// for: "auto", the combination fitted to the corpus ([Auto]).
func DefaultModel() string { return "auto" }

// Fit fits every model on c, in order, and returns the scorers by name.
// A later model with the same name replaces an earlier one.
func Fit(ctx context.Context, c *Corpus, models ...Model) (map[string]Scorer, error) {
	out := make(map[string]Scorer, len(models))
	for _, m := range models {
		s, err := m.Fit(ctx, c)
		if err != nil {
			return nil, err
		}
		out[m.Name()] = s
	}
	return out, nil
}

// root returns the corpus that owns the shared analysis.
func (c *Corpus) root() *Corpus {
	for c.parent != nil {
		c = c.parent
	}
	return c
}

// withKnown returns a corpus with c's profiles and analysis but other
// known partnerships (cross-fitting of learned weights).
func (c *Corpus) withKnown(known []profile.Partnership) *Corpus {
	return &Corpus{Profiles: c.Profiles, Known: known, Seed: c.Seed, parent: c.root()}
}

// knownUser is implemented by built-in models whose fit depends on
// Corpus.Known.
type knownUser interface{ usesKnown() bool }

func usesKnown(m Model) bool {
	k, ok := m.(knownUser)
	return !ok || k.usesKnown() // unknown models: assume they do
}

// memoFit returns the scorer fitted for m on c, fitting it with fit on the
// first call. Only comparable built-in models are memoised; fits that do
// not depend on Known are shared with the parent corpus.
func memoFit(ctx context.Context, c *Corpus, m Model, fit func(context.Context, *Corpus) (Scorer, error)) (Scorer, error) {
	owner := c
	if !usesKnown(m) {
		owner = c.root()
	}
	owner.mu.Lock()
	s, ok := owner.fits[m]
	owner.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := fit(ctx, c)
	if err != nil {
		return nil, err
	}
	owner.mu.Lock()
	defer owner.mu.Unlock()
	if prev, ok := owner.fits[m]; ok {
		return prev, nil // a concurrent fit won; keep one scorer per model
	}
	if owner.fits == nil {
		owner.fits = map[Model]Scorer{}
	}
	owner.fits[m] = s
	return s, nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// recall returns the result that record kept under key, if any: the
// outcome of a fit step that is deterministic for the corpus but costly
// (learning weights), which WriteFit persists and ReadFit restores.
func (c *Corpus) recall(key string) ([]float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.steps[key]
	return v, ok
}

// record keeps the result v of the fit step key (see recall).
func (c *Corpus) record(key string, v []float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.steps == nil {
		c.steps = map[string][]float64{}
	}
	c.steps[key] = slices.Clone(v)
}

// A snapshot maps corpus profiles to rows and detects changed content.
type snapshot struct {
	corpus   *Corpus                    // the root corpus it maps (nil in tests)
	profiles []*profile.Profile         // row -> profile (may be nil)
	rows     map[string]int32           // ID -> row of its first profile
	addrs    map[*profile.Profile]int32 // profile -> its first row
	ids      []string                   // row -> ID
	fp       []uint64                   // row -> fingerprint of the content at fit time
	codes    []rowCodes                 // row -> country, divisions and markets
	cols     columns                    // the codes again, laid out for scans
}

// rowCodes are the codes of one corpus profile, parsed once.
type rowCodes struct {
	country int16 // country number, or -1
	nDiv    uint8
	div     [maxDivisions]int8
	markets []uint16 // distinct market numbers, increasing
}

func (r *rowCodes) divisions() []int8 { return r.div[:r.nDiv] }

// snapshot returns c's snapshot, building it on first use.
func (c *Corpus) snapshot() *snapshot {
	r := c.root()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.snap == nil {
		r.snap = newSnapshot(r.Profiles, r.workers())
		r.snap.corpus = r
	}
	return r.snap
}

func newSnapshot(ps []*profile.Profile, workers int) *snapshot {
	s := &snapshot{
		profiles: ps,
		rows:     make(map[string]int32, len(ps)),
		addrs:    make(map[*profile.Profile]int32, len(ps)),
		ids:      make([]string, len(ps)),
		fp:       make([]uint64, len(ps)),
		codes:    make([]rowCodes, len(ps)),
	}
	// Rows are independent: hash and parse them on every worker (a
	// restored fit has little else to do, and at a million profiles this
	// loop took seconds on one core).
	parallel(context.Background(), workers, len(ps), 1024, func(_, lo, hi int) {
		var markets []uint16
		for i := lo; i < hi; i++ {
			p := orEmpty(ps[i])
			s.ids[i] = p.ID
			s.fp[i] = fingerprint(p)
			rc := &s.codes[i]
			rc.country = int16(countryIndex(p.Country))
			rc.nDiv = uint8(len(divisionsOf(p, rc.div[:])))
			set := countries(p.TargetMarkets)
			k := len(markets)
			markets = set.appendTo(markets)
			rc.markets = markets[k:len(markets):len(markets)]
		}
	})
	for i, p := range ps {
		if _, dup := s.addrs[p]; !dup && p != nil {
			s.addrs[p] = int32(i)
		}
		if _, dup := s.rows[s.ids[i]]; !dup {
			s.rows[s.ids[i]] = int32(i)
		}
	}
	s.cols = newColumns(s.codes)
	return s
}

// fingerprint hashes the content that fitted data depends on. The hash
// is the same in every process, so that a fit read back from a file
// (Corpus.ReadFit) can check each profile against the one it was fitted
// on: CRC-32C (in hardware on amd64 and arm64) of each string, mixed in
// FNV fashion with its length, as a change detector, not against
// adversaries.
func fingerprint(p *profile.Profile) uint64 {
	const prime = 0x100000001b3
	h := uint64(len(p.Language))
	mix := func(v string) {
		c := crc32.Checksum(unsafe.Slice(unsafe.StringData(v), len(v)), castagnoli)
		h = (h ^ uint64(c) ^ uint64(len(v))<<32) * prime
	}
	list := func(l []string) {
		h = (h ^ uint64(len(l))) * prime
		for _, v := range l {
			mix(v)
		}
	}
	mix(p.Language)
	mix(p.Name)
	mix(p.Description)
	mix(p.Country)
	list(p.Technologies)
	list(p.Offers)
	list(p.Needs)
	list(p.Partnerships)
	list(p.Sectors)
	list(p.TargetMarkets)
	return h
}

// row returns p's corpus row, or -1 if p is not in the corpus or its
// content changed since the fit. A profile of the corpus is recognised by
// its address, without reading it (corpus profiles must not change); an
// equal copy by its ID and fingerprint.
func (s *snapshot) row(p *profile.Profile) int32 {
	if p == nil {
		return -1
	}
	if r, ok := s.addrs[p]; ok {
		return r
	}
	r, ok := s.rows[p.ID]
	if !ok {
		return -1
	}
	if s.fp[r] != fingerprint(p) {
		return -1
	}
	return r
}

// resolve sets rows[i] to the row of cs[i].
func (s *snapshot) resolve(cs []*profile.Profile, rows []int32) {
	for i, c := range cs {
		rows[i] = s.row(c)
	}
}

// A rowScorer is a fitted scorer that keys precomputed data by the rows of
// a snapshot. Combinations build one batch for all parts that share the
// snapshot.
type rowScorer interface {
	BatchScorer
	snapshot() *snapshot
	// scoreRows is ScoreBatch(b.q, b.cs, out).
	scoreRows(b *batch, out []float64)
}

// A batch is one query and its candidates, resolved to corpus rows once
// for all fitted scorers of a snapshot. It also keeps the text vectors of
// profiles that are not in the corpus, so that they are analysed once per
// batch, not once per model.
type batch struct {
	q    *profile.Profile
	qrow int32
	cs   []*profile.Profile
	rows []int32
	qv   *pvec   // q's text vectors, on first use
	vecs []*pvec // text vectors of candidates not in the corpus, on first use
}

func (s *snapshot) batch(q *profile.Profile, cs []*profile.Profile) *batch {
	b := &batch{q: q, qrow: s.row(q), cs: cs, rows: make([]int32, len(cs))}
	s.resolve(cs, b.rows)
	return b
}

// query returns q's text vectors.
func (b *batch) query(t *textIndex) *pvec {
	if b.qv == nil {
		b.qv = t.vectors(b.q, b.qrow)
	}
	return b.qv
}

// cand returns the text vectors of candidate i.
func (b *batch) cand(t *textIndex, i int) *pvec {
	if r := b.rows[i]; r >= 0 {
		return &t.vecs[r]
	}
	if b.vecs == nil {
		b.vecs = make([]*pvec, len(b.cs))
	}
	if b.vecs[i] == nil {
		b.vecs[i] = t.vectors(b.cs[i], -1)
	}
	return b.vecs[i]
}
