package score

import (
	"fmt"
	"math"
	"sync"

	"github.com/clustergo/partnermatch/profile"
)

// Weighted rates a pair by the weighted mean of its parts' scores,
//
//	Σ w_i s_i / Σ w_i,
//
// with each part's score clamped into [0, 1] (NaN counts as 0). Parts
// whose weight is not positive and finite, or whose Scorer is nil, are
// left out; with none left the score is 0. It is an [Explainer] and a
// [BatchScorer]; it batches its parts and resolves the candidates of a
// batch once for all fitted parts of one corpus.
type Weighted []Part

// A Part is one weighted term of a [Weighted] or [Logistic] model.
type Part struct {
	Scorer Scorer
	Weight float64 // non-negative in a Weighted; any sign in a Logistic
}

func usable(p Part) bool { return p.Scorer != nil && finite(p.Weight) && p.Weight != 0 }

func (w Weighted) total() float64 {
	var t float64
	for _, p := range w {
		if usable(p) && p.Weight > 0 {
			t += p.Weight
		}
	}
	return t
}

func (w Weighted) parts() []Part {
	out := make([]Part, 0, len(w))
	for _, p := range w {
		if usable(p) && p.Weight > 0 {
			out = append(out, p)
		}
	}
	return out
}

// Score returns the weighted mean of the parts' scores.
func (w Weighted) Score(q, c *profile.Profile) float64 {
	var sum, total float64
	for _, p := range w {
		if usable(p) && p.Weight > 0 {
			sum += p.Weight * unit(p.Scorer.Score(q, c))
			total += p.Weight
		}
	}
	if total == 0 {
		return 0
	}
	return unit(sum / total)
}

// ScoreBatch scores the candidates part by part.
func (w Weighted) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	total := w.total()
	if total == 0 {
		clear(out)
		return
	}
	linear(w.parts(), 0, q, cs, out)
	for i, v := range out {
		out[i] = unit(v / total)
	}
}

// Explain explains every part, with its weight.
func (w Weighted) Explain(q, c *profile.Profile) *Explanation {
	e := &Explanation{Name: "weighted"}
	var sum, total float64
	for _, p := range w {
		if !usable(p) || p.Weight <= 0 {
			continue
		}
		pe := Explain(p.Scorer, q, c)
		pe.Weight = p.Weight
		e.Parts = append(e.Parts, pe)
		sum += p.Weight * unit(pe.Value)
		total += p.Weight
	}
	if total > 0 {
		e.Value = unit(sum / total)
	}
	e.Detail = fmt.Sprintf("weighted mean of %d signals", len(e.Parts))
	return e
}

// String prints the parts and weights compactly.
func (w Weighted) String() string {
	s := "weighted["
	for i, p := range w {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%v×%g", p.Scorer, p.Weight)
	}
	return s + "]"
}

// Logistic rates a pair by a logistic regression on its parts' scores:
//
//	σ(Bias + Σ w_i s_i),  σ(z) = 1/(1 + e^-z),
//
// with each s_i clamped into [0, 1] and coefficients w_i of any sign
// (parts with a zero or non-finite coefficient or a nil Scorer are left
// out). Its value is in [0, 1]: the modelled probability that the pair
// forms a partnership, up to the class balance of the training sample.
// [Learned] fits it. It is an [Explainer] and a [BatchScorer].
type Logistic struct {
	Parts []Part
	Bias  float64
}

func (l Logistic) parts() []Part {
	out := make([]Part, 0, len(l.Parts))
	for _, p := range l.Parts {
		if usable(p) {
			out = append(out, p)
		}
	}
	return out
}

func sigmoid(z float64) float64 {
	if math.IsNaN(z) {
		return 0
	}
	return unit(1 / (1 + math.Exp(-z)))
}

// Score returns σ(Bias + Σ w_i s_i).
func (l Logistic) Score(q, c *profile.Profile) float64 {
	z := l.Bias
	for _, p := range l.Parts {
		if usable(p) {
			z += p.Weight * unit(p.Scorer.Score(q, c))
		}
	}
	return sigmoid(z)
}

// ScoreBatch scores the candidates part by part.
func (l Logistic) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	linear(l.parts(), l.Bias, q, cs, out)
	for i, z := range out {
		out[i] = sigmoid(z)
	}
}

// Explain explains every part, with its coefficient.
func (l Logistic) Explain(q, c *profile.Profile) *Explanation {
	e := &Explanation{Name: "logistic", Detail: fmt.Sprintf("σ(%.3f + Σ coefficient × signal)", l.Bias)}
	z := l.Bias
	for _, p := range l.Parts {
		if !usable(p) {
			continue
		}
		pe := Explain(p.Scorer, q, c)
		pe.Weight = p.Weight
		e.Parts = append(e.Parts, pe)
		z += p.Weight * unit(pe.Value)
	}
	e.Value = sigmoid(z)
	return e
}

// String prints the coefficients compactly.
func (l Logistic) String() string {
	s := fmt.Sprintf("logistic[bias %.4g", l.Bias)
	for _, p := range l.Parts {
		s += fmt.Sprintf(" %v×%.4g", p.Scorer, p.Weight)
	}
	return s + "]"
}

var bufPool = sync.Pool{New: func() any { return new([]float64) }}

// linear sets out[i] = start + Σ w_k unit(s_k(q, cs[i])), adding the parts
// in order, exactly as Score does. Fitted parts of one corpus share the
// resolution of the candidates to corpus rows.
func linear(parts []Part, start float64, q *profile.Profile, cs []*profile.Profile, out []float64) {
	for i := range out {
		out[i] = start
	}
	bp := bufPool.Get().(*[]float64)
	defer bufPool.Put(bp)
	if cap(*bp) < len(cs) {
		*bp = make([]float64, len(cs))
	}
	tmp := (*bp)[:len(cs)]
	type resolved struct {
		snap *snapshot
		b    *batch
	}
	var cache []resolved
	for _, p := range parts {
		switch s := p.Scorer.(type) {
		case rowScorer:
			snap := s.snapshot()
			k := -1
			for i := range cache {
				if cache[i].snap == snap {
					k = i
				}
			}
			if k < 0 {
				cache = append(cache, resolved{snap, snap.batch(q, cs)})
				k = len(cache) - 1
			}
			s.scoreRows(cache[k].b, tmp)
		case BatchScorer:
			s.ScoreBatch(q, cs, tmp)
		default:
			for i, c := range cs {
				tmp[i] = s.Score(q, c)
			}
		}
		for i, v := range tmp {
			out[i] += p.Weight * unit(v)
		}
	}
}
