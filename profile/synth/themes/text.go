package themes

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"

	"github.com/clustergo/partnermatch/profile"
)

// Names say place, specialisation and kind; "Synthetic" marks every
// generated organisation so that it cannot be mistaken for a real one.
var nameSuffixes = map[string][]string{
	profile.KindCluster:  {"Cluster", "Cluster", "Innovation Cluster", "Competence Cluster", "Cluster Association"},
	profile.KindNetwork:  {"Network", "Alliance", "Platform"},
	profile.KindResearch: {"Research Centre", "Technology Institute", "Innovation Lab"},
	profile.KindCompany:  {"Solutions", "Technologies", "Systems", "Engineering"},
}

var kindPhrases = map[string]string{
	profile.KindCluster:    "cluster organisation",
	profile.KindNetwork:    "business network",
	profile.KindResearch:   "research and technology organisation",
	profile.KindUniversity: "university research group",
	profile.KindCompany:    "company",
}

func orgName(r *rand.Rand, kind string, pl place, short string) string {
	if kind == profile.KindUniversity {
		return "Synthetic University of " + pl.city + " " + short + " " + pick(r, []string{"Lab", "Group", "Institute"})
	}
	return "Synthetic " + pl.name + " " + short + " " + pick(r, nameSuffixes[kind])
}

var asciiFold = strings.NewReplacer("ô", "o", "ö", "o", "ó", "o", "é", "e", "è", "e", "å", "a", "ä", "a",
	"á", "a", "ł", "l", "ș", "s", "š", "s", "í", "i", "ë", "e", "ü", "u", "&", "and")

// website makes a domain under the reserved .example top-level domain.
func website(name string) string {
	s := strings.ToLower(asciiFold.Replace(strings.TrimPrefix(name, "Synthetic ")))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	return "https://www." + b.String() + ".example"
}

// describe writes the description: who and where, the stage text, the
// theme and some of its terms, maybe a second theme and the markets.
// Several sentence patterns keep descriptions from being one template.
func describe(r *rand.Rand, p *profile.Profile, v *vocabulary, g *geography, pl place, st *stage, th *theme, th2 *theme) string {
	var b strings.Builder
	kp := kindPhrases[p.Kind]
	where := pl.city + ", " + g.names[p.Country]
	chainName := v.chains[st.chain].name
	terms := termNames(r, th, between(r, 2, 3))
	switch hasMembers := p.Members > 0; r.IntN(3) {
	case 0:
		b.WriteString(p.Name + " is a " + kp + " in " + where)
		if hasMembers {
			b.WriteString(" that brings together " + strconv.Itoa(p.Members) + " members, " + strconv.Itoa(p.SMEs) + " of them SMEs, among the " + st.role)
		}
		b.WriteString(". It works on " + st.name + " in the " + chainName + " value chain, with a focus on " + th.name + ": " + list(terms) + ".")
	case 1:
		b.WriteString("Based in " + where + ", " + p.Name)
		if hasMembers {
			b.WriteString(" connects " + strconv.Itoa(p.Members) + " " + st.role)
		} else {
			b.WriteString(" serves " + st.role)
		}
		b.WriteString(". Its focus is " + th.name + " within " + st.name + ", including " + list(terms) + ".")
	default:
		b.WriteString(p.Name + ", a " + kp + " from " + where + ", is active in " + st.name +
			" (" + chainName + " value chain) and specialises in " + th.name + ".")
		if hasMembers {
			b.WriteString(" Its " + strconv.Itoa(p.Members) + " members develop " + list(terms) + ".")
		} else {
			b.WriteString(" Its teams develop " + list(terms) + ".")
		}
	}
	if th2 != nil {
		b.WriteString(" It also works on " + th2.name + ", such as " + list(termNames(r, th2, 1)) + ".")
	}
	if len(p.TargetMarkets) > 0 && r.Float64() < 0.75 {
		var ms []string
		for _, m := range p.TargetMarkets {
			ms = append(ms, g.names[m])
		}
		b.WriteString(" " + strings.Replace(pick(r, []string{
			"It wants to help its members enter %s.",
			"Its internationalisation strategy targets %s.",
			"Priority markets outside Europe are %s.",
		}), "%s", list(ms), 1))
	}
	return b.String()
}

func termNames(r *rand.Rand, th *theme, n int) []string {
	var out []string
	for _, i := range sample(r, seq(len(th.terms)), n) {
		out = append(out, th.terms[i].name)
	}
	return out
}

// offerText says a capability as an offer, with the term as the theme
// names it.
func offerText(r *rand.Rand, v *vocabulary, th *theme, c capRef) string {
	cp := &v.stages[c.stage].caps[c.cap]
	return fill(pick(r, cp.offers), th.terms[c.term].name)
}

// needText asks for a capability with the need phrasings, and mostly
// with the term's other wording: a need shares only some words with the
// offer it matches.
func needText(r *rand.Rand, v *vocabulary, th *theme, c capRef) string {
	cp := &v.stages[c.stage].caps[c.cap]
	t := th.terms[c.term]
	w := t.alt
	if r.Float64() < 0.35 {
		w = t.name
	}
	return fill(pick(r, cp.needs), w)
}

func fill(frame, term string) string { return strings.Replace(frame, "%s", term, 1) }

// Generic lines any cluster organisation writes; market needs name the
// country, which members of one target share.
var (
	genericOffers = []string{
		"B2B matchmaking events for member SMEs",
		"joint stands at international trade fairs",
		"training academy for SME staff",
		"access to regional innovation funding",
		"technology scouting for members",
	}
	marketNeeds = []string{
		"market intelligence on %s",
		"introductions to distributors and importers in %s",
		"guidance on certification rules for exporting to %s",
		"partners for a joint trade mission to %s",
	}
)

func list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
