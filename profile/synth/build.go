package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/clustergo/partnermatch/profile"
)

// Offers and needs that organisations of any industry state.
var (
	genericOffers = [6][]string{
		kindCluster:    {"B2B matchmaking and trade missions", "access to a network of SMEs", "joint innovation projects", "internationalisation support", "training and skills programmes", "access to test and pilot facilities"},
		kindNetwork:    {"B2B matchmaking and trade missions", "access to a network of SMEs", "joint innovation projects", "internationalisation support"},
		kindResearch:   {"contract research", "access to laboratories and equipment", "joint Horizon Europe proposals"},
		kindUniversity: {"student projects and PhD research", "access to laboratories and equipment", "joint Horizon Europe proposals"},
		kindCompany:    {"engineering services", "co-development projects"},
		kindPublic:     {"funding advice and regional incentives", "soft-landing support for foreign companies"},
	}
	genericNeeds = []string{
		"partners for joint EU project proposals",
		"distribution partners in third countries",
		"skilled workers and talent",
		"investors and venture capital",
		"access to international trade fairs",
	}
)

// profile draws profile i from r, which must be freshly seeded with
// (Seed, streamOf(i)), and returns it with its stage key.
func (g *generator) profile(i int, r *rand.Rand) (profile.Profile, string) {
	sk := g.drawSkeleton(r)
	ch := &g.chains[sk.industry]
	st := &ch.Stages[sk.stage]
	co := &countries[sk.country]
	ci := &co.Cities[sk.city]
	kind := int(sk.kind)
	pl := g.planFor(int32(i))
	if pl == nil {
		pl = &plan{}
	}

	p := profile.Profile{ID: g.id(i), Kind: kinds[kind], Country: co.Code, City: ci.Name}

	lang, latin := langEN, false
	if code, prob := localProb(co, ci, g.localScale); r.Float64() < prob {
		lang = langIndex(code)
		latin = lang == langSR && r.Float64() < 0.35
	}
	p.Language = langCodes[lang]
	if lang == langSR && !latin {
		p.City = ci.Cyr
	}
	if ci.NUTS != "" && r.Float64() < 0.7 {
		p.Region = ci.NUTS[:3] // NUTS 1
		if r.IntN(2) == 0 {
			p.Region = ci.NUTS // NUTS 2
		}
	}

	switch kind {
	case kindCluster:
		p.Members = logNormal(r, 110, 0.6, 20, 600)
	case kindNetwork:
		p.Members = logNormal(r, 60, 0.6, 20, 300)
	case kindPublic:
		p.Members = logNormal(r, 80, 0.5, 20, 250)
	}
	if p.Members > 0 {
		p.SMEs = min(p.Members, int(math.Round(float64(p.Members)*(0.5+0.42*r.Float64()))))
	}
	switch kind {
	case kindCluster, kindNetwork, kindPublic:
		// Most clusters were founded in the 2000s.
		p.Founded = 1990 + int((r.Float64()+r.Float64()+r.Float64())/3*35)
	default:
		p.Founded = 1990 + r.IntN(35)
	}
	if kind == kindCluster || kind == kindNetwork {
		switch u := r.Float64(); {
		case u < 0.20:
			p.Label = profile.LabelBronze
		case u < 0.27:
			p.Label = profile.LabelSilver
		case u < 0.31:
			p.Label = profile.LabelGold
		}
	}

	p.Sectors = sectors(r, st.Sectors)
	p.Categories = pickOrdered(r, st.Categories, 1+r.IntN(len(st.Categories)))
	p.Industries = []string{ch.Industry}
	if r.Float64() < 0.15 {
		p.Industries = append(p.Industries, ch.Related[r.IntN(len(ch.Related))])
	}
	p.Ecosystems = pickOrdered(r, st.Ecosystems, 1+r.IntN(len(st.Ecosystems)))

	p.Technologies = pick(r, st.Technologies, 3+r.IntN(4))
	p.Offers = pick(r, st.Offers, 2+r.IntN(3))
	if r.Float64() < 0.25 {
		gen := genericOffers[kind]
		p.Offers = append(p.Offers, gen[r.IntN(len(gen))])
	}
	var needUp bool // direction of the need the description mentions
	p.Needs, needUp = needs(r, st, pl)
	if r.Float64() < 0.2 {
		p.Needs = append(p.Needs, genericNeeds[r.IntN(len(genericNeeds))])
	}
	if lang != langEN && r.Float64() < 0.35 {
		p.Offers = append(p.Offers, stageName(st, lang, latin))
	}

	p.TargetMarkets = g.markets(r, int(sk.industry), pl.markets)
	p.Partnerships = slices.Clone(pl.history)

	host := func(name string) string { return name }
	if nt := g.nativeOf(i); nt.lang != langEN {
		// Everything above was drawn as for an English profile, so that
		// the world differs from the one without NativeText in text only.
		lang, latin = nt.lang, nt.latin
		p.Language = langCodes[lang]
		p.City = ci.Name
		if lang == langSR && !latin {
			p.City = ci.Cyr
		}
		localise(&p, st, lang, latin)
		p.Name = nativeName(r, kind, st, co, ci, lang, latin)
		host = func(name string) string { return hostFold.Replace(cyrToLatin.Replace(name)) }
	} else {
		p.Name = orgName(r, kind, st, co, ci)
	}
	if r.Float64() < 0.85 {
		p.Website = "https://" + slug(host(p.Name)) + ".synthetic.example"
	}
	p.Description = describe(r, &p, descArgs{
		lang: lang, latin: latin, kind: kind, chain: ch, stage: st, city: ci, needUp: needUp,
	})
	return p, st.Key
}

// logNormal draws a log-normal count with the given median and shape,
// clamped to [lo, hi].
func logNormal(r *rand.Rand, median, sigma float64, lo, hi int) int {
	v := int(math.Round(median * math.Exp(sigma*r.NormFloat64())))
	return min(hi, max(lo, v))
}

// pick draws k distinct items of list (all if k is larger) in random order.
func pick(r *rand.Rand, list []string, k int) []string {
	k = min(k, len(list))
	idx := r.Perm(len(list))[:k]
	out := make([]string, k)
	for n, j := range idx {
		out[n] = list[j]
	}
	return out
}

// pickOrdered draws k distinct items of list and keeps their order.
func pickOrdered(r *rand.Rand, list []string, k int) []string {
	k = min(k, len(list))
	idx := r.Perm(len(list))[:k]
	slices.Sort(idx)
	out := make([]string, k)
	for n, j := range idx {
		out[n] = list[j]
	}
	return out
}

// sectors draws one to three of a stage's NACE codes; a fifth of the class
// codes are given at division level only, as many real profiles do.
func sectors(r *rand.Rand, codes []string) []string {
	out := pickOrdered(r, codes, 1+r.IntN(min(3, len(codes))))
	for k, c := range out {
		d := profile.NACEDivision(c)
		shared := slices.ContainsFunc(out, func(o string) bool { return o != c && profile.NACEDivision(o) == d })
		if len(c) > 3 && !shared && r.Float64() < 0.2 {
			out[k] = d
		}
	}
	return out
}

// needs draws two to four of the stage's needs towards its neighbours,
// with at least one towards each side where a planted partner sits. It
// also reports the direction of the first need (true: upstream).
func needs(r *rand.Rand, st *Stage, pl *plan) ([]string, bool) {
	type need struct {
		text string
		up   bool
	}
	var pool []need
	for _, s := range st.NeedsUpstream {
		pool = append(pool, need{s, true})
	}
	for _, s := range st.NeedsDownstream {
		pool = append(pool, need{s, false})
	}
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	k := min(len(pool), 2+r.IntN(3))
	chosen := pool[:k]
	force := func(up bool, slot int) {
		if slices.ContainsFunc(chosen, func(n need) bool { return n.up == up }) {
			return
		}
		for _, n := range pool[k:] {
			if n.up == up {
				chosen[slot] = n
				return
			}
		}
	}
	if pl.needUp {
		force(true, k-1)
	}
	if pl.needDown {
		force(false, 0)
	}
	out := make([]string, k)
	for n, c := range chosen {
		out[n] = c.text
	}
	return out, chosen[0].up
}

// markets returns one to four third-country target markets of industry
// ind, drawn by preference, including the planted ones.
func (g *generator) markets(r *rand.Rand, ind int, planted []string) []string {
	n := 1
	switch u := r.Float64(); {
	case u < 0.35:
		n = 1
	case u < 0.70:
		n = 2
	case u < 0.90:
		n = 3
	default:
		n = 4
	}
	ms := g.chains[ind].Markets
	var drawn []string
	for t := 0; len(drawn) < n && t < 20; t++ {
		m := ms[pickCum(r, g.marketCum[ind])]
		if !slices.Contains(drawn, m) {
			drawn = append(drawn, m)
		}
	}
	out := slices.Clone(planted)
	for _, m := range drawn {
		if len(out) >= max(n, len(planted)) {
			break
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	// Planted markets must not stand out by their position.
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Name templates by kind. {theme} is a stage theme, {region} the English
// region (or city) name, {city} the English city name, {legal} the
// country's company legal form.
var nameTemplates = [6][]string{
	kindCluster: {
		"Synthetic {theme} Cluster {region}",
		"Synthetic {region} {theme} Cluster",
		"Synthetic {theme} Alliance {city}",
		"Synthetic {city} {theme} Hub",
		"Synthetic {theme} Cluster {city}",
	},
	kindNetwork:    {"Synthetic {theme} Network {region}", "Synthetic {city} {theme} Network"},
	kindResearch:   {"Synthetic {theme} Research Centre {city}", "Synthetic Institute for {theme} {city}"},
	kindUniversity: {"Synthetic University of {city} {theme} Lab", "Synthetic {theme} Group, University of {city}"},
	kindCompany:    {"Synthetic {theme} {city} {legal}", "Synthetic {theme} Solutions {legal}"},
	kindPublic:     {"Synthetic {region} Development Agency", "Synthetic {region} Innovation Agency"},
}

func orgName(r *rand.Rand, kind int, st *Stage, co *country, ci *city) string {
	t := nameTemplates[kind][r.IntN(len(nameTemplates[kind]))]
	theme := st.Themes[r.IntN(len(st.Themes))]
	region := ci.Region
	if region == "" {
		region = ci.english()
	}
	var b strings.Builder
	b.Grow(80)
	expand(&b, t, func(key string) string {
		switch key {
		case "theme":
			return theme
		case "region":
			return region
		case "city":
			return ci.english()
		}
		return co.Legal
	})
	return b.String()
}

// asciiFold maps the accented letters of the city and region names to ASCII
// for web addresses.
var asciiFold = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e", "ê", "e", "ô", "o", "î", "i",
	"ç", "c", "ñ", "n", "á", "a", "í", "i", "ó", "o", "ú", "u", "ø", "o", "å", "a", "ś", "s",
	"ł", "l", "ń", "n", "ó", "o", "ż", "z", "ź", "z", "ą", "a", "ę", "e", "č", "c", "š", "s",
	"ž", "z", "ș", "s", "ț", "t", "ă", "a", "ő", "o", "ű", "u", "í", "i", "ı", "i", "ş", "s",
	"ë", "e", "ā", "a", "ē", "e", "ī", "i", "ė", "e", "ð", "d", "þ", "th",
)

// slug makes a host name label from an organisation name.
func slug(name string) string {
	s := strings.ToLower(strings.TrimPrefix(name, "Synthetic "))
	for _, c := range s {
		if c >= utf8.RuneSelf {
			s = asciiFold.Replace(s)
			break
		}
	}
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
