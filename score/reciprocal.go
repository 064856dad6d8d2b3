package score

import (
	"context"
	"fmt"
	"math/bits"
	"sync"

	"github.com/clustergo/partnermatch/profile"
)

// Reciprocal rates complementarity: what one side needs, the other offers,
// in both directions, as reciprocal recommenders do (Pizzato et al. 2010,
// "RECON: a reciprocal recommender for online dating"): a pair scores
// high only if both sides gain.
//
// The coverage of q's needs by c is
//
//	cover(q→c) = (1/|needs(q)|) Σ_i max_j cos(need_i(q), offer_j(c))
//
// over unit TF-IDF vectors of the single phrases (c's offers and its
// technology tags are its offers; fitted IDF as in [TFIDF]). cover is
// asymmetric. The score combines both directions with a floored harmonic
// mean, so that a one-sided fit scores little but more than nothing:
//
//	a' = φ + (1-φ) cover(q→c),  b' = φ + (1-φ) cover(c→q)
//	reciprocal = (2a'b'/(a'+b') - φ) / (1-φ)
//
// It is symmetric, in [0, 1], 1 when every need on both sides is met
// exactly, 0 when none is met at all, and rises strictly with either
// coverage. Needs without analysable terms are ignored; a profile without
// needs has coverage 0. Only the first 64 needs and offers (with
// technologies) of a profile are compared.
type Reciprocal struct {
	// Floor is φ. Zero means 0.1; negative means 0 (the plain harmonic
	// mean, which is 0 unless both sides gain). Values >= 1 mean 0.1.
	Floor float64
}

// Name returns "reciprocal".
func (Reciprocal) Name() string { return "reciprocal" }

func (Reciprocal) usesKnown() bool { return false }

func (m Reciprocal) floor() float64 {
	switch {
	case m.Floor < 0:
		return 0
	case m.Floor == 0 || m.Floor >= 1 || !finite(m.Floor):
		return 0.1
	}
	return m.Floor
}

// Fit analyses the corpus text (shared with the other text models) and
// returns a Scorer that is also an [Explainer] and a [BatchScorer].
func (m Reciprocal) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	return memoFit(ctx, c, m, func(ctx context.Context, c *Corpus) (Scorer, error) {
		t, err := c.textIndex(ctx)
		if err != nil {
			return nil, err
		}
		return &reciprocalScorer{t: t, floor: m.floor(), pool: &indexPool{n: len(t.terms)}}, nil
	})
}

type reciprocalScorer struct {
	t     *textIndex
	floor float64
	pool  *indexPool
}

func (s *reciprocalScorer) Name() string { return "reciprocal" }

func (s *reciprocalScorer) String() string {
	return fmt.Sprintf("reciprocal(profiles=%d, floor=%g)", len(s.t.vecs), s.floor)
}

func (s *reciprocalScorer) snapshot() *snapshot { return s.t.snap }

// accPool recycles the needs × offers cosine matrices.
var accPool = sync.Pool{New: func() any { v := make([]float32, maxPhrases*maxPhrases); return &v }}

// A termIndex locates the entries of one fixed list (a query's needs or
// offers) by term, so that a batch compares each candidate with it by
// array look-ups instead of a merge: pos[t] is 1 + the index in list of
// the first entry with term t, or 0.
type termIndex struct {
	pos  []int32
	list []entry
}

// indexPool recycles vocabulary-sized position arrays, all zero.
type indexPool struct {
	n    int
	pool sync.Pool
}

func (p *indexPool) index(list []entry) *termIndex {
	var pos []int32
	if v, ok := p.pool.Get().(*[]int32); ok {
		pos = *v
	} else {
		pos = make([]int32, p.n)
	}
	for k := len(list) - 1; k >= 0; k-- {
		pos[list[k].term] = int32(k + 1)
	}
	return &termIndex{pos: pos, list: list}
}

func (p *indexPool) release(ix *termIndex) {
	for _, e := range ix.list {
		ix.pos[e.term] = 0
	}
	p.pool.Put(&ix.pos)
}

// cover returns the mean over the needs of the best cosine with an offer.
// The cosines accumulate in acc (needs × offers, all zero on entry and on
// return) either by merging the two sorted entry lists or, if the needs
// (nix) or the offers (oix) are indexed, by look-ups; every cell sums its
// terms in increasing order either way, so the results are identical.
// Only the rows of needs that share a term with some offer are scanned.
// If best is not nil, best[i] is set to the index of the best offer of
// need i (-1 when no offer shares a term) and cos[i] to its cosine.
func cover(needs, offers *pvec, nix, oix *termIndex, acc []float32, best []int, cos []float64) float64 {
	for i := range best {
		best[i], cos[i] = -1, 0
	}
	if needs.needDen == 0 || offers.offerDen == 0 {
		return 0
	}
	nj := offers.nOffers
	var hit uint64 // needs with a shared term (maxPhrases = 64)
	switch {
	case nix != nil:
		for _, eb := range offers.offers {
			k := nix.pos[eb.term]
			if k == 0 {
				continue
			}
			for _, ea := range nix.list[k-1:] {
				if ea.term != eb.term {
					break
				}
				acc[int(ea.phrase)*nj+int(eb.phrase)] += ea.w * eb.w
				hit |= 1 << ea.phrase
			}
		}
	case oix != nil:
		for _, ea := range needs.needs {
			k := oix.pos[ea.term]
			if k == 0 {
				continue
			}
			for _, eb := range oix.list[k-1:] {
				if eb.term != ea.term {
					break
				}
				acc[int(ea.phrase)*nj+int(eb.phrase)] += ea.w * eb.w
				hit |= 1 << ea.phrase
			}
		}
	default:
		a, b := needs.needs, offers.offers
		for x, y := 0, 0; x < len(a) && y < len(b); {
			switch ta, tb := a[x].term, b[y].term; {
			case ta < tb:
				x++
			case ta > tb:
				y++
			default:
				xe, ye := x+1, y+1
				for xe < len(a) && a[xe].term == ta {
					xe++
				}
				for ye < len(b) && b[ye].term == ta {
					ye++
				}
				for _, ea := range a[x:xe] {
					row := acc[int(ea.phrase)*nj:]
					for _, eb := range b[y:ye] {
						row[eb.phrase] += ea.w * eb.w
					}
					hit |= 1 << ea.phrase
				}
				x, y = xe, ye
			}
		}
	}
	var sum float64
	for ; hit != 0; hit &= hit - 1 {
		i := bits.TrailingZeros64(hit)
		row := acc[i*nj : (i+1)*nj]
		var m float32
		if best == nil {
			for _, v := range row {
				m = max(m, v)
			}
		} else {
			arg := -1
			for j, v := range row {
				if v > m {
					m, arg = v, j
				}
			}
			best[i], cos[i] = arg, float64(min(m, 1))
		}
		clear(row)
		sum += float64(min(m, 1))
	}
	return sum / float64(needs.needDen)
}

// combine is the floored harmonic mean of the two coverages x and y,
// (2a'b'/(a'+b') - φ)/(1-φ) rewritten so that it is exactly 0 at x = y = 0
// and exactly 1 at x = y = 1:
//
//	(φ(x+y) + 2(1-φ)xy) / (2φ + (1-φ)(x+y))
func (s *reciprocalScorer) combine(x, y float64) float64 {
	f := s.floor
	den := 2*f + (1-f)*(x+y)
	if den == 0 {
		return 0
	}
	return unit((f*(x+y) + 2*(1-f)*x*y) / den)
}

func (s *reciprocalScorer) score(qv, cv *pvec, acc []float32) float64 {
	return s.combine(cover(qv, cv, nil, nil, acc, nil, nil), cover(cv, qv, nil, nil, acc, nil, nil))
}

func (s *reciprocalScorer) Score(q, c *profile.Profile) float64 {
	acc := accPool.Get().(*[]float32)
	defer accPool.Put(acc)
	return s.score(s.t.vectors(q, s.t.snap.row(q)), s.t.vectors(c, s.t.snap.row(c)), *acc)
}

func (s *reciprocalScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	s.scoreRows(s.t.snap.batch(q, cs), out)
}

func (s *reciprocalScorer) scoreRows(b *batch, out []float64) {
	acc := accPool.Get().(*[]float32)
	defer accPool.Put(acc)
	qv := b.query(s.t)
	needs, offers := s.pool.index(qv.needs), s.pool.index(qv.offers)
	defer s.pool.release(needs)
	defer s.pool.release(offers)
	for i := range b.cs {
		cv := b.cand(s.t, i)
		out[i] = s.combine(cover(qv, cv, needs, nil, *acc, nil, nil), cover(cv, qv, nil, offers, *acc, nil, nil))
	}
}

// metCos is the cosine from which the explanation counts a need as met.
const metCos = 0.5

// Explain shows both directions: which need of each side the other side's
// offers meet, and how well.
func (s *reciprocalScorer) Explain(q, c *profile.Profile) *Explanation {
	q, c = orEmpty(q), orEmpty(c)
	qv, cv := s.t.vectors(q, s.t.snap.row(q)), s.t.vectors(c, s.t.snap.row(c))
	acc := accPool.Get().(*[]float32)
	defer accPool.Put(acc)
	side := func(name string, kind string, needer, offerer *profile.Profile, nv, ov *pvec) (*Explanation, float64) {
		best, cos := make([]int, nv.nNeeds), make([]float64, nv.nNeeds)
		v := cover(nv, ov, nil, nil, *acc, best, cos)
		e := &Explanation{Name: name, Value: v}
		met := 0
		for i, j := range best {
			if j < 0 || cos[i] == 0 {
				continue
			}
			if cos[i] >= metCos {
				met++
			}
			ev := Evidence{Kind: kind, Value: cos[i]}
			if kind == EvidenceNeed {
				ev.Query, ev.Candidate = needer.Needs[i], offerPhrase(offerer, j)
			} else {
				ev.Query, ev.Candidate = offerPhrase(offerer, j), needer.Needs[i]
			}
			e.Evidence = append(e.Evidence, ev)
		}
		e.Evidence = topEvidence(e.Evidence, maxPhrases)
		e.Detail = fmt.Sprintf("%d of %d needs met (cosine >= %.1f)", met, nv.needDen, metCos)
		return e, v
	}
	qe, a := side("needs of q met by c", EvidenceNeed, q, c, qv, cv)
	ce, b := side("needs of c met by q", EvidenceOffer, c, q, cv, qv)
	return &Explanation{
		Name:   "reciprocal",
		Value:  s.combine(a, b),
		Detail: fmt.Sprintf("harmonic mean of both coverages (floor %.2f)", s.floor),
		Parts:  []*Explanation{qe, ce},
	}
}
