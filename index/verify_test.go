package index_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
)

// damagedFolder writes the fixture into a new folder in three batches (so
// that the store has several segments), closes it and returns its path.
// If old is not "", a copy of the folder after the second batch is made
// there.
func damagedFolder(t testing.TB, old string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err)
	ps := fixture()
	ctx := context.Background()
	for i, lo := range []int{0, 4, 8} {
		require.NoError(t, x.Upsert(ctx, ps[lo:min(lo+4, len(ps))]...))
		if i == 1 && old != "" {
			require.NoError(t, x.Close())
			copyDir(t, dir, old)
			x, err = index.Open(dir, index.Options{})
			require.NoError(t, err)
		}
	}
	require.NoError(t, x.Close())
	return dir
}

// copyDir copies the folder src to dst.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	}))
}

// digest returns the SHA-256 of every file under dir by relative name.
func digest(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		return nil
	}))
	return out
}

// segments returns the segment files Open will load, newest last.
func segments(t testing.TB, dir string) []string {
	t.Helper()
	zaps, err := index.LiveSegments(dir)
	require.NoError(t, err)
	require.NotEmpty(t, zaps)
	slices.Sort(zaps)
	return zaps
}

// fixCRC rewrites a zap file's footer checksum after a change, as
// damage that checksums cannot see would.
func fixCRC(t testing.TB, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	binary.BigEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	require.NoError(t, os.WriteFile(file, b, 0o600))
}

func TestOpenDamaged(t *testing.T) {
	root := filepath.Join("store", "root.bolt")
	tests := []struct {
		name   string
		damage func(t *testing.T, dir, old string) string // returns the file Open must name
	}{
		{"root.bolt missing (D2)", func(t *testing.T, dir, _ string) string {
			require.NoError(t, os.Remove(filepath.Join(dir, root)))
			return root
		}},
		{"root.bolt empty (D2)", func(t *testing.T, dir, _ string) string {
			require.NoError(t, os.Truncate(filepath.Join(dir, root), 0))
			return root
		}},
		{"root.bolt garbled", func(t *testing.T, dir, _ string) string {
			f := filepath.Join(dir, root)
			fi, err := os.Stat(f)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(f, bytes.Repeat([]byte{0xa5}, int(fi.Size())), 0o600))
			return root
		}},
		{"store rolled back to an older state", func(t *testing.T, dir, old string) string {
			require.NoError(t, os.RemoveAll(filepath.Join(dir, "store")))
			copyDir(t, filepath.Join(old, "store"), filepath.Join(dir, "store"))
			return root
		}},
		{"newest segment missing (D1)", func(t *testing.T, dir, _ string) string {
			zaps := segments(t, dir)
			require.NoError(t, os.Remove(zaps[len(zaps)-1]))
			return filepath.Join("store", filepath.Base(zaps[len(zaps)-1]))
		}},
		{"newest segment truncated (D1)", func(t *testing.T, dir, _ string) string {
			zaps := segments(t, dir)
			f := zaps[len(zaps)-1]
			fi, err := os.Stat(f)
			require.NoError(t, err)
			require.NoError(t, os.Truncate(f, fi.Size()/2))
			return filepath.Join("store", filepath.Base(f))
		}},
		{"64 garbled bytes at a segment's head (D3)", func(t *testing.T, dir, _ string) string {
			f := segments(t, dir)[0]
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			for i := 0; i < 64 && i < len(b); i++ {
				b[i] ^= 0x5a
			}
			require.NoError(t, os.WriteFile(f, b, 0o600))
			return filepath.Join("store", filepath.Base(f))
		}},
		{"one flipped byte in a segment (D4)", func(t *testing.T, dir, _ string) string {
			f := segments(t, dir)[0]
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			b[len(b)/2] ^= 0x01
			require.NoError(t, os.WriteFile(f, b, 0o600))
			return filepath.Join("store", filepath.Base(f))
		}},
		{"bleve's meta file missing", func(t *testing.T, dir, _ string) string {
			require.NoError(t, os.Remove(filepath.Join(dir, "index_meta.json")))
			return "index_meta.json"
		}},
		{"our meta file garbled", func(t *testing.T, dir, _ string) string {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "partnermatch-index.json"), []byte("{\x00"), 0o600))
			return "partnermatch-index.json"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := filepath.Join(t.TempDir(), "old")
			dir := damagedFolder(t, old)
			file := tt.damage(t, dir, old)
			before := digest(t, dir)
			x, err := index.Open(dir, index.Options{})
			if x != nil {
				x.Close()
			}
			require.ErrorIs(t, err, index.ErrCorrupt)
			var ce *index.CorruptError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, dir, ce.Path)
			assert.Equal(t, file, ce.File, "the damaged file: %v", err)
			assert.Contains(t, err.Error(), file)
			assert.Equal(t, before, digest(t, dir), "a failed Open must not change any file")
		})
	}
}

// legacyFolder returns a copy of testdata/v2, a folder that the package
// wrote at MappingVersion 2, which stored profiles as JSON: the fixture
// in three batches, as damagedFolder writes it.
func legacyFolder(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	copyDir(t, filepath.Join("testdata", "v2"), dir)
	return dir
}

// damageStored replaces old by new, of the same length, in every live
// segment of the closed folder dir that holds it, and rewrites the
// segments' checksums, as damage that checksums cannot see would. It
// fails the test if no segment holds old.
func damageStored(t testing.TB, dir, old, new string) {
	t.Helper()
	require.Len(t, new, len(old))
	changed := false
	for _, f := range segments(t, dir) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		d := bytes.ReplaceAll(b, []byte(old), []byte(new))
		if !bytes.Equal(b, d) {
			require.NoError(t, os.WriteFile(f, d, 0o600))
			fixCRC(t, f)
			changed = true
		}
	}
	require.True(t, changed, "no segment holds %q (zap stores short profiles as snappy literals)", old)
}

// TestStoredProfileRevalidated damages a stored profile where segment
// checksums cannot see it: Open, with or without Options.Load, or the
// ForEach after it reports the profile. A record's checksum sees any
// change; a profile stored as JSON is validated again, which sees changes
// that make it invalid.
func TestStoredProfileRevalidated(t *testing.T) {
	tests := []struct {
		name     string
		folder   func(testing.TB) string
		old, new string
		reason   string
	}{
		{"record, a changed letter", func(t testing.TB) string { return damagedFolder(t, "") },
			"Irish Battery Alliance", "Irish Cattery Alliance", "changed since written"},
		{"record, a sector that is not a NACE code", func(t testing.TB) string { return damagedFolder(t, "") },
			"\x06C27.20", "\x06C27.2e", "changed since written"},
		{"JSON of version 2, a sector that is not a NACE code", legacyFolder,
			`"C27.20"`, `"C27.2e"`, "no longer valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.folder(t)
			damageStored(t, dir, tt.old, tt.new)
			for _, load := range []func(profile.Profile, int, int) error{nil, func(profile.Profile, int, int) error { return nil }} {
				x, err := index.Open(dir, index.Options{Load: load})
				if err == nil {
					err = x.ForEach(context.Background(), func(profile.Profile) error { return nil })
					x.Close()
				}
				require.ErrorIs(t, err, index.ErrCorrupt, "the damaged profile must be reported (Load %t)", load != nil)
				var ce *index.CorruptError
				require.ErrorAs(t, err, &ce)
				assert.True(t, strings.HasPrefix(ce.File, "store"), "file %q", ce.File)
				assert.Contains(t, ce.Reason, `stored profile "ie-battery"`)
				assert.Contains(t, ce.Reason, tt.reason)
			}
		})
	}
}

// TestOpenVersion2 opens a folder written at MappingVersion 2: its
// profiles read back as a new folder's do, and the first write marks it
// with the new version (an older package then refuses it rather than
// calling its records damaged), after which old and new documents read
// back together.
func TestOpenVersion2(t *testing.T) {
	ctx := context.Background()
	want := readAll(t, damagedFolder(t, ""))
	dir := legacyFolder(t)
	got := map[string]profile.Profile{}
	x, err := index.Open(dir, index.Options{Load: func(p profile.Profile, _, _ int) error {
		got[p.ID] = p
		return nil
	}})
	require.NoError(t, err)
	assert.Equal(t, want, got, "Load")
	assert.Equal(t, want, readAllOpen(t, x), "ForEach")
	p := fixture()[0]
	p.Name = "Renamed"
	require.NoError(t, x.Upsert(ctx, p))
	require.NoError(t, x.Close())

	b, err := os.ReadFile(filepath.Join(dir, "partnermatch-index.json"))
	require.NoError(t, err)
	var m struct {
		Version int `json:"mapping_version"`
	}
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, index.MappingVersion, m.Version)

	got = readAll(t, dir)
	assert.Equal(t, "Renamed", got[p.ID].Name)
	want[p.ID] = got[p.ID]
	assert.Equal(t, want, got)
}

// readAllOpen returns every profile of x by id.
func readAllOpen(t *testing.T, x *index.Index) map[string]profile.Profile {
	t.Helper()
	out := map[string]profile.Profile{}
	require.NoError(t, x.ForEach(context.Background(), func(p profile.Profile) error {
		out[p.ID] = p
		return nil
	}))
	return out
}

func TestOpenUndamagedAfterManyWrites(t *testing.T) {
	dir := damagedFolder(t, "")
	ctx := context.Background()
	for round := range 3 {
		x, err := index.Open(dir, index.Options{})
		require.NoError(t, err, "reopen %d", round)
		require.NoError(t, x.Delete(ctx, fixture()[round].ID))
		require.NoError(t, x.Upsert(ctx, fixture()[round]))
		n, err := x.Count()
		require.NoError(t, err)
		assert.Equal(t, len(fixture()), n)
		require.NoError(t, x.Close())
	}
}

// TestOpenAfterCrashBetweenMetaAndBatch stands for a process that stopped
// after writing the meta file of a commit and before the batch: the store
// holds the write before, which Open accepts, and writes go on.
func TestOpenAfterCrashBetweenMetaAndBatch(t *testing.T) {
	dir := damagedFolder(t, "")
	mf := filepath.Join(dir, "partnermatch-index.json")
	b, err := os.ReadFile(mf)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	w := m["writes"].(float64)
	require.Positive(t, w, "the meta file counts writes")
	m["previous"], m["writes"] = w, w+1
	b, _ = json.Marshal(m)
	require.NoError(t, os.WriteFile(mf, b, 0o600))

	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err, "the store holds the meta file's previous write")
	require.NoError(t, x.Upsert(context.Background(), fixture()[0]))
	require.NoError(t, x.Close())
	x, err = index.Open(dir, index.Options{})
	require.NoError(t, err, "after one more write")
	require.NoError(t, x.Close())

	m["previous"], m["writes"] = w+5, w+6
	b, _ = json.Marshal(m)
	require.NoError(t, os.WriteFile(mf, b, 0o600))
	_, err = index.Open(dir, index.Options{})
	require.ErrorIs(t, err, index.ErrCorrupt, "a store several writes behind its meta file")
}

// TestOpenAfterInterruptedCreate stands for a process killed during the
// first Open of a new folder (D7): the folder holds the creation marker and
// some of bleve's files but no meta file; the next Open creates it again.
func TestOpenAfterInterruptedCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err)
	require.NoError(t, x.Close())
	require.NoError(t, os.Remove(filepath.Join(dir, "partnermatch-index.json")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "partnermatch-creating"), nil, 0o600))

	x, err = index.Open(dir, index.Options{})
	require.NoError(t, err, "an interrupted creation is created again")
	require.NoError(t, x.Upsert(context.Background(), fixture()...))
	require.NoError(t, x.Close())
	_, err = os.Stat(filepath.Join(dir, "partnermatch-creating"))
	assert.ErrorIs(t, err, fs.ErrNotExist, "marker removed")

	x, err = index.Open(dir, index.Options{})
	require.NoError(t, err)
	n, err := x.Count()
	require.NoError(t, err)
	assert.Equal(t, len(fixture()), n)
	require.NoError(t, x.Close())

	// A marker beside files that are not bleve's is not ours to clear.
	other := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(other, "partnermatch-creating"), nil, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(other, "notes.txt"), []byte("keep"), 0o600))
	_, err = index.Open(other, index.Options{})
	require.ErrorIs(t, err, index.ErrNotIndex)
	b, err := os.ReadFile(filepath.Join(other, "notes.txt"))
	require.NoError(t, err)
	assert.Equal(t, "keep", string(b))
}

// repairAndCheck repairs the damaged folder dir, which held want: Repair
// succeeds, and the rebuilt index verifies and holds only profiles as
// they were written.
func repairAndCheck(t *testing.T, dir string, want map[string]profile.Profile) {
	t.Helper()
	rep, err := index.Repair(context.Background(), dir, index.Options{})
	require.NoError(t, err, "Repair")
	got := readAll(t, dir)
	require.Len(t, got, rep.Kept)
	for id, p := range got {
		require.Equal(t, want[id], p, "Repair recovered %s changed", id)
	}
}

// FuzzOpenDamaged damages one file of a small index folder (overwrites
// bytes, truncates or removes it) and opens it: Open either succeeds and
// every profile reads back as written, or fails with ErrCorrupt (or
// ErrNotIndex or ErrIncompatible when our meta file is damaged) and leaves
// every file as it was; then Repair rebuilds an index that verifies from
// profiles as they were written.
func FuzzOpenDamaged(f *testing.F) {
	tmpl := damagedFolder(f, "")
	// The template is read first: an Open may merge segments.
	want := map[string]profile.Profile{}
	x, err := index.Open(tmpl, index.Options{})
	require.NoError(f, err)
	require.NoError(f, x.ForEach(context.Background(), func(p profile.Profile) error {
		want[p.ID] = p
		return nil
	}))
	require.NoError(f, x.Close())
	var files []string
	require.NoError(f, filepath.WalkDir(tmpl, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(tmpl, p)
			files = append(files, rel)
		}
		return err
	}))
	slices.Sort(files)

	for i := range files {
		f.Add(uint8(i), uint8(0), uint32(0), []byte{0xff, 0x00, 0x13})
		f.Add(uint8(i), uint8(1), uint32(100), []byte(nil))
		f.Add(uint8(i), uint8(2), uint32(0), []byte(nil))
	}
	f.Fuzz(func(t *testing.T, which, mode uint8, off uint32, data []byte) {
		dir := filepath.Join(t.TempDir(), "idx")
		copyDir(t, tmpl, dir)
		name := files[int(which)%len(files)]
		file := filepath.Join(dir, name)
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		switch mode % 3 {
		case 0:
			if len(b) == 0 {
				return
			}
			at := int(off % uint32(len(b)))
			copy(b[at:], data)
			require.NoError(t, os.WriteFile(file, b, 0o600))
		case 1:
			require.NoError(t, os.Truncate(file, int64(off%uint32(len(b)+1))))
		case 2:
			require.NoError(t, os.Remove(file))
		}
		before := digest(t, dir)
		x, err := index.Open(dir, index.Options{})
		if err != nil {
			if name == "partnermatch-index.json" && (errors.Is(err, index.ErrNotIndex) || errors.Is(err, index.ErrIncompatible)) {
				return // what our meta file says is all we know of the folder
			}
			require.ErrorIs(t, err, index.ErrCorrupt, "damaged %s", name)
			require.Equal(t, before, digest(t, dir), "a failed Open changed files")
			repairAndCheck(t, dir, want)
			return
		}
		defer x.Close()
		got := map[string]profile.Profile{}
		err = x.ForEach(context.Background(), func(p profile.Profile) error {
			got[p.ID] = p
			return nil
		})
		if err != nil {
			require.ErrorIs(t, err, index.ErrCorrupt, "damaged %s", name)
			x.Close()
			repairAndCheck(t, dir, want)
			return
		}
		require.Equal(t, want, got, "Open succeeded on damaged %s: every profile must read back as written", name)
	})
}
