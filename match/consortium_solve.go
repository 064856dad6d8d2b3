package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// eps is the least improvement the solvers act on, so that rounding
// cannot make them cycle.
const eps = 1e-12

// A gainItem is a node in the lazy greedy's heap with an upper bound of
// its gain, stored as bound - inflation at the time it was computed, and
// the step (number of members added) it was computed at.
type gainItem struct {
	x    int
	key  float64
	step int
}

// gainHeap is a max-heap of gainItems by key, ties by smaller node.
type gainHeap []gainItem

func (h gainHeap) less(i, j int) bool {
	return h[i].key > h[j].key || h[i].key == h[j].key && h[i].x < h[j].x
}

func (h *gainHeap) push(it gainItem) {
	*h = append(*h, it)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *gainHeap) pop() gainItem {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(s) && s.less(l, m) {
			m = l
		}
		if r < len(s) && s.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	*h = s
	return top
}

// greedy grows st from cands (skipping banned ones): while the members
// do not yet meet the constraints, or while the best gain is positive and
// there is room, it adds the node of largest gain, ties by smaller node.
// It returns the number of gain evaluations.
//
// Evaluation is lazy (Minoux 1978, "Accelerated greedy algorithms for
// maximizing submodular set functions"), made valid for this objective,
// which is not submodular: coverage, diversity and size gains only fall
// as members join; the pair gain of a node rises by at most rowMax[y]
// when y joins; and the market gain, at most 0 once there is a member,
// rises by at most its magnitude when it was computed. A global
// inflation adds these rises up, so a stale gain plus the inflation since
// it was computed bounds the current gain; when the best bound belongs to
// a gain computed in the current step, that node is the greedy choice,
// as plain greedy would make it.
func (in *instance) greedy(st *state, cands []int, banned []bool) int {
	var h gainHeap
	inflation, rise, step, evals := 0.0, 0.0, 0, 0
	eval := func(x int) {
		g, m := st.gain(x)
		evals++
		rise = max(rise, -m)
		h.push(gainItem{x: x, key: g - inflation, step: step})
	}
	for _, x := range cands {
		if (banned == nil || !banned[x]) && st.addable(x) {
			eval(x)
		}
	}
	for len(h) > 0 {
		must := !st.complete()
		chosen, best := -1, 0.0
		for len(h) > 0 {
			it := h.pop()
			if !st.addable(it.x) {
				continue // for good: see addable
			}
			if it.step == step {
				chosen, best = it.x, it.key+inflation
				break
			}
			eval(it.x)
		}
		if chosen < 0 || !must && best <= eps {
			break
		}
		st.push(chosen)
		inflation += in.rowMax[chosen] + rise
		rise = 0
		step++
	}
	return evals
}

// improve runs best-improvement local search from members: each round it
// applies the best of all drops, adds and swaps of non-seed members with
// allowed candidates that raise the objective, until none does. members
// must meet the constraints; the result is sorted. A swap of u for x is
// valued as f(S-u) plus the gain of x, so a round costs O(|S|·n).
func (in *instance) improve(members []int, cands []int, banned []bool) []int {
	cur := slices.Clone(members)
	slices.Sort(cur)
	st := in.newState()
	for _, x := range cur {
		st.push(x)
	}
	val := st.value()
	for range cur {
		st.pop()
	}
	allowed := func(x int) bool { return !st.has[x] && (banned == nil || !banned[x]) }
	for range 100 {
		best, bestDrop, bestAdd := val, -1, -1
		consider := func(drop int) {
			if len(st.members) >= in.cons.min && st.complete() && st.value() > best+eps && drop >= 0 {
				best, bestDrop, bestAdd = st.value(), drop, -1
			}
			if len(st.members) >= in.cons.max {
				return
			}
			for _, x := range cands {
				if allowed(x) && st.fits(x) {
					if g, _ := st.gain(x); st.value()+g > best+eps {
						best, bestDrop, bestAdd = st.value()+g, drop, x
					}
				}
			}
		}
		for _, x := range cur {
			st.push(x)
		}
		consider(-1) // additions
		for range cur {
			st.pop()
		}
		for _, u := range cur {
			if in.seed[u] {
				continue
			}
			for _, x := range cur {
				if x != u {
					st.push(x)
				}
			}
			consider(u) // removal of u, and swaps of u
			for range len(cur) - 1 {
				st.pop()
			}
		}
		if bestDrop < 0 && bestAdd < 0 {
			break
		}
		if bestDrop >= 0 {
			cur = slices.DeleteFunc(cur, func(x int) bool { return x == bestDrop })
		}
		if bestAdd >= 0 {
			cur = append(cur, bestAdd)
		}
		slices.Sort(cur)
		val = best
	}
	return cur
}

// restarts is how many other first members the heuristic also starts
// greedy search from.
const restarts = 3

// heuristic solves the problem of cands with greedy search from the seeds
// and local search; then again with each of the next restarts candidates
// by first-step gain (after greedy's own first choice) forced in, and
// keeps the best (ties by smaller nodes). It reports false if greedy
// finds no consortium meeting the constraints.
func (in *instance) heuristic(cands []int, banned []bool) ([]int, bool) {
	st := in.newState()
	for _, s := range in.seeds {
		st.push(s)
	}
	type first struct {
		x int
		g float64
	}
	var firsts []first
	for _, x := range cands {
		if (banned == nil || !banned[x]) && st.addable(x) {
			g, _ := st.gain(x)
			firsts = append(firsts, first{x, g})
		}
	}
	slices.SortStableFunc(firsts, func(a, b first) int { return cmp.Compare(b.g, a.g) })
	var best []int
	bestVal := math.Inf(-1)
	run := func(force int) {
		if force >= 0 {
			st.push(force)
		}
		in.greedy(st, cands, banned)
		if st.complete() {
			ms := in.improve(st.members, cands, banned)
			if v := in.value(ms); v > bestVal+eps || math.Abs(v-bestVal) <= eps && slices.Compare(ms, best) < 0 {
				best, bestVal = ms, v
			}
		}
		for len(st.members) > len(in.seeds) {
			st.pop()
		}
	}
	run(-1)
	for _, f := range firsts[min(1, len(firsts)):min(len(firsts), restarts+1)] {
		run(f.x) // firsts[0] is greedy's own first choice
	}
	return best, best != nil
}

// exact returns an optimal consortium of the seeds and cands (skipping
// banned ones) by depth-first branch and bound, or false if none meets
// the constraints. incumbent, if not nil, is a feasible consortium to
// beat. It gives up, reporting false, when ctx ends: the search is
// exponential in the worst case. When it has visited MaxExactNodes nodes
// (over all the solves of the instance) it stops, sets in.exhausted and
// returns the best consortium it found. Candidates are tried in order of their pair weight with the seeds,
// so that good solutions come early. At a node with members S and free
// places r, the bound adds to f(S): the best r values (at least the
// missing ones) of pair[x] + (r-1)/2·rowMax[x] - size cost over the
// remaining candidates x (each pair of new members counted half from each
// side); the coverage of the r largest numbers of new features; the
// diversity of min(r, new countries); and nothing for markets, which
// only shrink.
func (in *instance) exact(ctx context.Context, cands []int, banned []bool, incumbent []int) ([]int, bool) {
	st := in.newState()
	for _, s := range in.seeds {
		st.push(s)
	}
	var order []int
	for _, x := range cands {
		if (banned == nil || !banned[x]) && !in.seed[x] {
			order = append(order, x)
		}
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Or(cmp.Compare(st.pair[y], st.pair[x]), cmp.Compare(x, y)) })
	best, bestVal := []int(nil), math.Inf(-1)
	if incumbent != nil {
		best, bestVal = slices.Clone(incumbent), in.value(incumbent)
	}
	var vals []float64
	var nfs [numFeat][]int
	seenCountry := make([]bool, in.ncountry)
	bound := func(t int) float64 {
		r := in.cons.max - len(st.members)
		need := max(0, in.cons.min-len(st.members))
		vals = vals[:0]
		for k := range numFeat {
			nfs[k] = nfs[k][:0]
		}
		newCountries := 0
		for _, x := range order[t:] {
			if !st.addable(x) {
				continue
			}
			vals = append(vals, st.pair[x]+0.5*float64(r-1)*in.rowMax[x]-in.wt.Size*in.sizeScale)
			for k := range numFeat {
				nf := 0
				for _, f := range in.feats[k][x] {
					if st.fcount[k][f] == 0 {
						nf++
					}
				}
				nfs[k] = append(nfs[k], nf)
			}
			if c := in.country[x]; st.ccount[c] == 0 && !seenCountry[c] {
				seenCountry[c] = true
				newCountries++
			}
		}
		for _, x := range order[t:] {
			seenCountry[in.country[x]] = false
		}
		if len(vals) < need || st.ncountries+min(r, newCountries) < in.cons.minCountries {
			return math.Inf(-1)
		}
		slices.SortFunc(vals, func(a, b float64) int { return cmp.Compare(b, a) })
		ub := st.value()
		for i, v := range vals[:min(r, len(vals))] {
			if i >= need && v <= 0 {
				break
			}
			ub += v
		}
		for k := range numFeat {
			slices.SortFunc(nfs[k], func(a, b int) int { return cmp.Compare(b, a) })
			add := 0
			for _, nf := range nfs[k][:min(r, len(nfs[k]))] {
				add += nf
			}
			d := st.distinct[k]
			ub += in.wt.Coverage * in.covScale * (log2p(d+add) - log2p(d))
		}
		nc := st.ncountries
		ub += in.wt.Diversity * in.divScale * (log2p(nc+min(r, newCountries)) - log2p(nc))
		if len(st.members) == 0 {
			ub += in.wt.Market
		}
		return ub
	}
	nodes, stopped := 0, false
	var dfs func(t int)
	dfs = func(t int) {
		// A node costs a bound over the candidates left, microseconds:
		// checking the context every 256 nodes costs nothing and keeps
		// the search within a millisecond of a deadline.
		if nodes++; nodes%256 == 0 && ctx.Err() != nil {
			stopped = true
		}
		if in.visited++; in.visited > MaxExactNodes {
			in.exhausted = true
		}
		if stopped || in.exhausted {
			return
		}
		if st.complete() && st.value() > bestVal+eps {
			best, bestVal = slices.Clone(st.members), st.value()
		}
		if len(st.members) >= in.cons.max || bound(t) <= bestVal+eps {
			return
		}
		for i := t; i < len(order); i++ {
			if x := order[i]; st.addable(x) {
				st.push(x)
				dfs(i + 1)
				st.pop()
			}
		}
	}
	dfs(0)
	if best == nil || stopped { // not when the budget ran out: best is the best found
		return nil, false
	}
	slices.Sort(best)
	return best, true
}

// A subproblem is the problem of one shared market: the candidates that
// target it (all candidates when no market is required).
type subproblem struct {
	market string // "" for any
	cands  []int
}

// subproblems splits the candidates by the markets they share with the
// seeds.
func (in *instance) subproblems() []subproblem {
	var all []int
	for i := range in.n {
		if !in.seed[i] {
			all = append(all, i)
		}
	}
	if !in.cons.needMarket {
		return []subproblem{{cands: all}}
	}
	var out []subproblem
	for m, code := range in.markets {
		sp := subproblem{market: code}
		for _, x := range all {
			if in.mk[x].has(m) {
				sp.cands = append(sp.cands, x)
			}
		}
		out = append(out, sp)
	}
	return out
}

// A solution is a consortium found for a subproblem with some
// candidates banned.
type solution struct {
	members []int // sorted
	value   float64
	sub     int
	bans    []int
	key     string // the members' ids, for telling solutions apart
	optimal bool   // exact search proved it best (see Consortium.Optimal)
}

// solve solves subproblem si with bans; it reports false if there is no
// solution or ctx ended.
func (in *instance) solve(ctx context.Context, subs []subproblem, si int, bans []int, exact bool) (solution, bool) {
	if ctx.Err() != nil {
		return solution{}, false
	}
	var banned []bool
	if len(bans) > 0 {
		banned = make([]bool, in.n)
		for _, b := range bans {
			banned[b] = true
		}
	}
	cands := subs[si].cands
	ms, ok := in.heuristic(cands, banned)
	if exact {
		ms, ok = in.exact(ctx, cands, banned, ms)
	}
	if !ok {
		return solution{}, false
	}
	optimal := exact && !in.exhausted
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = in.ids[m]
	}
	return solution{members: ms, value: in.value(ms), sub: si, bans: bans, key: strings.Join(ids, "\x00"), optimal: optimal}, true
}

// strongest returns the non-seed member whose removal lowers the objective
// most (ignoring constraints), ties by smaller node; -1 if none.
func (in *instance) strongest(members []int) int {
	o, _ := in.objective(members)
	best, bestLoss := -1, math.Inf(-1)
	for k, u := range members {
		if in.seed[u] {
			continue
		}
		rest := append(slices.Clone(members[:k]), members[k+1:]...)
		r, _ := in.objective(rest)
		if loss := o.Value - r.Value; loss > bestLoss+eps {
			best, bestLoss = u, loss
		}
	}
	return best
}

// alternatives returns up to want distinct consortia, best first (ties by
// member ids): the solution of every subproblem, and for each solution
// returned, a child solved with its strongest non-seed member banned too.
func (in *instance) alternatives(ctx context.Context, subs []subproblem, want int, exact bool) []solution {
	seen := map[string]bool{}
	var open, out []solution
	add := func(si int, bans []int) {
		// A child equal to a solution already seen gets the strongest
		// member of that solution banned too, a few times at most.
		for range in.cons.max {
			s, ok := in.solve(ctx, subs, si, bans, exact)
			if !ok {
				return
			}
			if !seen[s.key] {
				seen[s.key] = true
				open = append(open, s)
				return
			}
			top := in.strongest(s.members)
			if top < 0 {
				return
			}
			bans = append(slices.Clone(bans), top)
		}
	}
	better := func(a, b solution) int { return cmp.Or(cmp.Compare(b.value, a.value), cmp.Compare(a.key, b.key)) }
	for si := range subs {
		if ctx.Err() != nil {
			return nil
		}
		add(si, nil)
	}
	for len(out) < want && len(open) > 0 && ctx.Err() == nil {
		i := 0
		for j := range open {
			if better(open[j], open[i]) < 0 {
				i = j
			}
		}
		s := open[i]
		open = slices.Delete(open, i, i+1)
		out = append(out, s)
		if top := in.strongest(s.members); top >= 0 && len(out) < want {
			add(s.sub, append(slices.Clone(s.bans), top))
		}
	}
	slices.SortFunc(out, better)
	return out
}

// shortfall explains why no subproblem has a solution: the constraint
// that fails in the subproblem closest to meeting them.
func (in *instance) shortfall(subs []subproblem, p *consortiumPlan) error {
	type stat struct {
		sub                  int
		cands, countries, cp int
	}
	var best stat
	for si, sp := range subs {
		per := map[int32]int{}
		for _, s := range in.seeds {
			per[in.country[s]]++
		}
		for _, x := range sp.cands {
			per[in.country[x]]++
		}
		st := stat{sub: si, cands: len(sp.cands), countries: len(per)}
		for _, c := range per {
			st.cp += min(c, in.cons.perCountry)
		}
		if si == 0 || cmp.Or(cmp.Compare(st.countries, best.countries), cmp.Compare(st.cp, best.cp)) > 0 {
			best = st
		}
	}
	where := "for any market"
	if m := subs[best.sub].market; m != "" {
		where = "for market " + m
		if len(subs) > 1 {
			where += fmt.Sprintf(" (the best of %d shared markets)", len(subs))
		}
	}
	seeds := "seeds"
	if len(in.seeds) == 1 {
		seeds = "seed"
	}
	among := fmt.Sprintf("among the %s and %s %s", seeds, plural(best.cands, "candidate", "candidates"), where)
	switch {
	case best.countries < in.cons.minCountries:
		return &InfeasibleError{Constraint: "min_countries", Have: best.countries, Need: in.cons.minCountries,
			Detail: fmt.Sprintf("only %d eligible countries %s; rule set %q needs %d", best.countries, among, p.rules.Name, in.cons.minCountries)}
	case best.cp < in.cons.min:
		return &InfeasibleError{Constraint: "min_partners", Have: best.cp, Need: in.cons.min,
			Detail: fmt.Sprintf("only %d members possible %s with at most %d per country; %d needed", best.cp, among, in.cons.perCountry, in.cons.min)}
	}
	return &InfeasibleError{Constraint: "min_partners", Have: 0, Need: in.cons.min,
		Detail: fmt.Sprintf("no combination of the members possible %s meets every constraint", among)}
}

// plural returns "n thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
