package score

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
)

// learnConfig holds the parameters of learnWeights.
type learnConfig struct {
	negatives int     // uniform negatives per positive pair
	l2        float64 // ridge on the standardised coefficients
	maxPairs  int     // positive pairs sampled at most
	minPairs  int     // fewer positive pairs: no fit (ok false)
	listwise  bool    // refine the coefficients for NDCG@10 (listwise.go)
}

// autoMinPairs is the number of positive pairs below which Auto finds
// Known too thin to fit a combination on, and keeps its prior.
const autoMinPairs = 20

// candidatesPerQuery bounds the uniform candidates drawn for one asking
// profile, from which its negatives come.
const candidatesPerQuery = 100

// learnWeights fits a logistic combination of parts to c.Known, the
// mechanism of [Learned] and of [Auto] where Known has evidence. models[k]
// is the model parts[k] was fitted from, spread[k] the part's spread (see
// [Auto]); parts with a zero spread must be left out by the caller.
//
//   - Positives are the pairs of members of a Known partnership that are
//     both in the corpus, each asked by one member at random; the pairs
//     are dealt into two folds by partnership.
//   - Negatives are uniform profiles that are no co-member of the asker in
//     the same fold.
//   - A pair's features come from parts that never saw its partnership:
//     parts that learn from Known (sector) are fitted on the other fold's
//     partnerships.
//   - Features are divided by their spread, so that the ridge treats a
//     sparse signal (history) and a dense one (text) alike; the
//     coefficients of parts that can only mark partners (reciprocal,
//     market, sector, history) are kept at zero or above.
//
// It returns ok false when Known has fewer than cfg.minPairs pairs (or
// none).
func learnWeights(ctx context.Context, c *Corpus, models []Model, parts []Part, spread []float64, cfg learnConfig) (out Logistic, ok bool, err error) {
	d := len(parts)
	// The models' Go syntax names the step: plain values print the same
	// in every process, so that a fit read back (Corpus.ReadFit) finds
	// the weights; a model holding pointers misses and learns again.
	key := fmt.Sprintf("learn %#v %+v", models, cfg)
	if w, ok := c.recall(key); ok && len(w) == d+1 {
		return logistic(parts, spread, w), true, nil
	}
	work.learnings.Add(1)
	snap := c.snapshot()
	rng := rand.New(rand.NewPCG(c.Seed, 0x1ea_4ed))
	n := len(c.Profiles)

	type pair struct {
		q, c int32
		fold int
	}
	folds := rng.Perm(len(c.Known))
	hidden := [2]map[[2]int32]bool{{}, {}}   // co-members, per fold
	memberOf := [2]map[int32][]int32{{}, {}} // row -> its co-members, per fold
	seen := map[[2]int32]bool{}
	var pos []pair
	var foldKnown [2][]profile.Partnership
	for k, kp := range c.Known {
		f := folds[k] % 2
		foldKnown[f] = append(foldKnown[f], kp)
		var rows []int32
		for _, id := range kp.Members {
			if r, ok := snap.rows[id]; ok && !slices.Contains(rows, r) {
				rows = append(rows, r)
			}
		}
		for i, a := range rows {
			for _, b := range rows[i+1:] {
				key := [2]int32{min(a, b), max(a, b)}
				if !hidden[f][key] {
					memberOf[f][a] = append(memberOf[f][a], b)
					memberOf[f][b] = append(memberOf[f][b], a)
				}
				hidden[f][key] = true
				if seen[key] {
					continue
				}
				seen[key] = true
				if rng.IntN(2) == 0 {
					a, b = b, a
				}
				pos = append(pos, pair{q: a, c: b, fold: f})
			}
		}
	}
	if len(pos) == 0 || len(pos) < cfg.minPairs {
		return Logistic{}, false, nil
	}
	if len(pos) > cfg.maxPairs {
		rng.Shuffle(len(pos), func(i, j int) { pos[i], pos[j] = pos[j], pos[i] })
		pos = pos[:cfg.maxPairs]
	}
	// By fold, then asker, so that an asker's candidates are drawn once.
	slices.SortStableFunc(pos, func(x, y pair) int {
		if x.fold != y.fold {
			return x.fold - y.fold
		}
		return int(x.q) - int(y.q)
	})

	// Parts per fold: those that learn from Known see the other fold only.
	byFold := [2][]Scorer{}
	for f := range 2 {
		for k, m := range models {
			s := parts[k].Scorer
			if usesKnown(m) && len(foldKnown[0]) > 0 && len(foldKnown[1]) > 0 {
				if s, err = m.Fit(ctx, c.withKnown(foldKnown[1-f])); err != nil {
					return Logistic{}, false, err
				}
			}
			byFold[f] = append(byFold[f], s)
		}
	}

	// d features: one per part
	var xs, ys []float64
	var col []float64
	for lo := 0; lo < len(pos); {
		if err := ctx.Err(); err != nil {
			return Logistic{}, false, err
		}
		hi := lo
		for hi < len(pos) && pos[hi].q == pos[lo].q && pos[hi].fold == pos[lo].fold {
			hi++
		}
		group := pos[lo:hi]
		lo = hi
		q, f := group[0].q, group[0].fold
		want := min(candidatesPerQuery, len(group)*cfg.negatives)
		cs := make([]*profile.Profile, 0, want+len(group))
		for try := 0; len(cs) < want && try < 4*want; try++ {
			r := int32(rng.IntN(n))
			if r != q && !hidden[f][[2]int32{min(q, r), max(q, r)}] {
				cs = append(cs, orEmpty(c.Profiles[r]))
			}
		}
		negs := len(cs)
		for _, p := range group {
			cs = append(cs, orEmpty(c.Profiles[p.c]))
		}
		rows := make([][]float64, len(cs))
		for i := range rows {
			rows[i] = make([]float64, d)
		}
		col = slices.Grow(col[:0], len(cs))[:len(cs)]
		for k, s := range byFold[f] {
			Batch(s, orEmpty(c.Profiles[q]), cs, col)
			for i := range cs {
				rows[i][k] = unit(col[i]) / spread[k]
			}
		}
		next := 0 // the asker's negatives, shared round robin by its positives
		for j := range group {
			xs = append(xs, rows[negs+j]...)
			ys = append(ys, 1)
			for range cfg.negatives {
				if negs == 0 {
					break
				}
				xs = append(xs, rows[next%negs]...)
				ys = append(ys, 0)
				next++
			}
		}
	}
	nonneg := make([]bool, d)
	for k, m := range models {
		nonneg[k] = nonNegative(m)
	}
	w, err := signedLogistic(xs, ys, d, cfg.l2, nonneg)
	if err != nil {
		return Logistic{}, false, err
	}
	if cfg.listwise {
		var graph *historyScorer
		for _, p := range parts {
			if h, ok := p.Scorer.(*historyScorer); ok {
				graph = h
			}
		}
		qs, err := lwQueries(ctx, c, byFold, spread, graph, memberOf, hidden, rng, defaultListwise)
		if err != nil {
			return Logistic{}, false, err
		}
		lw, err := refine(ctx, qs, w[:d], nonneg, defaultListwise.rounds, defaultListwise.least)
		if err != nil {
			return Logistic{}, false, err
		}
		copy(w, lw)
	}
	c.record(key, w)
	return logistic(parts, spread, w), true, nil
}

// logistic returns the combination of parts with the coefficients w of
// the features divided by spread, and the bias last.
func logistic(parts []Part, spread, w []float64) Logistic {
	out := Logistic{Bias: w[len(parts)]}
	for k, p := range parts {
		out.Parts = append(out.Parts, Part{Scorer: p.Scorer, Weight: w[k] / spread[k]})
	}
	return out
}

// nonNegative reports whether a part can only mark partners, never
// non-partners: more of what one needs offered by the other, more shared
// markets, closer sectors or more shared history never make a pair less
// likely, and a negative coefficient on one of them would be an artefact
// of the sample. Text similarity and geography may count against
// (competitors; consortia of one country).
func nonNegative(m Model) bool {
	switch m.(type) {
	case Reciprocal, Market, Sector, Relatedness, History:
		return true
	}
	return false
}

// signedLogistic fits logisticRegression to the rows xs (d features each)
// and labels ys with the coefficients marked in nonneg kept at zero or
// above: an active-set loop that fixes the most negative of them at zero
// and refits, at most once per feature. The result holds d coefficients
// and the bias.
func signedLogistic(xs, ys []float64, d int, l2 float64, nonneg []bool) ([]float64, error) {
	active := make([]bool, d)
	for k := range active {
		active[k] = true
	}
	out := make([]float64, d+1)
	for range d + 1 {
		var cols []int
		for k, a := range active {
			if a {
				cols = append(cols, k)
			}
		}
		clear(out)
		x := mat.NewDense(len(ys), max(1, len(cols)), nil)
		for i := range ys {
			row := x.RawRowView(i)
			for j, k := range cols {
				row[j] = xs[i*d+k]
			}
		}
		w, err := logisticRegression(x, ys, l2)
		if err != nil {
			return nil, err
		}
		out[d] = w[len(w)-1]
		worst, at := 0.0, -1
		for j, k := range cols {
			out[k] = w[j]
			if nonneg[k] && w[j] < worst {
				worst, at = w[j], k
			}
		}
		if at < 0 {
			return out, nil
		}
		active[at] = false
	}
	return out, nil
}
