package match_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// TestExtraKeptNotMatched checks that a portal's own data (Profile.Extra)
// comes back with every profile the engine returns, also after a
// reopen, and changes no ranking: matching never reads it.
func TestExtraKeptNotMatched(t *testing.T) {
	ctx := context.Background()
	extra := func(id string) map[string]string {
		return map[string]string{"portal_id": "p-" + id, "offers": "ignored text"}
	}
	ps := make([]profile.Profile, len(world().Profiles))
	for i, p := range world().Profiles {
		ps[i] = p.Clone()
		ps[i].Extra = extra(p.ID)
	}
	q := match.Query{ID: world().Profiles[3].ID}
	without, err := loaded(t).Partners(ctx, q)
	require.NoError(t, err, "Partners without Extra")

	dir := filepath.Join(t.TempDir(), "engine")
	check := func(t *testing.T, eng *match.Engine, when string) {
		ms, err := eng.Partners(ctx, q)
		require.NoError(t, err, "Partners %s", when)
		require.Len(t, ms, len(without), "Partners %s", when)
		for i, m := range ms {
			assert.Equal(t, without[i].ID, m.ID, "Partners %s: rank %d", when, i)
			assert.Equal(t, without[i].Score, m.Score, "Partners %s: score of %s", when, m.ID)
			assert.Equal(t, extra(m.ID), m.Profile.Extra, "Partners %s: Match.Profile.Extra of %s", when, m.ID)
		}
		n := 0
		for p, err := range eng.All(ctx) {
			require.NoError(t, err, "All %s", when)
			assert.Equal(t, extra(p.ID), p.Extra, "All %s: Extra of %s", when, p.ID)
			n++
		}
		assert.Equal(t, len(ps), n, "All %s", when)
		p, ok := eng.Get(ps[0].ID)
		assert.True(t, ok, "Get %s", when)
		assert.Equal(t, extra(ps[0].ID), p.Extra, "Get %s", when)
	}

	eng, err := match.Open(dir, match.Config{RefitDelay: -1})
	require.NoError(t, err, "Open")
	require.NoError(t, eng.Add(ctx, ps...), "Add")
	check(t, eng, "after Add")
	require.NoError(t, eng.Close(), "Close")

	eng = newEngine(t, dir, match.Config{RefitDelay: -1})
	check(t, eng, "after reopen")
}
