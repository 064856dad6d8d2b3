package score_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
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
