// Package topk selects the k best of many elements. It is the one top-k
// of this module: the index keeps its best text candidates in a [Heap]
// as it scores them (index/candidates.go), the screen orders each round
// of its histogram's rows with [Select] (score/screen.go), and the engine
// picks a page of partners from the rescored pool with [Select]
// (match/partners.go).
//
// Both take the order from the caller as a function cmp(a, b), as
// slices.SortFunc does: negative when a ranks before b, positive when
// after. It must be a strict total order: cmp returns 0 for no two
// distinct elements, which a tie-break (by id, by row) after the score
// gives. The result is then fully determined by the input, whatever the
// strategy or the input's order. A score that can be NaN makes a
// comparison by < and > no order at all; the callers keep NaN out, and
// the package then still returns the right number of the input's
// elements, but which ones is unspecified.
package topk

import "slices"

// A Heap keeps the k best of the elements pushed to it, by the order of
// cmp (see the package documentation). The zero Heap keeps none; call
// Reset to set k and the order. A Heap reused by Reset keeps its storage,
// so that a Heap held in a per-query scratch allocates only when a query
// keeps more than any before it.
type Heap[T any] struct {
	k   int
	cmp func(a, b T) int
	// h is a binary heap with the worst kept element at h[0]: an entrant
	// is compared with it alone, and most lose.
	h []T
}

// Reset empties h and makes it keep the k best by cmp.
func (h *Heap[T]) Reset(k int, cmp func(a, b T) int) {
	h.k, h.cmp, h.h = max(k, 0), cmp, h.h[:0]
}

// Len returns the number of elements kept, at most k.
func (h *Heap[T]) Len() int { return len(h.h) }

// Bound returns the worst element kept and true once h holds k
// elements: only an element better than it can enter. Before that it
// returns false, and any element enters. With k = 0 it returns T's zero
// value and true, and nothing enters.
func (h *Heap[T]) Bound() (T, bool) {
	if len(h.h) < h.k || len(h.h) == 0 {
		var zero T
		return zero, len(h.h) >= h.k
	}
	return h.h[0], true
}

// Wants reports whether Push(x) would keep x: h holds fewer than k
// elements, or x ranks before the worst kept one. A caller whose
// elements are costly to complete (a filter to test, a field to read)
// asks first.
func (h *Heap[T]) Wants(x T) bool {
	return len(h.h) < h.k || h.k > 0 && h.cmp(x, h.h[0]) < 0
}

// Push offers x: h keeps it if it is among the k best pushed since the
// last Reset, dropping the worst kept element if h was full.
func (h *Heap[T]) Push(x T) {
	if len(h.h) < h.k {
		h.h = append(h.h, x)
		h.up(len(h.h) - 1)
		return
	}
	if h.k == 0 || h.cmp(x, h.h[0]) >= 0 {
		return
	}
	h.h[0] = x
	h.down(0, len(h.h))
}

// Sorted returns the kept elements, best first, and empties h. The
// slice is h's storage: it is valid until the next Push or Reset.
func (h *Heap[T]) Sorted() []T {
	// Heapsort in place: the worst kept element, at the root, goes to
	// the end, and so on, which leaves the best first.
	out := h.h
	for n := len(out) - 1; n > 0; n-- {
		out[0], out[n] = out[n], out[0]
		h.down(0, n)
	}
	h.h = h.h[:0]
	return out
}

// up restores the heap after h.h[i] was appended.
func (h *Heap[T]) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h.cmp(h.h[p], h.h[i]) >= 0 {
			return
		}
		h.h[p], h.h[i] = h.h[i], h.h[p]
		i = p
	}
}

// down restores the heap h.h[:n] after h.h[i] was replaced.
func (h *Heap[T]) down(i, n int) {
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		w := l // the worse child
		if r := l + 1; r < n && h.cmp(h.h[l], h.h[r]) < 0 {
			w = r
		}
		if h.cmp(h.h[i], h.h[w]) >= 0 {
			return
		}
		h.h[i], h.h[w] = h.h[w], h.h[i]
		i = w
	}
}

// Select reorders xs so that its first min(k, len(xs)) elements are the
// best by cmp, best first, and returns them; the others follow in no
// particular order. It allocates nothing: a pool of a thousand for a
// top 10 costs a pass and a fraction of a full sort.
func Select[T any](xs []T, k int, cmp func(a, b T) int) []T {
	if k <= 0 {
		return xs[:0]
	}
	if k >= len(xs)/4 {
		// Most of xs is kept: a sort's comparisons, fewer per element
		// and predictable, cost less than the heap's.
		slices.SortFunc(xs, cmp)
		return xs[:min(k, len(xs))]
	}
	h := Heap[T]{k: k, cmp: cmp, h: xs[:k]}
	for i := k/2 - 1; i >= 0; i-- {
		h.down(i, k)
	}
	for i := k; i < len(xs); i++ {
		if cmp(xs[i], xs[0]) < 0 {
			// A swap rather than an overwrite keeps xs a permutation of
			// its input, so that a caller can go on with the rest.
			xs[i], xs[0] = xs[0], xs[i]
			h.down(0, k)
		}
	}
	return h.Sorted()
}
