package match

// Benchmarks of the consortium builder: speed at scale, and the quality
// of the heuristics against the exact optimum.
//
//	go test ./match -run '^$' -bench 'Consortium' -count 3
//	PM_BENCH_100K=1 go test ./match -run '^$' -bench 'Consortium/100k' -count 3 -timeout 60m

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// ratioInstances draws n feasible random instances shaped like ESCP-4i
// requests: one seed, 15 to 24 candidates, 3 to K members with K from 3
// to 6, one per country, at least 3 countries, a shared market.
func ratioInstances(n int) []*instance {
	r := rand.New(rand.NewPCG(2024, 6))
	var out []*instance
	for len(out) < n {
		cons := constraints{min: 3, max: 3 + r.IntN(4), perCountry: 1, minCountries: 3, needMarket: true}
		in := randInstance(r, 16+r.IntN(10), 1, cons, DefaultObjectiveWeights())
		if _, ok := in.exact(context.Background(), nonSeeds(in), nil, nil); ok {
			out = append(out, in)
		}
	}
	return out
}

// ratios holds the ratios of heuristic to optimal objective values.
type ratios struct {
	greedyMean, greedyWorst float64 // greedy alone
	localMean, localWorst   float64 // greedy and local search (the default)
	optimal                 int     // instances where greedy and local search find the optimum
	evalShare               float64 // lazy gain evaluations over plain greedy's
}

// measureRatios solves every instance with greedy, greedy and local
// search, and branch and bound.
func measureRatios(insts []*instance) ratios {
	res := ratios{greedyWorst: math.Inf(1), localWorst: math.Inf(1)}
	var lazy, plain float64
	for _, in := range insts {
		cands := nonSeeds(in)
		opt, _ := in.exact(context.Background(), cands, nil, nil)
		best := in.value(opt)
		st := in.newState()
		for _, s := range in.seeds {
			st.push(s)
		}
		lazy += float64(in.greedy(st, cands, nil))
		plain += float64(len(cands) * (len(st.members) - len(in.seeds) + 1))
		g := math.Max(0, in.value(st.members)) / best
		ls, _ := in.heuristic(cands, nil)
		l := math.Max(0, in.value(ls)) / best
		res.greedyMean += g / float64(len(insts))
		res.localMean += l / float64(len(insts))
		res.greedyWorst = min(res.greedyWorst, g)
		res.localWorst = min(res.localWorst, l)
		if l > 1-1e-9 {
			res.optimal++
		}
	}
	res.evalShare = lazy / plain
	return res
}

// BenchmarkConsortiumRatio solves 200 random small instances per
// iteration with greedy, local search and branch and bound, and reports
// how close the heuristics come to the optimum.
func BenchmarkConsortiumRatio(b *testing.B) {
	insts := ratioInstances(200)
	var res ratios
	for b.Loop() {
		res = measureRatios(insts)
	}
	b.ReportMetric(res.greedyMean, "greedy-mean")
	b.ReportMetric(res.greedyWorst, "greedy-worst")
	b.ReportMetric(res.localMean, "ls-mean")
	b.ReportMetric(res.localWorst, "ls-worst")
	b.ReportMetric(float64(res.optimal), "ls-optimal/200")
	b.ReportMetric(res.evalShare, "lazy-evals")
}

// BenchmarkConsortiumSolvers times each solver on the 200 instances.
func BenchmarkConsortiumSolvers(b *testing.B) {
	insts := ratioInstances(200)
	for _, s := range []struct {
		name  string
		solve func(in *instance, cands []int)
	}{
		{"greedy", func(in *instance, cands []int) {
			st := in.newState()
			st.push(in.seeds[0])
			in.greedy(st, cands, nil)
		}},
		{"greedy+ls", func(in *instance, cands []int) { in.heuristic(cands, nil) }},
		{"exact", func(in *instance, cands []int) { in.exact(context.Background(), cands, nil, nil) }},
	} {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				for _, in := range insts {
					s.solve(in, nonSeeds(in))
				}
			}
		})
	}
}

// benchWorld is a synthetic world and an engine holding it, built once
// per size.
type benchWorld struct {
	w   *synth.World
	eng *Engine
}

var benchWorlds sync.Map // size -> func() (*benchWorld, error)

func loadBenchWorld(b *testing.B, n int) *benchWorld {
	b.Helper()
	f, _ := benchWorlds.LoadOrStore(n, sync.OnceValues(func() (*benchWorld, error) {
		start := time.Now()
		w, err := synth.Generate(synth.Config{Seed: 11, Profiles: n})
		if err != nil {
			return nil, err
		}
		eng, err := Open("", Config{RefitDelay: -1, Known: w.History})
		if err != nil {
			return nil, err
		}
		for lo := 0; lo < len(w.Profiles); lo += 10000 {
			if err := eng.Add(context.Background(), w.Profiles[lo:min(lo+10000, len(w.Profiles))]...); err != nil {
				return nil, err
			}
		}
		if err := eng.Refit(context.Background()); err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "consortium bench: engine of %d profiles built in %v\n", n, time.Since(start).Round(time.Second))
		return &benchWorld{w: w, eng: eng}, nil
	}))
	bw, err := f.(func() (*benchWorld, error))()
	if err != nil {
		b.Fatal(err)
	}
	return bw
}

// BenchmarkConsortium builds a consortium of 5 around the first member of
// a planted target partnership, for its market, from an engine of 10,000
// profiles (and 100,000 with PM_BENCH_100K=1, not in -short mode: the
// engine takes minutes to build). Each iteration serves the next
// partnership. It also reports, over the first 50 partnerships, the share
// of the other planted members that the best consortium recovers
// (recall) next to Partners' top 4 from the same seed, and the share of
// consortia with two members of one synthetic value-chain stage.
func BenchmarkConsortium(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			if n > 10_000 && (testing.Short() || os.Getenv("PM_BENCH_100K") == "") {
				b.Skip("set PM_BENCH_100K=1 (and not -short) for the 100k engine")
			}
			bw := loadBenchWorld(b, n)
			ctx := context.Background()
			tps := bw.w.Partnerships
			i := 0
			for b.Loop() {
				tp := tps[i%len(tps)]
				i++
				_, err := bw.eng.Consortium(ctx, ConsortiumQuery{Seeds: tp.Members[:1], Markets: tp.TargetMarkets, MinSize: 5, MaxSize: 5, Alternatives: 3, Rules: "escp4i"})
				if err != nil && !errors.Is(err, ErrInfeasible) {
					b.Fatal(err)
				}
			}
			q := consortiumQuality(ctx, bw, tps[:min(50, len(tps))])
			b.ReportMetric(q.recall, "recall")
			b.ReportMetric(q.partnersRecall, "partners-recall")
			b.ReportMetric(q.dupStage, "dup-stage")
		})
	}
}

type quality struct{ recall, partnersRecall, dupStage float64 }

func consortiumQuality(ctx context.Context, bw *benchWorld, tps []profile.Partnership) quality {
	var q quality
	var found, partnersFound, total, consortia float64
	for _, tp := range tps {
		cs, err := bw.eng.Consortium(ctx, ConsortiumQuery{Seeds: tp.Members[:1], Markets: tp.TargetMarkets, MinSize: 5, MaxSize: 5, Alternatives: 1, Rules: "escp4i"})
		ms, perr := bw.eng.Partners(ctx, Query{ID: tp.Members[0], Limit: 4, Rules: "escp4i", Filters: index.Filters{Markets: tp.TargetMarkets}})
		total += float64(len(tp.Members) - 1)
		if perr == nil {
			for _, m := range ms {
				if slices.Contains(tp.Members[1:], m.ID) {
					partnersFound++
				}
			}
		}
		if err != nil || len(cs) == 0 {
			continue
		}
		consortia++
		stages := map[string]bool{}
		dup := false
		for _, m := range cs[0].Members {
			if slices.Contains(tp.Members[1:], m.ID) {
				found++
			}
			s := bw.w.Stages[m.ID]
			dup = dup || stages[s]
			stages[s] = true
		}
		if dup {
			q.dupStage++
		}
	}
	q.recall, q.partnersRecall = found/total, partnersFound/total
	q.dupStage /= max(consortia, 1)
	return q
}

// BenchmarkMatchday partitions 150 participants of the 10,000-profile
// engine into consortia of 3 to 5, and reports how many consortia form
// and the share of participants placed.
func BenchmarkMatchday(b *testing.B) {
	bw := loadBenchWorld(b, 10_000)
	var ids []string
	for _, p := range bw.w.Profiles[:150] {
		ids = append(ids, p.ID)
	}
	var res *MatchdayResult
	for b.Loop() {
		var err error
		if res, err = bw.eng.Matchday(context.Background(), MatchdayQuery{IDs: ids, MaxSize: 5, Rules: "escp4i"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Consortia)), "consortia")
	b.ReportMetric(1-float64(len(res.Unplaced))/float64(len(ids)), "placed")
}
