package themes

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Ground-truth shape. Targets are disjoint: a profile belongs to at most
// one. About 34% of profiles are members, which with 3-6 members (mean
// 4.45) is one target per 13 profiles.
const (
	memberShare = 0.34
	pSameStage  = 0.45 // chance a member copies another's stage: about 28% same-stage pairs
)

var (
	sizeWeights = []float64{25, 30, 20, 25} // 3, 4, 5, 6 members
	meanSize    = 3 + (0*25+1*30+2*20+3*25)/100.0
	// stageDistWeights weighs a new member's stage by its distance to the
	// nearest stage already in the partnership: adjacent stages most.
	stageDistWeights = []float64{0, 6, 3, 1, 0.5}
)

// A textMode says which lists a profile fills: about 20% leave needs or
// offers (or both) empty and rely on their description.
type textMode uint8

const (
	full textMode = iota
	noNeeds
	noOffers
	descriptionOnly
)

var modeTable = newTable([]float64{80, 8, 7, 5})

func (m textMode) hasOffers() bool { return m == full || m == noNeeds }
func (m textMode) hasNeeds() bool  { return m == full || m == noOffers }

// A capRef is one capability of a stage, said with one term of a theme.
type capRef struct{ stage, cap, term int }

// A slot is what the plan fixes about a target member before the profile
// is built; other profiles draw everything from their own stream.
type slot struct {
	target  int // index into plan.targets, -1 for non-members
	theme   int
	stage   int
	country int // index into countryTable
	market  string
	mode    textMode
	offers  []capRef // planted: partners' needs point at these
	needs   []capRef // planted: copies of partners' offers, to be said as needs
}

type target struct {
	theme   int
	market  string
	members []int // profile indexes, ascending
}

type plan struct {
	slots   []slot
	targets []target
}

// makePlan deals profile indexes into target partnerships and plans each
// target from its own stream.
func makePlan(cfg Config, v *vocabulary, g *geography) *plan {
	n := cfg.Profiles
	r := stream(cfg.Seed, saltPlan, 0)
	pl := &plan{slots: make([]slot, n)}
	for i := range pl.slots {
		pl.slots[i].target = -1
	}
	want := int(math.Round(float64(n) * memberShare / meanSize))
	sizes := newTable(sizeWeights)
	perm := r.Perm(n)
	for used := 0; len(pl.targets) < want; {
		k := 3 + sizes.draw(r)
		if used+k > n {
			break
		}
		members := slices.Clone(perm[used : used+k])
		slices.Sort(members)
		used += k
		pl.targets = append(pl.targets, target{members: members})
	}
	for t := range pl.targets {
		planTarget(stream(cfg.Seed, saltTarget, uint64(t)), t, &pl.targets[t], pl.slots, v, g, cfg.WithinChain)
	}
	return pl
}

func planTarget(r *rand.Rand, ti int, t *target, slots []slot, v *vocabulary, g *geography, withinChain bool) {
	t.theme = r.IntN(len(v.themes))
	for withinChain && len(v.themes[t.theme].chains) > 1 {
		t.theme = r.IntN(len(v.themes))
	}
	t.market = marketTable[g.markets.draw(r)].code
	th := &v.themes[t.theme]
	k := len(t.members)
	stages := memberStages(r, v, th, k)
	countries := memberCountries(r, g, k)
	// Members sit at random positions of the index, so the order stages
	// and countries were drawn in says nothing about ids.
	ss := make([]*slot, k)
	for j, i := range t.members {
		s := &slots[i]
		*s = slot{target: ti, theme: t.theme, stage: stages[j], country: countries[j], market: t.market,
			mode: textMode(modeTable.draw(r))}
		if s.mode.hasOffers() {
			st := &v.stages[s.stage]
			for _, c := range sample(r, st.themedCaps, between(r, 1, 2)) {
				s.offers = append(s.offers, capRef{stage: s.stage, cap: c, term: r.IntN(len(th.terms))})
			}
		}
		ss[j] = s
	}
	// Complementarity: each member that states needs asks for what one or
	// two co-members offer, preferring co-members at other stages (not in
	// WithinChain worlds, where needs come from the theme's stages at
	// random like everyone's).
	for j, s := range ss {
		if withinChain {
			break
		}
		if !s.mode.hasNeeds() {
			continue
		}
		var cand []int
		var w []float64
		for o, so := range ss {
			if o == j || len(so.offers) == 0 {
				continue
			}
			cand = append(cand, o)
			if so.stage == s.stage {
				w = append(w, 1)
			} else {
				w = append(w, 3)
			}
		}
		for range min(len(cand), between(r, 1, 2)) {
			c := newTable(w).draw(r)
			s.needs = append(s.needs, pick(r, ss[cand[c]].offers))
			w[c] = 0 // each co-member once
		}
	}
}

// memberStages draws the stages of a target's k members: each new member
// copies an earlier member's stage with probability pSameStage, and
// otherwise takes another stage of the theme, adjacent ones most likely.
func memberStages(r *rand.Rand, v *vocabulary, th *theme, k int) []int {
	out := []int{pick(r, th.stages)}
	w := make([]float64, len(th.stages))
	for len(out) < k {
		if r.Float64() < pSameStage {
			out = append(out, pick(r, out))
			continue
		}
		total := 0.0
		for i, s := range th.stages {
			d := math.MaxInt
			for _, o := range out {
				d = min(d, v.distance(s, o))
			}
			w[i] = stageDistWeights[min(d, len(stageDistWeights)-1)]
			total += w[i]
		}
		if total == 0 { // every stage taken
			out = append(out, pick(r, out))
			continue
		}
		out = append(out, th.stages[newTable(w).draw(r)])
	}
	return out
}

// memberCountries draws eligible countries with at least three distinct
// among the first three members (ESCP-4i needs three countries).
func memberCountries(r *rand.Rand, g *geography, k int) []int {
	out := make([]int, 0, k)
	for len(out) < k {
		c := g.eligible.draw(r)
		if len(out) < 3 && slices.Contains(out, g.eligibleIdx[c]) {
			continue
		}
		out = append(out, g.eligibleIdx[c])
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// sample returns up to n distinct elements of s in random order.
func sample(r *rand.Rand, s []int, n int) []int {
	n = min(n, len(s))
	c := slices.Clone(s)
	for i := range n {
		j := i + r.IntN(len(c)-i)
		c[i], c[j] = c[j], c[i]
	}
	return c[:n]
}
