package index_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
)

// filterTests covers every filter; want is computed from the fixture by
// keep, so that the expectation states the filter's meaning.
var filterTests = []struct {
	name string
	f    index.Filters
	keep func(p profile.Profile) bool
}{
	{"none", index.Filters{}, func(profile.Profile) bool { return true }},
	{"countries, any case", index.Filters{Countries: []string{"de", "FR"}},
		func(p profile.Profile) bool { return p.Country == "DE" || p.Country == "FR" }},
	{"exclude countries", index.Filters{ExcludeCountries: []string{"RS"}},
		func(p profile.Profile) bool { return p.Country != "RS" }},
	{"countries minus excluded", index.Filters{Countries: []string{"RS", "DE"}, ExcludeCountries: []string{"RS"}},
		func(p profile.Profile) bool { return p.Country == "DE" }},
	{"kinds", index.Filters{Kinds: []string{"network", "University"}},
		func(p profile.Profile) bool { return p.Kind == "network" || p.Kind == "university" }},
	{"sector division finds classes", index.Filters{Sectors: []string{"C27"}},
		func(p profile.Profile) bool { return p.ID == "ie-battery" }},
	{"sector section", index.Filters{Sectors: []string{"E"}},
		func(p profile.Profile) bool { return p.Sectors[0][0] == 'E' }},
	{"sector group and class spellings", index.Filters{Sectors: []string{"C27.2", "26.70"}},
		func(p profile.Profile) bool { return p.ID == "ie-battery" || p.ID == "de-lidar" }},
	{"sector without match", index.Filters{Sectors: []string{"A01"}}, func(profile.Profile) bool { return false }},
	{"industries", index.Filters{Industries: []string{"medical-devices", "blue-growth"}},
		func(p profile.Profile) bool { return p.ID == "ch-medtech" || p.ID == "hr-maritime" }},
	{"ecosystems", index.Filters{Ecosystems: []string{"digital"}},
		func(p profile.Profile) bool { return p.ID == "rs-lat" }},
	{"categories", index.Filters{Categories: []string{"automotive"}},
		func(p profile.Profile) bool { return slices.Contains(p.Categories, "automotive") }},
	{"markets", index.Filters{Markets: []string{"JP", "ca"}},
		func(p profile.Profile) bool {
			return slices.Contains(p.TargetMarkets, "JP") || slices.Contains(p.TargetMarkets, "CA")
		}},
	{"labels", index.Filters{Labels: []string{"gold"}},
		func(p profile.Profile) bool { return p.Label == "gold" }},
	{"rules", index.Filters{Rules: profile.ESCP4i()},
		func(p profile.Profile) bool { return profile.ESCP4i().EligibleMember(p.Country) }},
	{"rules and countries", index.Filters{Rules: profile.ESCP4i(), Countries: []string{"CH", "DE"}},
		func(p profile.Profile) bool { return p.Country == "DE" }},
	{"rules, nothing left", index.Filters{Rules: profile.ESCP4i(), Countries: []string{"CH"}},
		func(profile.Profile) bool { return false }},
	{"members", index.Filters{Members: index.Range{Min: 100}},
		func(p profile.Profile) bool { return p.Members >= 100 }},
	{"members up to, unknown excluded", index.Filters{Members: index.Range{Max: 30}},
		func(p profile.Profile) bool { return p.Members > 0 && p.Members <= 30 }},
	{"smes", index.Filters{SMEs: index.Range{Min: 20, Max: 50}},
		func(p profile.Profile) bool { return p.SMEs >= 20 && p.SMEs <= 50 }},
	{"founded", index.Filters{Founded: index.Range{Min: 2015}},
		func(p profile.Profile) bool { return p.Founded >= 2015 }},
	{"several filters", index.Filters{Countries: []string{"IE", "FR", "CH"}, Labels: []string{"gold"}, Markets: []string{"JP"},
		Kinds: []string{"cluster"}, Rules: profile.ESCP4i()},
		func(p profile.Profile) bool { return p.ID == "ie-battery" }},
}

func TestSearchFilters(t *testing.T) {
	x := openFixture(t, "")
	for _, tt := range filterTests {
		t.Run(tt.name, func(t *testing.T) {
			want := fixtureIDs(tt.keep)
			got := searchIDs(t, x, index.SearchRequest{Filters: tt.f})
			assert.Equal(t, want, got, "Search(Filters: %+v)", tt.f)

			keep, err := tt.f.Matcher()
			require.NoError(t, err, "Matcher(%+v)", tt.f)
			var matched []string
			for _, p := range fixture() {
				p, err := profile.Clean(p)
				require.NoError(t, err)
				if keep(&p) {
					matched = append(matched, p.ID)
				}
			}
			slices.Sort(matched)
			assert.Equal(t, want, matched, "Filters(%+v).Matcher agrees with Search", tt.f)
		})
	}
}

func TestSearchBadRequests(t *testing.T) {
	x := openFixture(t, "")
	tests := []struct {
		name string
		req  index.SearchRequest
	}{
		{"unknown country", index.SearchRequest{Filters: index.Filters{Countries: []string{"ZZ"}}}},
		{"unknown excluded country", index.SearchRequest{Filters: index.Filters{ExcludeCountries: []string{"XX"}}}},
		{"unknown market", index.SearchRequest{Filters: index.Filters{Markets: []string{"Mars"}}}},
		{"unknown kind", index.SearchRequest{Filters: index.Filters{Kinds: []string{"guild"}}}},
		{"unknown label", index.SearchRequest{Filters: index.Filters{Labels: []string{"platinum"}}}},
		{"empty label", index.SearchRequest{Filters: index.Filters{Labels: []string{""}}}},
		{"unknown industry", index.SearchRequest{Filters: index.Filters{Industries: []string{"spice"}}}},
		{"unknown ecosystem", index.SearchRequest{Filters: index.Filters{Ecosystems: []string{"spice"}}}},
		{"unknown category", index.SearchRequest{Filters: index.Filters{Categories: []string{"spice"}}}},
		{"bad sector", index.SearchRequest{Filters: index.Filters{Sectors: []string{"C99"}}}},
		{"bad rules", index.SearchRequest{Filters: index.Filters{Rules: profile.RuleSet{MemberGroups: []profile.Group{"mars"}}}}},
		{"inverted range", index.SearchRequest{Filters: index.Filters{Founded: index.Range{Min: 2020, Max: 2000}}}},
		{"negative range", index.SearchRequest{Filters: index.Filters{Members: index.Range{Min: -1}}}},
		{"negative size", index.SearchRequest{Size: -1}},
		{"negative from", index.SearchRequest{From: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := x.Search(context.Background(), tt.req)
			assert.ErrorIs(t, err, index.ErrInvalidQuery, "Search(%+v)", tt.req)
			p := fixture()[0]
			_, err = x.Candidates(context.Background(), &p, index.CandidateOptions{Filters: tt.req.Filters, N: min(tt.req.Size, 0)})
			if tt.req.Size == 0 && tt.req.From == 0 {
				assert.ErrorIs(t, err, index.ErrInvalidQuery, "Candidates(Filters: %+v)", tt.req.Filters)
			}
		})
	}
}

func TestSearchLanguages(t *testing.T) {
	x := openFixture(t, "")
	tests := []struct {
		name, lang, query string
		want              string // an id among the hits
	}{
		{"English stemming", "en", "batteries", "ie-battery"},
		{"English, default language", "", "battery", "ie-battery"},
		{"German compound stem", "de", "Batteriezelle", "de-lidar"},
		{"French stemming", "fr", "batterie", "fr-quebec"},
		{"Italian stemming", "it", "imballaggio", "it-food"},
		{"Spanish accents and stemming", "es", "bateria", "es-solar"},
		{"Polish stemming", "pl", "bateria", "pl-rail"},
		{"Serbian Latin query, Cyrillic profile", "sr", "Beograd", "rs-cyr"},
		{"Serbian Cyrillic query, Cyrillic profile", "sr", "рециклажа", "rs-cyr"},
		{"Serbian Cyrillic query, Latin profile", "sr", "Нови Сад", "rs-lat"},
		{"Serbian case forms", "sr", "Novi Sad", "rs-lat"},
		{"Croatian stemming", "hr", "baterije", "hr-maritime"},
		{"Czech folding", "cs", "baterii", "cz-glass"},
		{"Slovenian via Croatian", "sl", "čistilne", "si-water"},
		{"Slovenian folding", "sl", "cistilna", "si-water"},
		{"folding, French query", "fr", "Quebec", "fr-quebec"},
		{"folding, default language", "", "QUEBEC", "fr-quebec"},
		{"folding, accented query", "en", "Québec", "fr-quebec"},
		{"unknown language, plain analysis", "xx", "Sklo", "cz-glass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := searchIDs(t, x, index.SearchRequest{Query: tt.query, Lang: tt.lang})
			assert.Contains(t, got, tt.want, "Search(%q, Lang %q)", tt.query, tt.lang)
		})
	}
}

func TestSearchRanksAndPages(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	res, err := x.Search(ctx, index.SearchRequest{Query: "lidar sensors", Lang: "en", Size: 3})
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits, "hits for lidar sensors")
	assert.LessOrEqual(t, len(res.Hits), 3, "Size caps the hits")
	for i := 1; i < len(res.Hits); i++ {
		assert.GreaterOrEqual(t, res.Hits[i-1].Score, res.Hits[i].Score, "hits are ordered by score")
	}
	top := res.Hits[0]
	assert.NotEmpty(t, top.Fields, "the top hit says which fields matched")
	assert.Equal(t, top.ID, top.Profile.ID, "the hit carries its profile")

	byID := map[string]index.Hit{}
	for _, h := range mustSearch(t, x, index.SearchRequest{Query: "lidar", Lang: "en", Size: 50}).Hits {
		byID[h.ID] = h
	}
	assert.Equal(t, []string{"description", "technologies", "offers"}, byID["de-lidar"].Fields,
		"fields of de-lidar that hold lidar")
	assert.Equal(t, []string{"needs"}, byID["ie-battery"].Fields, "ie-battery needs lidar")

	all := mustSearch(t, x, index.SearchRequest{Size: 100})
	assert.Equal(t, len(fixture()), all.Total, "Total of an empty query")
	assert.Equal(t, fixtureIDs(func(profile.Profile) bool { return true }), hitIDs(all.Hits), "empty query lists by id")
	var paged []string
	for from := 0; from < len(fixture()); from += 5 {
		paged = append(paged, hitIDs(mustSearch(t, x, index.SearchRequest{Size: 5, From: from}).Hits)...)
	}
	assert.Equal(t, hitIDs(all.Hits), paged, "pages of 5 cover the list")
	assert.Empty(t, mustSearch(t, x, index.SearchRequest{Query: "the and of", Lang: "en"}).Hits, "stop words only")

	filtered := mustSearch(t, x, index.SearchRequest{Query: "lidar batteries", Lang: "en",
		Filters: index.Filters{Countries: []string{"CH", "IE"}}})
	assert.Equal(t, 2, filtered.Total, "Total of a filtered text search")
	assert.ElementsMatch(t, []string{"ch-medtech", "ie-battery"}, hitIDs(filtered.Hits), "filtered text search")
	for _, h := range filtered.Hits {
		assert.Positive(t, h.Score, "%s is scored by its text", h.ID)
	}
}

func TestSearchFacets(t *testing.T) {
	x := openFixture(t, "")
	res := mustSearch(t, x, index.SearchRequest{Facets: true, Filters: index.Filters{ExcludeCountries: []string{"CH"}}})
	require.NotNil(t, res.Facets, "Facets requested")
	countries, divisions, industries, markets := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, p := range fixture() {
		if p.Country == "CH" {
			continue
		}
		countries[p.Country]++
		divisions[p.Sectors[0][:3]]++ // one sector each
		for _, i := range p.Industries {
			industries[i]++
		}
		for _, m := range p.TargetMarkets {
			markets[m]++
		}
	}
	tests := []struct {
		name string
		got  []index.FacetCount
		want map[string]int
	}{
		{"countries", res.Facets.Countries, countries},
		{"divisions", res.Facets.Divisions, divisions},
		{"industries", res.Facets.Industries, industries},
		{"markets", res.Facets.Markets, markets},
	}
	for _, tt := range tests {
		got := map[string]int{}
		for i, fc := range tt.got {
			got[fc.Value] = fc.Count
			if i > 0 {
				prev := tt.got[i-1]
				assert.True(t, prev.Count > fc.Count || prev.Count == fc.Count && prev.Value < fc.Value,
					"facet %s ordered by count, then value: %v before %v", tt.name, prev, fc)
			}
		}
		assert.Equal(t, tt.want, got, "facet %s", tt.name)
	}
	assert.Nil(t, mustSearch(t, x, index.SearchRequest{}).Facets, "no facets unless asked")
}

func mustSearch(t *testing.T, x *index.Index, req index.SearchRequest) *index.SearchResult {
	t.Helper()
	res, err := x.Search(context.Background(), req)
	require.NoError(t, err, "Search(%+v)", req)
	return res
}

func hitIDs(hs []index.Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}
