package benchmarks_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/benchmarks"
)

// sys makes a system whose ndcg@10, r@10 and rr per query are xs.
func sys(name string, baseline bool, xs ...float64) benchmarks.SystemResult {
	return benchmarks.SystemResult{
		Name: name, Baseline: baseline,
		PerQuery:  map[string][]float64{"ndcg@10": xs, "r@10": xs, "rr": xs},
		Aggregate: map[string]float64{"coverage@10": 0.5},
		Latency:   make([]time.Duration, len(xs)),
	}
}

func reportResults() []*benchmarks.Results {
	planted := &benchmarks.Results{Dataset: "synthetic", Note: "a test", Profiles: 10, Ks: []int{10}, Depth: 10,
		Tasks: []benchmarks.TaskResult{{Task: benchmarks.TaskPlanted, Queries: []string{"q1", "q2", "q3", "q4"},
			Systems: []benchmarks.SystemResult{
				sys("hybrid", false, 0.5, 0.6, 0.4, 0.5),  // mean 0.5
				sys("learned", false, 0.6, 0.7, 0.5, 0.6), // mean 0.6
				sys("fulltext", true, 0.2, 0.3, 0.1, 0.2), // mean 0.2
				sys("random", true, 0.0, 0.1, 0.0, 0.1),   // mean 0.05
			}}}}
	h2020 := &benchmarks.Results{Dataset: "h2020", Note: "a test", Profiles: 10, Ks: []int{10}, Depth: 10,
		Tasks: []benchmarks.TaskResult{{Task: benchmarks.TaskH2020, Queries: []string{"q1", "q2", "q3", "q4"},
			Systems: []benchmarks.SystemResult{
				sys("hybrid", false, 0.2, 0.2, 0.2, 0.2),
				sys("history", false, 0.3, 0.4, 0.3, 0.2),      // mean 0.3
				sys("past-partners", true, 0.3, 0.3, 0.3, 0.3), // mean 0.3
			}}}}
	return []*benchmarks.Results{planted, h2020}
}

func TestComparisons(t *testing.T) {
	all := reportResults()
	cfg := benchmarks.ReportConfig{Bootstrap: benchmarks.Bootstrap{Seed: 1, Resamples: 200}}
	cs := benchmarks.Comparisons(all[0], cfg)
	require.Len(t, cs, 2, "default and best model against the best baseline")
	assert.Equal(t, "hybrid", cs[0].A, "the default model first")
	assert.Equal(t, "fulltext", cs[0].B, "the best baseline")
	assert.InDelta(t, 0.3, cs[0].Diff.Mean, 1e-12, "hybrid − fulltext is 0.3 on every query")
	assert.InDelta(t, 0.3, cs[0].Diff.Lo, 1e-12, "no spread, no width")
	assert.InDelta(t, 1.5, cs[0].Relative(), 1e-12, "0.3 over 0.2")
	assert.Equal(t, "learned", cs[1].A, "the best model second")

	ts := benchmarks.CheckTargets(all, cfg)
	require.Len(t, ts, 2, "one target per data set")
	assert.True(t, ts[0].Met, "0.5 is at least twice 0.2: %s", ts[0].Detail)
	assert.Contains(t, ts[0].Detail, "2.5×", "the ratio")
	assert.False(t, ts[1].Met, "history ties past-partners: %s", ts[1].Detail)
	assert.Contains(t, ts[1].Detail, "+20% needs 0.360, short by 0.060", "the shortfall")
}

func TestWriteMarkdown(t *testing.T) {
	all := reportResults()
	var b bytes.Buffer
	cfg := benchmarks.ReportConfig{Bootstrap: benchmarks.Bootstrap{Seed: 1, Resamples: 200}}
	require.NoError(t, benchmarks.WriteMarkdown(&b, all[0], cfg), "WriteMarkdown")
	out := b.String()
	for _, want := range []string{
		"## synthetic\n",
		"### synthetic / planted (4 queries)",
		"| hybrid | model | 0.500 [",
		"| fulltext | baseline | 0.200 [",
		"- hybrid − fulltext (best baseline), paired ndcg@10: +0.300 [+0.300, +0.300] (+150%); the interval excludes zero.",
	} {
		assert.Contains(t, out, want, "WriteMarkdown output")
	}
}

func TestWriteQuality(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, benchmarks.WriteQuality(&b, reportResults()[1], 10), "WriteQuality")
	assert.Equal(t, `# h2020: a test

## h2020, 4 queries
system                  ndcg@10     r@10      mrr
hybrid                    0.200    0.200    0.200
history                   0.300    0.300    0.300
past-partners             0.300    0.300    0.300
`, b.String(), "golden table")
}

func TestFigure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ndcg.png")
	res := reportResults()[0]
	f := benchmarks.NDCGFigure("test", &res.Tasks[0], res.Ks, benchmarks.Bootstrap{Resamples: 50})
	require.Len(t, f.Series, 4, "one series per system")
	assert.True(t, f.Series[2].Dashed, "baselines are dashed")
	require.NoError(t, f.SavePNG(path), "SavePNG")
	b, err := os.ReadFile(path)
	require.NoError(t, err, "read the PNG")
	assert.Equal(t, "\x89PNG", string(b[:4]), "a PNG file")

	log := benchmarks.Figure{Title: "log", LogX: true, LogY: true, Series: []benchmarks.Series{
		{Name: "a", X: []float64{10, 100, 1000}, Y: []float64{1, 3, 20}, Colour: 2}}}
	assert.NoError(t, log.SavePNG(path), "SavePNG with log axes")
}
