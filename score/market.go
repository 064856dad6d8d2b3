package score

import (
	"context"
	"fmt"
	"math"

	"github.com/clustergo/partnermatch/profile"
)

// Market rates shared target markets, normalised for list length (the
// Ochiai coefficient, the cosine of the two sets):
//
//	market = |M(q) ∩ M(c)| / sqrt(|M(q)| |M(c)|)
//
// It is symmetric and in [0, 1]; a profile without target markets scores
// 0. Codes are ISO 3166-1 alpha-2 or the EU's own (EL, UK); unknown codes
// and duplicates are ignored. Market needs no fitting: the zero value is
// ready to use, as a Scorer and as a Model.
type Market struct{}

// Name returns "market".
func (Market) Name() string { return "market" }

// Fit returns a Market that batches faster over the corpus profiles, from
// their target markets read once at fit time.
func (m Market) Fit(_ context.Context, c *Corpus) (Scorer, error) {
	return &marketScorer{snap: c.snapshot()}, nil
}

func (Market) usesKnown() bool { return false }

func ochiai(a, b *countrySet) float64 { return ochiaiCounts(a.and(b), a.count(), b.count()) }

// ochiaiCounts is the Ochiai coefficient of sets of sizes na and nb that
// share shared elements.
func ochiaiCounts(shared, na, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	return unit(float64(shared) / math.Sqrt(float64(na*nb)))
}

// Score returns the Ochiai coefficient of the target markets.
func (Market) Score(q, c *profile.Profile) float64 {
	a, b := countries(orEmpty(q).TargetMarkets), countries(orEmpty(c).TargetMarkets)
	return ochiai(&a, &b)
}

// ScoreBatch reads q's markets once.
func (Market) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	a := countries(orEmpty(q).TargetMarkets)
	for i, c := range cs {
		cm := countries(orEmpty(c).TargetMarkets)
		out[i] = ochiai(&a, &cm)
	}
}

// Explain lists the shared markets.
func (m Market) Explain(q, c *profile.Profile) *Explanation {
	a, b := countries(orEmpty(q).TargetMarkets), countries(orEmpty(c).TargetMarkets)
	e := &Explanation{Name: "market", Value: ochiai(&a, &b)}
	shared := 0
	for i := range numCodes {
		if a.has(i) && b.has(i) {
			shared++
			e.Evidence = append(e.Evidence, Evidence{Kind: EvidenceMarket, Query: codeOf(i), Value: 1})
		}
	}
	e.Detail = fmt.Sprintf("shares %d of %d and %d target markets", shared, a.count(), b.count())
	return e
}

// String returns "market".
func (Market) String() string { return "market" }

// A marketScorer is a fitted Market: it reads the markets of corpus
// profiles from the snapshot in batches.
type marketScorer struct {
	Market
	snap *snapshot
}

func (s *marketScorer) snapshot() *snapshot { return s.snap }

func (s *marketScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	s.scoreRows(s.snap.batch(q, cs), out)
}

func (s *marketScorer) scoreRows(b *batch, out []float64) {
	a := countries(orEmpty(b.q).TargetMarkets)
	na := a.count()
	for i, c := range b.cs {
		if r := b.rows[i]; r >= 0 {
			ms := s.snap.codes[r].markets
			out[i] = ochiaiCounts(a.hits(ms), na, len(ms))
			continue
		}
		b := countries(orEmpty(c).TargetMarkets)
		out[i] = ochiai(&a, &b)
	}
}
