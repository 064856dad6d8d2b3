package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// A plan is what planting decided for one profile.
type plan struct {
	markets          []string // the shared markets of its partnerships
	history          []string // ids of its past partnerships
	needUp, needDown bool     // a partner sits on the previous / next stage
	past, target     int      // memberships so far
}

// membersPerPartnership is the mean number of distinct profiles a planted
// partnership adds to the partnered set (its size less the overlap with
// earlier ones), measured on large worlds. It converts Config.Partnered
// into a number of partnerships.
const membersPerPartnership = 3.3

// Shape of planted partnerships.
const (
	sameStageShare  = 0.15 // partnerships with two members of one stage
	contiguousShare = 0.8  // partnerships whose stages form a run of adjacent stages
	maxPerCountry   = 2
	maxMarkets      = 4 // a profile joins no partnership that would give it a fifth target market
)

// plant draws the past and target partnerships over the skeletons, using
// its own random stream.
func (g *generator) plant() {
	g.planOf = make([]int32, len(g.skel))
	if g.cfg.Partnered < 0 {
		return
	}
	r := rand.New(rand.NewPCG(g.cfg.Seed, 0x706c616e74)) // "plant"
	buckets := make([][][]int32, len(g.chains))          // industry, stage -> eligible profiles
	for ii := range buckets {
		buckets[ii] = make([][]int32, len(g.chains[ii].Stages))
	}
	for i, s := range g.skel {
		if g.eligible[s.country] {
			buckets[s.industry][s.stage] = append(buckets[s.industry][s.stage], int32(i))
		}
	}
	total := int(math.Round(share(g.cfg.Partnered) * float64(g.cfg.Profiles) / membersPerPartnership))
	nTarget := int(math.Round(float64(total) * share(g.cfg.Target)))
	var pastMembers [][]int32
	var pastInd []int
	for range total - nTarget {
		for range 10 {
			ind := pickCum(r, g.industryCum)
			market := g.chains[ind].Markets[pickCum(r, g.marketCum[ind])]
			ms, ok := g.plantOne(r, buckets, ind, market, nil, nil, false)
			if !ok {
				continue
			}
			id := fmt.Sprintf("synth-past-%04d", len(g.past)+1)
			g.commit(ms, market, id, false)
			g.past = append(g.past, g.partnership(id, ind, market, ms))
			pastMembers = append(pastMembers, ms)
			pastInd = append(pastInd, ind)
			break
		}
	}
	for range nTarget {
		reuse := len(pastMembers) > 0 && r.Float64() < share(g.cfg.Reuse)
		for try := range 10 {
			var seed, exclude []int32
			ind := pickCum(r, g.industryCum)
			market := g.chains[ind].Markets[pickCum(r, g.marketCum[ind])]
			if reuse && try < 6 {
				h := r.IntN(len(pastMembers))
				ind = pastInd[h]
				if r.Float64() < 0.5 {
					market = g.past[h].TargetMarkets[0]
				} else {
					market = g.chains[ind].Markets[pickCum(r, g.marketCum[ind])]
				}
				pm := pastMembers[h]
				a := r.IntN(len(pm))
				b := (a + 1 + r.IntN(len(pm)-1)) % len(pm)
				seed = []int32{pm[a], pm[b]}
				for k, m := range pm {
					if k != a && k != b {
						exclude = append(exclude, m)
					}
				}
			}
			ms, ok := g.plantOne(r, buckets, ind, market, seed, exclude, true)
			if !ok {
				continue
			}
			id := fmt.Sprintf("synth-target-%04d", len(g.target)+1)
			g.commit(ms, market, id, true)
			g.target = append(g.target, g.partnership(id, ind, market, ms))
			break
		}
	}
}

// plantOne picks the members of one partnership of industry ind with the
// shared market, starting from the seed members. It reports false if the
// buckets cannot fill it.
func (g *generator) plantOne(r *rand.Rand, buckets [][][]int32, ind int, market string, seed, exclude []int32, target bool) ([]int32, bool) {
	S := len(g.chains[ind].Stages)
	n := 3
	switch u := r.Float64(); {
	case u < 0.35:
		n = 3
	case u < 0.70:
		n = 4
	case u < 0.90:
		n = 5
	default:
		n = 6
	}
	dup := r.Float64() < sameStageShare
	var req []int // stages the seed members occupy
	for _, m := range seed {
		req = append(req, int(g.skel[m].stage))
	}
	if len(req) == 2 && req[0] == req[1] {
		dup = true
	}
	distinct := min(n, S)
	if dup {
		distinct = min(n-1, S)
	}
	set := stageSet(r, S, distinct, req)
	slots := slices.Clone(set)
	if dup {
		if len(req) == 2 && req[0] == req[1] {
			slots = append(slots, req[0])
		} else {
			slots = append(slots, set[r.IntN(len(set))])
		}
	}
	r.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })

	var members []int32
	perCountry := map[uint8]int{}
	take := func(m int32) {
		members = append(members, m)
		perCountry[g.skel[m].country]++
		// Drop one slot of m's stage.
		k := slices.Index(slots, int(g.skel[m].stage))
		slots = slices.Delete(slots, k, k+1)
	}
	for _, m := range seed {
		if !g.canJoin(m, market) {
			return nil, false
		}
		take(m)
	}
	for len(slots) > 0 {
		s := slots[0]
		b := buckets[ind][s]
		remaining := len(slots) - 1
		best, bestScore, accepted := int32(-1), math.MaxInt, 0
		for t := 0; t < 40 && accepted < 4 && len(b) > 0; t++ {
			c := b[r.IntN(len(b))]
			if slices.Contains(members, c) || slices.Contains(exclude, c) || !g.canJoin(c, market) {
				continue
			}
			cnt := perCountry[g.skel[c].country]
			if cnt >= maxPerCountry {
				continue
			}
			nc := len(perCountry)
			if cnt == 0 {
				nc++
			}
			if nc+remaining < 3 {
				continue
			}
			if cnt > 0 && r.Float64() > 0.3 { // consortia prefer partners from new countries
				continue
			}
			accepted++
			score := 0
			if pl := g.planFor(c); pl != nil {
				score = pl.past
				if target {
					score = pl.target
				}
			}
			if score < bestScore {
				best, bestScore = c, score
			}
		}
		if best < 0 {
			return nil, false
		}
		take(best)
	}
	if len(perCountry) < 3 {
		return nil, false
	}
	return members, true
}

// stageSet chooses distinct stage indexes out of S, including req: mostly
// a run of adjacent stages, otherwise any.
func stageSet(r *rand.Rand, S, distinct int, req []int) []int {
	if r.Float64() < contiguousShare {
		lo, hi := 0, S-distinct
		for _, s := range req {
			lo = max(lo, s-distinct+1)
			hi = min(hi, s)
		}
		if lo <= hi {
			start := lo + r.IntN(hi-lo+1)
			set := make([]int, distinct)
			for k := range set {
				set[k] = start + k
			}
			return set
		}
	}
	var set []int
	for _, s := range req {
		if !slices.Contains(set, s) {
			set = append(set, s)
		}
	}
	for _, s := range r.Perm(S) {
		if len(set) >= distinct {
			break
		}
		if !slices.Contains(set, s) {
			set = append(set, s)
		}
	}
	slices.Sort(set)
	return set
}

// canJoin reports whether profile m can take market as one more target
// market.
func (g *generator) canJoin(m int32, market string) bool {
	pl := g.planFor(m)
	return pl == nil || len(pl.markets) < maxMarkets || slices.Contains(pl.markets, market)
}

// commit records a planted partnership in its members' plans.
func (g *generator) commit(members []int32, market, id string, target bool) {
	for _, m := range members {
		pl := g.planFor(m)
		if pl == nil {
			g.plans = append(g.plans, plan{})
			g.planOf[m] = int32(len(g.plans))
			pl = &g.plans[len(g.plans)-1]
		}
		if !slices.Contains(pl.markets, market) {
			pl.markets = append(pl.markets, market)
		}
		if target {
			pl.target++
		} else {
			pl.past++
			pl.history = append(pl.history, id)
		}
		s := g.skel[m].stage
		for _, o := range members {
			switch g.skel[o].stage {
			case s - 1:
				pl.needUp = true
			case s + 1:
				pl.needDown = true
			}
		}
	}
}

func (g *generator) partnership(id string, ind int, market string, members []int32) profile.Partnership {
	ids := make([]string, len(members))
	for k, m := range members {
		ids[k] = g.id(int(m))
	}
	slices.Sort(ids)
	return profile.Partnership{
		ID:            id,
		Name:          fmt.Sprintf("Synthetic %s Partnership for %s", industryTitle(g.chains[ind].Industry), marketNames[market][langEN]),
		Members:       ids,
		TargetMarkets: []string{market},
	}
}

// industryTitle returns the display name of an industry slug.
func industryTitle(slug string) string {
	for _, t := range profile.IndustryTerms() {
		if t.Slug == slug {
			return t.Name
		}
	}
	return slug
}
