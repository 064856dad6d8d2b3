package match

import (
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/clustergo/partnermatch/profile"
)

// Kinds of coverage feature.
const (
	featSectors = iota // NACE divisions
	featStages         // industry/NACE group
	numFeat
)

// constraints are the hard constraints of a consortium.
type constraints struct {
	min, max     int  // members, seeds included
	perCountry   int  // at least 1
	minCountries int  // distinct member countries
	needMarket   bool // at least one shared market
}

// An mset is a set of market indices (an instance has at most 256).
type mset [4]uint64

func (m *mset) add(i int)      { m[i>>6] |= 1 << (i & 63) }
func (m mset) has(i int) bool  { return m[i>>6]&(1<<(i&63)) != 0 }
func (m mset) and(o mset) mset { return mset{m[0] & o[0], m[1] & o[1], m[2] & o[2], m[3] & o[3]} }
func (m mset) empty() bool     { return m == mset{} }
func (m mset) count() int {
	return bits.OnesCount64(m[0]) + bits.OnesCount64(m[1]) + bits.OnesCount64(m[2]) + bits.OnesCount64(m[3])
}
func allMarkets() mset { return mset{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)} }

// marketValue returns 1 - 2^-|m|.
func marketValue(m mset) float64 { return marketTable[m.count()] }

// pairs returns k choose 2.
func pairs(k int) float64 { return float64(k*(k-1)) / 2 }

// log2p returns log2(1+n), from a table for small n.
func log2p(n int) float64 {
	if n < len(log2Table) {
		return log2Table[n]
	}
	return math.Log2(1 + float64(n))
}

var (
	log2Table   = table(1024, func(n int) float64 { return math.Log2(1 + float64(n)) })
	marketTable = table(257, func(n int) float64 { return 1 - math.Exp2(-float64(n)) })
)

func table(n int, f func(int) float64) []float64 {
	t := make([]float64, n)
	for i := range t {
		t[i] = f(i)
	}
	return t
}

// An instance is a consortium problem reduced to numbers: the nodes
// (seeds and candidates, in order of id, so that ties break by id), their
// pairwise complementarity and redundancy, countries, coverage features
// and markets, the constraints and the scaled weights. The solvers work on
// instances only, so tests can build them without an engine.
type instance struct {
	n        int
	ids      []string
	seed     []bool
	seeds    []int
	a, r     []float64 // n×n, symmetric, zero diagonal, in [0, 1]
	w        []float64 // pair weight: pairScale·(wC·a − wR·r), plus anchorScale·wA·a for a seed and a non-seed
	rowMax   []float64 // max(0, max_j w[i][j])
	country  []int32   // dense country ids
	ncountry int
	feats    [numFeat][][]int32
	nfeat    [numFeat]int
	mk       []mset // each node's markets among markets
	markets  []string
	cons     constraints
	wt       ObjectiveWeights

	pairScale, anchorScale, covScale, divScale, sizeScale float64

	visited   int  // nodes exact search visited, over all solves
	exhausted bool // exact search reached MaxExactNodes

	// For describing solutions; nil in synthetic instances.
	nodes     []*profile.Profile
	featNames [numFeat][]string
	countries []string
	chain     []string // industries whose stages count, nil for all
}

// newInstance builds the instance of nodes (sorted by id) with symmetric
// complementarity a and text similarity sim (n×n; nil for none). markets are the markets that count as shared
// (at most 256). If chain is not nil, only nodes with one of its
// industries have coverage features.
func newInstance(nodes []*profile.Profile, seed []bool, a, sim []float64, markets []string, chain []string, cons constraints, wt ObjectiveWeights) *instance {
	n := len(nodes)
	in := &instance{n: n, seed: seed, a: a, r: make([]float64, n*n), nodes: nodes, markets: markets,
		country: make([]int32, n), mk: make([]mset, n), chain: chain}
	if len(markets) > 256 {
		panic("match: more than 256 markets in a consortium instance")
	}
	countryID := map[string]int32{}
	featID := [numFeat]map[string]int32{{}, {}}
	words := map[string]int32{} // stages and tags, for the redundancy
	intern := func(xs []string) []int32 {
		out := make([]int32, 0, len(xs))
		for _, x := range xs {
			id, ok := words[x]
			if !ok {
				id = int32(len(words))
				words[x] = id
			}
			out = append(out, id)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	tags := make([][]int32, n)
	needs := make([][]int32, n)
	stageIDs := make([][]int32, n)
	for i, p := range nodes {
		in.ids = append(in.ids, p.ID)
		c := countryKey(p.Country)
		id, ok := countryID[c]
		if !ok {
			id = int32(len(in.countries))
			countryID[c] = id
			in.countries = append(in.countries, c)
		}
		in.country[i] = id
		inChain := chain == nil || slices.ContainsFunc(p.Industries, func(s string) bool { return slices.Contains(chain, s) })
		for k, names := range [numFeat][]string{p.Divisions(), stagesIn(p, chain)} {
			var fs []int32
			if !inChain {
				names = nil
			}
			for _, f := range names {
				id, ok := featID[k][f]
				if !ok {
					id = int32(len(in.featNames[k]))
					featID[k][f] = id
					in.featNames[k] = append(in.featNames[k], f)
				}
				fs = append(fs, id)
			}
			in.feats[k] = append(in.feats[k], fs)
		}
		stageIDs[i] = intern(stagesOf(p))
		tags[i] = intern(tagsOf(p))
		needs[i] = intern(needsOf(p))
		for m, code := range markets {
			if slices.Contains(p.TargetMarkets, code) {
				in.mk[i].add(m)
			}
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			// Noisy-or of the signals: each alone may miss a pair of
			// competitors; all of them rarely do.
			v := 1 - (1-jaccard(stageIDs[i], stageIDs[j]))*(1-jaccard(tags[i], tags[j]))*(1-jaccard(needs[i], needs[j]))
			if sim != nil {
				v = 1 - (1-v)*(1-topicOverlap(sim[i*n+j]))
			}
			in.r[i*n+j], in.r[j*n+i] = v, v
		}
	}
	in.finish(cons, wt)
	return in
}

// finish derives the seeds, feature counts, scales and pair weights from
// the filled-in fields.
func (in *instance) finish(cons constraints, wt ObjectiveWeights) {
	in.cons, in.wt = cons, wt
	in.seeds = in.seeds[:0]
	for i, s := range in.seed {
		if s {
			in.seeds = append(in.seeds, i)
		}
	}
	in.ncountry = 0
	for _, c := range in.country {
		in.ncountry = max(in.ncountry, int(c)+1)
	}
	for k := range numFeat {
		in.nfeat[k] = 0
		for _, fs := range in.feats[k] {
			for _, f := range fs {
				in.nfeat[k] = max(in.nfeat[k], int(f)+1)
			}
		}
	}
	K := max(cons.max, 2)
	in.pairScale = 1 / pairs(K)
	in.anchorScale = 0
	if s := len(in.seeds); s > 0 && K > s {
		in.anchorScale = 1 / float64(s*(K-s))
	}
	in.covScale = 1 / (numFeat * log2p(K))
	in.divScale = 1 / log2p(K)
	in.sizeScale = 1 / float64(K)
	n := in.n
	in.w = make([]float64, n*n)
	in.rowMax = make([]float64, n)
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			v := in.pairScale * (wt.Complementarity*in.a[i*n+j] - wt.Redundancy*in.r[i*n+j])
			if in.seed[i] != in.seed[j] {
				v += in.anchorScale * wt.Anchor * in.a[i*n+j]
			}
			in.w[i*n+j] = v
			in.rowMax[i] = max(in.rowMax[i], v)
		}
	}
}

// Text similarity (LSA cosine) from topicFloor up counts as doing the
// same thing, entirely from topicFull. On a synthetic world of 30,000
// profiles, 90% of the pairs of one value-chain stage have a cosine of at
// least 0.50 (median 0.91), while the pairs of adjacent stages have a
// median of 0.28 and 90% are below 0.44.
const (
	topicFloor = 0.4
	topicFull  = 0.9
)

func topicOverlap(cos float64) float64 {
	return min(1, max(0, (cos-topicFloor)/(topicFull-topicFloor)))
}

// stagesOf returns p's value-chain stages: its first industry and the
// NACE group (or division, if only that is given) of each sector.
func stagesOf(p *profile.Profile) []string { return stagesIn(p, nil) }

// stagesIn is stagesOf with the first of p's industries that is in chain
// (the first industry if none is, or chain is nil): an offshore-wind
// firm that also serves logistics covers logistics stages in a logistics
// consortium, not offshore-wind ones.
func stagesIn(p *profile.Profile, chain []string) []string {
	ind := ""
	if len(p.Industries) > 0 {
		ind = p.Industries[0] + "/"
	}
	for _, i := range p.Industries {
		if slices.Contains(chain, i) {
			ind = i + "/"
			break
		}
	}
	var out []string
	for _, s := range p.Sectors {
		if len(s) < 3 {
			continue // a section says too little
		}
		g := ind + s[:min(len(s), 5)]
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// tagsOf returns p's technologies and offers, lower case, distinct.
func tagsOf(p *profile.Profile) []string {
	var out []string
	for _, l := range [][]string{p.Technologies, p.Offers} {
		for _, t := range l {
			t = strings.ToLower(strings.TrimSpace(t))
			if t != "" && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// needsOf returns p's needs, lower case, distinct.
func needsOf(p *profile.Profile) []string {
	var out []string
	for _, t := range p.Needs {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// jaccard returns |a ∩ b| / |a ∪ b| of two sorted sets; 0 if either is
// empty.
func jaccard(a, b []int32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			both++
			i++
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// objective evaluates members from scratch and reports whether they meet
// every constraint (seeds are the caller's business).
func (in *instance) objective(members []int) (Objective, bool) {
	var o Objective
	n := in.n
	var sa, sx, sr float64
	for x, i := range members {
		for _, j := range members[x+1:] {
			sa += in.a[i*n+j]
			sr += in.r[i*n+j]
			if in.seed[i] != in.seed[j] {
				sx += in.a[i*n+j]
			}
		}
	}
	var buf [64]int32
	var cov float64
	for k := range numFeat {
		fs := buf[:0]
		for _, i := range members {
			fs = append(fs, in.feats[k][i]...)
		}
		slices.Sort(fs)
		cov += log2p(len(slices.Compact(fs)))
	}
	cs := buf[:0]
	for _, i := range members {
		cs = append(cs, in.country[i])
	}
	slices.Sort(cs)
	ok := len(members) >= in.cons.min && len(members) <= in.cons.max
	run := 0
	for x := range cs {
		if x > 0 && cs[x] == cs[x-1] {
			run++
		} else {
			run = 1
		}
		ok = ok && run <= in.cons.perCountry
	}
	nc := len(slices.Compact(cs))
	ok = ok && nc >= in.cons.minCountries
	mask := allMarkets()
	for _, i := range members {
		mask = mask.and(in.mk[i])
	}
	if len(members) > 0 {
		o.Market = in.wt.Market * marketValue(mask)
	}
	ok = ok && (!in.cons.needMarket || len(members) > 0 && !mask.empty())
	o.Complementarity = in.wt.Complementarity * in.pairScale * sa
	o.Anchor = in.wt.Anchor * in.anchorScale * sx
	o.Redundancy = in.wt.Redundancy * in.pairScale * sr
	o.Coverage = in.wt.Coverage * in.covScale * cov
	o.Diversity = in.wt.Diversity * in.divScale * log2p(nc)
	o.Size = in.wt.Size * in.sizeScale * float64(len(members))
	o.Value = o.Complementarity + o.Anchor + o.Coverage + o.Market + o.Diversity - o.Redundancy - o.Size
	return o, ok
}

// value is objective's value, or -Inf if members break a constraint.
func (in *instance) value(members []int) float64 {
	o, ok := in.objective(members)
	if !ok {
		return math.Inf(-1)
	}
	return o.Value
}

// A state is a growing consortium with what the gains of adding a node
// need: the pair weight sum of every node with the members, feature and
// country counts, and stacks of shared markets and values for undoing.
type state struct {
	in         *instance
	has        []bool
	members    []int
	pair       []float64 // pair[x] = Σ_{i∈members} w[i][x]
	fcount     [numFeat][]int32
	distinct   [numFeat]int
	ccount     []int32
	ncountries int
	masks      []mset    // masks[k]: markets shared by the first k members
	vals       []float64 // vals[k]: value of the first k members
}

func (in *instance) newState() *state {
	s := &state{in: in, has: make([]bool, in.n), pair: make([]float64, in.n),
		ccount: make([]int32, in.ncountry), masks: []mset{allMarkets()}, vals: []float64{0}}
	for k := range numFeat {
		s.fcount[k] = make([]int32, in.nfeat[k])
	}
	return s
}

func (s *state) mask() mset     { return s.masks[len(s.masks)-1] }
func (s *state) value() float64 { return s.vals[len(s.vals)-1] }
func (s *state) marketNow() float64 {
	if len(s.members) == 0 {
		return 0
	}
	return marketValue(s.mask())
}

// gain returns f(S+x) - f(S) and its market part.
func (s *state) gain(x int) (g, market float64) {
	in := s.in
	g = s.pair[x]
	for k := range numFeat {
		nf := 0
		for _, f := range in.feats[k][x] {
			if s.fcount[k][f] == 0 {
				nf++
			}
		}
		if nf > 0 {
			d := s.distinct[k]
			g += in.wt.Coverage * in.covScale * (log2p(d+nf) - log2p(d))
		}
	}
	if s.ccount[in.country[x]] == 0 {
		g += in.wt.Diversity * in.divScale * (log2p(s.ncountries+1) - log2p(s.ncountries))
	}
	market = in.wt.Market * (marketValue(s.mask().and(in.mk[x])) - s.marketNow())
	return g + market - in.wt.Size*in.sizeScale, market
}

// push adds x to the consortium.
func (s *state) push(x int) {
	in := s.in
	g, _ := s.gain(x)
	row := in.w[x*in.n : (x+1)*in.n]
	for y, v := range row {
		s.pair[y] += v
	}
	for k := range numFeat {
		for _, f := range in.feats[k][x] {
			if s.fcount[k][f] == 0 {
				s.distinct[k]++
			}
			s.fcount[k][f]++
		}
	}
	if s.ccount[in.country[x]] == 0 {
		s.ncountries++
	}
	s.ccount[in.country[x]]++
	s.has[x] = true
	s.members = append(s.members, x)
	s.masks = append(s.masks, s.mask().and(in.mk[x]))
	s.vals = append(s.vals, s.value()+g)
}

// pop removes the member pushed last.
func (s *state) pop() {
	in := s.in
	x := s.members[len(s.members)-1]
	s.members = s.members[:len(s.members)-1]
	s.masks = s.masks[:len(s.masks)-1]
	s.vals = s.vals[:len(s.vals)-1]
	s.has[x] = false
	s.ccount[in.country[x]]--
	if s.ccount[in.country[x]] == 0 {
		s.ncountries--
	}
	for k := range numFeat {
		for _, f := range in.feats[k][x] {
			s.fcount[k][f]--
			if s.fcount[k][f] == 0 {
				s.distinct[k]--
			}
		}
	}
	row := in.w[x*in.n : (x+1)*in.n]
	for y, v := range row {
		s.pair[y] -= v
	}
}

// addable reports whether x may join and the constraints stay reachable.
// Once false it stays false as the consortium grows: countries only fill
// up, shared markets only shrink, and the slack between free places and
// missing countries never grows.
func (s *state) addable(x int) bool {
	in := s.in
	c := in.country[x]
	if s.has[x] || len(s.members) >= in.cons.max || int(s.ccount[c]) >= in.cons.perCountry {
		return false
	}
	if in.cons.needMarket && s.mask().and(in.mk[x]).empty() {
		return false
	}
	nc := s.ncountries
	if s.ccount[c] == 0 {
		nc++
	}
	return in.cons.max-len(s.members)-1 >= in.cons.minCountries-nc
}

// fits reports whether adding x yields a consortium that meets every
// constraint (unlike addable, which asks whether one can still be reached).
func (s *state) fits(x int) bool {
	in := s.in
	c := in.country[x]
	if s.has[x] || len(s.members)+1 > in.cons.max || len(s.members)+1 < in.cons.min || int(s.ccount[c]) >= in.cons.perCountry {
		return false
	}
	nc := s.ncountries
	if s.ccount[c] == 0 {
		nc++
	}
	return nc >= in.cons.minCountries && (!in.cons.needMarket || !s.mask().and(in.mk[x]).empty())
}

// complete reports whether the members meet every constraint.
func (s *state) complete() bool {
	in := s.in
	return len(s.members) >= in.cons.min && s.ncountries >= in.cons.minCountries &&
		(!in.cons.needMarket || len(s.members) > 0 && !s.mask().empty())
}
