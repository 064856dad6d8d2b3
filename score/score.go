package score

import (
	"fmt"
	"math"

	"github.com/clustergo/partnermatch/profile"
)

// A Scorer rates how well candidate c suits query q as a partner.
//
// Score returns a finite value in [0, 1]; higher is better. It must be
// deterministic and safe for concurrent use, and it must accept empty
// profiles (and nil, which counts as empty) without panicking.
type Scorer interface {
	Score(q, c *profile.Profile) float64
}

// An Explainer is a Scorer that can justify a rating.
// Explain(q, c).Value must equal Score(q, c).
type Explainer interface {
	Scorer
	Explain(q, c *profile.Profile) *Explanation
}

// A BatchScorer is a Scorer that rates many candidates for one query
// faster than one Score call per candidate, by preparing the query once.
//
// ScoreBatch sets out[i] to Score(q, cs[i]), exactly; it panics if
// len(out) != len(cs). Use [Batch] to score a list with any Scorer.
type BatchScorer interface {
	Scorer
	ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64)
}

// A FallbackScorer is a fitted Scorer that stands in for the one its
// model would have fitted, because the corpus lacks what the model learns
// from: [Learned] without a known partnership between two profiles of
// the corpus. Fallback returns the name of the model whose scorer answers
// in its place ("hybrid", the weights of [DefaultHybrid]), so that a
// caller can say so; a fit that learned has no Fallback method.
type FallbackScorer interface {
	Scorer
	Fallback() string
}

// Func adapts an ordinary function to the Scorer interface. The function
// must honour the Scorer contract.
type Func func(q, c *profile.Profile) float64

// Score returns f(q, c).
func (f Func) Score(q, c *profile.Profile) float64 { return f(q, c) }

// Batch sets out[i] to s.Score(q, cs[i]) for every candidate, using
// ScoreBatch when s is a [BatchScorer]. It panics if len(out) != len(cs).
func Batch(s Scorer, q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	if b, ok := s.(BatchScorer); ok {
		b.ScoreBatch(q, cs, out)
		return
	}
	for i, c := range cs {
		out[i] = s.Score(q, c)
	}
}

// Explain returns s's explanation of the rating of c for q. For a Scorer
// that is not an [Explainer] it returns the bare value, named after the
// scorer's Name method if it has one and its type otherwise.
func Explain(s Scorer, q, c *profile.Profile) *Explanation {
	if e, ok := s.(Explainer); ok {
		return e.Explain(q, c)
	}
	return &Explanation{Name: nameOf(s), Value: s.Score(q, c)}
}

// nameOf names a scorer for explanations.
func nameOf(s Scorer) string {
	if n, ok := s.(interface{ Name() string }); ok {
		return n.Name()
	}
	return fmt.Sprintf("%T", s)
}

func checkBatch(cs []*profile.Profile, out []float64) {
	if len(out) != len(cs) {
		panic(fmt.Sprintf("score: batch of %d candidates with %d outputs", len(cs), len(out)))
	}
}

// empty stands in for nil profiles.
var empty profile.Profile

func orEmpty(p *profile.Profile) *profile.Profile {
	if p == nil {
		return &empty
	}
	return p
}

// unit clamps v into [0, 1], mapping NaN to 0.
func unit(v float64) float64 {
	switch {
	case v > 0 && v <= 1:
		return v
	case v > 1:
		return 1
	default: // negative, zero or NaN
		return 0
	}
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
