package match

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ n, k, values int }{
		{0, 10, 5}, {3, 10, 5}, {40, 10, 5}, {1000, 10, 50}, {1000, 1, 3}, {1000, 0, 3}, {1000, 300, 1000}, {41, 10, 2},
	} {
		xs := make([]int, tc.n)
		keys := make([]int, tc.n)
		for i := range xs {
			xs[i], keys[i] = i, r.IntN(tc.values) // many ties, broken by index
		}
		order := func(a, b int) int { return cmp.Or(cmp.Compare(keys[b], keys[a]), cmp.Compare(a, b)) }
		want := slices.SortedFunc(slices.Values(slices.Clone(xs)), order)
		want = want[:min(tc.k, len(want))]
		got := best(slices.Clone(xs), tc.k, order)
		if len(want) == 0 {
			assert.Empty(t, got, "n=%d k=%d", tc.n, tc.k)
			continue
		}
		assert.Equal(t, want, got, "n=%d k=%d", tc.n, tc.k)
	}
}
