package themes

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Each concern draws from its own stream, keyed by (Seed, salt, index):
// the plan, every target partnership, every profile and the history. So a
// profile does not depend on how many numbers its neighbours drew, work
// is linear in the world's size, and switching History on leaves every
// profile but its Partnerships unchanged.
const (
	saltPlan    uint64 = 0x7468656d65730001
	saltTarget  uint64 = 0x7468656d65730002
	saltProfile uint64 = 0x7468656d65730003
	saltHistory uint64 = 0x7468656d65730004
)

func stream(seed, salt, i uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, splitmix(salt^splitmix(i))))
}

// splitmix is the SplitMix64 finaliser: it spreads neighbouring indexes
// over unrelated PCG streams.
func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// A table draws indexes with probability proportional to weights.
type table struct{ cum []float64 }

func newTable(weights []float64) table {
	t := table{cum: make([]float64, len(weights))}
	s := 0.0
	for i, w := range weights {
		s += w
		t.cum[i] = s
	}
	return t
}

func (t table) draw(r *rand.Rand) int {
	// Strictly above x, so that an item of weight zero is never drawn.
	x := r.Float64() * t.cum[len(t.cum)-1]
	return min(sort.Search(len(t.cum), func(i int) bool { return t.cum[i] > x }), len(t.cum)-1)
}

// pick returns a uniformly drawn element of s.
func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// between returns a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// logUniform returns an integer in [lo, hi] with a uniform logarithm, as
// organisation sizes are: many small, few large.
func logUniform(r *rand.Rand, lo, hi int) int {
	v := float64(lo) * math.Pow(float64(hi)/float64(lo), r.Float64())
	return min(hi, max(lo, int(v+0.5)))
}
