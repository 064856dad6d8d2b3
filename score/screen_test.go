package score_test

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/score"
)

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

// favourites is a user's model: it rates 1 the candidates it names, 0 the
// others. Fitted, it is a DenseScorer; with plain set it hides that.
type favourites struct {
	ids   []string
	plain bool
}

func (favourites) Name() string { return "favourites" }

func (m favourites) Fit(_ context.Context, c *score.Corpus) (score.Scorer, error) {
	s := &favouriteScorer{corpus: c, rows: make([]float64, len(c.Profiles))}
	for r, p := range c.Profiles {
		if p != nil && slices.Contains(m.ids, p.ID) {
			s.rows[r] = 1
		}
	}
	s.ids = m.ids
	if m.plain {
		return struct{ score.Scorer }{s}, nil // Score only
	}
	return s, nil
}

type favouriteScorer struct {
	corpus *score.Corpus
	ids    []string
	rows   []float64 // row -> score
}

func (s *favouriteScorer) Score(_, c *profile.Profile) float64 {
	if c != nil && slices.Contains(s.ids, c.ID) {
		return 1
	}
	return 0
}

func (s *favouriteScorer) Corpus() *score.Corpus { return s.corpus }

func (s *favouriteScorer) ScoreRows(_ *profile.Profile, lo int, out []float64) {
	copy(out, s.rows[lo:])
}

// A user's dense model inside a hybrid is screened; one that is not a
// DenseScorer, or is fitted on another corpus, is left out.
func TestScreenUserDense(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 4, Profiles: 3000})
	require.NoError(t, err)
	ps := pointers(w.Profiles)
	ctx := context.Background()
	corpus := &score.Corpus{Profiles: ps, Seed: 1}
	base := score.Hybrid{{Model: score.Sector{}, Weight: 0.5}, {Model: score.Market{}, Weight: 0.3}, {Model: score.Geo{}, Weight: 0.2}}
	screen := func(t *testing.T, h score.Hybrid, q *profile.Profile, n int) []string {
		t.Helper()
		s, err := h.Fit(ctx, corpus)
		require.NoError(t, err)
		got, err := s.(score.Screener).Screen(ctx, q, n, nil)
		require.NoError(t, err)
		ids := make([]string, len(got))
		for i, p := range got {
			ids[i] = p.ID
		}
		return ids
	}
	q := ps[11]
	// The favourites are the profiles the base hybrid screens last.
	order := screen(t, base, q, len(ps))
	require.Len(t, order, len(ps))
	fav := slices.Clone(order[len(order)-5:])
	const n = 20
	without := screen(t, base, q, n)
	for _, id := range fav {
		require.NotContains(t, without, id, "a favourite is not in the base screen")
	}
	other := &score.Corpus{Profiles: ps[:len(ps)/2], Seed: 1}
	otherFit, err := favourites{ids: fav}.Fit(ctx, other)
	require.NoError(t, err)

	for _, tc := range []struct {
		name     string
		part     score.Model
		screened bool
	}{
		{"dense", favourites{ids: fav}, true},
		{"not dense", favourites{ids: fav, plain: true}, false},
		{"other corpus", fitted{otherFit}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := append(slices.Clone(base), score.ModelPart{Model: tc.part, Weight: 2})
			got := screen(t, h, q, n)
			if !tc.screened {
				assert.Equal(t, without, got, "the part is left out of the screen")
				return
			}
			assert.ElementsMatch(t, fav, got[:len(fav)], "the favourites lead the screen")
			assert.Equal(t, without[:n-len(fav)], got[len(fav):], "then the base screen's order")
		})
	}
}

// fitted is a model whose fit is done: it returns its scorer on any corpus.
type fitted struct{ s score.Scorer }

func (fitted) Name() string                                               { return "fitted" }
func (m fitted) Fit(context.Context, *score.Corpus) (score.Scorer, error) { return m.s, nil }

// The built-in dense parts rate rows as Score does (lsa by its leading
// dimensions, which rank like its cosine): ScoreRows agrees with Score on
// every row for the parts that score exactly, for corpus and other queries.
func TestScoreRows(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 2, Profiles: 600})
	require.NoError(t, err)
	ps := pointers(w.Profiles)
	c := &score.Corpus{Profiles: ps, Known: w.Partnerships[:len(w.Partnerships)/2], Seed: 1}
	visitor := w.Profiles[3].Clone()
	visitor.ID = "visitor"
	for _, m := range []score.Model{score.Sector{}, score.Market{}, score.Geo{}, score.Activity{}, score.Affinity{Field: score.AffinityKind}, score.Affinity{Field: score.AffinityCountry}, score.LSA{}} {
		t.Run(m.Name(), func(t *testing.T) {
			s, err := m.Fit(context.Background(), c)
			require.NoError(t, err)
			d, ok := s.(score.DenseScorer)
			require.True(t, ok, "%s is a DenseScorer", m.Name())
			require.Same(t, c, d.Corpus())
			for _, q := range []*profile.Profile{ps[0], &visitor, nil} {
				// Two blocks, the second not starting at row 0.
				out := make([]float64, len(ps))
				for r := range out {
					out[r] = 2 // ScoreRows sets out, whatever it held
				}
				d.ScoreRows(q, 0, out[:7])
				d.ScoreRows(q, 7, out[7:])
				for r, v := range out {
					require.True(t, v >= 0 && v <= 1, "row %d: %v in [0, 1]", r, v)
					if m.Name() != "lsa" {
						require.InDelta(t, s.Score(q, ps[r]), v, 1e-12, "row %d", r)
					}
				}
				// The model's own screen ranks by ScoreRows, ties in row order.
				rows := make([]int, len(ps))
				for r := range rows {
					rows[r] = r
				}
				slices.SortStableFunc(rows, func(a, b int) int { return cmp.Compare(out[b], out[a]) })
				got, err := s.(score.Screener).Screen(context.Background(), q, 20, nil)
				require.NoError(t, err)
				for i, p := range got {
					require.InDelta(t, out[rows[i]], out[slices.Index(ps, p)], 1e-9, "screen rank %d", i)
				}
			}
		})
	}
}
