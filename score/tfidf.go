package score

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// TFIDF is the "similar organisations" baseline: the cosine of the TF-IDF
// vectors of the two profiles' text (name, description, technologies,
// offers, needs), analysed with package terms. It is symmetric and in
// [0, 1]; profiles without text score 0.
//
// Weights are (1 + ln tf) * idf with idf = ln((1+N)/(1+df)) + 1 over the
// N corpus profiles; terms the corpus never saw count in a profile's norm
// but match nothing.
type TFIDF struct{}

// Name returns "tfidf".
func (TFIDF) Name() string { return "tfidf" }

func (TFIDF) usesKnown() bool { return false }

// Fit analyses the corpus text (shared with the other text models) and
// returns a Scorer that is also an [Explainer] and a [BatchScorer].
func (m TFIDF) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	return memoFit(ctx, c, m, func(ctx context.Context, c *Corpus) (Scorer, error) {
		t, err := c.textIndex(ctx)
		if err != nil {
			return nil, err
		}
		return &tfidfScorer{t: t, pool: scatterPool{n: len(t.terms)}}, nil
	})
}

type tfidfScorer struct {
	t    *textIndex
	pool scatterPool
}

func (s *tfidfScorer) Name() string { return "tfidf" }

func (s *tfidfScorer) String() string {
	return fmt.Sprintf("tfidf(profiles=%d, terms=%d)", len(s.t.vecs), len(s.t.terms))
}

func (s *tfidfScorer) snapshot() *snapshot { return s.t.snap }

func (s *tfidfScorer) Score(q, c *profile.Profile) float64 {
	qv := s.t.vectors(q, s.t.snap.row(q))
	cv := s.t.vectors(c, s.t.snap.row(c))
	return unit(dot(qv.doc, cv.doc))
}

func (s *tfidfScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	s.scoreRows(s.t.snap.batch(q, cs), out)
}

// scoreRows scatters the query vector into a dense array once, so that
// each candidate costs one array read per term instead of a merge. The
// products are summed in the same order as dot, so the results equal
// Score exactly.
func (s *tfidfScorer) scoreRows(b *batch, out []float64) {
	qv := b.query(s.t)
	dense := s.pool.get()
	for k, id := range qv.doc.idx {
		dense[id] = qv.doc.val[k]
	}
	for i := range b.cs {
		cv := b.cand(s.t, i)
		var sum float64
		for k, id := range cv.doc.idx {
			sum += float64(dense[id]) * float64(cv.doc.val[k])
		}
		out[i] = unit(sum)
	}
	for _, id := range qv.doc.idx {
		dense[id] = 0
	}
	s.pool.put(dense)
}

// Explain lists the shared terms that contribute most to the cosine.
func (s *tfidfScorer) Explain(q, c *profile.Profile) *Explanation {
	qv := s.t.vectors(q, s.t.snap.row(q))
	cv := s.t.vectors(c, s.t.snap.row(c))
	e := &Explanation{Name: "tfidf", Value: unit(dot(qv.doc, cv.doc)), Detail: "cosine of TF-IDF vectors"}
	a, b := qv.doc, cv.doc
	for i, j := 0, 0; i < len(a.idx) && j < len(b.idx); {
		switch x, y := a.idx[i], b.idx[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			e.Evidence = append(e.Evidence, Evidence{Kind: EvidenceTerm, Query: s.t.terms[x],
				Value: float64(a.val[i]) * float64(b.val[j])})
			i++
			j++
		}
	}
	e.Evidence = topEvidence(e.Evidence, 5)
	return e
}

// topEvidence sorts evidence by decreasing value (ties by text) and keeps
// the first n.
func topEvidence(ev []Evidence, n int) []Evidence {
	slices.SortStableFunc(ev, func(a, b Evidence) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Query, b.Query), cmp.Compare(a.Candidate, b.Candidate))
	})
	return ev[:min(n, len(ev))]
}
