package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/clustergo/partnermatch/internal/filter"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/internal/topk"
	"github.com/clustergo/partnermatch/profile"
)

// Reasons a candidate was retrieved, as in Candidate.Fields.
const (
	MatchNeedsOffers  = "needs->offers" // the query's needs matched the candidate's offers
	MatchOffersNeeds  = "offers->needs" // the query's offers matched the candidate's needs
	MatchTechnologies = "technologies"  // shared technologies
	MatchIndustries   = "industries"    // shared emerging industries
	MatchMarkets      = "markets"       // shared target markets
)

// matchNames maps the view's fields to their Match names.
var matchNames = [numMem]string{
	memOffers: MatchNeedsOffers, memNeeds: MatchOffersNeeds, memTechnologies: MatchTechnologies,
	memIndustries: MatchIndustries, memMarkets: MatchMarkets,
}

// bleveFields maps the view's fields to the bleve fields they mirror.
var bleveFields = [numMem]string{
	memOffers: fieldOffers, memNeeds: fieldNeeds, memTechnologies: fieldTechnologies,
	memIndustries: fieldIndustry, memMarkets: fieldMarket,
}

// CandidateOptions tunes Candidates. The zero value is ready to use.
type CandidateOptions struct {
	// N is the most candidates returned. Zero means 200.
	N int
	// Filters restrict the candidates.
	Filters Filters
	// ExcludeIDs are never returned. The query profile's own id is
	// always excluded.
	ExcludeIDs []string
	// Weights weigh the kinds of match. Nil means DefaultWeights().
	Weights *Weights
	// Bleve retrieves with a bleve query of the same terms, weights and
	// filters instead of the in-memory view: 20-70 times slower, with
	// bleve's BM25 scores. It exists to compare and explain; the
	// candidates are much the same.
	Bleve bool
	// NoFields leaves Candidate.Fields nil, which saves a pass over every
	// candidate's terms when only ids and scores are needed (as when a
	// score model ranks the candidates next).
	NoFields bool
}

// Weights weigh the kinds of match of Candidates: each matching term
// adds weight × BM25 (idf and length-normalised term frequency) to a
// candidate's score. A zero weight turns a kind off.
type Weights struct {
	NeedsOffers  float64 // query needs against candidate offers
	OffersNeeds  float64 // query offers against candidate needs
	Technologies float64 // technologies against technologies
	Industries   float64 // emerging industries against industries
	Markets      float64 // target markets against target markets
}

// DefaultWeights returns the default Weights: complementarity (needs
// against offers, both ways) counts most; shared industries (one value
// chain) and target markets (a consortium's common third markets) half as
// much per term; shared technologies least, as they mark organisations
// that do the same thing rather than complementary ones. On the synthetic
// world (synth, 10,000 profiles) these weights retrieve 25% of planted
// partners in the top 200, against 17% when technologies weigh 0.6.
func DefaultWeights() Weights {
	return Weights{NeedsOffers: 1, OffersNeeds: 1, Technologies: 0.2, Industries: 0.5, Markets: 0.5}
}

func (w Weights) byField() [numMem]float64 {
	return [numMem]float64{
		memOffers: w.NeedsOffers, memNeeds: w.OffersNeeds, memTechnologies: w.Technologies,
		memIndustries: w.Industries, memMarkets: w.Markets,
	}
}

// A Candidate is a profile that may complement the query profile.
type Candidate struct {
	ID     string
	Score  float64  // higher is better; comparable within one call only
	Fields []string // the kinds of match that contributed, as the Match constants, in their order
}

// BM25 parameters of the in-memory view (the usual defaults, as bleve's).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// A qterm is one distinct term of the query for one field.
type qterm struct {
	field int
	term  string
	n     int // occurrences in the query
}

// Candidates returns up to N profiles most likely to complement p, best
// first (ties in order of id): those offering what p needs, needing what
// p offers, sharing its technologies, industries and target markets, as
// weighed by Weights. Only profiles matching at least one of these terms
// are returned, so there may be fewer than N.
//
// p need not be in the index; it is normalised but not validated, and its
// text is analysed in p.Language. Its id, if any, is excluded.
//
// By default candidates come from the in-memory view (see the package
// documentation), which reflects every write that has returned.
func (x *Index) Candidates(ctx context.Context, p *profile.Profile, opts CandidateOptions) ([]Candidate, error) {
	if err := x.gate.enter(); err != nil {
		return nil, err
	}
	defer x.gate.leave()
	if opts.N < 0 {
		return nil, sentinel.Negative(ErrInvalidQuery, "candidates", "N", opts.N)
	}
	n := cmp.Or(opts.N, 200)
	w := DefaultWeights()
	if opts.Weights != nil {
		w = *opts.Weights
	}
	weights := w.byField()
	for _, v := range weights {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, sentinel.Wrapf(ErrInvalidQuery, "candidates: weights %+v: negative or not finite", w)
		}
	}
	spec, err := opts.Filters.compile()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("index: candidates: %w", err)
	}
	q := p.Clone()
	q.Normalize()
	exclude := slices.Clone(opts.ExcludeIDs)
	if q.ID != "" {
		exclude = append(exclude, q.ID)
	}
	qts := candidateTerms(&q, weights)
	if spec.None || len(qts) == 0 {
		return nil, nil
	}
	if opts.Bleve {
		cs, err := x.bleveCandidates(ctx, qts, weights, spec, exclude, n)
		if opts.NoFields {
			for i := range cs {
				cs[i].Fields = nil
			}
		}
		return cs, err
	}
	return x.mem.candidates(ctx, qts, weights, spec, exclude, n, !opts.NoFields)
}

// candidateTerms returns the distinct query terms of q per view field,
// leaving out fields of weight 0. Text is analysed in q's language, and
// also with the plain analysis: words that other languages' stemmers keep
// whole (names, loanwords, technical terms such as lidar) then match
// profiles in those languages. A term counts as often as the language's
// analysis finds it; a plain-only term counts once.
func candidateTerms(q *profile.Profile, weights [numMem]float64) []qterm {
	var out []qterm
	type key struct {
		field int
		term  string
	}
	at := map[key]int{} // index in out; a list scan made long queries quadratic
	add := func(f int, ts []string, count bool) {
		if weights[f] == 0 {
			return
		}
		for _, t := range ts {
			i, ok := at[key{f, t}]
			switch {
			case !ok:
				at[key{f, t}] = len(out)
				out = append(out, qterm{field: f, term: t, n: 1})
			case count:
				out[i].n++
			}
		}
	}
	text := func(f int, items []string) {
		if weights[f] == 0 {
			return
		}
		own, plain := queryTerms(q.Language, items...)
		add(f, own, true)
		add(f, plain, false)
	}
	text(memOffers, q.Needs)
	text(memNeeds, q.Offers)
	text(memTechnologies, q.Technologies)
	add(memIndustries, q.Industries, true)
	add(memMarkets, q.TargetMarkets, true)
	return out
}

// qweight is the weight of a query term occurring n times in the query:
// repeats count, with diminishing returns.
func qweight(w float64, n int) float64 { return w * math.Sqrt(float64(n)) }

// bm25IDF is the BM25 inverse document frequency of a term held by df of
// n profiles.
func bm25IDF(n, df float64) float64 { return math.Log(1 + (n-df+0.5)/(df+0.5)) }

// A scratch holds the per-query buffers of the in-memory view.
type scratch struct {
	acc     []float32 // slot -> text score; 0 until touched, as every match adds > 0
	touched []uint32  // slots with a score, or marked as seen
	bins    []uint8   // order index -> score bin
	order   []uint32  // slots of the round being considered
	sorted  []uint32  // order sorted by bin, best first
	qfield  []uint8   // term id -> 1 + view field of a query term, else 0
	top     topk.Heap[scored]
}

// A kwWeight is the weight of one query keyword: an industry bit or a
// market country.
type kwWeight struct {
	bit uint8 // industry bit or country index
	w   float32
}

// A textTerm is a query text term found in the view, with its BM25
// factors: a posting adds wk·tf / (tf + c0 + c1·len).
type textTerm struct {
	id     uint32
	wk, c1 float32
}

// c0 is the BM25 factor of textTerm that does not depend on the term.
const c0 = float32(bm25K1 * (1 - bm25B))

// denseEvery: a query with at least one text posting per denseEvery slots
// accumulates block by block without tracking the slots it touches
// (accumulateDense), and finds them by scanning acc. Tracking costs a
// hard-to-predict branch per posting that waits for acc's cache miss;
// scanning reads acc in order. A variable for tests.
var denseEvery = 8

// candidates is Candidates on the in-memory view.
//
// Text terms (needs, offers, technologies) are accumulated from their
// postings, in blocks of slots for most queries: this loop is the main
// cost of a query. Industries and markets, whose postings are long (a
// popular market is listed by half the profiles), are added lazily: a
// profile's keyword bonus is at most maxBonus, so it is only computed for
// profiles whose text score plus maxBonus can still enter the top N,
// considered best text score first (see considerBest); profiles without a
// text match are considered only while the top N is not full or could
// admit a bonus-only score. The result is the same as summing every
// posting.
func (m *memIndex) candidates(ctx context.Context, qts []qterm, weights [numMem]float64,
	spec *filter.Spec, exclude []string, n int, fields bool) ([]Candidate, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	sc, _ := m.scratch.Get().(*scratch)
	if sc == nil || len(sc.acc) < len(m.slots) {
		size := len(m.slots) + len(m.slots)/8 + 64 // room to grow before the next allocation
		sc = &scratch{acc: make([]float32, size)}
	}
	if len(sc.qfield) < len(m.post) {
		sc.qfield = make([]uint8, len(m.post)+len(m.post)/8+64)
	}
	qids := make([]uint32, 0, len(qts)) // term ids of the query, marked in qfield
	dense := false
	defer func() {
		if dense {
			clear(sc.acc[:len(m.slots)])
		} else {
			for _, s := range sc.touched {
				sc.acc[s] = 0
			}
		}
		for _, t := range qids {
			sc.qfield[t] = 0
		}
		sc.touched = sc.touched[:0]
		sc.top.Reset(0, nil) // holds no slots of this view while pooled
		m.scratch.Put(sc)
	}()

	live := float64(m.live)
	var kwIDs []uint32 // term ids of the query's keywords
	var inds, mkts []kwWeight
	var maxBonus float32
	texts := make([]textTerm, 0, len(qts))
	posts := 0
	for _, qt := range qts {
		id, ok := m.lookup(qt.field, qt.term)
		if !ok || m.df[id] == 0 {
			continue
		}
		qids = append(qids, id)
		sc.qfield[id] = 1 + uint8(qt.field)
		w := qweight(weights[qt.field], qt.n) * bm25IDF(live, float64(m.df[id]))
		if memText(qt.field) {
			// BM25: w · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))
			texts = append(texts, textTerm{id: id, wk: float32(w * (bm25K1 + 1)),
				c1: float32(bm25K1 * bm25B / m.avgLen(qt.field))})
			posts += len(m.post[id])
			continue
		}
		kw := kwWeight{w: float32(w)}
		if qt.field == memIndustries {
			kw.bit = uint8(filter.Vocab().Industry[qt.term])
			inds = append(inds, kw)
		} else {
			kw.bit = filter.Vocab().Country[qt.term]
			mkts = append(mkts, kw)
		}
		kwIDs = append(kwIDs, id)
		maxBonus += kw.w
	}
	// Dead slots are scored too and dropped below, which is cheaper than
	// testing every posting.
	dense = posts*denseEvery >= len(m.slots)
	var err error
	if dense {
		err = m.accumulateDense(ctx, sc.acc, texts)
	} else {
		err = m.accumulateSparse(ctx, sc, texts)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("index: candidates: %w", err)
	}

	bonus := func(s uint32) float32 {
		a := &m.kw[s]
		var b float32
		for _, k := range inds {
			if a.industries&(1<<k.bit) != 0 {
				b += k.w
			}
		}
		for _, k := range mkts {
			if a.markets.Has(k.bit) {
				b += k.w
			}
		}
		return b
	}
	var excluded []uint32
	for _, id := range exclude {
		if s, ok := m.byID[id]; ok {
			excluded = append(excluded, s)
		}
	}
	h := &sc.top
	h.Reset(n, bySlots(m.slots))
	consider := func(s uint32, text float32) {
		if w, full := h.Bound(); full && text+maxBonus < w.score {
			return // cannot enter, whatever its keywords
		}
		// Most slots lose on score alone: test that before reading the
		// slot's attributes (cache misses). The country, which most
		// filters test, is in the line the bonus reads.
		e := scored{s, text + bonus(s)}
		if e.score == 0 || !h.Wants(e) || m.dead[s] || !spec.PassCountry(m.kw[s].country) ||
			!spec.CountryOnly && !spec.Pass(&m.slots[s].Attrs) || slices.Contains(excluded, s) {
			return
		}
		h.Push(e)
	}
	sc.considerBest(h, n, len(m.slots), dense, maxBonus, consider)
	if w, full := h.Bound(); maxBonus > 0 && (!full || w.score <= maxBonus) {
		// Profiles that match only on industries or markets may still
		// enter. Mark them in acc so that each is considered once.
		for _, id := range kwIDs {
			for _, p := range m.post[id] {
				if sc.acc[p.slot] != 0 {
					continue
				}
				sc.acc[p.slot] = -1
				if !dense {
					sc.touched = append(sc.touched, p.slot)
				}
				consider(p.slot, 0)
			}
		}
	}
	best := h.Sorted()
	out := make([]Candidate, len(best))
	for i, e := range best {
		out[i] = Candidate{ID: m.slots[e.slot].id, Score: float64(e.score)}
	}
	if fields {
		m.setFields(out, best, sc.qfield)
	}
	return out, nil
}

// setFields sets the Fields of out, the candidates of best, from the
// query's term ids marked in qfield. A loop of its own, after the ids
// have been read with their slots' cache misses overlapping, and one
// allocation for every candidate's names.
func (m *memIndex) setFields(out []Candidate, best []scored, qfield []uint8) {
	masks := make([]uint8, len(best))
	total := 0
	for i, e := range best {
		masks[i] = m.matchedMask(e.slot, qfield)
		total += bits.OnesCount8(masks[i])
	}
	names := make([]string, 0, total)
	for i, mask := range masks {
		if mask == 0 {
			continue // nil, as maskNames
		}
		k := len(names)
		for f := range numMem {
			if mask&(1<<f) != 0 {
				names = append(names, matchNames[f])
			}
		}
		out[i].Fields = names[k:len(names):len(names)] // capped: an append copies
	}
}

// accumulateSparse adds the postings of texts into sc.acc term at a time,
// and lists the slots it touches in sc.touched.
func (m *memIndex) accumulateSparse(ctx context.Context, sc *scratch, texts []textTerm) error {
	acc, touched := sc.acc, sc.touched
	defer func() { sc.touched = touched }()
	for i, tt := range texts {
		if i%8 == 7 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for _, p := range m.post[tt.id] {
			if acc[p.slot] == 0 {
				touched = append(touched, p.slot)
			}
			tf := float32(p.tf)
			acc[p.slot] += tt.wk * tf / (tf + c0 + tt.c1*float32(p.len))
		}
	}
	return nil
}

// accBlock is the number of slots whose scores accumulateDense keeps in
// cache together: 32 KB of acc. A variable for tests.
var accBlock = 8192

// accumulateDense adds the postings of texts into acc a block of slots at
// a time, every term per block, so that the block of acc stays in cache
// (term at a time, acc's 400 KB at 100,000 profiles are read and written
// once per term, a miss per posting). Each slot still gets its terms'
// contributions in term order: the sums are the same.
func (m *memIndex) accumulateDense(ctx context.Context, acc []float32, texts []textTerm) error {
	next := make([]int, len(texts)) // term -> its first posting not yet added
	for lo := 0; lo < len(m.slots); lo += accBlock {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := uint32(min(lo+accBlock, len(m.slots)))
		for i, tt := range texts {
			k := next[i]
			for _, p := range m.post[tt.id][k:] {
				if p.slot >= hi {
					break
				}
				tf := float32(p.tf)
				acc[p.slot] += tt.wk * tf / (tf + c0 + tt.c1*float32(p.len))
				k++
			}
			next[i] = k
		}
	}
	return nil
}

// Bins of text scores for considerBest.
const (
	numBins    = 256  // linear, within a round
	logShift   = 19   // a score's log bin is its float32 bits >> logShift: 1/16 octave
	numLogBins = 4096 // 1 << (32 - logShift - 1): scores are >= 0
	sampleStep = 16   // every sampleStep-th slot is sampled for the log bins
)

// considerBest passes every slot in acc[:slots] with a text score (> 0)
// to consider, which keeps the top n in h, and stops early when no
// remaining slot can enter. When dense is false those slots are listed in
// sc.touched.
//
// It goes from the best text scores down, so that h fills with good
// scores first and most slots are dropped by score alone, without reading
// their keywords and filter attributes. Rounds take the slots scoring in
// [lo, hi) in one pass, best first by a counting sort in bins; lo is
// estimated from a sample of the scores so that the first round holds
// about 2N slots and those within maxBonus below them. Only the order of
// consideration changes: h ends the same (the top N of a total order) as
// when every slot is considered.
func (sc *scratch) considerBest(h *topk.Heap[scored], n, slots int, dense bool, maxBonus float32, consider func(s uint32, text float32)) {
	acc, touched := sc.acc[:slots], sc.touched
	if !dense && len(touched) <= 2*n {
		for _, s := range touched {
			consider(s, acc[s])
		}
		return
	}
	var sample [numLogBins]int32 // log bin -> sampled slots (bin 0: mostly zeros)
	if dense {
		for s := 0; s < len(acc); s += sampleStep {
			sample[math.Float32bits(acc[s])>>logShift&(numLogBins-1)]++
		}
	} else {
		for i := 0; i < len(touched); i += sampleStep {
			sample[math.Float32bits(acc[touched[i]])>>logShift&(numLogBins-1)]++
		}
	}
	// stop reports whether no slot scoring at most bound can enter.
	stop := func(bound float32) bool {
		w, full := h.Bound()
		return full && bound+maxBonus < w.score
	}
	const least = math.SmallestNonzeroFloat32
	hi := float32(math.Inf(1))
	want, est, b := 2*n, 0, numLogBins-1 // est: estimated slots in log bins above b
	for round := 0; ; round++ {
		var lo float32
		w, full := h.Bound()
		switch {
		case round >= 8:
			lo = least // the rest in one round
		case full:
			// Below cannot enter; the margin keeps float rounding from
			// failing the stop test after the round.
			lo = w.score - maxBonus - w.score/(1<<20)
		default:
			for ; b > 0 && est < want; b-- {
				est += int(sample[b]) * sampleStep
			}
			lo = math.Float32frombits(uint32(b+1) << logShift)
			if round == 0 {
				lo -= maxBonus // may outscore the slots above
			}
			want *= 4
		}
		if !(lo < hi) || lo < least {
			lo = least
		}
		top := float32(math.NaN()) // equal to no score
		if round == 0 {
			top = hi // +Inf: scores of +Inf too
		}
		var list []uint32
		if dense {
			list = collectDense(sc.order[:0], acc, lo, hi, top)
		} else {
			list = collectSparse(sc.order[:0], acc, touched, lo, hi, top)
		}
		sc.order = list
		if sc.considerSorted(list, lo, stop, consider) || lo == least {
			return
		}
		if hi = lo; stop(hi) { // the rest score less than lo
			return
		}
	}
}

// collectDense appends to list the slots s of acc with lo <= acc[s] < hi,
// or lo <= acc[s] == top. It grows list a chunk at a time, outside the
// inner loop, whose variables then stay in registers: with a call to
// grow inside, the loop spilled its index to the stack, and took a store
// and a load per slot.
func collectDense(list []uint32, acc []float32, lo, hi, top float32) []uint32 {
	const chunk = 1024
	for base := 0; base < len(acc); base += chunk {
		part := acc[base:min(base+chunk, len(acc))]
		k := len(list)
		buf := slices.Grow(list, len(part))[:k+len(part)]
		for i, v := range part {
			if v >= lo && (v < hi || v == top) {
				buf[k] = uint32(base + i)
				k++
			}
		}
		list = buf[:k]
	}
	return list
}

// collectSparse is collectDense on the slots of touched.
func collectSparse(list []uint32, acc []float32, touched []uint32, lo, hi, top float32) []uint32 {
	const chunk = 1024
	for base := 0; base < len(touched); base += chunk {
		part := touched[base:min(base+chunk, len(touched))]
		k := len(list)
		buf := slices.Grow(list, len(part))[:k+len(part)]
		for _, s := range part {
			if v := acc[s]; v >= lo && (v < hi || v == top) {
				buf[k] = s
				k++
			}
		}
		list = buf[:k]
	}
	return list
}

// considerSorted passes the slots of list, which score at least lo, to
// consider, best first by a counting sort in numBins bins, and reports
// whether it stopped because no slot left scoring at most the best of
// the next bin can enter.
func (sc *scratch) considerSorted(list []uint32, lo float32, stop func(bound float32) bool, consider func(s uint32, text float32)) bool {
	acc := sc.acc
	top := lo
	for _, s := range list {
		top = max(top, acc[s])
	}
	// Linear bins over [lo, top]; bin is monotone in the score. Scores
	// beyond binning go to bin 0, in any order.
	scale := float32(numBins / float64(top-lo))
	if !(top < math.MaxFloat32) || !(scale < math.MaxFloat32) {
		scale = 0
	}
	bins := slices.Grow(sc.bins[:0], len(list))[:len(list)]
	sc.bins = bins
	var count [numBins]int
	var most [numBins]float32 // bin -> its best score
	for i, s := range list {
		v := acc[s]
		b := 0
		if scale != 0 {
			b = min(int((v-lo)*scale), numBins-1)
		}
		bins[i] = uint8(b)
		count[b]++
		most[b] = max(most[b], v)
	}
	var start [numBins]int
	k := 0
	for b := numBins - 1; b >= 0; b-- {
		start[b] = k
		k += count[b]
	}
	sorted := slices.Grow(sc.sorted[:0], len(list))[:len(list)]
	sc.sorted = sorted
	for i, b := range bins {
		sorted[start[b]] = list[i]
		start[b]++
	}
	k = 0
	for b := numBins - 1; b >= 0; b-- {
		if count[b] == 0 {
			continue
		}
		if stop(most[b]) {
			return true
		}
		for _, s := range sorted[k : k+count[b]] {
			consider(s, acc[s])
		}
		k += count[b]
	}
	return false
}

// matchedMask returns a bit per view field in which slot s holds a query
// term; qfield marks the query's term ids with 1 + their field.
func (m *memIndex) matchedMask(s uint32, qfield []uint8) uint8 {
	var mask uint8
	for _, t := range m.slots[s].terms {
		if f := qfield[t]; f != 0 {
			mask |= 1 << (f - 1)
		}
	}
	return mask
}

// maskNames returns the Match names of the bits of mask.
func maskNames(mask uint8) []string {
	var out []string
	for f := range numMem {
		if mask&(1<<f) != 0 {
			out = append(out, matchNames[f])
		}
	}
	return out
}

// A scored is a slot with its score.
type scored struct {
	slot  uint32
	score float32
}

// bySlots returns the order of candidates: higher score first, then lower
// id, as bleve's sort by -_score, _id. Scores are BM25 sums of positive
// terms, never NaN.
func bySlots(slots []slot) func(a, b scored) int {
	return func(a, b scored) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return strings.Compare(slots[a.slot].id, slots[b.slot].id)
	}
}

// bleveCandidates is Candidates as one bleve query.
func (x *Index) bleveCandidates(ctx context.Context, qts []qterm, weights [numMem]float64,
	spec *filter.Spec, exclude []string, n int) ([]Candidate, error) {
	should := make([]query.Query, 0, len(qts))
	for _, qt := range qts {
		tq := query.NewTermQuery(qt.term)
		tq.SetField(bleveFields[qt.field])
		tq.SetBoost(qweight(weights[qt.field], qt.n))
		should = append(should, tq)
	}
	must, mustNot := bleveFilters(spec)
	if len(exclude) > 0 {
		mustNot = append(mustNot, query.NewDocIDQuery(exclude))
	}
	bq := scoredQuery(should, must, mustNot)
	sr := bleve.NewSearchRequestOptions(bq, n, 0, false)
	sr.SortBy([]string{"-_score", "_id"})
	res, err := x.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, translate("candidates", err)
	}
	out := make([]Candidate, len(res.Hits))
	x.mem.mu.RLock()
	defer x.mem.mu.RUnlock()
	matched := x.mem.matcher(qts)
	for i, h := range res.Hits {
		out[i] = Candidate{ID: h.ID, Score: h.Score, Fields: matched(h.ID)}
	}
	return out, nil
}

// matcher returns a function that gives the Match names of the query
// terms held by a live profile; the caller holds m.mu while using it.
func (m *memIndex) matcher(qts []qterm) func(id string) []string {
	qfield := make([]uint8, len(m.post))
	for _, qt := range qts {
		if t, ok := m.lookup(qt.field, qt.term); ok {
			qfield[t] = 1 + uint8(qt.field)
		}
	}
	return func(id string) []string {
		s, ok := m.byID[id]
		if !ok {
			return nil
		}
		return maskNames(m.matchedMask(s, qfield))
	}
}
