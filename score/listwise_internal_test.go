package score

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lwFixture returns n queries of two features: one relevant candidate
// with a strong sparse signal (feature 1) and a middling dense one
// (feature 0), five strangers with a strong dense signal only and 50
// others with neither, each standing for weight profiles.
func lwFixture(n int, weight float64) []lwQuery {
	qs := make([]lwQuery, n)
	for i := range qs {
		q := lwQuery{ideal: 1}
		add := func(rel bool, w float64, x ...float64) {
			q.x = append(q.x, x...)
			q.rel = append(q.rel, rel)
			q.weight = append(q.weight, w)
		}
		add(true, 1, 0.5, 1)
		for range 5 {
			add(false, weight, 0.9, 0)
		}
		for range 50 {
			add(false, weight, 0.1, 0)
		}
		qs[i] = q
	}
	return qs
}

func TestListwiseNDCG(t *testing.T) {
	tests := []struct {
		name   string
		weight float64
		w      []float64
		want   float64
	}{
		{"sparse signal first", 1, []float64{1, 1}, 1},
		{"dense signal first: rank 6", 1, []float64{1, 0.1}, 1 / math.Log2(7)},
		{"strangers stand for 3 each: rank 16, past the cut", 3, []float64{1, 0.1}, 0},
		{"all tied: half of everyone above", 1, []float64{0, 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, ndcg(lwFixture(4, tt.weight), tt.w, nil), 1e-12)
		})
	}
}

// TestListwiseRefine checks that the step moves the weights to where the
// relevant candidate leads, keeps the logistic's norm, respects the signs
// it must keep, and returns the start unchanged where nothing is gained.
func TestListwiseRefine(t *testing.T) {
	ctx := context.Background()
	qs := lwFixture(20, 1)
	w0 := []float64{1, 0.1}
	w, err := refine(ctx, qs, w0, []bool{false, true}, 4, 0)
	require.NoError(t, err)
	assert.Equal(t, 1.0, ndcg(qs, w, nil), "refined: the relevant candidate first (w %v)", w)
	assert.InDelta(t, math.Hypot(w0[0], w0[1]), math.Hypot(w[0], w[1]), 1e-9, "norm of the start")
	assert.GreaterOrEqual(t, w[1], 0.0, "non-negative coefficient")

	good := []float64{0.2, 1}
	w, err = refine(ctx, qs, good, []bool{false, true}, 4, 0)
	require.NoError(t, err)
	assert.Equal(t, good, w, "nothing to gain: the start")

	w, err = refine(ctx, qs[:3], w0, []bool{false, true}, 4, 0)
	require.NoError(t, err)
	assert.Equal(t, w0, w, "too few queries to hold any out: the start")
	w, err = refine(ctx, qs, w0, []bool{false, true}, 4, 21)
	require.NoError(t, err)
	assert.Equal(t, w0, w, "fewer queries than asked for: the start")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = refine(cctx, qs, w0, []bool{false, true}, 4, 0)
	assert.ErrorIs(t, err, context.Canceled)
}
