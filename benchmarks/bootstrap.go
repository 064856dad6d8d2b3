package benchmarks

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// An Interval is a mean with a confidence interval.
type Interval struct {
	Mean   float64
	Lo, Hi float64 // bounds of the interval
	N      int     // number of observations (queries)
}

// String prints the interval as "0.412 [0.388, 0.437]".
func (iv Interval) String() string {
	return fmt.Sprintf("%.3f [%.3f, %.3f]", iv.Mean, iv.Lo, iv.Hi)
}

// Excludes reports whether x lies outside the interval.
func (iv Interval) Excludes(x float64) bool { return x < iv.Lo || x > iv.Hi }

// A Bootstrap computes percentile bootstrap confidence intervals of means
// (Efron and Tibshirani 1993, "An Introduction to the Bootstrap", ch. 13),
// resampling queries with replacement. Equal Bootstraps give equal
// intervals for equal data.
type Bootstrap struct {
	// Resamples is the number of bootstrap resamples B. Zero means 2,000.
	Resamples int
	// Level is the confidence level. Zero means 0.95.
	Level float64
	// Seed seeds the resampling.
	Seed uint64
}

func (b Bootstrap) resamples() int {
	if b.Resamples <= 0 {
		return 2000
	}
	return b.Resamples
}

func (b Bootstrap) level() float64 {
	if b.Level <= 0 || b.Level >= 1 {
		return 0.95
	}
	return b.Level
}

// Mean returns the mean of xs with its percentile bootstrap interval: the
// (1-Level)/2 and (1+Level)/2 quantiles of the means of Resamples samples
// of len(xs) values drawn from xs with replacement. An empty xs gives the
// zero Interval; NaN values are not allowed.
func (b Bootstrap) Mean(xs []float64) Interval {
	return b.interval(len(xs), func(i int) float64 { return xs[i] })
}

// Paired returns the mean of the paired differences x[i] - y[i] (one
// query under two systems) with its bootstrap interval, resampling the
// pairs. It panics if len(x) != len(y).
func (b Bootstrap) Paired(x, y []float64) Interval {
	if len(x) != len(y) {
		panic(fmt.Sprintf("benchmarks: Paired of %d and %d values", len(x), len(y)))
	}
	return b.interval(len(x), func(i int) float64 { return x[i] - y[i] })
}

func (b Bootstrap) interval(n int, at func(int) float64) Interval {
	if n == 0 {
		return Interval{}
	}
	var sum float64
	for i := range n {
		sum += at(i)
	}
	iv := Interval{Mean: sum / float64(n), N: n}
	// A stream of its own per call: intervals do not depend on the order in
	// which they are computed.
	rng := rand.New(rand.NewPCG(b.Seed, 0x9e3779b97f4a7c15))
	means := make([]float64, b.resamples())
	for r := range means {
		var s float64
		for range n {
			s += at(rng.IntN(n))
		}
		means[r] = s / float64(n)
	}
	slices.Sort(means)
	alpha := (1 - b.level()) / 2
	iv.Lo = quantile(means, alpha)
	iv.Hi = quantile(means, 1-alpha)
	return iv
}

// quantile returns the p-quantile of sorted xs, interpolating linearly
// between order statistics (type 7 of Hyndman and Fan 1996).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
