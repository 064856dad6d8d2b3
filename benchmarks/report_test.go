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
	planted := &benchmarks.Results{Dataset: "synthetic", Synthetic: true, Note: "a test", Profiles: 10, Ks: []int{10}, Depth: 10,
		Tasks: []benchmarks.TaskResult{{Task: benchmarks.TaskPlanted, Queries: []string{"q1", "q2", "q3", "q4"},
			Systems: []benchmarks.SystemResult{
				sys("hybrid", false, 0.5, 0.6, 0.4, 0.5),  // mean 0.5
				sys("learned", false, 0.6, 0.7, 0.5, 0.6), // mean 0.6
				sys("tfidf", false, 0.1, 0.2, 0.1, 0.2),   // mean 0.15
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
	cfg := benchmarks.ReportConfig{Bootstrap: benchmarks.Bootstrap{Seed: 1, Resamples: 200}, Default: "hybrid", Parts: []string{"tfidf"}}
	cs := benchmarks.Comparisons(all[0], cfg)
	require.Len(t, cs, 3, "default against the best baseline and part, best model against the best baseline")
	assert.Equal(t, "hybrid", cs[0].A, "the default model first")
	assert.Equal(t, "fulltext", cs[0].B, "the best baseline")
	assert.Equal(t, "best baseline", cs[0].Against)
	assert.InDelta(t, 0.3, cs[0].Diff.Mean, 1e-12, "hybrid − fulltext is 0.3 on every query")
	assert.InDelta(t, 0.3, cs[0].Diff.Lo, 1e-12, "no spread, no width")
	assert.InDelta(t, 1.5, cs[0].Relative(), 1e-12, "0.3 over 0.2")
	assert.Equal(t, "tfidf", cs[1].B, "the best single part")
	assert.Equal(t, "best single part", cs[1].Against)
	assert.InDelta(t, 0.35, cs[1].Diff.Mean, 1e-12, "hybrid − tfidf")
	assert.Equal(t, "learned", cs[2].A, "the best model last")

	ts := benchmarks.CheckTargets(all, cfg)
	byName := map[string]benchmarks.Target{}
	for _, tg := range ts {
		byName[tg.Name] = tg
	}
	tests := []struct {
		name   string
		met    bool
		detail string
	}{
		{"synthetic/planted: hybrid at least 1.5× fulltext", true, "2.50×"},
		{"synthetic/planted: hybrid at least its best single part", true, "tfidf 0.150"},
		{"synthetic/planted: hybrid ndcg@10 at least 0.19", true, "0.500"},
		{"synthetic/planted: hybrid not below the best baseline (interval excluding zero)", true, "+0.300"},
		{"h2020/h2020: hybrid beats the best baseline by at least 20% ndcg@10, interval excluding zero", false,
			"+20% needs 0.360, short by 0.160"},
		{"h2020/h2020: hybrid not below the best baseline (interval excluding zero)", false, "-0.100"},
	}
	require.Len(t, ts, len(tests), "targets: %+v", ts)
	for _, tt := range tests {
		tg, ok := byName[tt.name]
		if assert.True(t, ok, "target %q", tt.name) {
			assert.Equal(t, tt.met, tg.Met, "%s: %s", tt.name, tg.Detail)
			assert.Contains(t, tg.Detail, tt.detail, tt.name)
		}
	}
}

func TestWriteMarkdown(t *testing.T) {
	all := reportResults()
	var b bytes.Buffer
	cfg := benchmarks.ReportConfig{Bootstrap: benchmarks.Bootstrap{Seed: 1, Resamples: 200}, Default: "hybrid"}
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
	require.Len(t, f.Series, 5, "one series per system")
	assert.True(t, f.Series[3].Dashed, "baselines are dashed")
	require.NoError(t, f.SavePNG(path), "SavePNG")
	b, err := os.ReadFile(path)
	require.NoError(t, err, "read the PNG")
	assert.Equal(t, "\x89PNG", string(b[:4]), "a PNG file")

	log := benchmarks.Figure{Title: "log", LogX: true, LogY: true, Series: []benchmarks.Series{
		{Name: "a", X: []float64{10, 100, 1000}, Y: []float64{1, 3, 20}, Colour: 2}}}
	assert.NoError(t, log.SavePNG(path), "SavePNG with log axes")
}
