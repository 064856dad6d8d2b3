package score

import (
	"context"
	"math"
	"math/bits"
	"slices"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/clustergo/partnermatch/internal/topk"
	"github.com/clustergo/partnermatch/profile"
)

// A Screener is a fitted scorer that can rank its whole corpus for one
// query in a single linear scan, by the part of its score that is cheap
// to compute for every profile.
//
// Screen returns up to n corpus profiles that keep accepts (nil keeps
// all), best first by that partial score, ties in corpus order. keep is
// called only for profiles near the top, possibly from several
// goroutines at once. The profiles are the corpus's own, as they were
// when the scorer was fitted; profiles changed since are screened by
// their fitted data.
//
// The built-in partial score is the weighted sum of the fitted parts
// that are dense over the corpus ([DenseScorer]: sector, market, lsa,
// geo, activity and affinity, and any model of one's own that is one),
// with the lsa part taken as the cosine in the 16 leading latent
// dimensions (the strongest topics): a quarter of the memory that a scan
// of the full vectors reads, which at scale is what the scan costs. The
// sparse parts (reciprocal and tfidf, which a text index retrieves, and
// history, which the collaboration graph yields) and any part that is
// not a DenseScorer are left out. A retrieval stage that unites the
// screen with text candidates and graph neighbours, and rescores them
// with the full model, thus sees every signal. Weighted (the fitted
// hybrid) and Logistic (learned) scorers, and the fitted sector, market,
// lsa, geo, activity and affinity models, are Screeners; any other
// model is not.
type Screener interface {
	Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error)
}

// A DenseScorer is a fitted Scorer that rates one query against every
// profile of the corpus it was fitted on, a block of rows at a time: the
// cheap, dense part of a model that a screen (see [Screener]) can afford
// for every profile. Weighted and Logistic screen every part that is a
// DenseScorer of the same rows, built-in or not; a part that is not one
// is left to retrieval and rescoring, as the sparse built-in parts are.
//
// Row r is Corpus().Profiles[r]. Parts are screened together when their
// corpora share their rows: the same *Corpus, or one that Learned derives
// from it to cross-fit its weights (which has the same Profiles). The
// first dense part of a combination decides the rows; a dense part fitted
// on another corpus is left out. Profiles that are not in the corpus are
// never rows: only the query may be one.
//
// ScoreRows sets out[i] to the score of q against row lo+i, for every i
// below len(out), and must not keep out. The screen calls it once per
// block of at most a few thousand consecutive rows, from several
// goroutines at once (disjoint blocks of one query, and other queries),
// so it must be safe for concurrent use, and work that depends on q alone
// is best done once per query by the caller's own means (or kept cheap).
// q may be a corpus profile, an equal copy of one, or a profile the
// corpus does not hold; it is rated by its current content, as Score
// rates it. A score is in [0, 1], higher better, like Score's, and should
// equal Score(q, row) or rank the rows as it does: the built-in lsa model
// rates rows by its 16 leading latent dimensions (see [Screener]). The
// screen clamps scores to [0, 1] and counts NaN as 0.
//
// Corpus returns the corpus whose rows ScoreRows rates; nil means no
// rows, and the scorer is not screened. The fitted built-in sector,
// market, lsa, geo, activity and affinity models are DenseScorers.
type DenseScorer interface {
	Scorer
	Corpus() *Corpus
	ScoreRows(q *profile.Profile, lo int, out []float64)
}

// A columnar DenseScorer has a fast kernel that the screen uses instead
// of ScoreRows: it prepares q once and accumulates w·score into the
// screen's sums without a buffer (see BenchmarkScreen).
type columnar interface {
	column(q *profile.Profile, qrow int32) column
}

// scoreRows implements ScoreRows for a columnar scorer of snap.
func scoreRows(c columnar, snap *snapshot, q *profile.Profile, lo int, out []float64) {
	clear(out)
	c.column(orEmpty(q), snap.row(q))(lo, lo+len(out), 1, out)
}

// denseColumn is the column of a DenseScorer without a kernel of its own.
func denseColumn(d DenseScorer, q *profile.Profile) column {
	return func(lo, hi int, w float64, acc []float64) {
		buf := rowsPool.Get().(*[screenBlock]float64)
		defer rowsPool.Put(buf)
		for b := lo; b < hi; b += screenBlock {
			out := buf[:min(hi-b, screenBlock)]
			d.ScoreRows(q, b, out)
			for i, v := range out {
				if v > 0 { // NaN and negative scores count as 0
					acc[b-lo+i] += w * min(v, 1)
				}
			}
		}
	}
}

// rowsPool recycles the buffers of denseColumn.
var rowsPool = sync.Pool{New: func() any { return new([screenBlock]float64) }}

// A column adds w·unit(score) to acc[r-lo] for the rows r in [lo, hi):
// one query's kernel over a block of corpus rows.
type column func(lo, hi int, w float64, acc []float64)

// screenBlock is the rows scored per kernel call: the accumulator stays
// in the L1 cache.
const screenBlock = 2048

// screen implements Screener for a linear combination of parts; only
// the parts that are DenseScorers of one corpus's rows contribute.
//
// One parallel pass scores every row and counts the scores in a
// histogram; the selection then takes the rows of the best bins, selects
// them best first a chunk at a time (topk.Select), and checks keep on
// each chunk in parallel, lowering the cut until n rows are kept. keep thus reads only
// the profiles near the top, which are cache misses.
func screen(ctx context.Context, parts []Part, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	if n <= 0 {
		return nil, ctx.Err()
	}
	var snap *snapshot
	type weighted struct {
		w float64
		column
	}
	var cols []weighted
	var lo, hi float64 // the range of a row's score
	q = orEmpty(q)
	var root *Corpus
	var qrow int32
	for _, p := range parts {
		d, ok := p.Scorer.(DenseScorer)
		if !ok || !usable(p) {
			continue
		}
		c := d.Corpus()
		if c == nil {
			continue
		}
		if root == nil {
			root = c.root()
			snap = root.snapshot()
			qrow = snap.row(q)
		} else if c.root() != root {
			continue // a part fitted on another corpus cannot share the rows
		}
		var col column
		if k, ok := d.(columnar); ok {
			col = k.column(q, qrow)
		} else {
			col = denseColumn(d, q)
		}
		cols = append(cols, weighted{p.Weight, col})
		lo, hi = lo+min(0, p.Weight), hi+max(0, p.Weight)
	}
	if snap == nil {
		return nil, ctx.Err()
	}
	rows := len(snap.ids)
	bp := scorePool.Get().(*[]float64)
	defer scorePool.Put(bp)
	if cap(*bp) < rows {
		*bp = make([]float64, rows)
	}
	all := (*bp)[:rows]
	// The histogram counts every sampleEvery-th row: enough to size the
	// selection's rounds, which do not rely on it for correctness.
	const sampleEvery = 8
	scale := screenBins / max(hi-lo, 1e-12)
	hists := make([][screenBins]int32, workers())
	if err := parallel(ctx, len(hists), rows, 4*screenBlock, func(w, lo0, hi0 int) {
		h := &hists[w]
		for b := lo0; b < hi0; b += screenBlock {
			e := min(hi0, b+screenBlock)
			a := all[b:e]
			clear(a)
			for _, c := range cols {
				c.column(b, e, c.w, a)
			}
			for i := 0; i < len(a); i += sampleEvery {
				h[min(screenBins-1, max(0, int((a[i]-lo)*scale)))]++
			}
		}
	}); err != nil {
		return nil, err
	}

	// Rounds take the rows scoring in [from, to), to the previous
	// round's from (scores are finite: +Inf is above them all): ordering
	// each round's rows orders the whole corpus. The first round holds
	// about 2n rows by the histogram.
	out := make([]*profile.Profile, 0, min(n, rows))
	var round []scored
	found := make([][]scored, workers()) // a round's rows, by worker
	var ok []bool
	want, cut := 2*n, screenBins
	to := math.Inf(1)
	for to > math.Inf(-1) && len(out) < n {
		count := 0
		for cut > 0 && count < want {
			cut--
			for w := range hists {
				count += sampleEvery * int(hists[w][cut])
			}
		}
		want *= 4
		from := lo + float64(cut)/scale
		if cut == 0 {
			from = math.Inf(-1)
		}
		for w := range found {
			found[w] = found[w][:0]
		}
		if err := parallel(ctx, len(found), rows, 8*screenBlock, func(w, lo, hi int) {
			for r, v := range all[lo:hi] {
				if v >= from && v < to {
					found[w] = append(found[w], scored{v, int32(lo + r)})
				}
			}
		}); err != nil {
			return nil, err
		}
		to = from
		round = round[:0]
		for _, f := range found {
			round = append(round, f...)
		}
		for len(round) > 0 && len(out) < n {
			// The round's best chunk, sorted; the rest wait for the next
			// chunk unsorted, and are never sorted if keep fills out first.
			chunk := topk.Select(round, n-len(out)+n/4+16, byValue)
			round = round[len(chunk):]
			ok = slices.Grow(ok[:0], len(chunk))[:len(chunk)]
			if keep != nil {
				if err := parallel(ctx, workers(), len(chunk), 64, func(_, lo, hi int) {
					for i := lo; i < hi; i++ {
						ok[i] = keep(orEmpty(snap.profiles[chunk[i].row]))
					}
				}); err != nil {
					return nil, err
				}
			}
			for i, s := range chunk {
				if (keep == nil || ok[i]) && len(out) < n {
					out = append(out, orEmpty(snap.profiles[s.row]))
				}
			}
		}
	}
	return out, ctx.Err()
}

// screenBins is the histogram's resolution: the first round of the
// selection sorts about 2n rows and those tied with them by bin.
const screenBins = 1024

type scored struct {
	v   float64
	row int32
}

// scorePool recycles the scores of a screen's pass.
var scorePool = sync.Pool{New: func() any { return new([]float64) }}

// byValue orders by value, higher first, then by row: a strict total
// order, as the values are finite.
func byValue(a, b scored) int {
	switch {
	case a.v > b.v:
		return -1
	case a.v < b.v:
		return 1
	}
	return int(a.row - b.row) // rows are >= 0: no overflow
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
	return func(lo, hi int, w float64, acc []float64) {
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
	}
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
	return func(lo, hi int, w float64, acc []float64) {
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
	}
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
	return func(lo, hi int, w float64, acc []float64) {
		for r, c := range cols.country[lo:hi] {
			acc[r] += w * by[int(c)+1]
		}
	}
}

// column: the cosine of the rows' heads with q's (see head), by gonum's
// Gemv over 64 bytes a row: the topic part of the screen.
func (s *lsaScorer) column(q *profile.Profile, qrow int32) column {
	if s.k == 0 {
		return func(int, int, float64, []float64) {}
	}
	var qh [lsaHead]float32
	if qrow >= 0 {
		copy(qh[:], s.heads[int(qrow)*lsaHead:])
	} else {
		head(s.vector(q, qrow), qh[:])
	}
	x := blas32.Vector{N: lsaHead, Inc: 1, Data: qh[:]}
	return func(lo, hi int, w float64, acc []float64) {
		buf := gemvPool.Get().(*[screenBlock]float32) // Gemv's output escapes
		defer gemvPool.Put(buf)
		y := blas32.Vector{N: hi - lo, Inc: 1, Data: buf[:hi-lo]}
		a := blas32.General{Rows: hi - lo, Cols: lsaHead, Stride: lsaHead, Data: s.heads[lo*lsaHead : hi*lsaHead]}
		blas32.Gemv(blas.NoTrans, 1, a, x, 0, y)
		for r, v := range y.Data {
			if v > 0 {
				acc[r] += w * float64(min(v, 1))
			}
		}
	}
}

// gemvPool recycles the lsa column's Gemv outputs.
var gemvPool = sync.Pool{New: func() any { return new([screenBlock]float32) }}

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

// Corpus returns the corpus whose rows the screen rates; see [DenseScorer].
func (s *sectorScorer) Corpus() *Corpus { return s.snap.corpus }

// ScoreRows rates rows lo, lo+1, … for the screen; see [DenseScorer].
func (s *sectorScorer) ScoreRows(q *profile.Profile, lo int, out []float64) {
	scoreRows(s, s.snap, q, lo, out)
}

// Corpus returns the corpus whose rows the screen rates; see [DenseScorer].
func (s *marketScorer) Corpus() *Corpus { return s.snap.corpus }

// ScoreRows rates rows lo, lo+1, … for the screen; see [DenseScorer].
func (s *marketScorer) ScoreRows(q *profile.Profile, lo int, out []float64) {
	scoreRows(s, s.snap, q, lo, out)
}

// Corpus returns the corpus whose rows the screen rates; see [DenseScorer].
func (s *geoScorer) Corpus() *Corpus { return s.snap.corpus }

// ScoreRows rates rows lo, lo+1, … for the screen; see [DenseScorer].
func (s *geoScorer) ScoreRows(q *profile.Profile, lo int, out []float64) {
	scoreRows(s, s.snap, q, lo, out)
}

// Corpus returns the corpus whose rows the screen rates; see [DenseScorer].
func (s *lsaScorer) Corpus() *Corpus { return s.t.snap.corpus }

// ScoreRows rates rows lo, lo+1, … for the screen; see [DenseScorer].
func (s *lsaScorer) ScoreRows(q *profile.Profile, lo int, out []float64) {
	scoreRows(s, s.t.snap, q, lo, out)
}

// Corpus returns the corpus whose rows the screen rates; see [DenseScorer].
func (s *activityScorer) Corpus() *Corpus { return s.snap.corpus }

// ScoreRows rates rows lo, lo+1, … for the screen; see [DenseScorer].
func (s *activityScorer) ScoreRows(q *profile.Profile, lo int, out []float64) {
	scoreRows(s, s.snap, q, lo, out)
}

// Corpus returns the corpus whose rows the screen rates; see [DenseScorer].
func (s *affinityScorer) Corpus() *Corpus { return s.snap.corpus }

// ScoreRows rates rows lo, lo+1, … for the screen; see [DenseScorer].
func (s *affinityScorer) ScoreRows(q *profile.Profile, lo int, out []float64) {
	scoreRows(s, s.snap, q, lo, out)
}
