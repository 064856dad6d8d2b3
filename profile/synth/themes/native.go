package themes

import (
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/clustergo/partnermatch/profile"
)

// native.txt holds the hand-written translations of the vocabulary that
// native profiles (Config.NativeText) write: records of an "en:" line,
// the phrase exactly as in chainData or themeData (a capability with its
// "|" and "=>", a term with its "="), followed by its "de:", "fr:", "it:",
// "es:", "pl:" and "sr:" (Cyrillic) wordings, which keep the phrase's
// structure and its %s. Serbian Latin is the transliteration of the
// Cyrillic. Lines starting with # are comments.
//
//go:embed native.txt
var nativeTxt string

// The languages of native profiles, in the column order of native.txt.
const (
	natDE = iota
	natFR
	natIT
	natES
	natPL
	natSR
	nNative
)

var nativeCodes = [nNative]string{"de", "fr", "it", "es", "pl", "sr"}

// parseNative reads native.txt into English phrase -> translations.
func parseNative(txt string) (map[string][nNative]string, error) {
	m := map[string][nNative]string{}
	var en string
	var tr [nNative]string
	next := 0 // the language expected on the next line; nNative: none
	for n, line := range strings.Split(txt, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, text, ok := strings.Cut(line, ": ")
		switch {
		case !ok:
			return nil, fmt.Errorf("native.txt:%d: no \"code: \" prefix", n+1)
		case code == "en":
			if next != 0 && next != nNative {
				return nil, fmt.Errorf("native.txt:%d: %q has only %d translations", n+1, en, next)
			}
			en, next = text, 0
		case next < nNative && code == nativeCodes[next]:
			tr[next] = strings.TrimSpace(text)
			if next++; next == nNative {
				if _, dup := m[en]; dup {
					return nil, fmt.Errorf("native.txt:%d: %q translated twice", n+1, en)
				}
				m[en] = tr
			}
		default:
			return nil, fmt.Errorf("native.txt:%d: unexpected %q", n+1, code)
		}
	}
	if next != nNative {
		return nil, fmt.Errorf("native.txt: last record %q incomplete", en)
	}
	return m, nil
}

var nativeTable = sync.OnceValue(func() map[string][nNative]string {
	m, err := parseNative(nativeTxt)
	if err != nil {
		panic(err) // literal data: caught by the tests
	}
	return m
})

// A nativeVocab is the vocabulary in one language, in the shape of the
// English one (same indexes and list lengths, so that generation makes
// the same draws), with which stages and themes are fully translated.
type nativeVocab struct {
	v        *vocabulary
	stageOK  []bool
	themeOK  []bool
	chainOK  []bool
	language int
}

// nativeVocabs holds the translated vocabularies, by language.
var nativeVocabs = sync.OnceValue(func() [nNative]*nativeVocab {
	var out [nNative]*nativeVocab
	for l := range nNative {
		out[l] = translateVocab(vocab(), nativeTable(), l)
	}
	return out
})

func translateVocab(en *vocabulary, table map[string][nNative]string, l int) *nativeVocab {
	nv := &nativeVocab{v: &vocabulary{chains: slices.Clone(en.chains), byChain: en.byChain}, language: l}
	ok := true
	tr := func(s string) string {
		t, found := table[s]
		if !found {
			ok = false
			return s
		}
		return t[l]
	}
	list := func(ss []string) []string {
		out := make([]string, len(ss))
		for k, s := range ss {
			out[k] = tr(s)
		}
		return out
	}
	for ci := range nv.v.chains {
		nv.v.chains[ci].name = tr(en.chains[ci].name)
	}
	nv.chainOK = make([]bool, len(en.chains))
	for ci := range en.chains {
		nv.chainOK[ci] = true
	}
	for _, st := range en.stages {
		ok = true
		st.name, st.short, st.role, st.techs = tr(st.name), tr(st.short), tr(st.role), list(st.techs)
		caps := make([]capability, len(st.caps))
		for k, c := range st.caps {
			caps[k] = c
			caps[k].offers, caps[k].needs = translateCap(table, c, l, &ok)
		}
		st.caps = caps
		nv.v.stages = append(nv.v.stages, st)
		nv.stageOK = append(nv.stageOK, ok)
		if !ok {
			nv.chainOK[st.chain] = false
		}
	}
	for _, th := range en.themes {
		ok = true
		th.name, th.short = tr(th.name), tr(th.short)
		terms := make([]term, len(th.terms))
		for k, t := range th.terms {
			raw := t.name + "=" + t.alt
			tt, found := table[raw]
			if !found {
				ok = false
				terms[k] = t
				continue
			}
			name, alt, _ := strings.Cut(tt[l], "=")
			terms[k] = term{name: strings.TrimSpace(name), alt: strings.TrimSpace(alt)}
		}
		th.terms = terms
		nv.v.themes = append(nv.v.themes, th)
		nv.themeOK = append(nv.themeOK, ok)
	}
	return nv
}

// translateCap translates a capability by its raw English form, which
// native.txt keys on, keeping its number of wordings per side.
func translateCap(table map[string][nNative]string, c capability, l int, ok *bool) (offers, needs []string) {
	raw := strings.Join(c.offers, " | ") + " => " + strings.Join(c.needs, " | ")
	t, found := table[raw]
	if !found {
		*ok = false
		return c.offers, c.needs
	}
	o, n, _ := strings.Cut(t[l], "=>")
	offers, needs = splitAlternatives(o), splitAlternatives(n)
	if len(offers) != len(c.offers) || len(needs) != len(c.needs) {
		*ok = false
		return c.offers, c.needs
	}
	return offers, needs
}

// translatable reports whether a profile of stage st with themes ths can
// write everything in the vocabulary nv: its stage and themes are
// translated, and so is every stage of its themes' chains (needs ask
// for capabilities there).
func (nv *nativeVocab) translatable(st int, ths []int) bool {
	if !nv.stageOK[st] || !nv.chainOK[nv.v.stages[st].chain] {
		return false
	}
	for _, t := range ths {
		if !nv.themeOK[t] {
			return false
		}
		for _, c := range nv.v.themes[t].chains {
			if !nv.chainOK[c] {
				return false
			}
		}
	}
	return true
}

// NativeChains returns the keys of the value chains (as in World.Stages,
// before the slash) whose vocabulary is translated into every language
// of Config.NativeText.
func NativeChains() []string {
	var out []string
	for ci, c := range vocab().chains {
		all := true
		for _, nv := range nativeVocabs() {
			all = all && nv.chainOK[ci]
		}
		if all {
			out = append(out, c.key)
		}
	}
	return out
}

// native is how a native profile writes: its language and, for Serbian,
// its script.
type native struct {
	nv    *nativeVocab
	latin bool
}

// placeLanguage returns the native language of a city of a country, or
// -1 where profiles write English only (Flanders among them).
func placeLanguage(country, city string) int {
	switch country {
	case "DE", "AT":
		return natDE
	case "FR", "LU":
		return natFR
	case "IT":
		return natIT
	case "ES":
		return natES
	case "PL":
		return natPL
	case "RS":
		return natSR
	case "BE":
		if city == "Liège" || city == "Brussels" {
			return natFR
		}
	case "CH":
		if city == "Geneva" {
			return natFR
		}
		return natDE
	}
	return -1
}

// saltNative keys the ranking that picks native profiles, apart from
// every other stream.
const saltNative uint64 = 0x7468656d65730005

// chooseNative picks round(NativeText × Profiles) native profiles among
// the eligible ones (a native language and translated vocabulary), those
// ranked first by a hash of (Seed, index), or all eligible if fewer.
// Serbian ones alternate Cyrillic and Latin in ID order, half and half.
func chooseNative(cfg Config, bs []built) map[int]native {
	if cfg.NativeText <= 0 {
		return nil
	}
	type cand struct {
		i    int
		h    uint64
		lang int
	}
	var cs []cand
	for i, b := range bs {
		l := placeLanguage(b.p.Country, b.p.City)
		if l < 0 || !nativeVocabs()[l].translatable(b.stage, b.themes) {
			continue
		}
		cs = append(cs, cand{i, splitmix(cfg.Seed ^ splitmix(saltNative^uint64(i))), l})
	}
	sort.Slice(cs, func(a, b int) bool { return cs[a].h < cs[b].h || cs[a].h == cs[b].h && cs[a].i < cs[b].i })
	chosen := cs[:min(len(cs), int(math.Round(cfg.NativeText*float64(cfg.Profiles))))]
	sort.Slice(chosen, func(a, b int) bool { return chosen[a].i < chosen[b].i })
	out := make(map[int]native, len(chosen))
	serbian := 0
	for _, c := range chosen {
		n := native{nv: nativeVocabs()[c.lang]}
		if c.lang == natSR {
			n.latin = serbian%2 == 1
			serbian++
		}
		out[c.i] = n
	}
	return out
}

// cyrToLatin transliterates Serbian Cyrillic to Latin script, one letter
// to one (Lj, Nj, Dž for the three digraph letters).
var cyrToLatin = strings.NewReplacer(
	"А", "A", "Б", "B", "В", "V", "Г", "G", "Д", "D", "Ђ", "Đ", "Е", "E", "Ж", "Ž", "З", "Z", "И", "I",
	"Ј", "J", "К", "K", "Л", "L", "Љ", "Lj", "М", "M", "Н", "N", "Њ", "Nj", "О", "O", "П", "P", "Р", "R",
	"С", "S", "Т", "T", "Ћ", "Ć", "У", "U", "Ф", "F", "Х", "H", "Ц", "C", "Ч", "Č", "Џ", "Dž", "Ш", "Š",
	"а", "a", "б", "b", "в", "v", "г", "g", "д", "d", "ђ", "đ", "е", "e", "ж", "ž", "з", "z", "и", "i",
	"ј", "j", "к", "k", "л", "l", "љ", "lj", "м", "m", "н", "n", "њ", "nj", "о", "o", "п", "p", "р", "r",
	"с", "s", "т", "t", "ћ", "ć", "у", "u", "ф", "f", "х", "h", "ц", "c", "ч", "č", "џ", "dž", "ш", "š",
)

// nativeFold maps the letters of native names to ASCII for web
// addresses (website keeps ASCII letters only).
var nativeFold = strings.NewReplacer(
	"ß", "ss", "Ä", "a", "Ö", "o", "Ü", "u", "ü", "u", "à", "a", "â", "a", "ç", "c", "ê", "e", "î", "i",
	"ï", "i", "û", "u", "ù", "u", "ò", "o", "ì", "i", "ñ", "n", "ú", "u", "ą", "a", "ć", "c", "ę", "e",
	"ń", "n", "ś", "s", "ź", "z", "ż", "z", "Ł", "l", "Ś", "s", "Ż", "z", "č", "c", "đ", "dj", "ž", "z",
	"Č", "c", "Š", "s", "Ž", "z", "Đ", "dj", "œ", "oe", "É", "e", "Ć", "c",
)

// localCities are the local names of the cities of countryTable that
// differ from the English ones, with the Serbian in Cyrillic.
var localCities = map[string]string{
	"Munich": "München", "Cologne": "Köln", "Vienna": "Wien", "Milan": "Milano", "Turin": "Torino",
	"Padua": "Padova", "Florence": "Firenze", "Seville": "Sevilla", "Warsaw": "Warszawa",
	"Brussels": "Bruxelles", "Zurich": "Zürich", "Geneva": "Genève", "Belgrade": "Београд",
	"Novi Sad": "Нови Сад",
}

// localCountries names the countries of native profiles in their own
// language.
var localCountries = map[string]string{
	"DE": "Deutschland", "AT": "Österreich", "FR": "France", "LU": "Luxembourg", "BE": "Belgique",
	"IT": "Italia", "ES": "España", "PL": "Polska", "RS": "Србија",
}

// localSwiss names Switzerland in German and French.
var localSwiss = [nNative]string{natDE: "Schweiz", natFR: "Suisse"}

// marketNames names the target markets, in the order of nativeCodes.
var marketNames = map[string][nNative]string{
	"US": {"USA", "États-Unis", "Stati Uniti", "Estados Unidos", "Stany Zjednoczone", "САД"},
	"CN": {"China", "Chine", "Cina", "China", "Chiny", "Кина"},
	"JP": {"Japan", "Japon", "Giappone", "Japón", "Japonia", "Јапан"},
	"IN": {"Indien", "Inde", "India", "India", "Indie", "Индија"},
	"KR": {"Südkorea", "Corée du Sud", "Corea del Sud", "Corea del Sur", "Korea Południowa", "Јужна Кореја"},
	"CA": {"Kanada", "Canada", "Canada", "Canadá", "Kanada", "Канада"},
	"BR": {"Brasilien", "Brésil", "Brasile", "Brasil", "Brazylia", "Бразил"},
	"SG": {"Singapur", "Singapour", "Singapore", "Singapur", "Singapur", "Сингапур"},
	"AE": {"Vereinigte Arabische Emirate", "Émirats arabes unis", "Emirati Arabi Uniti", "Emiratos Árabes Unidos", "Zjednoczone Emiraty Arabskie", "Уједињени Арапски Емирати"},
	"MX": {"Mexiko", "Mexique", "Messico", "México", "Meksyk", "Мексико"},
	"AU": {"Australien", "Australie", "Australia", "Australia", "Australia", "Аустралија"},
	"ZA": {"Südafrika", "Afrique du Sud", "Sudafrica", "Sudáfrica", "Republika Południowej Afryki", "Јужноафричка Република"},
	"MA": {"Marokko", "Maroc", "Marocco", "Marruecos", "Maroko", "Мароко"},
	"VN": {"Vietnam", "Viêt Nam", "Vietnam", "Vietnam", "Wietnam", "Вијетнам"},
	"CL": {"Chile", "Chili", "Cile", "Chile", "Chile", "Чиле"},
}

// A nativeLex holds what a language writes outside the vocabulary:
// generic offers and market needs (in the order of genericOffers and
// marketNeeds), name parts and description sentences. Placeholders:
// {name} {kind} {where} {members} {smes} {role} {stage} {chain} {theme}
// {terms}.
type nativeLex struct {
	offers   [5]string
	market   [4]string
	suffixes map[string][]string // by kind, drawn like nameSuffixes
	groups   [3]string           // university names, like Lab, Group, Institute
	uni      string              // university name: {city} {group} {short}
	kinds    map[string]string
	and      string

	intro0, members0, body0 string // the three description patterns
	intro1m, intro1, body1  string
	body2, members2, teams2 string
	also                    string // {theme} {terms} of the second theme
	markets                 [3]string
}

var nativeLexicons = [nNative]nativeLex{
	natDE: {
		offers:   [5]string{"B2B-Kooperationsbörsen für KMU-Mitglieder", "Gemeinschaftsstände auf internationalen Fachmessen", "Weiterbildungsakademie für KMU-Beschäftigte", "Zugang zu regionaler Innovationsförderung", "Technologiescouting für Mitglieder"},
		market:   [4]string{"Marktinformationen (%s)", "Kontakte zu Vertriebspartnern und Importeuren (%s)", "Beratung zu Zertifizierungsregeln für den Export (%s)", "Partner für eine gemeinsame Delegationsreise (%s)"},
		suffixes: map[string][]string{"cluster": {"Cluster", "Cluster", "Innovationscluster", "Kompetenzcluster", "Clusterverband"}, "network": {"Netzwerk", "Allianz", "Plattform"}, "research": {"Forschungszentrum", "Technologieinstitut", "Innovationslabor"}, "company": {"Lösungen", "Technologien", "Systeme", "Engineering"}},
		groups:   [3]string{"Labor", "Arbeitsgruppe", "Institut"},
		uni:      "Universität {city}, {group} {short}",
		kinds:    map[string]string{"cluster": "ein Cluster", "network": "ein Unternehmensnetzwerk", "research": "eine Forschungs- und Technologieorganisation", "university": "eine universitäre Forschungsgruppe", "company": "ein Unternehmen"},
		and:      "und",
		intro0:   "{name} ist {kind} in {where}.", members0: " Mitglieder: {members}, davon {smes} KMU, darunter {role}.",
		body0:   " Arbeitsgebiet: {stage} in der Wertschöpfungskette {chain}. Schwerpunkt: {theme}, etwa {terms}.",
		intro1m: "{name} mit Sitz in {where} vernetzt {members} Akteure, darunter {role}.", intro1: "{name} mit Sitz in {where} richtet sich an {role}.",
		body1: " Schwerpunkt ist {theme} im Bereich {stage}, unter anderem {terms}.",
		body2: "{name}, {kind} aus {where}, ist im Bereich {stage} tätig (Wertschöpfungskette {chain}) und auf {theme} spezialisiert.", members2: " Die {members} Mitglieder entwickeln {terms}.", teams2: " Die Teams entwickeln {terms}.",
		also:    " Ein weiteres Thema: {theme}, etwa {terms}.",
		markets: [3]string{"Zielmärkte der Mitglieder: {markets}.", "Die Internationalisierungsstrategie zielt auf {markets}.", "Vorrangige Märkte außerhalb Europas: {markets}."},
	},
	natFR: {
		offers:   [5]string{"rendez-vous d'affaires B2B pour les PME membres", "stands collectifs sur des salons internationaux", "académie de formation pour les salariés des PME", "accès aux financements régionaux de l'innovation", "veille technologique pour les membres"},
		market:   [4]string{"études de marché (%s)", "mises en relation avec des distributeurs et importateurs (%s)", "conseils sur les règles de certification à l'export (%s)", "partenaires pour une mission commerciale commune (%s)"},
		suffixes: map[string][]string{"cluster": {"Cluster", "Pôle", "Pôle d'innovation", "Pôle de compétences", "Association"}, "network": {"Réseau", "Alliance", "Plateforme"}, "research": {"Centre de recherche", "Institut technologique", "Laboratoire d'innovation"}, "company": {"Solutions", "Technologies", "Systèmes", "Ingénierie"}},
		groups:   [3]string{"laboratoire", "équipe", "institut"},
		uni:      "Université de {city}, {group} {short}",
		kinds:    map[string]string{"cluster": "un cluster", "network": "un réseau d'entreprises", "research": "un organisme de recherche et de technologie", "university": "une équipe de recherche universitaire", "company": "une entreprise"},
		and:      "et",
		intro0:   "{name} est {kind} dont le siège est à {where}.", members0: " Membres : {members}, dont {smes} PME, parmi lesquels des {role}.",
		body0:   " Domaine d'activité : {stage} (chaîne de valeur {chain}). Thématique : {theme}, notamment {terms}.",
		intro1m: "Depuis {where}, {name} fédère {members} acteurs, parmi lesquels des {role}.", intro1: "Depuis {where}, {name} accompagne des {role}.",
		body1: " Priorité : {theme} ({stage}), notamment {terms}.",
		body2: "{name}, {kind} de {where}, travaille dans le domaine suivant : {stage} (chaîne de valeur {chain}). Spécialité : {theme}.", members2: " Ses {members} membres développent {terms}.", teams2: " Ses équipes développent {terms}.",
		also:    " Autre thématique : {theme}, par exemple {terms}.",
		markets: [3]string{"Marchés visés par les membres : {markets}.", "Stratégie d'internationalisation : {markets}.", "Marchés prioritaires hors d'Europe : {markets}."},
	},
	natIT: {
		offers:   [5]string{"incontri B2B per le PMI associate", "stand collettivi in fiere internazionali", "accademia di formazione per il personale delle PMI", "accesso ai finanziamenti regionali per l'innovazione", "scouting tecnologico per i soci"},
		market:   [4]string{"analisi di mercato (%s)", "contatti con distributori e importatori (%s)", "consulenza sulle regole di certificazione per l'export (%s)", "partner per una missione commerciale congiunta (%s)"},
		suffixes: map[string][]string{"cluster": {"Cluster", "Distretto", "Cluster dell'innovazione", "Polo di competenza", "Associazione cluster"}, "network": {"Rete", "Alleanza", "Piattaforma"}, "research": {"Centro di ricerca", "Istituto tecnologico", "Laboratorio di innovazione"}, "company": {"Soluzioni", "Tecnologie", "Sistemi", "Ingegneria"}},
		groups:   [3]string{"laboratorio", "gruppo", "istituto"},
		uni:      "Università di {city}, {group} {short}",
		kinds:    map[string]string{"cluster": "un cluster", "network": "una rete d'imprese", "research": "un'organizzazione di ricerca e tecnologia", "university": "un gruppo di ricerca universitario", "company": "un'azienda"},
		and:      "e",
		intro0:   "{name} è {kind} con sede a {where}.", members0: " Conta {members} soci, di cui {smes} PMI, tra cui {role}.",
		body0:   " Ambito di attività: {stage} nella filiera {chain}. Tema principale: {theme}, in particolare {terms}.",
		intro1m: "Con sede a {where}, {name} mette in rete {members} attori, tra cui {role}.", intro1: "Con sede a {where}, {name} lavora con {role}.",
		body1: " Tema principale: {theme} ({stage}), compresi {terms}.",
		body2: "{name}, {kind} di {where}, opera nel seguente ambito: {stage} (filiera {chain}). Specializzazione: {theme}.", members2: " I suoi {members} soci sviluppano {terms}.", teams2: " I suoi team sviluppano {terms}.",
		also:    " Altro tema: {theme}, ad esempio {terms}.",
		markets: [3]string{"Mercati obiettivo dei soci: {markets}.", "Strategia di internazionalizzazione: {markets}.", "Mercati prioritari extraeuropei: {markets}."},
	},
	natES: {
		offers:   [5]string{"encuentros B2B para las pymes socias", "stands conjuntos en ferias internacionales", "academia de formación para el personal de las pymes", "acceso a la financiación regional de la innovación", "vigilancia tecnológica para los socios"},
		market:   [4]string{"inteligencia de mercado (%s)", "contactos con distribuidores e importadores (%s)", "orientación sobre normas de certificación para exportar (%s)", "socios para una misión comercial conjunta (%s)"},
		suffixes: map[string][]string{"cluster": {"Clúster", "Clúster", "Clúster de innovación", "Polo de competencia", "Asociación clúster"}, "network": {"Red", "Alianza", "Plataforma"}, "research": {"Centro de investigación", "Instituto tecnológico", "Laboratorio de innovación"}, "company": {"Soluciones", "Tecnologías", "Sistemas", "Ingeniería"}},
		groups:   [3]string{"laboratorio", "grupo", "instituto"},
		uni:      "Universidad de {city}, {group} {short}",
		kinds:    map[string]string{"cluster": "un clúster", "network": "una red empresarial", "research": "una organización de investigación y tecnología", "university": "un grupo de investigación universitario", "company": "una empresa"},
		and:      "y",
		intro0:   "{name} es {kind} con sede en {where}.", members0: " Cuenta con {members} socios, {smes} de ellos pymes, entre los que hay {role}.",
		body0:   " Ámbito de actividad: {stage} en la cadena de valor {chain}. Tema principal: {theme}, en particular {terms}.",
		intro1m: "Con sede en {where}, {name} conecta a {members} actores, entre ellos {role}.", intro1: "Con sede en {where}, {name} da servicio a {role}.",
		body1: " Su foco es {theme} ({stage}), entre otros {terms}.",
		body2: "{name}, {kind} de {where}, trabaja en el ámbito siguiente: {stage} (cadena de valor {chain}). Especialidad: {theme}.", members2: " Sus {members} socios desarrollan {terms}.", teams2: " Sus equipos desarrollan {terms}.",
		also:    " Otro tema: {theme}, por ejemplo {terms}.",
		markets: [3]string{"Mercados objetivo de los socios: {markets}.", "Estrategia de internacionalización: {markets}.", "Mercados prioritarios fuera de Europa: {markets}."},
	},
	natPL: {
		offers:   [5]string{"spotkania B2B dla członków z sektora MŚP", "wspólne stoiska na targach międzynarodowych", "akademia szkoleniowa dla pracowników MŚP", "dostęp do regionalnego finansowania innowacji", "scouting technologiczny dla członków"},
		market:   [4]string{"analizy rynkowe (%s)", "kontakty z dystrybutorami i importerami (%s)", "doradztwo w zakresie zasad certyfikacji w eksporcie (%s)", "partnerzy do wspólnej misji gospodarczej (%s)"},
		suffixes: map[string][]string{"cluster": {"Klaster", "Klaster", "Klaster Innowacyjny", "Klaster Kompetencji", "Stowarzyszenie Klastrowe"}, "network": {"Sieć", "Sojusz", "Platforma"}, "research": {"Centrum Badawcze", "Instytut Technologiczny", "Laboratorium Innowacji"}, "company": {"Rozwiązania", "Technologie", "Systemy", "Inżynieria"}},
		groups:   [3]string{"Laboratorium", "Zespół", "Instytut"},
		uni:      "Uniwersytet – {city}, {group} {short}",
		kinds:    map[string]string{"cluster": "klaster", "network": "sieć przedsiębiorstw", "research": "organizacja badawczo-technologiczna", "university": "uniwersytecki zespół badawczy", "company": "przedsiębiorstwo"},
		and:      "i",
		intro0:   "{name} to {kind}. Siedziba: {where}.", members0: " Zrzesza {members} członków, w tym {smes} MŚP – m.in. {role}.",
		body0:   " Obszar działalności: {stage} (łańcuch wartości: {chain}). Specjalizacja: {theme}, w tym {terms}.",
		intro1m: "Siedziba: {where}. {name} łączy {members} podmiotów, m.in. {role}.", intro1: "Siedziba: {where}. {name} obsługuje {role}.",
		body1: " Główny temat: {theme} ({stage}), w tym {terms}.",
		body2: "{name} – {kind}, siedziba: {where} – działa w obszarze: {stage} (łańcuch wartości: {chain}). Specjalizacja: {theme}.", members2: " Członkowie ({members}) rozwijają: {terms}.", teams2: " Zespoły rozwijają: {terms}.",
		also:    " Kolejny obszar: {theme}, np. {terms}.",
		markets: [3]string{"Rynki docelowe członków: {markets}.", "Strategia internacjonalizacji obejmuje: {markets}.", "Priorytetowe rynki poza Europą: {markets}."},
	},
	natSR: {
		offers:   [5]string{"B2B сусрети за чланице из сектора МСП", "заједнички штандови на међународним сајмовима", "академија за обуку запослених у МСП", "приступ регионалном финансирању иновација", "праћење технологија за чланове"},
		market:   [4]string{"анализе тржишта (%s)", "контакти са дистрибутерима и увозницима (%s)", "савети о правилима сертификације за извоз (%s)", "партнери за заједничку привредну мисију (%s)"},
		suffixes: map[string][]string{"cluster": {"Кластер", "Кластер", "Иновациони кластер", "Кластер компетенција", "Кластерско удружење"}, "network": {"Мрежа", "Савез", "Платформа"}, "research": {"Истраживачки центар", "Технолошки институт", "Иновациона лабораторија"}, "company": {"Решења", "Технологије", "Системи", "Инжењеринг"}},
		groups:   [3]string{"лабораторија", "група", "институт"},
		uni:      "Универзитет – {city}, {group} {short}",
		kinds:    map[string]string{"cluster": "кластер", "network": "пословна мрежа", "research": "истраживачко-технолошка организација", "university": "универзитетска истраживачка група", "company": "предузеће"},
		and:      "и",
		intro0:   "{name} је {kind}. Седиште: {where}.", members0: " Окупља {members} чланова (од тога {smes} МСП), између осталих {role}.",
		body0:   " Област деловања: {stage} (ланац вредности: {chain}). Специјализација: {theme}, укључујући {terms}.",
		intro1m: "Седиште: {where}. {name} повезује {members} актера, између осталих {role}.", intro1: "Седиште: {where}. {name} опслужује {role}.",
		body1: " Главна тема: {theme} ({stage}), укључујући {terms}.",
		body2: "{name} – {kind}, седиште: {where} – ради у области: {stage} (ланац вредности: {chain}). Специјализација: {theme}.", members2: " Чланови ({members}) развијају: {terms}.", teams2: " Тимови развијају: {terms}.",
		also:    " Још једна област: {theme}, на пример {terms}.",
		markets: [3]string{"Циљна тржишта чланова: {markets}.", "Стратегија интернационализације обухвата: {markets}.", "Приоритетна тржишта ван Европе: {markets}."},
	},
}

// localCity returns the city's local name (Cyrillic for Serbian).
func localCity(city string) string {
	if c, ok := localCities[city]; ok {
		return c
	}
	return city
}

// where says city and country in language l.
func (n *native) where(country, city string) string {
	c := localCountries[country]
	if country == "CH" {
		c = localSwiss[n.nv.language]
	}
	return localCity(city) + ", " + c
}

// expandNative replaces the {key} placeholders of t.
func expandNative(t string, vals map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		b.WriteString(t[:i])
		b.WriteString(vals[t[i+1:i+j]])
		t = t[i+j+1:]
	}
}

// nativeList joins items as list does, with the language's "and".
func nativeList(items []string, and string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

// toScript writes the text fields of a Serbian Latin profile in Latin
// script; the generator writes Serbian in Cyrillic first.
func toScript(p *[]string) {
	for k, s := range *p {
		(*p)[k] = cyrToLatin.Replace(s)
	}
}

// orgName is the package's orgName in n's language, making the same
// draws: "Synthetic" (which marks every generated organisation), the
// kind's word, the specialisation and the local city.
func (n *native) orgName(r *rand.Rand, kind string, pl place, short string) string {
	lx := &nativeLexicons[n.nv.language]
	city := localCity(pl.city)
	if kind == profile.KindUniversity {
		k := r.IntN(3) // as pick(r, []string{"Lab", "Group", "Institute"})
		return "Synthetic " + expandNative(lx.uni, map[string]string{"city": city, "group": lx.groups[k], "short": short})
	}
	k := r.IntN(len(nameSuffixes[kind]))
	return "Synthetic " + lx.suffixes[kind][k] + " " + short + " " + city
}

// describe is the package's describe in n's language, with the same
// draws and sentence patterns; v is n's vocabulary.
func (n *native) describe(r *rand.Rand, p *profile.Profile, v *vocabulary, pl place, st *stage, th *theme, th2 *theme) string {
	lx := &nativeLexicons[n.nv.language]
	vals := map[string]string{
		"name": p.Name, "kind": lx.kinds[p.Kind], "where": n.where(p.Country, pl.city),
		"members": strconv.Itoa(p.Members), "smes": strconv.Itoa(p.SMEs), "role": st.role,
		"stage": st.name, "chain": v.chains[st.chain].name, "theme": th.name,
		"terms": nativeList(termNames(r, th, between(r, 2, 3)), lx.and),
	}
	var b strings.Builder
	switch hasMembers := p.Members > 0; r.IntN(3) {
	case 0:
		b.WriteString(expandNative(lx.intro0, vals))
		if hasMembers {
			b.WriteString(expandNative(lx.members0, vals))
		}
		b.WriteString(expandNative(lx.body0, vals))
	case 1:
		if hasMembers {
			b.WriteString(expandNative(lx.intro1m, vals))
		} else {
			b.WriteString(expandNative(lx.intro1, vals))
		}
		b.WriteString(expandNative(lx.body1, vals))
	default:
		b.WriteString(expandNative(lx.body2, vals))
		if hasMembers {
			b.WriteString(expandNative(lx.members2, vals))
		} else {
			b.WriteString(expandNative(lx.teams2, vals))
		}
	}
	if th2 != nil {
		b.WriteString(expandNative(lx.also, map[string]string{"theme": th2.name, "terms": nativeList(termNames(r, th2, 1), lx.and)}))
	}
	if len(p.TargetMarkets) > 0 && r.Float64() < 0.75 {
		var ms []string
		for _, m := range p.TargetMarkets {
			ms = append(ms, marketNames[m][n.nv.language])
		}
		b.WriteString(" " + expandNative(lx.markets[r.IntN(len(lx.markets))], map[string]string{"markets": nativeList(ms, lx.and)}))
	}
	return b.String()
}
