package score_test

import (
	"context"
	"fmt"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// Labelled prefers candidates with a cluster-excellence label: a model
// of one's own whose fitted scorer is a DenseScorer, so that a hybrid's
// screen ranks the whole corpus by it too.
type Labelled struct{}

func (Labelled) Name() string { return "labelled" }

func (Labelled) Fit(_ context.Context, c *score.Corpus) (score.Scorer, error) {
	s := &labelledScorer{corpus: c, rows: make([]float64, len(c.Profiles))}
	for r, p := range c.Profiles {
		if p != nil {
			s.rows[r] = labelScore(p)
		}
	}
	return s, nil
}

func labelScore(p *profile.Profile) float64 {
	return map[string]float64{"bronze": 0.4, "silver": 0.7, "gold": 1}[p.Label]
}

type labelledScorer struct {
	corpus *score.Corpus
	rows   []float64 // the fitted corpus's scores by row: read once per screen
}

func (s *labelledScorer) Score(_, c *profile.Profile) float64 { return labelScore(c) }

func (s *labelledScorer) Corpus() *score.Corpus { return s.corpus }

func (s *labelledScorer) ScoreRows(_ *profile.Profile, lo int, out []float64) {
	copy(out, s.rows[lo:])
}

func ExampleDenseScorer() {
	ps := []*profile.Profile{
		{ID: "a", Label: "bronze", TargetMarkets: []string{"US"}},
		{ID: "b", TargetMarkets: []string{"US", "JP"}},
		{ID: "c", Label: "gold", TargetMarkets: []string{"CA"}},
		{ID: "q", TargetMarkets: []string{"US", "JP"}},
	}
	corpus := &score.Corpus{Profiles: ps}
	for _, h := range []score.Hybrid{
		{{Model: score.Market{}, Weight: 1}},
		{{Model: score.Market{}, Weight: 1}, {Model: Labelled{}, Weight: 2}},
	} {
		s, err := h.Fit(context.Background(), corpus)
		if err != nil {
			panic(err)
		}
		top, _ := s.(score.Screener).Screen(context.Background(), ps[3], 3, func(p *profile.Profile) bool { return p.ID != "q" })
		var ids []string
		for _, p := range top {
			ids = append(ids, p.ID)
		}
		fmt.Println(ids)
	}
	// Output:
	// [b a c]
	// [c a b]
}
