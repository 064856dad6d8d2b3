package match

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/internal/wire"
	"github.com/clustergo/partnermatch/profile"
)

// TestReopenRefitsAnotherFormat checks that a fit file of another format
// version, well formed and checksummed, is not read: Open fits again.
func TestReopenRefitsAnotherFormat(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	e, err := Open(dir, Config{RefitDelay: -1})
	require.NoError(t, err)
	var ps []profile.Profile
	for i := range 50 {
		ps = append(ps, profile.Profile{ID: fmt.Sprintf("p%02d", i), Name: fmt.Sprintf("Cluster %d", i), Country: "DE",
			Offers: []string{fmt.Sprintf("service %d", i%7)}, Needs: []string{fmt.Sprintf("service %d", (i+3)%7)}})
	}
	require.NoError(t, e.Add(ctx, ps...))
	require.NoError(t, e.Refit(ctx))
	require.NoError(t, e.Close())

	for _, format := range []uint32{fitFormat - 1, fitFormat + 1} {
		name := filepath.Join(dir, FitFile)
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		hn := binary.LittleEndian.Uint64(b)
		hr := wire.NewReader(ctx, bytes.NewReader(b[8:8+hn]), int64(hn))
		magic, _, writes, n, at := hr.String(), hr.Uint32(), hr.Uint64(), hr.Int(1<<40), hr.Uint64()
		require.NoError(t, hr.Close())
		var h bytes.Buffer
		hw := wire.NewWriter(&h)
		hw.String(magic)
		hw.Uint32(format)
		hw.Uint64(writes)
		hw.Int(n)
		hw.Uint64(at)
		require.NoError(t, hw.Close())
		out := binary.LittleEndian.AppendUint64(nil, uint64(h.Len()))
		out = append(append(out, h.Bytes()...), b[8+hn:]...)
		require.NoError(t, os.WriteFile(name, out, 0o600))

		var log bytes.Buffer
		e, err := Open(dir, Config{RefitDelay: -1, Logger: slog.New(slog.NewTextHandler(&log, nil))})
		require.NoError(t, err)
		assert.False(t, e.Fit().Restored, "format %d restored", format)
		assert.Contains(t, log.String(), fmt.Sprintf("format %d, want %d", format, fitFormat))
		assert.Equal(t, len(ps), e.Fit().Profiles)
		require.NoError(t, e.Close())
	}
}
