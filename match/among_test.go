package match_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// TestPartnersAmong checks that Among ranks exactly the profiles named,
// with the scores an exact query gives them, and nothing else.
func TestPartnersAmong(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	ps := world().Profiles
	q := ps[0].ID
	var among []string
	for i := 1; i < len(ps); i += 7 {
		among = append(among, ps[i].ID)
	}
	among = append(among, q, among[0]) // the query itself and a repeat are skipped
	exact, err := eng.Partners(ctx, match.Query{ID: q, Exact: true, Limit: match.MaxLimit})
	require.NoError(t, err, "exact query")
	want := map[string]float64{}
	for _, m := range exact {
		want[m.ID] = m.Score
	}
	ms, err := eng.Partners(ctx, match.Query{ID: q, Among: among, Limit: match.MaxLimit})
	require.NoError(t, err, "Among query")
	assert.Len(t, ms, len(among)-2, "every named profile but the query and the repeat is ranked")
	for i, m := range ms {
		assert.Contains(t, among, m.ID, "partner %s is among the ids", m.ID)
		assert.InDelta(t, want[m.ID], m.Score, 1e-12, "score of %s as an exact query gives it", m.ID)
		if i > 0 {
			assert.GreaterOrEqual(t, ms[i-1].Score, m.Score, "ranked best first at %d", i)
		}
	}

	// Filters still apply.
	country := ps[1].Country
	fs, err := eng.Partners(ctx, match.Query{ID: q, Among: among, Limit: match.MaxLimit,
		Filters: index.Filters{Countries: []string{country}}})
	require.NoError(t, err, "Among with a country filter")
	for _, m := range fs {
		assert.Equal(t, country, m.Profile.Country, "filtered partner %s", m.ID)
	}
	assert.NotEmpty(t, fs, "the first named profile is of that country")

	empty, err := eng.Partners(ctx, match.Query{ID: q, Among: []string{}})
	require.NoError(t, err, "empty Among")
	assert.Empty(t, empty, "an empty Among has no candidates")
}

func TestPartnersAmongErrors(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	q := world().Profiles[0].ID
	_, err := eng.Partners(ctx, match.Query{ID: q, Among: []string{world().Profiles[1].ID, "nobody"}})
	assert.ErrorIs(t, err, match.ErrUnknownProfile, "an unknown id in Among")

	big := slices.Repeat([]string{q}, match.MaxAmong+1)
	_, err = eng.Partners(ctx, match.Query{ID: q, Among: big})
	assert.ErrorIs(t, err, match.ErrInvalidQuery, "Among over MaxAmong")
	assert.ErrorIs(t, err, profile.ErrTooLarge, "Among over MaxAmong")
	var le *profile.LimitError
	require.ErrorAs(t, err, &le, "Among over MaxAmong")
	assert.Equal(t, "Among", le.Field, "the limit error names the field")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = eng.Partners(cctx, match.Query{ID: q, Among: []string{world().Profiles[1].ID}})
	assert.ErrorIs(t, err, context.Canceled, "a cancelled context")
}
