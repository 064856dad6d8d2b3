package index_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// Benchmarks at 10k and 100k synthetic profiles (synth.Generate, seed 1:
// 83% English, the rest German, French, Spanish, Italian, Polish and
// Serbian; ~44-word descriptions, 3-5 offers, needs and technologies). The
// 100k cases run only without -short. Run them one at a time on a quiet
// machine, e.g.
//
//	go test ./index -run '^$' -bench 'Ingest/100k' -benchtime 1x -count 3
//	go test ./index -run '^$' -bench 'Candidates|Search' -count 3
//
// Metrics: docs/s (wall), cpu-us/doc (user+system CPU, less sensitive to
// a busy machine), B/doc on disk, peak-MB (peak RSS of the process during
// the run), p50-ms and p99-ms per query (wall time; cpu-p50-ms and
// cpu-p99-ms count only the CPU time of the querying thread), q/s with two
// goroutines.

var sizes = []struct {
	name string
	n    int
}{{"10k", 10_000}, {"100k", 100_000}}

// ingestChunk is how many profiles one Upsert call writes in benchmarks:
// 1,000, near bleve's fastest batch size in much less memory than larger
// ones (benchmarks/RESULTS.md).
const ingestChunk = 1000

// BenchmarkIngest loads profiles into a new on-disk index in calls of
// 1,000.
func BenchmarkIngest(b *testing.B) {
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			if size.n > 10_000 && testing.Short() {
				b.Skip("100k only without -short")
			}
			ps := world(b, size.n).Profiles
			var bytesOnDisk int64
			resetPeakRSS()
			cpu0 := cpuTime()
			for b.Loop() {
				dir := b.TempDir()
				x, err := index.Open(dir, index.Options{})
				if err != nil {
					b.Fatal(err)
				}
				load(b, x, ps)
				if err := x.Close(); err != nil {
					b.Fatal(err)
				}
				bytesOnDisk = dirSize(dir)
			}
			docs := float64(b.N * len(ps))
			b.ReportMetric(docs/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric((cpuTime()-cpu0).Seconds()*1e6/docs, "cpu-us/doc")
			b.ReportMetric(float64(bytesOnDisk)/float64(len(ps)), "B/doc")
			b.ReportMetric(peakRSSMB(), "peak-MB")
		})
	}
}

// BenchmarkIngestBleveDefault indexes the same profiles, in the same
// batches, with plain bleve and its default mapping (every field indexed
// and stored as bleve's dynamic mapping does, the profile as the
// document): the reference that BenchmarkIngest is held to (issue 19:
// at least as fast). Run the two in one process, as in
//
//	go test ./index -run '^$' -bench 'Ingest(BleveDefault)?/100k$' -benchtime 1x -count 3
func BenchmarkIngestBleveDefault(b *testing.B) {
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			if size.n > 10_000 && testing.Short() {
				b.Skip("100k only without -short")
			}
			ps := world(b, size.n).Profiles
			var bytesOnDisk int64
			resetPeakRSS()
			cpu0 := cpuTime()
			for b.Loop() {
				dir := filepath.Join(b.TempDir(), "default")
				bi, err := bleve.New(dir, bleve.NewIndexMapping())
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < len(ps); i += ingestChunk {
					batch := bi.NewBatch()
					for _, p := range ps[i:min(i+ingestChunk, len(ps))] {
						if err := batch.Index(p.ID, p); err != nil {
							b.Fatal(err)
						}
					}
					if err := bi.Batch(batch); err != nil {
						b.Fatal(err)
					}
				}
				if err := bi.Close(); err != nil {
					b.Fatal(err)
				}
				bytesOnDisk = dirSize(dir)
			}
			docs := float64(b.N * len(ps))
			b.ReportMetric(docs/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric((cpuTime()-cpu0).Seconds()*1e6/docs, "cpu-us/doc")
			b.ReportMetric(float64(bytesOnDisk)/float64(len(ps)), "B/doc")
			b.ReportMetric(peakRSSMB(), "peak-MB")
		})
	}
}

// BenchmarkIngestBleveLean indexes the same profiles with a plain, lean
// bleve mapping (English analyser on name and description, keywords for
// country, sectors and tags, nothing stored, batches of 1,000), whose rate
// on a quiet machine benchmarks/RESULTS.md records. Its ratio to
// BenchmarkIngest calibrates a busy one.
func BenchmarkIngestBleveLean(b *testing.B) {
	type leanDoc struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Country     string   `json:"country"`
		Sectors     []string `json:"sectors"`
		Tags        []string `json:"tags"`
	}
	m := mapping.NewIndexMapping()
	dm := mapping.NewDocumentStaticMapping()
	text := &mapping.FieldMapping{Type: "text", Analyzer: "en", Index: true}
	kw := &mapping.FieldMapping{Type: "text", Analyzer: keyword.Name, Index: true}
	dm.AddFieldMappingsAt("name", text)
	dm.AddFieldMappingsAt("description", text)
	dm.AddFieldMappingsAt("country", kw)
	dm.AddFieldMappingsAt("sectors", kw)
	dm.AddFieldMappingsAt("tags", kw)
	dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	m.DefaultMapping = dm
	ps := world(b, 10_000).Profiles
	cpu0 := cpuTime()
	for b.Loop() {
		bi, err := bleve.New(filepath.Join(b.TempDir(), "lean"), m)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < len(ps); i += ingestChunk {
			batch := bi.NewBatch()
			for _, p := range ps[i:min(i+ingestChunk, len(ps))] {
				tags := slices.Concat(p.Technologies, p.Offers, p.Needs)
				if err := batch.Index(p.ID, leanDoc{p.Name, p.Description, p.Country, p.Sectors, tags}); err != nil {
					b.Fatal(err)
				}
			}
			if err := bi.Batch(batch); err != nil {
				b.Fatal(err)
			}
		}
		bi.Close()
	}
	docs := float64(b.N * len(ps))
	b.ReportMetric(docs/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1e6/docs, "cpu-us/doc")
}

// BenchmarkOpen measures reopening an index from disk, which rebuilds the
// in-memory candidate view, with and without Options.Load, and ForEach
// over all stored profiles.
func BenchmarkOpen(b *testing.B) {
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			x := benchIndex(b, size.n)
			dir := x.Path()
			closeBench(size.n)
			b.Run("Open", func(b *testing.B) {
				var heap uint64
				for b.Loop() {
					before := heapInUse()
					y, err := index.Open(dir, index.Options{})
					if err != nil {
						b.Fatal(err)
					}
					heap = heapInUse() - before
					y.Close()
				}
				// The heap an open index holds: mostly the candidate view.
				b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
			})
			// OpenLoad is Open as the engine calls it, which keeps every
			// stored profile (Options.Load).
			b.Run("OpenLoad", func(b *testing.B) {
				cpu0 := cpuTime()
				for b.Loop() {
					ps := make([]profile.Profile, 0, size.n)
					y, err := index.Open(dir, index.Options{Load: func(p profile.Profile, _, _ int) error {
						ps = append(ps, p)
						return nil
					}})
					if err != nil {
						b.Fatal(err)
					}
					y.Close()
				}
				b.ReportMetric(ms(cpuTime()-cpu0)/float64(b.N), "cpu-ms/op")
			})
			y, err := index.Open(dir, index.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer y.Close()
			b.Run("ForEach", func(b *testing.B) {
				for b.Loop() {
					n := 0
					if err := y.ForEach(context.Background(), func(profile.Profile) error { n++; return nil }); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(size.n*b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		})
	}
}

// BenchmarkCandidates measures candidate retrieval, N=200, with the
// filters a matching query typically has (eligible under ESCP-4i, not the
// query's own country), on both paths, and without filters. Queries are
// members of the world's planted partnerships; recall@200 is the share of
// their fellow members retrieved (with the ESCP-4i filter only, as fellow
// members may share a country).
func BenchmarkCandidates(b *testing.B) {
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			x := benchIndex(b, size.n)
			w := world(b, size.n)
			queries, fellows := partnerQueries(w, 300)
			for _, c := range []struct {
				name    string
				bleve   bool
				filters bool
			}{{"memory/filters", false, true}, {"memory/nofilters", false, false}, {"bleve/filters", true, true}} {
				opts := func(q *profile.Profile) index.CandidateOptions {
					o := index.CandidateOptions{N: 200, Bleve: c.bleve}
					if c.filters {
						o.Filters = index.Filters{Rules: profile.ESCP4i(), ExcludeCountries: []string{q.Country}}
					}
					return o
				}
				b.Run(c.name, func(b *testing.B) {
					latencies(b, len(queries), func(i int) error {
						_, err := x.Candidates(context.Background(), queries[i], opts(queries[i]))
						return err
					})
					if c.filters {
						b.ReportMetric(recall(b, x, queries, fellows, c.bleve), "recall@200")
					}
				})
				b.Run(c.name+"/parallel", func(b *testing.B) {
					throughput(b, len(queries), func(i int) error {
						_, err := x.Candidates(context.Background(), queries[i], opts(queries[i]))
						return err
					})
				})
			}
		})
	}
}

// partnerQueries returns up to n members of planted target partnerships
// and, for each, the ids of its fellow members.
func partnerQueries(w *synth.World, n int) ([]*profile.Profile, [][]string) {
	byID := map[string]*profile.Profile{}
	for i := range w.Profiles {
		byID[w.Profiles[i].ID] = &w.Profiles[i]
	}
	var qs []*profile.Profile
	var fellows [][]string
	for _, pt := range w.Partnerships {
		for _, m := range pt.Members {
			if len(qs) == n {
				return qs, fellows
			}
			var others []string
			for _, o := range pt.Members {
				if o != m {
					others = append(others, o)
				}
			}
			qs = append(qs, byID[m])
			fellows = append(fellows, others)
		}
	}
	return qs, fellows
}

// recall returns the mean share of fellow members among the candidates.
func recall(b *testing.B, x *index.Index, qs []*profile.Profile, fellows [][]string, bleve bool) float64 {
	var sum float64
	for i, q := range qs {
		cs, err := x.Candidates(context.Background(), q, index.CandidateOptions{N: 200, Bleve: bleve,
			Filters: index.Filters{Rules: profile.ESCP4i()}})
		if err != nil {
			b.Fatal(err)
		}
		found := 0
		for _, c := range cs {
			if slices.Contains(fellows[i], c.ID) {
				found++
			}
		}
		sum += float64(found) / float64(len(fellows[i]))
	}
	return sum / float64(len(qs))
}

// BenchmarkSearch measures portal searches: two to four words of an
// offer, top 10, with and without facets and filters, and browsing one
// country's profiles (no query text) with facets.
func BenchmarkSearch(b *testing.B) {
	for _, size := range sizes {
		b.Run(size.name, func(b *testing.B) {
			x := benchIndex(b, size.n)
			w := world(b, size.n)
			reqs := make([]index.SearchRequest, 200)
			for i := range reqs {
				p := &w.Profiles[(i*7919)%len(w.Profiles)]
				reqs[i] = index.SearchRequest{Query: p.Offers[0], Lang: p.Language}
			}
			industries := profile.IndustryTerms()
			countries := []string{"DE", "FR", "IT", "ES", "PL", "RS", "NL", "SE"}
			for _, c := range []struct {
				name    string
				facets  bool
				filters bool
				browse  bool // no query text
			}{{"plain", false, false, false}, {"facets", true, false, false}, {"filters+facets", true, true, false},
				{"browse+facets", true, false, true}} {
				b.Run(c.name, func(b *testing.B) {
					latencies(b, len(reqs), func(i int) error {
						req := reqs[i]
						req.Facets = c.facets
						if c.filters {
							req.Filters = index.Filters{Rules: profile.ESCP4i(), Industries: []string{industries[i%len(industries)].Slug}}
						}
						if c.browse {
							req = index.SearchRequest{Facets: true, Filters: index.Filters{Countries: countries[i%len(countries) : i%len(countries)+1]}}
						}
						_, err := x.Search(context.Background(), req)
						return err
					})
				})
			}
		})
	}
}

// latencies runs op over the queries round robin and reports the p50
// and p99 of wall time, and of the CPU time of the op's thread, which a
// busy machine inflates less (the wall time includes waiting for a CPU).
func latencies(b *testing.B, n int, op func(i int) error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var wall, cpu []time.Duration
	i := 0
	for b.Loop() {
		start, cpu0 := time.Now(), threadCPU()
		if err := op(i % n); err != nil {
			b.Fatal(err)
		}
		cpu = append(cpu, threadCPU()-cpu0)
		wall = append(wall, time.Since(start))
		i++
	}
	for _, m := range []struct {
		name string
		ds   []time.Duration
	}{{"", wall}, {"cpu-", cpu}} {
		slices.Sort(m.ds)
		b.ReportMetric(ms(m.ds[len(m.ds)/2]), m.name+"p50-ms")
		b.ReportMetric(ms(m.ds[len(m.ds)*99/100]), m.name+"p99-ms")
	}
}

// threadCPU returns the CPU time of the calling thread (Linux).
func threadCPU() time.Duration {
	const clockThreadCPUTimeID = 3
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// throughput runs op on two goroutines and reports queries per second.
func throughput(b *testing.B, n int, op func(i int) error) {
	var mu sync.Mutex
	next := 0
	b.SetParallelism(max(1, 2/runtime.GOMAXPROCS(0)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			i := next % n
			next++
			mu.Unlock()
			if err := op(i); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "q/s")
}

// heapInUse returns the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

var (
	benchMu      sync.Mutex
	benchIndexes = map[int]*index.Index{}
	benchDirs    []string // temporary folders to remove
)

func TestMain(m *testing.M) {
	code := m.Run()
	for n, x := range benchIndexes {
		x.Close()
		delete(benchIndexes, n)
	}
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// benchIndex returns an on-disk index of n generated profiles, built once
// per process and shared by the benchmarks.
func benchIndex(b *testing.B, n int) *index.Index {
	if n > 10_000 && testing.Short() {
		b.Skip("100k only without -short")
	}
	benchMu.Lock()
	defer benchMu.Unlock()
	if x, ok := benchIndexes[n]; ok {
		return x
	}
	// PM_BENCH_CACHE names a folder that keeps the built indexes between
	// runs, to iterate on query benchmarks; delete it after changing the
	// generator.
	var path string
	if cache := os.Getenv("PM_BENCH_CACHE"); cache != "" {
		path = filepath.Join(cache, fmt.Sprintf("synth1-%d-v%d", n, index.MappingVersion))
		if x, err := index.Open(path, index.Options{}); err == nil {
			if c, err := x.Count(); err == nil && c == n {
				benchIndexes[n] = x
				return x
			}
			x.Close()
		}
		os.RemoveAll(path)
	} else {
		dir, err := os.MkdirTemp("", "pm-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDirs = append(benchDirs, dir)
		path = filepath.Join(dir, "idx")
	}
	x, err := index.Open(path, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	load(b, x, world(b, n).Profiles)
	benchIndexes[n] = x
	return x
}

// closeBench closes the shared index of n profiles, for benchmarks that
// reopen its folder.
func closeBench(n int) {
	benchMu.Lock()
	defer benchMu.Unlock()
	if x, ok := benchIndexes[n]; ok {
		x.Close()
		delete(benchIndexes, n)
	}
}

var (
	worldMu sync.Mutex
	worlds  = map[int]*synth.World{}
)

// world returns the synthetic world of n profiles from seed 1.
func world(b *testing.B, n int) *synth.World {
	worldMu.Lock()
	defer worldMu.Unlock()
	if w, ok := worlds[n]; ok {
		return w
	}
	w, err := synth.Generate(synth.Config{Seed: 1, Profiles: n})
	if err != nil {
		b.Fatal(err)
	}
	worlds[n] = w
	return w
}

func load(b *testing.B, x *index.Index, ps []profile.Profile) {
	for i := 0; i < len(ps); i += ingestChunk {
		if err := x.Upsert(context.Background(), ps[i:min(i+ingestChunk, len(ps))]...); err != nil {
			b.Fatal(err)
		}
	}
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS resets the kernel's peak RSS of the process (Linux).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSMB returns the peak RSS of the process in MB (Linux), or 0.
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}
