package score

import (
	"fmt"
	"strings"
)

// An Explanation justifies one score: its value, the signal it comes
// from, a one-line summary, the evidence behind it and, for combined
// models, the explanations of its parts.
type Explanation struct {
	// Name is the model or signal: "reciprocal", "weighted", "q needs".
	Name string `json:"name"`
	// Value is the score, in [0, 1], equal to the Scorer's Score.
	Value float64 `json:"value"`
	// Weight is the part's weight (or coefficient) in its parent
	// combination; 0 when the parent does not weight its parts.
	Weight float64 `json:"weight,omitempty"`
	// Detail summarises the reason in words.
	Detail string `json:"detail,omitempty"`
	// Evidence lists the facts behind Value, strongest first.
	Evidence []Evidence `json:"evidence,omitempty"`
	// Parts explains the scores that Value combines.
	Parts []*Explanation `json:"parts,omitempty"`
}

// Kinds of Evidence.
const (
	EvidenceNeed        = "need"        // Query: a need of q; Candidate: the offer of c that meets it
	EvidenceOffer       = "offer"       // Query: an offer of q; Candidate: the need of c it meets
	EvidenceTerm        = "term"        // Query: a term both texts share
	EvidenceConcept     = "concept"     // Query: the top terms of a latent dimension both load on
	EvidenceSector      = "sector"      // Query and Candidate: the NACE divisions of the pair
	EvidenceMarket      = "market"      // Query: a target market both share
	EvidenceCountry     = "country"     // Query and Candidate: the countries of the pair
	EvidenceRule        = "rule"        // Query: a rule set; Candidate: the ineligible country
	EvidencePartnership = "partnership" // Query: a past partnership both took part in
	EvidencePartner     = "partner"     // Query: the ID of a past partner both share
)

// Evidence is one fact behind a score, as structured data for user
// interfaces; String renders it for people.
type Evidence struct {
	Kind      string  `json:"kind"`                // one of the Evidence* constants
	Query     string  `json:"query,omitempty"`     // the query's side
	Candidate string  `json:"candidate,omitempty"` // the candidate's side
	Value     float64 `json:"value"`               // the fact's strength, for instance a cosine
}

// String renders e on one line.
func (e Evidence) String() string {
	switch e.Kind {
	case EvidenceNeed:
		return fmt.Sprintf("need %q met by offer %q (%.2f)", e.Query, e.Candidate, e.Value)
	case EvidenceOffer:
		return fmt.Sprintf("offer %q meets need %q (%.2f)", e.Query, e.Candidate, e.Value)
	case EvidenceTerm:
		return fmt.Sprintf("term %q (%.2f)", e.Query, e.Value)
	case EvidenceConcept:
		return fmt.Sprintf("concept [%s] (%.2f)", e.Query, e.Value)
	case EvidenceSector:
		return fmt.Sprintf("sectors %s ~ %s (%.2f)", e.Query, e.Candidate, e.Value)
	case EvidenceMarket:
		return fmt.Sprintf("market %s", e.Query)
	case EvidenceCountry:
		return fmt.Sprintf("countries %s / %s", e.Query, e.Candidate)
	case EvidenceRule:
		return fmt.Sprintf("rule set %q excludes %q", e.Query, e.Candidate)
	case EvidencePartnership:
		return fmt.Sprintf("past partnership %q", e.Query)
	case EvidencePartner:
		return fmt.Sprintf("common past partner %q (%.2f)", e.Query, e.Value)
	}
	return fmt.Sprintf("%s %q %q (%.2f)", e.Kind, e.Query, e.Candidate, e.Value)
}

// String renders the explanation as an indented tree, one line per node
// ("0.750 (weight 0.35) reciprocal: ...") followed by its evidence.
func (e *Explanation) String() string {
	var b strings.Builder
	e.write(&b, 0)
	return b.String()
}

func (e *Explanation) write(b *strings.Builder, depth int) {
	indent := strings.Repeat("  ", depth)
	fmt.Fprintf(b, "%s%.3f", indent, e.Value)
	if e.Weight != 0 {
		fmt.Fprintf(b, " (weight %.2f)", e.Weight)
	}
	if e.Name != "" {
		b.WriteString(" " + e.Name)
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	b.WriteByte('\n')
	for _, ev := range e.Evidence {
		fmt.Fprintf(b, "%s    - %s\n", indent, ev)
	}
	for _, p := range e.Parts {
		p.write(b, depth+1)
	}
}
