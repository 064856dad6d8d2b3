package match_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile/synth"
)

// benchEngine builds an in-memory engine of n synthetic profiles.
func benchEngine(b *testing.B, n int) (*match.Engine, *synth.World) {
	b.Helper()
	w, err := synth.Generate(synth.Config{Seed: 1, Profiles: n})
	if err != nil {
		b.Fatal(err)
	}
	// PM_POOL and PM_SCREEN set Config.Pool and Config.Screen, for
	// sweeps of recall against latency.
	pool, screen := 0, 0
	if s := os.Getenv("PM_POOL"); s != "" {
		fmt.Sscan(s, &pool)
	}
	if s := os.Getenv("PM_SCREEN"); s != "" {
		fmt.Sscan(s, &screen)
	}
	eng, err := match.Open("", match.Config{RefitDelay: -1, Known: w.Partnerships, Pool: pool, Screen: screen})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < len(w.Profiles); i += 5000 {
		if err := eng.Add(ctx, w.Profiles[i:min(i+5000, len(w.Profiles))]...); err != nil {
			b.Fatal(err)
		}
	}
	if err := eng.Refit(ctx); err != nil {
		b.Fatal(err)
	}
	return eng, w
}

func benchSizes() []int {
	sizes := []int{1000, 10000}
	if os.Getenv("PM_BENCH_100K") != "" {
		sizes = append(sizes, 100000)
	}
	return sizes
}

// BenchmarkPartners measures a whole Partners call (retrieval, scoring,
// reasons) with the default model and the ESCP-4i rule set, and reports
// p50/p99 latency and recall@10 of the candidate path against exact
// scoring. 100k runs only with PM_BENCH_100K=1 (building it takes minutes).
func BenchmarkPartners(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			eng, w := benchEngine(b, n)
			defer eng.Close()
			var lat []time.Duration
			i := 0
			for b.Loop() {
				q := w.Profiles[(i*7919)%len(w.Profiles)].ID
				i++
				start := time.Now()
				if _, err := eng.Partners(ctx, match.Query{ID: q, Rules: "escp4i"}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")

			// Recall@10 of the candidate pool against exact scoring.
			var hit, total int
			for j := range 50 {
				q := w.Profiles[(j*104729)%len(w.Profiles)].ID
				fast, err := eng.Partners(ctx, match.Query{ID: q, Rules: "escp4i"})
				if err != nil {
					b.Fatal(err)
				}
				exact, err := eng.Partners(ctx, match.Query{ID: q, Rules: "escp4i", Exact: true})
				if err != nil {
					b.Fatal(err)
				}
				got := map[string]bool{}
				for _, m := range fast {
					got[m.ID] = true
				}
				for _, m := range exact {
					total++
					if got[m.ID] {
						hit++
					}
				}
			}
			b.ReportMetric(float64(hit)/float64(max(total, 1)), "recall@10")
		})
	}
}

// BenchmarkOpen measures match.Open of an index folder of 10,000
// profiles (sizes of benchSizes): reading every
// stored profile, then fitting the default model, before it serves.
func BenchmarkOpen(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w, err := synth.Generate(synth.Config{Seed: 1, Profiles: n})
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir() + "/idx"
			eng, err := match.Open(dir, match.Config{RefitDelay: -1})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			for i := 0; i < len(w.Profiles); i += 5000 {
				if err := eng.Add(ctx, w.Profiles[i:min(i+5000, len(w.Profiles))]...); err != nil {
					b.Fatal(err)
				}
			}
			if err := eng.Close(); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				eng, err := match.Open(dir, match.Config{RefitDelay: -1})
				if err != nil {
					b.Fatal(err)
				}
				eng.Close()
			}
		})
	}
}
