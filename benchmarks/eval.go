package benchmarks

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Options tunes Evaluate. The zero value is ready to use.
type Options struct {
	// Ks are the cut-offs of the @k metrics, positive. Empty means 1, 5,
	// 10, 20.
	Ks []int
	// Depth is how many profiles each ranking holds, for MAP and MRR
	// (average precision and reciprocal rank are computed within it).
	// Zero means 100; it is raised to the largest k.
	Depth int
	// SeedDepth is how deep each seed's ranking is when several seeds ask
	// together (consortium completion). Zero means 2 × Depth.
	SeedDepth int
	// Workers is the number of queries run at once. Zero means GOMAXPROCS.
	Workers int
	// Env tunes the engine of every fold.
	Env EnvConfig
	// Progress, if set, is called as the evaluation advances: what it is
	// doing, and how many of the total ranking calls are done.
	Progress func(stage string, done, total int)
}

func (o *Options) fill() {
	o.Ks = slices.DeleteFunc(slices.Clone(o.Ks), func(k int) bool { return k <= 0 })
	if len(o.Ks) == 0 {
		o.Ks = []int{1, 5, 10, 20}
	}
	slices.Sort(o.Ks)
	o.Ks = slices.Compact(o.Ks)
	if o.Depth <= 0 {
		o.Depth = 100
	}
	if len(o.Ks) > 0 {
		o.Depth = max(o.Depth, o.Ks[len(o.Ks)-1])
	}
	if o.SeedDepth <= 0 {
		o.SeedDepth = 2 * o.Depth
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Progress == nil {
		o.Progress = func(string, int, int) {}
	}
}

// Results are the judged rankings of every system on one data set.
type Results struct {
	Dataset string
	// Synthetic is the data set's Synthetic.
	Synthetic bool
	Note      string // the data set's Note
	Profiles  int
	Ks        []int
	Depth     int
	Tasks     []TaskResult
}

// A TaskResult holds the results of one task (protocol).
type TaskResult struct {
	Task    string
	Queries []string // query ids, in the order of the per-query values
	Systems []SystemResult
}

// A SystemResult holds one ranker's results on one task.
type SystemResult struct {
	Name     string
	Baseline bool
	// PerQuery holds one value per query for each per-query metric:
	// "ndcg@k", "p@k", "r@k", "hit@k", "countries@k" for every k, "ap"
	// and "rr" (their means are MAP and MRR).
	PerQuery map[string][]float64
	// Aggregate holds the metrics of all queries' rankings together:
	// "coverage@k" and "gini@k" for every k.
	Aggregate map[string]float64
	// Latency is the time each query's ranking took, with all seeds'
	// rankings and their combination, while other queries ran in parallel.
	Latency []time.Duration
}

// Metric names of SystemResult.
const (
	MetricNDCG      = "ndcg"
	MetricPrecision = "p"
	MetricRecall    = "r"
	MetricHit       = "hit"
	MetricCountries = "countries"
	MetricAP        = "ap"
	MetricRR        = "rr"
	MetricCoverage  = "coverage"
	MetricGini      = "gini"
	// MetricCrossRecall is the share of the pairs of a query's seed and a
	// right answer that write in different languages (Dataset.TextLanguage)
	// whose right answer is in the seed's top k, over every single-seed
	// query of a task; MetricSameRecall the same over the pairs that write
	// in one language. MetricCrossPairs and MetricSamePairs count the
	// pairs. They are aggregates, set only for data sets with
	// TextLanguage.
	MetricCrossRecall = "xrecall"
	MetricSameRecall  = "srecall"
	MetricCrossPairs  = "xpairs"
	MetricSamePairs   = "spairs"
)

// At returns the name of metric m at cut-off k: At("ndcg", 10) = "ndcg@10".
func At(m string, k int) string { return fmt.Sprintf("%s@%d", m, k) }

// Evaluate runs every ranker on every query of d and judges the rankings.
//
// For each fold it builds an Env (NewEnv) with all of d's profiles and the
// fold's Known partnerships, then asks each ranker, for each query, for
// opt.Depth profiles. A query with one seed takes the seed's ranking; a
// query with several combines the seeds' rankings (each opt.SeedDepth
// deep) by CombSUM of max-normalised scores (Fox and Shaw 1994,
// "Combination of multiple searches"): a profile's score is the sum over
// the seeds of its score divided by the seed's best score. Seeds and the
// query's Ignore ids are then dropped, and the rest is cut to opt.Depth
// and judged against Relevant. Rankers see one fold at a time and never
// the queries' answers.
//
// Results list the tasks in order of first appearance and the systems in
// the order of rankers; per-query values follow the order of the folds
// and of their queries, so two systems' values pair up by index.
func Evaluate(ctx context.Context, d *Dataset, rankers []Ranker, opt Options) (*Results, error) {
	opt.fill()
	res := &Results{Dataset: d.Name, Synthetic: d.Synthetic, Note: d.Note, Profiles: len(d.Profiles), Ks: opt.Ks, Depth: opt.Depth}
	type slot struct{ task, q int } // where a query's results go
	taskIdx := map[string]int{}
	for _, t := range d.Tasks() {
		taskIdx[t] = len(res.Tasks)
		res.Tasks = append(res.Tasks, TaskResult{Task: t})
	}
	slots := make([][]slot, len(d.Folds))
	total := 0
	for f, fold := range d.Folds {
		for _, q := range fold.Queries {
			t := &res.Tasks[taskIdx[q.Task]]
			slots[f] = append(slots[f], slot{taskIdx[q.Task], len(t.Queries)})
			t.Queries = append(t.Queries, q.ID)
		}
		total += len(fold.Queries) * len(rankers)
	}
	// lists[task][system][query] is the judged ranking, cut to the largest
	// k, of queries[task][query].
	lists := make([][][][]string, len(res.Tasks))
	queries := make([][]Query, len(res.Tasks))
	for f, fold := range d.Folds {
		for qi, q := range fold.Queries {
			s := slots[f][qi]
			if queries[s.task] == nil {
				queries[s.task] = make([]Query, len(res.Tasks[s.task].Queries))
			}
			queries[s.task][s.q] = q
		}
	}
	for ti := range res.Tasks {
		t := &res.Tasks[ti]
		lists[ti] = make([][][]string, len(rankers))
		for si, r := range rankers {
			sr := SystemResult{Name: r.Name(), Baseline: IsBaseline(r), PerQuery: map[string][]float64{},
				Aggregate: map[string]float64{}, Latency: make([]time.Duration, len(t.Queries))}
			for _, name := range perQueryNames(opt.Ks) {
				sr.PerQuery[name] = make([]float64, len(t.Queries))
			}
			t.Systems = append(t.Systems, sr)
			lists[ti][si] = make([][]string, len(t.Queries))
		}
	}

	done := 0
	for f, fold := range d.Folds {
		stage := fmt.Sprintf("%s fold %d/%d", d.Name, f+1, len(d.Folds))
		opt.Progress(stage+": indexing", done, total)
		env, err := NewEnv(ctx, d.Profiles, fold.Known, opt.Env)
		if err != nil {
			return nil, err
		}
		country := func(id string) string {
			if p := env.Profile(id); p != nil {
				return p.Country
			}
			return ""
		}
		for si, r := range rankers {
			opt.Progress(stage+": "+r.Name(), done, total)
			run := func(qi int) error {
				q := fold.Queries[qi]
				start := time.Now()
				ranked, err := rankQuery(ctx, env, r, q, opt)
				if err != nil {
					return fmt.Errorf("benchmarks: query %s: %w", q.ID, err)
				}
				s := slots[f][qi]
				sr := &res.Tasks[s.task].Systems[si]
				sr.Latency[s.q] = time.Since(start)
				judge(sr, s.q, ranked, q.Relevant, opt.Ks, country)
				lists[s.task][si][s.q] = ranked[:min(len(ranked), opt.Ks[len(opt.Ks)-1])]
				return nil
			}
			if len(fold.Queries) == 0 {
				continue
			}
			// The first query fits the model, once; then the others run
			// in parallel. Every query writes only its own slots.
			if err := run(0); err != nil {
				env.Close()
				return nil, err
			}
			done++
			err := parallel(ctx, opt.Workers, len(fold.Queries)-1, func(i int) error { return run(i + 1) }, func() {
				done++
				opt.Progress(stage+": "+r.Name(), done, total)
			})
			if err != nil {
				env.Close()
				return nil, err
			}
		}
		if err := env.Close(); err != nil {
			return nil, err
		}
	}
	for ti := range res.Tasks {
		for si := range rankers {
			sr := &res.Tasks[ti].Systems[si]
			for _, k := range opt.Ks {
				sr.Aggregate[At(MetricCoverage, k)] = Coverage(k, lists[ti][si], res.Profiles)
				sr.Aggregate[At(MetricGini, k)] = ExposureGini(k, lists[ti][si], res.Profiles)
				if d.TextLanguage != nil {
					crossRecall(sr, k, queries[ti], lists[ti][si], d.TextLanguage)
				}
			}
		}
	}
	opt.Progress("done", total, total)
	return res, nil
}

func perQueryNames(ks []int) []string {
	var out []string
	for _, k := range ks {
		for _, m := range []string{MetricNDCG, MetricPrecision, MetricRecall, MetricHit, MetricCountries} {
			out = append(out, At(m, k))
		}
	}
	return append(out, MetricAP, MetricRR)
}

// crossRecall sets sr's cross- and same-language recall at k over the
// single-seed queries qs and their rankings.
func crossRecall(sr *SystemResult, k int, qs []Query, ranked [][]string, lang map[string]string) {
	var hit, n [2]int // [same, cross]
	for qi, q := range qs {
		if len(q.Seeds) != 1 {
			continue
		}
		top := ranked[qi][:min(k, len(ranked[qi]))]
		for _, id := range q.Relevant {
			c := 0
			if lang[id] != lang[q.Seeds[0]] {
				c = 1
			}
			n[c]++
			if slices.Contains(top, id) {
				hit[c]++
			}
		}
	}
	share := func(h, n int) float64 {
		if n == 0 {
			return 0
		}
		return float64(h) / float64(n)
	}
	sr.Aggregate[At(MetricSameRecall, k)] = share(hit[0], n[0])
	sr.Aggregate[At(MetricCrossRecall, k)] = share(hit[1], n[1])
	sr.Aggregate[MetricSamePairs] = float64(n[0])
	sr.Aggregate[MetricCrossPairs] = float64(n[1])
}

// judge records the metrics of one query's ranking.
func judge(sr *SystemResult, qi int, ranked []string, relevant []string, ks []int, country func(string) string) {
	rel := make(map[string]bool, len(relevant))
	for _, id := range relevant {
		rel[id] = true
	}
	for _, k := range ks {
		sr.PerQuery[At(MetricNDCG, k)][qi] = NDCGAt(k, ranked, rel)
		sr.PerQuery[At(MetricPrecision, k)][qi] = PrecisionAt(k, ranked, rel)
		sr.PerQuery[At(MetricRecall, k)][qi] = RecallAt(k, ranked, rel)
		sr.PerQuery[At(MetricHit, k)][qi] = HitAt(k, ranked, rel)
		sr.PerQuery[At(MetricCountries, k)][qi] = DistinctAt(k, ranked, country)
	}
	sr.PerQuery[MetricAP][qi] = AveragePrecision(ranked, rel)
	sr.PerQuery[MetricRR][qi] = ReciprocalRank(ranked, rel)
}

// rankQuery returns the judged ranking of q by r: combined over the
// seeds, without seeds and ignored ids, cut to opt.Depth.
func rankQuery(ctx context.Context, env *Env, r Ranker, q Query, opt Options) ([]string, error) {
	drop := make(map[string]bool, len(q.Seeds)+len(q.Ignore))
	for _, id := range q.Seeds {
		drop[id] = true
	}
	for _, id := range q.Ignore {
		drop[id] = true
	}
	var ranked []Scored
	if len(q.Seeds) == 1 {
		// Ask for enough that the cut list is full after dropping.
		var err error
		ranked, err = r.Rank(ctx, env, q.Seeds[0], opt.Depth+len(q.Ignore))
		if err != nil {
			return nil, err
		}
	} else {
		sum := map[string]float64{}
		for _, s := range q.Seeds {
			l, err := r.Rank(ctx, env, s, opt.SeedDepth+len(q.Seeds)+len(q.Ignore))
			if err != nil {
				return nil, err
			}
			if len(l) == 0 || l[0].Score <= 0 {
				continue
			}
			for _, x := range l {
				sum[x.ID] += x.Score / l[0].Score
			}
		}
		ranked = make([]Scored, 0, len(sum))
		for id, s := range sum {
			ranked = append(ranked, Scored{ID: id, Score: s})
		}
		sortScored(ranked)
	}
	out := make([]string, 0, opt.Depth)
	for _, x := range ranked {
		if !drop[x.ID] {
			out = append(out, x.ID)
			if len(out) == opt.Depth {
				break
			}
		}
	}
	return out, nil
}

// parallel runs fn(0..n-1) on workers goroutines, calling tick after each,
// and returns the first error (the others stop early).
func parallel(ctx context.Context, workers, n int, fn func(int) error, tick func()) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		next  int
		first error
		wg    sync.WaitGroup
	)
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil || ctx.Err() != nil
				mu.Unlock()
				if stop || i >= n {
					return
				}
				err := fn(i)
				mu.Lock()
				if err != nil && first == nil {
					first = err
					cancel()
				}
				if err == nil {
					tick()
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}
