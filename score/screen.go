package score

import (
	"context"
	"math"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/clustergo/partnermatch/profile"
)

// A Screener is a fitted scorer that can rank its whole corpus for one
// query in a single linear scan, by the part of its score that is cheap
// to compute for every profile.
//
// Screen returns up to n corpus profiles that keep accepts (nil keeps
// all), best first by that partial score, ties in corpus order. keep is
// called only for profiles that would enter the top n, from several
// goroutines at once. The profiles are the corpus's own, as they were
// when the scorer was fitted; profiles changed since are screened by
// their fitted data.
//
// The built-in partial score is the weighted sum of the fitted parts
// that are dense over the corpus (sector, market, lsa, geo); the sparse
// parts (reciprocal and tfidf, which a text index retrieves, and history,
// which the collaboration graph yields) are left out. A retrieval stage
// that unites the screen with text candidates and graph neighbours thus
// sees every signal. Weighted (the fitted hybrid) and Logistic (learned)
// screeners, and the fitted sector, market, lsa and geo models, are
// Screeners; any other model is not.
type Screener interface {
	Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error)
}

// A columnScorer scores every corpus row for one query.
type columnScorer interface {
	snapshot() *snapshot
	column(q *profile.Profile, qrow int32) column
}

// A column scores corpus rows for one prepared query.
type column struct {
	// block adds w·unit(score) to acc[r-lo] for the rows r in [lo, hi).
	block func(lo, hi int, w float64, acc []float64)
	// row, if set, returns unit(score) of row r. It marks a costly
	// kernel, which the screen runs only on rows that the cheap ones
	// leave a chance to enter the top (a unit score is at most 1).
	row func(r int) float64
}

// screenBlock is the rows scored per kernel call: the accumulator stays
// in the L1 cache.
const screenBlock = 2048

// screen implements Screener for a linear combination of parts; only
// the parts that are columnScorers of one snapshot contribute.
func screen(ctx context.Context, parts []Part, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	if n <= 0 {
		return nil, ctx.Err()
	}
	var snap *snapshot
	type weighted struct {
		w float64
		column
	}
	var cheap, costly []weighted
	var slack float64 // the most the costly kernels can add
	q = orEmpty(q)
	for _, p := range parts {
		c, ok := p.Scorer.(columnScorer)
		if !ok || !usable(p) {
			continue
		}
		if snap == nil {
			snap = c.snapshot()
		} else if c.snapshot() != snap {
			continue // a part fitted on another corpus cannot share the rows
		}
		col := weighted{p.Weight, c.column(q, snap.row(q))}
		if col.row != nil {
			costly = append(costly, col)
			slack += max(0, p.Weight)
		} else {
			cheap = append(cheap, col)
		}
	}
	if snap == nil {
		return nil, ctx.Err()
	}
	rows := len(snap.ids)
	profiles := snap.profiles
	heaps := make([][]scored, 2*workers()) // the second half for the seeds
	// floor is a score that n kept rows reach: a row below it cannot be
	// in the top n. It rises to the best of the workers' heap minima.
	var floor atomic.Uint64
	floor.Store(math.Float64bits(math.Inf(-1)))

	// With a costly kernel, a first pass scores the cheap parts of every
	// row and seeds the top with the full scores of the rows best by the
	// cheap parts (at least 2n of them, for the filter): the floor starts
	// near the final n-th score, and the second pass computes the costly
	// parts only for the few rows that the bound leaves a chance.
	var cheapAll []float64
	seeded := math.Inf(1) // rows whose cheap score reaches it are seeds
	if len(costly) > 0 {
		bp := cheapPool.Get().(*[]float64)
		defer cheapPool.Put(bp)
		if cap(*bp) < rows {
			*bp = make([]float64, rows)
		}
		cheapAll = (*bp)[:rows]
		clear(cheapAll)
		var lo, hi float64
		for _, c := range cheap {
			lo, hi = lo+min(0, c.w), hi+max(0, c.w)
		}
		const bins = 256
		scale := bins / max(hi-lo, 1e-12)
		hists := make([][bins]int32, workers())
		if err := parallel(ctx, rows, 4*screenBlock, func(w, lo0, hi0 int) {
			for b := lo0; b < hi0; b += screenBlock {
				e := min(hi0, b+screenBlock)
				for _, c := range cheap {
					c.block(b, e, c.w, cheapAll[b:e])
				}
				for _, v := range cheapAll[b:e] {
					hists[w][min(bins-1, max(0, int((v-lo)*scale)))]++
				}
			}
		}); err != nil {
			return nil, err
		}
		count := 0
		cut := bins
		for cut > 0 && count < 2*n {
			cut--
			for w := range hists {
				count += int(hists[w][cut])
			}
		}
		seeded = lo + float64(cut)/scale
		if cut == 0 {
			seeded = math.Inf(-1)
		}
		var seeds []int32
		for r, v := range cheapAll {
			if v >= seeded {
				seeds = append(seeds, int32(r))
			}
		}
		if err := parallel(ctx, len(seeds), 256, func(w, lo, hi int) {
			h := heaps[workers()+w]
			for _, r := range seeds[lo:hi] {
				v := cheapAll[r]
				for _, c := range costly {
					v += c.w * c.row(int(r))
				}
				if v < math.Float64frombits(floor.Load()) {
					continue
				}
				h = push(h, n, scored{v, r}, keep, profiles)
				if len(h) == n {
					raise(&floor, h[0].v)
				}
			}
			heaps[workers()+w] = h
		}); err != nil {
			return nil, err
		}
	}

	err := parallel(ctx, rows, 4*screenBlock, func(w, lo, hi int) {
		h := heaps[w]
		var acc [screenBlock]float64
		var live []int32 // rows of a block that the costly kernels must score
		for b := lo; b < hi; b += screenBlock {
			e := min(hi, b+screenBlock)
			a := acc[:e-b]
			fl := math.Float64frombits(floor.Load())
			if cheapAll == nil {
				clear(a)
				for _, c := range cheap {
					c.block(b, e, c.w, a)
				}
			} else {
				copy(a, cheapAll[b:e])
				bound := fl
				if len(h) == n {
					bound = max(bound, h[0].v)
				}
				live = live[:0]
				for i, v := range a {
					if v < seeded && v+slack >= bound {
						live = append(live, int32(i))
					}
				}
				// Rows left out stay below the bound, so the heap
				// rejects them below. Where most rows are live, the
				// block kernel is faster than row by row.
				for _, c := range costly {
					if len(live) > len(a)/4 {
						c.block(b, e, c.w, a)
						continue
					}
					for _, i := range live {
						a[i] += c.w * c.row(b+int(i))
					}
				}
			}
			for i, v := range a {
				// A worker's rows increase, so a tie loses to the heap;
				// another worker's n-th may have a lower row, hence <.
				if len(h) == n && v <= h[0].v || v < fl || cheapAll != nil && cheapAll[b+i] >= seeded {
					continue
				}
				h = push(h, n, scored{v, int32(b + i)}, keep, profiles)
			}
			if len(h) == n && h[0].v > fl {
				raise(&floor, h[0].v)
			}
		}
		heaps[w] = h
	})
	if err != nil {
		return nil, err
	}
	var all []scored
	for _, h := range heaps {
		all = append(all, h...)
	}
	slices.SortFunc(all, func(a, b scored) int {
		switch {
		case better(a, b):
			return -1
		case better(b, a):
			return 1
		}
		return 0
	})
	if len(all) > n {
		all = all[:n]
	}
	out := make([]*profile.Profile, len(all))
	for i, s := range all {
		out[i] = orEmpty(profiles[s.row])
	}
	return out, nil
}

type scored struct {
	v   float64
	row int32
}

// cheapPool recycles the cheap scores of a screen's first pass.
var cheapPool = sync.Pool{New: func() any { return new([]float64) }}

// push adds s to the heap h of at most n rows if it beats the worst row
// of a full heap and keep accepts its profile (checked last: it reads the
// profile).
func push(h []scored, n int, s scored, keep func(*profile.Profile) bool, profiles []*profile.Profile) []scored {
	if len(h) == n && !better(s, h[0]) {
		return h
	}
	if keep != nil && !keep(orEmpty(profiles[s.row])) {
		return h
	}
	if len(h) < n {
		h = append(h, s)
		up(h, len(h)-1)
	} else {
		h[0] = s
		down(h, 0)
	}
	return h
}

// raise sets f to v if v is greater.
func raise(f *atomic.Uint64, v float64) {
	for {
		old := f.Load()
		if math.Float64frombits(old) >= v || f.CompareAndSwap(old, math.Float64bits(v)) {
			return
		}
	}
}

// better orders by value, then by row.
func better(a, b scored) bool { return a.v > b.v || (a.v == b.v && a.row < b.row) }

// up and down keep h a min-heap under better: the worst row on top.
func up(h []scored, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !better(h[p], h[i]) {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func down(h []scored, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && better(h[c], h[c+1]) {
			c++
		}
		if !better(h[i], h[c]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// Screen ranks the corpus by the weighted sum of the dense parts; see
// [Screener].
func (w Weighted) Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	return screen(ctx, w.parts(), q, n, keep)
}

// Screen ranks the corpus by Bias plus the weighted sum of the dense
// parts (σ is monotone, so it is left out); see [Screener].
func (l Logistic) Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	return screen(ctx, l.parts(), q, n, keep)
}

func (s *sectorScorer) Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	return screen(ctx, []Part{{s, 1}}, q, n, keep)
}

func (s *marketScorer) Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	return screen(ctx, []Part{{s, 1}}, q, n, keep)
}

func (s *lsaScorer) Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	return screen(ctx, []Part{{s, 1}}, q, n, keep)
}

func (s *geoScorer) Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	return screen(ctx, []Part{{s, 1}}, q, n, keep)
}

// column: the best relatedness of each division to q's divisions, then
// for each row the best over its divisions, as [best] does pair by pair.
func (s *sectorScorer) column(q *profile.Profile, _ int32) column {
	m := s.matrix()
	var bq [maxDivisions]int8
	dq := divisionsOf(q, bq[:])
	var to [256]float64 // division -> score; numDivisions (padding) stays 0
	for d := range numDivisions {
		for _, a := range dq {
			to[d] = max(to[d], unit(m.At(int(a), d)))
		}
	}
	cols := &s.snap.cols
	return column{block: func(lo, hi int, w float64, acc []float64) {
		if len(dq) == 0 {
			return
		}
		for r, ds := range cols.div[lo:hi] {
			var v float64
			if ds[0] == manyDivs {
				for _, d := range s.snap.codes[lo+r].divisions() {
					v = max(v, to[d])
				}
			} else {
				v = max(to[ds[0]], to[ds[1]], to[ds[2]], to[ds[3]])
			}
			acc[r] += w * v
		}
	}}
}

func (s *marketScorer) column(q *profile.Profile, _ int32) column {
	a := countries(q.TargetMarkets)
	na := a.count()
	cols := &s.snap.cols
	var mask uint64
	masked := true // every market of q has a bit
	for m := range numCodes {
		if a.has(m) {
			if b := cols.mktBit[m]; b >= 0 {
				mask |= 1 << b
			} else {
				masked = false
			}
		}
	}
	codes := s.snap.codes
	// inv[nb] is 1/sqrt(na·nb): ochiaiCounts without a square root per row.
	inv := make([]float64, cols.maxMkt+1)
	for nb := 1; nb < len(inv); nb++ {
		inv[nb] = 1 / math.Sqrt(float64(na*nb))
	}
	return column{block: func(lo, hi int, w float64, acc []float64) {
		switch {
		case na == 0:
		case masked:
			for r, bits := range cols.mkt[lo:hi] {
				if shared := bits & mask; shared != 0 {
					acc[r] += w * min(1, float64(popcount(shared))*inv[cols.nMkt[lo+r]])
				}
			}
		default:
			for r := lo; r < hi; r++ {
				if ms := codes[r].markets; len(ms) > 0 {
					acc[r-lo] += w * ochiaiCounts(a.hits(ms), na, len(ms))
				}
			}
		}
	}}
}

func (s *geoScorer) column(q *profile.Profile, _ int32) column {
	a := s.side(q)
	// by[c+1] is the score against a row of country number c (-1: unknown).
	by := make([]float64, numCodes+1)
	by[0] = geoScore(a, side{country: -1, eligible: s.unknownOK})
	for c := range numCodes {
		by[c+1] = geoScore(a, side{country: c, eligible: s.eligible[c]})
	}
	cols := &s.snap.cols
	return column{block: func(lo, hi int, w float64, acc []float64) {
		for r, c := range cols.country[lo:hi] {
			acc[r] += w * by[int(c)+1]
		}
	}}
}

// column: a latent cosine costs a 64-float dot product, several times a
// cheap kernel, so it is costly: the screen computes it only where
// sector, market and geo leave a row a chance, by blocks where that is
// most rows. Gemv and Dot are gonum's assembly kernels.
func (s *lsaScorer) column(q *profile.Profile, qrow int32) column {
	if s.k == 0 {
		return column{block: func(int, int, float64, []float64) {}}
	}
	qv := blas32.Vector{N: s.k, Inc: 1, Data: s.vector(q, qrow)}
	k := s.k
	return column{
		block: func(lo, hi int, w float64, acc []float64) {
			var buf [screenBlock]float32
			y := blas32.Vector{N: hi - lo, Inc: 1, Data: buf[:hi-lo]}
			a := blas32.General{Rows: hi - lo, Cols: k, Stride: k, Data: s.emb[lo*k : hi*k]}
			blas32.Gemv(blas.NoTrans, 1, a, qv, 0, y)
			for r, v := range y.Data {
				if v > 0 {
					acc[r] += w * float64(min(v, 1))
				}
			}
		},
		row: func(r int) float64 {
			if v := blas32.Dot(qv, blas32.Vector{N: k, Inc: 1, Data: s.emb[r*k : r*k+k]}); v > 0 {
				return float64(min(v, 1))
			}
			return 0 // also for NaN
		},
	}
}

func popcount(x uint64) int { return bits.OnesCount64(x) }

// columns hold the codes of every corpus row compactly, so that a screen
// reads a few bytes per row and part (see BenchmarkScreen).
type columns struct {
	country []int16
	// div holds a row's divisions, padded with numDivisions; a row with
	// more than screenDivs has manyDivs in div[r][0] and is read from
	// the rowCodes.
	div [][screenDivs]uint8
	// mkt has bit b set when the row targets the market of bit b; bits
	// go to the 64 markets most targeted in the corpus. nMkt is the
	// row's number of markets, all of them.
	mkt    []uint64
	nMkt   []uint16
	maxMkt uint16
	mktBit [numCodes]int8 // market number -> bit, or -1
}

const (
	screenDivs = 4
	manyDivs   = 255
)

func newColumns(codes []rowCodes) columns {
	c := columns{
		country: make([]int16, len(codes)),
		div:     make([][screenDivs]uint8, len(codes)),
		mkt:     make([]uint64, len(codes)),
		nMkt:    make([]uint16, len(codes)),
	}
	var freq [numCodes]int
	for i := range codes {
		for _, m := range codes[i].markets {
			freq[m]++
		}
	}
	order := make([]int, 0, numCodes)
	for m, f := range freq {
		if f > 0 {
			order = append(order, m)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return freq[b] - freq[a] })
	for m := range c.mktBit {
		c.mktBit[m] = -1
	}
	for b, m := range order[:min(64, len(order))] {
		c.mktBit[m] = int8(b)
	}
	for i := range codes {
		rc := &codes[i]
		c.country[i] = rc.country
		ds := rc.divisions()
		for k := range screenDivs {
			switch {
			case len(ds) > screenDivs:
				c.div[i][k] = manyDivs
			case k < len(ds):
				c.div[i][k] = uint8(ds[k])
			default:
				c.div[i][k] = numDivisions
			}
		}
		c.nMkt[i] = uint16(len(rc.markets))
		c.maxMkt = max(c.maxMkt, c.nMkt[i])
		for _, m := range rc.markets {
			if b := c.mktBit[m]; b >= 0 {
				c.mkt[i] |= 1 << b
			}
		}
	}
	return c
}
