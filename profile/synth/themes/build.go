package themes

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// Target members are mostly cluster organisations and networks, as in
// ESCP-4i consortia; the rest of the world has more research bodies,
// universities and companies.
var (
	kinds         = []string{profile.KindCluster, profile.KindNetwork, profile.KindResearch, profile.KindUniversity, profile.KindCompany}
	memberKinds   = newTable([]float64{75, 15, 5, 3, 2})
	otherKinds    = newTable([]float64{55, 12, 13, 10, 10})
	otherMarkets  = newTable([]float64{10, 45, 30, 15}) // 0-3 markets
	memberExtra   = newTable([]float64{50, 35, 15})     // 0-2 markets besides the target's
	clusterLabels = newTable([]float64{60, 25, 10, 5})  // none, bronze, silver, gold
	labels        = []string{"", profile.LabelBronze, profile.LabelSilver, profile.LabelGold}
)

// built is one profile with its ground truth.
type built struct {
	p      profile.Profile
	themes []int // primary first
	stage  int
}

// build makes profile i from its own stream; a target member follows its
// slot, everyone else draws theme, stage, country and text mode here.
// With nat, the profile writes in nat's language: v is then nat's
// translated vocabulary, and every draw is the same as without, so that
// only the text differs.
func build(seed uint64, i, idWidth int, s slot, v *vocabulary, g *geography, nat *native) built {
	r := stream(seed, saltProfile, uint64(i))
	if nat != nil {
		v = nat.nv.v
	}
	member := s.target >= 0
	if !member {
		s.theme = r.IntN(len(v.themes))
		s.stage = pick(r, v.themes[s.theme].stages)
		s.country = g.all.draw(r)
		s.mode = textMode(modeTable.draw(r))
	}
	th, st := &v.themes[s.theme], &v.stages[s.stage]
	out := built{themes: []int{s.theme}, stage: s.stage}
	var th2 *theme
	p2 := 0.2 // some profiles have a second theme of the same chain
	if member {
		p2 = 0.15
	}
	if r.Float64() < p2 {
		others := slices.DeleteFunc(slices.Clone(v.byChain[st.chain]), func(t int) bool { return t == s.theme })
		t2 := pick(r, others)
		th2 = &v.themes[t2]
		out.themes = append(out.themes, t2)
	}

	cd := &countryTable[s.country]
	pl := pick(r, cd.places)
	p := profile.Profile{
		ID:       fmt.Sprintf("synth-th-%0*d", idWidth, i+1),
		Country:  cd.code,
		City:     pl.city,
		Language: "en",
	}
	if nat != nil {
		p.City, p.Language = localCity(pl.city), nativeCodes[nat.nv.language]
	}
	if pl.region != "" && r.Float64() < 0.75 {
		p.Region = pl.region
	}
	if member {
		p.Kind = kinds[memberKinds.draw(r)]
	} else {
		p.Kind = kinds[otherKinds.draw(r)]
	}
	short := th.short
	if r.Float64() < 0.3 {
		short = st.short
	}
	if nat != nil {
		p.Name = nat.orgName(r, p.Kind, pl, short)
	} else {
		p.Name = orgName(r, p.Kind, pl, short)
	}
	if r.Float64() < 0.7 {
		p.Website = website(nativeFold.Replace(cyrToLatin.Replace(p.Name))) // both leave English names alone
	}
	sizeAndAge(r, &p)
	p.TargetMarkets = markets(r, g, s.market)
	classify(r, &p, st, th)

	p.Technologies = termNames(r, th, between(r, 2, 4))
	if r.Float64() < 0.4 {
		p.Technologies = append(p.Technologies, pick(r, st.techs))
	}
	if th2 != nil {
		p.Technologies = append(p.Technologies, termNames(r, th2, 1)...)
	}
	if s.mode.hasOffers() {
		p.Offers = offers(r, v, &s, st, th, th2, p.Kind, nat)
	}
	if s.mode.hasNeeds() {
		p.Needs = needs(r, v, g, &s, st, th, p.TargetMarkets, nat)
	}
	if nat != nil {
		p.Description = nat.describe(r, &p, v, pl, st, th, th2)
		if nat.latin {
			f := []string{p.Name, p.City, p.Description}
			toScript(&f)
			p.Name, p.City, p.Description = f[0], f[1], f[2]
			for _, l := range []*[]string{&p.Technologies, &p.Offers, &p.Needs} {
				toScript(l)
			}
		}
	} else {
		p.Description = describe(r, &p, v, g, pl, st, th, th2)
	}
	p.Normalize()
	out.p = p
	return out
}

func sizeAndAge(r *rand.Rand, p *profile.Profile) {
	switch p.Kind {
	case profile.KindCluster:
		p.Members = logUniform(r, 25, 450)
		p.SMEs = int(float64(p.Members) * (0.55 + 0.35*r.Float64()))
		p.Founded = between(r, 1995, 2022)
		p.Label = labels[clusterLabels.draw(r)]
	case profile.KindNetwork:
		p.Members = logUniform(r, 10, 160)
		p.SMEs = int(float64(p.Members) * (0.6 + 0.35*r.Float64()))
		p.Founded = between(r, 1990, 2023)
	case profile.KindResearch:
		p.Founded = between(r, 1950, 2018)
	case profile.KindUniversity:
		if r.Float64() < 0.8 {
			p.Founded = between(r, 1880, 2010)
		} else {
			p.Founded = between(r, 1450, 1879)
		}
	default:
		p.Founded = between(r, 1975, 2023)
	}
	if r.Float64() < 0.1 { // some profiles do not say
		p.Founded = 0
	}
}

// markets returns the profile's target markets: the target's market at a
// random position among 0-2 others for members, 0-3 for everyone else,
// all from the same weighted set so that a shared market alone does not
// reveal a partnership.
func markets(r *rand.Rand, g *geography, shared string) []string {
	n := otherMarkets.draw(r)
	if shared != "" {
		n = 1 + memberExtra.draw(r)
	}
	var out []string
	if shared != "" {
		out = append(out, shared)
	}
	for tries := 0; len(out) < n && tries < 20; tries++ {
		if m := marketTable[g.markets.draw(r)].code; !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// classify fills the codes: the stage's first sector always, the others
// and the theme's extras sometimes; the slug lists are often incomplete
// or missing, as in real profiles.
func classify(r *rand.Rand, p *profile.Profile, st *stage, th *theme) {
	p.Sectors = []string{st.sectors[0]}
	for _, c := range st.sectors[1:] {
		if r.Float64() < 0.4 {
			p.Sectors = append(p.Sectors, c)
		}
	}
	for _, c := range th.sectors {
		if r.Float64() < 0.5 {
			p.Sectors = append(p.Sectors, c)
		}
	}
	if len(st.categories) > 0 && r.Float64() < 0.8 {
		p.Categories = sampleStrings(r, st.categories, between(r, 1, 2))
	}
	if ind := append(slices.Clone(st.industries), th.industries...); len(ind) > 0 && r.Float64() < 0.7 {
		p.Industries = sampleStrings(r, ind, between(r, 1, len(ind)))
	}
	if eco := append(slices.Clone(st.ecosystems), th.ecosystems...); len(eco) > 0 && r.Float64() < 0.85 {
		p.Ecosystems = sampleStrings(r, eco, between(r, 1, len(eco)))
	}
}

func sampleStrings(r *rand.Rand, s []string, n int) []string {
	var out []string
	for _, i := range sample(r, seq(len(s)), n) {
		out = append(out, s[i])
	}
	return out
}

// offers lists the planted offers and more capabilities of the own
// stage, sometimes one of the second theme, an unthemed one and a generic
// cluster service, in random order.
func offers(r *rand.Rand, v *vocabulary, s *slot, st *stage, th, th2 *theme, kind string, nat *native) []string {
	var out []string
	used := map[int]bool{}
	for _, c := range s.offers {
		out = append(out, offerText(r, v, th, c))
		used[c.cap] = true
	}
	for _, c := range sample(r, st.themedCaps, between(r, 1, 3)) {
		if len(out) >= 3 {
			break
		}
		if !used[c] {
			used[c] = true
			out = append(out, offerText(r, v, th, capRef{stage: s.stage, cap: c, term: r.IntN(len(th.terms))}))
		}
	}
	if th2 != nil && r.Float64() < 0.5 {
		out = append(out, offerText(r, v, th2, capRef{stage: s.stage, cap: pick(r, st.themedCaps), term: r.IntN(len(th2.terms))}))
	}
	if r.Float64() < 0.35 {
		if c := unthemed(st); c >= 0 {
			out = append(out, st.caps[c].offers[0])
		}
	}
	if (kind == profile.KindCluster || kind == profile.KindNetwork) && r.Float64() < 0.3 {
		k := r.IntN(len(genericOffers))
		if nat != nil {
			out = append(out, nativeLexicons[nat.nv.language].offers[k])
		} else {
			out = append(out, genericOffers[k])
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// needs lists the planted needs, then requests for capabilities of the
// theme's stages (neighbours of the own stage most), sometimes an
// unthemed one and a market need, in random order.
func needs(r *rand.Rand, v *vocabulary, g *geography, s *slot, st *stage, th *theme, mkts []string, nat *native) []string {
	var out []string
	for _, c := range s.needs {
		out = append(out, needText(r, v, th, c))
	}
	w := make([]float64, len(th.stages))
	for i, o := range th.stages {
		w[i] = []float64{1, 4, 2, 1, 1}[min(v.distance(s.stage, o), 4)]
	}
	tw := newTable(w)
	for want := between(r, 1, 3); len(out) < want; {
		os := th.stages[tw.draw(r)]
		out = append(out, needText(r, v, th, capRef{stage: os, cap: pick(r, v.stages[os].themedCaps), term: r.IntN(len(th.terms))}))
	}
	if r.Float64() < 0.25 {
		os := &v.stages[th.stages[tw.draw(r)]]
		if c := unthemed(os); c >= 0 {
			out = append(out, pick(r, os.caps[c].needs))
		}
	}
	if len(mkts) > 0 && r.Float64() < 0.4 {
		k := r.IntN(len(marketNeeds))
		m := pick(r, mkts)
		if nat != nil {
			out = append(out, fill(nativeLexicons[nat.nv.language].market[k], marketNames[m][nat.nv.language]))
		} else {
			out = append(out, fill(marketNeeds[k], g.names[m]))
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// unthemed returns the index of the stage's first unthemed capability,
// or -1.
func unthemed(st *stage) int {
	for i, c := range st.caps {
		if !c.themed {
			return i
		}
	}
	return -1
}
