package index

import (
	"errors"
	"fmt"
	"math/bits"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/clustergo/partnermatch/internal/filter"
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

// compile validates and normalises f.
func (f *Filters) compile() (*filter.Spec, error) {
	s, err := filter.Compile(&filter.Values{
		Countries: f.Countries, ExcludeCountries: f.ExcludeCountries,
		Kinds: f.Kinds, Sectors: f.Sectors,
		Industries: f.Industries, Ecosystems: f.Ecosystems,
		Categories: f.Categories, Markets: f.Markets, Labels: f.Labels,
		Rules:   f.Rules,
		Members: filter.Range(f.Members), SMEs: filter.Range(f.SMEs), Founded: filter.Range(f.Founded),
	})
	var fe *filter.Error
	switch {
	case err == nil:
		return s, nil
	case !errors.As(err, &fe):
		return nil, err
	case fe.Err != nil:
		return nil, sentinel.Wrapf(ErrInvalidQuery, "filter %s: %v", fe.Field, fe.Err)
	}
	return nil, &FilterError{Field: fe.Field, Value: fe.Value, Reason: fe.Reason}
}

// bleve returns the filters as bleve queries that must all match, and
// queries that must not match. Both are empty when nothing is filtered.
func bleveFilters(s *filter.Spec) (must, mustNot []query.Query) {
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
	if s.Restricted {
		must = append(must, anyOf(fieldCountry, "", s.Countries.Codes()))
	} else if !s.Excluded.Empty() {
		mustNot = append(mustNot, anyOf(fieldCountry, "", s.Excluded.Codes()))
	}
	if !s.Markets.Empty() {
		must = append(must, anyOf(fieldMarket, "", s.Markets.Codes()))
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
	t := filter.Vocab()
	bitsQuery(fieldCodes, codeKind, uint64(s.Kinds), t.KindNames)
	bitsQuery(fieldCodes, codeLabel, uint64(s.Labels), t.LabelNames)
	bitsQuery(fieldIndustry, "", uint64(s.Industries), t.IndustryNames)
	bitsQuery(fieldCodes, codeEcosystem, uint64(s.Ecosystems), t.EcosystemNames)
	bitsQuery(fieldCodes, codeCategory, s.Categories, t.CategoryNames)
	if len(s.Sectors) > 0 {
		must = append(must, anyOf(fieldCodes, codeSector, s.Sectors))
	}
	for _, r := range []struct {
		prefix string
		r      filter.Range
	}{{codeMembers, s.Members}, {codeSMEs, s.SMEs}, {codeFounded, s.Founded}} {
		if r.r.Zero() {
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
