package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	foreign := filepath.Join(dir, "foreign")
	require.NoError(t, os.MkdirAll(filepath.Join(foreign, "store"), 0o755))
	badMeta := filepath.Join(dir, "badmeta")
	require.NoError(t, os.MkdirAll(badMeta, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(badMeta, "partnermatch-index.json"), []byte("{"), 0o644))
	older := filepath.Join(dir, "older")
	require.NoError(t, os.MkdirAll(older, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(older, "partnermatch-index.json"),
		[]byte(`{"format":"partnermatch-index","mapping_version":0}`), 0o644))

	tests := []struct {
		name string
		path string
		opts index.Options
		want error
	}{
		{"a file", file, index.Options{}, index.ErrNotIndex},
		{"a folder of something else", foreign, index.Options{}, index.ErrNotIndex},
		{"a corrupt meta file", badMeta, index.Options{}, index.ErrNotIndex},
		{"an older mapping version", older, index.Options{}, index.ErrIncompatible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := index.Open(tt.path, tt.opts)
			assert.ErrorIs(t, err, tt.want, "Open(%s)", tt.name)
			assert.Nil(t, x, "Open(%s) index", tt.name)
		})
	}
	_, err := index.Open("", index.Options{MaxBatch: -1})
	assert.Error(t, err, "Open with negative MaxBatch")
}

func TestOpenCreatesInEmptyFolderAndLocks(t *testing.T) {
	dir := t.TempDir() // exists and is empty
	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err, "Open(empty folder)")
	defer x.Close()
	assert.Equal(t, dir, x.Path(), "Path()")

	_, err = index.Open(dir, index.Options{})
	assert.ErrorIs(t, err, index.ErrLocked, "second Open of an open index must fail, not hang")
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x := openFixture(t, dir)
	upserted := x.Writes()
	require.NoError(t, x.Delete(ctx, "si-water"), "Delete")
	assert.Greater(t, x.Writes(), upserted, "Writes after Delete")
	req := index.SearchRequest{Query: "batteries lidar", Facets: true, Size: 20}
	before, err := x.Search(ctx, req)
	require.NoError(t, err, "Search before close")
	q := fixture()[0]
	candBefore, err := x.Candidates(ctx, &q, index.CandidateOptions{})
	require.NoError(t, err, "Candidates before close")
	require.NoError(t, x.Close(), "Close")

	w := x.Writes()
	assert.Positive(t, w, "Writes after Upsert and Delete")
	y, err := index.Open(dir, index.Options{})
	require.NoError(t, err, "reopen")
	defer y.Close()
	assert.Equal(t, w, y.Writes(), "Writes after reopen")
	n, err := y.Count()
	require.NoError(t, err)
	assert.Equal(t, len(fixture())-1, n, "Count after reopen")
	after, err := y.Search(ctx, req)
	require.NoError(t, err, "Search after reopen")
	assert.Equal(t, before, after, "Search(%+v) after reopen", req)
	candAfter, err := y.Candidates(ctx, &q, index.CandidateOptions{})
	require.NoError(t, err, "Candidates after reopen")
	assert.Equal(t, candBefore, candAfter, "Candidates(ie-battery) after reopen")
	for _, p := range fixture()[:11] {
		got, ok, err := y.Get(p.ID)
		require.NoError(t, err, "Get(%s)", p.ID)
		want, _ := profile.Clean(p)
		assert.True(t, ok, "Get(%s) found", p.ID)
		assert.Equal(t, want, got, "Get(%s) after reopen", p.ID)
	}
	_, ok, err := y.Get("si-water")
	assert.NoError(t, err)
	assert.False(t, ok, "deleted profile is gone after reopen")
}

func TestClosed(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	require.NoError(t, x.Close(), "Close")
	assert.NoError(t, x.Close(), "second Close")
	p := fixture()[0]
	_, _, err := x.Get("ie-battery")
	assert.ErrorIs(t, err, index.ErrClosed, "Get after Close")
	_, err = x.Count()
	assert.ErrorIs(t, err, index.ErrClosed, "Count after Close")
	assert.ErrorIs(t, x.Upsert(ctx, p), index.ErrClosed, "Upsert after Close")
	assert.ErrorIs(t, x.Delete(ctx, "x"), index.ErrClosed, "Delete after Close")
	_, err = x.Search(ctx, index.SearchRequest{})
	assert.ErrorIs(t, err, index.ErrClosed, "Search after Close")
	_, err = x.Candidates(ctx, &p, index.CandidateOptions{})
	assert.ErrorIs(t, err, index.ErrClosed, "Candidates after Close")
	assert.ErrorIs(t, x.ForEach(ctx, func(profile.Profile) error { return nil }), index.ErrClosed, "ForEach after Close")
	for _, err := range x.IDs(ctx) {
		assert.ErrorIs(t, err, index.ErrClosed, "IDs after Close")
	}
}

func TestGetReturnsNormalisedProfile(t *testing.T) {
	ctx := context.Background()
	x, err := index.Open("", index.Options{})
	require.NoError(t, err)
	defer x.Close()
	in := profile.Profile{
		ID: " raw-1 ", Name: "  Raw  ", Country: "el", Sectors: []string{"27.20", "C2720"},
		Offers: []string{" battery   recycling ", "Battery recycling"}, Industries: []string{"Blue-Growth"},
		Description: "Ünïcode ✓", Members: 5, SMEs: 5,
	}
	require.NoError(t, x.Upsert(ctx, in), "Upsert")
	want, err := profile.Clean(in)
	require.NoError(t, err)
	got, ok, err := x.Get("raw-1")
	require.NoError(t, err)
	require.True(t, ok, "Get(raw-1) found")
	assert.Equal(t, want, got, "Get returns the profile as normalised on input")
	_, ok, err = x.Get("nope")
	assert.NoError(t, err)
	assert.False(t, ok, "Get(unknown)")
}

func TestUpsertIsAtomic(t *testing.T) {
	ctx := context.Background()
	good := fixture()[:2]
	bad := fixture()[2]
	bad.Country = "ZZ"
	bad2 := fixture()[3]
	bad2.Name = ""
	dup := fixture()[0]

	tests := []struct {
		name    string
		batch   []profile.Profile
		opts    index.Options
		wantIDs []string // ids of the *ProfileErrors, in order
		is      []error
	}{
		{"invalid profiles", []profile.Profile{good[0], bad, good[1], bad2}, index.Options{},
			[]string{"fr-quebec", "it-food"}, []error{profile.ErrInvalid}},
		{"duplicate id", []profile.Profile{good[0], good[1], dup}, index.Options{},
			[]string{"ie-battery"}, []error{index.ErrDuplicateID}},
		{"too large", good, index.Options{MaxBatch: 1}, nil, []error{index.ErrBatchTooLarge}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := index.Open("", tt.opts)
			require.NoError(t, err)
			defer x.Close()
			err = x.Upsert(ctx, tt.batch...)
			require.Error(t, err, "Upsert(%s)", tt.name)
			for _, want := range tt.is {
				assert.ErrorIs(t, err, want, "Upsert(%s)", tt.name)
			}
			var ids []string
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				for _, e := range j.Unwrap() {
					var pe *index.ProfileError
					require.ErrorAs(t, e, &pe, "Upsert(%s): each error is a *ProfileError", tt.name)
					ids = append(ids, pe.ID)
				}
			}
			assert.Equal(t, tt.wantIDs, ids, "Upsert(%s): ids of the refused profiles", tt.name)
			if tt.is[0] == profile.ErrInvalid {
				var ve *profile.ValidationError
				require.ErrorAs(t, err, &ve, "Upsert(%s) carries the ValidationError", tt.name)
				assert.Equal(t, "fr-quebec", ve.ID, "first ValidationError")
				assert.Equal(t, "country", ve.Fields[0].Field, "first ValidationError field")
			}
			n, err := x.Count()
			require.NoError(t, err)
			assert.Zero(t, n, "Upsert(%s) wrote nothing", tt.name)
			q := profile.Profile{Needs: []string{"lidar"}, Offers: []string{"battery"}, TargetMarkets: []string{"US"}}
			cs, err := x.Candidates(ctx, &q, index.CandidateOptions{})
			require.NoError(t, err)
			assert.Empty(t, cs, "Upsert(%s) left the candidate view empty", tt.name)
		})
	}
}

func TestUpsertReplacesAndDeleteRemoves(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	lidarSeeker := profile.Profile{Language: "en", Needs: []string{"lidar"}}

	p := fixture()[1] // de-lidar offers Lidar-Sensoren
	cs, err := x.Candidates(ctx, &lidarSeeker, index.CandidateOptions{})
	require.NoError(t, err)
	assert.Contains(t, candidateIDs(cs), "de-lidar", "before the update")

	p.Offers = []string{"Photonik"}
	p.Technologies = nil
	require.NoError(t, x.Upsert(ctx, p), "Upsert(changed de-lidar)")
	got, _, err := x.Get("de-lidar")
	require.NoError(t, err)
	assert.Equal(t, []string{"Photonik"}, got.Offers, "Get after replace")
	n, _ := x.Count()
	assert.Equal(t, len(fixture()), n, "Count after replace")
	cs, err = x.Candidates(ctx, &lidarSeeker, index.CandidateOptions{})
	require.NoError(t, err)
	assert.NotContains(t, candidateIDs(cs), "de-lidar", "after the update the old offers are gone")
	for _, h := range mustSearch(t, x, index.SearchRequest{Query: "Lidar-Sensoren", Lang: "de"}).Hits {
		if h.ID == "de-lidar" {
			assert.NotContains(t, h.Fields, "offers", "after the update Search does not find the old offers")
		}
	}

	require.NoError(t, x.Delete(ctx, "ch-medtech", "fr-quebec", "unknown-id"), "Delete")
	n, _ = x.Count()
	assert.Equal(t, len(fixture())-2, n, "Count after Delete")
	_, ok, _ := x.Get("ch-medtech")
	assert.False(t, ok, "Get(deleted)")
	cs, err = x.Candidates(ctx, &lidarSeeker, index.CandidateOptions{})
	require.NoError(t, err)
	assert.NotContains(t, candidateIDs(cs), "ch-medtech", "Candidates after Delete")
	assert.NotContains(t, searchIDs(t, x, index.SearchRequest{}), "ch-medtech", "Search after Delete")

	assert.ErrorIs(t, x.Delete(ctx, "a", ""), index.ErrInvalidQuery, "Delete of an empty id")
	assert.NoError(t, x.Delete(ctx), "Delete of nothing")
	assert.NoError(t, x.Upsert(ctx), "Upsert of nothing")

	require.NoError(t, x.Upsert(ctx, fixture()...), "re-Upsert the fixture")
	n, _ = x.Count()
	assert.Equal(t, len(fixture()), n, "Count after re-adding")
}

func TestIDsAndForEach(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	want := fixtureIDs(func(profile.Profile) bool { return true })
	var ids []string
	for id, err := range x.IDs(ctx) {
		require.NoError(t, err, "IDs")
		ids = append(ids, id)
	}
	assert.Equal(t, want, ids, "IDs in ascending order")

	var got []string
	byID := map[string]profile.Profile{}
	for _, p := range fixture() {
		byID[p.ID], _ = profile.Clean(p)
	}
	err := x.ForEach(ctx, func(p profile.Profile) error {
		got = append(got, p.ID)
		assert.Equal(t, byID[p.ID], p, "ForEach gives the stored profile %s", p.ID)
		_, _, err := x.Get(p.ID) // callbacks may use the index
		return err
	})
	require.NoError(t, err, "ForEach")
	assert.Equal(t, want, got, "ForEach in ascending order of id")

	stop := errors.New("stop")
	calls := 0
	err = x.ForEach(ctx, func(profile.Profile) error { calls++; return stop })
	assert.ErrorIs(t, err, stop, "ForEach returns the callback's error")
	assert.Equal(t, 1, calls, "ForEach stops at the first error")

	ids = ids[:0]
	for id := range x.IDs(ctx) {
		ids = append(ids, id)
		break
	}
	assert.Len(t, ids, 1, "IDs honours break")
}

func TestContextCancellation(t *testing.T) {
	x := openFixture(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := fixture()[0]
	p.ID = "new-one"
	assert.ErrorIs(t, x.Upsert(ctx, p), context.Canceled, "Upsert")
	_, ok, _ := x.Get("new-one")
	assert.False(t, ok, "a cancelled Upsert writes nothing")
	assert.ErrorIs(t, x.Delete(ctx, "ie-battery"), context.Canceled, "Delete")
	_, err := x.Search(ctx, index.SearchRequest{Query: "battery"})
	assert.ErrorIs(t, err, context.Canceled, "Search")
	_, err = x.Candidates(ctx, &p, index.CandidateOptions{})
	assert.ErrorIs(t, err, context.Canceled, "Candidates")
	_, err = x.Candidates(ctx, &p, index.CandidateOptions{Bleve: true})
	assert.ErrorIs(t, err, context.Canceled, "Candidates(Bleve)")
	assert.ErrorIs(t, x.ForEach(ctx, func(profile.Profile) error { return nil }), context.Canceled, "ForEach")
	for _, err := range x.IDs(ctx) {
		assert.ErrorIs(t, err, context.Canceled, "IDs")
	}
	n, _ := x.Count()
	assert.Equal(t, len(fixture()), n, "nothing changed")
}

// TestReopenKeepsCandidates checks that the candidate view Open builds
// from stored fields equals the one that writes built.
func TestReopenKeepsCandidates(t *testing.T) {
	ctx := context.Background()
	w, err := synth.Default()
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err)
	require.NoError(t, x.Upsert(ctx, w.Profiles...))
	require.NoError(t, x.Delete(ctx, w.Profiles[1].ID, w.Profiles[2].ID))
	changed := w.Profiles[3].Clone()
	changed.Offers = append(changed.Offers, "lidar sensors")
	require.NoError(t, x.Upsert(ctx, changed))
	opts := index.CandidateOptions{N: 100, Filters: index.Filters{Rules: profile.ESCP4i(), Members: index.Range{Min: 10}}}
	var before [][]index.Candidate
	for i := range 30 {
		cs, err := x.Candidates(ctx, &w.Profiles[i*30], opts)
		require.NoError(t, err)
		before = append(before, cs)
	}
	require.NoError(t, x.Close())
	y, err := index.Open(dir, index.Options{})
	require.NoError(t, err)
	defer y.Close()
	for i := range 30 {
		cs, err := y.Candidates(ctx, &w.Profiles[i*30], opts)
		require.NoError(t, err)
		assert.Equal(t, before[i], cs, "Candidates(%s) after reopen", w.Profiles[i*30].ID)
	}
}
