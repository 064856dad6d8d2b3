package score_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"syscall"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/score"
)

// Benchmarks run on synth worlds (seed 1). The fits take seconds, so run
// them once each, one benchmark process at a time (2 cores):
//
//	go test ./score -run '^$' -bench Fit -benchtime 1x -count 3
//	go test ./score -run '^$' -bench ScoreBatch -count 3
//
// -short skips the 100,000-profile corpora.

var corpusSizes = []int{10_000, 100_000}

// benchWorld is a synth world with its profiles as pointers; the first
// half of its target partnerships is known, the second held out.
type benchWorld struct {
	ps          []*profile.Profile
	known, test []profile.Partnership
}

var worlds sync.Map // n -> *benchWorld

func world(b *testing.B, n int) *benchWorld {
	if w, ok := worlds.Load(n); ok {
		return w.(*benchWorld)
	}
	w, err := synth.Generate(synth.Config{Seed: 1, Profiles: n})
	if err != nil {
		b.Fatal(err)
	}
	half := len(w.Partnerships) / 2
	bw := &benchWorld{ps: pointers(w.Profiles), known: w.Partnerships[:half], test: w.Partnerships[half:]}
	worlds.Store(n, bw)
	return bw
}

// BenchmarkFit fits the built-in models on fresh corpora, so that nothing
// is shared with earlier runs. "all" fits Models() on one corpus (shared
// analysis) and reports the memory the fitted scorers hold per profile;
// each single model includes the text analysis if it needs it.
func BenchmarkFit(b *testing.B) {
	for _, n := range corpusSizes {
		if n > 10_000 && testing.Short() {
			continue
		}
		w := world(b, n)
		b.Run(fmt.Sprintf("n=%d/all", n), func(b *testing.B) {
			var held uint64
			start := cpuTime()
			for b.Loop() {
				before := heap()
				c := &score.Corpus{Profiles: w.ps, Known: w.known, Seed: 1}
				fitted, err := score.Fit(context.Background(), c, score.Models()...)
				if err != nil {
					b.Fatal(err)
				}
				held = heap() - before
				runtime.KeepAlive(fitted)
				runtime.KeepAlive(c)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(held)/float64(n), "B/profile")
		})
		for _, m := range score.Models() {
			b.Run(fmt.Sprintf("n=%d/%s", n, m.Name()), func(b *testing.B) {
				start := cpuTime()
				for b.Loop() {
					if _, err := m.Fit(context.Background(), &score.Corpus{Profiles: w.ps, Known: w.known, Seed: 1}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// cpuTime returns the CPU time of the process in nanoseconds. On a shared
// 2-core machine it varies less than wall time, since waiting for a core
// does not count.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// heap returns the live heap after a garbage collection.
func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkScoreBatch scores 1,000 random corpus candidates for one query
// with each model, and reports the model's quality: the mean reciprocal
// rank of a held-out partner among 99 random profiles ("mrr", 0.05 is
// chance). Variants: hybrid one Score call at a time, and 100 ad-hoc
// candidates (copies under new IDs, analysed on every call).
func BenchmarkScoreBatch(b *testing.B) {
	for _, n := range corpusSizes {
		if n > 10_000 && testing.Short() {
			continue
		}
		w := world(b, n)
		fitted, err := score.Fit(context.Background(), &score.Corpus{Profiles: w.ps, Known: w.known, Seed: 1}, score.Models()...)
		if err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(2, 2))
		q := w.ps[0]
		cs := make([]*profile.Profile, 1000)
		for i := range cs {
			cs[i] = w.ps[r.IntN(n)]
		}
		out := make([]float64, len(cs))
		for _, m := range score.Models() {
			s := fitted[m.Name()]
			b.Run(fmt.Sprintf("n=%d/%s", n, m.Name()), func(b *testing.B) {
				start := cpuTime()
				for b.Loop() {
					score.Batch(s, q, cs, out)
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(w.mrr(s), "mrr")
			})
		}
		b.Run(fmt.Sprintf("n=%d/hybrid/one-by-one", n), func(b *testing.B) {
			s := fitted["hybrid"]
			start := cpuTime()
			for b.Loop() {
				for i, c := range cs {
					out[i] = s.Score(q, c)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
		adhoc := make([]*profile.Profile, 100)
		for i, p := range cs[:len(adhoc)] {
			cp := p.Clone()
			cp.ID = fmt.Sprintf("adhoc-%d", i)
			adhoc[i] = &cp
		}
		for _, name := range []string{"tfidf", "hybrid"} {
			b.Run(fmt.Sprintf("n=%d/%s/ad-hoc-100", n, name), func(b *testing.B) {
				for b.Loop() {
					score.Batch(fitted[name], q, adhoc, out[:len(adhoc)])
				}
			})
		}
	}
}

// mrr returns the mean reciprocal rank of the next member of each
// held-out partnership among itself and 99 random profiles (ties count
// half).
func (w *benchWorld) mrr(s score.Scorer) float64 {
	byID := make(map[string]*profile.Profile, len(w.ps))
	for _, p := range w.ps {
		byID[p.ID] = p
	}
	r := rand.New(rand.NewPCG(3, 3))
	var sum float64
	var n int
	cs := make([]*profile.Profile, 100)
	out := make([]float64, len(cs))
	for _, kp := range w.test {
		for i := 0; i+1 < len(kp.Members); i++ {
			q, ok1 := byID[kp.Members[i]]
			cs[0], _ = byID[kp.Members[i+1]]
			if !ok1 || cs[0] == nil {
				continue
			}
			for k := 1; k < len(cs); k++ {
				cs[k] = w.ps[r.IntN(len(w.ps))]
			}
			score.Batch(s, q, cs, out)
			rank := 1.0
			for _, v := range out[1:] {
				switch {
				case v > out[0]:
					rank++
				case v == out[0]:
					rank += 0.5
				}
			}
			sum += 1 / rank
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// BenchmarkScreen screens the whole corpus for one query with the fitted
// hybrid (sector, market, lsa heads and geo over every profile), keeping
// the best 500 (the engine's default screen), with no filter and with a
// filter that rejects a third of the profiles. "gemv" is the floor of
// the topic part: one blas32.Gemv over the n × 16 float32 heads on one
// goroutine.
func BenchmarkScreen(b *testing.B) {
	for _, n := range corpusSizes {
		if n > 10_000 && testing.Short() {
			continue
		}
		w := world(b, n)
		s, err := score.Hybrid(nil).Fit(context.Background(), &score.Corpus{Profiles: w.ps, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		sc := s.(score.Screener)
		b.Run(fmt.Sprintf("n=%d/gemv", n), func(b *testing.B) {
			const k = 16
			a := blas32.General{Rows: n, Cols: k, Stride: k, Data: make([]float32, n*k)}
			for i := range a.Data {
				a.Data[i] = float32(i%13) / 13
			}
			x := blas32.Vector{N: k, Inc: 1, Data: a.Data[:k]}
			y := blas32.Vector{N: n, Inc: 1, Data: make([]float32, n)}
			for b.Loop() {
				blas32.Gemv(blas.NoTrans, 1, a, x, 0, y)
			}
		})
		for _, c := range []struct {
			name string
			keep func(*profile.Profile) bool
		}{
			{"all", nil},
			{"filtered", func(p *profile.Profile) bool { return p.ID[len(p.ID)-1]%3 != 0 }},
		} {
			b.Run(fmt.Sprintf("n=%d/%s", n, c.name), func(b *testing.B) {
				i := 0
				start := cpuTime()
				for b.Loop() {
					if _, err := sc.Screen(context.Background(), w.ps[(i*7919)%n], 500, c.keep); err != nil {
						b.Fatal(err)
					}
					i++
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// BenchmarkFitFile writes and reads back the fit of the default model
// (Corpus.WriteFit, Corpus.ReadFit then the default model's fit on what
// was read, which is what a restart costs), in memory, and reports the
// file's size per profile.
func BenchmarkFitFile(b *testing.B) {
	for _, n := range corpusSizes {
		if n > 10_000 && testing.Short() {
			continue
		}
		w := world(b, n)
		c := &score.Corpus{Profiles: w.ps, Known: w.known, Seed: 1}
		if _, err := (score.Auto{}).Fit(context.Background(), c); err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := c.WriteFit(&buf); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("n=%d/write", n), func(b *testing.B) {
			for b.Loop() {
				buf.Reset()
				if err := c.WriteFit(&buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len())/float64(n), "B/profile")
		})
		b.Run(fmt.Sprintf("n=%d/read", n), func(b *testing.B) {
			for b.Loop() {
				r := &score.Corpus{Profiles: w.ps, Known: w.known, Seed: 1}
				if err := r.ReadFit(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
					b.Fatal(err)
				}
				if _, err := (score.Auto{}).Fit(context.Background(), r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
