package benchmarks_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/profile/synth/themes"
	"github.com/clustergo/partnermatch/score"
)

var update = flag.Bool("update", false, "rewrite testdata/quality.golden")

// qualityWorld is the small synthetic world of TestQuality: big enough for
// a few dozen planted partnerships, small enough to run in seconds.
var qualityWorld = synth.Config{Seed: 1, Profiles: 400}

// themesWorld is the small world of the second synthetic family, whose
// partners share a theme and differ in role, without collaboration
// history: the home world's assumptions do not hold there.
var themesWorld = themes.Config{Seed: 1, Profiles: 600}

// productionWorld is the world of the production-path section: five times
// the engine's pool (100 text candidates and a screen of 500), so that
// retrieval decides what is ranked.
var productionWorld = synth.Config{Seed: 2, Profiles: 3000}

// TestQuality measures NDCG@10, recall@10 and MRR on small synthetic
// worlds and compares them with testdata/quality.golden, so that a change
// in ranking quality shows up in review: every model (exact) and baseline
// on a small home world and on a small world of the second family, and
// the default model's production path (pool, screen and graph, not Exact)
// beside its exact ranking on a home world larger than the pool. Run with
// -update to accept a change.
func TestQuality(t *testing.T) {
	if testing.Short() && !*update {
		t.Skip("about 40 s: skipped in short mode")
	}
	ctx := context.Background()
	var names []string
	for _, m := range score.Models() {
		names = append(names, m.Name())
	}
	all := append(benchmarks.Models(names, true), benchmarks.Baselines(1)...)
	opt := benchmarks.Options{Ks: []int{10}, Depth: 20, Env: benchmarks.EnvConfig{Seed: 1}}

	w, err := synth.Generate(qualityWorld)
	require.NoError(t, err, "synth.Generate(%+v)", qualityWorld)
	tw, err := themes.Generate(themesWorld)
	require.NoError(t, err, "themes.Generate(%+v)", themesWorld)
	pw, err := synth.Generate(productionWorld)
	require.NoError(t, err, "synth.Generate(%+v)", productionWorld)
	production := []benchmarks.Ranker{benchmarks.Model{Model: score.DefaultModel(), Exact: true},
		benchmarks.Model{Model: score.DefaultModel()}, benchmarks.FullText{}, benchmarks.PastPartners{}}
	runs := []struct {
		d       *benchmarks.Dataset
		rankers []benchmarks.Ranker
	}{
		{benchmarks.Planted(w, benchmarks.PlantedConfig{Folds: 3, Seed: 1, Completion: true}), all},
		{benchmarks.PlantedThemes(tw, benchmarks.PlantedConfig{Folds: 3, Seed: 1, Completion: true}), all},
		{benchmarks.Planted(pw, benchmarks.PlantedConfig{Folds: 2, Seed: 1}), production},
	}
	var got bytes.Buffer
	for i, r := range runs {
		res, err := benchmarks.Evaluate(ctx, r.d, r.rankers, opt)
		require.NoError(t, err, "Evaluate %s", r.d.Name)
		if i > 0 {
			got.WriteString("\n")
		}
		require.NoError(t, benchmarks.WriteQuality(&got, res, 10), "WriteQuality")
	}

	golden := filepath.Join("testdata", "quality.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644), "write %s", golden)
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "read %s (run go test ./benchmarks -run TestQuality -update to create it)", golden)
	assert.Equal(t, string(want), got.String(),
		"ranking quality changed; if intended, run go test ./benchmarks -run TestQuality -update and review the diff")
}
