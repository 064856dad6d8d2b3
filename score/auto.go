package score

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// Auto is the default model: a combination of signals fitted to the
// corpus it ranks, so that no fixed set of weights, tuned on one kind of
// data, decides the order on another.
//
// Fit first measures each part's spread: it scores a seeded sample of
// pairs (Sample asking profiles against Sample candidates each, drawn
// uniformly) and takes, per part, the mean over the askers of the
// standard deviation of the part's scores across their candidates. A part
// whose spread is zero (a field nobody filled, a signal constant over
// candidates) gets no weight.
//
// Text parts (tfidf, lsa, reciprocal) score a pair that writes in two
// languages lower than a pair that writes in one, as only the words the
// concept layer translates can meet. Fit measures each text part's spread
// within one language and across two (each profile's lists read as its
// own language or as English, see concept.Pivot) and, where the corpus
// writes in more than one, multiplies the part's cross-language scores by
// the ratio (at most 4), shown in the String as "×f across languages". A
// corpus written in one language is left as it is.
//
// Then, when Corpus.Known holds at least 20 pairs of co-members, the
// weights are learned from them, as [Learned] learns them (a logistic
// regression with cross-fitting and uniform negatives, on features
// divided by their spread, so that the ridge treats sparse and dense
// signals alike), and then refined for NDCG@10 by coordinate ascent over
// rankings of held-out co-members among their likeliest rivals (past
// partners, partners of partners, a sample of the rest), a step kept only
// where it gains on queries it was not fitted on (see the package
// documentation). Otherwise the remaining parts are combined with their
// Prior weights: the result is a [Weighted].
//
// Either way the fitted weights are visible in the Scorer's String.
// Learning from the past partnerships that profiles list (with the
// history signal rebuilt without them) is not done: on validation data it
// lowered NDCG@10 on two of three corpora with history, because profiles'
// text and tags describe the partnerships they took part in, and past
// partnerships need not form the way the next ones do (benchmarks/RESULTS.md).
type Auto struct {
	// Prior lists the parts and their weights without known
	// partnerships. Nil means [DefaultAutoPrior].
	Prior Hybrid
	// LearnedOnly lists parts that join the combination only where known
	// partnerships give them a weight: signals whose use depends on the
	// corpus, so that no prior weight fits, such as [Activity] and
	// [Affinity]. Nil means none: on the validation split neither of
	// those gained NDCG@10 on any corpus, and with a few dozen known
	// partnerships each extra part costs a little (benchmarks/RESULTS.md).
	LearnedOnly []Model
	// Sample is the number of sampled askers, and of candidates per
	// asker, of the spreads. Zero or negative means 200.
	Sample int
}

// defaultSample is Auto.Sample's default.
const defaultSample = 200

// DefaultAutoPrior returns the parts of Auto and their weights where no
// known partnerships teach others:
//
//	tfidf, lsa   1  partners share a theme: the same words, the same topic
//	reciprocal   1  what each needs, the other offers
//	sector       1  value-chain neighbours (MeasuredSectorPrior)
//	market       1  shared third markets
//	geo          1  cross-border
//	history      2  past partners and partners of partners
//
// Equal weights assume least about the corpus; history counts twice, as a
// shared past partnership is the most direct evidence there is. On the
// validation split this beat the fixed hybrid on both worlds of the
// second family and on Horizon 2020 and lost on the home world, and it
// beat the same weights divided by each part's spread, which let sparse
// signals (markets, history) swamp the rest everywhere but on Horizon
// 2020 (benchmarks.Choices).
func DefaultAutoPrior() Hybrid {
	return Hybrid{
		{Model: TFIDF{}, Weight: 1},
		{Model: LSA{}, Weight: 1},
		{Model: Reciprocal{}, Weight: 1},
		{Model: Sector{}, Weight: 1},
		{Model: Market{}, Weight: 1},
		{Model: Geo{}, Weight: 1},
		{Model: History{}, Weight: 2},
	}
}

// Name returns "auto".
func (Auto) Name() string { return "auto" }

func (a Auto) prior() Hybrid {
	if len(a.Prior) == 0 {
		return DefaultAutoPrior()
	}
	return a.Prior
}

func (Auto) usesKnown() bool { return true }

// Fit fits every part on c and weighs them; see [Auto].
func (a Auto) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	n := positive(a.Sample, defaultSample)
	v, err := fitVarying(ctx, c, a.prior(), n, "auto")
	if err != nil {
		return nil, err
	}
	all := v
	if len(c.Known) > 0 && len(a.LearnedOnly) > 0 {
		var extra Hybrid
		for _, m := range a.LearnedOnly {
			extra = append(extra, ModelPart{Model: m, Weight: 1})
		}
		x, err := fitVarying(ctx, c, extra, n, "auto")
		if err != nil {
			return nil, err
		}
		all = varying{
			models: append(slices.Clip(v.models), x.models...),
			parts:  append(slices.Clip(v.parts), x.parts...),
			spread: append(slices.Clip(v.spread), x.spread...),
		}
	}
	if len(all.parts) == 0 {
		return Weighted(nil), nil
	}
	l, ok, err := learnWeights(ctx, c, all.models, all.parts, all.spread, learnConfig{negatives: 4, l2: 1e-3, maxPairs: 20000, minPairs: autoMinPairs, listwise: true})
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return Weighted(v.parts), nil
	}
	return l, nil
}

// The parts of a combination that vary over the corpus: the fitted parts
// (with their prior weights), the models they came from and their spreads.
type varying struct {
	models []Model
	parts  []Part
	spread []float64
}

// fitVarying fits every model of prior with a positive, finite weight on
// c, measures the parts' spreads over n sampled askers and keeps those
// that vary. who names the model in errors.
func fitVarying(ctx context.Context, c *Corpus, prior Hybrid, n int, who string) (varying, error) {
	var all varying
	for _, p := range prior {
		if p.Model == nil {
			return varying{}, fmt.Errorf("score: %s: nil model", who)
		}
		if !finite(p.Weight) || p.Weight <= 0 {
			continue
		}
		s, err := p.Model.Fit(ctx, c)
		if err != nil {
			return varying{}, err
		}
		all.models = append(all.models, p.Model)
		all.parts = append(all.parts, Part{Scorer: s, Weight: p.Weight})
	}
	// Like learned weights, spreads are kept with the fit (recall).
	key := fmt.Sprintf("spreads %d %#v", n, all.models)
	spread, ok := c.recall(key)
	if !ok || len(spread) != len(all.parts) {
		var err error
		if spread, err = spreads(ctx, c, all.parts, n); err != nil {
			return varying{}, err
		}
		c.record(key, spread)
	}
	fkey := fmt.Sprintf("cross factors %d %#v", n, all.models)
	factors, ok := c.recall(fkey)
	if !ok || len(factors) != len(all.parts) {
		var err error
		if factors, err = crossFactors(ctx, c, all.models, all.parts, n); err != nil {
			return varying{}, err
		}
		c.record(fkey, factors)
	}
	for k, f := range factors {
		if f > 1 {
			langs, err := c.textLanguages(ctx) // memoised on the corpus
			if err != nil {
				return varying{}, err
			}
			all.parts[k].Scorer = newCrossScaled(all.parts[k].Scorer, f, c, langs)
		}
	}
	var v varying
	for k, p := range all.parts {
		if spread[k] > minSpread {
			v.models = append(v.models, all.models[k])
			v.parts = append(v.parts, p)
			v.spread = append(v.spread, spread[k])
		}
	}
	return v, nil
}

// minSpread is the spread below which a part counts as constant: scores
// are float32-rounded in places, so anything below 1e-6 is noise.
const minSpread = 1e-6

// spreads returns, for each part, the mean over n sampled asking rows of
// the standard deviation of the part's scores across n sampled candidate
// rows (the asker itself left out).
func spreads(ctx context.Context, c *Corpus, parts []Part, n int) ([]float64, error) {
	out := make([]float64, len(parts))
	rows := len(c.Profiles)
	if rows < 3 || len(parts) == 0 {
		return out, nil
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x5ca1e))
	nq := min(n, rows)
	cs := make([]*profile.Profile, 0, n)
	batch := make([]float64, n)
	for _, qi := range rng.Perm(rows)[:nq] {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cs = cs[:0]
		for len(cs) < n {
			if ci := rng.IntN(rows); ci != qi {
				cs = append(cs, orEmpty(c.Profiles[ci]))
			}
		}
		q := orEmpty(c.Profiles[qi])
		for k, p := range parts {
			Batch(p.Scorer, q, cs, batch)
			out[k] += stddev(batch)
		}
	}
	for k := range out {
		out[k] /= float64(nq)
	}
	return out, nil
}

// stddev returns the population standard deviation of xs, each clamped
// into [0, 1] as combinations clamp them.
func stddev(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var mean float64
	for _, x := range xs {
		mean += unit(x)
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		d := unit(x) - mean
		ss += d * d
	}
	return math.Sqrt(ss / float64(len(xs)))
}
