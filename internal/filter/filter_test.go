package filter_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/internal/filter"
	"github.com/clustergo/partnermatch/profile"
)

// TestNACEID checks that every code a filter or a profile can hold, in
// every well-shaped group and class of every division, has its own id.
func TestNACEID(t *testing.T) {
	seen := map[uint16]string{}
	add := func(code string) {
		c, err := profile.CanonicalNACE(code)
		require.NoError(t, err, code)
		require.Equal(t, code, c, "canonical")
		id := filter.NACEID(c)
		if prev, ok := seen[id]; ok {
			t.Fatalf("filter.NACEID(%s) = filter.NACEID(%s) = %d", c, prev, id)
		}
		seen[id] = c
	}
	for _, s := range profile.NACESections() {
		add(s.Code)
	}
	for _, d := range profile.NACEDivisions() {
		add(d.Code)
		for g := range 10 {
			add(fmt.Sprintf("%s.%d", d.Code, g))
			for c := range 10 {
				add(fmt.Sprintf("%s.%d%d", d.Code, g, c))
			}
		}
	}
	assert.Greater(t, len(seen), 9000)
}

// TestCompileErrors checks that every invalid value is an *Error naming
// its field and the value.
func TestCompileErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		v      filter.Values
		field  string
		value  string
		reason string
	}{
		{"country", filter.Values{Countries: []string{"XX"}}, "Countries", "XX", "unknown value"},
		{"excluded", filter.Values{ExcludeCountries: []string{"DE", "Atlantis"}}, "ExcludeCountries", "Atlantis", "unknown value"},
		{"market", filter.Values{Markets: []string{"ZZ"}}, "Markets", "ZZ", "unknown value"},
		{"kind", filter.Values{Kinds: []string{"guild"}}, "Kinds", "guild", "unknown value"},
		{"label", filter.Values{Labels: []string{"platinum"}}, "Labels", "platinum", "unknown value"},
		{"industry", filter.Values{Industries: []string{"alchemy"}}, "Industries", "alchemy", "unknown value"},
		{"ecosystem", filter.Values{Ecosystems: []string{"moon"}}, "Ecosystems", "moon", "unknown value"},
		{"category", filter.Values{Categories: []string{"nope"}}, "Categories", "nope", "unknown value"},
		{"sector", filter.Values{Sectors: []string{"C99.9x"}}, "Sectors", "C99.9x", "unknown value"},
		{"range", filter.Values{Members: filter.Range{Min: 5, Max: 2}}, "Members", "{Min:5 Max:2}", "bad range"},
		{"negative", filter.Values{Founded: filter.Range{Min: -1}}, "Founded", "{Min:-1 Max:0}", "bad range"},
		{"rules", filter.Values{Rules: profile.RuleSet{MemberCountries: []string{"XX"}}}, "Rules", "", "invalid"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := filter.Compile(&tt.v)
			var fe *filter.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Equal(t, tt.value, fe.Value)
			assert.Equal(t, tt.reason, fe.Reason)
			assert.Equal(t, tt.field == "Rules", fe.Err != nil, "a cause only for rules")
		})
	}
}

// TestPass checks Pass on the attributes Of makes, field by field.
func TestPass(t *testing.T) {
	p := &profile.Profile{
		ID: "a", Country: "DE", Kind: profile.Kinds()[0], Label: profile.LabelGold,
		Industries: []string{profile.IndustryTerms()[0].Slug}, Ecosystems: []string{profile.EcosystemTerms()[0].Slug},
		Categories: []string{profile.CategoryTerms()[0].Slug}, TargetMarkets: []string{"US"},
		Sectors: []string{"C27.20"}, Members: 40, SMEs: 30, Founded: 2001,
	}
	for _, tt := range []struct {
		name string
		v    filter.Values
		want bool
	}{
		{"nothing", filter.Values{}, true},
		{"country", filter.Values{Countries: []string{"de"}}, true},
		{"other country", filter.Values{Countries: []string{"FR"}}, false},
		{"excluded", filter.Values{ExcludeCountries: []string{"DE"}}, false},
		{"restricted minus excluded", filter.Values{Countries: []string{"DE"}, ExcludeCountries: []string{"DE"}}, false},
		{"kind", filter.Values{Kinds: []string{profile.Kinds()[0]}}, true},
		{"other kind", filter.Values{Kinds: []string{profile.Kinds()[1]}}, false},
		{"label", filter.Values{Labels: []string{"gold"}}, true},
		{"other label", filter.Values{Labels: []string{"bronze"}}, false},
		{"industry", filter.Values{Industries: []string{profile.IndustryTerms()[0].Slug}}, true},
		{"other industry", filter.Values{Industries: []string{profile.IndustryTerms()[1].Slug}}, false},
		{"ecosystem", filter.Values{Ecosystems: []string{profile.EcosystemTerms()[1].Slug}}, false},
		{"category", filter.Values{Categories: []string{profile.CategoryTerms()[0].Slug}}, true},
		{"market", filter.Values{Markets: []string{"US"}}, true},
		{"other market", filter.Values{Markets: []string{"JP"}}, false},
		{"section", filter.Values{Sectors: []string{"C"}}, true},
		{"division", filter.Values{Sectors: []string{"C27"}}, true},
		{"other division", filter.Values{Sectors: []string{"C28"}}, false},
		{"members", filter.Values{Members: filter.Range{Min: 40, Max: 40}}, true},
		{"members above", filter.Values{Members: filter.Range{Min: 41}}, false},
		{"founded", filter.Values{Founded: filter.Range{Max: 2000}}, false},
		{"rules", filter.Values{Rules: profile.RuleSet{MemberCountries: []string{"FR"}}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := filter.Compile(&tt.v)
			require.NoError(t, err)
			assert.Equal(t, tt.want, s.Matcher()(p))
			a := s.Of(p, nil)
			assert.Equal(t, tt.want, s.Pass(&a))
		})
	}
}
