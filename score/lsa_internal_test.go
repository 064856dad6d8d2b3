package score

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
)

// randomCorpus returns n profiles whose descriptions draw words from a
// small vocabulary.
func randomCorpus(seed uint64, n, words, vocab int) []*profile.Profile {
	r := rand.New(rand.NewPCG(seed, 1))
	ps := make([]*profile.Profile, n)
	for i := range ps {
		d := ""
		for range words {
			d += fmt.Sprintf(" w%dq", r.IntN(vocab)) // "q" keeps the stemmer off the digits
		}
		ps[i] = &profile.Profile{ID: fmt.Sprint(i), Description: d}
	}
	return ps
}

// denseX returns the corpus TF-IDF matrix of t as a dense matrix.
func denseX(t *textIndex) *mat.Dense {
	x := mat.NewDense(len(t.vecs), len(t.terms), nil)
	for i, v := range t.vecs {
		for k, id := range v.doc.idx {
			x.Set(i, int(id), float64(v.doc.val[k]))
		}
	}
	return x
}

func TestLSASingularValues(t *testing.T) {
	tests := []struct {
		name     string
		n, vocab int
		rank     int
		tol      float64 // relative error of each singular value
	}{
		// The range finder spans the whole row space: exact up to rounding.
		{"full rank", 30, 20, 20, 1e-9},
		// Truncated, with power iterations: the top values are close even
		// for uniformly random words, whose flat spectrum is the hard case
		// (sigma_10 is 5.4% low with seed 7).
		{"truncated", 200, 150, 10, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Corpus{Profiles: randomCorpus(1, tt.n, 12, tt.vocab), Seed: 7}
			ti, err := c.textIndex(context.Background())
			require.NoError(t, err)
			s, err := LSA{Rank: tt.rank}.fit(context.Background(), ti, c.Seed)
			require.NoError(t, err)
			ls := s.(*lsaScorer)
			var svd mat.SVD
			require.True(t, svd.Factorize(denseX(ti), mat.SVDNone), "exact SVD")
			exact := svd.Values(nil)
			require.Len(t, ls.sigma, min(tt.rank, len(exact)), "rank")
			for i, got := range ls.sigma {
				assert.InEpsilon(t, exact[i], got, tt.tol, "sigma_%d of %d x %d", i+1, tt.n, len(ti.terms))
			}
		})
	}
}

// TestLSADeterministic checks that the same seed gives the same vectors.
func TestLSADeterministic(t *testing.T) {
	ps := randomCorpus(2, 100, 10, 60)
	fitOnce := func() *lsaScorer {
		s, err := LSA{Rank: 8}.Fit(context.Background(), &Corpus{Profiles: ps, Seed: 3})
		require.NoError(t, err)
		return s.(*lsaScorer)
	}
	a, b := fitOnce(), fitOnce()
	assert.Equal(t, a.emb, b.emb, "latent vectors of two fits with seed 3")
}

func TestOrthonormalize(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	tests := []struct {
		name string
		fill func(i, j int) float64
	}{
		{"random", func(i, j int) float64 { return r.NormFloat64() }},
		{"graded columns", func(i, j int) float64 { return r.NormFloat64() * math.Pow(10, -float64(j)/2) }},
		{"rank deficient", func(i, j int) float64 { return float64(i%3 + j%2) }}, // Householder fallback
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const m, n = 300, 12
			a := mat.NewDense(m, n, nil)
			for i := range m {
				for j := range n {
					a.Set(i, j, tt.fill(i, j))
				}
			}
			orig := mat.DenseCopyOf(a)
			orthonormalize(a, nil)
			var qtq mat.Dense
			qtq.Mul(a.T(), a)
			assert.True(t, mat.EqualApprox(&qtq, eye(n), 1e-10), "QᵀQ = I for %s", tt.name)
			// Same span: projecting the original on Q keeps it.
			var proj, back mat.Dense
			proj.Mul(a.T(), orig)
			back.Mul(a, &proj)
			assert.True(t, mat.EqualApprox(&back, orig, 1e-8), "span kept for %s", tt.name)
		})
	}
}

func eye(n int) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := range n {
		m.Set(i, i, 1)
	}
	return m
}

// A head is the unit vector of the leading values: the dot product of
// two heads is the cosine in the leading dimensions, the full cosine when
// the vectors have no more values than a head, and 0 for a zero vector.
func TestHead(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	vec := func(k int) []float32 {
		v := make([]float32, k)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return v
	}
	cos := func(a, b []float32) float64 {
		return dot32(a, b) / math.Sqrt(dot32(a, a)*dot32(b, b))
	}
	for _, tc := range []struct {
		name string
		a, b []float32
		want float64
	}{
		{"same vector", vec(64), nil, 1},
		{"short vectors", vec(10), vec(10), -2}, // want: their cosine
		{"head-long vectors", vec(lsaHead), vec(lsaHead), -2},
		{"zero vector", make([]float32, 64), vec(64), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.b == nil {
				tc.b = tc.a
			}
			if tc.want == -2 {
				tc.want = cos(tc.a, tc.b)
			}
			var ha, hb [lsaHead]float32
			head(tc.a, ha[:])
			head(tc.b, hb[:])
			assert.InDelta(t, tc.want, dot32(ha[:], hb[:]), 1e-6)
		})
	}
	long := vec(64)
	var h [lsaHead]float32
	head(long, h[:])
	assert.InDelta(t, cos(long[:lsaHead], long[:lsaHead]), dot32(h[:], h[:]), 1e-6)
	assert.InDelta(t, cos(long[:lsaHead], vec(lsaHead)), 0, 1, "a cosine")
}
