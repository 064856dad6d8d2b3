package match_test

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"slices"
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

// consortiumWorld is the synthetic world of the consortium tests
// (read-only): 500 profiles, enough for every rule set to be feasible for
// most seeds.
var consortiumWorld = sync.OnceValue(func() *synth.World {
	w, err := synth.Generate(synth.Config{Seed: 17, Profiles: 500})
	if err != nil {
		panic(err)
	}
	return w
})

// Rule sets of the tests besides escp4i and open.
var (
	rulesEU4 = profile.RuleSet{Name: "eu4", MemberGroups: []profile.Group{profile.GroupEU},
		MinPartners: 4, MinCountries: 4, MaxPerCountry: 1, ThirdCountryMarkets: true}
	rulesPairs = profile.RuleSet{Name: "pairs", MemberGroups: []profile.Group{profile.GroupEU, profile.GroupCOSME},
		MinPartners: 3, MinCountries: 2, MaxPerCountry: 2, ThirdCountryMarkets: true}
)

// consortiumEngine holds consortiumWorld, shared (read-only) by the tests.
var consortiumEngine = sync.OnceValues(func() (*match.Engine, error) {
	return buildConsortiumEngine()
})

func buildConsortiumEngine() (*match.Engine, error) {
	w := consortiumWorld()
	eng, err := match.Open("", match.Config{RefitDelay: -1, Known: w.History, RuleSets: []profile.RuleSet{rulesEU4, rulesPairs}})
	if err != nil {
		return nil, err
	}
	return eng, eng.Add(context.Background(), w.Profiles...)
}

func sharedEngine(t *testing.T) *match.Engine {
	t.Helper()
	eng, err := consortiumEngine()
	require.NoError(t, err, "build the consortium test engine")
	return eng
}

// ruleSetOf returns the rule set a query names.
func ruleSetOf(name string) profile.RuleSet {
	switch name {
	case "escp4i":
		return profile.ESCP4i()
	case "", "open": // match.DefaultRules
		return profile.OpenRules()
	case rulesEU4.Name:
		return rulesEU4
	}
	return rulesPairs
}

// checkConsortia asserts every documented property of a Consortium result.
func checkConsortia(t *testing.T, eng *match.Engine, q match.ConsortiumQuery, cs []match.Consortium) {
	t.Helper()
	rules := ruleSetOf(q.Rules)
	minSize := max(cmp.Or(q.MinSize, 3), rules.MinPartners, len(q.Seeds))
	maxSize := q.MaxSize
	if maxSize == 0 {
		maxSize = max(minSize, 6)
	}
	perCountry := q.MaxPerCountry
	if perCountry == 0 {
		perCountry = max(rules.MaxPerCountry, 1)
	}
	if rules.MaxPerCountry > 0 {
		perCountry = min(perCountry, rules.MaxPerCountry)
	}
	needMarket := rules.ThirdCountryMarkets || len(q.Markets) > 0
	want := q.Alternatives
	if want == 0 {
		want = 3
	}
	require.NotEmpty(t, cs, "query %+v: consortia or an error", q)
	assert.LessOrEqual(t, len(cs), want, "query %+v: at most Alternatives consortia", q)
	sets := map[string]bool{}
	for k, c := range cs {
		if k > 0 {
			assert.GreaterOrEqual(t, cs[k-1].Objective.Value, c.Objective.Value, "query %+v: consortium %d best first", q, k)
		}
		var ids, countries []string
		members := make([]*profile.Profile, len(c.Members))
		perCountryCount := map[string]int{}
		for i, m := range c.Members {
			ids = append(ids, m.ID)
			members[i] = &c.Members[i].Profile
			assert.Equal(t, m.ID, m.Profile.ID, "query %+v: member id and profile", q)
			assert.Equal(t, slices.Contains(q.Seeds, m.ID), m.Seed, "query %+v: Seed flag of %s", q, m.ID)
			if i > 0 && !m.Seed {
				assert.False(t, !c.Members[i-1].Seed && c.Members[i-1].ID > m.ID, "query %+v: members seeds first, then by id", q)
			}
			assert.NotContains(t, q.Exclude, m.ID, "query %+v: excluded member", q)
			assert.NotEmpty(t, m.Role, "query %+v: role of %s", q, m.ID)
			if len(q.Industries) > 0 && !m.Seed {
				assert.True(t, slices.ContainsFunc(m.Profile.Industries, func(s string) bool { return slices.Contains(q.Industries, s) }),
					"query %+v: %s has one of the industries", q, m.ID)
			}
			for _, need := range m.Meets {
				assert.NotEqual(t, m.ID, need.For, "query %+v: %s meets its own need", q, m.ID)
			}
			perCountryCount[m.Profile.Country]++
			if !slices.Contains(countries, m.Profile.Country) {
				countries = append(countries, m.Profile.Country)
			}
		}
		for _, s := range q.Seeds {
			assert.Contains(t, ids, s, "query %+v: consortium %d includes seed", q, k)
		}
		sorted := slices.Sorted(slices.Values(ids))
		assert.Len(t, slices.Compact(sorted), len(ids), "query %+v: distinct members", q)
		key := ""
		for _, id := range sorted {
			key += id + " "
		}
		assert.False(t, sets[key], "query %+v: consortium %d repeats an earlier one", q, k)
		sets[key] = true
		assert.GreaterOrEqual(t, len(c.Members), minSize, "query %+v: size of %v", q, ids)
		assert.LessOrEqual(t, len(c.Members), maxSize, "query %+v: size of %v", q, ids)
		for country, n := range perCountryCount {
			assert.LessOrEqual(t, n, perCountry, "query %+v: members from %s in %v", q, country, ids)
		}
		assert.NoError(t, rules.CheckConsortium(members, c.Markets), "query %+v: rules of %v with markets %v", q, ids, c.Markets)
		if needMarket {
			assert.NotEmpty(t, c.Markets, "query %+v: a shared market for %v", q, ids)
		}
		for _, m := range c.Markets {
			if len(q.Markets) > 0 {
				assert.Contains(t, q.Markets, m, "query %+v: shared market is wanted", q)
			}
			for _, p := range members {
				assert.Contains(t, p.TargetMarkets, m, "query %+v: %s targets shared market", q, p.ID)
			}
		}
		slices.Sort(countries)
		assert.Equal(t, countries, c.Countries, "query %+v: countries of %v", q, ids)
		o := c.Objective
		assert.InDelta(t, o.Complementarity+o.Anchor+o.Coverage+o.Market+o.Diversity-o.Redundancy-o.Size, o.Value, 1e-9,
			"query %+v: objective parts of %v add up", q, ids)
		assert.NotEmpty(t, c.Summary, "query %+v: summary", q)
	}
}

// TestConsortiumProperties draws random requests (seeds, rule sets,
// sizes, markets, caps, exclusions, industries) and checks every
// constraint of every consortium returned; infeasible requests must say
// by how much.
func TestConsortiumProperties(t *testing.T) {
	ctx := context.Background()
	eng := sharedEngine(t)
	w := consortiumWorld()
	r := rand.New(rand.NewPCG(6, 6))
	esc := profile.ESCP4i()
	var eligible []profile.Profile
	for _, p := range w.Profiles {
		if esc.EligibleMember(p.Country) && len(p.TargetMarkets) > 0 {
			eligible = append(eligible, p)
		}
	}
	ok, infeasible := 0, 0
	for k := range 60 {
		seed := eligible[r.IntN(len(eligible))]
		q := match.ConsortiumQuery{Seeds: []string{seed.ID}, Rules: []string{"", "escp4i", "open", "eu4", "pairs"}[r.IntN(5)]}
		if r.IntN(3) == 0 { // a second seed from another country sharing a market
			for _, p := range eligible {
				if p.Country != seed.Country && p.ID != seed.ID && len(p.TargetMarkets) > 0 && slices.Contains(seed.TargetMarkets, p.TargetMarkets[0]) && r.IntN(4) == 0 {
					q.Seeds = append(q.Seeds, p.ID)
					break
				}
			}
		}
		if r.IntN(2) == 0 {
			q.MinSize = 3 + r.IntN(2)
		}
		if r.IntN(2) == 0 {
			q.MaxSize = max(q.MinSize, 3, len(q.Seeds)) + r.IntN(3)
			if rs := ruleSetOf(q.Rules); q.MaxSize < rs.MinPartners {
				q.MaxSize = rs.MinPartners
			}
		}
		if r.IntN(2) == 0 {
			q.Markets = seed.TargetMarkets[:1]
		}
		if r.IntN(3) == 0 {
			q.MaxPerCountry = 1 + r.IntN(2)
		}
		if r.IntN(3) == 0 {
			q.Industries = seed.Industries[:1]
		}
		for range r.IntN(4) {
			if id := w.Profiles[r.IntN(len(w.Profiles))].ID; !slices.Contains(q.Seeds, id) {
				q.Exclude = append(q.Exclude, id)
			}
		}
		q.Alternatives = r.IntN(4)
		cs, err := eng.Consortium(ctx, q)
		if err != nil {
			var ie *match.InfeasibleError
			require.ErrorAs(t, err, &ie, "draw %d, query %+v: the only error is infeasibility", k, q)
			require.ErrorIs(t, err, match.ErrInfeasible, "draw %d: InfeasibleError matches ErrInfeasible", k)
			assert.NotEmpty(t, ie.Constraint, "draw %d: infeasibility names the constraint", k)
			assert.Greater(t, ie.Need, ie.Have, "draw %d: infeasibility %v says by how much", k, err)
			infeasible++
			continue
		}
		checkConsortia(t, eng, q, cs)
		ok++
	}
	assert.Greater(t, ok, 40, "most random requests are feasible (%d infeasible)", infeasible)
}

func TestConsortiumInfeasible(t *testing.T) {
	ctx := context.Background()
	eng := sharedEngine(t)
	w := consortiumWorld()
	esc := profile.ESCP4i()
	var ineligible, a, sameCountry, disjoint profile.Profile
	for _, p := range w.Profiles {
		switch {
		case ineligible.ID == "" && !esc.EligibleMember(p.Country):
			ineligible = p
		case a.ID == "" && esc.EligibleMember(p.Country) && len(p.TargetMarkets) > 0:
			a = p
		case a.ID != "" && sameCountry.ID == "" && p.Country == a.Country && slices.Contains(p.TargetMarkets, a.TargetMarkets[0]):
			sameCountry = p
		case a.ID != "" && disjoint.ID == "" && p.Country != a.Country && esc.EligibleMember(p.Country) &&
			!slices.ContainsFunc(p.TargetMarkets, func(m string) bool { return slices.Contains(a.TargetMarkets, m) }):
			disjoint = p
		}
	}
	require.NotEmpty(t, ineligible.ID, "the world has an ineligible profile")
	require.NotEmpty(t, sameCountry.ID, "the world has two profiles of one country sharing a market")
	require.NotEmpty(t, disjoint.ID, "the world has two profiles sharing no market")

	// A tiny engine whose candidates come from two countries only.
	small, err := match.Open("", match.Config{RefitDelay: -1})
	require.NoError(t, err, "Open")
	t.Cleanup(func() { small.Close() })
	two := []profile.Profile{
		{ID: "de-1", Name: "Cells DE", Country: "DE", Industries: []string{"mobility-technologies"}, Offers: []string{"battery cells"}, Needs: []string{"lithium"}, TargetMarkets: []string{"JP"}},
		{ID: "fr-1", Name: "Lithium FR", Country: "FR", Industries: []string{"mobility-technologies"}, Offers: []string{"lithium"}, Needs: []string{"battery cells"}, TargetMarkets: []string{"JP"}},
		{ID: "fr-2", Name: "Charging FR", Country: "FR", Industries: []string{"mobility-technologies"}, Offers: []string{"charging"}, Needs: []string{"battery cells"}, TargetMarkets: []string{"JP"}},
		{ID: "ch-1", Name: "Cells CH", Country: "CH", Industries: []string{"mobility-technologies"}, Offers: []string{"lithium"}, Needs: []string{"battery cells"}, TargetMarkets: []string{"JP"}},
	}
	require.NoError(t, small.Add(ctx, two...), "Add")

	tests := []struct {
		name       string
		eng        *match.Engine
		q          match.ConsortiumQuery
		constraint string
		have, need int
	}{
		{"ineligible seed", eng, match.ConsortiumQuery{Seeds: []string{ineligible.ID}, Rules: "escp4i"}, "member_country", 0, 1},
		{"two seeds of one country", eng, match.ConsortiumQuery{Seeds: []string{a.ID, sameCountry.ID}, Rules: "escp4i"}, "max_per_country", 2, 1},
		{"seeds share no market", eng, match.ConsortiumQuery{Seeds: []string{a.ID, disjoint.ID}, Rules: "escp4i"}, "market", 0, 1},
		{"market not a third country", eng, match.ConsortiumQuery{Seeds: []string{a.ID}, Markets: []string{"DE"}, Rules: "escp4i"}, "market", 0, 1},
		{"too small for the rules", eng, match.ConsortiumQuery{Seeds: []string{a.ID}, MaxSize: 2, Rules: "escp4i"}, "min_partners", 2, 3},
		{"fewer members than the rules need", eng, match.ConsortiumQuery{Seeds: []string{a.ID}, Rules: "eu4", MaxSize: 3}, "min_partners", 3, 4},
		{"two countries only", small, match.ConsortiumQuery{Seeds: []string{"de-1"}, Exact: true, Rules: "escp4i"}, "min_countries", 2, 3},
		{"two countries only, heuristic", small, match.ConsortiumQuery{Seeds: []string{"de-1"}, Rules: "escp4i"}, "min_countries", 2, 3},
		{"one per country leaves two", small, match.ConsortiumQuery{Seeds: []string{"de-1"}, Rules: "open", Exclude: []string{"ch-1"}, Exact: true}, "min_partners", 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.eng.Consortium(ctx, tt.q)
			require.ErrorIs(t, err, match.ErrInfeasible, "Consortium(%+v)", tt.q)
			var ie *match.InfeasibleError
			require.ErrorAs(t, err, &ie, "Consortium(%+v)", tt.q)
			assert.Equal(t, tt.constraint, ie.Constraint, "constraint of %v", err)
			assert.Equal(t, tt.have, ie.Have, "have of %v", err)
			assert.Equal(t, tt.need, ie.Need, "need of %v", err)
			assert.NotEmpty(t, ie.Detail, "detail of %v", err)
		})
	}
}

func TestConsortiumInvalid(t *testing.T) {
	ctx := context.Background()
	eng := sharedEngine(t)
	id := consortiumWorld().Profiles[0].ID
	tests := []struct {
		name string
		q    match.ConsortiumQuery
		want error
		// field and value that the error names, for ErrInvalidQuery
		field, value string
	}{
		{"no seeds", match.ConsortiumQuery{}, match.ErrInvalidQuery, "Seeds", ""},
		{"seed twice", match.ConsortiumQuery{Seeds: []string{id, id}}, match.ErrInvalidQuery, "Seeds", id},
		{"unknown seed", match.ConsortiumQuery{Seeds: []string{"no-such-id"}}, match.ErrUnknownProfile, "", ""},
		{"unknown model", match.ConsortiumQuery{Seeds: []string{id}, Model: "magic"}, match.ErrUnknownModel, "", ""},
		{"unknown rules", match.ConsortiumQuery{Seeds: []string{id}, Rules: "magic"}, match.ErrUnknownRules, "", ""},
		{"negative weight", match.ConsortiumQuery{Seeds: []string{id}, Weights: &match.ObjectiveWeights{Coverage: -1}}, match.ErrInvalidQuery, "Weights", "{Complementarity:0 Anchor:0 Coverage:-1 Market:0 Diversity:0 Redundancy:0 Size:0}"},
		{"min above max", match.ConsortiumQuery{Seeds: []string{id}, MinSize: 5, MaxSize: 4}, match.ErrInvalidQuery, "MinSize", "5"},
		{"negative size", match.ConsortiumQuery{Seeds: []string{id}, MinSize: -1}, match.ErrInvalidQuery, "MinSize", "-1"},
		{"unknown market", match.ConsortiumQuery{Seeds: []string{id}, Markets: []string{"XX"}}, match.ErrInvalidQuery, "Markets", "XX"},
		{"unknown industry", match.ConsortiumQuery{Seeds: []string{id}, Industries: []string{"alchemy"}}, match.ErrInvalidQuery, "Industries", "alchemy"},
		{"seed excluded", match.ConsortiumQuery{Seeds: []string{id}, Exclude: []string{id}}, match.ErrInvalidQuery, "Exclude", id},
		{"negative alternatives", match.ConsortiumQuery{Seeds: []string{id}, Alternatives: -1}, match.ErrInvalidQuery, "Alternatives", "-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Consortium(ctx, tt.q)
			assert.ErrorIs(t, err, tt.want, "Consortium(%+v)", tt.q)
			assertNames(t, err, tt.field, tt.value)
		})
	}
}

func TestConsortiumDeterministic(t *testing.T) {
	ctx := context.Background()
	eng := sharedEngine(t)
	other, err := buildConsortiumEngine()
	require.NoError(t, err, "second engine")
	t.Cleanup(func() { other.Close() })
	for _, tp := range consortiumWorld().Partnerships[:5] {
		q := match.ConsortiumQuery{Seeds: tp.Members[:1], Markets: tp.TargetMarkets, Rules: "escp4i"}
		first, err1 := eng.Consortium(ctx, q)
		again, err2 := eng.Consortium(ctx, q)
		fresh, err3 := other.Consortium(ctx, q)
		assert.Equal(t, err1, err2, "query %+v: same error twice", q)
		assert.Equal(t, err1, err3, "query %+v: same error on a fresh engine", q)
		assert.Equal(t, first, again, "query %+v: same consortia twice", q)
		assert.Equal(t, first, fresh, "query %+v: same consortia on a fresh engine", q)
	}
}

// TestConsortiumExactIsBruteForce checks branch and bound against every
// possible consortium of a small engine, each evaluated by asking for it
// alone (all other candidates excluded).
func TestConsortiumExactIsBruteForce(t *testing.T) {
	ctx := context.Background()
	w := consortiumWorld()
	esc := profile.ESCP4i()
	seed := w.Profiles[0]
	for _, p := range w.Profiles {
		if esc.EligibleMember(p.Country) && len(p.TargetMarkets) > 0 {
			seed = p
			break
		}
	}
	market := seed.TargetMarkets[0]
	ps := []profile.Profile{seed}
	countries := map[string]int{}
	for _, p := range w.Profiles {
		// Ten candidates targeting the market, at most two per country, so
		// that the cap of one per country matters.
		if p.ID != seed.ID && esc.EligibleMember(p.Country) && slices.Contains(p.TargetMarkets, market) && countries[p.Country] < 2 && len(ps) < 11 {
			countries[p.Country]++
			ps = append(ps, p)
		}
	}
	eng, err := match.Open("", match.Config{RefitDelay: -1})
	require.NoError(t, err, "Open")
	t.Cleanup(func() { eng.Close() })
	require.NoError(t, eng.Add(ctx, ps...), "Add")
	var others []string
	for _, p := range ps[1:] {
		others = append(others, p.ID)
	}

	base := match.ConsortiumQuery{Seeds: []string{seed.ID}, Markets: []string{market}, MinSize: 4, MaxSize: 4, Alternatives: 1, Exact: true, Rules: "escp4i"}
	best, err := eng.Consortium(ctx, base)
	require.NoError(t, err, "exact consortium of %s for %s", seed.ID, market)
	heuristic := base
	heuristic.Exact = false
	greedy, err := eng.Consortium(ctx, heuristic)
	require.NoError(t, err, "heuristic consortium")
	assert.LessOrEqual(t, greedy[0].Objective.Value, best[0].Objective.Value+1e-9, "heuristic never beats the optimum")

	bruteBest, feasible := -1.0, 0
	for mask := range 1 << len(others) {
		var in, out []string
		for k, id := range others {
			if mask&(1<<k) != 0 {
				in = append(in, id)
			} else {
				out = append(out, id)
			}
		}
		if len(in) != 3 {
			continue
		}
		q := base
		q.Exclude = out
		cs, err := eng.Consortium(ctx, q)
		if err != nil {
			require.ErrorIs(t, err, match.ErrInfeasible, "consortium of %v", in)
			continue
		}
		feasible++
		require.Len(t, cs, 1, "one consortium of %v", in)
		assert.Len(t, cs[0].Members, 4, "consortium of %v", in)
		bruteBest = max(bruteBest, cs[0].Objective.Value)
	}
	require.Greater(t, feasible, 10, "many feasible consortia")
	assert.InDelta(t, bruteBest, best[0].Objective.Value, 1e-9, "exact value against brute force over %d consortia", feasible)
}

func TestMatchday(t *testing.T) {
	ctx := context.Background()
	eng := sharedEngine(t)
	w := consortiumWorld()
	esc := profile.ESCP4i()
	var ids []string
	ineligible := ""
	for _, p := range w.Profiles[:80] {
		ids = append(ids, p.ID)
		if !esc.EligibleMember(p.Country) && ineligible == "" {
			ineligible = p.ID
		}
	}
	for _, p := range w.Profiles[80:] {
		if ineligible == "" && !esc.EligibleMember(p.Country) {
			ineligible = p.ID
			ids = append(ids, p.ID)
		}
	}
	for _, q := range []match.MatchdayQuery{
		{IDs: ids, Rules: "escp4i"},
		{IDs: ids, Rules: "pairs", MaxSize: 4},
		{IDs: ids, Rules: "open", MinSize: 3, MaxSize: 3},
	} {
		res, err := eng.Matchday(ctx, q)
		require.NoError(t, err, "Matchday(%s)", q.Rules)
		rules := ruleSetOf(q.Rules)
		placed := map[string]int{}
		total := 0.0
		for k, c := range res.Consortia {
			members := make([]*profile.Profile, len(c.Members))
			for i := range c.Members {
				members[i] = &c.Members[i].Profile
				placed[c.Members[i].ID]++
				assert.False(t, c.Members[i].Seed, "no seeds in a matchday")
			}
			assert.NoError(t, rules.CheckConsortium(members, c.Markets), "rules %q: consortium %d", q.Rules, k)
			if rules.ThirdCountryMarkets {
				assert.NotEmpty(t, c.Markets, "rules %q: consortium %d shares a market", q.Rules, k)
			}
			if k > 0 {
				assert.GreaterOrEqual(t, res.Consortia[k-1].Objective.Value, c.Objective.Value, "best first")
			}
			total += c.Objective.Value
		}
		for _, u := range res.Unplaced {
			placed[u.ID]++
			assert.NotEmpty(t, u.Reason, "rules %q: reason for %s", q.Rules, u.ID)
		}
		for _, id := range ids {
			assert.Equal(t, 1, placed[id], "rules %q: %s in exactly one consortium or unplaced", q.Rules, id)
		}
		assert.Len(t, placed, len(ids), "rules %q: only participants", q.Rules)
		assert.InDelta(t, total, res.Objective, 1e-9, "rules %q: total objective", q.Rules)
		assert.NotEmpty(t, res.Consortia, "rules %q: some consortia from %d participants", q.Rules, len(ids))
		if rules.Name != "open" && ineligible != "" {
			assert.True(t, slices.ContainsFunc(res.Unplaced, func(u match.Unplaced) bool { return u.ID == ineligible }),
				"rules %q: ineligible %s unplaced", q.Rules, ineligible)
		}
		again, err := eng.Matchday(ctx, q)
		require.NoError(t, err, "Matchday again")
		assert.Equal(t, res, again, "rules %q: deterministic", q.Rules)
	}
}

func TestMatchdayInvalid(t *testing.T) {
	ctx := context.Background()
	eng := sharedEngine(t)
	id := consortiumWorld().Profiles[0].ID
	tests := []struct {
		name string
		q    match.MatchdayQuery
		want error
		// field and value that the error names, for ErrInvalidQuery
		field, value string
	}{
		{"no participants", match.MatchdayQuery{}, match.ErrInvalidQuery, "IDs", ""},
		{"twice", match.MatchdayQuery{IDs: []string{id, id}}, match.ErrInvalidQuery, "IDs", id},
		{"unknown", match.MatchdayQuery{IDs: []string{"no-such-id"}}, match.ErrUnknownProfile, "", ""},
		{"too small", match.MatchdayQuery{IDs: []string{id}, MaxSize: 2}, match.ErrInfeasible, "", ""},
		{"unknown cover industry", match.MatchdayQuery{IDs: []string{id}, CoverIndustries: []string{"alchemy"}}, match.ErrInvalidQuery, "CoverIndustries", "alchemy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Matchday(ctx, tt.q)
			assert.ErrorIs(t, err, tt.want, "Matchday(%+v)", tt.q)
			assertNames(t, err, tt.field, tt.value)
		})
	}
}

// assertNames checks that an invalid query's error names the field and
// the value, in a *profile.FieldError or an *index.FilterError, so that
// a portal can say which of its inputs was wrong.
func assertNames(t *testing.T, err error, field, value string) {
	t.Helper()
	if field == "" {
		return
	}
	var fe *profile.FieldError
	var xe *index.FilterError
	switch {
	case errors.As(err, &fe):
		assert.Equal(t, [2]string{field, value}, [2]string{fe.Field, fe.Value}, "field and value of %v", err)
	case errors.As(err, &xe):
		assert.Equal(t, [2]string{field, value}, [2]string{xe.Field, xe.Value}, "field and value of %v", err)
	default:
		t.Errorf("%v names no field", err)
	}
}

// blank is a model of one's own that rates every pair 0 under the name of
// a built-in model.
type blank string

func (m blank) Name() string { return string(m) }

func (blank) Fit(context.Context, *score.Corpus) (score.Scorer, error) {
	return score.Func(func(_, _ *profile.Profile) float64 { return 0 }), nil
}

// Consortia are defined with the built-in lsa and reciprocal models: an
// engine that serves models of its own under those names finds the same
// consortia and matchday tables, while its queries of those names use its
// own.
func TestConsortiumBuiltinModels(t *testing.T) {
	ctx := context.Background()
	w := consortiumWorld()
	var models []score.Model
	for _, m := range score.Models() {
		switch m.Name() {
		case "lsa", "reciprocal":
			m = blank(m.Name())
		}
		models = append(models, m)
	}
	own, err := match.Open("", match.Config{RefitDelay: -1, Known: w.History, RuleSets: []profile.RuleSet{rulesEU4, rulesPairs}, Models: models})
	require.NoError(t, err)
	t.Cleanup(func() { own.Close() })
	require.NoError(t, own.Add(ctx, w.Profiles...))
	eng := sharedEngine(t)

	tp := w.Partnerships[0]
	ms, err := own.Partners(ctx, match.Query{ID: tp.Members[0], Model: "reciprocal", Limit: 3})
	require.NoError(t, err)
	for _, m := range ms {
		assert.Zero(t, m.Score, "the engine's own reciprocal model answers its queries")
	}

	for _, q := range []match.ConsortiumQuery{
		{Seeds: tp.Members[:1], Markets: tp.TargetMarkets, Rules: "escp4i"},
		{Seeds: w.Partnerships[1].Members[:1], Rules: "pairs", Alternatives: 2},
	} {
		want, err := eng.Consortium(ctx, q)
		require.NoError(t, err, "%+v", q)
		got, err := own.Consortium(ctx, q)
		require.NoError(t, err, "%+v", q)
		assert.Equal(t, want, got, "query %+v: same consortia", q)
	}
	var ids []string
	for _, p := range w.Profiles[:60] {
		ids = append(ids, p.ID)
	}
	mq := match.MatchdayQuery{IDs: ids, Rules: "open", MaxSize: 4}
	want, err := eng.Matchday(ctx, mq)
	require.NoError(t, err)
	got, err := own.Matchday(ctx, mq)
	require.NoError(t, err)
	assert.Equal(t, want, got, "same matchday tables")
}
