package match_test

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/score"
)

// world is a small synthetic world shared by the tests (read-only).
var world = sync.OnceValue(func() *synth.World {
	w, err := synth.Generate(synth.Config{Seed: 7, Profiles: 400})
	if err != nil {
		panic(err)
	}
	return w
})

func newEngine(t *testing.T, path string, cfg match.Config) *match.Engine {
	t.Helper()
	eng, err := match.Open(path, cfg)
	require.NoError(t, err, "Open(%q)", path)
	t.Cleanup(func() { eng.Close() })
	return eng
}

func loaded(t *testing.T) *match.Engine {
	t.Helper()
	eng := newEngine(t, "", match.Config{RefitDelay: -1})
	require.NoError(t, eng.Add(context.Background(), world().Profiles...), "Add world")
	return eng
}

func TestPartnersBasics(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	assert.Equal(t, len(world().Profiles), eng.Len(), "Len after Add")
	for _, model := range eng.Models() {
		t.Run(model, func(t *testing.T) {
			q := world().Profiles[3]
			ms, err := eng.Partners(ctx, match.Query{ID: q.ID, Model: model})
			require.NoError(t, err, "Partners(%s, model %s)", q.ID, model)
			require.NotEmpty(t, ms, "partners for %s with %s", q.ID, model)
			assert.LessOrEqual(t, len(ms), 10, "default limit")
			for i, m := range ms {
				assert.NotEqual(t, q.ID, m.ID, "never the query itself")
				assert.Equal(t, m.ID, m.Profile.ID, "match profile id")
				assert.True(t, m.Score >= 0 && m.Score <= 1, "score %v in [0,1]", m.Score)
				if i > 0 {
					prev := ms[i-1]
					assert.True(t, prev.Score > m.Score || prev.Score == m.Score && prev.ID < m.ID,
						"order at %d: %v %s then %v %s", i, prev.Score, prev.ID, m.Score, m.ID)
				}
				assert.NotNil(t, m.Explanation, "explanation of %s", m.ID)
			}
		})
	}
}

func TestPartnersFilters(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	q := world().Profiles[0]
	pass := func(check func(p profile.Profile) bool) func(t *testing.T, ms []match.Match) {
		return func(t *testing.T, ms []match.Match) {
			require.NotEmpty(t, ms, "some partners pass")
			for _, m := range ms {
				assert.True(t, check(m.Profile), "partner %s (%s) passes the filter", m.ID, m.Profile.Country)
			}
		}
	}
	escp := profile.ESCP4i()
	tests := []struct {
		name  string
		query match.Query
		check func(t *testing.T, ms []match.Match)
	}{
		{"countries", match.Query{Filters: index.Filters{Countries: []string{"de", "FR"}}}, pass(func(p profile.Profile) bool { return p.Country == "DE" || p.Country == "FR" })},
		{"exclude countries", match.Query{Filters: index.Filters{ExcludeCountries: []string{"DE", "FR", "IT", "ES"}}}, pass(func(p profile.Profile) bool { return !slices.Contains([]string{"DE", "FR", "IT", "ES"}, p.Country) })},
		{"EL is GR", match.Query{Filters: index.Filters{Countries: []string{"EL", "DE"}}}, pass(func(p profile.Profile) bool { return p.Country == "GR" || p.Country == "DE" })},
		{"kinds", match.Query{Filters: index.Filters{Kinds: []string{"cluster"}}}, pass(func(p profile.Profile) bool { return p.Kind == "cluster" })},
		{"industries", match.Query{Filters: index.Filters{Industries: []string{"digital-industries"}}}, pass(func(p profile.Profile) bool { return slices.Contains(p.Industries, "digital-industries") })},
		{"sectors by prefix", match.Query{Filters: index.Filters{Sectors: []string{"C"}}}, pass(func(p profile.Profile) bool {
			return slices.ContainsFunc(p.Sectors, func(s string) bool { return strings.HasPrefix(s, "C") })
		})},
		{"markets", match.Query{Filters: index.Filters{Markets: []string{"JP", "US"}}}, pass(func(p profile.Profile) bool {
			return slices.Contains(p.TargetMarkets, "JP") || slices.Contains(p.TargetMarkets, "US")
		})},
		{"members range", match.Query{Filters: index.Filters{Members: index.Range{Min: 100}}}, pass(func(p profile.Profile) bool { return p.Members >= 100 })},
		{"SMEs range", match.Query{Filters: index.Filters{SMEs: index.Range{Max: 50}}}, pass(func(p profile.Profile) bool { return p.SMEs > 0 && p.SMEs <= 50 })},
		{"founded range", match.Query{Filters: index.Filters{Founded: index.Range{Min: 2000, Max: 2010}}}, pass(func(p profile.Profile) bool { return p.Founded >= 2000 && p.Founded <= 2010 })},
		{"ecosystems", match.Query{Filters: index.Filters{Ecosystems: world().Profiles[1].Ecosystems[:1]}}, pass(func(p profile.Profile) bool {
			return slices.Contains(p.Ecosystems, world().Profiles[1].Ecosystems[0])
		})},
		{"escp4i rules", match.Query{Rules: "escp4i", Limit: 50}, pass(func(p profile.Profile) bool { return escp.EligibleMember(p.Country) })},
		{"open rules", match.Query{Rules: "open"}, pass(func(profile.Profile) bool { return true })},
		{"min score", match.Query{MinScore: 0.3, Limit: 100, Model: "hybrid"}, pass(func(profile.Profile) bool { return true })},
		{"limit", match.Query{Limit: 3}, func(t *testing.T, ms []match.Match) { assert.Len(t, ms, 3, "Limit 3") }},
		{"exact mode", match.Query{Exact: true, Limit: 5}, func(t *testing.T, ms []match.Match) { assert.Len(t, ms, 5, "exact Limit 5") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.query.ID = q.ID
			ms, err := eng.Partners(ctx, tt.query)
			require.NoError(t, err, "Partners(%+v)", tt.query)
			tt.check(t, ms)
			if tt.query.MinScore > 0 {
				for _, m := range ms {
					assert.GreaterOrEqual(t, m.Score, tt.query.MinScore, "MinScore of %s", m.ID)
				}
			}
		})
	}
}

func TestPartnersErrors(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	id := world().Profiles[0].ID
	bad := profile.Profile{ID: "visitor", Name: "Visitor", Country: "ZZ"}
	tests := []struct {
		name  string
		query match.Query
		want  error
	}{
		{"unknown id", match.Query{ID: "no-such-id"}, match.ErrUnknownProfile},
		{"neither id nor profile", match.Query{}, match.ErrInvalidQuery},
		{"both id and profile", match.Query{ID: id, Profile: &world().Profiles[1]}, match.ErrInvalidQuery},
		{"invalid ad-hoc profile", match.Query{Profile: &bad}, profile.ErrInvalid},
		{"unknown model", match.Query{ID: id, Model: "astrology"}, match.ErrUnknownModel},
		{"unknown rules", match.Query{ID: id, Rules: "horizon"}, match.ErrUnknownRules},
		{"bad country filter", match.Query{ID: id, Filters: index.Filters{Countries: []string{"ZZ"}}}, match.ErrInvalidQuery},
		{"bad sector filter", match.Query{ID: id, Filters: index.Filters{Sectors: []string{"C99"}}}, match.ErrInvalidQuery},
		{"bad industry filter", match.Query{ID: id, Filters: index.Filters{Industries: []string{"alchemy"}}}, match.ErrInvalidQuery},
		{"negative limit", match.Query{ID: id, Limit: -1}, match.ErrInvalidQuery},
		{"negative offset", match.Query{ID: id, Offset: -1}, match.ErrInvalidQuery},
		{"bad range filter", match.Query{ID: id, Filters: index.Filters{Members: index.Range{Min: 5, Max: 2}}}, match.ErrInvalidQuery},
		{"rules in the filters", match.Query{ID: id, Filters: index.Filters{Rules: profile.ESCP4i()}}, match.ErrInvalidQuery},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := eng.Len()
			_, err := eng.Partners(ctx, tt.query)
			assert.ErrorIs(t, err, tt.want, "Partners(%+v)", tt.query)
			assert.Equal(t, n, eng.Len(), "a failed query changes nothing")
		})
	}
	var ve *profile.ValidationError
	_, err := eng.Partners(ctx, match.Query{Profile: &bad})
	require.ErrorAs(t, err, &ve, "invalid ad-hoc profile gives a ValidationError")
	assert.Equal(t, "country", ve.Fields[0].Field, "the error names the field")
	assert.Equal(t, "ZZ", ve.Fields[0].Value, "the error names the value")
}

// TestPartnersFilterErrors checks that a bad filter value is reported as
// a *index.FilterError naming the field of Query.Filters and the value.
func TestPartnersFilterErrors(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	id := world().Profiles[0].ID
	tests := []struct {
		name    string
		filters index.Filters
		want    index.FilterError
	}{
		{"unknown label", index.Filters{Labels: []string{"platinum"}}, index.FilterError{Field: "Labels", Value: "platinum", Reason: "unknown value"}},
		{"founded range upside down", index.Filters{Founded: index.Range{Min: 2010, Max: 2000}}, index.FilterError{Field: "Founded", Value: "{Min:2010 Max:2000}", Reason: "bad range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Partners(ctx, match.Query{ID: id, Filters: tt.filters})
			assert.ErrorIs(t, err, match.ErrInvalidQuery, "Partners(Filters %+v)", tt.filters)
			var fe *index.FilterError
			if assert.ErrorAs(t, err, &fe, "Partners(Filters %+v): a FilterError", tt.filters) {
				assert.Equal(t, tt.want, *fe, "Partners(Filters %+v): field, value and reason", tt.filters)
			}
		})
	}
}

// TestPartnersPaging checks that Offset pages through one ranking: page
// 2 of Limit 10 is the 11th to the 20th match of Limit 20, for the pool,
// with filters and rules, and in exact mode; a page past the end is empty.
func TestPartnersPaging(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	id := world().Profiles[0].ID
	tests := []struct {
		name string
		q    match.Query
	}{
		{"pool", match.Query{ID: id}},
		{"rules and filters", match.Query{ID: id, Rules: "escp4i", Filters: index.Filters{Kinds: []string{"cluster", "network"}}}},
		{"exact", match.Query{ID: id, Exact: true}},
		{"model", match.Query{ID: id, Model: "reciprocal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all, page := tt.q, tt.q
			all.Limit = 20
			page.Offset, page.Limit = 10, 10
			want, err := eng.Partners(ctx, all)
			require.NoError(t, err, "Partners(%+v)", all)
			require.Len(t, want, 20, "Partners(%+v)", all)
			got, err := eng.Partners(ctx, page)
			require.NoError(t, err, "Partners(%+v)", page)
			assert.Equal(t, want[10:], got, "Partners(%+v): the 11th to 20th of Limit 20", page)
		})
	}
	// 400 profiles: every one but the query ranks at Exact, so Offset 399 is past the end.
	ms, err := eng.Partners(ctx, match.Query{ID: id, Exact: true, Offset: len(world().Profiles) - 1})
	require.NoError(t, err, "a page past the end")
	assert.Empty(t, ms, "a page past the end")
}

// TestDefaultRules checks that an empty Rules means DefaultRules in all
// three queries: the same partners, consortia and matchday as naming it.
func TestDefaultRules(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	ps := world().Profiles
	id := ps[0].ID

	empty, err := eng.Partners(ctx, match.Query{ID: id, Limit: 30})
	require.NoError(t, err, "Partners with empty Rules")
	named, err := eng.Partners(ctx, match.Query{ID: id, Limit: 30, Rules: match.DefaultRules})
	require.NoError(t, err, "Partners with Rules %q", match.DefaultRules)
	assert.Equal(t, named, empty, "Partners: empty Rules is DefaultRules")

	cq := match.ConsortiumQuery{Seeds: []string{id}, Alternatives: 1, Model: "reciprocal"}
	cEmpty, errEmpty := eng.Consortium(ctx, cq)
	cq.Rules = match.DefaultRules
	cNamed, errNamed := eng.Consortium(ctx, cq)
	assert.Equal(t, errNamed, errEmpty, "Consortium: empty Rules is DefaultRules (error)")
	assert.Equal(t, cNamed, cEmpty, "Consortium: empty Rules is DefaultRules")

	// A cluster outside the EU and COSME countries may seed a consortium
	// by default, not under escp4i: the default restricts nothing.
	escp := profile.ESCP4i()
	i := slices.IndexFunc(ps, func(p profile.Profile) bool { return !escp.EligibleMember(p.Country) })
	require.GreaterOrEqual(t, i, 0, "an ineligible profile in the world")
	_, err = eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{ps[i].ID}, Alternatives: 1, Model: "reciprocal"})
	var ie *match.InfeasibleError
	if errors.As(err, &ie) {
		assert.NotEqual(t, "member_country", ie.Constraint, "Consortium(%s, %s): the default admits every country", ps[i].ID, ps[i].Country)
	}
	_, err = eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{ps[i].ID}, Rules: "escp4i"})
	require.ErrorAs(t, err, &ie, "Consortium(%s, %s) under escp4i", ps[i].ID, ps[i].Country)
	assert.Equal(t, "member_country", ie.Constraint, "Consortium(%s, %s) under escp4i", ps[i].ID, ps[i].Country)
	ms, err := eng.Partners(ctx, match.Query{ID: id, Exact: true, Limit: match.MaxLimit})
	require.NoError(t, err, "Partners, exact")
	assert.True(t, slices.ContainsFunc(ms, func(m match.Match) bool { return !escp.EligibleMember(m.Profile.Country) }),
		"Partners: the default keeps partners outside the EU and COSME countries")

	var ids []string
	for _, p := range ps[:12] {
		ids = append(ids, p.ID)
	}
	mq := match.MatchdayQuery{IDs: ids, MaxSize: 3, Model: "reciprocal"}
	mEmpty, errEmpty := eng.Matchday(ctx, mq)
	mq.Rules = match.DefaultRules
	mNamed, errNamed := eng.Matchday(ctx, mq)
	assert.Equal(t, errNamed, errEmpty, "Matchday: empty Rules is DefaultRules (error)")
	assert.Equal(t, mNamed, mEmpty, "Matchday: empty Rules is DefaultRules")
}

func TestAddRemove(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	n := eng.Len()
	good := world().Profiles[0]
	good.ID = "new-cluster"
	bad := good
	bad.ID = "new-bad"
	bad.Sectors = []string{"C99"}

	err := eng.Add(ctx, good, bad)
	var ve *profile.ValidationError
	require.ErrorAs(t, err, &ve, "Add with an invalid profile")
	assert.Equal(t, "new-bad", ve.ID, "the error names the bad profile")
	assert.Equal(t, n, eng.Len(), "a failed Add adds nothing")
	_, ok := eng.Get("new-cluster")
	assert.False(t, ok, "the good profile of a failed batch is not added")

	require.NoError(t, eng.Add(ctx, good), "Add")
	assert.Equal(t, n+1, eng.Len(), "Len after Add")
	got, ok := eng.Get("new-cluster")
	require.True(t, ok, "Get after Add")
	assert.Equal(t, good.Name, got.Name, "stored name")

	ms, err := eng.Partners(ctx, match.Query{ID: world().Profiles[1].ID, Limit: 400, Exact: true})
	require.NoError(t, err)
	require.NoError(t, eng.Remove(ctx, "new-cluster"), "Remove")
	assert.Equal(t, n, eng.Len(), "Len after Remove")
	assert.ErrorIs(t, eng.Remove(ctx, "new-cluster"), match.ErrUnknownProfile, "Remove twice")
	ms2, err := eng.Partners(ctx, match.Query{ID: world().Profiles[1].ID, Limit: 400, Exact: true})
	require.NoError(t, err)
	assert.Equal(t, len(ms)-1, len(ms2), "a removed profile is never returned")
	for _, m := range ms2 {
		assert.NotEqual(t, "new-cluster", m.ID, "removed profile returned")
	}
}

func TestAdHocProfile(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	src := world().Profiles[5]
	visitor := src.Clone()
	visitor.ID = ""
	visitor.Name = "A visitor's draft profile"
	ms, err := eng.Partners(ctx, match.Query{Profile: &visitor, Limit: 5})
	require.NoError(t, err, "Partners for an ad-hoc profile")
	require.Len(t, ms, 5, "partners for an ad-hoc profile")
	assert.Equal(t, len(world().Profiles), eng.Len(), "an ad-hoc query adds nothing")

	// With the indexed profile's id it is excluded, as an indexed query is.
	visitor.ID = src.ID
	ms, err = eng.Partners(ctx, match.Query{Profile: &visitor, Limit: 20})
	require.NoError(t, err)
	for _, m := range ms {
		assert.NotEqual(t, src.ID, m.ID, "the ad-hoc profile's own id is excluded")
	}
}

// Every need the summary claims is met must be a need of the query and an
// offer (or technology) of the partner; shared markets must be shared;
// and so must the evidence anywhere in the explanation.
func TestSummaryTruthful(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	for _, q := range world().Profiles[:40] {
		ms, err := eng.Partners(ctx, match.Query{ID: q.ID, Limit: 5})
		require.NoError(t, err)
		for _, m := range ms {
			assert.NotEmpty(t, m.Summary, "summary for %s -> %s", q.ID, m.ID)
			require.NotNil(t, m.Explanation, "explanation for %s -> %s", q.ID, m.ID)
			for _, ev := range allEvidence(m.Explanation) {
				switch ev.Kind {
				case score.EvidenceNeed:
					assert.Contains(t, q.Needs, ev.Query, "need evidence is a need of the query (%s -> %s)", q.ID, m.ID)
					assert.Contains(t, append(slices.Clone(m.Profile.Offers), m.Profile.Technologies...), ev.Candidate,
						"need evidence is met by an offer of the partner (%s -> %s)", q.ID, m.ID)
				case score.EvidenceOffer:
					assert.Contains(t, m.Profile.Needs, ev.Candidate, "offer evidence meets a need of the partner")
					assert.Contains(t, append(slices.Clone(q.Offers), q.Technologies...), ev.Query, "offer evidence is an offer of the query")
				case score.EvidenceMarket:
					assert.Contains(t, q.TargetMarkets, ev.Query, "market evidence is a market of the query")
					assert.Contains(t, m.Profile.TargetMarkets, ev.Query, "market evidence is a market of the partner")
				}
			}
			if strings.Contains(m.Summary, "different country") {
				assert.NotEqual(t, q.Country, m.Profile.Country, "summary says different country: %s", m.Summary)
			}
			if strings.Contains(m.Summary, "same country") {
				assert.Equal(t, q.Country, m.Profile.Country, "summary says same country: %s", m.Summary)
			}
		}
	}
}

// allEvidence returns the evidence of every node of e.
func allEvidence(e *score.Explanation) []score.Evidence {
	out := slices.Clone(e.Evidence)
	for _, p := range e.Parts {
		out = append(out, allEvidence(p)...)
	}
	return out
}

func TestPersistence(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir() + "/idx"
	eng, err := match.Open(dir, match.Config{RefitDelay: -1})
	require.NoError(t, err, "Open new folder")
	require.NoError(t, eng.Add(ctx, world().Profiles...))
	q := world().Profiles[2].ID
	before, err := eng.Partners(ctx, match.Query{ID: q})
	require.NoError(t, err)
	require.NoError(t, eng.Close(), "Close")
	assert.ErrorIs(t, eng.Close(), match.ErrClosed, "Close twice")
	_, err = eng.Partners(ctx, match.Query{ID: q})
	assert.ErrorIs(t, err, match.ErrClosed, "Partners after Close")

	eng2 := newEngine(t, dir, match.Config{RefitDelay: -1})
	assert.Equal(t, len(world().Profiles), eng2.Len(), "profiles after reopen")
	after, err := eng2.Partners(ctx, match.Query{ID: q})
	require.NoError(t, err)
	require.Equal(t, len(before), len(after), "same number of partners after reopen")
	for i := range before {
		assert.Equal(t, before[i].ID, after[i].ID, "partner %d after reopen", i)
		assert.InDelta(t, before[i].Score, after[i].Score, 1e-9, "score %d after reopen", i)
	}
	got, ok := eng2.Get(q)
	require.True(t, ok)
	want := world().Profiles[2]
	assert.Equal(t, want, got, "profile read back exactly")
}

func TestConcurrentPartnersDuringAdd(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t, "", match.Config{RefitDelay: 1}) // refit right after writes
	ps := world().Profiles
	require.NoError(t, eng.Add(ctx, ps[:100]...))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 4 {
		wg.Go(func() {
			for i := range 30 {
				_, err := eng.Partners(ctx, match.Query{ID: ps[(g*7+i)%100].ID, Limit: 5})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	for i := 100; i < len(ps); i += 50 {
		require.NoError(t, eng.Add(ctx, ps[i:min(i+50, len(ps))]...), "Add during queries")
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err, "Partners during Add")
	}
	require.NoError(t, eng.Refit(ctx), "Refit")
	assert.False(t, eng.Fit().Stale, "fit is fresh after Refit")
	assert.Equal(t, len(ps), eng.Fit().Profiles, "fit covers every profile after Refit")
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  match.Config
		want error
	}{
		{"unknown default model", match.Config{DefaultModel: "astrology"}, match.ErrUnknownModel},
		{"bad rule set", match.Config{RuleSets: []profile.RuleSet{{Name: "bad", MemberCountries: []string{"ZZ"}}}}, profile.ErrInvalid},
	}
	for _, tt := range tests {
		_, err := match.Open("", tt.cfg)
		assert.ErrorIs(t, err, tt.want, "Open with %s", tt.name)
	}
	_, err := match.Open("", match.Config{Pool: -1})
	assert.Error(t, err, "negative pool")

	// A custom rule set can be named in queries.
	ctx := context.Background()
	nordic := profile.RuleSet{Name: "nordic", MemberCountries: []string{"SE", "DK", "FI", "NO", "IS"}}
	eng := newEngine(t, "", match.Config{RuleSets: []profile.RuleSet{nordic}, RefitDelay: -1})
	require.NoError(t, eng.Add(ctx, world().Profiles...))
	ms, err := eng.Partners(ctx, match.Query{ID: world().Profiles[0].ID, Rules: "nordic", Limit: 20})
	require.NoError(t, err)
	require.NotEmpty(t, ms, "nordic partners")
	for _, m := range ms {
		assert.Contains(t, nordic.MemberCountries, m.Profile.Country, "custom rule set keeps %s", m.ID)
	}
}

func TestSearch(t *testing.T) {
	eng := loaded(t)
	res, err := eng.Search(context.Background(), index.SearchRequest{Query: "battery", Facets: true})
	require.NoError(t, err)
	assert.NotNil(t, res.Facets, "facets requested")
	_, err = eng.Search(context.Background(), index.SearchRequest{Filters: index.Filters{Countries: []string{"ZZ"}}})
	assert.ErrorIs(t, err, match.ErrInvalidQuery, "bad filter in Search")
}

// The candidate pool must find nearly the exact top 10 of the default
// model where it is a small fraction of the corpus (300 text candidates
// and a screen of 500 among 5,000 profiles), and each of its sources must
// pull its weight: without the screen, text retrieval and the graph must
// still find most of it, so that an index returning no candidates fails.
func TestExactRecall(t *testing.T) {
	if testing.Short() {
		t.Skip("about 15 s: skipped in short mode")
	}
	ctx := context.Background()
	w, err := synth.Generate(synth.Config{Seed: 3, Profiles: 5000})
	require.NoError(t, err)
	tests := []struct {
		name string
		cfg  match.Config
		min  float64
	}{
		{"pool: text, screen and graph", match.Config{}, 0.95},
		{"text and graph only", match.Config{Screen: -1}, 0.55},
		{"screen and graph only: a text pool of 1", match.Config{Pool: 1}, 0.9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.RefitDelay = -1
			eng := newEngine(t, "", tt.cfg)
			require.NoError(t, eng.Add(ctx, w.Profiles...))
			var hit, total int
			for i := 0; i < len(w.Profiles); i += 50 {
				q := w.Profiles[i]
				fast, err := eng.Partners(ctx, match.Query{ID: q.ID})
				require.NoError(t, err)
				exact, err := eng.Partners(ctx, match.Query{ID: q.ID, Exact: true})
				require.NoError(t, err)
				ids := map[string]bool{}
				for _, m := range fast {
					ids[m.ID] = true
				}
				for _, m := range exact {
					total++
					if ids[m.ID] {
						hit++
					}
				}
			}
			recall := float64(hit) / float64(total)
			t.Logf("recall@10 of the pool against exact scoring on %d profiles: %.3f", len(w.Profiles), recall)
			assert.GreaterOrEqual(t, recall, tt.min, "recall@10 against exact scoring")
		})
	}
}

func TestErrorsAreDistinct(t *testing.T) {
	errs := []error{match.ErrUnknownProfile, match.ErrUnknownModel, match.ErrUnknownRules, match.ErrInvalidQuery, match.ErrClosed}
	for i, a := range errs {
		for j, b := range errs {
			assert.Equal(t, i == j, errors.Is(a, b), "errors.Is(%v, %v)", a, b)
		}
	}
}

// A past partner with nothing in common in the text is still a candidate:
// the collaboration graph adds it to the pool for the history signal.
func TestHistoryCandidates(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t, "", match.Config{RefitDelay: -1})
	ps := []profile.Profile{
		{ID: "a", Name: "Alpha", Country: "DE", Offers: []string{"lidar sensors"}, Needs: []string{"vineyard robots"}, Partnerships: []string{"p1"}},
		{ID: "b", Name: "Beta", Country: "FR", Offers: []string{"cheese export"}, Needs: []string{"dairy logistics"}, Partnerships: []string{"p1", "p2"}},
		{ID: "c", Name: "Gamma", Country: "IT", Offers: []string{"opera tickets"}, Needs: []string{"stage lighting"}, Partnerships: []string{"p2"}},
		{ID: "d", Name: "Delta", Country: "ES", Offers: []string{"vineyard robots"}, Needs: []string{"lidar sensors"}},
	}
	require.NoError(t, eng.Add(ctx, ps...))
	ms, err := eng.Partners(ctx, match.Query{ID: "a", Model: "history"})
	require.NoError(t, err)
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	assert.Contains(t, ids, "b", "past partner b is a candidate though no text matches")
	assert.Contains(t, ids, "c", "partner of partner c is a candidate")
	assert.Contains(t, ids, "d", "the text candidate d is still there")

	// Removing b drops it from the graph: c is no longer reachable.
	require.NoError(t, eng.Remove(ctx, "b"))
	ms, err = eng.Partners(ctx, match.Query{ID: "a", Model: "history"})
	require.NoError(t, err)
	for _, m := range ms {
		assert.NotContains(t, []string{"b", "c"}, m.ID, "removed b and its partner c are gone from the pool")
	}
}

// A partner that shares no word with the query but its markets, a
// neighbouring sector and a topic comes from the model's screen, which
// scans every fitted profile; without the screen only text candidates
// and graph neighbours are ranked. Filters apply to the screen too.
func TestScreenCandidates(t *testing.T) {
	ctx := context.Background()
	ps := []profile.Profile{
		{ID: "q", Name: "Battery cells", Country: "DE", Sectors: []string{"C27.20"}, TargetMarkets: []string{"JP", "US"},
			Offers: []string{"lithium cells"}, Needs: []string{"cathode powders"}},
		{ID: "text", Name: "Powders", Country: "PL", Sectors: []string{"A01.11"}, Offers: []string{"cathode powders"}},
		{ID: "market", Name: "Electrical equipment", Country: "FR", Sectors: []string{"C27.90"}, TargetMarkets: []string{"JP", "US"},
			Offers: []string{"switchgear"}, Needs: []string{"copper wire"}},
		{ID: "market-gb", Name: "Electrical equipment", Country: "GB", Sectors: []string{"C27.90"}, TargetMarkets: []string{"JP", "US"},
			Offers: []string{"transformers"}, Needs: []string{"steel sheet"}},
		{ID: "none", Name: "Opera", Country: "IT", Sectors: []string{"R90.01"}, Offers: []string{"opera tickets"}},
	}
	ids := func(ms []match.Match) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		screen int
		rules  string
		want   []string
		absent []string
	}{
		{"screen", 2, "", []string{"text", "market", "market-gb"}, nil},
		{"screen and rules", 2, "escp4i", []string{"text", "market"}, []string{"market-gb"}},
		{"no screen", -1, "", []string{"text"}, []string{"market", "market-gb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Text retrieval on needs and offers only: markets and sectors
			// are the screen's.
			text := index.Weights{NeedsOffers: 1, OffersNeeds: 1}
			eng := newEngine(t, "", match.Config{RefitDelay: -1, Pool: 1, Screen: tc.screen, Retrieval: &text})
			require.NoError(t, eng.Add(ctx, ps...))
			require.NoError(t, eng.Refit(ctx))
			ms, err := eng.Partners(ctx, match.Query{ID: "q", Rules: tc.rules})
			require.NoError(t, err)
			got := ids(ms)
			for _, id := range tc.want {
				assert.Contains(t, got, id)
			}
			for _, id := range tc.absent {
				assert.NotContains(t, got, id)
			}
		})
	}
}

// Writes after the fit: the screen still lists profiles as fitted, so the
// engine must drop those removed since and check the rules again on those
// changed since.
func TestScreenAfterWrites(t *testing.T) {
	ctx := context.Background()
	ps := []profile.Profile{
		{ID: "q", Name: "Battery cells", Country: "DE", Sectors: []string{"C27.20"}, TargetMarkets: []string{"JP", "US"},
			Offers: []string{"lithium cells"}, Needs: []string{"cathode powders"}},
		{ID: "market", Name: "Electrical equipment", Country: "FR", Sectors: []string{"C27.90"}, TargetMarkets: []string{"JP", "US"},
			Offers: []string{"switchgear"}, Needs: []string{"copper wire"}},
		{ID: "market-2", Name: "Electrical equipment", Country: "PL", Sectors: []string{"C27.90"}, TargetMarkets: []string{"JP", "US"},
			Offers: []string{"transformers"}, Needs: []string{"steel sheet"}},
		{ID: "none", Name: "Opera", Country: "IT", Sectors: []string{"R90.01"}, Offers: []string{"opera tickets"}},
	}
	text := index.Weights{NeedsOffers: 1, OffersNeeds: 1}
	eng := newEngine(t, "", match.Config{RefitDelay: -1, Pool: 1, Screen: 2, Retrieval: &text})
	require.NoError(t, eng.Add(ctx, ps...))
	require.NoError(t, eng.Refit(ctx))
	ms, err := eng.Partners(ctx, match.Query{ID: "q", Rules: "escp4i"})
	require.NoError(t, err)
	require.Len(t, ms, 2, "the screen finds both market partners before the writes")

	require.NoError(t, eng.Remove(ctx, "market-2"))
	moved := ps[1]
	moved.Country = "GB" // not eligible under escp4i
	require.NoError(t, eng.Add(ctx, moved))
	require.True(t, eng.Fit().Stale, "no refit since the writes")

	ms, err = eng.Partners(ctx, match.Query{ID: "q"})
	require.NoError(t, err)
	require.Len(t, ms, 1)
	assert.Equal(t, "GB", ms[0].Profile.Country, "the current profile, not the fitted one")
	ms, err = eng.Partners(ctx, match.Query{ID: "q", Rules: "escp4i"})
	require.NoError(t, err)
	assert.Empty(t, ms, "removed, or no longer eligible")
}

// TestFitShowsWeights checks that the fitted default model's parts and
// weights are visible through Engine.Fit, and that known partnerships
// switch auto from its prior to learned weights.
func TestFitShowsWeights(t *testing.T) {
	ctx := context.Background()
	w := world()
	tests := []struct {
		name  string
		known []profile.Partnership
		want  string
	}{
		{"no known partnerships", nil, "weighted["},
		{"known partnerships", w.Partnerships, "logistic["},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := newEngine(t, "", match.Config{RefitDelay: -1, Known: tt.known})
			require.NoError(t, eng.Add(ctx, w.Profiles...), "Add world")
			assert.Empty(t, eng.Fit().Models, "no model fitted before the first query")
			_, err := eng.Partners(ctx, match.Query{ID: w.Profiles[0].ID})
			require.NoError(t, err, "Partners")
			got := eng.Fit().Models[eng.DefaultModel()]
			assert.True(t, strings.HasPrefix(got, tt.want), "Fit().Models[%q] = %q, want prefix %q", eng.DefaultModel(), got, tt.want)
			assert.Contains(t, got, "tfidf", "text is a part")
		})
	}
}

// TestPartnersSayWhatAnswered checks that every Match names the model and
// rule set that answered, and the model that stood in for learned when
// there were no known partnerships to learn from.
func TestPartnersSayWhatAnswered(t *testing.T) {
	ctx := context.Background()
	bare := loaded(t)
	known := newEngine(t, "", match.Config{RefitDelay: -1, Known: world().History})
	require.NoError(t, known.Add(ctx, world().Profiles...), "Add world")
	q := world().Profiles[3]
	tests := []struct {
		name         string
		eng          *match.Engine
		model, rules string
		wantModel    string
		wantFallback string
	}{
		{name: "default model", eng: bare, wantModel: bare.DefaultModel()},
		{name: "named model and rules", eng: bare, model: "reciprocal", rules: "escp4i", wantModel: "reciprocal"},
		{name: "learned without known partnerships", eng: bare, model: "learned", wantModel: "learned", wantFallback: "hybrid"},
		{name: "learned with known partnerships", eng: known, model: "learned", rules: "open", wantModel: "learned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := tt.eng.Partners(ctx, match.Query{ID: q.ID, Model: tt.model, Rules: tt.rules})
			require.NoError(t, err, "Partners(%s, model %q, rules %q)", q.ID, tt.model, tt.rules)
			require.NotEmpty(t, ms, "partners for %s", q.ID)
			for _, m := range ms {
				assert.Equal(t, tt.wantModel, m.Model, "Match.Model of %s (model %q)", m.ID, tt.model)
				assert.Equal(t, tt.wantFallback, m.Fallback, "Match.Fallback of %s (model %q)", m.ID, tt.model)
				assert.Equal(t, cmp.Or(tt.rules, match.DefaultRules), m.Rules, "Match.Rules of %s (rules %q)", m.ID, tt.rules)
			}
		})
	}

	// The fallback is what it says: learned without known partnerships
	// ranks as hybrid does.
	learned, err := bare.Partners(ctx, match.Query{ID: q.ID, Model: "learned"})
	require.NoError(t, err, "Partners(%s, learned)", q.ID)
	hybrid, err := bare.Partners(ctx, match.Query{ID: q.ID, Model: "hybrid"})
	require.NoError(t, err, "Partners(%s, hybrid)", q.ID)
	require.Equal(t, len(hybrid), len(learned), "partners of learned's fallback and of hybrid")
	for i := range hybrid {
		assert.Equal(t, hybrid[i].ID, learned[i].ID, "partner %d of learned's fallback and of hybrid", i)
		assert.InDelta(t, hybrid[i].Score, learned[i].Score, 1e-12, "score of partner %d of learned's fallback and of hybrid", i)
	}
}

// favourites is a model of one's own that rates 1 the candidates it
// names, 0 the others. Fitted, it is a score.DenseScorer unless plain.
type favourites struct {
	ids   map[string]bool
	plain bool
}

func (favourites) Name() string { return "favourites" }

func (m favourites) Fit(_ context.Context, c *score.Corpus) (score.Scorer, error) {
	s := &favouriteScorer{corpus: c, ids: m.ids, rows: make([]float64, len(c.Profiles))}
	for r, p := range c.Profiles {
		if p != nil && m.ids[p.ID] {
			s.rows[r] = 1
		}
	}
	if m.plain {
		return struct{ score.Scorer }{s}, nil // Score only
	}
	return s, nil
}

type favouriteScorer struct {
	corpus *score.Corpus
	ids    map[string]bool
	rows   []float64
}

func (s *favouriteScorer) Score(_, c *profile.Profile) float64 {
	if c != nil && s.ids[c.ID] {
		return 1
	}
	return 0
}

func (s *favouriteScorer) Corpus() *score.Corpus { return s.corpus }

func (s *favouriteScorer) ScoreRows(_ *profile.Profile, lo int, out []float64) {
	copy(out, s.rows[lo:])
}

// A user's dense part of the hybrid enters the candidate pool through the
// screen: the pool finds the partners exact scoring ranks first, which
// text retrieval alone misses.
func TestPartnersUserDensePart(t *testing.T) {
	ctx := context.Background()
	ps := world().Profiles
	fav := map[string]bool{}
	for i := 3; i < len(ps); i += 20 {
		fav[ps[i].ID] = true
	}
	q := match.Query{ID: ps[0].ID, Model: "hybrid", Limit: 10}
	top := func(t *testing.T, plain bool) (pool, exact []string) {
		t.Helper()
		h := append(score.DefaultHybrid(), score.ModelPart{Model: favourites{ids: fav, plain: plain}, Weight: 2})
		eng := newEngine(t, "", match.Config{RefitDelay: -1, Models: []score.Model{h}, DefaultModel: "hybrid", Pool: 10, Screen: 30})
		require.NoError(t, eng.Add(ctx, ps...))
		for _, exactly := range []bool{false, true} {
			q.Exact = exactly
			ms, err := eng.Partners(ctx, q)
			require.NoError(t, err)
			var ids []string
			for _, m := range ms {
				ids = append(ids, m.ID)
			}
			if exactly {
				exact = ids
			} else {
				pool = ids
			}
		}
		return pool, exact
	}
	pool, exact := top(t, true)
	require.NotEqual(t, exact, pool, "without the screen the small pool misses favourites")
	pool, exact = top(t, false)
	for _, id := range exact {
		require.True(t, fav[id], "%s: the favourites lead exact scoring", id)
	}
	assert.Equal(t, exact, pool, "the screen brings the favourites into the pool")
}
