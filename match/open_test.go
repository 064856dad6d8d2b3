package match_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// TestOpenIndexErrors checks that match.Open passes the index's errors on
// where errors.Is and errors.As find them, and that a refused folder is
// left as it was.
func TestOpenIndexErrors(t *testing.T) {
	// written returns a closed engine folder holding a few profiles.
	written := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "idx")
		eng, err := match.Open(dir, match.Config{})
		require.NoError(t, err, "Open")
		require.NoError(t, eng.Add(context.Background(),
			profile.Profile{ID: "a", Name: "Alpha Cluster", Country: "DE", Offers: []string{"battery recycling"}},
			profile.Profile{ID: "b", Name: "Beta Cluster", Country: "FR", Needs: []string{"battery recycling"}},
		), "Add")
		require.NoError(t, eng.Close(), "Close")
		return dir
	}
	tests := []struct {
		name    string
		prepare func(t *testing.T) (dir string, cleanup func())
		want    error
	}{
		{"not an index", func(t *testing.T) (string, func()) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600))
			return dir, func() {}
		}, index.ErrNotIndex},
		{"held by another engine", func(t *testing.T) (string, func()) {
			dir := written(t)
			eng, err := match.Open(dir, match.Config{})
			require.NoError(t, err, "first Open")
			return dir, func() { eng.Close() }
		}, index.ErrLocked},
		{"damaged segment", func(t *testing.T) (string, func()) {
			dir := written(t)
			var seg string
			require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && strings.HasSuffix(p, ".zap") {
					seg = p
				}
				return err
			}))
			require.NotEmpty(t, seg, "a segment file")
			b, err := os.ReadFile(seg)
			require.NoError(t, err)
			b[len(b)/2] ^= 0xff
			require.NoError(t, os.WriteFile(seg, b, 0o600))
			return dir, func() {}
		}, index.ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, cleanup := tt.prepare(t)
			defer cleanup()
			before := snapshot(t, dir)
			eng, err := match.Open(dir, match.Config{})
			if tt.want == index.ErrLocked {
				before = nil // the holder's own writes may change the folder
			}
			if eng != nil {
				eng.Close()
			}
			require.ErrorIs(t, err, tt.want, "Open")
			if tt.want == index.ErrCorrupt {
				var ce *index.CorruptError
				require.True(t, errors.As(err, &ce), "an *index.CorruptError")
				assert.NotEmpty(t, ce.File, "the damaged file is named")
			}
			if before != nil {
				assert.Equal(t, before, snapshot(t, dir), "a refused folder is left as it was")
			}
		})
	}
}

// snapshot returns the names and SHA-256 digests of the files under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = fmt.Sprintf("%x", sha256.Sum256(b))
		return err
	}))
	return out
}
