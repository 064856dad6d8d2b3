package score

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
)

// Learned fits the weights of a combination to known partnerships by
// L2-regularised logistic regression ([Logistic]) with negative sampling:
//
//   - positives: every pair of members of a partnership in Corpus.Known
//     that are both in the corpus (at most MaxPairs, sampled);
//   - negatives: for each positive pair (a, b), Negatives profiles c drawn
//     uniformly from the corpus, with (a, c) not a known pair;
//   - features: the parts' scores of each pair; models that themselves
//     learn from Known (sector) are cross-fitted in two folds of the
//     partnerships, so a pair's features never come from a model that saw
//     it;
//   - loss: mean log loss + (L2/2)·‖w‖² (bias not penalised), minimised
//     by Newton's method (iteratively reweighted least squares) with
//     gonum/mat's Cholesky: with a handful of features it converges to
//     machine precision in a few steps.
//
// Fitting is deterministic for Corpus.Seed. The result is a [Logistic]
// over the parts fitted on the whole corpus; coefficients may be
// negative (a signal that marks non-partners, such as text similarity
// among competitors). Without a positive pair (or when no negative can be
// drawn) Fit falls back to the [Weighted] of [DefaultHybrid].
type Learned struct {
	// Parts are the signals. Nil means tfidf, lsa, reciprocal, sector,
	// market, geo and history with default parameters.
	Parts []Model
	// Negatives is the number of negatives per positive pair. Zero or
	// negative means 4.
	Negatives int
	// L2 is the ridge penalty. Zero means 1e-3; negative means none.
	L2 float64
	// MaxPairs caps the positive pairs. Zero or negative means 20,000.
	MaxPairs int
}

// Name returns "learned".
func (Learned) Name() string { return "learned" }

func (Learned) usesKnown() bool { return true }

func (m Learned) parts() []Model {
	if m.Parts == nil {
		return []Model{TFIDF{}, LSA{}, Reciprocal{}, Sector{}, Market{}, Geo{}, History{}}
	}
	return m.Parts
}

// A pair of corpus rows; fold is the cross-fitting fold of a positive.
type pair struct {
	a, b int32
	fold int
}

// Fit learns the weights from c.Known; see [Learned].
func (m Learned) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	parts := m.parts()
	for _, p := range parts {
		if p == nil {
			return nil, errors.New("score: learned: nil model")
		}
	}
	snap := c.snapshot()
	n := len(c.Profiles)
	rng := rand.New(rand.NewPCG(c.Seed, 0x1ea_4ed))

	// Positives, with their partnership's fold.
	folds := rng.Perm(len(c.Known))
	var pos []pair
	known := map[[2]int32]bool{}
	for k, kp := range c.Known {
		var rows []int32
		for _, id := range kp.Members {
			if r, ok := snap.rows[id]; ok && !containsRow(rows, r) {
				rows = append(rows, r)
			}
		}
		for i := range rows {
			for j := i + 1; j < len(rows); j++ {
				key := [2]int32{min(rows[i], rows[j]), max(rows[i], rows[j])}
				if known[key] {
					continue
				}
				known[key] = true
				pos = append(pos, pair{a: rows[i], b: rows[j], fold: folds[k] % 2})
			}
		}
	}
	if maxPairs := positive(m.MaxPairs, 20000); len(pos) > maxPairs {
		rng.Shuffle(len(pos), func(i, j int) { pos[i], pos[j] = pos[j], pos[i] })
		pos = pos[:maxPairs]
	}
	negPer := positive(m.Negatives, 4)
	var neg []pair
	for _, p := range pos {
		for range negPer {
			for try := 0; try < 10; try++ {
				r := int32(rng.IntN(max(n, 1)))
				key := [2]int32{min(p.a, r), max(p.a, r)}
				if r != p.a && r != p.b && !known[key] {
					neg = append(neg, pair{a: p.a, b: r, fold: p.fold})
					break
				}
			}
		}
	}
	if len(pos) == 0 || len(neg) == 0 {
		return DefaultHybrid().Fit(ctx, c)
	}

	// Fit the parts on everything, and per fold on the other fold's
	// partnerships for the models that learn from Known.
	full, err := fitParts(ctx, c, parts)
	if err != nil {
		return nil, err
	}
	byFold := [2][]Scorer{full, full}
	var foldKnown [2][]profile.Partnership
	for k, kp := range c.Known {
		foldKnown[folds[k]%2] = append(foldKnown[folds[k]%2], kp)
	}
	if len(foldKnown[0]) > 0 && len(foldKnown[1]) > 0 {
		for f := range 2 {
			byFold[f], err = fitParts(ctx, c.withKnown(foldKnown[1-f]), parts)
			if err != nil {
				return nil, err
			}
		}
	}

	// Features.
	pairs := append(pos, neg...)
	d := len(parts)
	x := mat.NewDense(len(pairs), d, nil)
	y := make([]float64, len(pairs))
	for i := range pos {
		y[i] = 1
	}
	for i, p := range pairs {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		a, b := orEmpty(c.Profiles[p.a]), orEmpty(c.Profiles[p.b])
		row := x.RawRowView(i)
		for k, s := range byFold[p.fold] {
			row[k] = unit(s.Score(a, b))
		}
	}

	l2 := m.L2
	switch {
	case l2 == 0 || !finite(l2):
		l2 = 1e-3
	case l2 < 0:
		l2 = 0
	}
	beta, err := logisticRegression(x, y, l2)
	if err != nil {
		return nil, err
	}
	out := Logistic{Bias: beta[d]}
	for k, s := range full {
		out.Parts = append(out.Parts, Part{Scorer: s, Weight: beta[k]})
	}
	return out, nil
}

// positive returns v if it is positive, def otherwise.
func positive(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func containsRow(rows []int32, r int32) bool {
	for _, x := range rows {
		if x == r {
			return true
		}
	}
	return false
}

func fitParts(ctx context.Context, c *Corpus, parts []Model) ([]Scorer, error) {
	out := make([]Scorer, len(parts))
	for i, p := range parts {
		s, err := p.Fit(ctx, c)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// logisticRegression returns the coefficients of x's columns and, last,
// the bias that minimise the mean log loss plus (l2/2)·‖w‖², by Newton's
// method (iteratively reweighted least squares) with backtracking: the
// loss is convex and d is small, so each step solves the (d+1) × (d+1)
// Hessian system with gonum's Cholesky and a dozen steps converge to
// machine precision. A 1e-9 ridge keeps separable data solvable.
func logisticRegression(x *mat.Dense, y []float64, l2 float64) ([]float64, error) {
	n, d := x.Dims()
	// xa is x with a column of ones for the bias.
	xa := mat.NewDense(n, d+1, nil)
	for i := range n {
		row := xa.RawRowView(i)
		copy(row, x.RawRowView(i))
		row[d] = 1
	}
	z := mat.NewVecDense(n, nil)
	loss := func(beta *mat.VecDense) float64 {
		z.MulVec(xa, beta)
		var l float64
		for i := range n {
			zi := z.AtVec(i)
			l += math.Max(zi, 0) + math.Log1p(math.Exp(-math.Abs(zi))) - y[i]*zi
		}
		w := beta.RawVector().Data[:d]
		return l/float64(n) + l2/2*floats.Dot(w, w)
	}
	const ridge = 1e-9
	beta := mat.NewVecDense(d+1, nil)
	r := mat.NewVecDense(n, nil)
	grad := mat.NewVecDense(d+1, nil)
	xw := mat.NewDense(n, d+1, nil)
	var hess mat.SymDense
	var chol mat.Cholesky
	var step, next mat.VecDense
	cur := loss(beta)
	for iter := 0; iter < 100; iter++ {
		// Gradient Xᵀ(σ(z) - y)/n + l2·w; Hessian XᵀSX/n + l2·I, S = σ(1-σ).
		z.MulVec(xa, beta)
		for i := range n {
			p := sigmoidRaw(z.AtVec(i))
			r.SetVec(i, (p-y[i])/float64(n))
			sw := math.Sqrt(p * (1 - p) / float64(n))
			row, src := xw.RawRowView(i), xa.RawRowView(i)
			for k := range row {
				row[k] = sw * src[k]
			}
		}
		grad.MulVec(xa.T(), r)
		hess.SymOuterK(1, xw.T())
		for k := range d + 1 {
			reg := ridge
			if k < d {
				reg += l2
				grad.SetVec(k, grad.AtVec(k)+l2*beta.AtVec(k))
			}
			hess.SetSym(k, k, hess.At(k, k)+reg)
		}
		if mat.Norm(grad, math.Inf(1)) < 1e-10 {
			break
		}
		if !chol.Factorize(&hess) {
			return nil, errors.New("score: learned: singular Hessian")
		}
		if err := chol.SolveVecTo(&step, grad); err != nil {
			return nil, fmt.Errorf("score: learned: %v", err)
		}
		slope := mat.Dot(grad, &step)
		t := 1.0
		for ; t > 1e-10; t /= 2 {
			next.AddScaledVec(beta, -t, &step)
			if l := loss(&next); l <= cur-1e-4*t*slope {
				beta.CopyVec(&next)
				cur = l
				break
			}
		}
		if t <= 1e-10 {
			break // no decrease left: converged to rounding
		}
	}
	out := slices.Clone(beta.RawVector().Data)
	for _, v := range out {
		if !finite(v) {
			return nil, errors.New("score: learned: logistic regression diverged")
		}
	}
	return out, nil
}

func sigmoidRaw(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
