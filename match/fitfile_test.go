package match_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// A logBuffer collects an engine's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// reopened is what one Open of a folder did: its stages, its log and
// the results of some queries.
type reopened struct {
	stages  []string
	log     string
	fit     match.FitInfo
	results map[string][]match.Match
}

// fitQueries are the profiles whose partners the tests compare.
func fitQueries() []string {
	var ids []string
	for i := 0; i < len(world().Profiles); i += 41 {
		ids = append(ids, world().Profiles[i].ID)
	}
	return ids
}

// open opens dir with known partnerships (so that auto learns its
// weights) and returns what it did, closing the engine.
func open(t *testing.T, dir string) reopened {
	t.Helper()
	var r reopened
	var log logBuffer
	cfg := match.Config{RefitDelay: -1, Known: world().Partnerships[:len(world().Partnerships)/2],
		Logger:   slog.New(slog.NewTextHandler(&log, nil)),
		Progress: func(p match.Progress) { r.stages = append(r.stages, p.Stage) },
	}
	eng, err := match.Open(dir, cfg)
	require.NoError(t, err, "Open")
	defer eng.Close()
	r.fit = eng.Fit()
	r.results = partnersOf(t, eng)
	r.log = log.String()
	return r
}

func partnersOf(t *testing.T, eng *match.Engine) map[string][]match.Match {
	t.Helper()
	out := map[string][]match.Match{}
	for _, id := range fitQueries() {
		ms, err := eng.Partners(context.Background(), match.Query{ID: id, Limit: 20})
		require.NoError(t, err, "Partners(%s)", id)
		out[id] = ms
	}
	return out
}

// fitted returns a folder holding the world and the fit of it, and the
// results of the engine that fitted it, before it closed.
func fitted(t *testing.T) (string, reopened) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	eng, err := match.Open(dir, match.Config{RefitDelay: -1, Known: world().Partnerships[:len(world().Partnerships)/2]})
	require.NoError(t, err)
	require.NoError(t, eng.Add(context.Background(), world().Profiles...))
	require.NoError(t, eng.Refit(context.Background()))
	before := reopened{fit: eng.Fit(), results: partnersOf(t, eng)}
	require.NoError(t, eng.Close())
	require.FileExists(t, filepath.Join(dir, match.FitFile))
	return dir, before
}

// TestReopenRestoresTheFit checks that a reopened engine serves the fit
// it kept, without fitting: the same results, the fit's own time, no
// fit stage and no refit in the log.
func TestReopenRestoresTheFit(t *testing.T) {
	dir, before := fitted(t)
	for range 2 { // restoring does not spoil the file either
		after := open(t, dir)
		assert.Equal(t, []string{match.StageLoad, match.StageRestore, match.StageReady}, after.stages, "stages of Open")
		assert.True(t, after.fit.Restored, "FitInfo.Restored")
		assert.True(t, before.fit.At.Equal(after.fit.At), "FitInfo.At %v, fitted at %v", after.fit.At, before.fit.At)
		assert.Equal(t, before.fit.Models, after.fit.Models, "fitted models")
		assert.NotContains(t, after.log, "match: refit", "log of Open")
		assert.Contains(t, after.log, "restored the kept fit", "log of Open")
		assert.Equal(t, before.results, after.results, "Partners after reopening")
	}
}

// TestReopenRefitsWithoutAUsableFit damages, truncates, outdates and
// replaces the kept fit in turn: each time Open says why in the log,
// fits again, serves what a fresh fit serves and keeps the new fit.
func TestReopenRefitsWithoutAUsableFit(t *testing.T) {
	ctx := context.Background()
	extra := profile.Profile{ID: "zz-late", Name: "Late Cluster", Country: "MT", Language: "en",
		Offers: []string{"offshore wind maintenance"}, Needs: []string{"port logistics"}}
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, dir string)
		why   string
		want  func(t *testing.T) map[string][]match.Match // results of a fresh fit; nil: those before closing
	}{
		{"flipped byte", func(t *testing.T, dir string) {
			name := filepath.Join(dir, match.FitFile)
			b, err := os.ReadFile(name)
			require.NoError(t, err)
			b[len(b)*3/4] ^= 1
			require.NoError(t, os.WriteFile(name, b, 0o600))
		}, "damaged", nil},
		{"truncated", func(t *testing.T, dir string) {
			name := filepath.Join(dir, match.FitFile)
			st, err := os.Stat(name)
			require.NoError(t, err)
			require.NoError(t, os.Truncate(name, st.Size()/2))
		}, "damaged", nil},
		{"empty", func(t *testing.T, dir string) {
			require.NoError(t, os.Truncate(filepath.Join(dir, match.FitFile), 0))
		}, "header length", nil},
		{"not a fit", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, match.FitFile), []byte("hello, world, this is no fit"), 0o600))
		}, "header", nil},
		{"older than the index", func(t *testing.T, dir string) {
			// The process stops after an index write, before the fit
			// that follows it is kept: a crash or a Close within
			// RefitDelay.
			eng, err := match.Open(dir, match.Config{RefitDelay: -1})
			require.NoError(t, err)
			require.NoError(t, eng.Add(ctx, extra))
			require.NoError(t, eng.Close())
		}, "index write", func(t *testing.T) map[string][]match.Match {
			eng := newEngine(t, "", match.Config{RefitDelay: -1, Known: world().Partnerships[:len(world().Partnerships)/2]})
			require.NoError(t, eng.Add(ctx, append(world().Profiles, extra)...))
			return partnersOf(t, eng)
		}},
		{"half-written replacement", func(t *testing.T, dir string) {
			// A crash while the next fit was written leaves its
			// temporary file, never a half file under the name.
			name := filepath.Join(dir, match.FitFile)
			b, err := os.ReadFile(name)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(name+".tmp", b[:len(b)/3], 0o600))
		}, "", nil},
		{"from another folder", func(t *testing.T, dir string) {
			other := filepath.Join(t.TempDir(), "other")
			eng, err := match.Open(other, match.Config{RefitDelay: -1, Known: world().Partnerships[:len(world().Partnerships)/2]})
			require.NoError(t, err)
			ps := append([]profile.Profile(nil), world().Profiles[1:]...)
			ps = append(ps, extra)
			require.NoError(t, eng.Add(ctx, ps...)) // as many profiles, in one write
			require.NoError(t, eng.Refit(ctx))
			require.NoError(t, eng.Close())
			b, err := os.ReadFile(filepath.Join(other, match.FitFile))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, match.FitFile), b, 0o600))
		}, "does not match", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, before := fitted(t)
			tc.spoil(t, dir)
			after := open(t, dir)
			want := before.results
			if tc.want != nil {
				want = tc.want(t)
			}
			if tc.why == "" { // the kept fit is intact
				assert.True(t, after.fit.Restored, "FitInfo.Restored")
				assert.Equal(t, want, after.results, "Partners after reopening")
				return
			}
			assert.Equal(t, []string{match.StageLoad, match.StageRestore, match.StageFit, match.StageReady}, after.stages, "stages of Open")
			assert.False(t, after.fit.Restored, "FitInfo.Restored")
			assert.Contains(t, after.log, "kept fit not used", "log of Open")
			assert.Contains(t, after.log, tc.why, "log of Open")
			assert.Equal(t, want, after.results, "Partners after reopening")
			// The new fit is kept: the next Open restores it.
			again := open(t, dir)
			assert.True(t, again.fit.Restored, "FitInfo.Restored on the next Open")
			assert.Equal(t, want, again.results, "Partners on the next Open")
		})
	}
}
