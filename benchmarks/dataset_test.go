package benchmarks_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/profile/synth"
)

func TestPlanted(t *testing.T) {
	cfg := synth.Config{Seed: 2, Profiles: 300}
	w, err := synth.Generate(cfg)
	require.NoError(t, err, "synth.Generate(%+v)", cfg)
	require.NotEmpty(t, w.Partnerships, "world %+v has target partnerships", cfg)

	for _, folds := range []int{1, 3} {
		d := benchmarks.Planted(w, benchmarks.PlantedConfig{Folds: folds, Seed: 1, Completion: true})
		require.Len(t, d.Folds, folds, "folds")
		assert.Equal(t, []string{benchmarks.TaskPlanted, benchmarks.TaskCompletion}, d.Tasks(), "tasks")

		inFold := map[string]int{} // target partnership -> its fold
		for f, fold := range d.Folds {
			for _, q := range fold.Queries {
				pid, _, _ := strings.Cut(q.ID, "/")
				if prev, ok := inFold[pid]; ok {
					assert.Equal(t, prev, f, "partnership %s in two folds", pid)
				}
				inFold[pid] = f
			}
		}
		assert.Len(t, inFold, len(w.Partnerships), "every target partnership is tested once")

		for f, fold := range d.Folds {
			known := map[string]bool{}
			for _, p := range fold.Known {
				known[p.ID] = true
				assert.NotEqual(t, f, inFold[p.ID], "fold %d trains on its own test partnership %s", f, p.ID)
			}
			if folds == 1 {
				assert.Empty(t, fold.Known, "a single fold has no training partnerships")
			} else {
				assert.Len(t, fold.Known, len(w.Partnerships)-count(inFold, f), "fold %d trains on all other folds", f)
			}
			for _, q := range fold.Queries {
				assert.NotEmpty(t, q.Relevant, "query %s has answers", q.ID)
				for _, s := range q.Seeds {
					assert.NotContains(t, q.Relevant, s, "query %s: a seed is not an answer", q.ID)
				}
				for _, id := range q.Ignore {
					assert.NotContains(t, q.Relevant, id, "query %s: an answer is not ignored", q.ID)
				}
				switch q.Task {
				case benchmarks.TaskPlanted:
					assert.Len(t, q.Seeds, 1, "planted query %s has one seed", q.ID)
				case benchmarks.TaskCompletion:
					assert.Len(t, q.Relevant, 1, "completion query %s has one answer", q.ID)
					assert.GreaterOrEqual(t, len(q.Seeds), 2, "completion query %s has the other members", q.ID)
				}
			}
		}
	}
}

// TestPlantedNoLeak checks that no answer is in the profiles: the target
// partnerships are listed by no profile, so only the fold's Known (other
// folds) can carry them.
func TestPlantedNoLeak(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 300})
	require.NoError(t, err, "synth.Generate")
	d := benchmarks.Planted(w, benchmarks.PlantedConfig{Folds: 2})
	targets := map[string]bool{}
	for _, p := range w.Partnerships {
		targets[p.ID] = true
	}
	for _, p := range d.Profiles {
		for _, id := range p.Partnerships {
			assert.False(t, targets[id], "profile %s lists target partnership %s", p.ID, id)
		}
	}
}

func count(m map[string]int, v int) int {
	n := 0
	for _, x := range m {
		if x == v {
			n++
		}
	}
	return n
}
