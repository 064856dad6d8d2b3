package match

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

// TestWriteWaitsForContext checks that an Add or Remove queued behind
// another write gives up when its context ends, and changes nothing.
func TestWriteWaitsForContext(t *testing.T) {
	e, err := Open("", Config{})
	require.NoError(t, err, "Open")
	defer e.Close()
	ctx := context.Background()
	p := profile.Profile{ID: "a", Name: "Alpha Cluster", Country: "DE"}
	require.NoError(t, e.Add(ctx, p), "Add")

	require.NoError(t, e.lockWrites(ctx), "hold the writer slot, as a long write does")
	tests := []struct {
		name  string
		write func(ctx context.Context) error
	}{
		{"add", func(ctx context.Context) error {
			return e.Add(ctx, profile.Profile{ID: "b", Name: "Beta Cluster", Country: "FR"})
		}},
		{"remove", func(ctx context.Context) error { return e.Remove(ctx, "a") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			assert.ErrorIs(t, tt.write(ctx), context.DeadlineExceeded, "a queued %s ends with its context", tt.name)
		})
	}
	e.unlockWrites()
	_, ok := e.Get("b")
	assert.False(t, ok, "the refused Add stored nothing")
	_, ok = e.Get("a")
	assert.True(t, ok, "the refused Remove removed nothing")
	require.NoError(t, e.Add(ctx, profile.Profile{ID: "b", Name: "Beta Cluster", Country: "FR"}), "a write after the slot is free")
}
