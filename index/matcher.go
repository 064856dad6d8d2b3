package index

import (
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// Matcher validates f once and returns a function that reports whether a
// (normalised) profile passes f, with the same meaning as in Search and
// Candidates. Callers that rank every profile themselves, such as an
// engine's exact mode, use it instead of a search.
func (f Filters) Matcher() (func(*profile.Profile) bool, error) {
	s, err := f.compile()
	if err != nil {
		return nil, err
	}
	if s.all() {
		return func(*profile.Profile) bool { return true }, nil
	}
	return s.match, nil
}

// all reports whether s passes every profile, so that a matcher need not
// read any.
func (s *filterSpec) all() bool {
	var zero countrySet
	return !s.none && !s.restricted && s.excluded == zero && s.kinds == 0 && s.labels == 0 &&
		s.industries == 0 && s.ecosystems == 0 && s.categories == 0 && s.markets.empty() && len(s.sectors) == 0 &&
		s.members.zero() && s.smes.zero() && s.founded.zero()
}

// match reports whether p passes s.
func (s *filterSpec) match(p *profile.Profile) bool {
	if s.none {
		return false
	}
	t := tables()
	ci, known := t.country[p.Country]
	if s.restricted && (!known || !s.countries.has(ci)) || !s.restricted && known && s.excluded.has(ci) {
		return false
	}
	if s.kinds != 0 {
		k, ok := t.kind[p.Kind]
		if !ok || s.kinds&(1<<k) == 0 {
			return false
		}
	}
	if s.labels != 0 {
		l, ok := t.label[p.Label]
		if !ok || l == noLabel || s.labels&(1<<l) == 0 {
			return false
		}
	}
	if s.industries != 0 && uint16(bitsOf(t.industry, p.Industries))&s.industries == 0 ||
		s.ecosystems != 0 && uint16(bitsOf(t.ecosystem, p.Ecosystems))&s.ecosystems == 0 ||
		s.categories != 0 && bitsOf(t.category, p.Categories)&s.categories == 0 {
		return false
	}
	if !s.markets.empty() && !s.markets.intersects(countriesOf(p.TargetMarkets)) {
		return false
	}
	if len(s.sectors) > 0 && !slices.ContainsFunc(p.Sectors, func(code string) bool {
		return slices.ContainsFunc(profile.NACEPrefixes(code), func(pre string) bool { return slices.Contains(s.sectors, pre) })
	}) {
		return false
	}
	return s.members.matches(int32(p.Members)) && s.smes.matches(int32(p.SMEs)) && s.founded.matches(int32(p.Founded))
}
