package profile

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ErrIneligible is matched (with errors.Is) by every *RuleError.
var ErrIneligible = errors.New("profile: ineligible")

// A RuleError reports a broken eligibility rule.
type RuleError struct {
	Rules  string // the rule set's name
	Rule   string // which rule: member_country, min_partners, min_countries, max_per_country, market
	Value  string // the offending value (a country code, a count)
	Reason string
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("profile: rule set %q: %s %q: %s", e.Rules, e.Rule, e.Value, e.Reason)
}

// Is makes every RuleError match ErrIneligible.
func (e *RuleError) Is(target error) bool { return target == ErrIneligible }

// A RuleSet holds the eligibility rules of a call for partnerships. The zero
// value allows everything. A portal defines its own rule sets as values of
// this type and hands them to the engine by name.
type RuleSet struct {
	// Name identifies the rule set, as in a query's Rules field.
	Name string `json:"name"`
	// MemberGroups and MemberCountries list where members must be
	// established: a member is eligible if its country is in one of the
	// groups or in the list. Both empty means any country.
	MemberGroups    []Group  `json:"member_groups,omitempty"`
	MemberCountries []string `json:"member_countries,omitempty"`
	// MinPartners and MinCountries are the least number of members and of
	// distinct member countries of a consortium. Zero means no minimum.
	MinPartners  int `json:"min_partners,omitempty"`
	MinCountries int `json:"min_countries,omitempty"`
	// MaxPerCountry caps the members from one country. Zero means no cap.
	MaxPerCountry int `json:"max_per_country,omitempty"`
	// ThirdCountryMarkets requires target markets outside the countries
	// members may come from (MemberGroups and MemberCountries).
	ThirdCountryMarkets bool `json:"third_country_markets,omitempty"`
}

// ESCP4i returns the rule set of the COSME "Clusters Go International"
// strategic cluster partnerships (ESCP-4i): members established in EU
// member states or COSME participating countries, at least 3 partners from
// at least 3 countries, target markets in third countries (outside both
// groups).
func ESCP4i() RuleSet {
	return RuleSet{
		Name:                "escp4i",
		MemberGroups:        []Group{GroupEU, GroupCOSME},
		MinPartners:         3,
		MinCountries:        3,
		ThirdCountryMarkets: true,
	}
}

// OpenRules returns the rule set named "open" that allows everything.
func OpenRules() RuleSet { return RuleSet{Name: "open"} }

// DefaultRuleSets returns the built-in rule sets by name: escp4i and open.
func DefaultRuleSets() map[string]RuleSet {
	return map[string]RuleSet{"escp4i": ESCP4i(), "open": OpenRules()}
}

// restricted reports whether r limits member countries.
func (r RuleSet) restricted() bool {
	return len(r.MemberGroups) > 0 || len(r.MemberCountries) > 0
}

// EligibleMember reports whether an organisation established in country
// (any accepted spelling) may be a member.
func (r RuleSet) EligibleMember(country string) bool {
	c, ok := LookupCountry(country)
	if !r.restricted() {
		return true
	}
	if !ok {
		return false
	}
	if slices.Contains(r.MemberCountries, c.Code) {
		return true
	}
	for _, g := range r.MemberGroups {
		if c.In(g) {
			return true
		}
	}
	return false
}

// EligibleMarket reports whether country may be a target market.
func (r RuleSet) EligibleMarket(country string) bool {
	if _, ok := LookupCountry(country); !ok {
		return false
	}
	if !r.ThirdCountryMarkets || !r.restricted() {
		return true
	}
	return !r.EligibleMember(country)
}

// CheckMember returns a *RuleError if p may not be a member.
func (r RuleSet) CheckMember(p *Profile) error {
	if !r.EligibleMember(p.Country) {
		return &RuleError{Rules: r.Name, Rule: "member_country", Value: p.Country,
			Reason: "not a country members may come from (" + r.describeMembers() + ")"}
	}
	return nil
}

func (r RuleSet) describeMembers() string {
	var parts []string
	for _, g := range r.MemberGroups {
		parts = append(parts, string(g))
	}
	parts = append(parts, r.MemberCountries...)
	return strings.Join(parts, ", ")
}

// CheckConsortium checks members and their shared target markets against r
// and returns every broken rule joined (errors.Join), or nil.
func (r RuleSet) CheckConsortium(members []*Profile, markets []string) error {
	var errs []error
	perCountry := map[string]int{}
	for _, m := range members {
		if err := r.CheckMember(m); err != nil {
			errs = append(errs, err)
		}
		c := m.Country
		if cc, ok := CanonicalCountry(c); ok {
			c = cc // count EL and GR as one country
		}
		perCountry[c]++
	}
	if r.MinPartners > 0 && len(members) < r.MinPartners {
		errs = append(errs, &RuleError{Rules: r.Name, Rule: "min_partners", Value: fmt.Sprint(len(members)),
			Reason: fmt.Sprintf("needs at least %d partners", r.MinPartners)})
	}
	if r.MinCountries > 0 && len(perCountry) < r.MinCountries {
		errs = append(errs, &RuleError{Rules: r.Name, Rule: "min_countries", Value: fmt.Sprint(len(perCountry)),
			Reason: fmt.Sprintf("needs at least %d countries", r.MinCountries)})
	}
	if r.MaxPerCountry > 0 {
		for _, c := range slices.Sorted(maps.Keys(perCountry)) {
			if perCountry[c] > r.MaxPerCountry {
				errs = append(errs, &RuleError{Rules: r.Name, Rule: "max_per_country", Value: c,
					Reason: fmt.Sprintf("%d members, at most %d allowed", perCountry[c], r.MaxPerCountry)})
			}
		}
	}
	for _, m := range markets {
		if !r.EligibleMarket(m) {
			errs = append(errs, &RuleError{Rules: r.Name, Rule: "market", Value: m,
				Reason: "not a third country for this rule set"})
		}
	}
	return errors.Join(errs...)
}

// Validate reports a rule set that cannot be used: an empty or invalid
// name, an unknown group or country, a negative count.
func (r RuleSet) Validate() error {
	var errs []*FieldError
	if !ValidID(r.Name) {
		errs = append(errs, &FieldError{Field: "name", Value: r.Name, Reason: "must be 1-128 letters, digits, '.', '_', '-' or ':'"})
	}
	for i, g := range r.MemberGroups {
		if !slices.Contains(Groups(), g) {
			errs = append(errs, &FieldError{Field: fmt.Sprintf("member_groups[%d]", i), Value: string(g), Reason: "unknown country group"})
		}
	}
	for i, c := range r.MemberCountries {
		if cc, ok := CanonicalCountry(c); !ok || cc != c {
			errs = append(errs, &FieldError{Field: fmt.Sprintf("member_countries[%d]", i), Value: c, Reason: "not a canonical ISO 3166-1 alpha-2 code"})
		}
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"min_partners", r.MinPartners}, {"min_countries", r.MinCountries}, {"max_per_country", r.MaxPerCountry}} {
		if f.v < 0 {
			errs = append(errs, &FieldError{Field: f.name, Value: fmt.Sprint(f.v), Reason: "must be >= 0"})
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{What: "rule set", ID: r.Name, Fields: errs}
}
