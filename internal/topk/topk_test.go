package topk_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/internal/topk"
)

// An item is a score with an id that breaks its ties, as the callers
// order their candidates.
type item struct {
	score float64
	id    int
}

// order ranks a higher score first, then a lower id: a strict total
// order for items of distinct ids and non-NaN scores. It compares with <
// and >, as the callers do, so that a NaN is no order at all.
func order(a, b item) int {
	switch {
	case a.score > b.score:
		return -1
	case a.score < b.score:
		return 1
	}
	return a.id - b.id
}

func items(scores ...float64) []item {
	out := make([]item, len(scores))
	for i, s := range scores {
		out[i] = item{s, i}
	}
	return out
}

// want is the reference: sort the whole input, keep the first k.
func want(xs []item, k int) []item {
	s := slices.Clone(xs)
	slices.SortFunc(s, func(a, b item) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	return append([]item{}, s[:min(max(k, 0), len(s))]...)
}

// viaHeap pushes xs to a Heap of k and returns its Sorted.
func viaHeap(xs []item, k int) []item {
	var h topk.Heap[item]
	h.Reset(k, order)
	for _, x := range xs {
		h.Push(x)
	}
	return append([]item{}, h.Sorted()...)
}

func TestTopK(t *testing.T) {
	tests := []struct {
		name string
		in   []item
		k    int
		want []int // ids, best first
	}{
		{"empty", nil, 3, []int{}},
		{"k=0", items(3, 1, 2), 0, []int{}},
		{"k<0", items(3, 1, 2), -1, []int{}},
		{"k=1", items(3, 1, 4, 1, 5), 1, []int{4}},
		{"k=n", items(3, 1, 2), 3, []int{0, 2, 1}},
		{"k>n", items(3, 1, 2), 10, []int{0, 2, 1}},
		{"ties by id", items(2, 5, 2, 5, 2), 3, []int{1, 3, 0}},
		{"all equal", items(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 2, []int{0, 1}},
		{"ids out of order", []item{{1, 9}, {1, 3}, {2, 7}, {1, 5}}, 3, []int{7, 3, 5}},
		{"negative and infinite", items(-1, math.Inf(-1), math.Inf(1), 0), 3, []int{2, 3, 0}},
		{"heap path", items(0, 9, 1, 8, 2, 7, 3, 6, 4, 5, 9, 0, 8, 1, 7, 2, 6, 3, 5, 4), 3, []int{1, 10, 3}},
	}
	ids := func(xs []item) []int {
		out := make([]int, len(xs))
		for i, x := range xs {
			out[i] = x.id
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ids(viaHeap(tt.in, tt.k)), "Heap")
			in := slices.Clone(tt.in)
			assert.Equal(t, tt.want, ids(topk.Select(in, tt.k, order)), "Select")
			assert.ElementsMatch(t, tt.in, in, "Select must permute its input")
		})
	}
}

// TestAgainstSort checks both strategies of Select, and the Heap, against
// sort-and-truncate on random input with many ties.
func TestAgainstSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		n := r.IntN(300)
		xs := make([]item, n)
		for i, id := range r.Perm(n) {
			xs[i] = item{float64(r.IntN(20)), id}
		}
		k := r.IntN(n + 3)
		if r.IntN(2) == 0 {
			k = r.IntN(max(1, n/8)) // the heap path of Select
		}
		w := want(xs, k)
		in := slices.Clone(xs)
		got := topk.Select(in, k, order)
		require.Equal(t, w, append([]item{}, got...), "Select: n=%d k=%d", n, k)
		require.ElementsMatch(t, xs, in, "Select must permute its input")
		require.Equal(t, w, viaHeap(xs, k), "Heap: n=%d k=%d", n, k)
	}
}

// TestNaN: a NaN score makes order no order at all. The package then promises
// only the count and that the elements are the input's (compared by id:
// NaN equals nothing).
func TestNaN(t *testing.T) {
	xs := items(1, math.NaN(), 3, math.NaN(), 2, 0, math.NaN(), 5, 4, 6, 7, 8, 9, 10, 11, 12)
	ids := func(xs []item) []int {
		out := make([]int, len(xs))
		for i, x := range xs {
			out[i] = x.id
		}
		return out
	}
	all := ids(xs)
	for _, k := range []int{0, 1, 2, 5, len(xs), len(xs) + 1} {
		in := slices.Clone(xs)
		got := ids(topk.Select(in, k, order))
		assert.Len(t, got, min(k, len(xs)), "Select k=%d", k)
		assert.ElementsMatch(t, all, ids(in), "Select k=%d", k)
		h := ids(viaHeap(xs, k))
		assert.Len(t, h, min(k, len(xs)), "Heap k=%d", k)
		assert.Subset(t, all, h, "Heap k=%d", k)
		slices.Sort(h)
		assert.Len(t, slices.Compact(h), min(k, len(xs)), "Heap k=%d keeps each once", k)
	}
}

func TestHeapBound(t *testing.T) {
	var h topk.Heap[item]
	_, full := h.Bound()
	assert.True(t, full, "the zero Heap keeps none")
	assert.False(t, h.Wants(item{1, 0}))
	h.Push(item{1, 0})
	assert.Equal(t, 0, h.Len())

	h.Reset(2, order)
	_, full = h.Bound()
	assert.False(t, full)
	assert.True(t, h.Wants(item{-1, 9}), "a heap not full takes anything")
	h.Push(item{3, 1})
	h.Push(item{5, 2})
	b, full := h.Bound()
	assert.True(t, full)
	assert.Equal(t, item{3, 1}, b)
	assert.False(t, h.Wants(item{3, 4}), "a tie loses to the lower id")
	assert.True(t, h.Wants(item{3, 0}), "and wins with a lower one")
	h.Push(item{4, 7})
	b, _ = h.Bound()
	assert.Equal(t, item{4, 7}, b)
	assert.Equal(t, []item{{5, 2}, {4, 7}}, h.Sorted())
	assert.Equal(t, 0, h.Len(), "Sorted empties the heap")

	h.Reset(1, order) // reuses the storage
	h.Push(item{1, 1})
	assert.Equal(t, []item{{1, 1}}, h.Sorted())
}

func ExampleSelect() {
	type cand struct {
		id    string
		score float64
	}
	cs := []cand{{"b", 0.5}, {"a", 0.9}, {"d", 0.5}, {"c", 0.7}, {"e", 0.1}}
	// Higher score first, then lower id: a strict total order.
	top := topk.Select(cs, 3, func(x, y cand) int {
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(x.id, y.id))
	})
	fmt.Println(top)
	// Output: [{a 0.9} {c 0.7} {b 0.5}]
}

func BenchmarkSelect(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, bc := range []struct{ n, k int }{{1000, 10}, {1000, 200}, {100000, 200}} {
		src := make([]item, bc.n)
		for i := range src {
			src[i] = item{r.Float64(), i}
		}
		xs := make([]item, bc.n)
		b.Run(fmt.Sprintf("n=%d/k=%d", bc.n, bc.k), func(b *testing.B) {
			for b.Loop() {
				copy(xs, src)
				topk.Select(xs, bc.k, order)
			}
		})
	}
}

func BenchmarkHeap(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, bc := range []struct{ n, k int }{{1000, 10}, {100000, 200}} {
		src := make([]item, bc.n)
		for i := range src {
			src[i] = item{r.Float64(), i}
		}
		var h topk.Heap[item]
		b.Run(fmt.Sprintf("n=%d/k=%d", bc.n, bc.k), func(b *testing.B) {
			for b.Loop() {
				h.Reset(bc.k, order)
				for _, x := range src {
					if h.Wants(x) {
						h.Push(x)
					}
				}
				h.Sorted()
			}
		})
	}
}
