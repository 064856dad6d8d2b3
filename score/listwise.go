package score

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// The listwise step of learnWeights: the logistic fit weighs every
// negative alike, yet a ranking is decided at its top, among the few
// candidates that look most like partners. A corpus where one sparse
// signal (a shared past) marks most partners and a dense one (shared
// programme topics) marks thousands of strangers as well needs the
// sparse one far ahead; the log loss, satisfied once each is on the right
// side of the bias, does not say so. This step moves the weights, one at
// a time, to where NDCG@10 over held-out known partnerships is highest
// (coordinate ascent, Metzler and Croft 2007, "Linear feature-based
// models for information retrieval"), and keeps the move only where it
// also gains on queries it was not fitted on.

// listwiseConfig holds the parameters of the listwise step.
type listwiseConfig struct {
	queries int // asking profiles at most
	sample  int // uniform candidates per query, standing for the rest of the corpus
	graph   int // past partners and partners of partners per query at most
	rounds  int // passes over the coordinates at most
	least   int // fewer queries: no step
}

// The step's defaults. Below 100 queries the held-out halves are too
// small to tell a gain from noise: on worlds of 400 profiles with a few
// dozen known partnerships the step lowered NDCG@10 (TestQuality's).
var defaultListwise = listwiseConfig{queries: 400, sample: 300, graph: 300, rounds: 4, least: 100}

// A lwQuery is one asking profile's candidates: features by row, whether
// each is relevant, and how many corpus profiles each stands for.
type lwQuery struct {
	x      []float64 // len(rel) rows of d features
	rel    []bool
	weight []float64
	ideal  float64 // DCG@10 of the perfect order
}

// rankCut is the cut-off the step optimises, NDCG@k's k.
const rankCut = 10

// lwQueries builds the step's queries: askers drawn from the members of
// known partnerships, each with its co-members in the fold (relevant), its
// past partners and partners of partners from the collaboration graph
// (the candidates most like partners, counted once each), and a uniform
// sample of the rest, each standing for its share of the corpus, so that
// a relevant candidate's rank estimates its rank among all profiles.
// Features come from parts fitted without the asker's fold (byFold).
func lwQueries(ctx context.Context, c *Corpus, byFold [2][]Scorer, spread []float64, graph *historyScorer,
	memberOf [2]map[int32][]int32, hidden [2]map[[2]int32]bool, rng *rand.Rand, cfg listwiseConfig) ([]lwQuery, error) {
	type asker struct {
		q    int32
		fold int
	}
	var askers []asker
	for f := range 2 {
		for q := range memberOf[f] {
			askers = append(askers, asker{q, f})
		}
	}
	// Map order is random: sort before the seeded shuffle.
	slices.SortFunc(askers, func(a, b asker) int {
		if a.fold != b.fold {
			return a.fold - b.fold
		}
		return int(a.q) - int(b.q)
	})
	rng.Shuffle(len(askers), func(i, j int) { askers[i], askers[j] = askers[j], askers[i] })
	if len(askers) > cfg.queries {
		askers = askers[:cfg.queries]
	}
	n := len(c.Profiles)
	d := len(spread)
	known := func(q, r int32) bool {
		key := [2]int32{min(q, r), max(q, r)}
		return hidden[0][key] || hidden[1][key]
	}
	out := make([]lwQuery, 0, len(askers))
	col := make([]float64, 0, cfg.sample+cfg.graph+16)
	for _, a := range askers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rel := memberOf[a.fold][a.q]
		taken := map[int32]bool{a.q: true}
		rows := slices.Clone(rel)
		for _, r := range rel {
			taken[r] = true
		}
		lq := lwQuery{}
		for range rel {
			lq.rel = append(lq.rel, true)
			lq.weight = append(lq.weight, 1)
		}
		// Past partners first, then partners of partners, up to cfg.graph.
		if graph != nil {
			explicit := 0
			add := func(r int32) {
				if explicit < cfg.graph && !taken[r] && !known(a.q, r) {
					taken[r] = true
					rows = append(rows, r)
					lq.rel = append(lq.rel, false)
					lq.weight = append(lq.weight, 1)
					explicit++
				}
			}
			first := graph.nbr.at(a.q)
			for _, r := range first {
				add(r)
			}
			for _, z := range first {
				for _, r := range graph.nbr.at(z) {
					add(r)
				}
			}
		}
		// The rest of the corpus: all of it where it is small, else a
		// uniform sample with replacement.
		switch rest := n - len(taken); {
		case rest <= 2*cfg.sample:
			for r := range int32(n) {
				if !taken[r] && !known(a.q, r) {
					rows = append(rows, r)
					lq.rel = append(lq.rel, false)
					lq.weight = append(lq.weight, 1)
				}
			}
		case rest > 0:
			each := float64(rest) / float64(cfg.sample)
			for try, got := 0, 0; got < cfg.sample && try < 4*cfg.sample; try++ {
				r := int32(rng.IntN(n))
				if taken[r] || known(a.q, r) {
					continue
				}
				rows = append(rows, r)
				lq.rel = append(lq.rel, false)
				lq.weight = append(lq.weight, each)
				got++
			}
		}
		cs := make([]*profile.Profile, len(rows))
		for i, r := range rows {
			cs[i] = orEmpty(c.Profiles[r])
		}
		lq.x = make([]float64, len(rows)*d)
		col = slices.Grow(col[:0], len(cs))[:len(cs)]
		for k, s := range byFold[a.fold] {
			Batch(s, orEmpty(c.Profiles[a.q]), cs, col)
			for i := range cs {
				lq.x[i*d+k] = unit(col[i]) / spread[k]
			}
		}
		for i := range min(len(rel), rankCut) {
			lq.ideal += 1 / math.Log2(float64(i+2))
		}
		out = append(out, lq)
	}
	return out, nil
}

// ndcg returns the mean NDCG@10 of the queries qs under the coefficients
// w, each relevant candidate's rank estimated as one plus the weight of
// the candidates scoring above it (ties count half).
func ndcg(qs []lwQuery, w []float64, buf []float64) float64 {
	if len(qs) == 0 {
		return 0
	}
	d := len(w)
	var sum float64
	for _, q := range qs {
		m := len(q.rel)
		s := slices.Grow(buf[:0], m)[:m]
		for i := range m {
			row := q.x[i*d : (i+1)*d]
			var z float64
			for k, v := range row {
				z += w[k] * v
			}
			s[i] = z
		}
		var dcg float64
		for i, ok := range q.rel {
			if !ok {
				continue
			}
			above := 0.0
			for j, z := range s {
				if j == i {
					continue
				}
				switch {
				case z > s[i]:
					above += q.weight[j]
				case z == s[i]:
					above += q.weight[j] / 2
				}
				if above >= rankCut {
					break
				}
			}
			if rank := 1 + above; rank <= rankCut {
				dcg += 1 / math.Log2(1+rank)
			}
		}
		sum += dcg / q.ideal
		buf = s
	}
	return sum / float64(len(qs))
}

// ascend returns the coefficients that coordinate ascent finds for the
// mean NDCG@10 of qs, from w0 and from the best single part, whichever
// ends higher. Each pass tries, for each coefficient in turn, zero, half
// and twice its value, and values of either sign from a thousandth of the
// largest coefficient to all of it, half a decade apart, and keeps the
// best if it gains. Coefficients marked in nonneg stay at zero or above.
func ascend(ctx context.Context, qs []lwQuery, w0 []float64, nonneg []bool, rounds int) ([]float64, error) {
	starts := [][]float64{w0}
	if k, _ := bestSingle(qs, len(w0)); k >= 0 {
		e := make([]float64, len(w0))
		e[k] = 1
		starts = append(starts, e)
	}
	var out []float64
	best := math.Inf(-1)
	for _, w := range starts {
		w, got, err := ascendFrom(ctx, qs, w, nonneg, rounds)
		if err != nil {
			return nil, err
		}
		if got > best+1e-9 {
			out, best = w, got
		}
	}
	return out, nil
}

// bestSingle returns the part that ranks qs best alone, and its NDCG@10;
// -1 if none scores above zero.
func bestSingle(qs []lwQuery, d int) (int, float64) {
	at, best := -1, 0.0
	e := make([]float64, d)
	for k := range d {
		clear(e)
		e[k] = 1
		if got := ndcg(qs, e, nil); got > best {
			at, best = k, got
		}
	}
	return at, best
}

func ascendFrom(ctx context.Context, qs []lwQuery, w0 []float64, nonneg []bool, rounds int) ([]float64, float64, error) {
	w := slices.Clone(w0)
	var buf []float64
	best := ndcg(qs, w, buf)
	for range rounds {
		moved := false
		var scale float64
		for _, v := range w {
			scale = max(scale, math.Abs(v))
		}
		if scale == 0 {
			scale = 1
		}
		for k := range w {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
			old := w[k]
			bestV := old
			try := func(v float64) {
				if (nonneg[k] && v < 0) || v == old || !finite(v) {
					return
				}
				w[k] = v
				if got := ndcg(qs, w, buf); got > best+1e-9 {
					best, bestV = got, v
				}
				w[k] = old
			}
			try(0)
			try(old / 2)
			try(old * 2)
			for j := -6; j <= 0; j++ {
				v := scale * math.Pow(10, float64(j)/2)
				try(v)
				try(-v)
			}
			if bestV != old {
				w[k] = bestV
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return w, best, nil
}

// refine runs the listwise step on qs, if there are at least least
// of them, from the logistic coefficients w0
// (standardised, without the bias): coordinate ascent on each half of
// the queries is scored on the other half, and only if that gains on
// both halves together is the ascent run on all of them and its result
// returned, rescaled to w0's norm so that the logistic's probabilities
// keep their range. Otherwise w0 is returned.
func refine(ctx context.Context, qs []lwQuery, w0 []float64, nonneg []bool, rounds, least int) ([]float64, error) {
	if len(qs) < max(4, least) {
		return w0, nil
	}
	half := len(qs) / 2
	a, b := qs[:half], qs[half:]
	var gain float64
	for _, split := range [2][2][]lwQuery{{a, b}, {b, a}} {
		w, err := ascend(ctx, split[0], w0, nonneg, rounds)
		if err != nil {
			return nil, err
		}
		gain += ndcg(split[1], w, nil) - ndcg(split[1], w0, nil)
	}
	if gain <= 0 {
		return w0, nil
	}
	w, err := ascend(ctx, qs, w0, nonneg, rounds)
	if err != nil {
		return nil, err
	}
	var n0, n1 float64
	for k := range w {
		n0 += w0[k] * w0[k]
		n1 += w[k] * w[k]
	}
	if n1 > 0 {
		f := math.Sqrt(n0 / n1)
		for k := range w {
			w[k] *= f
		}
	}
	return w, nil
}
