package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// ErrInfeasible is matched (with errors.Is) by every *InfeasibleError: no
// consortium can meet the request's constraints.
var ErrInfeasible = sentinel.New("match", "infeasible consortium")

// An InfeasibleError reports the constraint of a consortium request that
// cannot be met, and by how much: Have is what the candidates allow, Need
// what the constraint asks for.
type InfeasibleError struct {
	// Constraint is the rule that cannot be met: member_country (a seed
	// may not be a member), max_per_country, size, market, min_countries
	// or min_partners (as profile.RuleError names them).
	Constraint string
	Have, Need int
	// Detail says what falls short where, for example "only 2 eligible
	// countries among the seed and 37 candidates for market JP; rule set
	// "escp4i" needs 3".
	Detail string
}

func (e *InfeasibleError) Error() string {
	return "match: consortium: " + e.Detail + " (" + e.Constraint + ")"
}

// Is makes every InfeasibleError match ErrInfeasible.
func (e *InfeasibleError) Is(target error) bool { return target == ErrInfeasible }

// A ConsortiumQuery asks for whole partnerships around one or more seed
// members. Only Seeds is required; the zero value of every other field
// means the default stated.
type ConsortiumQuery struct {
	// Seeds are the ids of the organisations every consortium includes
	// (the cluster asking). At least one.
	Seeds []string
	// MinSize and MaxSize bound the number of members, seeds included.
	// Zero MinSize means 3; it is never below the rule set's MinPartners
	// nor the number of seeds. Zero MaxSize means max(MinSize, 6). Both
	// are at most MaxConsortiumSize (MaxExactSize with Exact).
	MinSize, MaxSize int
	// Rules names the eligibility rule set, as in Query: every member is
	// eligible under it and the consortium meets its rules. Empty means
	// DefaultRules, which admits members of every country and sets no
	// minimum nor market rule; a call names its rules, such as "escp4i"
	// (members established in EU or COSME countries, at least 3 partners
	// from at least 3 countries, target markets in third countries).
	Rules string
	// Markets are the target markets wanted: every member must target one
	// of them that all members share. Empty means any market the seeds
	// share that the rule set allows (a third country under escp4i); the
	// objective still rewards a shared market, but only a rule set that
	// asks for third-country markets, or Markets, requires one.
	Markets []string
	// Industries keeps candidates with one of these emerging industries,
	// as Query.Filters.Industries keeps partners; their value-chain stages
	// count as coverage too, besides the seeds' (see Engine.Consortium).
	Industries []string
	// MaxPerCountry caps the members established in one country. Zero
	// means the rule set's MaxPerCountry, or 1 if it has none; it never
	// exceeds the rule set's.
	MaxPerCountry int
	// Exclude lists ids that may not be members.
	Exclude []string
	// Model names the score model rating pairwise complementarity. Empty
	// means the engine's default.
	Model string
	// Alternatives is how many consortia to return, best first. Zero
	// means 3.
	Alternatives int
	// Pool caps the candidates considered besides the seeds. Zero means
	// 200, or 40 with Exact. At most MaxConsortiumPool (MaxExactPool with
	// Exact).
	Pool int
	// Exact solves each market's problem with branch and bound instead of
	// greedy search and local search. Candidates are then every profile
	// passing the filters (as in Query.Exact), of which the Pool most
	// complementary to the seeds are kept: exponential in the worst case,
	// for small pools, tests and measuring the heuristics. The search of
	// one query stops after MaxExactNodes nodes with the best consortia
	// found; Consortium.Optimal says which ones it proved best.
	Exact bool
	// Weights weigh the parts of the objective. Nil means
	// DefaultObjectiveWeights(); a zero weight turns its part off.
	Weights *ObjectiveWeights
}

// ObjectiveWeights weigh the parts of the consortium objective (see
// Engine.Consortium). All must be finite and non-negative.
type ObjectiveWeights struct {
	Complementarity float64 // pairwise scores among all members
	Anchor          float64 // the pairs of a seed and another member, counted again
	Coverage        float64 // distinct sectors and value-chain stages
	Market          float64 // shared target markets
	Diversity       float64 // distinct member countries
	Redundancy      float64 // penalty for members doing the same thing
	Size            float64 // cost of each member: a member must add this much to join
}

// DefaultObjectiveWeights returns the default weights: complementarity
// 1, anchor 2, market 0.3, diversity 0.2, size 0.3, coverage 0 and
// redundancy 0.
// The pairwise score model (auto by default, fitted to the corpus and to
// known partnerships) already says whether organisations of one stage or
// with similar text are partners or competitors; coverage of distinct
// stages and a penalty on similar topics assumed competitors everywhere,
// and lost almost every planted co-member on the validation worlds whose
// partners share a theme. Set them for calls that want distinct
// value-chain stages. The anchor puts the seeds first: with
// complementarity alone, pairs among the other members outnumber the
// seeds' own (10 of 15 in a consortium of six around one seed), and a
// tight group that suits itself better than it suits the seed wins.
// Anchor 2 recovered more planted co-members than 0, 0.5 and 1 on every
// validation world. The figures behind both choices:
// benchmarks/RESULTS.md ("Consortia", and "Package benchmarks", match).
func DefaultObjectiveWeights() ObjectiveWeights {
	return ObjectiveWeights{Complementarity: 1, Anchor: 2, Market: 0.3, Diversity: 0.2, Size: 0.3}
}

func (w ObjectiveWeights) check() error {
	for _, v := range []float64{w.Complementarity, w.Anchor, w.Coverage, w.Market, w.Diversity, w.Redundancy, w.Size} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return sentinel.Invalid(ErrInvalidQuery, "consortium", "Weights", fmt.Sprintf("%+v", w), "negative, NaN or infinite")
		}
	}
	return nil
}

// A Consortium is one proposed partnership.
type Consortium struct {
	// Members are the organisations, seeds first, then by id.
	Members []Member `json:"members"`
	// Markets are the target markets every member lists and the rules
	// (and the query's Markets) allow, sorted.
	Markets []string `json:"markets"`
	// Countries are the members' countries, sorted.
	Countries []string `json:"countries"`
	// Sectors are the NACE divisions covered; Stages the value-chain
	// stages (industry/NACE group, see Engine.Consortium). Sorted.
	Sectors []string `json:"sectors"`
	Stages  []string `json:"stages"`
	// Objective is the consortium's objective value and its parts.
	Objective Objective `json:"objective"`
	// Summary describes the consortium in one or two sentences.
	Summary string `json:"summary"`
	// Optimal reports that Exact search proved the consortium the best
	// of its market and bans (see ConsortiumQuery.Exact). It is false
	// when the search reached MaxExactNodes first, and returned the best
	// consortium it had found, and for queries without Exact.
	Optimal bool `json:"optimal,omitempty"`
}

// A Member is one organisation of a consortium and its role in it.
type Member struct {
	ID      string          `json:"id"`
	Profile profile.Profile `json:"profile"`
	Seed    bool            `json:"seed,omitempty"` // one of the query's seeds
	// Stages are the member's value-chain stages (industry/NACE group).
	Stages []string `json:"stages,omitempty"`
	// Meets lists the needs of other members this one meets, strongest
	// first (cosine of need and offer at least 0.3).
	Meets []NeedMet `json:"meets,omitempty"`
	// Role says in words what the member brings: the need of another
	// member it meets best, or else its stages.
	Role string `json:"role"`
}

// A NeedMet is a need of one member that an offer of another meets.
type NeedMet struct {
	For   string  `json:"for"`   // id of the member with the need
	Need  string  `json:"need"`  // the need, as that member states it
	Offer string  `json:"offer"` // the offer (or technology) that meets it
	Value float64 `json:"value"` // cosine of need and offer, in [0, 1]
}

// Objective is the value of a consortium and its weighted parts:
//
//	Value = Complementarity + Anchor + Coverage + Market + Diversity - Redundancy - Size
type Objective struct {
	Value           float64 `json:"value"`
	Complementarity float64 `json:"complementarity"`
	Anchor          float64 `json:"anchor"`
	Coverage        float64 `json:"coverage"`
	Market          float64 `json:"market"`
	Diversity       float64 `json:"diversity"`
	Redundancy      float64 `json:"redundancy"`
	Size            float64 `json:"size"`
}

// Consortium proposes whole partnerships around the query's seeds that
// satisfy the call's rules, best first (ties in order of member ids):
// up to Alternatives distinct consortia, each with its members' roles, its
// shared markets, the sectors and stages it covers, its objective and a
// summary.
//
// # Candidates
//
// The candidates come from the index's candidate pools of each seed (2 ×
// Pool) and, as a second hop, of each seed's best complements of 3
// distinct stages among its first 50 candidates (Pool each), so that
// organisations two steps away in a value chain are found too. Retrieval
// weighs complementarity (needs against offers, both ways) and only
// slightly shared technologies and industries, which mostly find
// organisations doing what the seed does. Candidates are eligible members
// (the rule set) that target one of the markets all seeds share and the
// rule set allows (or the query's Markets), have one of the query's
// Industries, come from countries not already full of seeds and are not
// Excluded. The pools are taken in turn until Pool candidates, at most
// Pool/20 (and at least 4) of one stage and as many rivals of a seed (an
// overlap of stages, tags and needs of 0.5 or more, see r below), so that
// the pool spans the chain instead of filling up with the seed's
// competitors; candidates held back fill what is left. The chosen model
// rates every pair among seeds and candidates once, symmetrised as the
// mean of both directions (one direction for the built-in models, which
// are symmetric): a(i, j) in [0, 1].
//
// # Objective
//
// For a consortium S drawn from at most K = MaxSize members,
//
//	f(S) = wC/C(K,2) · Σ_{i<j∈S} a(i,j)                     complementarity
//	     + wA/(s·(K-s)) · Σ_{i∈P, j∈S∖P} a(i,j)               anchor
//	     + wV/(2·log2(1+K)) · Σ_{kind} log2(1 + |U_kind(S)|)  coverage
//	     + wM · (1 - 2^-|M(S)|)                              market
//	     + wD/log2(1+K) · log2(1 + |countries(S)|)           diversity
//	     - wR/C(K,2) · Σ_{i<j∈S} r(i,j)                      redundancy
//	     - wS/K · |S|                                        size
//
// where P are the s seeds, U_sectors(S) the distinct NACE divisions and U_stages(S) the
// distinct value-chain stages of the members in the chain (sharing an
// industry with a seed or the query's Industries; others may complement
// but cover nothing of the chain), M(S) the target markets
// every member lists (among those allowed), and r(i, j) in [0, 1] how much
// i and j do the same thing, the noisy-or 1 - Π(1 - s) of four signals s
// in [0, 1]: the Jaccard similarities of their stages, of their technology
// and offer tags and of their needs, and their text similarity (the
// built-in lsa model with its defaults, whatever model the engine serves
// as "lsa") rescaled from [0.4, 0.9] to [0, 1]. A stage is the pair
// of a member's first industry and the NACE group of one of its sectors
// (mobility-technologies/C27.2): the engine knows no named value chains,
// and the stages of a chain differ in activity, which the NACE group
// encodes. Each part is scaled to be about 1 for an ideal consortium of K.
//
// Coverage and diversity are concave functions of coverage functions,
// hence monotone submodular (diminishing returns); the size cost is
// modular; the redundancy penalty, a negated sum of non-negative pair
// weights, is submodular but not monotone. Complementarity, a sum of
// non-negative pair weights, is monotone but supermodular, and the market
// part is non-increasing (a new member can only shrink the shared
// markets) and supermodular. So f is not submodular and greedy search has
// no worst-case guarantee; the benchmarks measure its ratio to the exact
// optimum instead.
//
// Hard constraints: the seeds are members; MinSize <= |S| <= MaxSize; at
// most MaxPerCountry members per country; at least the rule set's
// MinCountries countries; every member eligible; with a rule set that
// requires third-country markets or with query Markets, at least one
// shared allowed market. Every returned consortium passes
// RuleSet.CheckConsortium with its Markets.
//
// # Algorithms
//
// The problem is solved once per market the seeds share (every member
// targets it). Greedy search starts from the seeds and adds the candidate
// of largest gain while members are missing or the gain is positive, with
// lazy evaluation (Minoux's accelerated greedy, kept exact for this
// non-submodular f by adding to stale gains the most a pair or market
// gain can have risen since); local search then applies the best swap,
// addition or removal of a non-seed member while f improves. Greedy and
// local search also run from the seeds plus each of the next 3
// candidates by first-step gain, and the best result is kept. With
// Exact, depth-first branch and bound finds the optimum, starting from the
// heuristic's solution (bounds: the best pair sums the free places could
// add, and the coverage and diversity the best remaining candidates could
// add). Alternatives: each solution found has a child, the solution of the
// same market with its strongest non-seed member (largest loss when
// removed) banned besides the parent's bans; the best unreturned solution
// is returned next, and its child is solved.
//
// Errors: ErrInvalidQuery (no seeds, duplicates, bad sizes, weights or
// filter codes; sizes, pools, alternatives and lists over the request
// limits, such as MaxConsortiumSize and MaxExactSize, also match
// profile.ErrTooLarge), ErrUnknownProfile, ErrUnknownModel,
// ErrUnknownRules, an *InfeasibleError (matching ErrInfeasible) naming the
// constraint that cannot be met and by how much, and the context's error:
// the searches check the context, exact search too, so a call returns soon
// after its deadline.
func (e *Engine) Consortium(ctx context.Context, q ConsortiumQuery) ([]Consortium, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	p, err := e.planConsortium(q)
	if err != nil {
		return nil, err
	}
	fs, err := e.current(ctx)
	if err != nil {
		return nil, err
	}
	s, err := fs.scorer(ctx, p.model)
	if err != nil {
		return nil, fmt.Errorf("match: consortium: %w", err)
	}
	pool, err := e.consortiumPool(ctx, p, s)
	if err != nil {
		return nil, err
	}
	nodes := append(slices.Clone(p.seeds), pool...)
	slices.SortFunc(nodes, func(a, b *profile.Profile) int { return cmp.Compare(a.ID, b.ID) })
	a, err := pairMatrix(ctx, s, nodes, score.IsSymmetric(p.model))
	if err != nil {
		return nil, fmt.Errorf("match: consortium: %w", err)
	}
	sim, err := topicMatrix(ctx, fs, nodes)
	if err != nil {
		return nil, fmt.Errorf("match: consortium: %w", err)
	}
	seed := make([]bool, len(nodes))
	for i, n := range nodes {
		seed[i] = slices.ContainsFunc(p.seeds, func(s *profile.Profile) bool { return s.ID == n.ID })
	}
	in := newInstance(nodes, seed, a, sim, p.markets, p.chain, p.cons, p.weights)
	subs := in.subproblems()
	sols := in.alternatives(ctx, subs, p.alternatives, p.exact)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(sols) == 0 {
		return nil, in.shortfall(subs, p)
	}
	ex, err := explainer(ctx, fs)
	if err != nil {
		return nil, err
	}
	out := make([]Consortium, len(sols))
	for i, sol := range sols {
		out[i] = in.describe(sol, ex)
	}
	return out, nil
}

// A consortiumPlan is a validated ConsortiumQuery with defaults filled in.
type consortiumPlan struct {
	seeds        []*profile.Profile
	rules        profile.RuleSet
	model        score.Model
	markets      []string // allowed shared markets of the seeds, sorted
	chain        []string // industries whose stages count as coverage
	cons         constraints
	weights      ObjectiveWeights
	filters      index.Filters
	exclude      map[string]bool
	alternatives int
	pool         int
	exact        bool
}

func (e *Engine) planConsortium(q ConsortiumQuery) (*consortiumPlan, error) {
	if len(q.Seeds) == 0 {
		return nil, sentinel.Invalid(ErrInvalidQuery, "consortium", "Seeds", "", "none given")
	}
	if err := checkConsortiumLimits(q); err != nil {
		return nil, err
	}
	p := &consortiumPlan{exact: q.Exact, exclude: map[string]bool{}}
	rules, err := e.ruleSet(q.Rules)
	if err != nil {
		return nil, err
	}
	p.rules = rules
	if p.model, err = e.model(q.Model); err != nil {
		return nil, err
	}
	if p.cons, err = sizeConstraints("consortium", q.MinSize, q.MaxSize, q.MaxPerCountry, len(q.Seeds), rules); err != nil {
		return nil, err
	}
	if p.weights, err = weightsOf(q.Weights); err != nil {
		return nil, err
	}
	if q.Alternatives < 0 {
		return nil, sentinel.Negative(ErrInvalidQuery, "consortium", "Alternatives", q.Alternatives)
	}
	if q.Pool < 0 {
		return nil, sentinel.Negative(ErrInvalidQuery, "consortium", "Pool", q.Pool)
	}
	p.alternatives = cmp.Or(q.Alternatives, 3)
	p.pool = cmp.Or(q.Pool, 200)
	if q.Exact && q.Pool == 0 {
		p.pool = 40
	}
	if q.Exact && p.cons.max > MaxExactSize {
		return nil, tooLarge("consortium", "MaxSize", p.cons.max, MaxExactSize)
	}
	for _, id := range q.Exclude {
		p.exclude[id] = true
	}
	seen := map[string]bool{}
	for i, sp := range e.pool.Lookup(q.Seeds) {
		id := q.Seeds[i]
		switch {
		case seen[id]:
			return nil, sentinel.Invalid(ErrInvalidQuery, "consortium", "Seeds", id, "given twice")
		case sp == nil:
			return nil, sentinel.Wrapf(ErrUnknownProfile, "consortium: seed %q", id)
		case p.exclude[id]:
			return nil, sentinel.Invalid(ErrInvalidQuery, "consortium", "Exclude", id, "is also a seed")
		}
		seen[id] = true
		p.seeds = append(p.seeds, sp)
	}

	wanted, err := wantedMarkets(q.Markets, rules)
	if err != nil {
		return nil, err
	}
	if err := checkSeeds(p.seeds, rules, p.cons); err != nil {
		return nil, err
	}
	p.markets = seedsMarkets(p.seeds, rules, wanted)
	if p.cons.needMarket = rules.ThirdCountryMarkets || len(wanted) > 0; p.cons.needMarket && len(p.markets) == 0 {
		return nil, &InfeasibleError{Constraint: "market", Have: 0, Need: 1,
			Detail: "the seeds share no target market " + marketRule(rules, wanted) + " (" + seedMarkets(p.seeds) + ")"}
	}

	for _, s := range p.seeds {
		p.chain = append(p.chain, s.Industries...)
	}
	p.chain = sortedSet(append(p.chain, q.Industries...))

	p.filters = index.Filters{Rules: rules, Industries: q.Industries}
	if p.cons.needMarket {
		p.filters.Markets = p.markets
	}
	perCountry := map[string]int{}
	for _, s := range p.seeds {
		perCountry[countryKey(s.Country)]++
	}
	for _, c := range sortedKeys(perCountry) {
		if perCountry[c] >= p.cons.perCountry {
			p.filters.ExcludeCountries = append(p.filters.ExcludeCountries, c)
		}
	}
	if _, err := p.filters.Matcher(); err != nil {
		return nil, wrapIndexErr("consortium", err)
	}
	return p, nil
}

// checkConsortiumLimits refuses a query over the request limits.
func checkConsortiumLimits(q ConsortiumQuery) error {
	const op = "consortium"
	if err := checkSizes(op, q.MinSize, q.MaxSize); err != nil {
		return err
	}
	maxPool := MaxConsortiumPool
	if q.Exact {
		maxPool = MaxExactPool
	}
	for _, f := range []struct {
		field  string
		n, max int
	}{
		{"Seeds", len(q.Seeds), MaxConsortiumSize},
		{"Pool", q.Pool, maxPool},
		{"Alternatives", q.Alternatives, MaxAlternatives},
		{"Exclude", len(q.Exclude), MaxExclude},
	} {
		if f.n > f.max {
			return tooLarge(op, f.field, f.n, f.max)
		}
	}
	return checkValues(op, map[string][]string{"Markets": q.Markets, "Industries": q.Industries})
}

// checkSizes refuses consortium sizes over MaxConsortiumSize.
func checkSizes(op string, minSize, maxSize int) error {
	if minSize > MaxConsortiumSize {
		return tooLarge(op, "MinSize", minSize, MaxConsortiumSize)
	}
	if maxSize > MaxConsortiumSize {
		return tooLarge(op, "MaxSize", maxSize, MaxConsortiumSize)
	}
	return nil
}

// ruleSet returns the rule set named name, DefaultRules if empty.
func (e *Engine) ruleSet(name string) (profile.RuleSet, error) {
	name = cmp.Or(name, DefaultRules)
	rs, ok := e.cfg.rules[name]
	if !ok {
		return rs, sentinel.Wrapf(ErrUnknownRules, "rule set %q (have %v)", name, e.RuleSets())
	}
	return rs, nil
}

func weightsOf(w *ObjectiveWeights) (ObjectiveWeights, error) {
	if w == nil {
		return DefaultObjectiveWeights(), nil
	}
	return *w, w.check()
}

// sizeConstraints resolves the size and country constraints of a query
// for a consortium with the given number of seeds.
func sizeConstraints(op string, minSize, maxSize, perCountry, seeds int, rules profile.RuleSet) (constraints, error) {
	var c constraints
	for _, f := range []struct {
		field string
		n     int
	}{{"MinSize", minSize}, {"MaxSize", maxSize}, {"MaxPerCountry", perCountry}} {
		if f.n < 0 {
			return c, sentinel.Negative(ErrInvalidQuery, op, f.field, f.n)
		}
	}
	c.min = max(cmp.Or(minSize, 3), rules.MinPartners, seeds)
	c.max = cmp.Or(maxSize, max(c.min, 6))
	if maxSize != 0 && maxSize < c.min {
		if minSize != 0 && minSize > maxSize {
			return c, sentinel.Invalid(ErrInvalidQuery, op, "MinSize", strconv.Itoa(minSize), fmt.Sprintf("above the maximum size %d", maxSize))
		}
		constraint, detail := "min_partners", fmt.Sprintf("at most %d members asked for, rule set %q needs %d", maxSize, rules.Name, c.min)
		if seeds > maxSize {
			constraint, detail = "size", fmt.Sprintf("%d seeds do not fit in at most %d members", seeds, maxSize)
		}
		return c, &InfeasibleError{Constraint: constraint, Have: maxSize, Need: c.min, Detail: detail}
	}
	c.perCountry = cmp.Or(perCountry, rules.MaxPerCountry, 1)
	if rules.MaxPerCountry > 0 {
		c.perCountry = min(c.perCountry, rules.MaxPerCountry)
	}
	c.minCountries = rules.MinCountries
	if c.minCountries > c.max {
		return c, &InfeasibleError{Constraint: "min_countries", Have: c.max, Need: c.minCountries,
			Detail: fmt.Sprintf("at most %d members cannot come from %d countries", c.max, c.minCountries)}
	}
	return c, nil
}

// wantedMarkets canonicalises the query's markets and checks that the
// rule set allows them.
func wantedMarkets(ms []string, rules profile.RuleSet) ([]string, error) {
	var out []string
	for _, m := range ms {
		c, ok := profile.CanonicalCountry(m)
		if !ok {
			return nil, sentinel.Invalid(ErrInvalidQuery, "consortium", "Markets", m, "unknown country")
		}
		if !rules.EligibleMarket(c) {
			return nil, &InfeasibleError{Constraint: "market", Have: 0, Need: 1,
				Detail: fmt.Sprintf("market %s is not a third country under rule set %q", c, rules.Name)}
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out, nil
}

// checkSeeds reports seeds that break the member rules on their own.
func checkSeeds(seeds []*profile.Profile, rules profile.RuleSet, c constraints) error {
	perCountry := map[string]int{}
	for _, s := range seeds {
		if !rules.EligibleMember(s.Country) {
			return &InfeasibleError{Constraint: "member_country", Have: 0, Need: 1,
				Detail: fmt.Sprintf("seed %s is established in %s, where rule set %q admits no members", s.ID, s.Country, rules.Name)}
		}
		perCountry[countryKey(s.Country)]++
	}
	for _, k := range sortedKeys(perCountry) {
		if perCountry[k] > c.perCountry {
			return &InfeasibleError{Constraint: "max_per_country", Have: perCountry[k], Need: c.perCountry,
				Detail: fmt.Sprintf("%d seeds are established in %s, at most %d per country allowed", perCountry[k], k, c.perCountry)}
		}
	}
	return nil
}

// seedsMarkets returns the markets every seed targets that the rules
// allow and, if any are wanted, are wanted; sorted.
func seedsMarkets(seeds []*profile.Profile, rules profile.RuleSet, wanted []string) []string {
	var out []string
	for _, m := range seeds[0].TargetMarkets {
		ok := rules.EligibleMarket(m) && (len(wanted) == 0 || slices.Contains(wanted, m))
		for _, s := range seeds[1:] {
			ok = ok && slices.Contains(s.TargetMarkets, m)
		}
		if ok && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	return out
}

func marketRule(rules profile.RuleSet, wanted []string) string {
	var parts []string
	if rules.ThirdCountryMarkets {
		parts = append(parts, fmt.Sprintf("that is a third country under rule set %q", rules.Name))
	}
	if len(wanted) > 0 {
		parts = append(parts, "among "+strings.Join(wanted, ", "))
	}
	return strings.Join(parts, " and ")
}

func seedMarkets(seeds []*profile.Profile) string {
	parts := make([]string, len(seeds))
	for i, s := range seeds {
		parts[i] = s.ID + ": " + cmp.Or(strings.Join(s.TargetMarkets, " "), "none")
	}
	return strings.Join(parts, "; ")
}

// countryKey is the country a member counts for (EL and GR are one).
func countryKey(c string) string {
	if cc, ok := profile.CanonicalCountry(c); ok {
		return cc
	}
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
