package match_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// recorder is a model that fits as its Model does and keeps the scorer
// it fitted, so that a test can ask the scorer the engine ranked with to
// explain a pair itself.
type recorder struct {
	score.Model
	mu     *sync.Mutex
	fitted map[string]score.Scorer
}

func (r recorder) Fit(ctx context.Context, c *score.Corpus) (score.Scorer, error) {
	s, err := r.Model.Fit(ctx, c)
	if err == nil {
		r.mu.Lock()
		r.fitted[r.Name()] = s
		r.mu.Unlock()
	}
	return s, err
}

// recording opens an engine on the world whose models record their fitted
// scorers; scorer returns the one of a model name.
func recording(t *testing.T) (*match.Engine, func(model string) score.Scorer) {
	t.Helper()
	var mu sync.Mutex
	fitted := map[string]score.Scorer{}
	var models []score.Model
	for _, m := range score.Models() {
		models = append(models, recorder{Model: m, mu: &mu, fitted: fitted})
	}
	eng := newEngine(t, "", match.Config{Models: models, RefitDelay: -1})
	require.NoError(t, eng.Add(context.Background(), world().Profiles...), "Add world")
	return eng, func(model string) score.Scorer {
		mu.Lock()
		defer mu.Unlock()
		return fitted[model]
	}
}

// A Match's Explanation is the tree that the model it was ranked with
// gives for the pair, whatever the query restricts, and its Value is the
// Match's Score: MinScore, rules, Among, paging and exact scoring choose
// the partners, never change a score.
func TestMatchExplanation(t *testing.T) {
	ctx := context.Background()
	eng, scorer := recording(t)
	ps := world().Profiles
	q := ps[5]
	visitor := ps[6].Clone()
	visitor.ID = "visitor" // not indexed: explained from its text
	// Each query is made from base, the model's first page for q, so that
	// MinScore and Among keep some partners whatever the model.
	tests := []struct {
		name  string
		query func(base []match.Match) match.Query
	}{
		{"indexed", func([]match.Match) match.Query { return match.Query{ID: q.ID} }},
		{"ad hoc", func([]match.Match) match.Query { return match.Query{Profile: &visitor} }},
		{"escp4i rules", func([]match.Match) match.Query { return match.Query{ID: q.ID, Rules: "escp4i"} }},
		{"min score", func(base []match.Match) match.Query {
			return match.Query{ID: q.ID, MinScore: base[len(base)/2].Score}
		}},
		{"second page", func([]match.Match) match.Query { return match.Query{ID: q.ID, Offset: 5, Limit: 5} }},
		{"exact", func([]match.Match) match.Query { return match.Query{ID: q.ID, Exact: true} }},
		{"among", func(base []match.Match) match.Query {
			return match.Query{ID: q.ID, Among: []string{base[len(base)-1].ID, base[0].ID, ps[7].ID}}
		}},
	}
	for _, model := range eng.Models() {
		base, err := eng.Partners(ctx, match.Query{ID: q.ID, Model: model})
		require.NoError(t, err, "Partners(%s, %s)", q.ID, model)
		require.NotEmpty(t, base, "Partners(%s, %s)", q.ID, model)
		for _, tt := range tests {
			t.Run(model+"/"+tt.name, func(t *testing.T) {
				mq := tt.query(base)
				mq.Model = model
				ms, err := eng.Partners(ctx, mq)
				require.NoError(t, err, "Partners(%+v)", mq)
				require.NotEmpty(t, ms, "Partners(%+v)", mq)
				qp := mq.Profile
				if qp == nil {
					p, ok := eng.Get(mq.ID)
					require.True(t, ok, "Get(%q)", mq.ID)
					qp = &p
				} else {
					p, err := profile.Clean(*qp)
					require.NoError(t, err, "Clean(%s)", qp.ID)
					qp = &p
				}
				// The model that scored: Fallback's when the asked one
				// stands in for another, which is still the fitted scorer.
				s := scorer(model)
				require.NotNil(t, s, "scorer of %s fitted", model)
				for _, m := range ms {
					require.NotNil(t, m.Explanation, "%s -> %s: explanation", qp.ID, m.ID)
					assert.Equal(t, score.Explain(s, qp, &m.Profile), m.Explanation,
						"%s -> %s with %s: the model's explanation", qp.ID, m.ID, model)
					assert.Equal(t, m.Score, m.Explanation.Value, "%s -> %s with %s: explanation's value is the score", qp.ID, m.ID, model)
					if mq.MinScore > 0 {
						assert.GreaterOrEqual(t, m.Explanation.Value, mq.MinScore, "%s -> %s: value against MinScore", qp.ID, m.ID)
					}
				}
			})
		}
	}
}

// A Match survives JSON: a portal that stores or forwards matches hands on
// the same summary and the same explanation tree, evidence and all.
func TestMatchJSON(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	q := world().Profiles[11]
	for _, model := range eng.Models() {
		t.Run(model, func(t *testing.T) {
			ms, err := eng.Partners(ctx, match.Query{ID: q.ID, Model: model, Limit: 5})
			require.NoError(t, err, "Partners(%s, %s)", q.ID, model)
			require.NotEmpty(t, ms, "Partners(%s, %s)", q.ID, model)
			data, err := json.Marshal(ms)
			require.NoError(t, err, "Marshal the matches of %s with %s", q.ID, model)
			var back []match.Match
			require.NoError(t, json.Unmarshal(data, &back), "Unmarshal the matches of %s with %s", q.ID, model)
			assert.Equal(t, ms, back, "matches of %s with %s through JSON", q.ID, model)
			var keys []map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(data, &keys), "Unmarshal the matches of %s as objects", q.ID)
			for i, k := range keys {
				assert.Contains(t, k, "summary", "match %d of %s with %s: JSON key", i, q.ID, model)
				assert.Contains(t, k, "explanation", "match %d of %s with %s: JSON key", i, q.ID, model)
			}
		})
	}
}
