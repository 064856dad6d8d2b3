package themes

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

// The literal vocabulary parses and every code in it is one the profile
// package accepts, so that generated profiles are valid by construction.
func TestVocabulary(t *testing.T) {
	v, err := parseVocabulary(chainData, themeData)
	require.NoError(t, err)
	require.Len(t, v.chains, 8)
	check := func(what string, p profile.Profile) {
		t.Helper()
		p.ID, p.Name, p.Country = "x", "x", "DE"
		assert.NoError(t, p.Validate(), what)
	}
	stageKeys := map[string]bool{}
	for _, c := range v.chains {
		assert.GreaterOrEqual(t, len(c.stages), 3, c.key)
		assert.LessOrEqual(t, len(c.stages), 5, c.key)
		for _, si := range c.stages {
			s := &v.stages[si]
			assert.False(t, stageKeys[s.key], "duplicate stage %s", s.key)
			stageKeys[s.key] = true
			require.NotEmpty(t, s.sectors, s.key)
			for _, code := range s.sectors {
				canon, err := profile.CanonicalNACE(code)
				assert.NoError(t, err, "%s: %s", s.key, code)
				assert.Equal(t, canon, code, "%s: NACE codes are written canonically", s.key)
				assert.Len(t, code, 6, "%s: %s is a NACE class", s.key, code)
			}
			check(s.key, profile.Profile{Sectors: s.sectors, Categories: s.categories, Industries: s.industries, Ecosystems: s.ecosystems})
			assert.NotEmpty(t, s.name, s.key)
			assert.NotEmpty(t, s.short, s.key)
			assert.NotEmpty(t, s.role, s.key)
			assert.NotEmpty(t, s.techs, s.key)
			assert.GreaterOrEqual(t, len(s.themedCaps), 2, s.key)
			assert.GreaterOrEqual(t, unthemed(s), 0, s.key)
			for _, cp := range s.caps {
				for _, o := range cp.offers {
					for _, n := range cp.needs {
						assert.NotEqual(t, o, n, "%s: need phrased as the offer", s.key)
					}
				}
			}
		}
	}
	own := make([]int, len(v.chains))
	bridging := 0
	themeKeys := map[string]bool{}
	for _, th := range v.themes {
		assert.False(t, themeKeys[th.key], "duplicate theme %s", th.key)
		themeKeys[th.key] = true
		assert.GreaterOrEqual(t, len(th.terms), 5, th.key)
		assert.LessOrEqual(t, len(th.terms), 10, th.key)
		assert.NotEmpty(t, th.short, th.key)
		for _, tm := range th.terms {
			assert.NotEqual(t, tm.name, tm.alt, "%s: %q has no second wording", th.key, tm.name)
			assert.NotContains(t, tm.name+tm.alt, "%", th.key)
		}
		check(th.key, profile.Profile{Sectors: th.sectors, Industries: th.industries, Ecosystems: th.ecosystems})
		switch len(th.chains) {
		case 1:
			own[th.chains[0]]++
		case 2:
			bridging++
			assert.NotEqual(t, th.chains[0], th.chains[1], th.key)
		default:
			t.Errorf("%s: %d chains", th.key, len(th.chains))
		}
	}
	for ci, n := range own {
		assert.GreaterOrEqual(t, n+countBridges(v, ci), 3, v.chains[ci].key)
		assert.LessOrEqual(t, n, 5, v.chains[ci].key)
	}
	assert.GreaterOrEqual(t, bridging, 5)
}

func countBridges(v *vocabulary, ci int) int {
	n := 0
	for _, th := range v.themes {
		if len(th.chains) == 2 && (th.chains[0] == ci || th.chains[1] == ci) {
			n++
		}
	}
	return n
}

func TestGeography(t *testing.T) {
	rules := profile.ESCP4i()
	seen := map[string]bool{}
	for _, c := range countryTable {
		assert.False(t, seen[c.code], "duplicate %s", c.code)
		seen[c.code] = true
		require.NotEmpty(t, c.places, c.code)
		for _, pl := range c.places {
			p := profile.Profile{ID: "x", Name: "x", Country: c.code, Region: pl.region, City: pl.city}
			assert.NoError(t, p.Validate(), "%s %s", c.code, pl.city)
			assert.NotEmpty(t, pl.name)
		}
	}
	ineligible := 0
	for _, c := range countryTable {
		if !rules.EligibleMember(c.code) {
			ineligible++
		}
	}
	assert.Equal(t, 3, ineligible)
	for _, m := range marketTable {
		assert.True(t, rules.EligibleMarket(m.code), m.code)
		assert.False(t, rules.EligibleMember(m.code), m.code)
		assert.NotEmpty(t, geo().names[m.code])
		assert.False(t, strings.HasPrefix(geo().names[m.code], "The"), m.code)
	}
}
