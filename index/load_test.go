package index_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
)

// TestOpenLoad checks that Options.Load receives every stored profile,
// as ForEach gives them, with counts that reach the total, and that its
// error, or the context's, ends Open with that error.
func TestOpenLoad(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x := openFixture(t, dir)
	var want []profile.Profile
	require.NoError(t, x.ForEach(ctx, func(p profile.Profile) error { want = append(want, p); return nil }))
	require.NoError(t, x.Close())

	var got []profile.Profile
	last := 0
	y, err := index.Open(dir, index.Options{Load: func(p profile.Profile, n, total int) error {
		assert.Equal(t, last+1, n, "counts advance one by one")
		assert.Equal(t, len(want), total)
		last = n
		got = append(got, p)
		return nil
	}})
	require.NoError(t, err, "Open")
	require.NoError(t, y.Close())
	slices.SortFunc(got, func(a, b profile.Profile) int { return strings.Compare(a.ID, b.ID) })
	assert.Equal(t, want, got, "Load receives what ForEach gives")

	stop := errors.New("stop")
	_, err = index.Open(dir, index.Options{Load: func(profile.Profile, int, int) error { return stop }})
	assert.Same(t, stop, errors.Unwrap(err), "Load's error is returned as it is")
	assert.ErrorIs(t, err, stop)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = index.OpenContext(cctx, dir, index.Options{})
	assert.ErrorIs(t, err, context.Canceled, "a cancelled context ends Open")

	z, err := index.Open(dir, index.Options{})
	require.NoError(t, err, "Open after the refused ones")
	n, err := z.Count()
	require.NoError(t, err)
	assert.Equal(t, len(want), n)
	require.NoError(t, z.Close())
}
