package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/clustergo/partnermatch/internal/filter"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/terms"
)

// A SearchRequest is a portal's search: free text, filters, a page of
// hits and optionally facets.
//
// Size and From page the hits as Limit and Offset page the partners of a
// match.Query. The names differ on purpose and stay: a search request
// keeps the names of the search engines a portal's search box is usually
// modelled on (bleve's and Elasticsearch's size and from), a ranking
// query those of a ranked list; Go has no aliases for struct fields, so
// renaming either would break every caller for no change in meaning.
type SearchRequest struct {
	// Query is free text, matched against the name, description,
	// technologies, offers and needs of profiles; a profile matching more
	// of its terms ranks higher. An empty Query matches every profile
	// that passes Filters, in order of id. A Query of stop words only
	// matches nothing.
	Query string
	// Lang is the ISO 639-1 language of Query, which is analysed as
	// profiles of that language are (terms.Analyze); empty means English.
	// Query is also analysed plainly (folded, unstemmed words), so that
	// names, loanwords and technical terms match profiles in other
	// languages whose stemmers keep them whole.
	Lang string
	// Filters restrict the hits and the facet counts.
	Filters Filters
	// Size is the number of hits returned. Zero means 10.
	Size int
	// From skips that many hits, for paging. From+Size is at most
	// MaxSearchWindow.
	From int
	// Facets asks for the number of matching profiles per country,
	// sector division, emerging industry and target market.
	Facets bool
}

// A SearchResult is one page of hits.
type SearchResult struct {
	Total  int     // matching profiles
	Hits   []Hit   // at most Size, best first; ties in order of id
	Facets *Facets // nil unless requested
}

// A Hit is one profile found by Search.
type Hit struct {
	ID      string
	Score   float64         // bleve's BM25 score; 0 for an empty Query
	Fields  []string        // the text fields holding a query term: name, description, technologies, offers, needs
	Profile profile.Profile // the stored profile
}

// Facets count the profiles matching a search by value, most frequent
// first, ties in order of value.
type Facets struct {
	Countries  []FacetCount // ISO alpha-2 codes
	Divisions  []FacetCount // NACE divisions such as C27
	Industries []FacetCount // emerging industry slugs
	Markets    []FacetCount // target markets, ISO alpha-2 codes
}

// A FacetCount is the number of matching profiles with one value.
type FacetCount struct {
	Value string
	Count int
}

// Field boosts of Search: a match in the name or tags says more than one
// in the description.
var searchBoosts = [numText]float64{
	textName: 2, textDescription: 1, textTechnologies: 1.5, textOffers: 1.5, textNeeds: 1.2,
}

// Limits of a search request.
const (
	// MaxSearchWindow caps From+Size: the index collects that many hits
	// to return the last Size, so deep pages cost memory and time.
	MaxSearchWindow = 10_000
	// MaxSearchQueryLen caps the bytes of Query, each of whose words
	// becomes a term query per text field: the free text of any valid
	// profile (profile.MaxTextLen) fits.
	MaxSearchQueryLen = profile.MaxTextLen
)

// Search runs a portal search. It returns an error matching
// ErrInvalidQuery for a bad request; one over a limit (MaxSearchWindow,
// MaxSearchQueryLen) also matches profile.ErrTooLarge, with a
// *profile.LimitError naming the field.
func (x *Index) Search(ctx context.Context, req SearchRequest) (*SearchResult, error) {
	if err := x.gate.enter(); err != nil {
		return nil, err
	}
	defer x.gate.leave()
	switch {
	case req.Size < 0:
		return nil, sentinel.Negative(ErrInvalidQuery, "search", "Size", req.Size)
	case req.From < 0:
		return nil, sentinel.Negative(ErrInvalidQuery, "search", "From", req.From)
	}
	size := cmp.Or(req.Size, 10)
	// Compared without adding From and Size, which may overflow.
	var over *profile.LimitError
	switch {
	case size > MaxSearchWindow:
		over = &profile.LimitError{Field: "Size", Len: size, Max: MaxSearchWindow}
	case req.From > MaxSearchWindow-size:
		over = &profile.LimitError{Field: "From", Len: req.From, Max: MaxSearchWindow - size}
	case len(req.Query) > MaxSearchQueryLen:
		over = &profile.LimitError{Field: "Query", Len: len(req.Query), Max: MaxSearchQueryLen}
	}
	if over != nil {
		return nil, sentinel.Wrapf(ErrInvalidQuery, "search: %w", over)
	}
	spec, err := req.Filters.compile()
	if err != nil {
		return nil, err
	}
	qterms := searchTerms(req.Lang, req.Query)
	res := &SearchResult{}
	if spec.None || req.Query != "" && len(qterms) == 0 {
		if req.Facets {
			res.Facets = &Facets{}
		}
		return res, nil
	}

	must, mustNot := bleveFilters(spec)
	var q query.Query
	switch {
	case len(qterms) > 0:
		var should []query.Query
		for _, t := range qterms {
			for f, field := range textFields {
				tq := query.NewTermQuery(t)
				tq.SetField(field)
				tq.SetBoost(searchBoosts[f])
				should = append(should, tq)
			}
		}
		q = scoredQuery(should, must, mustNot)
	case len(must) > 0 || len(mustNot) > 0:
		bq := query.NewBooleanQuery(must, nil, mustNot)
		if len(must) == 0 {
			bq.AddMust(query.NewMatchAllQuery())
		}
		q = bq
	default:
		q = query.NewMatchAllQuery()
	}
	sr := bleve.NewSearchRequestOptions(q, size, req.From, false)
	sr.Fields = []string{fieldSource}
	if len(qterms) > 0 {
		sr.SortBy([]string{"-_score", "_id"})
	} else {
		sr.SortBy([]string{"_id"})
	}
	if req.Facets {
		sr.AddFacet(fieldCountry, bleve.NewFacetRequest(fieldCountry, len(filter.Vocab().CountryCodes)))
		sr.AddFacet(fieldDivision, bleve.NewFacetRequest(fieldDivision, 100)) // 88 divisions
		sr.AddFacet(fieldIndustry, bleve.NewFacetRequest(fieldIndustry, len(filter.Vocab().IndustryNames)))
		sr.AddFacet(fieldMarket, bleve.NewFacetRequest(fieldMarket, len(filter.Vocab().CountryCodes)))
	}
	out, err := x.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, translate("search", err)
	}
	res.Total = int(out.Total)
	var matched func(*profile.Profile) []string
	if len(qterms) > 0 {
		x.mem.mu.RLock()
		defer x.mem.mu.RUnlock()
		matched = x.mem.textMatcher(qterms)
	}
	for _, h := range out.Hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		if len(qterms) == 0 {
			hit.Score = 0
		}
		src, _ := h.Fields[fieldSource].(string)
		if err := decodeStored([]byte(src), h.ID, &hit.Profile); err != nil {
			return nil, &CorruptError{Path: x.path, File: storeDir, Reason: fmt.Sprintf("stored profile %q: %v", h.ID, err)}
		}
		if matched != nil {
			hit.Fields = matched(&hit.Profile)
		}
		res.Hits = append(res.Hits, hit)
	}
	if req.Facets {
		res.Facets = &Facets{
			Countries:  facetCounts(out.Facets[fieldCountry]),
			Divisions:  facetCounts(out.Facets[fieldDivision]),
			Industries: facetCounts(out.Facets[fieldIndustry]),
			Markets:    facetCounts(out.Facets[fieldMarket]),
		}
	}
	return res, nil
}

// scoredQuery returns a query for documents that match one of should,
// all of must and none of mustNot, scored by should alone. The filters are
// a must clause of boost 0 rather than a post-filter, which bleve answers
// faster (benchmarks/RESULTS.md); boost 0 keeps ties exact, to be broken
// by id.
func scoredQuery(should, must, mustNot []query.Query) query.Query {
	bq := query.NewBooleanQuery(nil, should, mustNot)
	if len(must) > 0 {
		cq := query.NewConjunctionQuery(must)
		cq.SetBoost(0)
		bq.AddMust(cq)
		bq.SetMinShould(1)
	}
	return bq
}

// searchTerms analyses a search query with lang's analyser (English for
// "") and the plain one, as candidateTerms does. The result is
// deduplicated.
func searchTerms(lang, text string) []string {
	if text == "" {
		return nil
	}
	own, plain := queryTerms(cmp.Or(lang, "en"), text)
	ts := append(own, plain...)
	var out []string
	for _, t := range ts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// textMatcher returns a function that gives the text fields of a hit
// holding one of the query terms: technologies, offers and needs from the
// view's terms, name and description analysed again. The caller holds
// m.mu while using it.
func (m *memIndex) textMatcher(qterms []string) func(*profile.Profile) []string {
	var qts []qterm
	for _, t := range qterms {
		for _, f := range []int{memOffers, memNeeds, memTechnologies} {
			qts = append(qts, qterm{field: f, term: t})
		}
	}
	inView := m.matcher(qts)
	want := func(ts []string) bool {
		return slices.ContainsFunc(ts, func(t string) bool { return slices.Contains(qterms, t) })
	}
	return func(p *profile.Profile) []string {
		var out []string
		if want(terms.Analyze(p.Language, p.Name)) {
			out = append(out, fieldName)
		}
		if want(terms.Analyze(p.Language, p.Description)) {
			out = append(out, fieldDescription)
		}
		view := inView(p.ID)
		for _, f := range []struct{ match, field string }{
			{MatchTechnologies, fieldTechnologies}, {MatchNeedsOffers, fieldOffers}, {MatchOffersNeeds, fieldNeeds},
		} {
			if slices.Contains(view, f.match) {
				out = append(out, f.field)
			}
		}
		return out
	}
}

// facetCounts converts a bleve facet result.
func facetCounts(fr *search.FacetResult) []FacetCount {
	if fr == nil || fr.Terms == nil {
		return nil
	}
	var out []FacetCount
	for _, t := range fr.Terms.Terms() {
		out = append(out, FacetCount{Value: t.Term, Count: t.Count})
	}
	slices.SortFunc(out, func(a, b FacetCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out
}
