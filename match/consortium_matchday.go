package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// A MatchdayQuery asks to split the participants of a matchmaking day
// into disjoint consortia. The fields other than IDs and CoverIndustries
// mean what they mean in a ConsortiumQuery; there are no seeds, and no
// filter: the participants are the candidates.
type MatchdayQuery struct {
	// IDs are the participating organisations, each at most once; at
	// most MaxParticipants.
	IDs []string
	// MinSize and MaxSize bound each consortium. Zero MinSize means 3
	// (never below the rule set's MinPartners); zero MaxSize means
	// max(MinSize, 6).
	MinSize, MaxSize int
	// Rules names the eligibility rule set, as in Query. Empty means
	// DefaultRules.
	Rules string
	// Markets restricts the shared target markets. Empty means any that
	// the rule set allows.
	Markets []string
	// CoverIndustries are the value chains whose sectors and stages count
	// as coverage. Unlike Query.Filters.Industries and
	// ConsortiumQuery.Industries it filters nothing: participants of
	// other industries may still join, they only cover nothing of the
	// chain. Empty means every industry.
	CoverIndustries []string
	// MaxPerCountry caps the members per country in each consortium.
	// Zero means the rule set's MaxPerCountry, or 1.
	MaxPerCountry int
	// Model names the score model. Empty means the engine's default.
	Model string
	// Weights weigh the objective. Nil means DefaultObjectiveWeights().
	Weights *ObjectiveWeights
}

// A MatchdayResult is a partition of a matchmaking day's participants.
type MatchdayResult struct {
	// Consortia are disjoint, best first (ties by member ids).
	Consortia []Consortium `json:"consortia"`
	// Unplaced are the participants in no consortium, by id, each with
	// the reason.
	Unplaced []Unplaced `json:"unplaced"`
	// Objective is the sum of the consortia's objective values.
	Objective float64 `json:"objective"`
}

// An Unplaced participant fits in no consortium.
type Unplaced struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Matchday partitions the participants of a matchmaking day into
// disjoint consortia that each satisfy the rules (every organisation is
// in at most one, as calls require per phase), maximising the sum of
// their objective values (see Consortium), and lists the participants
// that fit nowhere with the reason.
//
// It extracts consortia greedily: in each round, for every allowed market
// (every member must target it), greedy search grows the three best
// pairs of the participants left that target it and local search improves
// the results; the best consortium of the round is taken out. When no
// more can be formed, local search on the partition moves participants
// between consortia and the unplaced (adds, replacements, moves and
// swaps) while the total rises. Participants that are ineligible, or
// target no allowed market, are unplaced from the start.
//
// Errors: ErrInvalidQuery (no or duplicate ids, bad sizes or weights;
// more than MaxParticipants ids, or sizes or lists over the request
// limits, also match profile.ErrTooLarge),
// ErrUnknownProfile, ErrUnknownModel, ErrUnknownRules, an
// *InfeasibleError for sizes the rule set forbids, and the context's
// error. Participants that form no consortium at all are not an error:
// the result then lists every one as unplaced.
func (e *Engine) Matchday(ctx context.Context, q MatchdayQuery) (*MatchdayResult, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	if len(q.IDs) == 0 {
		return nil, sentinel.Invalid(ErrInvalidQuery, "matchday", "IDs", "", "none given")
	}
	if len(q.IDs) > MaxParticipants {
		return nil, tooLarge("matchday", "IDs", len(q.IDs), MaxParticipants)
	}
	if err := checkSizes("matchday", q.MinSize, q.MaxSize); err != nil {
		return nil, err
	}
	if err := checkValues("matchday", map[string][]string{"Markets": q.Markets, "CoverIndustries": q.CoverIndustries}); err != nil {
		return nil, err
	}
	rules, err := e.ruleSet(q.Rules)
	if err != nil {
		return nil, err
	}
	model, err := e.model(q.Model)
	if err != nil {
		return nil, err
	}
	cons, err := sizeConstraints("matchday", q.MinSize, q.MaxSize, q.MaxPerCountry, 0, rules)
	if err != nil {
		return nil, err
	}
	weights, err := weightsOf(q.Weights)
	if err != nil {
		return nil, err
	}
	wanted, err := wantedMarkets(q.Markets, rules)
	if err != nil {
		return nil, err
	}
	cons.needMarket = rules.ThirdCountryMarkets || len(wanted) > 0
	var chain []string
	for _, ind := range q.CoverIndustries {
		if !slices.ContainsFunc(profile.IndustryTerms(), func(t profile.Term) bool { return t.Slug == ind }) {
			return nil, sentinel.Invalid(ErrInvalidQuery, "matchday", "CoverIndustries", ind, "unknown industry")
		}
		chain = append(chain, ind)
	}
	allowed := func(m string) bool {
		return rules.EligibleMarket(m) && (len(wanted) == 0 || slices.Contains(wanted, m))
	}

	res := &MatchdayResult{}
	var nodes []*profile.Profile
	markets := map[string]bool{}
	seen := map[string]bool{}
	for i, p := range e.pool.Lookup(q.IDs) {
		id := q.IDs[i]
		switch {
		case seen[id]:
			return nil, sentinel.Invalid(ErrInvalidQuery, "matchday", "IDs", id, "given twice")
		case p == nil:
			return nil, sentinel.Wrapf(ErrUnknownProfile, "matchday: participant %q", id)
		}
		seen[id] = true
		var own []string
		for _, m := range p.TargetMarkets {
			if allowed(m) {
				own = append(own, m)
			}
		}
		switch {
		case !rules.EligibleMember(p.Country):
			res.Unplaced = append(res.Unplaced, Unplaced{ID: id,
				Reason: fmt.Sprintf("established in %s, where rule set %q admits no members", p.Country, rules.Name)})
		case cons.needMarket && len(own) == 0:
			res.Unplaced = append(res.Unplaced, Unplaced{ID: id,
				Reason: "targets no market " + marketRule(rules, wanted)})
		default:
			nodes = append(nodes, p)
			for _, m := range own {
				markets[m] = true
			}
		}
	}
	slices.SortFunc(nodes, func(a, b *profile.Profile) int { return cmp.Compare(a.ID, b.ID) })

	if len(nodes) > 0 {
		fs, err := e.current(ctx)
		if err != nil {
			return nil, err
		}
		s, err := fs.scorer(ctx, model)
		if err != nil {
			return nil, fmt.Errorf("match: matchday: %w", err)
		}
		a, err := pairMatrix(ctx, s, nodes, score.IsSymmetric(model))
		if err != nil {
			return nil, fmt.Errorf("match: matchday: %w", err)
		}
		sim, err := topicMatrix(ctx, fs, nodes)
		if err != nil {
			return nil, fmt.Errorf("match: matchday: %w", err)
		}
		in := newInstance(nodes, make([]bool, len(nodes)), a, sim, sortedKeys(markets), chain, cons, weights)
		parts, left := in.partition(ctx)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ex, err := explainer(ctx, fs)
		if err != nil {
			return nil, err
		}
		for _, ms := range parts {
			c := in.describe(solution{members: ms}, ex)
			res.Consortia = append(res.Consortia, c)
			res.Objective += c.Objective.Value
		}
		for _, x := range left {
			res.Unplaced = append(res.Unplaced, Unplaced{ID: in.ids[x], Reason: in.unplacedReason(x, parts, rules)})
		}
	}
	slices.SortFunc(res.Consortia, func(a, b Consortium) int {
		return cmp.Or(cmp.Compare(b.Objective.Value, a.Objective.Value), cmp.Compare(memberKey(a), memberKey(b)))
	})
	slices.SortFunc(res.Unplaced, func(a, b Unplaced) int { return cmp.Compare(a.ID, b.ID) })
	return res, nil
}

func memberKey(c Consortium) string {
	ids := make([]string, len(c.Members))
	for i, m := range c.Members {
		ids[i] = m.ID
	}
	slices.Sort(ids)
	return strings.Join(ids, "\x00")
}

// startPairs is how many of the best pairs of a market greedy grows from
// in each round of Matchday.
const startPairs = 3

// partition splits the instance's nodes (which must have no seeds) into
// disjoint consortia, as Matchday documents, and returns them with the
// nodes left over, sorted.
func (in *instance) partition(ctx context.Context) (parts [][]int, left []int) {
	taken := make([]bool, in.n)
	for ctx.Err() == nil {
		ms, ok := in.bestConsortium(ctx, taken)
		if !ok {
			break
		}
		for _, x := range ms {
			taken[x] = true
		}
		parts = append(parts, ms)
	}
	if ctx.Err() != nil {
		return nil, nil
	}
	parts = in.improvePartition(ctx, parts)
	placed := make([]bool, in.n)
	for _, ms := range parts {
		for _, x := range ms {
			placed[x] = true
		}
	}
	for x := range in.n {
		if !placed[x] {
			left = append(left, x)
		}
	}
	return parts, left
}

// bestConsortium returns the best consortium of the nodes not taken, or
// false if there is none or ctx ended.
func (in *instance) bestConsortium(ctx context.Context, taken []bool) ([]int, bool) {
	var subs [][]int
	if in.cons.needMarket {
		for m := range in.markets {
			var cs []int
			for x := range in.n {
				if !taken[x] && in.mk[x].has(m) {
					cs = append(cs, x)
				}
			}
			subs = append(subs, cs)
		}
	} else {
		var cs []int
		for x := range in.n {
			if !taken[x] {
				cs = append(cs, x)
			}
		}
		subs = append(subs, cs)
	}
	var best []int
	bestVal, bestKey := math.Inf(-1), ""
	for _, cands := range subs {
		if ctx.Err() != nil {
			return nil, false // partition checks ctx and discards the round
		}
		if !in.mayFit(cands) {
			continue
		}
		for _, pr := range in.topPairs(cands) {
			st := in.newState()
			st.push(pr[0])
			st.push(pr[1])
			in.greedy(st, cands, taken)
			if !st.complete() {
				continue
			}
			ms := in.improve(st.members, cands, taken)
			v := in.value(ms)
			key := in.key(ms)
			if v > bestVal+eps || math.Abs(v-bestVal) <= eps && key < bestKey {
				best, bestVal, bestKey = ms, v, key
			}
		}
	}
	return best, best != nil
}

// mayFit reports whether cands have enough countries and members for a
// consortium, a quick necessary condition.
func (in *instance) mayFit(cands []int) bool {
	per := map[int32]int{}
	for _, x := range cands {
		per[in.country[x]]++
	}
	capacity := 0
	for _, c := range per {
		capacity += min(c, in.cons.perCountry)
	}
	return len(per) >= in.cons.minCountries && capacity >= in.cons.min
}

// topPairs returns the startPairs pairs of cands that may be together
// with the largest objective, ties by nodes.
func (in *instance) topPairs(cands []int) [][2]int {
	type scored struct {
		p [2]int
		v float64
	}
	var top []scored
	st := in.newState()
	for k, x := range cands {
		st.push(x)
		for _, y := range cands[k+1:] {
			if !st.addable(y) {
				continue
			}
			g, _ := st.gain(y)
			v := st.value() + g
			if len(top) == startPairs && v <= top[len(top)-1].v {
				continue
			}
			top = append(top, scored{[2]int{x, y}, v})
			slices.SortStableFunc(top, func(a, b scored) int { return cmp.Compare(b.v, a.v) })
			top = top[:min(len(top), startPairs)]
		}
		st.pop()
	}
	out := make([][2]int, len(top))
	for i, t := range top {
		out[i] = t.p
	}
	return out
}

func (in *instance) key(ms []int) string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = in.ids[m]
	}
	slices.Sort(ids)
	return strings.Join(ids, "\x00")
}

// maxPartitionRounds caps the rounds of partition local search.
const maxPartitionRounds = 50

// maxPartitionWork caps the work of partition local search, counted as
// the pairs of members of every consortium it evaluates (an objective
// value costs the pairs of its members): about three seconds. Matchdays
// of small consortia stop well before it (500 participants in
// consortia of 3 to 6 need a seventh of it); 500 in consortia of 50 ran
// for 30 s without it.
const maxPartitionWork = 1 << 28

// improvePartition applies improving moves to the partition until none
// is left: a node left over joins a consortium or replaces a member; a
// member moves to another consortium; two members of different consortia
// swap. Each round applies the first improving move of each consortium
// (or pair of consortia) in order, so the total strictly rises. It stops
// after maxPartitionWork, with the partition improved so far.
func (in *instance) improvePartition(ctx context.Context, parts [][]int) [][]int {
	vals := make([]float64, len(parts))
	for i, ms := range parts {
		vals[i] = in.value(ms)
	}
	where := make([]int, in.n) // consortium of each node, -1 if none
	for x := range where {
		where[x] = -1
	}
	for c, ms := range parts {
		for _, x := range ms {
			where[x] = c
		}
	}
	work := 0
	value := func(ms []int) float64 {
		work += len(ms) * len(ms)
		return in.value(ms)
	}
	// with writes ms without drop and with add into *buf, a scratch
	// buffer: a move that is kept is cloned.
	var bufC, bufD []int
	with := func(buf *[]int, ms []int, drop, add int) []int {
		out := (*buf)[:0]
		for _, x := range ms {
			if x != drop {
				out = append(out, x)
			}
		}
		if add >= 0 {
			out = append(out, add)
		}
		slices.Sort(out)
		*buf = out
		return out
	}
	for range maxPartitionRounds {
		moved := false
		for c := range parts {
			// A round costs O(consortia × participants) objective values:
			// check the context and the work per consortium, not per round.
			if ctx.Err() != nil || work > maxPartitionWork {
				return parts
			}
			// Left-over nodes join or replace a member.
			for x := range in.n {
				if where[x] >= 0 {
					continue
				}
				for _, u := range append([]int{-1}, parts[c]...) {
					next := with(&bufC, parts[c], u, x)
					if v := value(next); v > vals[c]+eps {
						if u >= 0 {
							where[u] = -1
						}
						where[x], parts[c], vals[c], moved = c, slices.Clone(next), v, true
						break
					}
				}
			}
			// Members move to, or swap with, a later consortium.
			for d := c + 1; d < len(parts); d++ {
				for _, u := range slices.Clone(parts[c]) {
					for _, v := range append([]int{-1}, parts[d]...) {
						nc, nd := with(&bufC, parts[c], u, v), with(&bufD, parts[d], v, u)
						vc, vd := value(nc), value(nd)
						if vc+vd > vals[c]+vals[d]+eps {
							where[u] = d
							if v >= 0 {
								where[v] = c
							}
							parts[c], parts[d], vals[c], vals[d], moved = slices.Clone(nc), slices.Clone(nd), vc, vd, true
							break
						}
					}
				}
			}
		}
		if !moved {
			break
		}
	}
	return parts
}

// unplacedReason says why node x is in no consortium of parts.
func (in *instance) unplacedReason(x int, parts [][]int, rules profile.RuleSet) string {
	if in.cons.needMarket {
		var own []string
		bestCountries := 0
		for m, code := range in.markets {
			if !in.mk[x].has(m) {
				continue
			}
			own = append(own, code)
			per := map[int32]bool{}
			for y := range in.n {
				if in.mk[y].has(m) {
					per[in.country[y]] = true
				}
			}
			bestCountries = max(bestCountries, len(per))
		}
		if bestCountries < in.cons.minCountries {
			return fmt.Sprintf("participants targeting its markets (%s) come from at most %d countries; rule set %q needs %d",
				strings.Join(own, ", "), bestCountries, rules.Name, in.cons.minCountries)
		}
	}
	best, bestLoss := -1, math.Inf(1)
	full, sameCountry := 0, 0
	for c, ms := range parts {
		next := append(slices.Clone(ms), x)
		if v := in.value(next); !math.IsInf(v, -1) {
			if loss := in.value(ms) - v; loss < bestLoss {
				best, bestLoss = c, loss
			}
			continue
		}
		shares := false
		for m := range in.markets {
			shares = shares || in.mk[x].has(m) && slices.ContainsFunc(ms, func(y int) bool { return in.mk[y].has(m) })
		}
		switch {
		case !shares && in.cons.needMarket:
		case len(ms) >= in.cons.max:
			full++
		default:
			sameCountry++
		}
	}
	if best >= 0 {
		return fmt.Sprintf("joining the consortium of %s would lower its objective by %.3f", in.ids[parts[best][0]], bestLoss)
	}
	var why []string
	if full > 0 {
		why = append(why, plural(full, "consortium sharing its markets is full", "consortia sharing its markets are full"))
	}
	if sameCountry > 0 {
		why = append(why, fmt.Sprintf("%s already %s a member from %s", plural(sameCountry, "consortium", "consortia"),
			map[bool]string{true: "has", false: "have"}[sameCountry == 1], in.countries[in.country[x]]))
	}
	if len(why) == 0 {
		why = append(why, "no consortium shares its markets")
	}
	return strings.Join(why, "; ") + "; the participants left cannot form another"
}
