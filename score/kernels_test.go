package score

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
)

// BenchmarkKernels compares the plain-Go kernels of the scorers with the
// gonum alternatives they replace:
//
//   - latent/float32-loop vs latent/floats.Dot: 1,000 candidate rows of
//     64-dimensional latent vectors (float32 storage halves the memory;
//     floats.Dot needs float64 rows);
//   - tfidf/merge vs tfidf/scatter: 1,000 sparse candidate vectors against
//     one query (merge per pair, or scatter the query once);
//   - adamic-adar/csr vs adamic-adar/gonum-graph: common neighbours of
//     1,000 pairs on sorted adjacency lists, or on simple.UndirectedGraph;
//   - range-finder/csr vs range-finder/mat.Mul: X Ω for a 2,000 × 3,000
//     TF-IDF matrix with 1% non-zeros and 74 columns.
func BenchmarkKernels(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	const n, k, cands = 10_000, 64, 1000
	rows := make([]int, cands)
	for i := range rows {
		rows[i] = r.IntN(n)
	}

	e32 := make([]float32, n*k)
	e64 := make([]float64, n*k)
	for i := range e32 {
		e32[i] = float32(r.NormFloat64())
		e64[i] = float64(e32[i])
	}
	var sink float64
	b.Run("latent/float32-loop", func(b *testing.B) {
		for b.Loop() {
			q := e32[:k]
			for _, row := range rows {
				sink += dot32(q, e32[row*k:(row+1)*k])
			}
		}
	})
	b.Run("latent/floats.Dot", func(b *testing.B) {
		for b.Loop() {
			q := e64[:k]
			for _, row := range rows {
				sink += floats.Dot(q, e64[row*k:(row+1)*k])
			}
		}
	})

	const vocab = 30_000
	vecs := make([]sparse, n)
	for i := range vecs {
		ids := make([]int32, 0, 120)
		for range 120 {
			ids = append(ids, int32(r.IntN(vocab)))
		}
		vecs[i] = sortedSparse(ids)
	}
	q := vecs[0]
	b.Run("tfidf/merge", func(b *testing.B) {
		for b.Loop() {
			for _, row := range rows {
				sink += dot(q, vecs[row])
			}
		}
	})
	b.Run("tfidf/scatter", func(b *testing.B) {
		dense := make([]float32, vocab)
		for b.Loop() {
			for k, id := range q.idx {
				dense[id] = q.val[k]
			}
			for _, row := range rows {
				c := vecs[row]
				var s float64
				for k, id := range c.idx {
					s += float64(dense[id]) * float64(c.val[k])
				}
				sink += s
			}
			for _, id := range q.idx {
				dense[id] = 0
			}
		}
	})

	ps := make([]*profile.Profile, n)
	for i := range ps {
		p := &profile.Profile{ID: string(rune(i))}
		for range 1 + r.IntN(2) {
			p.Partnerships = append(p.Partnerships, string(rune(r.IntN(n/4))))
		}
		ps[i] = p
	}
	h, err := newHistory(context.Background(), newSnapshot(ps, 1), ps, 0.5)
	if err != nil {
		b.Fatal(err)
	}
	g := simple.NewUndirectedGraph()
	for i := range n {
		g.AddNode(simple.Node(i))
	}
	for i := range n {
		for _, j := range h.nbr.at(int32(i)) {
			if int(j) > i {
				g.SetEdge(simple.Edge{F: simple.Node(i), T: simple.Node(j)})
			}
		}
	}
	b.Run("adamic-adar/csr", func(b *testing.B) {
		for b.Loop() {
			a := h.prof(nil, 0)
			for _, row := range rows {
				c := h.prof(nil, int32(row))
				_, aa := h.pair(&a, &c, nil)
				sink += aa
			}
		}
	})
	b.Run("adamic-adar/gonum-graph", func(b *testing.B) {
		for b.Loop() {
			for _, row := range rows {
				sink += adamicAdarGraph(g, 0, int64(row))
			}
		}
	})

	const xr, xc, l = 2000, 3000, 74
	x := &csr{rows: xr, cols: xc, ptr: make([]int, xr+1)}
	dx := mat.NewDense(xr, xc, nil)
	for i := range xr {
		ids := make([]int32, 0, xc/100)
		for range xc / 100 {
			ids = append(ids, int32(r.IntN(xc)))
		}
		s := sortedSparse(ids)
		x.idx, x.val = append(x.idx, s.idx...), append(x.val, s.val...)
		x.ptr[i+1] = len(x.idx)
		for k, id := range s.idx {
			dx.Set(i, int(id), float64(s.val[k]))
		}
	}
	omega := mat.NewDense(xc, l, nil)
	for i := range xc {
		for j := range l {
			omega.Set(i, j, r.NormFloat64())
		}
	}
	y := mat.NewDense(xr, l, nil)
	b.Run("range-finder/csr", func(b *testing.B) {
		for b.Loop() {
			_ = x.mulDense(context.Background(), 1, y, omega)
		}
	})
	b.Run("range-finder/mat.Mul", func(b *testing.B) {
		for b.Loop() {
			y.Mul(dx, omega)
		}
	})
	_ = sink
}

// sortedSparse returns a unit vector over the distinct ids.
func sortedSparse(ids []int32) sparse {
	t := &textIndex{idf: make([]float64, 1<<20), oovIDF: 1}
	for i := range t.idf {
		t.idf[i] = 1
	}
	var scratch []int32
	s, _ := t.tfidf(ids, nil, &scratch)
	return s
}

// adamicAdarGraph is the Adamic-Adar index of u and v on a gonum graph,
// with the weights History uses.
func adamicAdarGraph(g graph.Undirected, u, v int64) float64 {
	nu := map[int64]bool{}
	for it := g.From(u); it.Next(); {
		nu[it.Node().ID()] = true
	}
	var aa float64
	for it := g.From(v); it.Next(); {
		z := it.Node().ID()
		if nu[z] && z != u && z != v {
			aa += 1 / math.Log(max(2, float64(g.From(z).Len())))
		}
	}
	return aa
}

// TestAdamicAdarMatchesGonumGraph checks the CSR implementation against
// the same index computed on a gonum graph.
func TestAdamicAdarMatchesGonumGraph(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	const n = 300
	ps := make([]*profile.Profile, n)
	for i := range ps {
		p := &profile.Profile{ID: string(rune('a' + i))}
		for range r.IntN(3) {
			p.Partnerships = append(p.Partnerships, string(rune('A'+r.IntN(60))))
		}
		ps[i] = p
	}
	h, err := newHistory(context.Background(), newSnapshot(ps, 1), ps, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	g := simple.NewUndirectedGraph()
	for i := range n {
		g.AddNode(simple.Node(i))
	}
	for i := range n {
		for _, j := range h.nbr.at(int32(i)) {
			if int(j) > i {
				g.SetEdge(simple.Edge{F: simple.Node(i), T: simple.Node(j)})
			}
		}
	}
	for u := range int32(n) {
		for v := u + 1; v < n; v++ {
			a, c := h.prof(nil, u), h.prof(nil, v)
			_, got := h.pair(&a, &c, nil)
			want := adamicAdarGraph(g, int64(u), int64(v))
			if math.Abs(got-want) > 1e-12 {
				t.Fatalf("Adamic-Adar(%d, %d) = %v, gonum graph gives %v", u, v, got, want)
			}
		}
	}
}
