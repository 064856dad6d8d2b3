package index

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRangeTerms checks rangeTerms against numTerms: a value is in
// [lo, hi] exactly when one of its terms is among the range's terms.
func TestRangeTerms(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ranges := [][2]int{{1, 1}, {1, numMax}, {15, 16}, {16, 31}, {1990, 2024}, {255, 4097}, {numMax - 3, numMax}, {100, 100}}
	for range 200 {
		lo := 1 + r.IntN(70000)
		ranges = append(ranges, [2]int{lo, lo + r.IntN(70000)})
	}
	for _, rg := range ranges {
		ts := rangeTerms("f", rg[0], rg[1])
		assert.LessOrEqual(t, len(ts), 2*15*numLevels, "rangeTerms(%v) size", rg)
		values := []int{rg[0] - 1, rg[0], rg[0] + 1, rg[1] - 1, rg[1], rg[1] + 1, 1, numMax}
		for range 50 {
			values = append(values, 1+r.IntN(150000))
		}
		for _, v := range values {
			if v < 1 || v > numMax {
				continue
			}
			in := v >= rg[0] && v <= rg[1]
			hit := slices.ContainsFunc(numTerms("f", v), func(x string) bool { return slices.Contains(ts, x) })
			assert.Equal(t, in, hit, "value %d in range %v", v, rg)
		}
	}
	assert.Equal(t, []string{"f0:7da"}, rangeTerms("f", 2010, 2010), "a one-value range")
	assert.Equal(t, []string{"m0:1", "m1:0", "m2:0", "m3:0", "m4:0", "m5:0"}, numTerms("m", 1), "terms of 1")
}
