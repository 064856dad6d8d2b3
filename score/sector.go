package score

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
)

// Sector rates how well two organisations' sectors complement each other,
// with a NACE-division relatedness matrix R: the score is the largest
// R[a][b] over a division a of q and b of c ([Relatedness]). It is
// symmetric and in [0, 1]; profiles without a known division score 0.
//
// Without known partnerships R is [MeasuredSectorPrior], measured from the
// EU input-output table (the hand-made [SectorPrior] it replaced remains
// for comparison, through [Relatedness]). With them, Fit learns a
// matrix L from co-occurrence: every pair of members u, v of a known
// partnership adds 1/(|D(u)||D(v)|) to C[a][b] and C[b][a] for their
// divisions a ∈ D(u), b ∈ D(v); L is the positive part of the normalised
// pointwise mutual information (Bouma 2009)
//
//	L[a][b] = max(0, ln(P(a,b) / (P(a)P(b))) / -ln P(a,b)),  P from C,
//
// and R = λL + (1-λ)·prior with λ = m/(m + Shrink) for the m known
// partnerships that gave a pair, so that a few partnerships only nudge
// the prior.
type Sector struct {
	// Shrink is the number of known partnerships at which learned matrix
	// and prior weigh equally. Zero means 20; negative means the prior
	// only, ignoring Corpus.Known.
	Shrink float64
}

// Name returns "sector".
func (Sector) Name() string { return "sector" }

func (m Sector) usesKnown() bool { return m.Shrink >= 0 }

// Fit returns a [Relatedness] (fitted for faster batches) with the
// prior, or the blend of prior and learned matrix when c has known
// partnerships.
func (m Sector) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	if !m.usesKnown() || len(c.Known) == 0 {
		return Relatedness{M: measuredPrior(), Note: "prior"}.Fit(ctx, c)
	}
	return memoFit(ctx, c, m, func(ctx context.Context, c *Corpus) (Scorer, error) {
		r, err := m.fit(ctx, c)
		if err != nil {
			return nil, err
		}
		return r.Fit(ctx, c)
	})
}

func (m Sector) fit(ctx context.Context, c *Corpus) (Relatedness, error) {
	shrink := m.Shrink
	if shrink == 0 || !finite(shrink) {
		shrink = 20
	}
	var buf [maxDivisions]int8
	counts, used, err := cooccurrence(ctx, c, numDivisions, func(p *profile.Profile, dst []int) []int {
		for _, d := range divisionsOf(p, buf[:]) {
			dst = append(dst, int(d))
		}
		return dst
	})
	if err != nil {
		return Relatedness{}, err
	}
	if used == 0 {
		return Relatedness{M: measuredPrior(), Note: "prior: no known partnership with two members in the corpus"}, nil
	}
	learned := npmi(counts)
	lambda := float64(used) / (float64(used) + shrink)
	var r mat.SymDense
	r.ScaleSym(lambda, learned)
	var p mat.SymDense
	p.ScaleSym(1-lambda, measuredPrior())
	r.AddSym(&r, &p)
	return Relatedness{M: &r, Note: fmt.Sprintf("learned from %d partnerships, weight %.2f, and prior", used, lambda)}, nil
}

// cooccurrence counts the categories of co-members in c.Known: cats
// appends a profile's categories (in [0, n)) to dst, and every pair of
// members u, v of a partnership with categories adds 1/(|A(u)||A(v)|) to
// C[a][b] and C[b][a] for a ∈ A(u), b ∈ A(v). used is the number of
// partnerships with two such members in the corpus.
func cooccurrence(ctx context.Context, c *Corpus, n int, cats func(p *profile.Profile, dst []int) []int) (counts *mat.SymDense, used int, err error) {
	snap := c.snapshot()
	counts = mat.NewSymDense(n, nil)
	for _, kp := range c.Known {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		var members [][]int
		seen := map[int32]bool{}
		for _, id := range kp.Members {
			r, ok := snap.rows[id]
			if !ok || seen[r] {
				continue
			}
			seen[r] = true
			if cs := cats(orEmpty(c.Profiles[r]), nil); len(cs) > 0 {
				members = append(members, cs)
			}
		}
		if len(members) < 2 {
			continue
		}
		used++
		for u := range members {
			for v := u + 1; v < len(members); v++ {
				w := 1 / float64(len(members[u])*len(members[v]))
				for _, i := range members[u] {
					for _, j := range members[v] {
						if i == j {
							counts.SetSym(i, i, counts.At(i, i)+2*w)
						} else {
							counts.SetSym(i, j, counts.At(i, j)+w)
						}
					}
				}
			}
		}
	}
	return counts, used, nil
}

// npmi returns the positive normalised PMI of a symmetric count matrix.
func npmi(counts *mat.SymDense) *mat.SymDense {
	n := counts.SymmetricDim()
	marg := make([]float64, n)
	var total float64
	for i := range n {
		for j := range n {
			marg[i] += counts.At(i, j)
		}
		total += marg[i]
	}
	out := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			c := counts.At(i, j)
			if c <= 0 || total <= 0 {
				continue
			}
			pab := c / total
			v := 1.0
			if pab < 1 {
				v = math.Log(pab/((marg[i]/total)*(marg[j]/total))) / -math.Log(pab)
			}
			out.SetSym(i, j, unit(v))
		}
	}
	return out
}

// Relatedness rates a pair by the largest M[a][b] over a NACE division a
// of q and b of c. M is 88 × 88 in profile.NACEDivisions() order; values
// are clamped into [0, 1], and a nil M means [MeasuredSectorPrior]. Score panics
// if M has another size. Codes that are not NACE codes are ignored; a
// profile without divisions scores 0. Only the first 16 divisions of a
// profile are compared.
type Relatedness struct {
	M    *mat.SymDense
	Note string // where M comes from, shown in explanations
}

// Name returns "sector".
func (r Relatedness) Name() string { return "sector" }

// Fit returns a Relatedness that batches faster over the corpus profiles,
// from their divisions read once at fit time.
func (r Relatedness) Fit(_ context.Context, c *Corpus) (Scorer, error) {
	r.matrix() // panics now on a bad matrix
	return &sectorScorer{Relatedness: r, snap: c.snapshot()}, nil
}

func (r Relatedness) usesKnown() bool { return false }

// String describes r without printing the matrix.
func (r Relatedness) String() string { return fmt.Sprintf("sector(%s)", r.Note) }

func (r Relatedness) matrix() *mat.SymDense {
	if r.M == nil {
		return measuredPrior()
	}
	if n := r.M.SymmetricDim(); n != numDivisions {
		panic(fmt.Sprintf("score: Relatedness matrix is %d × %d, want %d × %d", n, n, numDivisions, numDivisions))
	}
	return r.M
}

// best returns the largest relatedness and its pair (-1 if none). It
// reads the upper triangle of m's storage directly: At's checks cost more
// than the look-up.
func best(m *mat.SymDense, dq, dc []int8) (float64, int, int) {
	raw := m.RawSymmetric()
	v, bi, bj := 0.0, -1, -1
	for _, a := range dq {
		for _, b := range dc {
			i, j := int(min(a, b)), int(max(a, b))
			if raw.Uplo == blas.Lower {
				i, j = j, i
			}
			if x := unit(raw.Data[i*raw.Stride+j]); x > v || bi < 0 {
				v, bi, bj = x, int(a), int(b)
			}
		}
	}
	return v, bi, bj
}

// Score returns the largest relatedness of a division of q and one of c.
func (r Relatedness) Score(q, c *profile.Profile) float64 {
	var bq, bc [maxDivisions]int8
	v, _, _ := best(r.matrix(), divisionsOf(orEmpty(q), bq[:]), divisionsOf(orEmpty(c), bc[:]))
	return v
}

// ScoreBatch parses q's divisions once.
func (r Relatedness) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	m := r.matrix()
	var bq, bc [maxDivisions]int8
	dq := divisionsOf(orEmpty(q), bq[:])
	for i, c := range cs {
		out[i], _, _ = best(m, dq, divisionsOf(orEmpty(c), bc[:]))
	}
}

// Explain lists the strongest division pairs.
func (r Relatedness) Explain(q, c *profile.Profile) *Explanation {
	m := r.matrix()
	var bq, bc [maxDivisions]int8
	dq, dc := divisionsOf(orEmpty(q), bq[:]), divisionsOf(orEmpty(c), bc[:])
	v, _, _ := best(m, dq, dc)
	e := &Explanation{Name: "sector", Value: v, Detail: "best pair of NACE divisions"}
	if r.Note != "" {
		e.Detail += " (" + r.Note + ")"
	}
	codes := divisions().codes
	for _, a := range dq {
		for _, b := range dc {
			if x := unit(m.At(int(a), int(b))); x > 0 {
				e.Evidence = append(e.Evidence, Evidence{Kind: EvidenceSector, Query: codes[a], Candidate: codes[b], Value: x})
			}
		}
	}
	e.Evidence = topEvidence(e.Evidence, 3)
	return e
}

// A sectorScorer is a fitted Relatedness: the divisions of corpus
// profiles come from the snapshot in batches.
type sectorScorer struct {
	Relatedness
	snap *snapshot
}

func (s *sectorScorer) snapshot() *snapshot { return s.snap }

func (s *sectorScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	s.scoreRows(s.snap.batch(q, cs), out)
}

func (s *sectorScorer) scoreRows(b *batch, out []float64) {
	m := s.matrix()
	var bq, bc [maxDivisions]int8
	dq := divisionsOf(orEmpty(b.q), bq[:])
	for i, c := range b.cs {
		if r := b.rows[i]; r >= 0 {
			out[i], _, _ = best(m, dq, s.snap.codes[r].divisions())
			continue
		}
		out[i], _, _ = best(m, dq, divisionsOf(orEmpty(c), bc[:]))
	}
}
