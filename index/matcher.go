package index

import (
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
	return func(p *profile.Profile) bool {
		var buf [64]uint16 // a profile's sector prefixes, mostly
		a := s.attrsOf(p, buf[:0])
		return s.pass(&a)
	}, nil
}

// all reports whether s passes every profile, so that a matcher need not
// read any.
func (s *filterSpec) all() bool {
	var zero countrySet
	return !s.none && !s.restricted && s.excluded == zero && s.countryOnly
}

// attrsOf returns the attributes of p that s tests, its sectors appended
// to sectors; those s does not test are left zero, as a matcher runs on
// every profile of an exact query.
func (s *filterSpec) attrsOf(p *profile.Profile, sectors []uint16) attrs {
	t := tables()
	a := attrs{country: noCountry, kind: noKind}
	if c, ok := t.country[p.Country]; ok {
		a.country = c
	}
	if s.countryOnly {
		return a
	}
	if s.kinds != 0 {
		if k, ok := t.kind[p.Kind]; ok {
			a.kind = k
		}
	}
	if s.labels != 0 {
		a.label = t.label[p.Label] // noLabel when unknown
	}
	if s.industries != 0 {
		a.industries = uint16(bitsOf(t.industry, p.Industries))
	}
	if s.ecosystems != 0 {
		a.ecosystems = uint16(bitsOf(t.ecosystem, p.Ecosystems))
	}
	if s.categories != 0 {
		a.categories = bitsOf(t.category, p.Categories)
	}
	if !s.markets.empty() {
		a.markets = countriesOf(p.TargetMarkets)
	}
	if len(s.sectorIDs) > 0 {
		for _, code := range p.Sectors {
			for _, pre := range profile.NACEPrefixes(code) {
				sectors = append(sectors, naceID(pre))
			}
		}
		a.sectors = sectors
	}
	a.members, a.smes, a.founded = int32(min(p.Members, numMax)), int32(min(p.SMEs, numMax)), int32(min(p.Founded, numMax))
	return a
}
