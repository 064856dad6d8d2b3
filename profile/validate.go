package profile

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrInvalid is matched (with errors.Is) by every validation error.
var ErrInvalid = errors.New("profile: invalid")

// A FieldError reports one bad field value.
type FieldError struct {
	// Field is the JSON key, with the list position for list items:
	// sectors[1]; or, in the packages that use this type for their own
	// inputs, the request field, such as a query's negative Limit.
	Field  string
	Value  string // the offending value as given (after trimming); its start if over a limit
	Reason string
	Err    error // the cause, if any: a *LimitError for a value over its limit
}

func (e *FieldError) Error() string {
	if e.Value == "" && e.Err != nil { // a whole list or profile over a limit
		return e.Field + ": " + e.Reason
	}
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

// Is makes every FieldError match ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the cause, nil if none.
func (e *FieldError) Unwrap() error { return e.Err }

// A ValidationError lists every problem of one profile, or of another
// value named by What.
type ValidationError struct {
	What   string        // what is invalid: "" means a profile; "partnership", "rule set", "CSV header"...
	ID     string        // the profile's id as given (may be empty or itself invalid)
	Fields []*FieldError // at least one
}

func (e *ValidationError) Error() string { return "profile: " + e.reason() }

func (e *ValidationError) reason() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	if e.What != "" && e.ID == "" {
		return fmt.Sprintf("invalid %s: %s", e.What, strings.Join(parts, "; "))
	}
	return fmt.Sprintf("invalid %s %q: %s", cmp.Or(e.What, "profile"), e.ID, strings.Join(parts, "; "))
}

// Is makes every ValidationError match ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the field errors.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Fields))
	for i, f := range e.Fields {
		out[i] = f
	}
	return out
}

// ValidID reports whether id is a valid profile or partnership id:
// 1-128 letters, digits, '.', '_', '-' or ':'.
func ValidID(id string) bool {
	if len(id) == 0 || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if !(r < unicode.MaxASCII && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-:", r))) {
			return false
		}
	}
	return true
}

// CanonicalCountry returns the ISO 3166-1 alpha-2 code for code, given in
// any case, accepting the EU's own codes EL (Greece) and UK (United Kingdom).
func CanonicalCountry(code string) (string, bool) {
	c, ok := LookupCountry(code)
	return c.Code, ok
}

// Normalize brings p to canonical form in place: it trims text, collapses
// white space in list items, lower-cases slugs, kind, label and language,
// upper-cases and canonicalises codes (EL -> GR, 27.20 -> C27.20), fills
// the defaults (kind cluster, language en) and removes empty and duplicate
// list items (tags compare case-insensitively, first spelling kept).
// Values that cannot be canonicalised are kept, trimmed, for Validate to
// report. Extra is a portal's own data and kept as given, keys and values
// untrimmed, except that an empty map becomes nil, so that a profile reads
// back from JSON as written (where an empty Extra is omitted). Normalize
// is idempotent.
func (p *Profile) Normalize() {
	p.ID = strings.TrimSpace(p.ID)
	p.Name = strings.TrimSpace(p.Name)
	p.Kind = strings.ToLower(strings.TrimSpace(p.Kind))
	if p.Kind == "" {
		p.Kind = KindCluster
	}
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	if c, ok := CanonicalCountry(p.Country); ok {
		p.Country = c
	}
	p.Region = strings.ToUpper(strings.TrimSpace(p.Region))
	p.City = strings.TrimSpace(p.City)
	p.Website = strings.TrimSpace(p.Website)
	p.Language = strings.ToLower(strings.TrimSpace(p.Language))
	if p.Language == "" {
		p.Language = "en"
	}
	p.Description = strings.TrimSpace(p.Description)
	p.Sectors = normList(p.Sectors, func(s string) string {
		if c, err := CanonicalNACE(s); err == nil {
			return c
		}
		return strings.ToUpper(s)
	})
	p.Categories = normList(p.Categories, strings.ToLower)
	p.Industries = normList(p.Industries, strings.ToLower)
	p.Ecosystems = normList(p.Ecosystems, strings.ToLower)
	p.Technologies = normList(p.Technologies, nil)
	p.Offers = normList(p.Offers, nil)
	p.Needs = normList(p.Needs, nil)
	p.TargetMarkets = normList(p.TargetMarkets, func(s string) string {
		s = strings.ToUpper(s)
		if c, ok := CanonicalCountry(s); ok {
			return c
		}
		return s
	})
	p.Label = strings.ToLower(strings.TrimSpace(p.Label))
	p.Partnerships = normList(p.Partnerships, func(s string) string { return s })
	if len(p.Extra) == 0 {
		p.Extra = nil
	}
}

// normList trims and collapses white space in every item, maps it with
// canon (nil: keep the spelling, compare case-insensitively), and drops
// empty items and duplicates. It returns nil for an empty result so that
// normalised profiles compare equal however their lists were spelt.
func normList(in []string, canon func(string) string) []string {
	if len(in) == 0 {
		return nil
	}
	out := in[:0:0]
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			continue
		}
		key := s
		if canon != nil {
			s = canon(s)
			key = s
		} else {
			key = strings.ToLower(s)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Validate checks p and returns nil or a *ValidationError listing every
// problem, each naming the field and the value. It checks a normalised copy,
// so a profile that Normalize would fix is valid; p itself is not changed.
// A profile over one of the package's limits (see MaxSize) is reported
// with only the values over their limits, each wrapping a *LimitError
// (matching ErrTooLarge).
func (p *Profile) Validate() error {
	if err := p.checkLimits(); err != nil {
		return err
	}
	q := p.Clone()
	q.Normalize()
	return q.validate(time.Now().Year())
}

func (p *Profile) validate(thisYear int) error {
	var errs []*FieldError
	add := func(field, value, reason string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Value: value, Reason: fmt.Sprintf(reason, args...)})
	}
	if !ValidID(p.ID) {
		add("id", p.ID, "must be 1-128 letters, digits, '.', '_', '-' or ':'")
	}
	if p.Name == "" {
		add("name", p.Name, "required")
	}
	// Free text must be valid UTF-8: JSON cannot carry anything else, so
	// such a profile would change when written. Codes are checked below.
	for _, f := range []struct{ key, s string }{
		{"name", p.Name}, {"city", p.City}, {"website", p.Website}, {"description", p.Description}} {
		if !utf8.ValidString(f.s) {
			add(f.key, f.s, "not valid UTF-8")
		}
	}
	for _, l := range []struct {
		key  string
		list []string
	}{{"technologies", p.Technologies}, {"offers", p.Offers}, {"needs", p.Needs}} {
		for i, s := range l.list {
			if !utf8.ValidString(s) {
				add(fmt.Sprintf("%s[%d]", l.key, i), s, "not valid UTF-8")
			}
		}
	}
	if !isOneOf(p.Kind, Kinds()) {
		add("kind", p.Kind, "must be one of %s", strings.Join(Kinds(), ", "))
	}
	country, countryOK := LookupCountry(p.Country)
	switch {
	case p.Country == "":
		add("country", p.Country, "required")
	case !countryOK || len(p.Country) != 2:
		add("country", p.Country, "not an ISO 3166-1 alpha-2 country code")
	}
	if p.Region != "" {
		switch {
		case !countryOK:
			add("region", p.Region, "cannot check a NUTS code without a valid country")
		case !strings.HasPrefix(p.Region, country.EUCode):
			add("region", p.Region, "NUTS code must start with %s for country %s", country.EUCode, country.Code)
		case len(p.Region) > 5 || !isAlnum(p.Region):
			add("region", p.Region, "NUTS code must be the country prefix and up to 3 letters or digits")
		}
	}
	if !KnownLanguage(p.Language) {
		add("language", p.Language, "not an ISO 639-1 language code")
	}
	for i, s := range p.Sectors {
		if _, err := CanonicalNACE(s); err != nil {
			add(fmt.Sprintf("sectors[%d]", i), s, "%v", err)
		}
	}
	checkTerms := func(field string, list []string, terms []Term, what string) {
		for i, s := range list {
			if !hasTerm(terms, s) {
				add(fmt.Sprintf("%s[%d]", field, i), s, "unknown %s", what)
			}
		}
	}
	checkTerms("categories", p.Categories, tax().categories, "cluster category")
	checkTerms("industries", p.Industries, tax().industries, "emerging industry")
	checkTerms("ecosystems", p.Ecosystems, tax().ecosystems, "industrial ecosystem")
	for i, s := range p.TargetMarkets {
		if c, ok := CanonicalCountry(s); !ok || c != s {
			add(fmt.Sprintf("target_markets[%d]", i), s, "not an ISO 3166-1 alpha-2 country code")
		}
	}
	if p.Members < 0 {
		add("members", fmt.Sprint(p.Members), "must be >= 0")
	}
	if p.SMEs < 0 {
		add("smes", fmt.Sprint(p.SMEs), "must be >= 0")
	} else if p.Members >= 0 && p.SMEs > p.Members {
		add("smes", fmt.Sprint(p.SMEs), "must not exceed members (%d)", p.Members)
	}
	if p.Founded != 0 && (p.Founded < 1000 || p.Founded > thisYear) {
		add("founded", fmt.Sprint(p.Founded), "must be a year between 1000 and %d", thisYear)
	}
	if !isOneOf(p.Label, []string{"", LabelBronze, LabelSilver, LabelGold}) {
		add("label", p.Label, "must be empty, bronze, silver or gold")
	}
	for i, s := range p.Partnerships {
		if !ValidID(s) {
			add(fmt.Sprintf("partnerships[%d]", i), s, "must be 1-128 letters, digits, '.', '_', '-' or ':'")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.Extra)) {
		field := "extra[" + k + "]"
		if !validExtraKey(k) {
			add(field, k, "key must be 1-%d of a-z, 0-9, '_', '.' or '-'", MaxExtraKeyLen)
		}
		if v := p.Extra[k]; !utf8.ValidString(v) {
			add(field, v, "not valid UTF-8")
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{ID: p.ID, Fields: errs}
}

// validExtraKey reports whether k is a valid key of Profile.Extra: 1 to
// MaxExtraKeyLen lower-case ASCII letters, digits, '_', '.' or '-'. The
// narrow alphabet lets a key name a CSV column (extra.<key>) and a
// portal's field alike, without quoting or case folding.
func validExtraKey(k string) bool {
	if len(k) == 0 || len(k) > MaxExtraKeyLen {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// Clean returns a normalised copy of p, or the validation error (see
// Validate).
func Clean(p Profile) (Profile, error) {
	if err := p.checkLimits(); err != nil {
		return Profile{}, err
	}
	q := p.Clone()
	q.Normalize()
	if err := q.validate(time.Now().Year()); err != nil {
		return Profile{}, err
	}
	return q, nil
}

func isOneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
