package score_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/profile/synth/themes"
	"github.com/clustergo/partnermatch/score"
)

// partNames returns the names of a fitted combination's parts.
func partNames(t *testing.T, s score.Scorer) []string {
	t.Helper()
	var parts []score.Part
	switch s := s.(type) {
	case score.Weighted:
		parts = s
	case score.Logistic:
		parts = s.Parts
	default:
		t.Fatalf("Auto.Fit returned %T, want Weighted or Logistic", s)
	}
	var out []string
	for _, p := range parts {
		name, _, _ := strings.Cut(sprint(p.Scorer), "(")
		out = append(out, name)
	}
	return out
}

// TestAutoFitsTheCorpus checks what Auto adapts to: unfilled fields get no
// part, known partnerships switch it to learned weights, the fit is
// deterministic for a seed, and a corpus without any history still ranks
// partners above random profiles.
func TestAutoFitsTheCorpus(t *testing.T) {
	w, err := synth.Default()
	require.NoError(t, err, "synth.Default")
	ctx := context.Background()

	noMarkets := make([]profile.Profile, len(w.Profiles))
	for i, p := range w.Profiles {
		p.TargetMarkets = nil
		p.Partnerships = nil
		noMarkets[i] = p
	}
	half := len(w.Partnerships) / 2
	tests := []struct {
		name     string
		profiles []profile.Profile
		known    []profile.Partnership
		want     string // the type of the fit
		without  []string
		with     []string
	}{
		{"home world", w.Profiles, nil, "score.Weighted", []string{"activity", "affinity-country"}, nil},
		{"no markets, no history", noMarkets, nil, "score.Weighted", []string{"market", "history"}, nil},
		{"known partnerships", w.Profiles, w.Partnerships[:half], "score.Logistic", []string{"activity"}, nil},
		{"too few known pairs", w.Profiles, []profile.Partnership{w.Partnerships[0]}, "score.Weighted", []string{"activity"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fitAuto := func() score.Scorer {
				s, err := score.Auto{}.Fit(ctx, &score.Corpus{Profiles: pointers(tt.profiles), Known: tt.known, Seed: 3})
				require.NoError(t, err, "Auto.Fit")
				return s
			}
			s := fitAuto()
			assert.Equal(t, tt.want, typeName(s), "fit type")
			names := partNames(t, s)
			for _, n := range tt.without {
				assert.NotContains(t, names, n, "a constant or unlearned signal gets no part: %v", s)
			}
			for _, n := range tt.with {
				assert.Contains(t, names, n, "learned from known partnerships: %v", s)
			}
			assert.Contains(t, names, "tfidf", "text is a part: %v", s)
			assert.Equal(t, sprint(s), sprint(fitAuto()), "same corpus and seed, same weights")
		})
	}
}

// TestAutoLearnedOnly checks that parts listed in LearnedOnly join the
// combination where known partnerships teach their weights, and only
// there.
func TestAutoLearnedOnly(t *testing.T) {
	w, err := synth.Default()
	require.NoError(t, err, "synth.Default")
	a := score.Auto{LearnedOnly: []score.Model{score.Activity{}, score.Affinity{Field: score.AffinityCountry}}}
	ps := pointers(w.Profiles)
	s, err := a.Fit(context.Background(), &score.Corpus{Profiles: ps, Known: w.Partnerships[:len(w.Partnerships)/2], Seed: 3})
	require.NoError(t, err, "Auto.Fit with known partnerships")
	assert.Subset(t, partNames(t, s), []string{"activity", "affinity-country"}, "learned parts: %v", s)
	s, err = a.Fit(context.Background(), &score.Corpus{Profiles: ps, Seed: 3})
	require.NoError(t, err, "Auto.Fit without")
	assert.NotContains(t, partNames(t, s), "activity", "no known partnerships, no weight to learn: %v", s)
}

func typeName(v any) string {
	switch v.(type) {
	case score.Weighted:
		return "score.Weighted"
	case score.Logistic:
		return "score.Logistic"
	}
	return "other"
}

// TestAutoWithoutHistory checks on a world of the second family, without
// history or known partnerships, that Auto rates target co-members above
// random profiles (the fixed hybrid is the reference: Auto must not be
// worse on a corpus where text carries the theme).
func TestAutoWithoutHistory(t *testing.T) {
	w, err := themes.Generate(themes.Config{Seed: 7, Profiles: 400})
	require.NoError(t, err, "themes.Generate")
	ps := pointers(w.Profiles)
	byID := map[string]*profile.Profile{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	c := &score.Corpus{Profiles: ps, Seed: 1}
	auto, err := score.Auto{}.Fit(context.Background(), c)
	require.NoError(t, err, "Auto.Fit")
	hybrid, err := score.Hybrid(nil).Fit(context.Background(), c)
	require.NoError(t, err, "Hybrid.Fit")
	// Mean rank of a co-member among all profiles, for both models.
	rank := func(s score.Scorer) float64 {
		var sum float64
		var n int
		out := make([]float64, len(ps))
		for _, tp := range w.Partnerships {
			q, c := byID[tp.Members[0]], byID[tp.Members[1]]
			score.Batch(s, q, ps, out)
			v := s.Score(q, c)
			above := 0
			for i, x := range out {
				if x > v && ps[i] != q {
					above++
				}
			}
			sum += float64(above)
			n++
		}
		return sum / float64(n)
	}
	ra, rh := rank(auto), rank(hybrid)
	assert.Less(t, ra, float64(len(ps))/10, "co-members rank in the top tenth on average (auto %v)", auto)
	assert.LessOrEqual(t, ra, rh, "auto ranks co-members no lower than the fixed hybrid on average")
}

// TestAutoErrors checks a nil part and a cancelled context.
func TestAutoErrors(t *testing.T) {
	ps := fixtures()
	_, err := score.Auto{Prior: score.Hybrid{{Model: nil, Weight: 1}}}.Fit(context.Background(), &score.Corpus{Profiles: ps})
	require.Error(t, err, "nil model")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = score.Auto{}.Fit(ctx, &score.Corpus{Profiles: ps})
	assert.True(t, errors.Is(err, context.Canceled), "cancelled fit: %v", err)
}
