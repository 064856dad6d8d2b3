package score_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/score"
)

// persistWorld is a synthetic world large enough for Auto to learn its
// weights from the known half of the partnerships.
func persistWorld(t testing.TB) ([]*profile.Profile, []profile.Partnership) {
	t.Helper()
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 400})
	require.NoError(t, err)
	return pointers(w.Profiles), w.Partnerships[:len(w.Partnerships)/2]
}

// persistModels are the models whose state a fit file holds, or that are
// built on it.
func persistModels() []score.Model {
	return []score.Model{score.Auto{}, score.Learned{}, score.LSA{}, score.LSA{Rank: 8}, score.TFIDF{}, score.Reciprocal{}}
}

// written fits models on a corpus of ps and returns the scorers and the
// fit file.
func written(t *testing.T, ps []*profile.Profile, known []profile.Partnership, models []score.Model) (map[string]score.Scorer, []byte) {
	t.Helper()
	c := &score.Corpus{Profiles: ps, Known: known, Seed: 7}
	fitted, err := score.Fit(context.Background(), c, models...)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, c.WriteFit(&buf))
	return fitted, buf.Bytes()
}

// restorers restore a fit file into a corpus in one step (ReadFit) or
// two (DecodeFit, as while the profiles load, then UseFit).
var restorers = []struct {
	name    string
	restore func(c *score.Corpus, file []byte) error
}{
	{"ReadFit", func(c *score.Corpus, file []byte) error {
		return c.ReadFit(context.Background(), bytes.NewReader(file), int64(len(file)))
	}},
	{"DecodeFit+UseFit", func(c *score.Corpus, file []byte) error {
		f, err := score.DecodeFit(context.Background(), bytes.NewReader(file), int64(len(file)))
		if err != nil {
			return err
		}
		return c.UseFit(f)
	}},
}

func TestReadFitRestoresWithoutFitting(t *testing.T) {
	ps, known := persistWorld(t)
	models := persistModels()
	before, file := written(t, ps, known, models)
	for _, r := range restorers {
		t.Run(r.name, func(t *testing.T) { restoresWithoutFitting(t, ps, known, models, before, file, r.restore) })
	}
}

// TestReadFitKeepsTextLanguages restores the fit of a world where a third
// of the profiles write their lists in their own language, whose cross-
// language scores Auto scales by the rows' text languages: restoring
// reads them from the file, not from every profile's text again.
func TestReadFitKeepsTextLanguages(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 400, NativeText: 1.0 / 3})
	require.NoError(t, err)
	ps := pointers(w.Profiles)
	known := w.Partnerships[:len(w.Partnerships)/2]
	models := []score.Model{score.Auto{}}
	work := score.FitWork()
	before, file := written(t, ps, known, models)
	require.Greater(t, score.FitWork()[3], work[3], "the fit must read the text languages, or this test checks nothing")
	for _, r := range restorers {
		t.Run(r.name, func(t *testing.T) { restoresWithoutFitting(t, ps, known, models, before, file, r.restore) })
	}
}

func restoresWithoutFitting(t *testing.T, ps []*profile.Profile, known []profile.Partnership, models []score.Model,
	before map[string]score.Scorer, file []byte, restore func(*score.Corpus, []byte) error) {

	// A new corpus on copies of the profiles, as after a restart.
	copies := make([]*profile.Profile, len(ps))
	for i, p := range ps {
		q := p.Clone()
		copies[i] = &q
	}
	c := &score.Corpus{Profiles: copies, Known: known, Seed: 7}
	require.NoError(t, restore(c, file))
	work := score.FitWork()
	after, err := score.Fit(context.Background(), c, models...)
	require.NoError(t, err)
	assert.Equal(t, work, score.FitWork(), "analyses, factorisations, learnings and language readings after ReadFit")

	for _, m := range models {
		b, a := before[m.Name()], after[m.Name()]
		assert.Equal(t, fmt.Sprint(b), fmt.Sprint(a), "%s: fitted state", m.Name())
		for i := 0; i < len(ps); i += 37 {
			out0, out1 := make([]float64, len(ps)), make([]float64, len(ps))
			score.Batch(b, ps[i], ps, out0)
			score.Batch(a, copies[i], copies, out1)
			require.Equal(t, out0, out1, "%s: scores of %s", m.Name(), ps[i].ID)
		}
	}

	// The same fit writes the same bytes.
	var again bytes.Buffer
	require.NoError(t, c.WriteFit(&again))
	assert.Equal(t, file, again.Bytes(), "WriteFit after ReadFit")
}

func TestReadFitRefusesAnotherCorpus(t *testing.T) {
	ps, known := persistWorld(t)
	_, file := written(t, ps, known, []score.Model{score.Auto{}})
	changed := func(i int, f func(p *profile.Profile)) []*profile.Profile {
		out := append([]*profile.Profile(nil), ps...)
		q := ps[i].Clone()
		f(&q)
		out[i] = &q
		return out
	}
	for _, tc := range []struct {
		name  string
		c     *score.Corpus
		match string
	}{
		{"seed", &score.Corpus{Profiles: ps, Known: known, Seed: 8}, "seed"},
		{"known", &score.Corpus{Profiles: ps, Known: known[1:], Seed: 7}, "known"},
		{"no known", &score.Corpus{Profiles: ps, Seed: 7}, "known"},
		{"fewer profiles", &score.Corpus{Profiles: ps[1:], Known: known, Seed: 7}, "profiles"},
		{"an offer", &score.Corpus{Profiles: changed(5, func(p *profile.Profile) { p.Offers = append(p.Offers, "x") }), Known: known, Seed: 7}, ps[5].ID},
		{"a country", &score.Corpus{Profiles: changed(9, func(p *profile.Profile) { p.Country = "MT" }), Known: known, Seed: 7}, ps[9].ID},
		{"an id", &score.Corpus{Profiles: changed(0, func(p *profile.Profile) { p.ID += "-x" }), Known: known, Seed: 7}, "row 0"},
	} {
		for _, r := range restorers {
			t.Run(tc.name+"/"+r.name, func(t *testing.T) {
				c := &score.Corpus{Profiles: tc.c.Profiles, Known: tc.c.Known, Seed: tc.c.Seed}
				err := r.restore(c, file)
				require.ErrorIs(t, err, score.ErrFitMismatch)
				assert.NotErrorIs(t, err, score.ErrCorruptFit)
				assert.Contains(t, err.Error(), tc.match)
				refused(t, c)
			})
		}
	}
}

// refused checks that a corpus whose ReadFit failed fits as a new one.
func refused(t *testing.T, c *score.Corpus) {
	t.Helper()
	work := score.FitWork()
	_, err := score.TFIDF{}.Fit(context.Background(), c)
	require.NoError(t, err)
	assert.Equal(t, work[0]+1, score.FitWork()[0], "a corpus that refused a fit analyses its text")
}

func TestReadFitRefusesDamage(t *testing.T) {
	ps, known := persistWorld(t)
	_, file := written(t, ps, known, []score.Model{score.Auto{}})
	flip := func(at int) []byte {
		b := bytes.Clone(file)
		b[at] ^= 0x10
		return b
	}
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"three bytes", file[:3]},
		{"truncated header", file[:20]},
		{"truncated body", file[:len(file)/2]},
		{"no checksum", file[:len(file)-4]},
		{"trailing byte", append(bytes.Clone(file), 0)},
		{"flipped in the magic", flip(9)},
		{"flipped in the format", flip(8 + len("partnermatch score fit"))},
		{"flipped in the vectors", flip(len(file) * 2 / 3)},
		{"flipped in the checksum", flip(len(file) - 1)},
		{"not a fit", []byte("{\"format\": \"partnermatch-index\"}")},
	} {
		for _, r := range restorers {
			t.Run(tc.name+"/"+r.name, func(t *testing.T) {
				c := &score.Corpus{Profiles: ps, Known: known, Seed: 7}
				err := r.restore(c, tc.b)
				require.ErrorIs(t, err, score.ErrCorruptFit)
				refused(t, c)
			})
		}
	}
}

func TestUseFitRestoresOneCorpus(t *testing.T) {
	ps, known := persistWorld(t)
	_, file := written(t, ps, known, []score.Model{score.TFIDF{}})
	f, err := score.DecodeFit(context.Background(), bytes.NewReader(file), int64(len(file)))
	require.NoError(t, err)
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	assert.Equal(t, ids, f.IDs(), "the rows the fit was made on")

	// A corpus that refuses the fit leaves it usable by the right one.
	other := &score.Corpus{Profiles: ps[1:], Known: known, Seed: 7}
	require.ErrorIs(t, other.UseFit(f), score.ErrFitMismatch)
	require.NoError(t, (&score.Corpus{Profiles: ps, Known: known, Seed: 7}).UseFit(f))
	second := &score.Corpus{Profiles: ps, Known: known, Seed: 7}
	err = second.UseFit(f)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already restored")
	refused(t, second)
}

func TestReadFitNeedsANewCorpus(t *testing.T) {
	ps, known := persistWorld(t)
	_, file := written(t, ps, known, []score.Model{score.TFIDF{}})
	c := &score.Corpus{Profiles: ps, Known: known, Seed: 7}
	_, err := score.TFIDF{}.Fit(context.Background(), c)
	require.NoError(t, err)
	err = c.ReadFit(context.Background(), bytes.NewReader(file), int64(len(file)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already fitted")
}

// FuzzReadFit reads arbitrary bytes as a fit: never a panic, and an error
// unless the input is a fit of the corpus.
func FuzzReadFit(f *testing.F) {
	ps := fixtures()
	c := &score.Corpus{Profiles: ps, Seed: 1}
	if _, err := score.Fit(context.Background(), c, score.Auto{}, score.LSA{Rank: 4}); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.WriteFit(&buf); err != nil {
		f.Fatal(err)
	}
	good := buf.Bytes()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		c := &score.Corpus{Profiles: ps, Seed: 1}
		err := c.ReadFit(context.Background(), bytes.NewReader(b), int64(len(b)))
		if err == nil {
			if !bytes.Equal(b, good) {
				t.Fatalf("ReadFit accepted %d bytes that are not the fit", len(b))
			}
			return
		}
		if !errors.Is(err, score.ErrCorruptFit) && !errors.Is(err, score.ErrFitMismatch) {
			t.Fatalf("ReadFit: %v matches neither sentinel", err)
		}
	})
}

// TestReadFitRefusesAnotherConceptTable checks that a fit made with
// another embedded concept table (after an upgrade) is not restored.
func TestReadFitRefusesAnotherConceptTable(t *testing.T) {
	ps, known := persistWorld(t)
	_, file := written(t, ps, known, []score.Model{score.TFIDF{}})
	at := 8 + len("partnermatch score fit") + 4 // after the magic and the format
	file[at] ^= 1
	c := &score.Corpus{Profiles: ps, Known: known, Seed: 7}
	err := c.ReadFit(context.Background(), bytes.NewReader(file), int64(len(file)))
	require.ErrorIs(t, err, score.ErrFitMismatch)
	assert.Contains(t, err.Error(), "concept table")
	refused(t, c)
}
