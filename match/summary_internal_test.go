package match

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// TestSummaryTopics checks the "both work on" clause: technologies both
// profiles list, named only where a text signal (a top-level part of the
// explanation) took part and not twice.
func TestSummaryTopics(t *testing.T) {
	q := &profile.Profile{Country: "DE", Technologies: []string{"solid-state batteries", "cell testing", "recycling"},
		Needs: []string{"cell testing"}}
	c := &profile.Profile{Country: "FR", Technologies: []string{"Solid-State Batteries", "cell testing", "recycling"},
		Offers: []string{"cell testing"}}
	text := &score.Explanation{Name: "tfidf", Value: 0.4}
	meets := &score.Explanation{Name: "reciprocal", Value: 0.9, Evidence: []score.Evidence{
		{Kind: score.EvidenceNeed, Query: "cell testing", Candidate: "cell testing", Value: 1}}}
	weighted := func(parts ...*score.Explanation) *score.Explanation {
		e := &score.Explanation{Name: "weighted", Value: 0.5}
		for _, p := range parts {
			p := *p
			p.Weight = 0.5
			e.Parts = append(e.Parts, &p)
		}
		return e
	}
	tests := []struct {
		name string
		ex   *score.Explanation
		want string
	}{
		{"text signal: shared technologies, q's spelling, at most two", text,
			"both work on solid-state batteries and cell testing; different country (FR)"},
		{"no text signal: no topic clause", &score.Explanation{Name: "market", Value: 0.5},
			"different country (FR)"},
		{"a zero text signal says nothing", &score.Explanation{Name: "tfidf", Value: 0},
			"different country (FR)"},
		{"what an offer already names is not repeated", weighted(meets, text),
			"offers cell testing you need; both work on solid-state batteries and recycling; different country (FR)"},
		{"a weighted text part is a signal", weighted(&score.Explanation{Name: "market", Value: 0.5}, text),
			"both work on solid-state batteries and cell testing; different country (FR)"},
		// Unweighted parts are pieces of one signal, as the two sides of
		// reciprocal are: the combination is the signal, not a text part.
		{"an unweighted text part is not a signal", &score.Explanation{Name: "custom", Value: 0.4, Parts: []*score.Explanation{text}},
			"different country (FR)"},
		{"evidence beneath the top level counts", &score.Explanation{Name: "custom", Value: 0.9, Parts: []*score.Explanation{meets}},
			"offers cell testing you need; different country (FR)"},
		{"no explanation: the countries only", nil, "different country (FR)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, summary(q, c, tt.ex), "summary of %v", tt.ex)
		})
	}
}
