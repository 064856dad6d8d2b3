package themes

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

func TestGenerateBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"negative profiles", Config{Profiles: -1}},
		{"too many profiles", Config{Profiles: MaxProfiles + 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Generate(tc.cfg)
			require.Error(t, err)
			assert.Nil(t, w)
			assert.True(t, errors.Is(err, ErrConfig), "%v", err)
			assert.Contains(t, err.Error(), "Profiles")
			assert.Contains(t, err.Error(), fmt.Sprint(tc.cfg.Profiles))
		})
	}
}

func TestGenerateDefaults(t *testing.T) {
	w := world(t, Config{})
	assert.Equal(t, Config{Profiles: DefaultProfiles}, w.Config)
	assert.Len(t, w.Profiles, DefaultProfiles)
	assert.Nil(t, w.History)
}

func TestGenerateSizes(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10, 99_999, 100_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			if n > 10_000 && testing.Short() {
				t.Skip("large world")
			}
			w, err := Generate(Config{Seed: 3, Profiles: n, History: true})
			require.NoError(t, err)
			require.Len(t, w.Profiles, n)
			assert.Len(t, w.Themes, n)
			assert.Len(t, w.Stages, n)
			width := max(5, len(fmt.Sprint(n)))
			assert.Equal(t, fmt.Sprintf("synth-th-%0*d", width, n), w.Profiles[n-1].ID)
			assert.True(t, slices.IsSortedFunc(w.Profiles, func(a, b profile.Profile) int { return strings.Compare(a.ID, b.ID) }))
		})
	}
}

func TestGenerateDeterministic(t *testing.T) {
	for _, cfg := range []Config{{Seed: 1, Profiles: 500}, {Seed: 42, Profiles: 2000, History: true}} {
		a, err := Generate(cfg)
		require.NoError(t, err)
		b, err := Generate(cfg)
		require.NoError(t, err)
		assert.True(t, reflect.DeepEqual(a, b), "%+v: two worlds differ", cfg)

		other := cfg
		other.Seed++
		c, err := Generate(other)
		require.NoError(t, err)
		assert.NotEqual(t, a.Profiles, c.Profiles)
		assert.NotEqual(t, a.Partnerships, c.Partnerships)
	}
}

// History only adds Partnerships: the streams of the profiles and of the
// plan do not see it.
func TestHistoryChangesOnlyPartnerships(t *testing.T) {
	with := world(t, Config{Seed: 1, Profiles: 1000, History: true})
	without := world(t, Config{Seed: 1, Profiles: 1000})
	assert.Equal(t, without.Partnerships, with.Partnerships)
	assert.Equal(t, without.Themes, with.Themes)
	assert.Equal(t, without.Stages, with.Stages)
	for i := range with.Profiles {
		p := with.Profiles[i].Clone()
		p.Partnerships = nil
		require.Equal(t, without.Profiles[i], p)
	}
}

var idPattern = regexp.MustCompile(`^synth-th-\d{5,}$`)

func TestProfilesValidAndNormalised(t *testing.T) {
	for _, cfg := range testConfigs {
		w := world(t, cfg)
		seen := map[string]bool{}
		for _, p := range w.Profiles {
			require.NoError(t, p.Validate(), "%s", p.ID)
			q := p.Clone()
			q.Normalize()
			require.Equal(t, p, q, "%s: Normalize changed the profile", p.ID)
			assert.Regexp(t, idPattern, p.ID)
			assert.False(t, seen[p.ID], "duplicate id %s", p.ID)
			seen[p.ID] = true
			assert.Contains(t, p.Name, "Synthetic")
			assert.Equal(t, "en", p.Language)
			assert.NotEmpty(t, p.Description)
			assert.NotEmpty(t, p.Sectors)
			assert.NotEmpty(t, p.Technologies)
			require.NotEmpty(t, w.Themes[p.ID], p.ID)
			require.NotEmpty(t, w.Stages[p.ID], p.ID)
		}
	}
}

// The mix of kinds and countries: mostly clusters, every EU member state,
// the COSME countries, a few percent ineligible.
func TestProfileMix(t *testing.T) {
	w := world(t, Config{Seed: 7, Profiles: 5000, History: true})
	kinds := map[string]int{}
	countries := map[string]int{}
	ineligible := 0
	rules := profile.ESCP4i()
	for _, p := range w.Profiles {
		kinds[p.Kind]++
		countries[p.Country]++
		if !rules.EligibleMember(p.Country) {
			ineligible++
		}
		if p.Members > 0 {
			assert.LessOrEqual(t, p.SMEs, p.Members)
		}
	}
	n := float64(len(w.Profiles))
	assert.Greater(t, float64(kinds[profile.KindCluster])/n, 0.5)
	for _, k := range []string{profile.KindNetwork, profile.KindResearch, profile.KindUniversity, profile.KindCompany} {
		assert.Positive(t, kinds[k], k)
	}
	for _, c := range profile.CountriesIn(profile.GroupEU) {
		assert.Positive(t, countries[c], "EU country %s missing", c)
	}
	cosme := 0
	for _, c := range profile.CountriesIn(profile.GroupCOSME) {
		cosme += min(countries[c], 1)
	}
	assert.GreaterOrEqual(t, cosme, 8, "COSME countries covered")
	assert.InDelta(t, 0.03, float64(ineligible)/n, 0.012)
	assert.Greater(t, countries["DE"], countries["SE"])
	assert.Greater(t, countries["FR"], countries["LT"])
}

func BenchmarkGenerate10k(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(Config{Seed: uint64(b.N), Profiles: 10_000, History: true}); err != nil {
			b.Fatal(err)
		}
	}
}
