package score

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Learned fits the weights of a combination to known partnerships by
// L2-regularised logistic regression ([Logistic]) with negative sampling:
//
//   - positives: every pair of members of a partnership in Corpus.Known
//     that are both in the corpus (at most MaxPairs, sampled), asked by
//     one of them;
//   - negatives: for each positive, Negatives profiles drawn uniformly
//     from the corpus that are no co-member of the asker in the same fold
//     of the partnerships;
//   - features: the parts' scores of each pair divided by the part's
//     spread (see [Auto]); models that themselves learn from Known
//     (sector) are cross-fitted in two folds of the partnerships, so a
//     pair's features never come from a model that saw it; parts that are
//     constant over the corpus are left out;
//   - loss: mean log loss + (L2/2)·‖w‖² on the standardised coefficients
//     (bias not penalised), minimised by Newton's method (iteratively
//     reweighted least squares) with gonum/mat's Cholesky; the
//     coefficients of reciprocal, market, sector and history are kept at
//     zero or above (an active set), those of text and geo may be
//     negative (competitors; one-country consortia).
//
// Fitting is deterministic for Corpus.Seed. The result is a [Logistic]
// over the parts fitted on the whole corpus. Without a positive pair Fit
// falls back to the [Weighted] of [DefaultHybrid], returned as a
// [FallbackScorer] so that callers can tell; [Auto], which needs 20
// pairs, falls back to its unsupervised combination instead.
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

// Fit learns the weights from c.Known; see [Learned].
func (m Learned) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	var prior Hybrid
	for _, p := range m.parts() {
		prior = append(prior, ModelPart{Model: p, Weight: 1})
	}
	v, err := fitVarying(ctx, c, prior, defaultSample, "learned")
	if err != nil {
		return nil, err
	}
	l2 := m.L2
	switch {
	case l2 == 0 || !finite(l2):
		l2 = 1e-3
	case l2 < 0:
		l2 = 0
	}
	out, ok, err := learnWeights(ctx, c, v.models, v.parts, v.spread, learnConfig{
		negatives: positive(m.Negatives, 4), l2: l2, maxPairs: positive(m.MaxPairs, 20000),
	})
	if err != nil || ok {
		return out, err
	}
	w, err := DefaultHybrid().fitWeighted(ctx, c)
	if err != nil {
		return nil, err
	}
	return hybridFallback{w}, nil
}

// positive returns v if it is positive, def otherwise.
func positive(v, def int) int {
	if v > 0 {
		return v
	}
	return def
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
