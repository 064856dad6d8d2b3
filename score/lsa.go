package score

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
)

// LSA rates topical relatedness as the cosine of latent semantic vectors:
// the projection of a profile's TF-IDF vector x (see [TFIDF]) on the top
// Rank right singular vectors V_k of the corpus TF-IDF matrix X, e = x V_k
// (for corpus rows, the rows of U_k Σ_k). Negative cosines count as 0, so
// the score is in [0, 1] and symmetric; profiles without known terms
// score 0. Unlike TFIDF it matches synonyms and related vocabulary.
//
// The truncated SVD is randomised (Halko, Martinsson and Tropp 2011,
// "Finding structure with randomness", algorithms 4.4 and 5.1): a Gaussian
// range finder with Oversample extra columns and PowerIters power
// iterations over hand-written sparse products, then an exact SVD of the
// small projected matrix with gonum's mat.SVD. The Gaussian test matrix
// comes from Corpus.Seed, so fits are reproducible.
type LSA struct {
	// Rank is the number of latent dimensions k. Zero or negative means
	// 64. It is capped by the number of profiles and of terms.
	Rank int
	// Oversample is the number of extra range-finder columns. Zero means
	// 10; negative means none.
	Oversample int
	// PowerIters is the number of power iterations, which sharpen the
	// spectrum of text matrices with slowly decaying singular values.
	// Zero means 2; negative means none.
	PowerIters int
}

// Name returns "lsa".
func (LSA) Name() string { return "lsa" }

func (LSA) usesKnown() bool { return false }

func (m LSA) params() (k, p, q int) {
	k, p, q = m.Rank, cmp.Or(m.Oversample, 10), cmp.Or(m.PowerIters, 2)
	if k <= 0 {
		k = 64
	}
	return k, max(p, 0), max(q, 0)
}

// Fit computes the truncated SVD of the corpus TF-IDF matrix and the
// latent vector of every profile. The Scorer it returns is also an
// [Explainer] and a [BatchScorer].
func (m LSA) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	return memoFit(ctx, c, m, func(ctx context.Context, c *Corpus) (Scorer, error) {
		t, err := c.textIndex(ctx)
		if err != nil {
			return nil, err
		}
		return m.fit(ctx, t, c.Seed)
	})
}

// A csr is a sparse matrix in compressed sparse row form.
type csr struct {
	rows, cols int
	ptr        []int // row i holds idx[ptr[i]:ptr[i+1]]
	idx        []int32
	val        []float32
}

// transpose returns m's transpose, with column indices in increasing
// order within each row.
func (m *csr) transpose() *csr {
	t := &csr{rows: m.cols, cols: m.rows, ptr: make([]int, m.cols+1),
		idx: make([]int32, len(m.idx)), val: make([]float32, len(m.val))}
	for _, j := range m.idx {
		t.ptr[j+1]++
	}
	for j := range m.cols {
		t.ptr[j+1] += t.ptr[j]
	}
	next := slices.Clone(t.ptr[:m.cols])
	for i := range m.rows {
		for k := m.ptr[i]; k < m.ptr[i+1]; k++ {
			j := m.idx[k]
			t.idx[next[j]] = int32(i)
			t.val[next[j]] = m.val[k]
			next[j]++
		}
	}
	return t
}

// mulDense sets dst = m × b (rows in parallel). gonum has no sparse
// matrices; each output row is a sum of scaled rows of b (floats.AddScaled).
func (m *csr) mulDense(ctx context.Context, nw int, dst, b *mat.Dense) error {
	return parallel(ctx, nw, m.rows, 512, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := dst.RawRowView(i)
			clear(row)
			for k := m.ptr[i]; k < m.ptr[i+1]; k++ {
				floats.AddScaled(row, float64(m.val[k]), b.RawRowView(int(m.idx[k])))
			}
		}
	})
}

// orthonormalize replaces the columns of a (rows >= cols) by an
// orthonormal basis of their span. It uses CholeskyQR2: two passes of
// Q = A R⁻¹ with RᵀR = AᵀA, each a sweep of matrix products (gonum's
// Dgemm is blocked and parallel; its Dsyrk and Dtrsm are not, and were 3×
// slower here). When AᵀA is too ill-conditioned for Cholesky it falls back
// to Householder QR (LAPACK dgeqrf and dorgqr; mat.QR only builds the full
// square Q). scratch, if not nil, has a's shape and is used as work space.
func orthonormalize(a, scratch *mat.Dense) {
	if scratch == nil {
		scratch = mat.NewDense(a.RawMatrix().Rows, a.RawMatrix().Cols, nil)
	}
	passes := 0
	for passes < 2 && cholQR(a, scratch) {
		passes++
	}
	if passes == 2 {
		return
	}
	g := a.RawMatrix()
	tau := make([]float64, g.Cols)
	q1, q2 := []float64{0}, []float64{0}
	lapack64.Geqrf(g, tau, q1, -1) // workspace queries
	lapack64.Orgqr(g, tau, q2, -1)
	lw := max(int(q1[0]), int(q2[0]), g.Cols)
	work := make([]float64, lw)
	lapack64.Geqrf(g, tau, work, lw)
	lapack64.Orgqr(g, tau, work, lw)
}

// cholQR makes a's columns orthonormal by one CholeskyQR pass and reports
// whether it could; a is unchanged when it could not.
func cholQR(a, scratch *mat.Dense) bool {
	var g mat.Dense
	g.Mul(a.T(), a)
	_, n := a.Dims()
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(n, g.RawMatrix().Data)) || ch.Cond() > 1e12 {
		return false
	}
	var r, rinv mat.TriDense
	ch.UTo(&r)
	if err := rinv.InverseTri(&r); err != nil {
		return false
	}
	// As a Dense, R⁻¹ makes Mul use Dgemm rather than the slower Dtrmm.
	var dense mat.Dense
	dense.CloneFrom(&rinv)
	scratch.Mul(a, &dense)
	a.Copy(scratch)
	return true
}

func (m LSA) fit(ctx context.Context, t *textIndex, seed uint64) (Scorer, error) {
	n, v := len(t.vecs), len(t.terms)
	rank, over, power := m.params()
	k := min(rank, n, v)
	s := &lsaScorer{t: t, k: k}
	if k == 0 {
		return s, nil
	}
	work.factorisations.Add(1)
	l := min(k+over, n, v)
	x := &csr{rows: n, cols: v, ptr: make([]int, n+1)}
	for i := range t.vecs {
		x.ptr[i+1] = x.ptr[i] + len(t.vecs[i].doc.idx)
	}
	x.idx = make([]int32, 0, x.ptr[n])
	x.val = make([]float32, 0, x.ptr[n])
	for i := range t.vecs {
		x.idx = append(x.idx, t.vecs[i].doc.idx...)
		x.val = append(x.val, t.vecs[i].doc.val...)
	}
	xt := x.transpose()

	// Range finder: Y = X Ω, then power iterations Y = X (Xᵀ Q).
	rng := rand.New(rand.NewPCG(seed, 0x15a_5eed))
	omega := mat.NewDense(v, l, nil)
	raw := omega.RawMatrix().Data
	for i := range raw {
		raw[i] = rng.NormFloat64()
	}
	y := mat.NewDense(n, l, nil)
	z := mat.NewDense(v, l, nil)
	if err := x.mulDense(ctx, t.workers, y, omega); err != nil {
		return nil, err
	}
	omega = nil
	ys, zs := mat.NewDense(n, l, nil), mat.NewDense(v, l, nil)
	for range power {
		orthonormalize(y, ys)
		if err := xt.mulDense(ctx, t.workers, z, y); err != nil {
			return nil, err
		}
		orthonormalize(z, zs)
		if err := x.mulDense(ctx, t.workers, y, z); err != nil {
			return nil, err
		}
	}
	orthonormalize(y, ys) // Q
	ys, zs = nil, nil
	// Bᵀ = Xᵀ Q (v × l); B = U Σ Wᵀ, so the right singular vectors of B
	// (and approximately of X) are the left ones of Bᵀ.
	if err := xt.mulDense(ctx, t.workers, z, y); err != nil {
		return nil, err
	}
	y, xt = nil, nil
	var svd mat.SVD
	if !svd.Factorize(z, mat.SVDThin) {
		return nil, errors.New("score: lsa: SVD did not converge")
	}
	s.sigma = svd.Values(nil)[:k]
	var w mat.Dense
	svd.UTo(&w)
	s.proj = make([]float32, v*k)
	for term := range v {
		row := w.RawRowView(term)
		for d := range k {
			s.proj[term*k+d] = float32(row[d])
		}
	}
	s.emb = make([]float32, n*k)
	s.heads = make([]float32, n*lsaHead)
	if err := parallel(ctx, t.workers, n, 512, func(_, lo, hi int) {
		acc := make([]float64, k)
		for i := lo; i < hi; i++ {
			s.embed(t.vecs[i].doc, acc, s.emb[i*k:(i+1)*k])
			head(s.emb[i*k:(i+1)*k], s.heads[i*lsaHead:(i+1)*lsaHead])
		}
	}); err != nil {
		return nil, err
	}
	s.concepts = make([][2][]string, k)
	for d := range k {
		s.concepts[d] = topLoadings(t.terms, s.proj, k, d, 3)
	}
	return s, nil
}

// topLoadings returns the n terms with the largest positive and the
// largest negative loadings on latent dimension d, by one pass with small
// insertion buffers (ties go to the lower term id).
func topLoadings(terms []string, proj []float32, k, d, n int) [2][]string {
	type cand struct {
		id int
		v  float32
	}
	var top [2][]cand // by decreasing |loading|
	for i := range terms {
		v := proj[i*k+d]
		side := 0
		if v < 0 {
			side, v = 1, -v
		}
		if v == 0 || len(top[side]) == n && v <= top[side][n-1].v {
			continue
		}
		l := top[side]
		j := len(l)
		if j < n {
			l = append(l, cand{})
		} else {
			j = n - 1
		}
		for j > 0 && l[j-1].v < v {
			l[j] = l[j-1]
			j--
		}
		l[j] = cand{i, v}
		top[side] = l
	}
	var out [2][]string
	for side, l := range top {
		for _, c := range l {
			out[side] = append(out[side], terms[c.id])
		}
	}
	return out
}

type lsaScorer struct {
	t        *textIndex
	k        int
	sigma    []float64     // the k largest singular values
	proj     []float32     // term -> its k loadings (V_k, row-major)
	emb      []float32     // row -> unit latent vector (k values)
	heads    []float32     // row -> the head of its latent vector (see head)
	concepts [][2][]string // dimension -> top positive and negative terms
}

func (s *lsaScorer) Name() string { return "lsa" }

func (s *lsaScorer) String() string {
	return fmt.Sprintf("lsa(profiles=%d, terms=%d, rank=%d)", len(s.t.vecs), len(s.t.terms), s.k)
}

func (s *lsaScorer) snapshot() *snapshot { return s.t.snap }

// embed sets dst to the unit latent vector of doc, using acc as scratch.
func (s *lsaScorer) embed(doc sparse, acc []float64, dst []float32) {
	k := s.k
	clear(acc)
	for x, id := range doc.idx {
		w := float64(doc.val[x])
		row := s.proj[int(id)*k : int(id)*k+k]
		for d, p := range row {
			acc[d] += w * float64(p)
		}
	}
	norm := math.Sqrt(floats.Dot(acc, acc))
	if norm == 0 || !finite(norm) {
		clear(dst)
		return
	}
	for d, a := range acc {
		dst[d] = float32(a / norm)
	}
}

// lsaHead is the length of a latent vector's head: its leading lsaHead
// values (zero-padded when k is smaller), scaled to unit length. 64
// bytes, one cache line.
const lsaHead = 16

// head sets h to the head of the latent vector v. The dot product of two
// heads is the cosine of the vectors in the leading latent dimensions,
// the strongest topics of the corpus: a coarser LSA that a screen
// computes for every profile at a quarter of the memory reads of the
// full vectors (which, at scale, is what a scan costs).
func head(v, h []float32) {
	clear(h)
	n := copy(h, v)
	var ss float64
	for _, x := range h[:n] {
		ss += float64(x) * float64(x)
	}
	if ss == 0 || !finite(ss) {
		clear(h)
		return
	}
	inv := 1 / math.Sqrt(ss)
	for i := range h[:n] {
		h[i] = float32(float64(h[i]) * inv)
	}
}

// vector returns p's latent vector: the fitted one, or computed.
func (s *lsaScorer) vector(p *profile.Profile, row int32) []float32 {
	if row >= 0 {
		return s.fitted(row)
	}
	return s.embedText(s.t.vectors(p, -1))
}

// fitted returns the latent vector of a corpus row.
func (s *lsaScorer) fitted(row int32) []float32 { return s.emb[int(row)*s.k : int(row+1)*s.k] }

// embedText returns the latent vector of text vectors.
func (s *lsaScorer) embedText(v *pvec) []float32 {
	dst := make([]float32, s.k)
	s.embed(v.doc, make([]float64, s.k), dst)
	return dst
}

// dot32 is the dot product of two latent vectors, with four float32
// accumulators: as fast as floats.Dot on float64 rows (see
// BenchmarkKernels) at half the memory, and exact enough for cosines of
// unit vectors (about 1e-6).
func dot32(a, b []float32) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return float64((s0 + s1) + (s2 + s3))
}

func (s *lsaScorer) Score(q, c *profile.Profile) float64 {
	if s.k == 0 {
		return 0
	}
	return unit(dot32(s.vector(q, s.t.snap.row(q)), s.vector(c, s.t.snap.row(c))))
}

func (s *lsaScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	s.scoreRows(s.t.snap.batch(q, cs), out)
}

func (s *lsaScorer) scoreRows(b *batch, out []float64) {
	if s.k == 0 {
		clear(out)
		return
	}
	var qv []float32
	if b.qrow >= 0 {
		qv = s.fitted(b.qrow)
	} else {
		qv = s.embedText(b.query(s.t))
	}
	for i := range b.cs {
		var cv []float32
		if r := b.rows[i]; r >= 0 {
			cv = s.fitted(r)
		} else {
			cv = s.embedText(b.cand(s.t, i))
		}
		out[i] = unit(dot32(qv, cv))
	}
}

// Explain names the latent concepts the pair shares most, each by the
// terms that load most on it.
func (s *lsaScorer) Explain(q, c *profile.Profile) *Explanation {
	e := &Explanation{Name: "lsa", Value: s.Score(q, c), Detail: fmt.Sprintf("cosine of %d-dimensional latent vectors", s.k)}
	if s.k == 0 || e.Value == 0 {
		return e
	}
	qv, cv := s.vector(q, s.t.snap.row(q)), s.vector(c, s.t.snap.row(c))
	// Only the dimensions that can be among the top 3 (ties included)
	// get their concept's terms joined.
	var top [3]float64
	for d := range s.k {
		if contrib := float64(qv[d]) * float64(cv[d]); contrib > top[2] && len(s.concepts[d][conceptSide(qv[d])]) > 0 {
			top[2] = contrib
			slices.SortFunc(top[:], func(a, b float64) int { return cmp.Compare(b, a) })
		}
	}
	for d := range s.k {
		contrib := float64(qv[d]) * float64(cv[d])
		if contrib < 0.005 || contrib < top[2] { // too small to print
			continue
		}
		if ts := s.concepts[d][conceptSide(qv[d])]; len(ts) > 0 {
			e.Evidence = append(e.Evidence, Evidence{Kind: EvidenceConcept, Query: strings.Join(ts, ", "), Value: contrib})
		}
	}
	e.Evidence = topEvidence(e.Evidence, 3)
	return e
}

// conceptSide is the side of a concept that a latent value loads on:
// 0 for its positive terms, 1 for its negative ones.
func conceptSide(v float32) int {
	if v < 0 {
		return 1
	}
	return 0
}
