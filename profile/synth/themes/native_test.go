package themes

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/clustergo/partnermatch/profile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// englishPhrases returns every English phrase and term a profile can
// list, with the theme terms filled into the capability frames.
func englishPhrases() map[string]bool {
	v := vocab()
	m := map[string]bool{}
	var terms []string
	for _, th := range v.themes {
		for _, t := range th.terms {
			terms = append(terms, t.name, t.alt)
		}
	}
	for _, st := range v.stages {
		for _, x := range st.techs {
			m[x] = true
		}
		for _, c := range st.caps {
			for _, f := range append(append([]string(nil), c.offers...), c.needs...) {
				if !c.themed {
					m[f] = true
					continue
				}
				for _, t := range terms {
					m[fill(f, t)] = true
				}
			}
		}
	}
	for _, t := range terms {
		m[t] = true
	}
	for _, x := range genericOffers {
		m[x] = true
	}
	return m
}

func TestNativeVocabulary(t *testing.T) {
	_, err := parseNative(nativeTxt)
	require.NoError(t, err, "native.txt")
	assert.Equal(t, []string{"packaging", "textiles", "agrifood", "construction", "water", "health"}, NativeChains(), "NativeChains")
	for l, nv := range nativeVocabs() {
		for ci, c := range nv.v.chains {
			if !nv.chainOK[ci] {
				continue
			}
			for _, si := range c.stages {
				st, en := &nv.v.stages[si], &vocab().stages[si]
				assert.NotEqual(t, en.name, st.name, "%s: stage %s", nativeCodes[l], en.key)
				for k := range st.caps {
					assert.Len(t, st.caps[k].offers, len(en.caps[k].offers), "%s: %s cap %d offers", nativeCodes[l], en.key, k)
					assert.NotEqual(t, en.caps[k].offers, st.caps[k].offers, "%s: %s cap %d", nativeCodes[l], en.key, k)
				}
			}
		}
	}
	for _, bad := range []string{"de: x\n", "en: a\nde: b\n", "en: a\nfr: b\n"} {
		_, err := parseNative(bad)
		assert.Error(t, err, "parseNative(%q)", bad)
	}
}

// nativeWorld generates cfg's world, the same world without NativeText
// and the native profiles by ID.
func nativeWorld(t *testing.T, cfg Config) (w, base *World, ids map[string]native) {
	t.Helper()
	w, err := Generate(cfg)
	require.NoError(t, err, "Generate(%+v)", cfg)
	plain := cfg
	plain.NativeText = 0
	base, err = Generate(plain)
	require.NoError(t, err, "Generate(%+v)", plain)
	bs := make([]built, len(base.Profiles))
	for i := range bs {
		p := base.Profiles[i]
		var ths []int
		for _, k := range base.Themes[p.ID] {
			for ti, th := range vocab().themes {
				if th.key == k {
					ths = append(ths, ti)
				}
			}
		}
		for si, st := range vocab().stages {
			if st.key == base.Stages[p.ID] {
				bs[i].stage = si
			}
		}
		bs[i].p, bs[i].themes = p, ths
	}
	ids = map[string]native{}
	for i, n := range chooseNative(w.Config, bs) {
		ids[base.Profiles[i].ID] = n
	}
	return w, base, ids
}

func TestNativeText(t *testing.T) {
	en := englishPhrases()
	tests := []struct {
		name              string
		cfg               Config
		wantLow, wantHigh float64 // realised share of native profiles
	}{
		{"tenth", Config{Seed: 3, Profiles: 3000, NativeText: 0.1}, 0.1, 0.1},
		{"third", Config{Seed: 1001, Profiles: 3000, NativeText: 1.0 / 3, History: true}, 1.0 / 3, 1.0 / 3},
		{"all within chain", Config{Seed: 2, Profiles: 3000, NativeText: 1, WithinChain: true}, 1261.0 / 3000, 1261.0 / 3000}, // capped by the eligible profiles
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, base, ids := nativeWorld(t, tt.cfg)
			share := float64(len(ids)) / float64(len(w.Profiles))
			assert.GreaterOrEqual(t, share, tt.wantLow-0.001, "share of native profiles")
			assert.LessOrEqual(t, share, tt.wantHigh+0.001, "share of native profiles")
			assert.Equal(t, base.Partnerships, w.Partnerships, "target partnerships")
			assert.Equal(t, base.History, w.History, "history")
			assert.Equal(t, base.Stages, w.Stages, "stages")
			assert.Equal(t, base.Themes, w.Themes, "themes")
			scripts := [2]int{}
			for k := range w.Profiles {
				p, b := &w.Profiles[k], &base.Profiles[k]
				n, native := ids[p.ID]
				if !native {
					assert.Equal(t, *b, *p, "%s: not native, as without NativeText", p.ID)
					continue
				}
				assert.Equal(t, nativeCodes[n.nv.language], p.Language, "%s: Language", p.ID)
				assert.Equal(t, structure(b), structure(p), "%s: all but the text as without NativeText", p.ID)
				assert.Contains(t, p.Name, "Synthetic", "%s: name", p.ID)
				assert.NotEqual(t, b.Description, p.Description, "%s: description", p.ID)
				for _, f := range [][]string{p.Technologies, p.Offers, p.Needs} {
					for _, s := range f {
						assert.False(t, en[s], "%s (%s): %q is English", p.ID, p.Language, s)
					}
				}
				for _, s := range append(append([]string(nil), b.Offers...), b.Technologies...) {
					if strings.Count(s, " ") >= 2 { // a phrase, not a short term such as "PLA films"
						assert.NotContains(t, p.Description, s, "%s: description quotes an English phrase", p.ID)
					}
				}
				if n.nv.language == natSR {
					text := p.Name + p.Description + strings.Join(p.Offers, " ") + strings.Join(p.Needs, " ") + strings.Join(p.Technologies, " ")
					cyr := strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })
					assert.Equal(t, !n.latin, cyr, "%s: Serbian script (latin %v)", p.ID, n.latin)
					scripts[b2i(n.latin)]++
				}
				assert.NoError(t, p.Validate(), "%s: valid", p.ID)
			}
			assert.LessOrEqual(t, math.Abs(float64(scripts[0]-scripts[1])), 1.0, "Serbian Cyrillic %d against Latin %d", scripts[0], scripts[1])
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

func TestNativeTextSerbian(t *testing.T) {
	// Serbian profiles are rare (RS weighs 0.8 of about 130 and only six of
	// the eight chains are translated): a large world has enough to split.
	w, err := Generate(Config{Seed: 4, Profiles: 40000, NativeText: 1})
	require.NoError(t, err)
	scripts := map[bool]int{}
	for _, p := range w.Profiles {
		if p.Language == "sr" {
			scripts[strings.ContainsFunc(p.Description, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })]++
		}
	}
	assert.Positive(t, scripts[true], "Serbian Cyrillic profiles")
	assert.LessOrEqual(t, math.Abs(float64(scripts[true]-scripts[false])), 1.0, "Serbian Cyrillic %d against Latin %d", scripts[true], scripts[false])
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
