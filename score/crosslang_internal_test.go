package score

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

func TestTextLanguage(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    profile.Profile
		want string
	}{
		{"English", profile.Profile{Language: "en", Offers: []string{"fruit processing"}}, "en"},
		{"no language is English", profile.Profile{Offers: []string{"fruit processing"}}, "en"},
		{"German in German", profile.Profile{Language: "de", Offers: []string{"Verarbeitung von Obst"}, Needs: []string{"Verpackung für Lebensmittel"}}, "de"},
		{"region subtag", profile.Profile{Language: "de-AT", Offers: []string{"Verarbeitung von Obst"}}, "de"},
		{"German tag, English lists", profile.Profile{Language: "de", Offers: []string{"fruit processing"}, Needs: []string{"packaging for food"}}, "en"},
		{"Serbian Cyrillic", profile.Profile{Language: "sr", Needs: []string{"прерада воћа"}}, "sr"},
		{"no lists", profile.Profile{Language: "fr"}, "en"},
		{"a language without labels", profile.Profile{Language: "ja", Offers: []string{"果物の加工"}}, "en"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, textLanguage(&tt.p, nil))
			memo := map[phraseKey]bool{}
			assert.Equal(t, tt.want, textLanguage(&tt.p, memo))
			assert.Equal(t, tt.want, textLanguage(&tt.p, memo), "memoised")
		})
	}
}

// TestCrossFactors checks that text parts are scaled up across languages
// where they score lower there, and that other parts and corpora in one
// language are left alone.
func TestCrossFactors(t *testing.T) {
	ctx := context.Background()
	mk := func(native bool) *Corpus {
		themes := [][2][2]string{ // English offer and need, then German
			{{"fruit processing", "food packaging"}, {"Verarbeitung von Obst", "Verpackung von Lebensmitteln"}},
			{{"metal casting", "machine tools"}, {"Metallguss", "Werkzeugmaschinen"}},
			{{"technical textiles", "fibre recycling"}, {"technische Textilien", "Recycling von Fasern"}},
			{{"software development", "data security"}, {"Entwicklung von Software", "Sicherheit der Daten"}},
		}
		var ps []*profile.Profile
		for i := range 120 {
			th := themes[i%4]
			p := &profile.Profile{ID: fmt.Sprintf("p%03d", i), Language: "en", Country: "DE", Sectors: []string{"C10.3"},
				Offers: []string{th[0][0]}, Needs: []string{themes[(i/4)%4][0][1]}}
			if i%2 == 1 {
				p.Language = "de"
				if native {
					p.Offers, p.Needs = []string{th[1][0]}, []string{themes[(i/4)%4][1][1]}
				}
			}
			if i%3 == 0 {
				p.Country = "FR"
			}
			ps = append(ps, p)
		}
		return &Corpus{Profiles: ps, Seed: 1}
	}
	models := []Model{TFIDF{}, Sector{}, Geo{}}
	for _, tt := range []struct {
		name   string
		native bool
	}{{"half in German", true}, {"all in English", false}} {
		t.Run(tt.name, func(t *testing.T) {
			c := mk(tt.native)
			var parts []Part
			for _, m := range models {
				s, err := m.Fit(ctx, c)
				require.NoError(t, err)
				parts = append(parts, Part{Scorer: s, Weight: 1})
			}
			f, err := crossFactors(ctx, c, models, parts, 60)
			require.NoError(t, err)
			if tt.native {
				assert.Greater(t, f[0], 1.0, "tfidf across languages")
				assert.LessOrEqual(t, f[0], float64(maxCrossFactor))
			} else {
				assert.Equal(t, 1.0, f[0], "one text language: nothing to scale")
			}
			assert.Equal(t, []float64{1, 1}, f[1:], "sector and geo are not text")
		})
	}
}

func TestCrossScaled(t *testing.T) {
	ctx := context.Background()
	ps := []*profile.Profile{
		{ID: "en", Language: "en", Offers: []string{"fruit processing"}},
		{ID: "de", Language: "de", Needs: []string{"Verarbeitung von Obst"}},
		{ID: "en2", Language: "en", Needs: []string{"fruit processing"}},
	}
	c := &Corpus{Profiles: ps, Seed: 1}
	s, err := TFIDF{}.Fit(ctx, c)
	require.NoError(t, err)
	langs, err := c.textLanguages(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"en", "de", "en"}, langs)
	x := newCrossScaled(s, 2, c, langs)
	scaled := 0 // cross-language pairs whose score the factor changes
	for _, q := range ps {
		out := make([]float64, len(ps))
		Batch(x, q, ps, out)
		for i, cand := range ps {
			want := s.Score(q, cand)
			if langs[i] != textLanguage(q, nil) {
				want = min(1, 2*want)
				if want != s.Score(q, cand) {
					scaled++
				}
			}
			assert.InDelta(t, want, x.Score(q, cand), 1e-12, "%s, %s", q.ID, cand.ID)
			assert.InDelta(t, want, out[i], 1e-12, "batch %s, %s", q.ID, cand.ID)
			assert.InDelta(t, want, Explain(x, q, cand).Value, 1e-12, "explained %s, %s", q.ID, cand.ID)
		}
	}
	assert.Positive(t, scaled, "some cross-language pair must score above 0 and below 1, or the check above is vacuous")
	adhoc := &profile.Profile{Language: "de", Offers: []string{"Verarbeitung von Obst"}}
	assert.InDelta(t, min(1, 2*s.Score(adhoc, ps[2])), x.Score(adhoc, ps[2]), 1e-12, "an ad-hoc profile's language is read from its text")
}
