package benchmarks_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/score"
)

// benchSizes are the corpus sizes of the benchmarks: 1k and 10k
// profiles, and 100k when PM_BENCH_100K=1 (minutes per benchmark).
func benchSizes() []int {
	sizes := []int{1_000, 10_000}
	if os.Getenv("PM_BENCH_100K") == "1" {
		sizes = append(sizes, 100_000)
	}
	return sizes
}

var (
	worldsMu sync.Mutex
	worlds   = map[int]*synth.World{}
	envs     = map[int]*benchmarks.Env{}
)

// benchWorld returns the seeded synthetic world of n profiles, generated
// once per process.
func benchWorld(b *testing.B, n int) *synth.World {
	worldsMu.Lock()
	defer worldsMu.Unlock()
	if w := worlds[n]; w != nil {
		return w
	}
	w, err := synth.Generate(synth.Config{Seed: 1, Profiles: n})
	if err != nil {
		b.Fatalf("synth.Generate(%d): %v", n, err)
	}
	worlds[n] = w
	return w
}

// benchEnv returns an engine holding the world of n profiles, built once
// per process and never closed (the process ends with the benchmarks).
func benchEnv(b *testing.B, n int) *benchmarks.Env {
	w := benchWorld(b, n)
	worldsMu.Lock()
	defer worldsMu.Unlock()
	if e := envs[n]; e != nil {
		return e
	}
	e, err := benchmarks.NewEnv(context.Background(), w.Profiles, nil, benchmarks.EnvConfig{Seed: 1})
	if err != nil {
		b.Fatalf("NewEnv(%d): %v", n, err)
	}
	envs[n] = e
	return e
}

func sizeName(n int) string {
	if n >= 1000 {
		return fmt.Sprintf("n=%dk", n/1000)
	}
	return fmt.Sprintf("n=%d", n)
}

// BenchmarkIndex adds every profile of a world to a new in-memory engine.
// It reports profiles/s and the live heap per profile once indexed.
func BenchmarkIndex(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			w := benchWorld(b, n)
			var heap float64
			for b.Loop() {
				eng, err := match.Open("", match.Config{RefitDelay: -1})
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < n; i += 5000 {
					if err := eng.Add(ctx, w.Profiles[i:min(i+5000, n)]...); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				heap = float64(ms.HeapAlloc) / float64(n)
				eng.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "profiles/s")
			b.ReportMetric(heap, "heapB/profile")
		})
	}
}

// BenchmarkFit fits each model on a new corpus of the world's profiles,
// with the target partnerships as known partnerships (for learned and
// sector). Fits of one Corpus share work, so each iteration builds a new
// one.
func BenchmarkFit(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		for _, m := range score.Models() {
			b.Run(sizeName(n)+"/"+m.Name(), func(b *testing.B) {
				w := benchWorld(b, n)
				ps := make([]*profile.Profile, len(w.Profiles))
				for i := range w.Profiles {
					ps[i] = &w.Profiles[i]
				}
				for b.Loop() {
					c := &score.Corpus{Profiles: ps, Known: w.Partnerships, Seed: 1}
					if _, err := m.Fit(ctx, c); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// qualityQueries returns up to 50 planted queries of the world (one fold,
// nothing known: the engine of benchEnv knows no partnerships).
func qualityQueries(w *synth.World) []benchmarks.Query {
	d := benchmarks.Planted(w, benchmarks.PlantedConfig{Folds: 1})
	qs := d.Folds[0].Queries
	return qs[:min(50, len(qs))]
}

// BenchmarkPartners times Partners (Limit 10) per model, through the
// candidate pool and exactly. It reports the NDCG@10 and recall@10 of the
// planted partnerships on up to 50 queries and, for the pool, the share of
// the exact top 10 that the pool path returns too (exact-overlap@10).
func BenchmarkPartners(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		for _, m := range score.Models() {
			for _, exact := range []bool{false, true} {
				r := benchmarks.Model{Model: m.Name(), Exact: exact}
				path := "pool"
				if exact {
					path = "exact"
				}
				b.Run(sizeName(n)+"/"+m.Name()+"/"+path, func(b *testing.B) {
					w, env := benchWorld(b, n), benchEnv(b, n)
					qs := qualityQueries(w)
					if _, err := r.Rank(ctx, env, w.Profiles[0].ID, 10); err != nil { // fits the model
						b.Fatal(err)
					}
					i := 0
					for b.Loop() {
						if _, err := r.Rank(ctx, env, w.Profiles[i%n].ID, 10); err != nil {
							b.Fatal(err)
						}
						i++
					}
					b.StopTimer()
					var ndcg, recall, overlap float64
					for _, q := range qs {
						got, err := r.Rank(ctx, env, q.Seeds[0], 10)
						if err != nil {
							b.Fatal(err)
						}
						ranked, rel := ids(got), set(q.Relevant...)
						ndcg += benchmarks.NDCGAt(10, ranked, rel)
						recall += benchmarks.RecallAt(10, ranked, rel)
						if !exact {
							ex, err := benchmarks.Model{Model: m.Name(), Exact: true}.Rank(ctx, env, q.Seeds[0], 10)
							if err != nil {
								b.Fatal(err)
							}
							overlap += benchmarks.RecallAt(10, ranked, set(ids(ex)...))
						}
					}
					if len(qs) > 0 {
						b.ReportMetric(ndcg/float64(len(qs)), "ndcg@10")
						b.ReportMetric(recall/float64(len(qs)), "recall@10")
						if !exact {
							b.ReportMetric(overlap/float64(len(qs)), "exact-overlap@10")
						}
					}
				})
			}
		}
	}
}

// BenchmarkConsortium times Consortium around one seed (default model and
// rules) and reports the share of the seed's co-members in a planted
// partnership found in the best consortium (partner-recall).
func BenchmarkConsortium(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		b.Run(sizeName(n), func(b *testing.B) {
			w, env := benchWorld(b, n), benchEnv(b, n)
			qs := qualityQueries(w)
			if len(qs) == 0 {
				b.Skip("no planted partnerships")
			}
			var found, total float64
			i := 0
			for b.Loop() {
				q := qs[i%len(qs)]
				i++
				cs, err := env.Engine.Consortium(ctx, match.ConsortiumQuery{Seeds: q.Seeds, Alternatives: 1, Rules: "escp4i"})
				if err != nil {
					continue // an infeasible request is an answer too
				}
				b.StopTimer()
				rel := set(q.Relevant...)
				for _, m := range cs[0].Members {
					if rel[m.ID] {
						found++
					}
				}
				total += float64(len(q.Relevant))
				b.StartTimer()
			}
			if total > 0 {
				b.ReportMetric(found/total, "partner-recall")
			}
		})
	}
}
