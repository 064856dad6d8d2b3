package match_test

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

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

// TestOpenContext checks that OpenContext reports its progress, from the
// first profile loaded to ready, and that a cancelled or expired context
// ends it with the context's error, leaving the folder openable with
// every profile.
func TestOpenContext(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	eng, err := match.Open(dir, match.Config{RefitDelay: -1})
	require.NoError(t, err, "Open")
	var ps []profile.Profile
	for i := range 5000 {
		ps = append(ps, profile.Profile{ID: fmt.Sprintf("p%04d", i), Name: fmt.Sprintf("Cluster %d", i),
			Country: []string{"DE", "FR", "IT", "ES"}[i%4], Offers: []string{fmt.Sprintf("service %d", i%50)},
			Needs: []string{fmt.Sprintf("service %d", (i+7)%50)}})
	}
	ctx := context.Background()
	require.NoError(t, eng.Add(ctx, ps...), "Add")
	require.NoError(t, eng.Close(), "Close")

	t.Run("progress", func(t *testing.T) {
		var got []match.Progress
		eng, err := match.OpenContext(ctx, dir, match.Config{RefitDelay: -1, Progress: func(p match.Progress) { got = append(got, p) }})
		require.NoError(t, err, "OpenContext")
		defer eng.Close()
		assert.Equal(t, len(ps), eng.Len())
		require.GreaterOrEqual(t, len(got), 4, "load, restore, fit and ready reported")
		last := got[len(got)-1]
		assert.Equal(t, match.Progress{Stage: match.StageReady, Done: len(ps), Total: len(ps), Elapsed: last.Elapsed}, last)
		// Close came before a refit could keep the fit: no fit to restore.
		assert.Equal(t, match.StageRestore, got[len(got)-3].Stage)
		assert.Equal(t, match.StageFit, got[len(got)-2].Stage)
		done := 0
		for _, p := range got[:len(got)-3] {
			assert.Equal(t, match.StageLoad, p.Stage)
			assert.Equal(t, len(ps), p.Total)
			assert.Greater(t, p.Done, done, "loading advances")
			done = p.Done
		}
		assert.Equal(t, len(ps), done, "every profile loaded")
		assert.True(t, slices.IsSortedFunc(got, func(a, b match.Progress) int { return cmp.Compare(a.Elapsed, b.Elapsed) }), "elapsed grows")
	})

	for _, tt := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			return ctx, cancel
		}, context.Canceled},
		{"cancelled while loading", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(ctx)
		}, context.Canceled},
		{"cancelled while restoring", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(ctx)
		}, context.Canceled},
		{"cancelled while fitting", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(ctx)
		}, context.Canceled},
		{"expired", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(ctx, -time.Second)
		}, context.DeadlineExceeded},
	} {
		t.Run(tt.name, func(t *testing.T) {
			octx, cancel := tt.ctx()
			defer cancel()
			cfg := match.Config{RefitDelay: -1}
			switch tt.name {
			case "cancelled while loading":
				cfg.Progress = func(p match.Progress) {
					if p.Stage == match.StageLoad {
						cancel()
					}
				}
			case "cancelled while restoring":
				cfg.Progress = func(p match.Progress) {
					if p.Stage == match.StageRestore {
						cancel()
					}
				}
			case "cancelled while fitting":
				// Without the kept fit, Open fits.
				require.NoError(t, os.Remove(filepath.Join(dir, match.FitFile)))
				cfg.Progress = func(p match.Progress) {
					if p.Stage == match.StageFit {
						cancel()
					}
				}
			}
			eng, err := match.OpenContext(octx, dir, cfg)
			if eng != nil {
				eng.Close()
			}
			require.ErrorIs(t, err, tt.want)
			eng, err = match.Open(dir, match.Config{RefitDelay: -1})
			require.NoError(t, err, "Open after a cancelled Open")
			assert.Equal(t, len(ps), eng.Len())
			require.NoError(t, eng.Close())
		})
	}
}
