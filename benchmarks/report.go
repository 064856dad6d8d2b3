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
	// Parts are the names of the default model's single parts, the
	// models it combines. Nil means the parts of score.DefaultAutoPrior()
	// for auto and of score.DefaultHybrid() for any other default.
	Parts []string
}

func (c ReportConfig) def() string { return cmp.Or(c.Default, score.DefaultModel()) }

func (c ReportConfig) parts() []string {
	if c.Parts != nil {
		return c.Parts
	}
	parts := score.DefaultHybrid()
	if c.def() == (score.Auto{}).Name() {
		parts = score.DefaultAutoPrior()
	}
	var out []string
	for _, p := range parts {
		out = append(out, p.Model.Name())
	}
	return out
}

// bestOf returns the system among names with the highest mean of metric,
// ties in order of name, or nil.
func (t *TaskResult) bestOf(names []string, metric string) *SystemResult {
	var best *SystemResult
	var bm float64
	for _, n := range names {
		s := t.System(n)
		if s == nil || s.PerQuery[metric] == nil {
			continue
		}
		m := mean(s.PerQuery[metric])
		if best == nil || m > bm || m == bm && s.Name < best.Name {
			best, bm = s, m
		}
	}
	return best
}

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
	// Against says what B is: "best baseline" or "best single part".
	Against      string
	Diff         Interval // mean of A - B per query, with its interval
	MeanA, MeanB float64
}

// Relative returns the difference as a share of B's mean (0.2 = 20% better).
func (c Comparison) Relative() float64 {
	if c.MeanB == 0 {
		return 0
	}
	return c.Diff.Mean / c.MeanB
}

// Comparisons returns, for every task, the paired differences at the
// main k of NDCG: the default model against the best baseline and
// against its best single part (ReportConfig.Parts), and the best model
// against the best baseline if it is not the default.
func Comparisons(res *Results, cfg ReportConfig) []Comparison {
	metric := At(MetricNDCG, cfg.k(res.Ks))
	var out []Comparison
	for i := range res.Tasks {
		t := &res.Tasks[i]
		add := func(a string, b *SystemResult, against string) {
			if b == nil || a == b.Name {
				return
			}
			d, ok := t.Paired(a, b.Name, metric, cfg.Bootstrap)
			if !ok {
				return
			}
			out = append(out, Comparison{Task: t.Task, A: a, B: b.Name, Metric: metric, Against: against, Diff: d,
				MeanA: mean(t.System(a).PerQuery[metric]), MeanB: mean(b.PerQuery[metric])})
		}
		bb := t.Best(metric, true)
		add(cfg.def(), bb, "best baseline")
		add(cfg.def(), t.bestOf(cfg.parts(), metric), "best single part")
		if bm := t.Best(metric, false); bm != nil && bm.Name != cfg.def() {
			add(bm.Name, bb, "best baseline")
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
		writeCrossRecall(&b, t, k)
		for _, c := range Comparisons(res, cfg) {
			if c.Task != t.Task {
				continue
			}
			verdict := "the interval includes zero"
			if c.Diff.Excludes(0) {
				verdict = "the interval excludes zero"
			}
			fmt.Fprintf(&b, "- %s − %s (%s), paired %s: %+.3f [%+.3f, %+.3f] (%+.0f%%); %s.\n",
				c.A, c.B, c.Against, c.Metric, c.Diff.Mean, c.Diff.Lo, c.Diff.Hi, 100*c.Relative(), verdict)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCrossRecall writes the cross-language recall table of task t, if
// it has one.
func writeCrossRecall(b *strings.Builder, t *TaskResult, k int) {
	if len(t.Systems) == 0 || t.Systems[0].Aggregate[MetricCrossPairs] == 0 {
		return
	}
	s0 := t.Systems[0].Aggregate
	fmt.Fprintf(b, "Recall@%d of the seed-answer pairs that write in different languages (%.0f pairs) against those that write in one (%.0f pairs):\n\n",
		k, s0[MetricCrossPairs], s0[MetricSamePairs])
	fmt.Fprintf(b, "| system | same language R@%[1]d | cross-language R@%[1]d | cross / same |\n|---|---|---|---|\n", k)
	for _, s := range t.Systems {
		same, cross := s.Aggregate[At(MetricSameRecall, k)], s.Aggregate[At(MetricCrossRecall, k)]
		ratio := 0.0
		if same > 0 {
			ratio = cross / same
		}
		fmt.Fprintf(b, "| %s | %.3f | %.3f | %.2f |\n", s.Name, same, cross, ratio)
	}
	b.WriteString("\n")
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

// CheckTargets checks the quality targets of the default model on the
// results it finds, at the main k of NDCG, with paired intervals:
//
//   - on the planted task of every synthetic data set (Results.Synthetic):
//     the default reaches at least 1.5 times plain full-text similarity
//     (fulltext; the interval is that of default − 1.5 × fulltext) and at
//     least its best single part;
//   - on the home world ("synthetic"), planted: the default reaches at
//     least HomeNDCGTarget;
//   - on h2020: the default beats the best baseline by at least 20%, with
//     an interval that excludes zero;
//   - on every task of every data set: the default is not below the best
//     baseline with an interval that excludes zero.
func CheckTargets(all []*Results, cfg ReportConfig) []Target {
	var out []Target
	for _, res := range all {
		k := cfg.k(res.Ks)
		metric := At(MetricNDCG, k)
		for i := range res.Tasks {
			t := &res.Tasks[i]
			d := t.System(cfg.def())
			if d == nil {
				continue
			}
			md := mean(d.PerQuery[metric])
			where := res.Dataset + "/" + t.Task
			if res.Synthetic && t.Task == TaskPlanted {
				if ft := t.System(FullText{}.Name()); ft != nil {
					out = append(out, ratioTarget(where, cfg, metric, d, ft, 1.5))
				}
				if bp := t.bestOf(cfg.parts(), metric); bp != nil {
					diff := cfg.Bootstrap.Paired(d.PerQuery[metric], bp.PerQuery[metric])
					mp := mean(bp.PerQuery[metric])
					tg := Target{Name: fmt.Sprintf("%s: %s at least its best single part", where, cfg.def()), Met: md >= mp,
						Detail: fmt.Sprintf("%.3f against %s %.3f: %+.3f [%+.3f, %+.3f]", md, bp.Name, mp, diff.Mean, diff.Lo, diff.Hi)}
					out = append(out, tg)
				}
			}
			if res.Dataset == "synthetic" && t.Task == TaskPlanted {
				out = append(out, Target{Name: fmt.Sprintf("%s: %s %s at least %.2f", where, cfg.def(), metric, HomeNDCGTarget),
					Met: md >= HomeNDCGTarget, Detail: cfg.Bootstrap.Mean(d.PerQuery[metric]).String()})
			}
			bb := t.Best(metric, true)
			if bb == nil {
				continue
			}
			diff := cfg.Bootstrap.Paired(d.PerQuery[metric], bb.PerQuery[metric])
			mb := mean(bb.PerQuery[metric])
			rel := 0.0
			if mb > 0 {
				rel = diff.Mean / mb
			}
			detail := fmt.Sprintf("%s %.3f, best baseline %s %.3f: %+.3f [%+.3f, %+.3f] (%+.0f%%)",
				cfg.def(), md, bb.Name, mb, diff.Mean, diff.Lo, diff.Hi, 100*rel)
			if t.Task == TaskH2020 {
				tg := Target{Name: fmt.Sprintf("%s: %s beats the best baseline by at least 20%% %s, interval excluding zero", where, cfg.def(), metric),
					Met: rel >= 0.2 && diff.Lo > 0, Detail: detail}
				if !tg.Met {
					tg.Detail += fmt.Sprintf("; +20%% needs %.3f, short by %.3f", 1.2*mb, max(0, 1.2*mb-md))
				}
				out = append(out, tg)
			}
			out = append(out, Target{Name: fmt.Sprintf("%s: %s not below the best baseline (interval excluding zero)", where, cfg.def()),
				Met: diff.Hi >= 0, Detail: detail})
		}
	}
	return out
}

// HomeNDCGTarget is the NDCG@10 that the default must keep on the home
// world's planted task.
const HomeNDCGTarget = 0.19

// ratioTarget checks that system a reaches at least x times system b.
func ratioTarget(where string, cfg ReportConfig, metric string, a, b *SystemResult, x float64) Target {
	scaled := make([]float64, len(b.PerQuery[metric]))
	for j, v := range b.PerQuery[metric] {
		scaled[j] = x * v
	}
	diff := cfg.Bootstrap.Paired(a.PerQuery[metric], scaled)
	ma, mb := mean(a.PerQuery[metric]), mean(b.PerQuery[metric])
	tg := Target{Name: fmt.Sprintf("%s: %s at least %g× %s", where, a.Name, x, b.Name), Met: ma >= x*mb}
	ratio := "∞"
	if mb > 0 {
		ratio = fmt.Sprintf("%.2f×", ma/mb)
	}
	tg.Detail = fmt.Sprintf("%.3f against %.3f, %s; paired %s − %g·%s %+.3f [%+.3f, %+.3f]",
		ma, mb, ratio, a.Name, x, b.Name, diff.Mean, diff.Lo, diff.Hi)
	if !tg.Met {
		tg.Detail += fmt.Sprintf("; short by %.3f", x*mb-ma)
	}
	return tg
}
