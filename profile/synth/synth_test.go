package synth_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// defaultWorld loads the embedded world once per test binary.
func defaultWorld(t testing.TB) *synth.World {
	t.Helper()
	w, err := synth.Default()
	require.NoError(t, err, "Default()")
	return w
}

func byID(w *synth.World) map[string]*profile.Profile {
	m := make(map[string]*profile.Profile, len(w.Profiles))
	for i := range w.Profiles {
		m[w.Profiles[i].ID] = &w.Profiles[i]
	}
	return m
}

func TestChains(t *testing.T) {
	chains := synth.Chains()
	terms := profile.IndustryTerms()
	require.Len(t, chains, len(terms), "one chain per emerging industry")
	rules := profile.ESCP4i()
	keys := map[string]bool{}
	for i, c := range chains {
		assert.Equal(t, terms[i].Slug, c.Industry, "chain %d industry", i)
		assert.True(t, len(c.Stages) >= 4 && len(c.Stages) <= 6, "%s: %d stages, want 4-6", c.Industry, len(c.Stages))
		assert.NotEmpty(t, c.Name, "%s: name", c.Industry)
		for _, m := range c.Markets {
			assert.True(t, rules.EligibleMarket(m), "%s: market %s must be a third country under ESCP-4i", c.Industry, m)
		}
		assert.GreaterOrEqual(t, len(c.Markets), 8, "%s: markets", c.Industry)
		for _, r := range c.Related {
			assert.True(t, slices.ContainsFunc(terms, func(t profile.Term) bool { return t.Slug == r }), "%s: related %q", c.Industry, r)
		}
		for si, s := range c.Stages {
			assert.False(t, keys[s.Key], "duplicate stage key %s", s.Key)
			keys[s.Key] = true
			assert.Equal(t, c.Industry+"/", s.Key[:len(c.Industry)+1], "key %s starts with its industry", s.Key)
			assert.Equal(t, c.Industry, s.Industry, "%s: industry", s.Key)
			assert.Equal(t, si, s.Index, "%s: index", s.Key)
			got, ok := synth.LookupStage(s.Key)
			assert.True(t, ok, "LookupStage(%q)", s.Key)
			assert.Equal(t, s, got, "LookupStage(%q)", s.Key)

			// The stage's vocabulary must make valid, canonical profiles.
			p := profile.Profile{ID: "x", Name: "x", Country: "DE", Kind: "cluster", Language: "en",
				Sectors: s.Sectors, Categories: s.Categories, Industries: []string{c.Industry}, Ecosystems: s.Ecosystems,
				Technologies: s.Technologies, Offers: s.Offers, Needs: slices.Concat(s.NeedsUpstream, s.NeedsDownstream)}
			clean, err := profile.Clean(p)
			assert.NoError(t, err, "%s: vocabulary", s.Key)
			assert.Equal(t, p, clean, "%s: vocabulary must be canonical (Normalize a no-op)", s.Key)

			assert.NotEmpty(t, s.Themes, "%s: themes", s.Key)
			assert.GreaterOrEqual(t, len(s.Technologies), 8, "%s: technologies", s.Key)
			assert.GreaterOrEqual(t, len(s.Offers), 6, "%s: offers", s.Key)
			assert.Equal(t, si == 0, s.NeedsUpstream == nil, "%s: upstream needs exactly when not first", s.Key)
			assert.Equal(t, si == len(c.Stages)-1, s.NeedsDownstream == nil, "%s: downstream needs exactly when not last", s.Key)
			for _, n := range slices.Concat(s.NeedsUpstream, s.NeedsDownstream) {
				for _, o := range c.Stages {
					assert.NotContains(t, o.Offers, n, "%s: need %q must paraphrase, not copy, an offer", s.Key, n)
				}
			}
		}
	}
	_, ok := synth.LookupStage("mobility-technologies/no-such-stage")
	assert.False(t, ok, "LookupStage of an unknown key")
}

func TestGenerateDeterministic(t *testing.T) {
	cfg := synth.Config{Seed: 7, Profiles: 400}
	a, err := synth.Generate(cfg)
	require.NoError(t, err)
	b, err := synth.Generate(cfg)
	require.NoError(t, err)
	assert.Equal(t, a, b, "Generate(%+v) twice", cfg)

	da, db := t.TempDir(), t.TempDir()
	require.NoError(t, a.WriteDir(da))
	require.NoError(t, synth.GenerateDir(db, cfg))
	for _, f := range []string{synth.ProfilesFile, synth.PartnershipsFile, synth.HistoryFile, synth.StagesFile} {
		ba, err := os.ReadFile(filepath.Join(da, f))
		require.NoError(t, err)
		bb, err := os.ReadFile(filepath.Join(db, f))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(ba, bb), "%s: GenerateDir and Generate+WriteDir must write the same bytes", f)
	}

	c, err := synth.Generate(synth.Config{Seed: 8, Profiles: 400})
	require.NoError(t, err)
	assert.NotEqual(t, a.Profiles, c.Profiles, "seeds 7 and 8 must give different profiles")

	// A larger world extends nothing: profile i depends on (Seed, i) only,
	// but planting sees all profiles, so only the drawn skeleton is shared.
	d, err := synth.Generate(synth.Config{Seed: 7, Profiles: 500})
	require.NoError(t, err)
	assert.Equal(t, a.Stages[a.Profiles[0].ID], d.Stages[d.Profiles[0].ID], "profile 1's stage must not depend on the world size")
}

func TestReadDir(t *testing.T) {
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 300})
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, w.WriteDir(dir))
	got, err := synth.ReadDir(os.DirFS(dir), ".")
	require.NoError(t, err)
	got.Config = w.Config
	assert.Equal(t, w, got, "ReadDir(WriteDir(w))")

	_, err = synth.ReadDir(os.DirFS(t.TempDir()), ".")
	assert.Error(t, err, "ReadDir of an empty directory")
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     synth.Config
		wantErr bool
		check   func(t *testing.T, w *synth.World)
	}{
		{name: "negative profiles", cfg: synth.Config{Profiles: -1}, wantErr: true},
		{name: "share above one", cfg: synth.Config{Partnered: 1.5}, wantErr: true},
		{name: "no partnerships", cfg: synth.Config{Profiles: 300, Partnered: -1}, check: func(t *testing.T, w *synth.World) {
			assert.Empty(t, w.Partnerships, "target partnerships")
			assert.Empty(t, w.History, "past partnerships")
		}},
		{name: "no targets", cfg: synth.Config{Profiles: 300, Target: -1}, check: func(t *testing.T, w *synth.World) {
			assert.Empty(t, w.Partnerships, "target partnerships")
			assert.NotEmpty(t, w.History, "past partnerships")
		}},
		{name: "English only", cfg: synth.Config{Profiles: 300, NonEnglish: -1}, check: func(t *testing.T, w *synth.World) {
			for _, p := range w.Profiles {
				assert.Equal(t, "en", p.Language, "%s: language", p.ID)
			}
		}},
		{name: "defaults filled in", cfg: synth.Config{Seed: 5}, check: func(t *testing.T, w *synth.World) {
			assert.Len(t, w.Profiles, 1000, "profiles")
			assert.Equal(t, synth.Config{Seed: 5, Profiles: 1000, Partnered: 0.35, Target: 0.5, Reuse: 0.4, NonEnglish: 0.17}, w.Config, "Config")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := synth.Generate(tt.cfg)
			if tt.wantErr {
				assert.ErrorIs(t, err, synth.ErrConfig, "Generate(%+v)", tt.cfg)
				assert.ErrorIs(t, synth.GenerateDir(t.TempDir(), tt.cfg), synth.ErrConfig, "GenerateDir(%+v)", tt.cfg)
				return
			}
			require.NoError(t, err, "Generate(%+v)", tt.cfg)
			tt.check(t, w)
		})
	}
}

func TestDefaultMatchesGenerate(t *testing.T) {
	w := defaultWorld(t)
	g, err := synth.Generate(synth.DefaultConfig())
	require.NoError(t, err)
	// If this fails, the generator changed: run go generate ./profile/synth.
	assert.Equal(t, g, w, "Default() must equal Generate(DefaultConfig())")
}

func TestProfiles(t *testing.T) {
	w := defaultWorld(t)
	require.Len(t, w.Profiles, 1000)
	rules := profile.ESCP4i()
	ids := map[string]bool{}
	for i, p := range w.Profiles {
		assert.False(t, ids[p.ID], "duplicate id %s", p.ID)
		ids[p.ID] = true
		if i > 0 {
			assert.Less(t, w.Profiles[i-1].ID, p.ID, "profiles ordered by id")
		}
		clean, err := profile.Clean(p)
		if !assert.NoError(t, err, "profile %s", p.ID) {
			continue
		}
		assert.Equal(t, p, clean, "%s: Normalize must be a no-op", p.ID)
		assert.Contains(t, p.ID, "synth", "id")
		assert.Contains(t, p.Name, "Synthetic", "%s: name", p.ID)
		assert.NotEmpty(t, p.Description, "%s: description", p.ID)

		st, ok := synth.LookupStage(w.Stages[p.ID])
		if assert.True(t, ok, "%s: stage %q", p.ID, w.Stages[p.ID]) {
			assert.Equal(t, st.Industry, p.Industries[0], "%s: first industry is the stage's", p.ID)
		}
		if p.Members > 0 {
			assert.True(t, p.Members >= 20 && p.Members <= 600, "%s: members %d", p.ID, p.Members)
		}
		assert.LessOrEqual(t, p.SMEs, p.Members, "%s: SMEs", p.ID)
		assert.True(t, p.Founded >= 1990 && p.Founded <= 2024, "%s: founded %d", p.ID, p.Founded)
		assert.True(t, len(p.TargetMarkets) >= 1 && len(p.TargetMarkets) <= 4, "%s: %d target markets", p.ID, len(p.TargetMarkets))
		for _, m := range p.TargetMarkets {
			assert.True(t, rules.EligibleMarket(m), "%s: target market %s must be a third country", p.ID, m)
		}
	}
	assert.Len(t, w.Stages, len(w.Profiles), "one stage per profile")
}

// TestShares checks the documented make-up of the default world. The
// bounds are loose: they hold for the fixed default seed and guard
// against accidental changes of the generator.
func TestShares(t *testing.T) {
	w := defaultWorld(t)
	n := float64(len(w.Profiles))
	count := func(f func(p *profile.Profile) bool) float64 {
		c := 0
		for i := range w.Profiles {
			if f(&w.Profiles[i]) {
				c++
			}
		}
		return float64(c) / n
	}
	partnered := map[string]bool{}
	for _, ps := range [][]profile.Partnership{w.Partnerships, w.History} {
		for _, p := range ps {
			for _, m := range p.Members {
				partnered[m] = true
			}
		}
	}
	rules := profile.ESCP4i()
	tests := []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"partnered", float64(len(partnered)) / n, 0.30, 0.40},
		{"non-English", count(func(p *profile.Profile) bool { return p.Language != "en" }), 0.13, 0.22},
		{"ineligible country", count(func(p *profile.Profile) bool { return !rules.EligibleMember(p.Country) }), 0.02, 0.08},
		{"cluster", count(func(p *profile.Profile) bool { return p.Kind == profile.KindCluster }), 0.6, 0.85},
		{"bronze", count(func(p *profile.Profile) bool { return p.Label == profile.LabelBronze }), 0.1, 0.25},
		{"with region", count(func(p *profile.Profile) bool { return p.Region != "" }), 0.5, 0.85},
		{"DE, FR, IT, ES", count(func(p *profile.Profile) bool { return slices.Contains([]string{"DE", "FR", "IT", "ES"}, p.Country) }), 0.4, 0.6},
	}
	for _, tt := range tests {
		assert.True(t, tt.got >= tt.lo && tt.got <= tt.hi, "share %s = %.3f, want in [%v, %v]", tt.name, tt.got, tt.lo, tt.hi)
	}
}

func TestLanguages(t *testing.T) {
	w := defaultWorld(t)
	countries := map[string][]string{ // language -> countries that may use it
		"de": {"DE", "AT", "CH"},
		"fr": {"FR", "BE", "LU", "CH"},
		"it": {"IT"},
		"es": {"ES"},
		"pl": {"PL"},
		"sr": {"RS"},
	}
	seen := map[string]int{}
	for _, p := range w.Profiles {
		script := ""
		if p.Language == "sr" {
			script = "-Latn"
			if strings.ContainsFunc(p.Description, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
				script = "-Cyrl"
			}
		}
		seen[p.Language+script]++
		if p.Language != "en" {
			assert.Contains(t, countries[p.Language], p.Country, "%s: language %s in country %s", p.ID, p.Language, p.Country)
		}
	}
	for _, l := range []string{"en", "de", "fr", "it", "es", "pl", "sr-Cyrl", "sr-Latn"} {
		assert.Positive(t, seen[l], "profiles in %s", l)
	}
}

func TestPartnerships(t *testing.T) {
	w := defaultWorld(t)
	profiles := byID(w)
	rules := profile.ESCP4i()
	listed := map[string]map[string]bool{} // partnership id -> profiles that list it
	for _, p := range w.Profiles {
		for _, id := range p.Partnerships {
			if listed[id] == nil {
				listed[id] = map[string]bool{}
			}
			listed[id][p.ID] = true
		}
	}
	ids := map[string]bool{}
	for _, set := range []struct {
		name   string
		ps     []profile.Partnership
		listed bool // whether members list the partnership
	}{
		{"history", w.History, true},
		{"target", w.Partnerships, false},
	} {
		t.Run(set.name, func(t *testing.T) {
			require.NotEmpty(t, set.ps)
			sameStage := 0
			for _, pt := range set.ps {
				assert.False(t, ids[pt.ID], "duplicate partnership id %s", pt.ID)
				ids[pt.ID] = true
				assert.Contains(t, pt.ID, "synth", "id")
				assert.True(t, len(pt.Members) >= 3 && len(pt.Members) <= 6, "%s: %d members", pt.ID, len(pt.Members))
				require.Len(t, pt.TargetMarkets, 1, "%s: one shared market", pt.ID)
				market := pt.TargetMarkets[0]
				var members []*profile.Profile
				stages := map[string]int{}
				for _, id := range pt.Members {
					m := profiles[id]
					require.NotNil(t, m, "%s: member %s", pt.ID, id)
					members = append(members, m)
					assert.Contains(t, m.TargetMarkets, market, "%s: member %s must target %s", pt.ID, id, market)
					assert.Equal(t, set.listed, slices.Contains(m.Partnerships, pt.ID), "%s: member %s lists it", pt.ID, id)
					stages[w.Stages[id]]++
				}
				assert.NoError(t, rules.CheckConsortium(members, pt.TargetMarkets), "%s: ESCP-4i", pt.ID)
				if set.listed {
					assert.Len(t, listed[pt.ID], len(pt.Members), "%s: only members list it", pt.ID)
				} else {
					assert.Empty(t, listed[pt.ID], "%s: no profile may list a target partnership", pt.ID)
				}
				assert.GreaterOrEqual(t, len(stages), 2, "%s: members from at least two stages", pt.ID)
				if len(stages) < len(pt.Members) {
					sameStage++
				}
			}
			share := float64(sameStage) / float64(len(set.ps))
			assert.True(t, share > 0.05 && share < 0.3, "share with two same-stage members = %.2f", share)
		})
	}
	for id := range listed {
		assert.True(t, ids[id], "profiles list unknown partnership %s", id)
	}

	// History is a signal, not the answer: some target partnerships reunite
	// a pair of past co-members, none repeats a past partnership.
	pastPairs := map[[2]string]bool{}
	for _, pt := range w.History {
		for _, a := range pt.Members {
			for _, b := range pt.Members {
				if a < b {
					pastPairs[[2]string{a, b}] = true
				}
			}
		}
	}
	reunited := 0
	for _, pt := range w.Partnerships {
		pairs := 0
		for _, a := range pt.Members {
			for _, b := range pt.Members {
				if a < b && pastPairs[[2]string{a, b}] {
					pairs++
				}
			}
		}
		if pairs > 0 {
			reunited++
		}
		assert.Less(t, pairs, len(pt.Members)*(len(pt.Members)-1)/2, "%s: all its pairs were past partners", pt.ID)
	}
	share := float64(reunited) / float64(len(w.Partnerships))
	assert.True(t, share > 0.2 && share < 0.7, "share of target partnerships with a past pair = %.2f", share)
}

// TestComplementarity checks the property the value chains are written
// for: keyword overlap of the whole text is higher within a stage than
// between adjacent stages, while needs meet the offers of adjacent stages
// more often than those of the same stage.
func TestComplementarity(t *testing.T) {
	w := defaultWorld(t)
	type doc struct {
		text, needs, offers map[string]bool
		stage               synth.Stage
	}
	var docs []doc
	for i := range w.Profiles {
		p := &w.Profiles[i]
		if p.Language != "en" {
			continue
		}
		st, _ := synth.LookupStage(w.Stages[p.ID])
		docs = append(docs, doc{tokens(p.Text()), tokens(strings.Join(p.Needs, " ")), tokens(strings.Join(p.Offers, " ")), st})
	}
	var same, adj struct{ jaccard, meets, n float64 }
	for i, a := range docs {
		for _, b := range docs[i+1:] {
			if a.stage.Industry != b.stage.Industry {
				continue
			}
			var acc *struct{ jaccard, meets, n float64 }
			switch d := a.stage.Index - b.stage.Index; {
			case d == 0:
				acc = &same
			case d == 1 || d == -1:
				acc = &adj
			default:
				continue
			}
			acc.jaccard += jaccard(a.text, b.text)
			if overlaps(a.needs, b.offers) {
				acc.meets++
			}
			if overlaps(b.needs, a.offers) {
				acc.meets++
			}
			acc.n++
		}
	}
	require.Positive(t, same.n)
	require.Positive(t, adj.n)
	sj, aj := same.jaccard/same.n, adj.jaccard/adj.n
	sm, am := same.meets/(2*same.n), adj.meets/(2*adj.n)
	t.Logf("text Jaccard: same stage %.3f, adjacent %.3f; needs meet offers: same stage %.3f, adjacent %.3f", sj, aj, sm, am)
	assert.Greater(t, sj, 2*aj, "same-stage text must be much more similar than adjacent-stage text")
	assert.Greater(t, am, sm+0.2, "needs must meet adjacent stages' offers more often than same-stage offers")
}

var stopWords = map[string]bool{"and": true, "the": true, "for": true, "our": true, "with": true, "from": true, "into": true, "that": true, "new": true, "its": true}

// tokens returns the crudely stemmed lower-case words of s of at least 3
// letters, without stop words.
func tokens(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 3 || stopWords[w] {
			continue
		}
		for _, suf := range []string{"ing", "ers", "er", "ed", "es", "s"} {
			if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
				w = w[:len(w)-len(suf)]
				break
			}
		}
		m[w] = true
	}
	return m
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	if union := len(a) + len(b) - inter; union > 0 {
		return float64(inter) / float64(union)
	}
	return 0
}

func overlaps(a, b map[string]bool) bool {
	for w := range a {
		if b[w] {
			return true
		}
	}
	return false
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1000, 100_000} {
		b.Run(fmt.Sprintf("profiles=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := synth.Generate(synth.Config{Seed: 1, Profiles: n}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "profiles/s")
		})
	}
}

func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		if _, err := synth.Default(); err != nil {
			b.Fatal(err)
		}
	}
}
