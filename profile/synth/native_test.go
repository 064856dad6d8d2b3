package synth

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/clustergo/partnermatch/profile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// englishPhrases returns every English phrase a profile can list.
func englishPhrases() map[string]bool {
	m := map[string]bool{}
	for _, c := range chains() {
		for si := range c.Stages {
			for _, ph := range stagePhrases(&c.Stages[si]) {
				m[ph] = true
			}
		}
	}
	for _, l := range genericOffers {
		for _, ph := range l {
			m[ph] = true
		}
	}
	for _, ph := range genericNeeds {
		m[ph] = true
	}
	return m
}

func TestNativeTable(t *testing.T) {
	table := nativeTable()
	assert.NotEmpty(t, NativeChains(), "NativeChains")
	for _, ph := range append(append([]string(nil), genericNeeds...), genericOffers[kindCluster]...) {
		assert.Contains(t, table, ph, "generic phrase %q must be translated", ph)
	}
	for _, l := range genericOffers {
		for _, ph := range l {
			assert.Contains(t, table, ph, "generic offer %q must be translated", ph)
		}
	}
	en := englishPhrases()
	for ph, tr := range table {
		assert.True(t, en[ph], "native.tsv: %q is no phrase of the generator", ph)
		for l, s := range tr {
			assert.NotEmpty(t, s, "%q in %s", ph, langCodes[l+1])
			assert.NotEqual(t, ph, s, "%q in %s: same as English", ph, langCodes[l+1])
			assert.False(t, en[s], "%q in %s: %q is an English phrase", ph, langCodes[l+1], s)
		}
	}
}

// nativeIDs generates cfg's world and returns it with the ids of its
// native profiles.
func nativeIDs(t *testing.T, cfg Config) (*World, map[string]nativeText) {
	t.Helper()
	g, err := newGenerator(cfg)
	require.NoError(t, err, "newGenerator(%+v)", cfg)
	w, err := Generate(cfg)
	require.NoError(t, err, "Generate(%+v)", cfg)
	ids := map[string]nativeText{}
	for i := range g.cfg.Profiles {
		if nt := g.nativeOf(i); nt.lang != langEN {
			ids[g.id(i)] = nt
		}
	}
	return w, ids
}

func TestNativeText(t *testing.T) {
	en := englishPhrases()
	tests := []struct {
		name     string
		cfg      Config
		wantLow  float64 // realised share of native profiles, at least
		wantHigh float64 // and at most
	}{
		{"tenth", Config{Seed: 3, Profiles: 2000, NativeText: 0.1}, 0.1, 0.1},
		{"third", Config{Seed: 1001, Profiles: 2000, NativeText: 1.0 / 3}, 1.0 / 3, 1.0 / 3},
		{"all", Config{Seed: 1, Profiles: 3000, NativeText: 1}, 0.40, 0.46}, // capped by the eligible profiles (0.427)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, ids := nativeIDs(t, tt.cfg)
			share := float64(len(ids)) / float64(len(w.Profiles))
			assert.GreaterOrEqual(t, share, tt.wantLow-0.001, "share of native profiles")
			assert.LessOrEqual(t, share, tt.wantHigh+0.001, "share of native profiles")
			base, err := Generate(Config{Seed: tt.cfg.Seed, Profiles: tt.cfg.Profiles})
			require.NoError(t, err)
			assert.Equal(t, base.Partnerships, w.Partnerships, "planted partnerships")
			assert.Equal(t, base.History, w.History, "history")
			assert.Equal(t, base.Stages, w.Stages, "stages")
			scripts := [2]int{}
			for k := range w.Profiles {
				p, b := &w.Profiles[k], &base.Profiles[k]
				nt, native := ids[p.ID]
				if !native {
					assert.Equal(t, *b, *p, "%s: not native, as without NativeText", p.ID)
					continue
				}
				assert.Equal(t, langCodes[nt.lang], p.Language, "%s: Language", p.ID)
				assert.Equal(t, structure(b), structure(p), "%s: all but the text as without NativeText", p.ID)
				assert.Contains(t, p.Name, "Synthetic", "%s: name", p.ID)
				assert.Len(t, p.Offers, len(b.Offers), "%s: offers", p.ID)
				for _, f := range [][]string{p.Technologies, p.Offers, p.Needs} {
					for _, s := range f {
						assert.False(t, en[s], "%s (%s): %q is English", p.ID, p.Language, s)
					}
				}
				for _, s := range append([]string{p.Description}, b.Offers...) {
					if strings.Count(s, " ") >= 2 { // a phrase, not a short term that other languages share
						assert.NotContains(t, p.Description, " "+s+" ", "%s: description quotes an English phrase", p.ID)
					}
				}
				if nt.lang == langSR {
					text := p.Name + p.Description + strings.Join(p.Offers, " ") + strings.Join(p.Needs, " ") + strings.Join(p.Technologies, " ")
					cyr := strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })
					assert.Equal(t, !nt.latin, cyr, "%s: Serbian script (latin %v)", p.ID, nt.latin)
					scripts[b2i(nt.latin)]++
				}
				assert.NoError(t, p.Validate(), "%s: valid", p.ID)
			}
			assert.LessOrEqual(t, math.Abs(float64(scripts[0]-scripts[1])), 1.0, "Serbian Cyrillic %d against Latin %d", scripts[0], scripts[1])
			assert.Positive(t, scripts[0]+scripts[1], "some Serbian profiles")
		})
	}
}

// structure is a profile without its free text.
func structure(p *profile.Profile) profile.Profile {
	q := *p
	q.Name, q.City, q.Website, q.Language, q.Description = "", "", "", "", ""
	q.Technologies, q.Offers, q.Needs = nil, nil, nil
	return q
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestNativeTextDeterministic(t *testing.T) {
	cfg := Config{Seed: 9, Profiles: 1500, NativeText: 1.0 / 3}
	a, err := Generate(cfg)
	require.NoError(t, err)
	b, err := Generate(cfg)
	require.NoError(t, err)
	assert.Equal(t, a, b, "Generate(%+v) twice", cfg)
}

func TestNativeTextConfig(t *testing.T) {
	for _, v := range []float64{-0.1, 1.5, math.NaN()} {
		_, err := Generate(Config{Profiles: 10, NativeText: v})
		assert.ErrorIs(t, err, ErrConfig, "NativeText %v", v)
	}
}
