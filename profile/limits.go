package profile

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"unicode"
)

// Limits of a profile. Validate and Clean check them first, on the
// profile as given (before normalisation), and report each value over its
// limit as a [LimitError] inside the [ValidationError], without checking
// the rest: no work is spent on a profile too large to keep.
//
// They bound the work one profile can cause: every query on an ad-hoc
// profile analyses its text and matches its terms against the index, and
// every fit holds every profile. They are set well above the largest
// values of the shipped data and of real cluster profiles
// (benchmarks/RESULTS.md, "Package benchmarks", profile).
const (
	// MaxFieldLen is the most bytes of each one-line field: name, kind,
	// country, region, city, website, language and label. Ids have their
	// own limit of 128 (see ValidID).
	MaxFieldLen = 1 << 10
	// MaxDescriptionLen is the most bytes of the description.
	MaxDescriptionLen = 32 << 10
	// MaxItemLen is the most bytes of each item of a list.
	MaxItemLen = 512
	// MaxListLen is the most items of each list but partnerships:
	// sectors, categories, industries, ecosystems, technologies, offers,
	// needs and target markets.
	MaxListLen = 500
	// MaxPartnerships is the most items of partnerships.
	MaxPartnerships = 10_000
	// MaxTextLen is the most bytes of the free text that text models and
	// search analyse (see Profile.Text): name, description, technologies,
	// offers and needs together. Matching an ad-hoc query's terms against
	// the index costs time quadratic in them, which a deadline cannot
	// interrupt: the cap keeps that overrun of a deadline small (what a
	// larger text cost: benchmarks/RESULTS.md, "Package benchmarks",
	// profile).
	MaxTextLen = 40 << 10
	// MaxWords is the most distinct words of the free text (see
	// Profile.Text), words being runs of letters and digits compared as
	// written. Every distinct word becomes a term of the index and of the
	// fitted text models, whose memory and fit time grow with the terms
	// of all profiles: profiles of random words made a fit take minutes
	// and gigabytes. Synthetic profiles have at most about 100, Horizon
	// 2020 participants at most 31; a long description in prose about
	// a thousand.
	MaxWords = 2000
	// MaxExtraKeys is the most keys of Extra, a portal's own data: enough
	// for a portal's ids and links, too few to hold a second profile.
	MaxExtraKeys = 64
	// MaxExtraKeyLen is the most bytes of a key of Extra. Each value may
	// have up to MaxItemLen bytes.
	MaxExtraKeyLen = 64
	// MaxSize is the most bytes of a whole profile (see Profile.Size).
	MaxSize = 1 << 20
)

// ErrTooLarge is matched (with errors.Is) by every *LimitError: a value
// longer than the limit the package documents for it.
var ErrTooLarge = errors.New("profile: too large")

// A LimitError reports a value over its limit: a text field (Len in
// bytes), a list (Len in items), a whole profile, or, in the packages that
// use this type for their own inputs, a request field such as a query's
// limit or a batch.
type LimitError struct {
	Field string // JSON key or request field, with the list position for items: offers[3]
	Len   int    // the value's length, or the requested number
	Max   int    // the limit
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: %d over the limit of %d", e.Field, e.Len, e.Max)
}

// Is makes every LimitError match ErrTooLarge.
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

// Size returns the bytes of all of p's strings (fields, list items and
// the keys and values of Extra):
// the measure of MaxSize, and of the batch limits of the packages that
// store profiles.
func (p *Profile) Size() int {
	n := 0
	for _, s := range p.fields() {
		n += len(s.s)
	}
	for _, l := range p.lists() {
		for _, s := range l.list {
			n += len(s)
		}
	}
	for k, v := range p.Extra {
		n += len(k) + len(v)
	}
	return n
}

// Words returns the number of distinct words of p's free text (name,
// description, technologies, offers and needs; see Text): runs of
// letters and digits, compared as written. It is the measure of MaxWords.
func (p *Profile) Words() int { return Words([]Profile{*p}) }

// Words returns the number of distinct words of the free text of all of
// ps together, counted as Profile.Words counts them: the measure of the
// batch limits of the packages that store profiles.
func Words(ps []Profile) int {
	seen := map[string]struct{}{}
	add := func(s string) {
		start := -1
		for i, r := range s {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				seen[s[start:i]] = struct{}{}
				start = -1
			}
		}
		if start >= 0 {
			seen[s[start:]] = struct{}{}
		}
	}
	for i := range ps {
		p := &ps[i]
		add(p.Name)
		add(p.Description)
		for _, l := range [][]string{p.Technologies, p.Offers, p.Needs} {
			for _, s := range l {
				add(s)
			}
		}
	}
	return len(seen)
}

type namedString struct{ key, s string }

type namedList struct {
	key  string
	list []string
	max  int
}

func (p *Profile) fields() []namedString {
	return []namedString{{"id", p.ID}, {"name", p.Name}, {"kind", p.Kind}, {"country", p.Country},
		{"region", p.Region}, {"city", p.City}, {"website", p.Website}, {"language", p.Language},
		{"description", p.Description}, {"label", p.Label}}
}

func (p *Profile) lists() []namedList {
	return []namedList{{"sectors", p.Sectors, MaxListLen}, {"categories", p.Categories, MaxListLen},
		{"industries", p.Industries, MaxListLen}, {"ecosystems", p.Ecosystems, MaxListLen},
		{"technologies", p.Technologies, MaxListLen}, {"offers", p.Offers, MaxListLen}, {"needs", p.Needs, MaxListLen},
		{"target_markets", p.TargetMarkets, MaxListLen}, {"partnerships", p.Partnerships, MaxPartnerships}}
}

// checkLimits returns nil or a *ValidationError with a FieldError for
// each value of p over its limit, each wrapping a *LimitError. It reads
// lengths only, so it costs little on any profile.
func (p *Profile) checkLimits() error {
	var errs []*FieldError
	add := func(field, value string, n, max int, unit string) {
		le := &LimitError{Field: field, Len: n, Max: max}
		errs = append(errs, &FieldError{Field: field, Value: excerpt(value),
			Reason: fmt.Sprintf("%d %s, over the limit of %d", n, unit, max), Err: le})
	}
	for _, f := range p.fields() {
		max := MaxFieldLen // for ids too: ValidID's limit of 128 has its own message
		if f.key == "description" {
			max = MaxDescriptionLen
		}
		if len(f.s) > max {
			add(f.key, f.s, len(f.s), max, "bytes")
		}
	}
	text := len(p.Name) + len(p.Description)
	for _, l := range p.lists() {
		if len(l.list) > l.max {
			add(l.key, "", len(l.list), l.max, "items")
			continue // its items are not checked: there may be millions
		}
		for i, s := range l.list {
			if len(s) > MaxItemLen && len(errs) < maxLimitErrors {
				add(fmt.Sprintf("%s[%d]", l.key, i), s, len(s), MaxItemLen, "bytes")
			}
		}
		if l.key == "technologies" || l.key == "offers" || l.key == "needs" {
			for _, s := range l.list {
				text += len(s) + 1
			}
		}
	}
	if len(p.Extra) > MaxExtraKeys {
		add("extra", "", len(p.Extra), MaxExtraKeys, "keys")
	} else {
		// Sorted, so that the same profile gives the same error.
		for _, k := range slices.Sorted(maps.Keys(p.Extra)) {
			field := "extra[" + excerpt(k) + "]"
			if len(k) > MaxExtraKeyLen && len(errs) < maxLimitErrors {
				add(field, k, len(k), MaxExtraKeyLen, "bytes of key")
			}
			if v := p.Extra[k]; len(v) > MaxItemLen && len(errs) < maxLimitErrors {
				add(field, v, len(v), MaxItemLen, "bytes")
			}
		}
	}
	if text > MaxTextLen {
		add("text", "", text, MaxTextLen, "bytes of name, description, technologies, offers and needs")
	} else if n := p.Words(); n > MaxWords {
		add("text", "", n, MaxWords, "distinct words in name, description, technologies, offers and needs")
	}
	if n := p.Size(); n > MaxSize {
		add("profile", "", n, MaxSize, "bytes")
	}
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{ID: excerpt(p.ID), Fields: errs}
}

// maxLimitErrors caps the items over the limit reported for one profile.
const maxLimitErrors = 20

// excerpt returns the start of a value over a limit, for error messages.
func excerpt(s string) string {
	const n = 128 // the longest valid id
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i]&0xC0 == 0x80 { // do not cut a UTF-8 sequence
		i--
	}
	return s[:i] + "..."
}
