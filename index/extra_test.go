package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
)

// TestExtraSurvivesStore checks that a portal's own data (Profile.Extra)
// comes back from every read of the store, before and after a reopen:
// the index keeps it in the stored profile though it never indexes it.
func TestExtraSurvivesStore(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	p := fixture()[0]
	p.Extra = map[string]string{"crm_id": " 4711 ", "portal.url": "https://example.org/x?a=1&b=2", "note": "é\n\"q\""}
	want, err := profile.Clean(p)
	require.NoError(t, err, "Clean")

	reads := func(t *testing.T, x *index.Index, when string) {
		got, ok, err := x.Get(p.ID)
		require.NoError(t, err, "Get %s", when)
		require.True(t, ok, "Get %s found", when)
		assert.Equal(t, want, got, "Get %s", when)

		var each profile.Profile
		require.NoError(t, x.ForEach(ctx, func(q profile.Profile) error {
			if q.ID == p.ID {
				each = q
			}
			return nil
		}), "ForEach %s", when)
		assert.Equal(t, want, each, "ForEach %s", when)

		res, err := x.Search(ctx, index.SearchRequest{Query: p.Name, Size: 100})
		require.NoError(t, err, "Search %s", when)
		found := false
		for _, h := range res.Hits {
			if h.ID == p.ID {
				found = true
				assert.Equal(t, want.Extra, h.Profile.Extra, "Search hit %s", when)
			}
		}
		assert.True(t, found, "Search(%q) %s finds %s", p.Name, when, p.ID)
	}

	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err, "Open")
	require.NoError(t, x.Upsert(ctx, append(fixture()[1:], p)...), "Upsert")
	reads(t, x, "before close")
	require.NoError(t, x.Close(), "Close")

	y, err := index.Open(dir, index.Options{})
	require.NoError(t, err, "reopen")
	defer y.Close()
	reads(t, y, "after reopen")
}
