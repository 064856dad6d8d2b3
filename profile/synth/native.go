package synth

import (
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/clustergo/partnermatch/profile"
)

// native.tsv holds the hand-written translations of the vocabulary that
// native profiles (Config.NativeText) write: one English phrase a line
// with its German, French, Italian, Spanish, Polish and Serbian Cyrillic
// wordings, separated by "|"; lines starting with # are comments. Serbian
// Latin is the transliteration of the Cyrillic (one to one in Serbian).
//
//go:embed native.tsv
var nativeTSV string

// nativeTable maps an English phrase to its translations, in the order
// de, fr, it, es, pl, sr.
var nativeTable = sync.OnceValue(func() map[string][nLang - 1]string {
	m := map[string][nLang - 1]string{}
	for n, line := range strings.Split(nativeTSV, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != nLang {
			panic(fmt.Sprintf("synth: native.tsv line %d: %d fields, want %d", n+1, len(f), nLang)) // literal data: caught by the tests
		}
		var tr [nLang - 1]string
		copy(tr[:], f[1:])
		m[f[0]] = tr
	}
	return m
})

// translate returns phrase en in language lang, and whether the table
// has it.
func translate(en string, lang int, latin bool) (string, bool) {
	tr, ok := nativeTable()[en]
	if !ok || lang == langEN {
		return en, ok
	}
	s := tr[lang-1]
	if latin {
		s = cyrToLatin.Replace(s)
	}
	return s, true
}

// stagePhrases returns every phrase a profile of stage st can list in
// its name, technologies, offers and needs, before generic ones.
func stagePhrases(st *Stage) []string {
	return slices.Concat(st.Themes, st.Technologies, st.Offers, st.NeedsUpstream, st.NeedsDownstream)
}

// nativeIndustries holds the industries whose every stage phrase is
// translated: only their profiles can be native, so that a native profile
// never mixes languages.
var nativeIndustries = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, c := range chains() {
		ok := true
		for si := range c.Stages {
			for _, ph := range stagePhrases(&c.Stages[si]) {
				if _, found := nativeTable()[ph]; !found {
					ok = false
				}
			}
		}
		m[c.Industry] = ok
	}
	return m
})

// NativeChains returns the industries (Chain.Industry) whose vocabulary
// is translated into every language, in the order of Chains: the
// profiles that Config.NativeText can make native belong to them.
func NativeChains() []string {
	var out []string
	for _, c := range chains() {
		if nativeIndustries()[c.Industry] {
			out = append(out, c.Industry)
		}
	}
	return out
}

// nativeText is how one profile writes: langEN for as before.
type nativeText struct {
	lang  int
	latin bool // Serbian in Latin script
}

// saltNative separates the draw of the native profiles from every other
// stream, so that choosing them changes no other random choice.
const saltNative = 0x6e61746976650001

// chooseNative picks the native profiles: round(NativeText × Profiles)
// of the eligible ones (translated industry, local language), those with
// the lowest hash of (Seed, index), or all eligible if there are fewer.
// Serbian ones alternate Cyrillic and Latin in ID order, so that the
// scripts split half and half.
func (g *generator) chooseNative() []nativeText {
	if g.cfg.NativeText <= 0 {
		return nil
	}
	type cand struct {
		i    int
		h    uint64
		lang int
	}
	var cs []cand
	for i, s := range g.skel {
		co := &countries[s.country]
		code, p := localProb(co, &co.Cities[s.city], 1)
		if p == 0 || !nativeIndustries()[g.chains[s.industry].Industry] {
			continue
		}
		if l := langIndex(code); l != langEN {
			cs = append(cs, cand{i, streamOf(int((g.cfg.Seed^saltNative)*0x9e3779b97f4a7c15 + uint64(i))), l})
		}
	}
	sort.Slice(cs, func(a, b int) bool { return cs[a].h < cs[b].h || cs[a].h == cs[b].h && cs[a].i < cs[b].i })
	k := min(len(cs), int(math.Round(g.cfg.NativeText*float64(g.cfg.Profiles))))
	chosen := cs[:k]
	sort.Slice(chosen, func(a, b int) bool { return chosen[a].i < chosen[b].i })
	out := make([]nativeText, g.cfg.Profiles)
	serbian := 0
	for _, c := range chosen {
		out[c.i] = nativeText{lang: c.lang}
		if c.lang == langSR {
			out[c.i].latin = serbian%2 == 1
			serbian++
		}
	}
	return out
}

// nativeOf returns how profile i writes.
func (g *generator) nativeOf(i int) nativeText {
	if g.native == nil {
		return nativeText{}
	}
	return g.native[i]
}

// localise rewrites p's technologies, offers and needs in lang. An offer
// that is already the stage's name in lang (some profiles with a local
// description list it) is written again in the profile's script.
func localise(p *profile.Profile, st *Stage, lang int, latin bool) {
	for _, l := range []*[]string{&p.Technologies, &p.Offers, &p.Needs} {
		for k, en := range *l {
			s, ok := translate(en, lang, latin)
			if !ok {
				if en != stageName(st, lang, false) && en != stageName(st, lang, true) {
					panic("synth: no translation of " + en) // the stage's industry is translated: a bug
				}
				s = stageName(st, lang, latin)
			}
			(*l)[k] = s
		}
	}
}

// nativeTemplates are the organisation names of native profiles by kind,
// in the order de, fr, it, es, pl, sr. {theme} is a translated stage
// theme, {city} the local city name; "Synthetic" stays, as it marks every
// generated organisation.
var nativeTemplates = [nLang - 1][6][]string{
	{ // de
		kindCluster:    {"Synthetic Cluster {theme} {city}", "Synthetic Netzwerk {theme} {city}"},
		kindNetwork:    {"Synthetic Unternehmensnetzwerk {theme} {city}"},
		kindResearch:   {"Synthetic Forschungszentrum {theme} {city}", "Synthetic Institut für {theme} {city}"},
		kindUniversity: {"Synthetic Universität {city}, Arbeitsgruppe {theme}"},
		kindCompany:    {"Synthetic {theme} {city} {legal}"},
		kindPublic:     {"Synthetic Wirtschaftsförderung {city}", "Synthetic Innovationsagentur {city}"},
	},
	{ // fr
		kindCluster:    {"Synthetic Pôle {theme} {city}", "Synthetic Cluster {theme} {city}"},
		kindNetwork:    {"Synthetic Réseau {theme} {city}"},
		kindResearch:   {"Synthetic Centre de recherche {theme} {city}", "Synthetic Institut {theme} {city}"},
		kindUniversity: {"Synthetic Université de {city}, laboratoire {theme}"},
		kindCompany:    {"Synthetic {theme} {city} {legal}"},
		kindPublic:     {"Synthetic Agence de développement {city}", "Synthetic Agence d'innovation {city}"},
	},
	{ // it
		kindCluster:    {"Synthetic Cluster {theme} {city}", "Synthetic Distretto {theme} {city}"},
		kindNetwork:    {"Synthetic Rete {theme} {city}"},
		kindResearch:   {"Synthetic Centro di ricerca {theme} {city}", "Synthetic Istituto {theme} {city}"},
		kindUniversity: {"Synthetic Università di {city}, laboratorio {theme}"},
		kindCompany:    {"Synthetic {theme} {city} {legal}"},
		kindPublic:     {"Synthetic Agenzia di sviluppo {city}", "Synthetic Agenzia per l'innovazione {city}"},
	},
	{ // es
		kindCluster:    {"Synthetic Clúster {theme} {city}", "Synthetic Polo {theme} {city}"},
		kindNetwork:    {"Synthetic Red {theme} {city}"},
		kindResearch:   {"Synthetic Centro de investigación {theme} {city}", "Synthetic Instituto {theme} {city}"},
		kindUniversity: {"Synthetic Universidad de {city}, laboratorio {theme}"},
		kindCompany:    {"Synthetic {theme} {city} {legal}"},
		kindPublic:     {"Synthetic Agencia de desarrollo {city}", "Synthetic Agencia de innovación {city}"},
	},
	{ // pl
		kindCluster:    {"Synthetic Klaster {theme} {city}", "Synthetic Klaster Innowacyjny {theme} {city}"},
		kindNetwork:    {"Synthetic Sieć {theme} {city}"},
		kindResearch:   {"Synthetic Centrum Badawcze {theme} {city}", "Synthetic Instytut {theme} {city}"},
		kindUniversity: {"Synthetic Uniwersytet {city}, Zespół {theme}"},
		kindCompany:    {"Synthetic {theme} {city} {legal}"},
		kindPublic:     {"Synthetic Agencja Rozwoju {city}", "Synthetic Agencja Innowacji {city}"},
	},
	{ // sr
		kindCluster:    {"Synthetic Кластер {theme} {city}", "Synthetic Мрежа {theme} {city}"},
		kindNetwork:    {"Synthetic Пословна мрежа {theme} {city}"},
		kindResearch:   {"Synthetic Истраживачки центар {theme} {city}", "Synthetic Институт {theme} {city}"},
		kindUniversity: {"Synthetic Универзитет {city}, група {theme}"},
		kindCompany:    {"Synthetic {theme} {city} {legal}"},
		kindPublic:     {"Synthetic Развојна агенција {city}", "Synthetic Агенција за иновације {city}"},
	},
}

// nativeName is orgName for a native profile. It makes the same draws
// from r as orgName, so that the rest of the profile is as it would be
// in English.
func nativeName(r *rand.Rand, kind int, st *Stage, co *country, ci *city, lang int, latin bool) string {
	k := r.IntN(len(nameTemplates[kind]))
	theme, _ := translate(st.Themes[r.IntN(len(st.Themes))], lang, latin)
	ts := nativeTemplates[lang-1][kind]
	t := ts[k%len(ts)]
	if lang == langSR && latin {
		t = cyrToLatin.Replace(t)
	}
	city := ci.Name
	if lang == langSR && !latin {
		city = ci.Cyr
	}
	var b strings.Builder
	expand(&b, t, func(key string) string {
		switch key {
		case "theme":
			return theme
		case "city":
			return city
		}
		return co.Legal
	})
	return b.String()
}

// hostFold maps the letters of native names that asciiFold leaves alone
// to ASCII for web addresses.
var hostFold = strings.NewReplacer("ć", "c", "đ", "dj", "à", "a", "ù", "u", "ò", "o", "ì", "i", "œ", "oe", "É", "e", "Ś", "s", "Ł", "l", "Ż", "z")
