package benchmarks_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/profile"
)

// tinyProfiles are six profiles whose past partnerships p1 = {a, b, c},
// p2 = {a, e} and p3 = {c, d} make a small collaboration graph; f has
// none.
func tinyProfiles() []profile.Profile {
	mk := func(id, name, country string, ps ...string) profile.Profile {
		return profile.Profile{ID: id, Name: name, Country: country, Partnerships: ps}
	}
	return []profile.Profile{
		mk("a", "Lithium battery cluster", "DE", "p1", "p2"),
		mk("b", "Battery recycling network", "FR", "p1"),
		mk("c", "Wine tourism cluster", "IT", "p1", "p3"),
		mk("d", "Olive oil producers", "ES", "p3"),
		mk("e", "Port logistics", "PL", "p2"),
		mk("f", "Textile design", "NL"),
	}
}

func tinyEnv(t *testing.T) *benchmarks.Env {
	t.Helper()
	env, err := benchmarks.NewEnv(context.Background(), tinyProfiles(), nil, benchmarks.EnvConfig{Seed: 1})
	require.NoError(t, err, "NewEnv")
	t.Cleanup(func() { env.Close() })
	return env
}

func ids(s []benchmarks.Scored) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = x.ID
	}
	return out
}

func TestBaselines(t *testing.T) {
	env := tinyEnv(t)
	ctx := context.Background()
	tests := []struct {
		r     benchmarks.Ranker
		depth int
		want  []string
	}{
		// Partnerships: a 2, c 2, b d e 1, f 0 (not ranked); ties by id.
		{benchmarks.Popularity{}, 10, []string{"c", "b", "d", "e"}},
		{benchmarks.Popularity{}, 2, []string{"c", "b"}},
		// a's partners b, c (p1) and e (p2), one partnership each.
		{benchmarks.PastPartners{}, 10, []string{"b", "c", "e"}},
		// Common partners with a: b shares c, c shares b, d shares c;
		// e's only partner is a.
		{benchmarks.PartnersOfPartners{}, 10, []string{"b", "c", "d"}},
		// Only b shares a word ("battery") with a's text.
		{benchmarks.FullText{}, 10, []string{"b", "c"}}, // c: "cluster"
	}
	for _, tt := range tests {
		got, err := tt.r.Rank(ctx, env, "a", tt.depth)
		require.NoError(t, err, "%s.Rank(a)", tt.r.Name())
		assert.Equal(t, tt.want, ids(got), "%s.Rank(a, %d)", tt.r.Name(), tt.depth)
		assert.True(t, benchmarks.IsBaseline(tt.r), "%s is a baseline", tt.r.Name())
	}

	r := benchmarks.Random{Seed: 1}
	got, err := r.Rank(ctx, env, "a", 10)
	require.NoError(t, err, "Random.Rank")
	assert.ElementsMatch(t, []string{"b", "c", "d", "e", "f"}, ids(got), "Random ranks every other profile")
	again, _ := r.Rank(ctx, env, "a", 10)
	assert.Equal(t, got, again, "Random is deterministic")
	other, _ := benchmarks.Random{Seed: 2}.Rank(ctx, env, "a", 10)
	assert.NotEqual(t, ids(got), ids(other), "another seed, another order")

	for _, r := range []benchmarks.Ranker{benchmarks.PastPartners{}, benchmarks.PartnersOfPartners{}, benchmarks.FullText{}} {
		_, err := r.Rank(ctx, env, "nobody", 10)
		assert.Error(t, err, "%s of an unknown profile", r.Name())
	}
}

func TestModel(t *testing.T) {
	env := tinyEnv(t)
	m := benchmarks.Model{Model: "history", Exact: true}
	assert.Equal(t, "history", m.Name(), "exact name")
	assert.Equal(t, "history (pool)", benchmarks.Model{Model: "history"}.Name(), "candidate path name")
	assert.False(t, benchmarks.IsBaseline(m), "a model is no baseline")
	got, err := m.Rank(context.Background(), env, "a", 3)
	require.NoError(t, err, "Model.Rank")
	require.Len(t, got, 3, "three partners")
	assert.NotContains(t, ids(got), "a", "never the query itself")
	assert.ElementsMatch(t, []string{"b", "c", "e"}, ids(got), "a's past partners score highest on history")
	_, err = benchmarks.Model{Model: "nonsense", Exact: true}.Rank(context.Background(), env, "a", 3)
	assert.Error(t, err, "unknown model")
}

// fixed ranks with fixed lists per seed.
type fixed map[string][]benchmarks.Scored

func (fixed) Name() string { return "fixed" }

func (f fixed) Rank(_ context.Context, _ *benchmarks.Env, id string, depth int) ([]benchmarks.Scored, error) {
	l := f[id]
	return l[:min(depth, len(l))], nil
}

func TestEvaluate(t *testing.T) {
	r := fixed{
		"a": {{ID: "b", Score: 0.9}, {ID: "c", Score: 0.8}, {ID: "d", Score: 0.1}},
		"e": {{ID: "d", Score: 0.5}, {ID: "c", Score: 0.25}},
	}
	d := &benchmarks.Dataset{Name: "tiny", Profiles: tinyProfiles(), Folds: []benchmarks.Fold{{Queries: []benchmarks.Query{
		// b is ignored: the judged list is c, d.
		{ID: "q1", Task: "one", Seeds: []string{"a"}, Relevant: []string{"c"}, Ignore: []string{"b"}},
		// CombSUM of max-normalised scores: b 0.9/0.9 = 1; c 0.8/0.9 +
		// 0.25/0.5 = 1.389; d 0.1/0.9 + 0.5/0.5 = 1.111: c, d, b.
		{ID: "q2", Task: "two", Seeds: []string{"a", "e"}, Relevant: []string{"d"}},
	}}}}
	res, err := benchmarks.Evaluate(context.Background(), d, []benchmarks.Ranker{r}, benchmarks.Options{Ks: []int{1, 2}, Depth: 5})
	require.NoError(t, err, "Evaluate")
	require.Len(t, res.Tasks, 2, "tasks")
	one, two := res.Tasks[0].Systems[0], res.Tasks[1].Systems[0]
	assert.Equal(t, []string{"q1"}, res.Tasks[0].Queries, "queries of task one")
	assert.Equal(t, []float64{1}, one.PerQuery["rr"], "q1: c first once b is ignored")
	assert.Equal(t, []float64{1}, one.PerQuery["ndcg@1"], "q1 NDCG@1")
	assert.Equal(t, []float64{2}, one.PerQuery["countries@2"], "q1: c (IT) and d (ES)")
	assert.InDelta(t, 1.0/6, one.Aggregate["coverage@1"], 1e-12, "q1 shows c only, of 6 profiles")
	assert.Equal(t, []float64{0.5}, two.PerQuery["rr"], "q2: d second after c")
	assert.Equal(t, []float64{1}, two.PerQuery["r@2"], "q2: d within 2")
	assert.True(t, two.Baseline, "a ranker that is not a Model counts as a baseline")
	assert.Len(t, two.Latency, 1, "one latency per query")
	assert.Equal(t, []int{1, 2}, res.Ks, "cut-offs")
	assert.Equal(t, 5, res.Depth, "depth")
}

func TestEvaluateCrossRecall(t *testing.T) {
	r := fixed{
		"a": {{ID: "b", Score: 0.9}, {ID: "c", Score: 0.8}, {ID: "d", Score: 0.1}},
		"e": {{ID: "d", Score: 0.5}, {ID: "c", Score: 0.25}},
	}
	d := &benchmarks.Dataset{Name: "tiny", Profiles: tinyProfiles(), Folds: []benchmarks.Fold{{Queries: []benchmarks.Query{
		{ID: "q1", Task: "one", Seeds: []string{"a"}, Relevant: []string{"b", "c", "d"}},
		{ID: "q2", Task: "one", Seeds: []string{"e"}, Relevant: []string{"c"}},
		{ID: "q3", Task: "one", Seeds: []string{"a", "e"}, Relevant: []string{"d"}}, // two seeds: not counted
	}}},
		TextLanguage: map[string]string{"a": "sr", "b": "sr", "c": "de", "d": "en", "e": "de"},
	}
	res, err := benchmarks.Evaluate(context.Background(), d, []benchmarks.Ranker{r}, benchmarks.Options{Ks: []int{2}, Depth: 5})
	require.NoError(t, err, "Evaluate")
	agg := res.Tasks[0].Systems[0].Aggregate
	// Same language: a-b (rank 1, hit), e-c (rank 2, hit). Cross: a-c (rank
	// 2, hit), a-d (rank 3, miss).
	assert.Equal(t, 2.0, agg[benchmarks.MetricSamePairs], "same-language pairs")
	assert.Equal(t, 2.0, agg[benchmarks.MetricCrossPairs], "cross-language pairs")
	assert.Equal(t, 1.0, agg["srecall@2"], "same-language recall@2")
	assert.Equal(t, 0.5, agg["xrecall@2"], "cross-language recall@2")
	var b bytes.Buffer
	require.NoError(t, benchmarks.WriteMarkdown(&b, res, benchmarks.ReportConfig{Bootstrap: benchmarks.Bootstrap{Resamples: 10}}), "WriteMarkdown")
	assert.Contains(t, b.String(), "| fixed | 1.000 | 0.500 | 0.50 |", "cross-language table")

	d.TextLanguage = nil
	res, err = benchmarks.Evaluate(context.Background(), d, []benchmarks.Ranker{r}, benchmarks.Options{Ks: []int{2}, Depth: 5})
	require.NoError(t, err, "Evaluate")
	assert.NotContains(t, res.Tasks[0].Systems[0].Aggregate, benchmarks.MetricCrossPairs, "no languages, no cross-language recall")
}

func TestTextLanguages(t *testing.T) {
	en := []profile.Profile{
		{ID: "a", Language: "de", Offers: []string{"fruit processing"}},
		{ID: "b", Language: "sr-Latn", Needs: []string{"fruit processing"}},
		{ID: "c", Language: "fr", Offers: []string{"packaging"}},
	}
	native := []profile.Profile{
		{ID: "a", Language: "de", Offers: []string{"Obstverarbeitung"}},
		{ID: "b", Language: "sr-Latn", Needs: []string{"prerada voća"}},
		{ID: "c", Language: "fr", Offers: []string{"packaging"}}, // a French description, English lists
		{ID: "d", Language: "it"},                                // no English twin
	}
	assert.Equal(t, map[string]string{"a": "de", "b": "sr", "c": "en", "d": "en"}, benchmarks.TextLanguages(native, en))
}
