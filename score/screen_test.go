package score_test

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/score"
)

// bruteScreen returns the partial score of every profile of c for q,
// Σ w·score over the dense parts, scored one model at a time through the
// public API, by ID.
func bruteScreen(t *testing.T, c *score.Corpus, parts []score.ModelPart, q *profile.Profile) map[string]float64 {
	t.Helper()
	sum := make(map[string]float64, len(c.Profiles))
	out := make([]float64, len(c.Profiles))
	for _, p := range parts {
		s, err := p.Model.Fit(context.Background(), c)
		require.NoError(t, err)
		score.Batch(s, q, c.Profiles, out)
		for i, v := range out {
			sum[c.Profiles[i].ID] += p.Weight * v
		}
	}
	return sum
}

func TestScreen(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 3000})
	require.NoError(t, err)
	c := &score.Corpus{Profiles: pointers(w.Profiles), Seed: 1}
	ctx := context.Background()
	h, err := score.Hybrid(nil).Fit(ctx, c)
	require.NoError(t, err)
	dense := []score.ModelPart{{Model: score.Sector{}, Weight: 0.20}, {Model: score.Market{}, Weight: 0.15},
		{Model: score.LSA{}, Weight: 0.10}, {Model: score.Geo{}, Weight: 0.10}}
	notDE := func(p *profile.Profile) bool { return p.Country != "DE" }
	onlyDE := func(p *profile.Profile) bool { return p.Country == "DE" }
	adhoc := w.Profiles[7].Clone()
	adhoc.ID, adhoc.Description = "visitor", adhoc.Description+" hydrogen electrolysers"

	for _, tc := range []struct {
		name  string
		q     *profile.Profile
		n     int
		keep  func(*profile.Profile) bool
		parts []score.ModelPart
	}{
		{"corpus query", c.Profiles[0], 50, nil, dense},
		{"filtered", c.Profiles[1], 40, notDE, dense},
		{"restrictive filter", c.Profiles[6], 40, onlyDE, dense},
		{"ad-hoc query", &adhoc, 30, nil, dense},
		{"n beyond corpus", c.Profiles[2], 5000, nil, dense},
		{"one part", c.Profiles[3], 20, nil, dense[1:2]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := h
			if len(tc.parts) == 1 {
				s, err = tc.parts[0].Model.Fit(ctx, c)
				require.NoError(t, err)
			}
			sc, ok := s.(score.Screener)
			require.True(t, ok, "%T is a Screener", s)
			got, err := sc.Screen(ctx, tc.q, tc.n, tc.keep)
			require.NoError(t, err)
			partial := bruteScreen(t, c, tc.parts, tc.q)
			var want []float64
			for _, p := range c.Profiles {
				if tc.keep == nil || tc.keep(p) {
					want = append(want, partial[p.ID])
				}
			}
			slices.SortFunc(want, func(a, b float64) int { return cmp.Compare(b, a) })
			want = want[:min(tc.n, len(want))]
			gotScores := make([]float64, len(got))
			for i, p := range got {
				gotScores[i] = partial[p.ID]
				if tc.keep != nil {
					assert.True(t, tc.keep(p), "%s passes keep", p.ID)
				}
			}
			// Kernels add the parts in another order than the models'
			// own scores: equal up to rounding.
			assert.InDeltaSlice(t, want, gotScores, 1e-9, "the screen's top %d are the best by the dense parts, best first", tc.n)
		})
	}
}

// The learned model's screen is its logistic's linear part over the
// dense parts, whatever their signs.
func TestScreenLearned(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 2000})
	require.NoError(t, err)
	ctx := context.Background()
	c := &score.Corpus{Profiles: pointers(w.Profiles), Known: w.Partnerships, Seed: 1}
	s, err := score.Learned{}.Fit(ctx, c)
	require.NoError(t, err)
	l, ok := s.(score.Logistic)
	require.True(t, ok, "learned fits a Logistic, got %T", s)
	q := c.Profiles[5]
	partial := map[string]float64{}
	out := make([]float64, len(c.Profiles))
	dense := 0
	for _, p := range l.Parts {
		if _, ok := p.Scorer.(score.Screener); !ok || p.Weight == 0 {
			continue
		}
		dense++
		score.Batch(p.Scorer, q, c.Profiles, out)
		for i, v := range out {
			partial[c.Profiles[i].ID] += p.Weight * v
		}
	}
	require.Positive(t, dense, "learned has dense parts")
	got, err := l.Screen(ctx, q, 30, nil)
	require.NoError(t, err)
	want := slices.SortedFunc(maps.Values(partial), func(a, b float64) int { return cmp.Compare(b, a) })[:30]
	gotScores := make([]float64, len(got))
	for i, p := range got {
		gotScores[i] = partial[p.ID]
	}
	assert.InDeltaSlice(t, want, gotScores, 1e-9)
}

func TestScreenEdges(t *testing.T) {
	ps := fixtures()
	ctx := context.Background()
	h := fit(t, score.Hybrid(nil), ps).(score.Screener)

	got, err := h.Screen(ctx, ps[0], 0, nil)
	require.NoError(t, err)
	assert.Empty(t, got, "n = 0")

	got, err = h.Screen(ctx, nil, 3, nil)
	require.NoError(t, err)
	assert.Len(t, got, 3, "a nil query screens like an empty profile")

	got, err = h.Screen(ctx, ps[0], 10, func(*profile.Profile) bool { return false })
	require.NoError(t, err)
	assert.Empty(t, got, "keep rejects all")

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = h.Screen(canceled, ps[0], 3, nil)
	assert.ErrorIs(t, err, context.Canceled)

	_, ok := fit(t, score.Reciprocal{}, ps).(score.Screener)
	assert.False(t, ok, "reciprocal is sparse: the text index retrieves it")
	_, ok = fit(t, score.History{}, ps).(score.Screener)
	assert.False(t, ok, "history is sparse: the graph yields it")
}
