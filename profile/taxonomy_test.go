package profile_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

func TestTaxonomyCounts(t *testing.T) {
	// The sizes of the published classifications; see data/SOURCES.md.
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"NACESections", len(profile.NACESections()), 21},
		{"NACEDivisions", len(profile.NACEDivisions()), 88},
		{"IndustryTerms", len(profile.IndustryTerms()), 10},
		{"EcosystemTerms", len(profile.EcosystemTerms()), 14},
		{"CategoryTerms", len(profile.CategoryTerms()), 51},
		{"EU member states (2017, without the UK)", len(profile.CountriesIn(profile.GroupEU)), 27},
		{"EEA EFTA (IS, LI, NO)", len(profile.CountriesIn(profile.GroupEEAEFTA)), 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got, "number of %s", tt.name)
	}
}

func TestTermsWellFormed(t *testing.T) {
	for _, set := range []struct {
		name  string
		terms []profile.Term
	}{
		{"industries", profile.IndustryTerms()},
		{"ecosystems", profile.EcosystemTerms()},
		{"categories", profile.CategoryTerms()},
	} {
		seen := map[string]bool{}
		for _, term := range set.terms {
			assert.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)*$`, term.Slug, "slug of %s term %q", set.name, term.Name)
			assert.NotEmpty(t, term.Name, "name of %s term %q", set.name, term.Slug)
			assert.False(t, seen[term.Slug], "%s slug %q repeated", set.name, term.Slug)
			seen[term.Slug] = true
		}
	}
	for _, n := range profile.NACEDivisions() {
		assert.Regexp(t, `^[A-U][0-9]{2}$`, n.Code, "NACE division %q", n.Code)
		assert.Equal(t, n.Code[:1], n.Section, "section of NACE division %q", n.Code)
		assert.NotEmpty(t, n.Title, "title of NACE division %q", n.Code)
	}
}

func TestTermsAreCopies(t *testing.T) {
	ts := profile.CategoryTerms()
	ts[0].Slug = "changed"
	assert.NotEqual(t, "changed", profile.CategoryTerms()[0].Slug, "CategoryTerms must return a copy")
	cs := profile.Countries()
	cs[0].Code = "changed"
	assert.NotEqual(t, "changed", profile.Countries()[0].Code, "Countries must return a copy")
}

func TestLookupCountry(t *testing.T) {
	tests := []struct {
		in         string
		code, eu   string
		alpha3     string
		ok         bool
		eligibleEU bool
	}{
		{"DE", "DE", "DE", "DEU", true, true},
		{" de ", "DE", "DE", "DEU", true, true},
		{"GR", "GR", "EL", "GRC", true, true},
		{"el", "GR", "EL", "GRC", true, true},
		{"GB", "GB", "UK", "GBR", true, false},
		{"UK", "GB", "UK", "GBR", true, false},
		{"UA", "UA", "UA", "UKR", true, false},
		{"XK", "XK", "XK", "XKX", true, false},
		{"US", "US", "US", "USA", true, false},
		{"ZZ", "", "", "", false, false},
		{"DEU", "", "", "", false, false},
		{"", "", "", "", false, false},
	}
	for _, tt := range tests {
		c, ok := profile.LookupCountry(tt.in)
		assert.Equal(t, tt.ok, ok, "LookupCountry(%q) ok", tt.in)
		assert.Equal(t, tt.code, c.Code, "LookupCountry(%q).Code", tt.in)
		assert.Equal(t, tt.eu, c.EUCode, "LookupCountry(%q).EUCode", tt.in)
		assert.Equal(t, tt.alpha3, c.Alpha3, "LookupCountry(%q).Alpha3", tt.in)
		assert.Equal(t, tt.eligibleEU, c.In(profile.GroupEU), "LookupCountry(%q).In(eu)", tt.in)
		code, ok := profile.CanonicalCountry(tt.in)
		assert.Equal(t, tt.code, code, "CanonicalCountry(%q)", tt.in)
		assert.Equal(t, tt.ok, ok, "CanonicalCountry(%q) ok", tt.in)
	}
}

func TestCountryGroups(t *testing.T) {
	tests := []struct {
		country string
		group   profile.Group
		want    bool
	}{
		{"DE", profile.GroupEU, true},
		{"GR", profile.GroupEU, true},
		{"GB", profile.GroupEU, false}, // the 2017 list excludes the UK
		{"RS", profile.GroupCOSME, true},
		{"TR", profile.GroupCOSME, true},
		{"UA", profile.GroupCOSME, true},
		{"XK", profile.GroupCOSME, true},
		{"CH", profile.GroupCOSME, false},
		{"NO", profile.GroupEEAEFTA, true},
		{"CH", profile.GroupEEAEFTA, false}, // EFTA but not EEA
		{"IL", profile.GroupENP, true},
		{"RS", profile.GroupCandidate, true},
	}
	for _, tt := range tests {
		in := slices.Contains(profile.CountriesIn(tt.group), tt.country)
		assert.Equal(t, tt.want, in, "%s in CountriesIn(%s)", tt.country, tt.group)
	}
	eu := profile.CountriesIn(profile.GroupEU)
	assert.True(t, slices.IsSorted(eu), "CountriesIn(eu) sorted: %v", eu)
	assert.Len(t, profile.Groups(), 5, "Groups()")
}

func TestCountriesWellFormed(t *testing.T) {
	cs := profile.Countries()
	require.NotEmpty(t, cs, "Countries()")
	codes := make([]string, len(cs))
	for i, c := range cs {
		codes[i] = c.Code
		assert.NotEmpty(t, c.Name, "name of country %q", c.Code)
		got, ok := profile.LookupCountry(c.Code)
		assert.True(t, ok, "LookupCountry(%q) of a listed country", c.Code)
		assert.Equal(t, c.Code, got.Code, "LookupCountry(%q).Code", c.Code)
	}
	assert.True(t, slices.IsSorted(codes), "Countries() sorted by code")
}

func TestLookupNACE(t *testing.T) {
	tests := []struct {
		code, want, section string
		ok                  bool
	}{
		{"C", "C", "C", true},
		{"C27", "C27", "C", true},
		{"C27.20", "C27", "C", true},
		{"J62.01", "J62", "J", true},
		{"C99", "", "", false},
		{"27", "", "", false}, // LookupNACE wants canonical codes
	}
	for _, tt := range tests {
		n, ok := profile.LookupNACE(tt.code)
		assert.Equal(t, tt.ok, ok, "LookupNACE(%q) ok", tt.code)
		assert.Equal(t, tt.want, n.Code, "LookupNACE(%q).Code", tt.code)
		assert.Equal(t, tt.section, n.Section, "LookupNACE(%q).Section", tt.code)
	}
}

func TestKnownLanguage(t *testing.T) {
	for _, tt := range []struct {
		code string
		want bool
	}{{"en", true}, {"el", true}, {"de", true}, {"EN", false}, {"xx", false}, {"eng", false}, {"", false}} {
		assert.Equal(t, tt.want, profile.KnownLanguage(tt.code), "KnownLanguage(%q)", tt.code)
	}
}

func TestKinds(t *testing.T) {
	assert.Equal(t, []string{"cluster", "network", "company", "research", "university", "public", "other"},
		profile.Kinds(), "Kinds()")
}
