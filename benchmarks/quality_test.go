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

// productionWorld is the world of the production-path section: almost
// four times the engine's pool (300 text candidates and a screen of
// 500), so that retrieval decides what is ranked.
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

// TestConsortiumShare checks the consortium measure on a small world of
// each family: shares are fractions of the relevant co-members, equal
// runs agree, and on the second family (partners share a theme) the
// builder keeps most of the co-members (0.97 here), which the stage-coverage
// and redundancy defaults of before left at 0.19.
func TestConsortiumShare(t *testing.T) {
	if testing.Short() {
		t.Skip("builds consortia on two small worlds: skipped in short mode")
	}
	ctx := context.Background()
	tw, err := themes.Generate(themes.Config{Seed: 3, Profiles: 300})
	require.NoError(t, err, "themes.Generate")
	sw, err := synth.Generate(synth.Config{Seed: 3, Profiles: 300})
	require.NoError(t, err, "synth.Generate")
	tests := []struct {
		name     string
		d        *benchmarks.Dataset
		minShare float64
	}{
		{"themes", benchmarks.PlantedThemes(tw, benchmarks.PlantedConfig{Folds: 2, Seed: 1}), 0.5},
		{"synthetic", benchmarks.Planted(sw, benchmarks.PlantedConfig{Folds: 2, Seed: 1}), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := benchmarks.ConsortiumShare(ctx, tt.d, 10, benchmarks.EnvConfig{Seed: 1})
			require.NoError(t, err, "ConsortiumShare")
			require.Positive(t, r.Queries, "queries asked")
			assert.LessOrEqual(t, r.Queries, 20, "at most 10 per fold")
			for _, v := range []float64{r.InConsortium, r.InOpen, r.InList} {
				assert.True(t, v >= 0 && v <= 1, "share %v in [0, 1]", v)
			}
			assert.GreaterOrEqual(t, r.InConsortium, tt.minShare, "consortium share %+v", r)
			assert.GreaterOrEqual(t, r.InOpen, r.InConsortium-0.05, "lifting the cap per country loses co-members %+v", r)
			again, err := benchmarks.ConsortiumShare(ctx, tt.d, 10, benchmarks.EnvConfig{Seed: 1})
			require.NoError(t, err, "ConsortiumShare again")
			assert.Equal(t, r, again, "deterministic")
		})
	}
}
