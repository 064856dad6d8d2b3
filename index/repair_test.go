package index_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
)

// readAll returns every profile of the index folder by id.
func readAll(t *testing.T, dir string) map[string]profile.Profile {
	t.Helper()
	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err, "Open(%s)", dir)
	defer x.Close()
	return readAllOpen(t, x)
}

func TestRepair(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		damage  func(t *testing.T, dir string) (lostFile string)
		unknown bool // DeletesUnknown
		legacy  bool // a folder of MappingVersion 2 (legacyFolder)
	}{
		{"a garbled segment is dropped whole", func(t *testing.T, dir string) string {
			segs := segments(t, dir)
			f := segs[len(segs)-1]
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			for i := range 64 {
				b[i] ^= 0x5a
			}
			require.NoError(t, os.WriteFile(f, b, 0o600))
			return filepath.Join("store", filepath.Base(f))
		}, false, false},
		{"root.bolt missing: every segment file is read", func(t *testing.T, dir string) string {
			require.NoError(t, os.Remove(filepath.Join(dir, "store", "root.bolt")))
			return ""
		}, true, false},
		{"a profile whose record changed is dropped", func(t *testing.T, dir string) string {
			damageStored(t, dir, "Irish Battery Alliance", "Irish Cattery Alliance")
			return ""
		}, false, false},
		{"a profile stored as JSON that no longer validates is dropped", func(t *testing.T, dir string) string {
			damageStored(t, dir, `"C27.20"`, `"C27.2e"`)
			return ""
		}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dir string
			if tt.legacy {
				dir = legacyFolder(t)
			} else {
				dir = damagedFolder(t, "")
			}
			want := readAll(t, dir)
			lost := tt.damage(t, dir)
			x, err := index.Open(dir, index.Options{})
			if err == nil { // damage a checksum cannot see shows on reading
				err = x.ForEach(ctx, func(profile.Profile) error { return nil })
				x.Close()
			}
			require.ErrorIs(t, err, index.ErrCorrupt, "the damage must be seen first")

			rep, err := index.Repair(ctx, dir, index.Options{})
			require.NoError(t, err)
			assert.False(t, rep.Healthy)
			assert.Equal(t, tt.unknown, rep.DeletesUnknown)
			require.NotEmpty(t, rep.Moved)
			_, err = os.Stat(filepath.Join(rep.Moved, "store"))
			require.NoError(t, err, "the damaged folder is kept")

			got := readAll(t, dir)
			assert.Equal(t, rep.Kept, len(got))
			for id, p := range got {
				assert.Equal(t, want[id], p, "recovered %s as it was written", id)
			}
			lostIDs := 0
			for _, d := range rep.Dropped {
				if d.ID != "" {
					lostIDs++
					assert.NotContains(t, got, d.ID)
				}
			}
			if lost != "" {
				assert.Contains(t, rep.Dropped, index.Dropped{File: lost, Reason: rep.Dropped[0].Reason}, "the damaged file is reported")
				assert.Less(t, len(got), len(want), "the damaged segment's profiles are gone")
			} else if !tt.unknown {
				assert.Equal(t, 1, lostIDs, "exactly the damaged profile is dropped: %+v", rep.Dropped)
				assert.Equal(t, len(want)-1, len(got))
			} else {
				assert.Equal(t, len(want), len(got), "no segment was damaged")
			}

			again, err := index.Repair(ctx, dir, index.Options{})
			require.NoError(t, err)
			assert.True(t, again.Healthy, "a repaired folder verifies")
		})
	}
}

func TestRepairHealthyAndLocked(t *testing.T) {
	ctx := context.Background()
	dir := damagedFolder(t, "")
	want := readAll(t, dir)
	rep, err := index.Repair(ctx, dir, index.Options{})
	require.NoError(t, err)
	assert.Equal(t, &index.RepairReport{Healthy: true, Kept: len(fixture())}, rep)
	siblings, err := os.ReadDir(filepath.Dir(dir))
	require.NoError(t, err)
	assert.Len(t, siblings, 1, "a healthy folder is not moved")
	assert.Equal(t, want, readAll(t, dir))

	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err)
	defer x.Close()
	_, err = index.Repair(ctx, dir, index.Options{})
	assert.ErrorIs(t, err, index.ErrLocked)

	_, err = index.Repair(ctx, "", index.Options{})
	assert.Error(t, err)
}
