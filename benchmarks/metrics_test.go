package benchmarks_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clustergo/partnermatch/benchmarks"
)

func set(ids ...string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// The running example: relevant b and d at ranks 2 and 4 of a list of 5,
// and x, which the list misses.
var (
	exRanked   = []string{"a", "b", "c", "d", "e"}
	exRelevant = set("b", "d", "x")
)

func TestRankMetrics(t *testing.T) {
	type metric func(k int, ranked []string, relevant map[string]bool) float64
	tests := []struct {
		name     string
		f        metric
		k        int
		ranked   []string
		relevant map[string]bool
		want     float64
	}{
		{"P@1 miss", benchmarks.PrecisionAt, 1, exRanked, exRelevant, 0},
		{"P@2", benchmarks.PrecisionAt, 2, exRanked, exRelevant, 0.5},
		{"P@5", benchmarks.PrecisionAt, 5, exRanked, exRelevant, 0.4},
		{"P@10 short list padded with misses", benchmarks.PrecisionAt, 10, exRanked, exRelevant, 0.2},
		{"P@0", benchmarks.PrecisionAt, 0, exRanked, exRelevant, 0},
		{"P no relevant", benchmarks.PrecisionAt, 5, exRanked, set(), 0},

		{"R@2", benchmarks.RecallAt, 2, exRanked, exRelevant, 1.0 / 3},
		{"R@5", benchmarks.RecallAt, 5, exRanked, exRelevant, 2.0 / 3},
		{"R@10 all found", benchmarks.RecallAt, 10, []string{"b", "x", "d"}, exRelevant, 1},
		{"R empty list", benchmarks.RecallAt, 10, nil, exRelevant, 0},

		{"Hit@1 miss", benchmarks.HitAt, 1, exRanked, exRelevant, 0},
		{"Hit@2", benchmarks.HitAt, 2, exRanked, exRelevant, 1},
		{"Hit@0", benchmarks.HitAt, 0, exRanked, exRelevant, 0},

		// DCG@5 = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161;
		// IDCG@5 has min(5, 3) = 3 gains: 1 + 0.63093 + 0.5 = 2.13093.
		{"NDCG@5", benchmarks.NDCGAt, 5, exRanked, exRelevant, 1.06161 / 2.13093},
		// DCG@2 = 0.63093; IDCG@2 = 1 + 0.63093.
		{"NDCG@2", benchmarks.NDCGAt, 2, exRanked, exRelevant, 0.63093 / 1.63093},
		{"NDCG@1 miss", benchmarks.NDCGAt, 1, exRanked, exRelevant, 0},
		{"NDCG perfect", benchmarks.NDCGAt, 3, []string{"d", "b", "x", "a"}, exRelevant, 1},
		// One relevant at rank 3: (1/log2(4)) / 1 = 0.5.
		{"NDCG@10 single relevant at 3", benchmarks.NDCGAt, 10, exRanked, set("c"), 0.5},
		{"NDCG no relevant", benchmarks.NDCGAt, 5, exRanked, set(), 0},

		{"AP", func(k int, r []string, rel map[string]bool) float64 {
			return benchmarks.AveragePrecision(r, rel)
		}, 0, exRanked, exRelevant, (1.0/2 + 2.0/4) / 3}, // precisions 1/2 at b, 2/4 at d; x missing counts 0
		{"AP perfect", func(k int, r []string, rel map[string]bool) float64 {
			return benchmarks.AveragePrecision(r, rel)
		}, 0, []string{"x", "b", "d"}, exRelevant, 1},
		{"AP none", func(k int, r []string, rel map[string]bool) float64 {
			return benchmarks.AveragePrecision(r, rel)
		}, 0, exRanked, set("y"), 0},
		{"RR second", func(k int, r []string, rel map[string]bool) float64 {
			return benchmarks.ReciprocalRank(r, rel)
		}, 0, exRanked, exRelevant, 0.5},
		{"RR none", func(k int, r []string, rel map[string]bool) float64 {
			return benchmarks.ReciprocalRank(r, rel)
		}, 0, exRanked, set("y"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f(tt.k, tt.ranked, tt.relevant)
			assert.InDelta(t, tt.want, got, 1e-5, "k=%d ranked=%v relevant=%v", tt.k, tt.ranked, tt.relevant)
		})
	}
}

func TestDistinctAt(t *testing.T) {
	country := map[string]string{"a": "DE", "b": "FR", "c": "DE", "d": "", "e": "IT"}
	attr := func(id string) string { return country[id] }
	tests := []struct {
		k    int
		want float64
	}{
		{0, 0}, {1, 1}, {3, 2}, {4, 2}, // d has no country
		{5, 3}, {50, 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, benchmarks.DistinctAt(tt.k, exRanked, attr), "DistinctAt(%d, %v)", tt.k, exRanked)
	}
}

func TestGini(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"empty", nil, 0},
		{"all zero", []float64{0, 0}, 0},
		{"equal", []float64{1, 1, 1, 1}, 0},
		{"one holds all of 4", []float64{0, 4, 0, 0}, 0.75}, // (n-1)/n
		// sorted 1, 2, 3: ((2-4)·1 + (4-4)·2 + (6-4)·3) / (3·6) = 4/18.
		{"1 2 3", []float64{3, 1, 2}, 4.0 / 18},
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.want, benchmarks.Gini(tt.xs), 1e-12, "Gini(%v)", tt.xs)
	}
}

func TestCoverageAndExposure(t *testing.T) {
	lists := [][]string{{"a", "b", "c"}, {"a", "d"}, {}}
	assert.InDelta(t, 0.3, benchmarks.Coverage(2, lists, 10), 1e-12, "Coverage@2 of %v over 10 items: a, b, d", lists)
	assert.InDelta(t, 0.4, benchmarks.Coverage(3, lists, 10), 1e-12, "Coverage@3 of %v over 10 items", lists)
	assert.Zero(t, benchmarks.Coverage(3, lists, 0), "Coverage over an empty catalogue")
	assert.Equal(t, map[string]int{"a": 2, "b": 1, "d": 1}, benchmarks.Exposure(2, lists), "Exposure@2 of %v", lists)

	// Exposure@1 of a, a, b over 4 items: 2, 1, 0, 0. Sorted 0, 0, 1, 2:
	// ((6-5)·1 + (8-5)·2) / (4·3) = 7/12.
	one := [][]string{{"a"}, {"a", "z"}, {"b"}}
	assert.InDelta(t, 7.0/12, benchmarks.ExposureGini(1, one, 4), 1e-12, "ExposureGini@1 of %v over 4 items", one)
	assert.Zero(t, benchmarks.ExposureGini(1, nil, 4), "ExposureGini without lists")
}

func TestBootstrapMean(t *testing.T) {
	b := benchmarks.Bootstrap{Seed: 1}
	iv := b.Mean([]float64{0.5, 0.5, 0.5})
	assert.Equal(t, benchmarks.Interval{Mean: 0.5, Lo: 0.5, Hi: 0.5, N: 3}, iv, "constant data")
	assert.Equal(t, benchmarks.Interval{}, b.Mean(nil), "no data")

	// 400 values alternating 0 and 1: mean 0.5, standard error
	// 0.5/sqrt(400) = 0.025, so the 95% interval is about 0.5 ± 0.049.
	xs := make([]float64, 400)
	for i := range xs {
		xs[i] = float64(i % 2)
	}
	iv = b.Mean(xs)
	assert.InDelta(t, 0.5, iv.Mean, 1e-12, "mean of alternating 0/1")
	assert.InDelta(t, 0.451, iv.Lo, 0.01, "lower bound ≈ 0.5 - 1.96·0.025")
	assert.InDelta(t, 0.549, iv.Hi, 0.01, "upper bound ≈ 0.5 + 1.96·0.025")
	assert.Equal(t, iv, b.Mean(xs), "same seed, same interval")
	assert.NotEqual(t, iv, benchmarks.Bootstrap{Seed: 2}.Mean(xs), "another seed, other resamples")
	assert.True(t, iv.Excludes(0.4) && !iv.Excludes(0.5), "Excludes of %v", iv)
	assert.Equal(t, "0.500 [0.451, 0.549]", benchmarks.Interval{Mean: 0.5, Lo: 0.451, Hi: 0.549}.String(), "String")

	narrow := benchmarks.Bootstrap{Seed: 1, Level: 0.5}.Mean(xs)
	assert.Less(t, narrow.Hi-narrow.Lo, iv.Hi-iv.Lo, "a 50%% interval is narrower than a 95%% one")
}

func TestBootstrapPaired(t *testing.T) {
	b := benchmarks.Bootstrap{Seed: 3, Resamples: 500}
	x := []float64{0.9, 0.1, 0.8, 0.3, 0.7}
	assert.Equal(t, benchmarks.Interval{N: 5}, b.Paired(x, x), "a system against itself")

	// y = x - 0.1 for every query: the difference is 0.1 without spread,
	// although x itself varies a lot.
	y := make([]float64, len(x))
	for i := range x {
		y[i] = x[i] - 0.1
	}
	d := b.Paired(x, y)
	assert.InDelta(t, 0.1, d.Mean, 1e-12, "paired mean")
	assert.InDelta(t, 0.1, d.Lo, 1e-12, "paired lower bound")
	assert.InDelta(t, 0.1, d.Hi, 1e-12, "paired upper bound")
	assert.Panics(t, func() { b.Paired(x, y[:2]) }, "Paired of unequal lengths")
	assert.False(t, math.IsNaN(b.Mean(x).Lo), "interval of %v", x)
}
