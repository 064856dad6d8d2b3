package profile_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

func TestESCP4iMembers(t *testing.T) {
	r := profile.ESCP4i()
	tests := []struct {
		country string
		want    bool
	}{
		{"DE", true},  // EU
		{"el", true},  // EU, by its EU code
		{"GR", true},  // EU
		{"RS", true},  // COSME participant
		{"TR", true},  // COSME participant
		{"XK", true},  // COSME participant
		{"CH", false}, // neither EU nor COSME
		{"GB", false}, // not EU in the 2017 list
		{"NO", false}, // EEA EFTA, not COSME in the 2018 list
		{"US", false},
		{"ZZ", false}, // unknown
		{"", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, r.EligibleMember(tt.country), "ESCP4i().EligibleMember(%q)", tt.country)
		err := r.CheckMember(&profile.Profile{ID: "x", Country: tt.country})
		if tt.want {
			assert.NoError(t, err, "ESCP4i().CheckMember(country %q)", tt.country)
			continue
		}
		assert.ErrorIs(t, err, profile.ErrIneligible, "ESCP4i().CheckMember(country %q)", tt.country)
		var re *profile.RuleError
		if assert.ErrorAs(t, err, &re, "ESCP4i().CheckMember(country %q)", tt.country) {
			assert.Equal(t, "member_country", re.Rule, "rule broken by country %q", tt.country)
			assert.Equal(t, "escp4i", re.Rules, "rule set named by country %q", tt.country)
		}
	}
}

func TestESCP4iMarkets(t *testing.T) {
	r := profile.ESCP4i()
	tests := []struct {
		country string
		want    bool
	}{
		{"US", true},
		{"JP", true},
		{"cn", true},
		{"CH", true},  // outside EU and COSME, so a third country
		{"DE", false}, // members' own countries are not third countries
		{"RS", false}, // COSME
		{"EL", false},
		{"ZZ", false}, // unknown
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, r.EligibleMarket(tt.country), "ESCP4i().EligibleMarket(%q)", tt.country)
	}
	assert.True(t, profile.OpenRules().EligibleMarket("DE"), "OpenRules().EligibleMarket(DE)")
	assert.False(t, profile.OpenRules().EligibleMarket("ZZ"), "OpenRules().EligibleMarket(ZZ)")
	assert.True(t, profile.OpenRules().EligibleMember("ZZ"), "OpenRules().EligibleMember(ZZ): open means open")
}

// brokenRules returns the Rule of every *RuleError joined in err.
func brokenRules(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out []string
	for _, e := range errs {
		var re *profile.RuleError
		require.ErrorAs(t, e, &re, "every joined error is a *RuleError")
		out = append(out, re.Rule+":"+re.Value)
	}
	return out
}

func TestCheckConsortium(t *testing.T) {
	p := func(id, country string) *profile.Profile { return &profile.Profile{ID: id, Country: country} }
	capped := profile.RuleSet{Name: "capped", MaxPerCountry: 1, MinPartners: 2}
	tests := []struct {
		name    string
		rules   profile.RuleSet
		members []*profile.Profile
		markets []string
		want    []string // rule:value of each broken rule; nil means eligible
	}{
		{"eligible", profile.ESCP4i(), []*profile.Profile{p("a", "DE"), p("b", "FR"), p("c", "RS")}, []string{"US", "JP"}, nil},
		{"EL and GR are one country", profile.ESCP4i(), []*profile.Profile{p("a", "EL"), p("b", "GR"), p("c", "RS")}, []string{"US"},
			[]string{"min_countries:2"}},
		{"too few partners and countries", profile.ESCP4i(), []*profile.Profile{p("a", "DE"), p("b", "DE")}, []string{"US"},
			[]string{"min_partners:2", "min_countries:1"}},
		{"ineligible member", profile.ESCP4i(), []*profile.Profile{p("a", "DE"), p("b", "CH"), p("c", "FR")}, []string{"US"},
			[]string{"member_country:CH"}},
		{"market inside Europe", profile.ESCP4i(), []*profile.Profile{p("a", "DE"), p("b", "IT"), p("c", "FR")}, []string{"US", "DE"},
			[]string{"market:DE"}},
		{"no markets is fine", profile.ESCP4i(), []*profile.Profile{p("a", "DE"), p("b", "IT"), p("c", "FR")}, nil, nil},
		{"empty consortium", profile.ESCP4i(), nil, nil, []string{"min_partners:0", "min_countries:0"}},
		{"open allows anything", profile.OpenRules(), []*profile.Profile{p("a", "US")}, []string{"DE"}, nil},
		{"cap per country", capped, []*profile.Profile{p("a", "DE"), p("b", "DE"), p("c", "FR"), p("d", "FR"), p("e", "IT")}, nil,
			[]string{"max_per_country:DE", "max_per_country:FR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rules.CheckConsortium(tt.members, tt.markets)
			if tt.want == nil {
				assert.NoError(t, err, "%s.CheckConsortium(%s)", tt.rules.Name, tt.name)
				return
			}
			assert.ErrorIs(t, err, profile.ErrIneligible, "%s.CheckConsortium(%s)", tt.rules.Name, tt.name)
			assert.Equal(t, tt.want, brokenRules(t, err), "%s.CheckConsortium(%s)", tt.rules.Name, tt.name)
		})
	}
}

func TestCustomRuleSet(t *testing.T) {
	// A call open to the Nordic countries and Switzerland only.
	r := profile.RuleSet{
		Name:                "nordic",
		MemberGroups:        []profile.Group{profile.GroupEEAEFTA},
		MemberCountries:     []string{"CH", "SE", "DK", "FI"},
		MinCountries:        2,
		ThirdCountryMarkets: true,
	}
	require.NoError(t, r.Validate(), "Validate(%+v)", r)
	for _, tt := range []struct {
		country        string
		member, market bool
	}{
		{"NO", true, false},
		{"CH", true, false},
		{"SE", true, false},
		{"DE", false, true},
		{"US", false, true},
	} {
		assert.Equal(t, tt.member, r.EligibleMember(tt.country), "nordic.EligibleMember(%q)", tt.country)
		assert.Equal(t, tt.market, r.EligibleMarket(tt.country), "nordic.EligibleMarket(%q)", tt.country)
	}
	err := r.CheckConsortium([]*profile.Profile{{ID: "a", Country: "NO"}, {ID: "b", Country: "DE"}}, []string{"SE"})
	assert.Equal(t, []string{"member_country:DE", "market:SE"}, brokenRules(t, err), "nordic.CheckConsortium(NO+DE, SE)")

	var zero profile.RuleSet
	assert.True(t, zero.EligibleMember("US"), "the zero RuleSet allows every member")
	assert.NoError(t, zero.CheckConsortium(nil, []string{"US"}), "the zero RuleSet allows every consortium")
}

func TestRuleSetValidate(t *testing.T) {
	tests := []struct {
		name   string
		rules  profile.RuleSet
		fields []string
	}{
		{"escp4i", profile.ESCP4i(), nil},
		{"open", profile.OpenRules(), nil},
		{"no name", profile.RuleSet{}, []string{"name"}},
		{"bad name", profile.RuleSet{Name: "my rules"}, []string{"name"}},
		{"unknown group", profile.RuleSet{Name: "x", MemberGroups: []profile.Group{"eu", "efta"}}, []string{"member_groups[1]"}},
		{"country not canonical", profile.RuleSet{Name: "x", MemberCountries: []string{"DE", "de", "EL", "ZZ"}},
			[]string{"member_countries[1]", "member_countries[2]", "member_countries[3]"}},
		{"negative counts", profile.RuleSet{Name: "x", MinPartners: -1, MinCountries: -1, MaxPerCountry: -1},
			[]string{"min_partners", "min_countries", "max_per_country"}},
	}
	for _, tt := range tests {
		err := tt.rules.Validate()
		if tt.fields == nil {
			assert.NoError(t, err, "RuleSet.Validate(%s)", tt.name)
			continue
		}
		assert.ErrorIs(t, err, profile.ErrInvalid, "RuleSet.Validate(%s)", tt.name)
		assert.Equal(t, tt.fields, fieldNames(err), "RuleSet.Validate(%s)", tt.name)
	}
}

func TestDefaultRuleSets(t *testing.T) {
	sets := profile.DefaultRuleSets()
	require.Len(t, sets, 2, "DefaultRuleSets()")
	for name, r := range sets {
		assert.Equal(t, name, r.Name, "DefaultRuleSets()[%q].Name", name)
		assert.NoError(t, r.Validate(), "DefaultRuleSets()[%q].Validate()", name)
	}
	assert.Equal(t, profile.ESCP4i(), sets["escp4i"], "DefaultRuleSets()[escp4i]")

	// Each call returns fresh values: changing one must not change the next.
	sets["escp4i"].MemberGroups[0] = profile.GroupENP
	assert.Equal(t, profile.GroupEU, profile.DefaultRuleSets()["escp4i"].MemberGroups[0], "DefaultRuleSets returns copies")
}

func TestRuleErrorMessage(t *testing.T) {
	err := profile.ESCP4i().CheckMember(&profile.Profile{ID: "x", Country: "CH"})
	var re *profile.RuleError
	require.True(t, errors.As(err, &re), "CheckMember(CH) returns a *RuleError")
	assert.Equal(t, "CH", re.Value, "RuleError.Value for CH")
	assert.Contains(t, re.Error(), "profile: ", "RuleError messages carry the package prefix")
}
