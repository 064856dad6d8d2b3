package score

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// headCos is the screen's topic part for one pair: the cosine of the
// heads of their latent vectors, by dot32 (the screen uses Gemv).
func (s *lsaScorer) headCos(q, c *profile.Profile) float64 {
	if s.k == 0 {
		return 0
	}
	var hq, hc [lsaHead]float32
	head(s.vector(q, s.t.snap.row(q)), hq[:])
	head(s.vector(c, s.t.snap.row(c)), hc[:])
	return unit(dot32(hq[:], hc[:]))
}

// screenPartial is the partial score a screen ranks by, pair by pair:
// Σ w·score over the dense parts, the topic part by headCos.
func screenPartial(parts []Part, q, c *profile.Profile) float64 {
	var v float64
	for _, p := range parts {
		if _, ok := p.Scorer.(DenseScorer); !ok || !usable(p) {
			continue
		}
		if l, ok := p.Scorer.(*lsaScorer); ok {
			v += p.Weight * l.headCos(q, c)
		} else {
			v += p.Weight * p.Scorer.Score(q, c)
		}
	}
	return v
}

// checkScreen compares a screen's result with brute force: its rows are
// kept, and their partial scores are the best n of the kept rows', best
// first.
func checkScreen(t *testing.T, sc Screener, parts []Part, corpus []*profile.Profile, q *profile.Profile, n int, keep func(*profile.Profile) bool) {
	t.Helper()
	got, err := sc.Screen(context.Background(), q, n, keep)
	require.NoError(t, err)
	partial := make(map[string]float64, len(corpus))
	var want []float64
	for _, c := range corpus {
		partial[c.ID] = screenPartial(parts, q, c)
		if keep == nil || keep(c) {
			want = append(want, partial[c.ID])
		}
	}
	slices.SortFunc(want, func(a, b float64) int { return cmp.Compare(b, a) })
	want = want[:min(n, len(want))]
	gotScores := make([]float64, len(got))
	for i, p := range got {
		gotScores[i] = partial[p.ID]
		if keep != nil {
			require.True(t, keep(p), "%s passes keep", p.ID)
		}
	}
	// The kernels add the parts in another order (and Gemv rounds
	// otherwise than dot32): equal up to rounding.
	require.InDeltaSlice(t, want, gotScores, 1e-6, "the top %d by the partial score, best first", n)
}

func TestScreen(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 3000})
	require.NoError(t, err)
	ps := make([]*profile.Profile, len(w.Profiles))
	for i := range ps {
		ps[i] = &w.Profiles[i]
	}
	c := &Corpus{Profiles: ps, Seed: 1}
	ctx := context.Background()
	h, err := Hybrid(nil).Fit(ctx, c)
	require.NoError(t, err)
	hybrid := h.(Weighted).parts()
	notDE := func(p *profile.Profile) bool { return p.Country != "DE" }
	onlyDE := func(p *profile.Profile) bool { return p.Country == "DE" }
	adhoc := w.Profiles[7].Clone()
	adhoc.ID, adhoc.Description = "visitor", adhoc.Description+" hydrogen electrolysers"
	single := func(m Model) Scorer {
		s, err := m.Fit(ctx, c)
		require.NoError(t, err)
		return s
	}

	for _, tc := range []struct {
		name string
		s    Scorer // nil: the hybrid
		q    *profile.Profile
		n    int
		keep func(*profile.Profile) bool
	}{
		{"corpus query", nil, ps[0], 50, nil},
		{"filtered", nil, ps[1], 40, notDE},
		{"restrictive filter", nil, ps[6], 40, onlyDE},
		{"ad-hoc query", nil, &adhoc, 30, nil},
		{"n beyond corpus", nil, ps[2], 5000, nil},
		{"market alone", single(Market{}), ps[3], 20, nil},
		{"lsa alone", single(LSA{}), ps[4], 20, nil},
		{"activity alone", single(Activity{}), ps[5], 20, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, parts := tc.s, hybrid
			if s == nil {
				s = h
			} else {
				parts = []Part{{s, 1}}
			}
			sc, ok := s.(Screener)
			require.True(t, ok, "%T is a Screener", s)
			checkScreen(t, sc, parts, ps, tc.q, tc.n, tc.keep)
		})
	}
}

// The learned model's screen is its logistic's linear part over the
// dense parts, whatever their signs.
func TestScreenLearned(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 2000})
	require.NoError(t, err)
	ps := make([]*profile.Profile, len(w.Profiles))
	for i := range ps {
		ps[i] = &w.Profiles[i]
	}
	s, err := Learned{}.Fit(context.Background(), &Corpus{Profiles: ps, Known: w.Partnerships, Seed: 1})
	require.NoError(t, err)
	l, ok := s.(Logistic)
	require.True(t, ok, "learned fits a Logistic, got %T", s)
	checkScreen(t, l, l.parts(), ps, ps[5], 30, nil)
}

// Many queries against brute force, with and without a filter: the
// selection's rounds must never drop a row of the top.
func TestScreenManyQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("fits a 3,000-profile hybrid")
	}
	w, err := synth.Generate(synth.Config{Seed: 5, Profiles: 3000})
	require.NoError(t, err)
	ps := make([]*profile.Profile, len(w.Profiles))
	for i := range ps {
		ps[i] = &w.Profiles[i]
	}
	h, err := Hybrid(nil).Fit(context.Background(), &Corpus{Profiles: ps, Seed: 1})
	require.NoError(t, err)
	odd := func(p *profile.Profile) bool { return p.ID[len(p.ID)-1]%2 == 1 }
	for i := range 20 {
		q := ps[(i*389)%len(ps)]
		for _, keep := range []func(*profile.Profile) bool{nil, odd} {
			checkScreen(t, h.(Screener), h.(Weighted).parts(), ps, q, 100, keep)
		}
	}
}
