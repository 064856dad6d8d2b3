// Package filter compiles the filters of a query once into a Spec, which
// decides from the packed attributes of a profile (Attrs) whether the
// profile passes. Every place that filters profiles in memory (the
// candidate view, exact scoring, the screen) tests Attrs with Spec.Pass,
// so the filters have one meaning wherever they run; the index turns a
// Spec into bleve queries for its own searches.
//
// Closed vocabularies (countries, kinds, labels, industries, ecosystems,
// categories) are numbered once (Vocab) so that a profile's values become
// bit sets, and NACE codes become integers (NACEID), so that a test costs
// a few machine words whatever the profile holds.
package filter

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/clustergo/partnermatch/profile"
)

// Values are the filters as a query gives them, field for field those of
// index.Filters, whose documentation holds their meaning.
type Values struct {
	Countries, ExcludeCountries []string
	Kinds, Sectors              []string
	Industries, Ecosystems      []string
	Categories, Markets, Labels []string
	Rules                       profile.RuleSet
	Members, SMEs, Founded      Range
}

// A Range is an inclusive range of integers. Zero Min means no lower
// bound, zero Max no upper bound; the zero Range matches everything.
type Range struct {
	Min, Max int
}

// Zero reports whether r restricts nothing.
func (r Range) Zero() bool { return r.Min == 0 && r.Max == 0 }

// Matches reports whether v (0: unknown) lies in r. Values above MaxValue
// count as MaxValue, as the index holds them.
func (r Range) Matches(v int32) bool {
	if r.Zero() {
		return true
	}
	if v == 0 {
		return false
	}
	x := min(int(v), MaxValue)
	return (r.Min == 0 || x >= min(r.Min, MaxValue)) && (r.Max == 0 || x <= min(r.Max, MaxValue))
}

// MaxValue is the largest member, SME or founding-year value a filter
// tells apart.
const MaxValue = 1<<24 - 1

// An Error reports a value that cannot filter: Field names the field of
// Values, Value the value as given. Err is the cause when the field is
// checked by another package (Rules).
type Error struct {
	Field  string
	Value  string
	Reason string // "unknown value", "bad range", "invalid"
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("filter %s: %v", e.Field, e.Err)
	}
	return fmt.Sprintf("filter %s: %s %q", e.Field, e.Reason, e.Value)
}

func (e *Error) Unwrap() error { return e.Err }

// A Spec is a normalised, validated Values. Its fields are read by the
// index, which writes them as bleve queries; only Compile sets them.
type Spec struct {
	Countries  CountrySet // allowed member countries, when Restricted
	Restricted bool       // whether Countries applies
	Excluded   CountrySet // used when not Restricted
	Kinds      uint8      // bit per Vocab().Kind
	Labels     uint8      // bit per Vocab().Label
	Industries uint16
	Ecosystems uint16
	Categories uint64
	Markets    CountrySet
	Sectors    []string // canonical NACE codes
	SectorIDs  []uint16 // NACEID of each of Sectors
	Members    Range
	SMEs       Range
	Founded    Range
	None       bool // the filters exclude everything
	// CountryOnly tells that the filters test the country alone:
	// PassCountry is Pass.
	CountryOnly bool
}

// Compile validates and normalises v; an invalid value is an *Error.
func Compile(v *Values) (*Spec, error) {
	s := &Spec{Members: v.Members, SMEs: v.SMEs, Founded: v.Founded}
	t := Vocab()
	bad := func(field, v string) error {
		return &Error{Field: field, Value: v, Reason: "unknown value"}
	}
	countries := func(field string, vs []string) (CountrySet, error) {
		var cs CountrySet
		for _, v := range vs {
			c, ok := profile.CanonicalCountry(v)
			if !ok {
				return cs, bad(field, v)
			}
			cs.Add(t.Country[c])
		}
		return cs, nil
	}
	var err error
	if s.Excluded, err = countries("ExcludeCountries", v.ExcludeCountries); err != nil {
		return nil, err
	}
	if s.Markets, err = countries("Markets", v.Markets); err != nil {
		return nil, err
	}
	if len(v.Countries) > 0 {
		if s.Countries, err = countries("Countries", v.Countries); err != nil {
			return nil, err
		}
		s.Restricted = true
	}
	rules := v.Rules
	rules.Name = "filter" // the name plays no part here
	if err := rules.Validate(); err != nil {
		return nil, &Error{Field: "Rules", Reason: "invalid", Err: err}
	}
	if len(v.Rules.MemberGroups) > 0 || len(v.Rules.MemberCountries) > 0 {
		var eligible CountrySet
		for i, c := range t.CountryCodes {
			if v.Rules.EligibleMember(c) {
				eligible.Add(uint8(i))
			}
		}
		if s.Restricted {
			s.Countries = s.Countries.And(eligible)
		} else {
			s.Countries, s.Restricted = eligible, true
		}
	}
	if s.Restricted {
		s.Countries = s.Countries.AndNot(s.Excluded)
		s.Excluded = CountrySet{}
		s.None = s.Countries.Empty()
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
	if b, err = slugs("Kinds", v.Kinds, t.KindBit); err != nil {
		return nil, err
	}
	s.Kinds = uint8(b)
	if b, err = slugs("Labels", v.Labels, t.LabelBit); err != nil {
		return nil, err
	}
	s.Labels = uint8(b)
	if b, err = slugs("Industries", v.Industries, t.Industry); err != nil {
		return nil, err
	}
	s.Industries = uint16(b)
	if b, err = slugs("Ecosystems", v.Ecosystems, t.Ecosystem); err != nil {
		return nil, err
	}
	s.Ecosystems = uint16(b)
	if s.Categories, err = slugs("Categories", v.Categories, t.Category); err != nil {
		return nil, err
	}
	for _, v := range v.Sectors {
		c, err := profile.CanonicalNACE(v)
		if err != nil {
			return nil, bad("Sectors", v)
		}
		if !slices.Contains(s.Sectors, c) {
			s.Sectors = append(s.Sectors, c)
			s.SectorIDs = append(s.SectorIDs, NACEID(c))
		}
	}
	for _, r := range []struct {
		name string
		r    Range
	}{{"Members", v.Members}, {"SMEs", v.SMEs}, {"Founded", v.Founded}} {
		if r.r.Min < 0 || r.r.Max < 0 || r.r.Max != 0 && r.r.Max < r.r.Min {
			return nil, &Error{Field: r.name, Value: fmt.Sprintf("%+v", r.r), Reason: "bad range"}
		}
	}
	s.CountryOnly = s.Kinds == 0 && s.Labels == 0 && s.Industries == 0 && s.Ecosystems == 0 &&
		s.Categories == 0 && s.Markets.Empty() && len(s.Sectors) == 0 &&
		s.Members.Zero() && s.SMEs.Zero() && s.Founded.Zero()
	return s, nil
}

// All reports whether s passes every profile, so that a caller need not
// read any.
func (s *Spec) All() bool {
	return !s.None && !s.Restricted && s.Excluded.Empty() && s.CountryOnly
}

// Attrs are what the filters test of one profile, packed, so that Pass
// alone decides whether a profile passes, whichever form it comes in: Of
// makes them from a profile, the index's candidate view from the terms it
// stores.
type Attrs struct {
	Markets    CountrySet
	Categories uint64
	Sectors    []uint16 // NACEID of every sector and its prefixes
	Members    int32    // capped at MaxValue
	SMEs       int32
	Founded    int32
	Industries uint16
	Ecosystems uint16
	Country    uint8 // NoCountry when not a known code
	Kind       uint8 // NoKind when not a known kind
	Label      uint8 // NoLabel when unlabelled or unknown
}

// NoCountry and NoKind are the numbers of a country and a kind that
// Vocab does not hold, which no filter admits (1<<NoKind is 0); NoLabel is
// the label number of an unlabelled profile.
const (
	NoCountry = math.MaxUint8
	NoKind    = math.MaxUint8
	NoLabel   = 0
)

// Unknown returns Attrs that pass no filter on the country or the kind,
// as a profile that holds neither.
func Unknown() Attrs { return Attrs{Country: NoCountry, Kind: NoKind} }

// PassCountry reports whether a profile established in country c may
// pass the filters.
func (s *Spec) PassCountry(c uint8) bool {
	if s.Restricted {
		return c != NoCountry && s.Countries.Has(c)
	}
	return c == NoCountry || !s.Excluded.Has(c)
}

// Pass reports whether a profile of attributes a passes the filters.
func (s *Spec) Pass(a *Attrs) bool {
	if s.None || !s.PassCountry(a.Country) {
		return false
	}
	if s.Kinds != 0 && s.Kinds&(1<<a.Kind) == 0 {
		return false
	}
	if s.Labels != 0 && (a.Label == NoLabel || s.Labels&(1<<a.Label) == 0) {
		return false
	}
	if s.Industries != 0 && s.Industries&a.Industries == 0 ||
		s.Ecosystems != 0 && s.Ecosystems&a.Ecosystems == 0 ||
		s.Categories != 0 && s.Categories&a.Categories == 0 {
		return false
	}
	if !s.Markets.Empty() && !s.Markets.Intersects(a.Markets) {
		return false
	}
	if len(s.SectorIDs) > 0 && !slices.ContainsFunc(s.SectorIDs, func(id uint16) bool { return slices.Contains(a.Sectors, id) }) {
		return false
	}
	return s.Members.Matches(a.Members) && s.SMEs.Matches(a.SMEs) && s.Founded.Matches(a.Founded)
}

// Of returns the attributes of the (normalised) profile p that s tests,
// its sectors appended to sectors; those s does not test are left zero,
// since a matcher runs on every profile of an exact query.
func (s *Spec) Of(p *profile.Profile, sectors []uint16) Attrs {
	t := Vocab()
	a := Unknown()
	if c, ok := t.Country[p.Country]; ok {
		a.Country = c
	}
	if s.CountryOnly {
		return a
	}
	if s.Kinds != 0 {
		if k, ok := t.Kind[p.Kind]; ok {
			a.Kind = k
		}
	}
	if s.Labels != 0 {
		a.Label = t.Label[p.Label] // NoLabel when unknown
	}
	if s.Industries != 0 {
		a.Industries = uint16(BitsOf(t.Industry, p.Industries))
	}
	if s.Ecosystems != 0 {
		a.Ecosystems = uint16(BitsOf(t.Ecosystem, p.Ecosystems))
	}
	if s.Categories != 0 {
		a.Categories = BitsOf(t.Category, p.Categories)
	}
	if !s.Markets.Empty() {
		a.Markets = CountriesOf(p.TargetMarkets)
	}
	if len(s.SectorIDs) > 0 {
		for _, code := range p.Sectors {
			for _, pre := range profile.NACEPrefixes(code) {
				sectors = append(sectors, NACEID(pre))
			}
		}
		a.Sectors = sectors
	}
	a.Members, a.SMEs, a.Founded = int32(min(p.Members, MaxValue)), int32(min(p.SMEs, MaxValue)), int32(min(p.Founded, MaxValue))
	return a
}

// Matcher returns a function that reports whether a (normalised) profile
// passes s.
func (s *Spec) Matcher() func(*profile.Profile) bool {
	if s.All() {
		return func(*profile.Profile) bool { return true }
	}
	return func(p *profile.Profile) bool {
		var buf [64]uint16 // a profile's sector prefixes, mostly
		a := s.Of(p, buf[:0])
		return s.Pass(&a)
	}
}

// NACEID numbers a canonical NACE code, or one of its prefixes, so that
// sectors compare as integers: sections by their letter, divisions,
// groups and classes by their digits, which need no table (groups and
// classes are checked by shape only, so no table lists them all).
func NACEID(code string) uint16 {
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

// A CountrySet is a set of countries by their number in Vocab.
type CountrySet [4]uint64

// Add adds country number i.
func (c *CountrySet) Add(i uint8) { c[i>>6] |= 1 << (i & 63) }

// Has reports whether c holds country number i.
func (c CountrySet) Has(i uint8) bool { return c[i>>6]&(1<<(i&63)) != 0 }

// Empty reports whether c holds no country.
func (c CountrySet) Empty() bool { return c == CountrySet{} }

// And returns the countries in both c and d.
func (c CountrySet) And(d CountrySet) CountrySet {
	return CountrySet{c[0] & d[0], c[1] & d[1], c[2] & d[2], c[3] & d[3]}
}

// AndNot returns the countries in c and not in d.
func (c CountrySet) AndNot(d CountrySet) CountrySet {
	return CountrySet{c[0] &^ d[0], c[1] &^ d[1], c[2] &^ d[2], c[3] &^ d[3]}
}

// Intersects reports whether c and d share a country.
func (c CountrySet) Intersects(d CountrySet) bool { return !c.And(d).Empty() }

// Codes returns the country codes in c, in the order of Vocab.
func (c CountrySet) Codes() []string {
	var out []string
	for i, code := range Vocab().CountryCodes {
		if c.Has(uint8(i)) {
			out = append(out, code)
		}
	}
	return out
}

// CountriesOf returns the set of the canonical country codes cs; unknown
// codes are skipped.
func CountriesOf(cs []string) CountrySet {
	var s CountrySet
	t := Vocab()
	for _, c := range cs {
		if i, ok := t.Country[c]; ok {
			s.Add(i)
		}
	}
	return s
}

// BitsOf returns the bits of the slugs in table; unknown slugs are
// skipped.
func BitsOf(table map[string]int, slugs []string) uint64 {
	var b uint64
	for _, s := range slugs {
		if i, ok := table[s]; ok {
			b |= 1 << i
		}
	}
	return b
}

// A Vocabulary numbers the closed vocabularies of profiles for bit sets.
type Vocabulary struct {
	Country      map[string]uint8
	CountryCodes []string

	Kind, Label         map[string]uint8
	KindBit, LabelBit   map[string]int // filter values: no "" label
	KindNames           []string
	LabelNames          []string
	Industry, Ecosystem map[string]int
	Category            map[string]int
	IndustryNames       []string
	EcosystemNames      []string
	CategoryNames       []string
}

// Vocab returns the numbering of package profile's vocabularies, built on
// first use. Callers must not change it.
var Vocab = sync.OnceValue(func() *Vocabulary {
	t := &Vocabulary{Country: map[string]uint8{}}
	cs := profile.Countries()
	if len(cs) >= NoCountry {
		panic("filter: more than 255 countries") // CountrySet and Attrs.Country hold 255 and NoCountry
	}
	for i, c := range cs {
		t.Country[c.Code] = uint8(i)
		t.CountryCodes = append(t.CountryCodes, c.Code)
	}
	numbered := func(names []string) (map[string]uint8, map[string]int) {
		m8, mi := map[string]uint8{}, map[string]int{}
		for i, n := range names {
			m8[n], mi[n] = uint8(i), i
		}
		return m8, mi
	}
	t.KindNames = profile.Kinds()
	t.Kind, t.KindBit = numbered(t.KindNames)
	t.LabelNames = []string{"", profile.LabelBronze, profile.LabelSilver, profile.LabelGold}
	t.Label, t.LabelBit = numbered(t.LabelNames)
	delete(t.LabelBit, "") // not a filter value
	slugs := func(ts []profile.Term) (map[string]int, []string) {
		m, names := map[string]int{}, make([]string, len(ts))
		for i, x := range ts {
			m[x.Slug], names[i] = i, x.Slug
		}
		return m, names
	}
	t.Industry, t.IndustryNames = slugs(profile.IndustryTerms())
	t.Ecosystem, t.EcosystemNames = slugs(profile.EcosystemTerms())
	t.Category, t.CategoryNames = slugs(profile.CategoryTerms())
	if len(t.IndustryNames) > 16 || len(t.EcosystemNames) > 16 || len(t.CategoryNames) > 64 {
		panic("filter: vocabulary outgrew its bit set") // Attrs holds 16, 16 and 64 bits
	}
	return t
})
