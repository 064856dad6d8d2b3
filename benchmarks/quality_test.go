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
	"github.com/clustergo/partnermatch/score"
)

var update = flag.Bool("update", false, "rewrite testdata/quality.golden")

// qualityWorld is the small synthetic world of TestQuality: big enough for
// a few dozen planted partnerships, small enough to run in seconds.
var qualityWorld = synth.Config{Seed: 1, Profiles: 400}

// TestQuality measures NDCG@10, recall@10 and MRR of every model and
// baseline on a small synthetic world and compares them with
// testdata/quality.golden, so that a change in ranking quality shows up
// in review. Run with -update to accept a change.
func TestQuality(t *testing.T) {
	if testing.Short() && !*update {
		t.Skip("about 20 s: skipped in short mode")
	}
	w, err := synth.Generate(qualityWorld)
	require.NoError(t, err, "synth.Generate(%+v)", qualityWorld)
	d := benchmarks.Planted(w, benchmarks.PlantedConfig{Folds: 3, Seed: 1, Completion: true})
	var names []string
	for _, m := range score.Models() {
		names = append(names, m.Name())
	}
	rankers := append(benchmarks.Models(names, true), benchmarks.Baselines(1)...)
	res, err := benchmarks.Evaluate(context.Background(), d, rankers, benchmarks.Options{
		Ks: []int{10}, Depth: 20, Env: benchmarks.EnvConfig{Seed: 1}})
	require.NoError(t, err, "Evaluate")

	var got bytes.Buffer
	require.NoError(t, benchmarks.WriteQuality(&got, res, 10), "WriteQuality")
	golden := filepath.Join("testdata", "quality.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644), "write %s", golden)
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "read %s (run go test ./benchmarks -run TestQuality -update to create it)", golden)
	assert.Equal(t, string(want), got.String(),
		"ranking quality changed; if intended, run go test ./benchmarks -run TestQuality -update and review the diff")
}
