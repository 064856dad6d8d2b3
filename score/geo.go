package score

import (
	"context"

	"github.com/clustergo/partnermatch/profile"
)

// Scores of [Geo].
const (
	GeoCrossBorder = 1.0 // organisations from two countries
	GeoUnknown     = 0.5 // a country missing or unknown
	GeoSameCountry = 0.2 // one country: a partnership gains less reach
	GeoIneligible  = 0.0 // a member the rule set excludes
)

// Geo rates the geography of a pair: cross-border pairs score
// [GeoCrossBorder], pairs from one country [GeoSameCountry], pairs with a
// missing or unknown country [GeoUnknown], and pairs with a member that
// Rules does not accept ([profile.RuleSet.EligibleMember]) [GeoIneligible].
// It is symmetric and takes values in {0, 0.2, 0.5, 1}.
//
// The zero value applies no eligibility rule. Eligibility depends on the
// call a consortium answers, so the engine builds a Geo per query, for
// example Geo{Rules: profile.ESCP4i()}; Geo needs no fitting and is cheap
// to build.
type Geo struct {
	Rules profile.RuleSet
}

// Name returns "geo".
func (Geo) Name() string { return "geo" }

// Fit returns a Geo that batches faster over the corpus profiles, from
// their countries read once at fit time.
func (g Geo) Fit(_ context.Context, c *Corpus) (Scorer, error) {
	s := &geoScorer{Geo: g, snap: c.snapshot()}
	s.unknownOK = !g.restricted() || g.Rules.EligibleMember("")
	for _, ct := range profile.Countries() {
		s.eligible[codeIndex(ct.Code)] = !g.restricted() || g.Rules.EligibleMember(ct.Code)
	}
	return s, nil
}

func (Geo) usesKnown() bool { return false }

func (g Geo) restricted() bool {
	return len(g.Rules.MemberGroups) > 0 || len(g.Rules.MemberCountries) > 0
}

// side is one profile's geography: its country number and eligibility.
type side struct {
	country  int
	eligible bool
}

func (g Geo) side(p *profile.Profile) side {
	p = orEmpty(p)
	return side{country: countryIndex(p.Country), eligible: !g.restricted() || g.Rules.EligibleMember(p.Country)}
}

func geoScore(a, b side) float64 {
	switch {
	case !a.eligible || !b.eligible:
		return GeoIneligible
	case a.country < 0 || b.country < 0:
		return GeoUnknown
	case a.country == b.country:
		return GeoSameCountry
	}
	return GeoCrossBorder
}

// Score rates the pair's countries.
func (g Geo) Score(q, c *profile.Profile) float64 { return geoScore(g.side(q), g.side(c)) }

// ScoreBatch reads q's country once.
func (g Geo) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	a := g.side(q)
	for i, c := range cs {
		out[i] = geoScore(a, g.side(c))
	}
}

// Explain names the countries and the rule that applies.
func (g Geo) Explain(q, c *profile.Profile) *Explanation {
	q, c = orEmpty(q), orEmpty(c)
	a, b := g.side(q), g.side(c)
	e := &Explanation{Name: "geo", Value: geoScore(a, b)}
	switch {
	case !a.eligible || !b.eligible:
		e.Detail = "not eligible"
		for _, p := range []*profile.Profile{q, c} {
			if !g.Rules.EligibleMember(p.Country) {
				e.Evidence = append(e.Evidence, Evidence{Kind: EvidenceRule, Query: g.Rules.Name, Candidate: p.Country})
			}
		}
		return e
	case a.country < 0 || b.country < 0:
		e.Detail = "country unknown"
	case a.country == b.country:
		e.Detail = "same country"
	default:
		e.Detail = "cross-border"
	}
	e.Evidence = []Evidence{{Kind: EvidenceCountry, Query: q.Country, Candidate: c.Country, Value: e.Value}}
	return e
}

// String names the model and its rule set.
func (g Geo) String() string {
	if g.Rules.Name == "" && !g.restricted() {
		return "geo"
	}
	return "geo(rules=" + g.Rules.Name + ")"
}

// A geoScorer is a fitted Geo: countries and eligibility of corpus
// profiles come from tables.
type geoScorer struct {
	Geo
	snap      *snapshot
	eligible  [numCodes]bool // country number -> eligible member
	unknownOK bool           // whether an unknown country is eligible
}

func (s *geoScorer) snapshot() *snapshot { return s.snap }

func (s *geoScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	s.scoreRows(s.snap.batch(q, cs), out)
}

func (s *geoScorer) scoreRows(b *batch, out []float64) {
	a := s.side(b.q)
	for i, c := range b.cs {
		if r := b.rows[i]; r >= 0 {
			cb := side{country: int(s.snap.codes[r].country), eligible: s.unknownOK}
			if cb.country >= 0 {
				cb.eligible = s.eligible[cb.country]
			}
			out[i] = geoScore(a, cb)
			continue
		}
		out[i] = geoScore(a, s.side(c))
	}
}
