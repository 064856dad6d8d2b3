// Command compare runs the quality protocols of package benchmarks on every
// data set (the home synthetic world, worlds of the second synthetic family
// with and without collaboration history and with themes inside one value
// chain, Horizon 2020 consortia and the
// real ESCP-4i partnerships) and writes a Markdown report with PNG plots: NDCG@k
// per system with 95% intervals, recall of candidate retrieval against
// pool size, and latency against corpus size.
//
//	go run ./benchmarks/cmd/compare                      # the test split of everything, into benchmarks/results
//	go run ./benchmarks/cmd/compare -split validation -latency "" -pools "" -out /tmp/val   # where choices are made
//	go run ./benchmarks/cmd/compare -data synthetic -n 2000 -models hybrid,learned -k 5,10
//	go run ./benchmarks/cmd/compare -data h2020 -h2020-queries 200 -latency "" -out /tmp/r
//	go run ./benchmarks/cmd/compare -known=false -latency "" -pools "" -out /tmp/nolabels   # as a portal without Config.Known
//
// -native adds the synthetic worlds in which a third of the profiles
// write all their text in their own language (synthetic-native,
// themes-native) to the data sets.
//
// -split validation evaluates other synthetic worlds (seed +
// benchmarks.ValidationSeedOffset) and the Horizon 2020 validation years,
// and skips the ESCP-4i set, which is for reporting only.
//
// A progress bar on standard error shows what runs. Everything is seeded:
// equal flags give equal quality figures (latencies vary with the
// machine's load).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/benchmarks/internal/progress"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/profile/synth/themes"
	"github.com/clustergo/partnermatch/score"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// dataSets are the data sets -data all names, in report order.
var dataSets = []string{"synthetic", "themes", "themes-history", "themes-chain", "h2020", "escp4i"}

// nativeSets are the synthetic worlds in which nativeShare of the
// profiles write all their text in their own language; -native adds them
// (or -data names them), as they are not part of the default run.
var nativeSets = []string{"synthetic-native", "themes-native"}

// nativeShare is the Config.NativeText of the native worlds: the issue's
// target of a third of the profiles (the generators reach less where
// their translated vocabulary runs out).
const nativeShare = 1.0 / 3

type config struct {
	data               []string
	split              benchmarks.Split
	escp4iDir          string
	models, baselines  []string
	ks, pools, latency []int
	seed               uint64
	out                string
	n, folds           int
	depth, workers     int
	resamples          int
	pool               bool
	known              bool
	consortia          int
	h2020Dir           string
	h2020Queries       int
	h2020Cutoff        int
	h2020Labels        int
	latencyQueries     int
	native             bool
}

func parse(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var models, baselines, ks, pools, latency, data, split string
	var seed uint64
	var allModels []string
	for _, m := range score.Models() {
		allModels = append(allModels, m.Name())
	}
	fs.StringVar(&data, "data", "all", "data sets, comma-separated: "+strings.Join(slices.Concat(dataSets, nativeSets), ", ")+" (all: every one but the native worlds, which -native adds)")
	fs.StringVar(&split, "split", string(benchmarks.SplitTest), "split: test (report) or validation (choose)")
	fs.StringVar(&c.escp4iDir, "escp4i", filepath.Join("benchmarks", "testdata", "escp4i"), "folder of the ESCP-4i partnership files")
	fs.StringVar(&models, "models", strings.Join(allModels, ","), "score models to evaluate, comma-separated")
	fs.StringVar(&baselines, "baselines", "random,popularity,fulltext,past-partners,partners-of-partners", "baselines, comma-separated (empty: none)")
	fs.StringVar(&ks, "k", "1,5,10,20", "cut-offs k of the @k metrics")
	fs.Uint64Var(&seed, "seed", 1, "seed of the synthetic worlds (test split; validation adds 1000), folds, samples, fits and bootstrap")
	fs.StringVar(&c.out, "out", filepath.Join("benchmarks", "results"), "output folder for report.md and the plots")
	fs.IntVar(&c.n, "n", 1000, "profiles of each synthetic world")
	fs.IntVar(&c.folds, "folds", 5, "cross-validation folds of the synthetic target partnerships")
	fs.IntVar(&c.consortia, "consortia", 40, "planted queries per fold whose first consortium is compared with the partners list, on the synthetic data sets (0: skip)")
	fs.BoolVar(&c.known, "known", true, "give the engine the folds' known partnerships (false: no labels, as a portal without Config.Known)")
	fs.IntVar(&c.depth, "depth", 100, "depth of each ranking (for MAP and MRR)")
	fs.IntVar(&c.workers, "workers", 0, "queries run at once (0: GOMAXPROCS)")
	fs.IntVar(&c.resamples, "resamples", 2000, "bootstrap resamples")
	fs.BoolVar(&c.pool, "pool", true, "also rank with the default model through the candidate pool, as in production")
	fs.StringVar(&c.h2020Dir, "h2020", filepath.Join("benchmarks", "testdata", "h2020"), "folder of the Horizon 2020 files")
	fs.IntVar(&c.h2020Queries, "h2020-queries", 500, "test queries sampled from the Horizon 2020 projects (0: all)")
	fs.IntVar(&c.h2020Cutoff, "h2020-cutoff", benchmarks.H2020DataCutoff, "last start year of the Horizon 2020 training projects")
	fs.IntVar(&c.h2020Labels, "h2020-labels", 1, "last training years whose projects train the supervised models instead of being history (-1: none)")
	fs.StringVar(&pools, "pools", "10,30,100,300,1000", "candidate pool sizes for the candidate recall plot (empty: skip)")
	fs.StringVar(&latency, "latency", "1000,3000,10000", "synthetic corpus sizes for the latency plot (empty: skip)")
	fs.IntVar(&c.latencyQueries, "latency-queries", 50, "Partners calls per path and size for the latency plot")
	fs.BoolVar(&c.native, "native", false, "also evaluate "+strings.Join(nativeSets, " and ")+": the synthetic worlds with a third of the profiles writing all their text in their own language")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	c.seed = seed
	c.models = list(models)
	c.baselines = list(baselines)
	var err error
	if c.ks, err = ints(ks); err != nil || len(c.ks) == 0 {
		return nil, fmt.Errorf("-k %q: need positive integers", ks)
	}
	if c.pools, err = ints(pools); err != nil {
		return nil, fmt.Errorf("-pools %q: %v", pools, err)
	}
	if c.latency, err = ints(latency); err != nil {
		return nil, fmt.Errorf("-latency %q: %v", latency, err)
	}
	c.split = benchmarks.Split(split)
	if err := c.split.Check(seed); err != nil {
		return nil, fmt.Errorf("-split %q, -seed %d: %v", split, seed, err)
	}
	for _, d := range list(data) {
		switch {
		case d == "all" || d == "both": // both: the two data sets of earlier versions, now every one
			c.data = dataSets
		case slices.Contains(dataSets, d) || slices.Contains(nativeSets, d):
			if !slices.Contains(c.data, d) {
				c.data = append(c.data, d)
			}
		default:
			return nil, fmt.Errorf("-data: unknown data set %q (have %s)", d, strings.Join(slices.Concat(dataSets, nativeSets), ", "))
		}
	}
	if c.native {
		for _, d := range nativeSets {
			if !slices.Contains(c.data, d) {
				c.data = append(c.data, d)
			}
		}
	}
	if len(c.data) == 0 {
		return nil, fmt.Errorf("-data %q: no data set", data)
	}
	for _, m := range c.models {
		if !slices.Contains(allModels, m) {
			return nil, fmt.Errorf("-models: unknown model %q (have %s)", m, strings.Join(allModels, ", "))
		}
	}
	return &c, nil
}

func list(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func ints(s string) ([]int, error) {
	var out []int
	for _, x := range list(s) {
		n, err := strconv.Atoi(x)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive integer", x)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func (c *config) rankers() ([]benchmarks.Ranker, error) {
	rs := benchmarks.Models(c.models, true)
	if c.pool {
		rs = append(rs, benchmarks.Model{Model: score.DefaultModel()})
	}
	byName := map[string]benchmarks.Ranker{}
	for _, b := range benchmarks.Baselines(c.seed) {
		byName[b.Name()] = b
	}
	for _, n := range c.baselines {
		b, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("-baselines: unknown baseline %q", n)
		}
		rs = append(rs, b)
	}
	return rs, nil
}

func run(ctx context.Context, args []string, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	rankers, err := c.rankers()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	bar := progress.New(stderr, nil, 0)
	defer bar.Done()
	start := time.Now()
	opt := benchmarks.Options{Ks: c.ks, Depth: c.depth, Workers: c.workers, Env: benchmarks.EnvConfig{Seed: c.seed}, Progress: bar.Update}
	rcfg := benchmarks.ReportConfig{Bootstrap: benchmarks.Bootstrap{Resamples: c.resamples, Seed: c.seed}}

	datasets, skipped, err := c.datasets(bar)
	if err != nil {
		return err
	}

	var all []*benchmarks.Results
	var recall []recallCurve
	var consortia []*benchmarks.ConsortiumResult
	for _, d := range datasets {
		res, err := benchmarks.Evaluate(ctx, d, rankers, opt)
		if err != nil {
			return err
		}
		all = append(all, res)
		if len(c.pools) > 0 {
			task := d.Tasks()[0]
			bar.Status("candidate recall: " + d.Name)
			r, err := benchmarks.CandidateRecall(ctx, d, task, c.pools)
			if err != nil {
				return err
			}
			recall = append(recall, recallCurve{name: d.Name + "/" + task, byPool: r})
		}
		if c.consortia > 0 && d.Synthetic {
			bar.Status("consortia: " + d.Name)
			r, err := benchmarks.ConsortiumShare(ctx, d, c.consortia, opt.Env)
			if err != nil {
				return err
			}
			consortia = append(consortia, r)
		}
	}
	var lat []benchmarks.LatencyPoint
	if len(c.latency) > 0 {
		lat, err = benchmarks.MeasureLatency(ctx, c.latency, c.latencyQueries, "", c.seed, bar.Status)
		if err != nil {
			return err
		}
	}
	bar.Status("writing the report")
	took := time.Since(start)
	var md bytes.Buffer
	writeHeader(&md, args, took)
	writeSplit(&md, c.split, skipped)
	md.WriteString("## Targets\n\n")
	for _, t := range benchmarks.CheckTargets(all, rcfg) {
		verdict := "**missed**"
		if t.Met {
			verdict = "met"
		}
		fmt.Fprintf(&md, "- %s: %s. %s.\n", t.Name, verdict, t.Detail)
	}
	md.WriteString("\n")
	for _, res := range all {
		if err := benchmarks.WriteMarkdown(&md, res, rcfg); err != nil {
			return err
		}
		for i := range res.Tasks {
			t := &res.Tasks[i]
			name := fmt.Sprintf("ndcg_%s_%s.png", res.Dataset, t.Task)
			f := benchmarks.NDCGFigure(fmt.Sprintf("%s / %s: NDCG@k (%d queries)", res.Dataset, t.Task, len(t.Queries)), t, res.Ks, rcfg.Bootstrap)
			if err := f.SavePNG(filepath.Join(c.out, name)); err != nil {
				return err
			}
			fmt.Fprintf(&md, "![NDCG@k on %s / %s](%s)\n\n", res.Dataset, t.Task, name)
		}
	}
	if len(consortia) > 0 {
		writeConsortia(&md, consortia)
	}
	if len(recall) > 0 {
		if err := writeRecall(&md, c.out, c.pools, recall, rcfg.Bootstrap); err != nil {
			return err
		}
	}
	if len(lat) > 0 {
		if err := writeLatency(&md, c.out, lat); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(c.out, "report.md"), md.Bytes(), 0o644); err != nil {
		return err
	}
	bar.Done()
	fmt.Fprintf(stderr, "wrote %s in %s\n", filepath.Join(c.out, "report.md"), took.Round(time.Second))
	return nil
}

// datasets builds the data sets of c's split, and names those the split
// leaves out.
func (c *config) datasets(bar *progress.Bar) (out []*benchmarks.Dataset, skipped []string, err error) {
	seed := c.split.WorldSeed(c.seed)
	planted := benchmarks.PlantedConfig{Folds: c.folds, Seed: c.seed, Completion: true}
	for _, name := range c.data {
		bar.Status("building " + name)
		var d *benchmarks.Dataset
		switch name {
		case "synthetic", "synthetic-native":
			cfg := synth.Config{Seed: seed, Profiles: c.n}
			if name == "synthetic-native" {
				cfg.NativeText = nativeShare
			}
			w, err := synth.Generate(cfg)
			if err != nil {
				return nil, nil, err
			}
			d = benchmarks.Planted(w, planted)
			if cfg.NativeText > 0 {
				cfg.NativeText = 0
				en, err := synth.Generate(cfg)
				if err != nil {
					return nil, nil, err
				}
				d.TextLanguage = benchmarks.TextLanguages(w.Profiles, en.Profiles)
			}
		case "themes", "themes-history", "themes-chain", "themes-native":
			cfg := themes.Config{Seed: seed, Profiles: c.n, History: name == "themes-history", WithinChain: name == "themes-chain"}
			if name == "themes-native" {
				cfg.NativeText = nativeShare
			}
			w, err := themes.Generate(cfg)
			if err != nil {
				return nil, nil, err
			}
			d = benchmarks.PlantedThemes(w, planted)
			if cfg.NativeText > 0 {
				cfg.NativeText = 0
				en, err := themes.Generate(cfg)
				if err != nil {
					return nil, nil, err
				}
				d.TextLanguage = benchmarks.TextLanguages(w.Profiles, en.Profiles)
			}
		case "h2020":
			h, err := benchmarks.ReadH2020(os.DirFS(c.h2020Dir), ".")
			if err != nil {
				return nil, nil, err
			}
			cfg := c.split.H2020(benchmarks.H2020Config{Cutoff: c.h2020Cutoff, LabelYears: c.h2020Labels, MaxQueries: c.h2020Queries, Seed: c.seed})
			if d, err = h.Dataset(cfg); err != nil {
				return nil, nil, err
			}
		case "escp4i":
			if c.split != benchmarks.SplitTest {
				skipped = append(skipped, name)
				continue
			}
			if d, err = benchmarks.ReadESCP4i(os.DirFS(c.escp4iDir), "."); err != nil {
				return nil, nil, err
			}
		}
		if !c.known {
			for f := range d.Folds {
				d.Folds[f].Known = nil
			}
			d.Note += "; no known partnerships given to the engine (-known=false)"
		}
		out = append(out, d)
	}
	return out, skipped, nil
}

// writeConsortia writes the consortium table: planted co-members in the
// first consortium against the partners list of the same size.
func writeConsortia(w io.Writer, rs []*benchmarks.ConsortiumResult) {
	fmt.Fprintf(w, "## Consortia\n\n")
	fmt.Fprintf(w, "Share of the planted co-members of the asking member that its first consortium (`Engine.Consortium`, default model and rules, as many members as the planted partnership) holds, against its top partners list of the same size (`benchmarks.ConsortiumShare`); the builder takes one member per country unless asked otherwise, and planted partnerships may pair organisations of one country, so the first consortium is also built with no cap per country (`MaxPerCountry` the planted size). The target: the consortium at least as high as the list.\n\n")
	fmt.Fprintf(w, "| data set | queries | co-members | in the first consortium | same, no cap per country | in the partners list | no consortium |\n|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(w, "| %s | %d | %d | %.3f | %.3f | %.3f | %d |\n", r.Dataset, r.Queries, r.Relevant, r.InConsortium, r.InOpen, r.InList, r.Failed)
	}
	fmt.Fprintf(w, "\n")
}

// writeSplit says which split the report measures and where the
// defaults' choices were made.
func writeSplit(w io.Writer, split benchmarks.Split, skipped []string) {
	fmt.Fprintf(w, "## Split: %s\n\n", split)
	if split == benchmarks.SplitValidation {
		fmt.Fprintf(w, "Validation figures: the data on which choices are made. Synthetic worlds are drawn with seed + %d; Horizon 2020 has history up to the cut-off minus 2, the next year as labels and the year after as queries (the test split's label year).", benchmarks.ValidationSeedOffset)
		if len(skipped) > 0 {
			fmt.Fprintf(w, " Left out (test only): %s.", strings.Join(skipped, ", "))
		}
		fmt.Fprintf(w, "\n\n")
	} else {
		fmt.Fprintf(w, "Test figures: nothing is chosen on them. The defaults' choices and the data they were made on:\n\n| choice | chosen on | leaves the test alone |\n|---|---|---|\n")
		for _, ch := range benchmarks.Choices() {
			clean := "**no**"
			if ch.Clean {
				clean = "yes"
			}
			fmt.Fprintf(w, "| %s | %s | %s |\n", ch.What, ch.Split, clean)
		}
		fmt.Fprintf(w, "\n")
	}
}

func writeHeader(w io.Writer, args []string, took time.Duration) {
	fmt.Fprintf(w, "# partnermatch: model comparison\n\n")
	cmd := "go run ./benchmarks/cmd/compare"
	for _, a := range args {
		if strings.ContainsAny(a, " \"'") || a == "" {
			a = strconv.Quote(a)
		}
		cmd += " " + a
	}
	fmt.Fprintf(w, "Command: `%s` (from the module root).\n\n", cmd)
	fmt.Fprintf(w, "Machine: %s/%s, %d CPUs (GOMAXPROCS %d)%s, %s. Took %s.\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), cpuModel(), runtime.Version(), took.Round(time.Second))
}

// cpuModel returns ", <model name>" from /proc/cpuinfo, or "".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return ", " + strings.TrimSpace(v)
		}
	}
	return ""
}

type recallCurve struct {
	name   string
	byPool map[int][]float64
}

func writeRecall(w io.Writer, out string, pools []int, curves []recallCurve, b benchmarks.Bootstrap) error {
	fmt.Fprintf(w, "## Candidate retrieval\n\nShare of the relevant profiles among the first n candidates of `index.Candidates` with `match.RetrievalWeights()` (the text pool that `Partners` rescores, before it adds past partners and partners of partners; the engine's default text pool is 300, to which it adds the screen's 500), mean over one-seed queries with 95%% intervals.\n\n| pool n |")
	for _, c := range curves {
		fmt.Fprintf(w, " %s |", c.name)
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(curves)))
	fig := benchmarks.Figure{Title: "Recall of candidate retrieval against pool size", XLabel: "pool size n", YLabel: "recall of the pool (95% CI)", LogX: true}
	for _, p := range pools {
		fmt.Fprintf(w, "| %d |", p)
		for _, c := range curves {
			fmt.Fprintf(w, " %s |", b.Mean(c.byPool[p]))
		}
		fmt.Fprintln(w)
	}
	for _, c := range curves {
		s := benchmarks.Series{Name: c.name}
		for _, p := range pools {
			iv := b.Mean(c.byPool[p])
			s.X = append(s.X, float64(p))
			s.Y = append(s.Y, iv.Mean)
			s.Lo = append(s.Lo, iv.Lo)
			s.Hi = append(s.Hi, iv.Hi)
		}
		fig.Series = append(fig.Series, s)
	}
	if err := fig.SavePNG(filepath.Join(out, "candidate_recall.png")); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n![candidate recall against pool size](candidate_recall.png)\n\n")
	return nil
}

func writeLatency(w io.Writer, out string, pts []benchmarks.LatencyPoint) error {
	fmt.Fprintf(w, "## Latency against corpus size\n\nSynthetic worlds, in-memory engine, default model, `Partners` with Limit 10, one query at a time; wall times depend on what else the machine runs (RESULTS.md says).\n\n")
	fmt.Fprintf(w, "| profiles | index s | profiles/s | fit s | heap MB | KB/profile | pool p50 ms | pool p99 ms | exact p50 ms | exact p99 ms |\n|---|---|---|---|---|---|---|---|---|---|\n")
	fig := benchmarks.Figure{Title: "Partners latency against corpus size", XLabel: "profiles", YLabel: "ms per query", LogX: true, LogY: true}
	series := []benchmarks.Series{{Name: "pool p50", Colour: 1}, {Name: "pool p99", Dashed: true, Colour: 1},
		{Name: "exact p50", Colour: 4}, {Name: "exact p99", Dashed: true, Colour: 4}}
	for _, p := range pts {
		fmt.Fprintf(w, "| %d | %.1f | %.0f | %.1f | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", p.Profiles, p.Index.Seconds(),
			float64(p.Profiles)/p.Index.Seconds(), p.Fit.Seconds(), p.HeapMB, 1024*p.HeapMB/float64(p.Profiles),
			msf(benchmarks.P(p.Pool, 0.5)), msf(benchmarks.P(p.Pool, 0.99)), msf(benchmarks.P(p.Exact, 0.5)), msf(benchmarks.P(p.Exact, 0.99)))
		for i, v := range []time.Duration{benchmarks.P(p.Pool, 0.5), benchmarks.P(p.Pool, 0.99), benchmarks.P(p.Exact, 0.5), benchmarks.P(p.Exact, 0.99)} {
			series[i].X = append(series[i].X, float64(p.Profiles))
			series[i].Y = append(series[i].Y, max(msf(v), 1e-3))
		}
	}
	fig.Series = series
	if err := fig.SavePNG(filepath.Join(out, "latency.png")); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n![Partners latency against corpus size](latency.png)\n\n")
	return nil
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
