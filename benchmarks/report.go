package benchmarks

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/clustergo/partnermatch/score"
)

// ReportConfig tunes the summaries of Results. The zero value is ready to
// use.
type ReportConfig struct {
	// Bootstrap computes the intervals.
	Bootstrap Bootstrap
	// Default is the name of the default model, compared with the best
	// baseline. Empty means score.DefaultModel().
	Default string
	// K is the cut-off of the main table and of the comparisons. Zero
	// means 10, or the largest of Results.Ks below it.
	K int
}

func (c ReportConfig) def() string { return cmp.Or(c.Default, score.DefaultModel()) }

func (c ReportConfig) k(ks []int) int {
	want := cmp.Or(c.K, 10)
	if slices.Contains(ks, want) || len(ks) == 0 {
		return want
	}
	best := ks[0]
	for _, k := range ks {
		if k <= want {
			best = k
		}
	}
	return best
}

// Mean returns the mean of a per-query metric of system name, with its
// interval, or false if there is no such system or metric.
func (t *TaskResult) Mean(name, metric string, b Bootstrap) (Interval, bool) {
	s := t.System(name)
	if s == nil || s.PerQuery[metric] == nil {
		return Interval{}, false
	}
	return b.Mean(s.PerQuery[metric]), true
}

// System returns the results of the named system, or nil.
func (t *TaskResult) System(name string) *SystemResult {
	for i := range t.Systems {
		if t.Systems[i].Name == name {
			return &t.Systems[i]
		}
	}
	return nil
}

// Best returns the system with the highest mean of metric among the
// baselines (baseline true) or the models (false), ties in order of
// name, or nil if there is none.
func (t *TaskResult) Best(metric string, baseline bool) *SystemResult {
	var best *SystemResult
	var bm float64
	for i := range t.Systems {
		s := &t.Systems[i]
		if s.Baseline != baseline || s.PerQuery[metric] == nil {
			continue
		}
		m := mean(s.PerQuery[metric])
		if best == nil || m > bm || m == bm && s.Name < best.Name {
			best, bm = s, m
		}
	}
	return best
}

// Paired returns the mean difference of a per-query metric between
// systems a and b on the same queries, with its interval.
func (t *TaskResult) Paired(a, b, metric string, boot Bootstrap) (Interval, bool) {
	sa, sb := t.System(a), t.System(b)
	if sa == nil || sb == nil || sa.PerQuery[metric] == nil || sb.PerQuery[metric] == nil {
		return Interval{}, false
	}
	return boot.Paired(sa.PerQuery[metric], sb.PerQuery[metric]), true
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// quantileDuration returns the p-quantile of ds (nearest rank).
func quantileDuration(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

// A Comparison is the paired difference of two systems on one task.
type Comparison struct {
	Task, A, B, Metric string
	Diff               Interval // mean of A - B per query, with its interval
	MeanA, MeanB       float64
}

// Relative returns the difference as a share of B's mean (0.2 = 20% better).
func (c Comparison) Relative() float64 {
	if c.MeanB == 0 {
		return 0
	}
	return c.Diff.Mean / c.MeanB
}

// Comparisons returns, for every task, the paired differences at the
// main k of NDCG: the default model against the best baseline, and the
// best model against the best baseline (once if they are the same).
func Comparisons(res *Results, cfg ReportConfig) []Comparison {
	metric := At(MetricNDCG, cfg.k(res.Ks))
	var out []Comparison
	for i := range res.Tasks {
		t := &res.Tasks[i]
		bb := t.Best(metric, true)
		if bb == nil {
			continue
		}
		as := []string{cfg.def()}
		if bm := t.Best(metric, false); bm != nil && bm.Name != cfg.def() {
			as = append(as, bm.Name)
		}
		for _, a := range as {
			d, ok := t.Paired(a, bb.Name, metric, cfg.Bootstrap)
			if !ok {
				continue
			}
			out = append(out, Comparison{Task: t.Task, A: a, B: bb.Name, Metric: metric, Diff: d,
				MeanA: mean(t.System(a).PerQuery[metric]), MeanB: mean(bb.PerQuery[metric])})
		}
	}
	return out
}

// WriteMarkdown writes the results as Markdown: per task, a table of every
// system at the main k (NDCG with its interval, precision, recall, hit
// rate, MAP, MRR, catalogue coverage, Gini of exposure, distinct
// countries, latency), a table of NDCG at every k with intervals, and the
// paired comparisons of Comparisons.
func WriteMarkdown(w io.Writer, res *Results, cfg ReportConfig) error {
	k := cfg.k(res.Ks)
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n%s.\n\n", res.Dataset, res.Note)
	fmt.Fprintf(&b, "Rankings %d deep; intervals: %.0f%% percentile bootstrap over queries (%d resamples, seed %d).\n\n",
		res.Depth, 100*cfg.Bootstrap.level(), cfg.Bootstrap.resamples(), cfg.Bootstrap.Seed)
	for i := range res.Tasks {
		t := &res.Tasks[i]
		fmt.Fprintf(&b, "### %s / %s (%d queries)\n\n", res.Dataset, t.Task, len(t.Queries))
		fmt.Fprintf(&b, "| system | kind | NDCG@%[1]d (95%% CI) | P@%[1]d | R@%[1]d | Hit@%[1]d | MAP | MRR | Coverage@%[1]d | Gini@%[1]d | Countries@%[1]d | ms/query p50 | p99 |\n", k)
		b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
		for _, s := range t.Systems {
			kind := "model"
			if s.Baseline {
				kind = "baseline"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f | %.1f | %.1f |\n",
				s.Name, kind, cfg.Bootstrap.Mean(s.PerQuery[At(MetricNDCG, k)]),
				mean(s.PerQuery[At(MetricPrecision, k)]), mean(s.PerQuery[At(MetricRecall, k)]),
				mean(s.PerQuery[At(MetricHit, k)]), mean(s.PerQuery[MetricAP]), mean(s.PerQuery[MetricRR]),
				s.Aggregate[At(MetricCoverage, k)], s.Aggregate[At(MetricGini, k)], mean(s.PerQuery[At(MetricCountries, k)]),
				ms(quantileDuration(s.Latency, 0.5)), ms(quantileDuration(s.Latency, 0.99)))
		}
		b.WriteString("\n")
		b.WriteString("| system |")
		for _, k := range res.Ks {
			fmt.Fprintf(&b, " NDCG@%d |", k)
		}
		b.WriteString("\n|---|" + strings.Repeat("---|", len(res.Ks)) + "\n")
		for _, s := range t.Systems {
			fmt.Fprintf(&b, "| %s |", s.Name)
			for _, k := range res.Ks {
				fmt.Fprintf(&b, " %s |", cfg.Bootstrap.Mean(s.PerQuery[At(MetricNDCG, k)]))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
		for _, c := range Comparisons(res, cfg) {
			if c.Task != t.Task {
				continue
			}
			verdict := "the interval includes zero"
			if c.Diff.Excludes(0) {
				verdict = "the interval excludes zero"
			}
			fmt.Fprintf(&b, "- %s − %s (best baseline), paired %s: %+.3f [%+.3f, %+.3f] (%+.0f%%); %s.\n",
				c.A, c.B, c.Metric, c.Diff.Mean, c.Diff.Lo, c.Diff.Hi, 100*c.Relative(), verdict)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// WriteQuality writes the golden quality table of TestQuality: per task
// and system, NDCG@k, recall@k and MRR rounded to 3 decimals, so that a
// change in ranking quality shows up as a diff in review.
func WriteQuality(w io.Writer, res *Results, k int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n", res.Dataset, res.Note)
	for _, t := range res.Tasks {
		fmt.Fprintf(&b, "\n## %s, %d queries\n%-22s %8s %8s %8s\n", t.Task, len(t.Queries), "system",
			At(MetricNDCG, k), At(MetricRecall, k), "mrr")
		for _, s := range t.Systems {
			fmt.Fprintf(&b, "%-22s %8.3f %8.3f %8.3f\n", s.Name, mean(s.PerQuery[At(MetricNDCG, k)]),
				mean(s.PerQuery[At(MetricRecall, k)]), mean(s.PerQuery[MetricRR]))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// A Target is one of the quality targets of the benchmarks, checked
// against results.
type Target struct {
	Name   string // what is asked
	Met    bool
	Detail string // the figures, and the shortfall if missed
}

// CheckTargets checks the quality targets on the results it finds:
//
//   - synthetic/planted: the default model reaches at least twice the
//     NDCG@k of plain full-text similarity (fulltext); the interval is that
//     of the paired difference default − 2 × fulltext;
//   - h2020: the best model beats the best baseline by at least 20% NDCG@k,
//     with a paired interval that excludes zero.
func CheckTargets(all []*Results, cfg ReportConfig) []Target {
	var out []Target
	for _, res := range all {
		k := cfg.k(res.Ks)
		metric := At(MetricNDCG, k)
		for i := range res.Tasks {
			t := &res.Tasks[i]
			switch {
			case t.Task == TaskPlanted:
				d, ft := t.System(cfg.def()), t.System(FullText{}.Name())
				if d == nil || ft == nil {
					continue
				}
				twice := make([]float64, len(ft.PerQuery[metric]))
				for j, x := range ft.PerQuery[metric] {
					twice[j] = 2 * x
				}
				diff := cfg.Bootstrap.Paired(d.PerQuery[metric], twice)
				md, mf := mean(d.PerQuery[metric]), mean(ft.PerQuery[metric])
				tg := Target{Name: fmt.Sprintf("%s/%s: %s reaches at least twice the %s of fulltext", res.Dataset, t.Task, cfg.def(), metric)}
				tg.Met = md >= 2*mf
				ratio := "∞"
				if mf > 0 {
					ratio = fmt.Sprintf("%.1f×", md/mf)
				}
				tg.Detail = fmt.Sprintf("%.3f against %.3f, %s; paired %s − 2·fulltext %+.3f [%+.3f, %+.3f]",
					md, mf, ratio, cfg.def(), diff.Mean, diff.Lo, diff.Hi)
				if !tg.Met {
					tg.Detail += fmt.Sprintf("; short of 2× by %.3f", 2*mf-md)
				}
				out = append(out, tg)
			case t.Task == TaskH2020:
				bm, bb := t.Best(metric, false), t.Best(metric, true)
				if bm == nil || bb == nil {
					continue
				}
				d := cfg.Bootstrap.Paired(bm.PerQuery[metric], bb.PerQuery[metric])
				ma, mb := mean(bm.PerQuery[metric]), mean(bb.PerQuery[metric])
				tg := Target{Name: fmt.Sprintf("%s: the best model beats the best baseline by at least 20%% %s, interval excluding zero", res.Dataset, metric)}
				rel := 0.0
				if mb > 0 {
					rel = d.Mean / mb
				}
				tg.Met = rel >= 0.2 && d.Lo > 0
				tg.Detail = fmt.Sprintf("best model %s %.3f, best baseline %s %.3f: %+.3f [%+.3f, %+.3f] (%+.0f%%)",
					bm.Name, ma, bb.Name, mb, d.Mean, d.Lo, d.Hi, 100*rel)
				if !tg.Met {
					tg.Detail += fmt.Sprintf("; +20%% needs %.3f, short by %.3f", 1.2*mb, max(0, 1.2*mb-ma))
				}
				out = append(out, tg)
			}
		}
	}
	return out
}
