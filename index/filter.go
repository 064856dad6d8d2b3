package index

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
)

// Filters restrict search hits and candidates. Within one field the values
// are alternatives (any of them matches); the fields combine with AND. An
// empty field, and the zero Filters, restrict nothing.
//
// Values are normalised as profiles are (any case; EL for GR; 27.20 for
// C27.20); an unknown value, or a bad range, is a *FilterError (matching
// ErrInvalidQuery) naming the field and the value.
type Filters struct {
	// Countries keeps profiles established in one of these countries
	// (ISO 3166-1 alpha-2).
	Countries []string
	// ExcludeCountries drops profiles established in these countries.
	ExcludeCountries []string
	// Kinds keeps profiles of these kinds (profile.Kinds).
	Kinds []string
	// Sectors keeps profiles with a sector under one of these NACE codes:
	// C27 keeps C27, C27.2 and C27.20.
	Sectors []string
	// Industries, Ecosystems and Categories keep profiles with one of
	// these slugs.
	Industries []string
	Ecosystems []string
	Categories []string
	// Markets keeps profiles that target one of these countries.
	Markets []string
	// Labels keeps profiles with one of these labels: bronze, silver, gold.
	Labels []string
	// Rules keeps profiles that may be members under the rule set
	// (RuleSet.EligibleMember of their country). The zero RuleSet keeps
	// every profile.
	Rules profile.RuleSet
	// Members, SMEs and Founded keep profiles whose value lies in the
	// range. A profile whose value is 0 (unknown) fails every non-zero
	// range. Values above 16,777,215 count as 16,777,215.
	Members, SMEs, Founded Range
}

// A FilterError reports a value of Filters that the index cannot filter
// by. It matches ErrInvalidQuery.
type FilterError struct {
	Field  string // the field of Filters: Countries, Sectors, Members...
	Value  string // the value as given; a Range as {Min:5 Max:2}
	Reason string // "unknown value", "bad range"
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("index: filter %s: %s %q", e.Field, e.Reason, e.Value)
}

// Is makes every FilterError match ErrInvalidQuery (and its aliases,
// such as match.ErrInvalidQuery).
func (e *FilterError) Is(target error) bool { return errors.Is(ErrInvalidQuery, target) }

// A Range is an inclusive range of integers. Zero Min means no lower
// bound, zero Max no upper bound; the zero Range matches everything.
type Range struct {
	Min, Max int
}

func (r Range) zero() bool { return r.Min == 0 && r.Max == 0 }

// matches reports whether v (0: unknown) lies in r.
func (r Range) matches(v int32) bool {
	if r.zero() {
		return true
	}
	if v == 0 {
		return false
	}
	x := min(int(v), numMax) // as indexed
	return (r.Min == 0 || x >= min(r.Min, numMax)) && (r.Max == 0 || x <= min(r.Max, numMax))
}

// A filterSpec is a normalised, validated Filters.
type filterSpec struct {
	countries  countrySet // allowed member countries, when restricted
	restricted bool       // whether countries applies
	excluded   countrySet // used when not restricted
	kinds      uint8      // bit per tables().kind
	labels     uint8      // bit per tables().label
	industries uint16
	ecosystems uint16
	categories uint64
	markets    countrySet
	sectors    []string // canonical NACE codes
	sectorIDs  []uint16 // naceID of each of sectors
	members    Range
	smes       Range
	founded    Range
	none       bool // the filters exclude everything
	// countryOnly tells that the filters test the country alone:
	// passCountry is pass.
	countryOnly bool
}

// compile validates and normalises f.
func (f *Filters) compile() (*filterSpec, error) {
	s := &filterSpec{members: f.Members, smes: f.SMEs, founded: f.Founded}
	bad := func(field, v string) error {
		return &FilterError{Field: field, Value: v, Reason: "unknown value"}
	}
	countries := func(field string, vs []string) (countrySet, error) {
		var cs countrySet
		for _, v := range vs {
			c, ok := profile.CanonicalCountry(v)
			if !ok {
				return cs, bad(field, v)
			}
			cs.add(tables().country[c])
		}
		return cs, nil
	}
	var err error
	if s.excluded, err = countries("ExcludeCountries", f.ExcludeCountries); err != nil {
		return nil, err
	}
	if s.markets, err = countries("Markets", f.Markets); err != nil {
		return nil, err
	}
	if len(f.Countries) > 0 {
		if s.countries, err = countries("Countries", f.Countries); err != nil {
			return nil, err
		}
		s.restricted = true
	}
	rules := f.Rules
	rules.Name = "filter" // the name plays no part here
	if err := rules.Validate(); err != nil {
		return nil, sentinel.Wrapf(ErrInvalidQuery, "filter Rules: %v", err)
	}
	if len(f.Rules.MemberGroups) > 0 || len(f.Rules.MemberCountries) > 0 {
		var eligible countrySet
		for i, c := range tables().countryCodes {
			if f.Rules.EligibleMember(c) {
				eligible.add(uint8(i))
			}
		}
		if s.restricted {
			s.countries = s.countries.and(eligible)
		} else {
			s.countries, s.restricted = eligible, true
		}
	}
	if s.restricted {
		s.countries = s.countries.andNot(s.excluded)
		s.excluded = countrySet{}
		s.none = s.countries.empty()
	}
	slugs := func(field string, vs []string, table map[string]int) (uint64, error) {
		var b uint64
		for _, v := range vs {
			i, ok := table[strings.ToLower(strings.TrimSpace(v))]
			if !ok {
				return 0, bad(field, v)
			}
			b |= 1 << i
		}
		return b, nil
	}
	var b uint64
	if b, err = slugs("Kinds", f.Kinds, tables().kindBit); err != nil {
		return nil, err
	}
	s.kinds = uint8(b)
	if b, err = slugs("Labels", f.Labels, tables().labelBit); err != nil {
		return nil, err
	}
	s.labels = uint8(b)
	if b, err = slugs("Industries", f.Industries, tables().industry); err != nil {
		return nil, err
	}
	s.industries = uint16(b)
	if b, err = slugs("Ecosystems", f.Ecosystems, tables().ecosystem); err != nil {
		return nil, err
	}
	s.ecosystems = uint16(b)
	if s.categories, err = slugs("Categories", f.Categories, tables().category); err != nil {
		return nil, err
	}
	for _, v := range f.Sectors {
		c, err := profile.CanonicalNACE(v)
		if err != nil {
			return nil, bad("Sectors", v)
		}
		if !slices.Contains(s.sectors, c) {
			s.sectors = append(s.sectors, c)
			s.sectorIDs = append(s.sectorIDs, naceID(c))
		}
	}
	for _, r := range []struct {
		name string
		r    Range
	}{{"Members", f.Members}, {"SMEs", f.SMEs}, {"Founded", f.Founded}} {
		if r.r.Min < 0 || r.r.Max < 0 || r.r.Max != 0 && r.r.Max < r.r.Min {
			return nil, &FilterError{Field: r.name, Value: fmt.Sprintf("%+v", r.r), Reason: "bad range"}
		}
	}
	s.countryOnly = s.kinds == 0 && s.labels == 0 && s.industries == 0 && s.ecosystems == 0 &&
		s.categories == 0 && s.markets.empty() && len(s.sectors) == 0 &&
		s.members.zero() && s.smes.zero() && s.founded.zero()
	return s, nil
}

// bleve returns the filters as bleve queries that must all match, and
// queries that must not match. Both are empty when nothing is filtered.
func (s *filterSpec) bleve() (must, mustNot []query.Query) {
	anyOf := func(field, prefix string, values []string) query.Query {
		qs := make([]query.Query, len(values))
		for i, v := range values {
			t := query.NewTermQuery(prefix + v)
			t.SetField(field)
			qs[i] = t
		}
		if len(qs) == 1 {
			return qs[0]
		}
		return query.NewDisjunctionQuery(qs)
	}
	if s.restricted {
		must = append(must, anyOf(fieldCountry, "", s.countries.codes()))
	} else if !s.excluded.empty() {
		mustNot = append(mustNot, anyOf(fieldCountry, "", s.excluded.codes()))
	}
	if !s.markets.empty() {
		must = append(must, anyOf(fieldMarket, "", s.markets.codes()))
	}
	bitsQuery := func(field, prefix string, b uint64, names []string) {
		if b != 0 {
			var vs []string
			for b != 0 {
				i := bits.TrailingZeros64(b)
				vs = append(vs, names[i])
				b &^= 1 << i
			}
			must = append(must, anyOf(field, prefix, vs))
		}
	}
	t := tables()
	bitsQuery(fieldCodes, codeKind, uint64(s.kinds), t.kindNames)
	bitsQuery(fieldCodes, codeLabel, uint64(s.labels), t.labelNames)
	bitsQuery(fieldIndustry, "", uint64(s.industries), t.industryNames)
	bitsQuery(fieldCodes, codeEcosystem, uint64(s.ecosystems), t.ecosystemNames)
	bitsQuery(fieldCodes, codeCategory, s.categories, t.categoryNames)
	if len(s.sectors) > 0 {
		must = append(must, anyOf(fieldCodes, codeSector, s.sectors))
	}
	for _, r := range []struct {
		prefix string
		r      Range
	}{{codeMembers, s.members}, {codeSMEs, s.smes}, {codeFounded, s.founded}} {
		if r.r.zero() {
			continue
		}
		hi := numMax
		if r.r.Max > 0 {
			hi = r.r.Max
		}
		// 0 means unknown and is not indexed, so the range starts at 1.
		if ts := rangeTerms(r.prefix, max(r.r.Min, 1), hi); len(ts) > 0 {
			must = append(must, anyOf(fieldCodes, "", ts))
		} else {
			must = append(must, query.NewMatchNoneQuery())
		}
	}
	return must, mustNot
}

// attrs are what the filters test of one profile, packed: a slot of the
// candidate view holds them, made from the stored fields (memview.go),
// and Matcher makes them from a profile (matcher.go), so that pass alone
// decides whether a profile passes, whichever form it comes in.
type attrs struct {
	markets    countrySet
	categories uint64
	sectors    []uint16 // naceID of every sector and its prefixes
	members    int32    // capped at numMax, as indexed
	smes       int32
	founded    int32
	industries uint16
	ecosystems uint16
	country    uint8 // noCountry when not a known code
	kind       uint8
	label      uint8
}

// noCountry and noKind are the numbers of a country and a kind that
// tables() does not hold, which no filter admits (1<<noKind is 0).
const (
	noCountry = math.MaxUint8
	noKind    = math.MaxUint8
)

// passCountry reports whether a profile established in country c may
// pass the filters.
func (s *filterSpec) passCountry(c uint8) bool {
	if s.restricted {
		return c != noCountry && s.countries.has(c)
	}
	return c == noCountry || !s.excluded.has(c)
}

// pass reports whether a profile of attributes a passes the filters.
func (s *filterSpec) pass(a *attrs) bool {
	if s.none || !s.passCountry(a.country) {
		return false
	}
	if s.kinds != 0 && s.kinds&(1<<a.kind) == 0 {
		return false
	}
	if s.labels != 0 && (a.label == noLabel || s.labels&(1<<a.label) == 0) {
		return false
	}
	if s.industries != 0 && s.industries&a.industries == 0 ||
		s.ecosystems != 0 && s.ecosystems&a.ecosystems == 0 ||
		s.categories != 0 && s.categories&a.categories == 0 {
		return false
	}
	if !s.markets.empty() && !s.markets.intersects(a.markets) {
		return false
	}
	if len(s.sectorIDs) > 0 && !slices.ContainsFunc(s.sectorIDs, func(id uint16) bool { return slices.Contains(a.sectors, id) }) {
		return false
	}
	return s.members.matches(a.members) && s.smes.matches(a.smes) && s.founded.matches(a.founded)
}

// naceID numbers a canonical NACE code, or one of its prefixes, so that
// sectors compare as integers: sections by their letter, divisions,
// groups and classes by their digits, which need no table (groups and
// classes are checked by shape only, so no table lists them all).
func naceID(code string) uint16 {
	if len(code) < 3 {
		return uint16(code[0] - 'A') // a section: 26 at most
	}
	id := 26 + 111*(10*uint16(code[1]-'0')+uint16(code[2]-'0'))
	if len(code) >= 5 { // C27.2: the group
		id += 1 + 11*uint16(code[4]-'0')
	}
	if len(code) >= 6 { // C27.20: the class
		id += 1 + uint16(code[5]-'0')
	}
	return id
}

// A countrySet is a set of countries by their index in tables().
type countrySet [4]uint64

func (c *countrySet) add(i uint8)     { c[i>>6] |= 1 << (i & 63) }
func (c countrySet) has(i uint8) bool { return c[i>>6]&(1<<(i&63)) != 0 }
func (c countrySet) empty() bool      { return c == countrySet{} }
func (c countrySet) and(d countrySet) countrySet {
	return countrySet{c[0] & d[0], c[1] & d[1], c[2] & d[2], c[3] & d[3]}
}
func (c countrySet) andNot(d countrySet) countrySet {
	return countrySet{c[0] &^ d[0], c[1] &^ d[1], c[2] &^ d[2], c[3] &^ d[3]}
}
func (c countrySet) intersects(d countrySet) bool { return !c.and(d).empty() }

// codes returns the country codes in c, sorted.
func (c countrySet) codes() []string {
	var out []string
	for i, code := range tables().countryCodes {
		if c.has(uint8(i)) {
			out = append(out, code)
		}
	}
	return out
}

// countriesOf returns the set of canonical country codes cs; unknown
// codes are skipped.
func countriesOf(cs []string) countrySet {
	var s countrySet
	for _, c := range cs {
		if i, ok := tables().country[c]; ok {
			s.add(i)
		}
	}
	return s
}

// bitsOf returns the bits of the slugs in table.
func bitsOf(table map[string]int, slugs []string) uint64 {
	var b uint64
	for _, s := range slugs {
		if i, ok := table[s]; ok {
			b |= 1 << i
		}
	}
	return b
}

// noLabel is the label index of an unlabelled profile.
const noLabel = 0

// taxTables numbers the closed vocabularies of profiles for bit sets.
type taxTables struct {
	country      map[string]uint8
	countryCodes []string

	kind, label         map[string]uint8
	kindBit, labelBit   map[string]int
	kindNames           []string
	labelNames          []string
	industry, ecosystem map[string]int
	category            map[string]int
	industryNames       []string
	ecosystemNames      []string
	categoryNames       []string
}

var tables = sync.OnceValue(func() *taxTables {
	t := &taxTables{country: map[string]uint8{}}
	cs := profile.Countries()
	if len(cs) >= noCountry {
		panic("index: more than 255 countries") // countrySet and attrs.country hold 255 and noCountry
	}
	for i, c := range cs {
		t.country[c.Code] = uint8(i)
		t.countryCodes = append(t.countryCodes, c.Code)
	}
	numbered := func(names []string) (map[string]uint8, map[string]int) {
		m8, mi := map[string]uint8{}, map[string]int{}
		for i, n := range names {
			m8[n], mi[n] = uint8(i), i
		}
		return m8, mi
	}
	t.kindNames = profile.Kinds()
	t.kind, t.kindBit = numbered(t.kindNames)
	t.labelNames = []string{"", profile.LabelBronze, profile.LabelSilver, profile.LabelGold}
	t.label, t.labelBit = numbered(t.labelNames)
	delete(t.labelBit, "") // not a filter value
	slugs := func(ts []profile.Term) (map[string]int, []string) {
		m, names := map[string]int{}, make([]string, len(ts))
		for i, x := range ts {
			m[x.Slug], names[i] = i, x.Slug
		}
		return m, names
	}
	t.industry, t.industryNames = slugs(profile.IndustryTerms())
	t.ecosystem, t.ecosystemNames = slugs(profile.EcosystemTerms())
	t.category, t.categoryNames = slugs(profile.CategoryTerms())
	if len(t.industryNames) > 16 || len(t.ecosystemNames) > 16 || len(t.categoryNames) > 64 {
		panic("index: vocabulary outgrew its bit set") // slot fields hold 16, 16 and 64 bits
	}
	return t
})
