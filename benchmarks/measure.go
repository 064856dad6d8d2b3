package benchmarks

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile/synth"
)

// CandidateRecall measures what candidate retrieval keeps: for every
// one-seed query of d's task, the share of its relevant profiles among the
// first n candidates that index.Candidates returns for the seed with the
// engine's retrieval weights (match.RetrievalWeights), for each
// pool size n in pools. The result maps n to the per-query recalls, in the
// order of the folds and their queries. Ignored ids are not removed: they
// take room in the pool as they would in production.
func CandidateRecall(ctx context.Context, d *Dataset, task string, pools []int) (map[int][]float64, error) {
	idx, err := index.Open("", index.Options{})
	if err != nil {
		return nil, fmt.Errorf("benchmarks: %w", err)
	}
	defer idx.Close()
	const chunk = 5000
	for i := 0; i < len(d.Profiles); i += chunk {
		if err := idx.Upsert(ctx, d.Profiles[i:min(i+chunk, len(d.Profiles))]...); err != nil {
			return nil, fmt.Errorf("benchmarks: %w", err)
		}
	}
	byID := make(map[string]int, len(d.Profiles))
	for i, p := range d.Profiles {
		byID[p.ID] = i
	}
	n := slices.Max(pools)
	w := match.RetrievalWeights() // the engine's retrieval, not the index's default
	out := map[int][]float64{}
	for _, f := range d.Folds {
		for _, q := range f.Queries {
			if q.Task != task || len(q.Seeds) != 1 {
				continue
			}
			i, ok := byID[q.Seeds[0]]
			if !ok {
				return nil, fmt.Errorf("benchmarks: query %s: seed %q: %w", q.ID, q.Seeds[0], match.ErrUnknownProfile)
			}
			cs, err := idx.Candidates(ctx, &d.Profiles[i], index.CandidateOptions{N: n, Weights: &w})
			if err != nil {
				return nil, fmt.Errorf("benchmarks: candidates of %s: %w", q.ID, err)
			}
			ranked := make([]string, len(cs))
			for j, c := range cs {
				ranked[j] = c.ID
			}
			rel := map[string]bool{}
			for _, id := range q.Relevant {
				rel[id] = true
			}
			for _, p := range pools {
				out[p] = append(out[p], RecallAt(p, ranked, rel))
			}
		}
	}
	return out, nil
}

// A LatencyPoint is what MeasureLatency measured at one corpus size.
type LatencyPoint struct {
	Profiles int
	Index    time.Duration // adding every profile to a new in-memory engine
	Fit      time.Duration // fitting the model (Engine.Refit)
	HeapMB   float64       // live heap after indexing and fitting
	// Pool and Exact are the latencies of Partners (Limit 10) through the
	// candidate pool and scoring every profile, one query at a time.
	Pool, Exact []time.Duration
}

// P returns the p-quantile of ds, for example P(l.Pool, 0.99).
func P(ds []time.Duration, p float64) time.Duration { return quantileDuration(ds, p) }

// MeasureLatency builds a synthetic world of each size (seeded), indexes
// it in a new in-memory engine, fits model (the engine's default if
// empty) and times queries Partners calls per path for the first profiles
// of the world. It runs one query at a time; the figures are for this
// machine under its current load.
func MeasureLatency(ctx context.Context, sizes []int, queries int, model string, seed uint64, progress func(string)) ([]LatencyPoint, error) {
	if progress == nil {
		progress = func(string) {}
	}
	var out []LatencyPoint
	for _, n := range sizes {
		progress(fmt.Sprintf("latency: generating %d profiles", n))
		w, err := synth.Generate(synth.Config{Seed: seed, Profiles: n})
		if err != nil {
			return nil, fmt.Errorf("benchmarks: %w", err)
		}
		pt := LatencyPoint{Profiles: n}
		progress(fmt.Sprintf("latency: indexing %d profiles", n))
		start := time.Now()
		env, err := NewEnv(ctx, w.Profiles, nil, EnvConfig{Seed: seed})
		if err != nil {
			return nil, err
		}
		pt.Index = time.Since(start)
		progress(fmt.Sprintf("latency: fitting %d profiles", n))
		start = time.Now()
		err = env.Engine.Refit(ctx)
		pt.Fit = time.Since(start)
		if err == nil && model != "" {
			_, err = env.Engine.Partners(ctx, match.Query{ID: w.Profiles[0].ID, Model: model}) // fits model
		}
		if err != nil {
			env.Close()
			return nil, fmt.Errorf("benchmarks: %w", err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		pt.HeapMB = float64(ms.HeapAlloc) / (1 << 20)
		progress(fmt.Sprintf("latency: %d queries on %d profiles", queries, n))
		for i := range min(queries, n) {
			for _, exact := range []bool{false, true} {
				start := time.Now()
				_, err := env.Engine.Partners(ctx, match.Query{ID: w.Profiles[i].ID, Model: model, Exact: exact})
				if err != nil {
					env.Close()
					return nil, fmt.Errorf("benchmarks: %w", err)
				}
				if exact {
					pt.Exact = append(pt.Exact, time.Since(start))
				} else {
					pt.Pool = append(pt.Pool, time.Since(start))
				}
			}
		}
		if err := env.Close(); err != nil {
			return nil, err
		}
		out = append(out, pt)
	}
	return out, nil
}
