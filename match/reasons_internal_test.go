package match

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// TestSummaryTopics checks the "both work on" clause: technologies both
// profiles list, named only where a text signal took part and not twice.
func TestSummaryTopics(t *testing.T) {
	q := &profile.Profile{Country: "DE", Technologies: []string{"solid-state batteries", "cell testing", "recycling"},
		Needs: []string{"cell testing"}}
	c := &profile.Profile{Country: "FR", Technologies: []string{"Solid-State Batteries", "cell testing", "recycling"},
		Offers: []string{"cell testing"}}
	text := Reason{Signal: "tfidf", Value: 0.4}
	meets := Reason{Signal: "reciprocal", Value: 0.9, Evidence: []score.Evidence{
		{Kind: score.EvidenceNeed, Query: "cell testing", Candidate: "cell testing", Value: 1}}}
	tests := []struct {
		name  string
		parts []Reason
		want  string
	}{
		{"text signal: shared technologies, q's spelling, at most two", []Reason{text},
			"both work on solid-state batteries and cell testing; different country (FR)"},
		{"no text signal: no topic clause", []Reason{{Signal: "market", Value: 0.5}},
			"different country (FR)"},
		{"a zero text signal says nothing", []Reason{{Signal: "tfidf", Value: 0}},
			"different country (FR)"},
		{"what an offer already names is not repeated", []Reason{meets, text},
			"offers cell testing you need; both work on solid-state batteries and recycling; different country (FR)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, summary(q, c, tt.parts))
		})
	}
}
