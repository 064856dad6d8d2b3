package match

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
	"github.com/clustergo/partnermatch/terms/concept"
)

// evidence gathers the evidence of e and of its parts, depth first: the
// facts that a match's summary and a consortium member's needs met may
// cite. It is nil for a nil explanation.
func evidence(e *score.Explanation) []score.Evidence {
	if e == nil {
		return nil
	}
	out := slices.Clone(e.Evidence)
	for _, p := range e.Parts {
		out = append(out, evidence(p)...)
	}
	return out
}

// signals returns the signals of a score: the weighted parts of a
// combined model, or the score itself for a single model (and for a
// combination whose parts carry no weights).
func signals(e *score.Explanation) []*score.Explanation {
	if e == nil {
		return nil
	}
	if len(e.Parts) > 0 && (e.Weight != 0 || slices.ContainsFunc(e.Parts, func(p *score.Explanation) bool { return p.Weight != 0 })) {
		return e.Parts
	}
	return []*score.Explanation{e}
}

// summary writes the one-line reason for the match of c to q from ex,
// the explanation of its score: the needs the candidate meets, the needs
// of the candidate the query meets, the technologies both list (where a
// text signal took part), shared markets, sectors, history, and the
// countries. Every fact is checked against both profiles, so it never
// claims what the profiles do not say.
func summary(q, c *profile.Profile, ex *score.Explanation) string {
	ev := evidence(ex)
	var out []string
	if s := phrases(ev, score.EvidenceNeed, c.Offers, c.Technologies, q.Needs, inReadersWords(q, c)); s != "" {
		out = append(out, "offers "+s+" you need")
	}
	if s := phrases(ev, score.EvidenceOffer, q.Offers, q.Technologies, c.Needs, nil); s != "" {
		out = append(out, "needs "+s+" you offer")
	}
	if hasSignal(ex, "tfidf", "lsa") {
		if s := sharedTopics(q, c, strings.Join(out, "; ")); s != "" {
			out = append(out, "both work on "+s)
		}
	}
	if shared := sharedMarkets(q, c); len(shared) > 0 {
		names := make([]string, len(shared))
		for i, m := range shared {
			names[i] = countryName(m)
		}
		out = append(out, "both target "+joinAnd(names))
	}
	for _, e := range ev {
		if e.Kind == score.EvidenceSector && e.Value >= 0.5 && e.Query != e.Candidate {
			out = append(out, fmt.Sprintf("value-chain neighbours (%s and %s)", e.Query, e.Candidate))
			break
		}
	}
	for _, e := range ev {
		if e.Kind == score.EvidencePartnership && slices.Contains(q.Partnerships, e.Query) && slices.Contains(c.Partnerships, e.Query) {
			out = append(out, "worked together in "+e.Query)
			break
		}
		if e.Kind == score.EvidencePartner {
			out = append(out, "share past partner "+e.Query)
			break
		}
	}
	switch {
	case q.Country == "" || c.Country == "":
	case q.Country == c.Country:
		out = append(out, "same country ("+c.Country+")")
	default:
		out = append(out, "different country ("+c.Country+")")
	}
	return strings.Join(out, "; ")
}

// hasSignal reports whether one of the signals of ex is one of the named
// ones with a positive value.
func hasSignal(ex *score.Explanation, names ...string) bool {
	for _, p := range signals(ex) {
		if p.Value > 0 && slices.Contains(names, p.Name) {
			return true
		}
	}
	return false
}

// sharedTopics returns up to two technologies that q and c both list
// (compared without case), in q's order, leaving out those the summary
// already names: the theme they share, in their own words.
func sharedTopics(q, c *profile.Profile, said string) string {
	var out []string
	lower := strings.ToLower(said)
	for _, t := range q.Technologies {
		if len(out) == 2 {
			break
		}
		lt := strings.ToLower(strings.TrimSpace(t))
		if lt == "" || strings.Contains(lower, lt) {
			continue
		}
		if slices.ContainsFunc(c.Technologies, func(u string) bool { return strings.EqualFold(strings.TrimSpace(u), strings.TrimSpace(t)) }) {
			out = append(out, strings.TrimSpace(t))
		}
	}
	return joinAnd(out)
}

// claimCos is the least cosine between a need and an offer for the summary
// to say the offer meets the need; weaker evidence stays in the
// explanation only.
const claimCos = 0.3

// inReadersWords returns how the summary names an offer of c that meets
// a need of q when c writes in another language: the concept they share,
// in q's language, then c's own words ("fruit (Obstverarbeitung)"). It
// returns nil when both write in one language.
func inReadersWords(q, c *profile.Profile) func(offer, need string) string {
	ql, cl := concept.BaseLanguage(cmp.Or(q.Language, "en")), concept.BaseLanguage(cmp.Or(c.Language, "en"))
	if ql == cl {
		return nil
	}
	return func(offer, need string) string {
		var best concept.ID
		var bestW float64
		ns := concept.Concepts(ql, need)
		for _, o := range concept.Concepts(cl, offer) {
			for _, n := range ns {
				if o.ID == n.ID && o.Weight+n.Weight > bestW {
					best, bestW = o.ID, o.Weight+n.Weight
				}
			}
		}
		if best == "" {
			return offer
		}
		label, _ := concept.Label(best, ql)
		if label == "" || strings.EqualFold(label, offer) {
			return offer
		}
		return label + " (" + offer + ")"
	}
}

// phrases returns up to two distinct offers of evidence kind, strongest
// first, that really are offers (or technologies) of the offerer meeting a
// real need in needs, each as name gives it (nil: as written).
func phrases(ev []score.Evidence, kind string, offers, techs, needs []string, name func(offer, need string) string) string {
	ev = slices.Clone(ev)
	slices.SortStableFunc(ev, func(a, b score.Evidence) int { return cmp.Compare(b.Value, a.Value) })
	var got, seen []string
	for _, e := range ev {
		if e.Kind != kind || e.Value < claimCos {
			continue
		}
		offer, need := e.Candidate, e.Query
		if kind == score.EvidenceOffer {
			offer, need = e.Query, e.Candidate
		}
		if !slices.Contains(needs, need) || !(slices.Contains(offers, offer) || slices.Contains(techs, offer)) {
			continue
		}
		if !slices.Contains(seen, offer) {
			seen = append(seen, offer)
			if name != nil {
				offer = name(offer, need)
			}
			got = append(got, offer)
		}
		if len(got) == 2 {
			break
		}
	}
	return joinAnd(got)
}

func sharedMarkets(q, c *profile.Profile) []string {
	var out []string
	for _, m := range q.TargetMarkets {
		if slices.Contains(c.TargetMarkets, m) {
			out = append(out, m)
		}
	}
	return out
}

func countryName(code string) string {
	if c, ok := profile.LookupCountry(code); ok {
		return c.Name
	}
	return code
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
