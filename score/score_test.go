package score_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
	"github.com/clustergo/partnermatch/score/scoretest"
)

// half scores every pair 0.5.
var half = score.Func(func(q, c *profile.Profile) float64 { return 0.5 })

type named struct{ score.Func }

func (named) Name() string { return "constant" }

func TestFunc(t *testing.T) {
	scoretest.Check(t, half, fixtures())
	assert.Equal(t, 0.5, half.Score(nil, nil), "Func.Score(nil, nil)")
}

func TestBatch(t *testing.T) {
	ps := fixtures()
	tests := []struct {
		name string
		s    score.Scorer
	}{
		{"plain scorer", half},
		{"batch scorer", score.Market{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := make([]float64, len(ps))
			score.Batch(tt.s, ps[0], ps, out)
			for i, c := range ps {
				assert.Equal(t, tt.s.Score(ps[0], c), out[i], "Batch(%s)[%d] = Score(%q, %q)", tt.name, i, ps[0].ID, c.ID)
			}
			assert.Panics(t, func() { score.Batch(tt.s, ps[0], ps, out[:1]) }, "Batch with a short output")
		})
	}
}

func TestExplainAnyScorer(t *testing.T) {
	ps := fixtures()
	tests := []struct {
		name     string
		s        score.Scorer
		wantName string
	}{
		{"func", half, "score.Func"},
		{"named", named{half}, "constant"},
		{"explainer", score.Market{}, "market"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := score.Explain(tt.s, ps[0], ps[1])
			require.NotNil(t, e, "Explain(%s)", tt.name)
			assert.Equal(t, tt.wantName, e.Name, "Explain(%s).Name", tt.name)
			assert.Equal(t, tt.s.Score(ps[0], ps[1]), e.Value, "Explain(%s).Value", tt.name)
		})
	}
}

func TestExplanationString(t *testing.T) {
	e := &score.Explanation{
		Name: "weighted", Value: 0.5, Detail: "weighted mean of 2 signals",
		Parts: []*score.Explanation{
			{Name: "market", Value: 0.5, Weight: 0.6, Detail: "shares 1 of 2 and 1 target markets",
				Evidence: []score.Evidence{{Kind: score.EvidenceMarket, Query: "JP", Value: 1}}},
			{Name: "reciprocal", Value: 0.5, Weight: 0.4, Parts: []*score.Explanation{
				{Name: "needs of q met by c", Value: 1, Evidence: []score.Evidence{
					{Kind: score.EvidenceNeed, Query: "lidar", Candidate: "lidar sensors", Value: 0.8}}},
			}},
		},
	}
	want := `0.500 weighted: weighted mean of 2 signals
  0.500 (weight 0.60) market: shares 1 of 2 and 1 target markets
      - market JP
  0.500 (weight 0.40) reciprocal
    1.000 needs of q met by c
        - need "lidar" met by offer "lidar sensors" (0.80)
`
	assert.Equal(t, want, e.String(), "Explanation.String")
}

func TestEvidenceString(t *testing.T) {
	tests := []struct {
		ev   score.Evidence
		want string
	}{
		{score.Evidence{Kind: score.EvidenceNeed, Query: "a", Candidate: "b", Value: 0.5}, `need "a" met by offer "b" (0.50)`},
		{score.Evidence{Kind: score.EvidenceOffer, Query: "a", Candidate: "b", Value: 0.5}, `offer "a" meets need "b" (0.50)`},
		{score.Evidence{Kind: score.EvidenceTerm, Query: "batteri", Value: 0.25}, `term "batteri" (0.25)`},
		{score.Evidence{Kind: score.EvidenceConcept, Query: "a, b", Value: 0.25}, `concept [a, b] (0.25)`},
		{score.Evidence{Kind: score.EvidenceSector, Query: "C27", Candidate: "C20", Value: 1}, `sectors C27 ~ C20 (1.00)`},
		{score.Evidence{Kind: score.EvidenceMarket, Query: "JP"}, `market JP`},
		{score.Evidence{Kind: score.EvidenceCountry, Query: "FR", Candidate: "DE"}, `countries FR / DE`},
		{score.Evidence{Kind: score.EvidenceRule, Query: "escp4i", Candidate: "US"}, `rule set "escp4i" excludes "US"`},
		{score.Evidence{Kind: score.EvidencePartnership, Query: "p1"}, `past partnership "p1"`},
		{score.Evidence{Kind: score.EvidencePartner, Query: "x", Value: 1.44}, `common past partner "x" (1.44)`},
		{score.Evidence{Kind: "other", Query: "a", Candidate: "b", Value: 1}, `other "a" "b" (1.00)`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.ev.String(), "Evidence{Kind: %q}.String()", tt.ev.Kind)
	}
}

func TestModelsNames(t *testing.T) {
	var names []string
	for _, m := range score.Models() {
		names = append(names, m.Name())
	}
	assert.Equal(t, []string{"tfidf", "lsa", "reciprocal", "sector", "market", "geo", "history", "activity", "affinity-kind", "affinity-country", "hybrid", "learned", "auto"},
		names, "Models() names")
	assert.Contains(t, names, score.DefaultModel(), "DefaultModel() is one of Models()")
	assert.Equal(t, "auto", score.DefaultModel(), "DefaultModel()")
}

// TestPrintable checks that fitted scorers print compactly (%v), as
// researchers log configurations, without dumping their vectors.
func TestPrintable(t *testing.T) {
	fitted := fitAll(t, fixtures())
	for name, s := range fitted {
		got := strings.TrimSpace(sprint(s))
		assert.Less(t, len(got), 600, "%s prints in fewer than 600 bytes: %s", name, got)
	}
}
