package profile

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed data/*.csv data/languages.txt
var dataFS embed.FS

// A Group is a set of countries that eligibility rules refer to.
type Group string

// Country groups, as used by COSME calls. See data/SOURCES.md for dates.
const (
	GroupEU        Group = "eu"        // EU member states (2017, without the UK)
	GroupCOSME     Group = "cosme"     // non-EU COSME participants (2018)
	GroupEEAEFTA   Group = "eea-efta"  // EEA members of EFTA
	GroupENP       Group = "enp"       // European Neighbourhood Policy countries
	GroupCandidate Group = "candidate" // candidates and potential candidates (2015)
)

// Groups returns all country groups.
func Groups() []Group {
	return []Group{GroupEU, GroupCOSME, GroupEEAEFTA, GroupENP, GroupCandidate}
}

// A Country is one ISO 3166-1 country with its membership of the groups.
type Country struct {
	Code   string  // ISO 3166-1 alpha-2 (GR, GB, XK)
	Alpha3 string  // ISO 3166-1 alpha-3
	Name   string  // English short name
	EUCode string  // the EU's own code (EL for GR, UK for GB), also the NUTS prefix
	Groups []Group // groups the country belongs to
}

// In reports whether c belongs to group g.
func (c Country) In(g Group) bool { return slices.Contains(c.Groups, g) }

// A Term is one entry of a controlled vocabulary.
type Term struct {
	Slug string // stable identifier used in profiles
	Name string // English display name
}

// A NACE is one NACE Rev.2 section or division.
type NACE struct {
	Code    string // section letter (C) or section letter plus two digits (C27)
	Section string // section letter
	Title   string // English title
}

type taxonomy struct {
	countries  []Country
	byCode     map[string]int // alpha-2 and EU codes -> index in countries
	nace       []NACE
	naceByCode map[string]NACE
	divSection map[string]string // "27" -> "C"
	industries []Term
	ecosystems []Term
	categories []Term
	languages  map[string]bool
}

var tax = sync.OnceValue(loadTaxonomy)

func readCSV(name string) [][]string {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		panic(err) // embedded: a missing file is a build bug
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		panic(fmt.Sprintf("profile: embedded %s: %v", name, err))
	}
	return rows[1:]
}

func readTerms(name string) []Term {
	var ts []Term
	for _, r := range readCSV(name) {
		ts = append(ts, Term{Slug: r[0], Name: r[1]})
	}
	return ts
}

func loadTaxonomy() *taxonomy {
	t := &taxonomy{
		byCode:     map[string]int{},
		naceByCode: map[string]NACE{},
		divSection: map[string]string{},
		languages:  map[string]bool{},
	}
	flags := []Group{GroupEU, GroupCOSME, GroupEEAEFTA, GroupENP, GroupCandidate}
	for _, r := range readCSV("countries.csv") {
		c := Country{Code: r[0], Alpha3: r[1], Name: r[2], EUCode: r[3]}
		for i, g := range flags {
			if r[4+i] == "1" {
				c.Groups = append(c.Groups, g)
			}
		}
		t.countries = append(t.countries, c)
	}
	// Countries and CountriesIn promise code order; the file has additions
	// (XK) at the end.
	slices.SortFunc(t.countries, func(a, b Country) int { return strings.Compare(a.Code, b.Code) })
	for i, c := range t.countries {
		t.byCode[c.Code] = i
	}
	for i, c := range t.countries {
		if _, ok := t.byCode[c.EUCode]; !ok {
			t.byCode[c.EUCode] = i
		}
	}
	for _, r := range readCSV("nace.csv") {
		n := NACE{Code: r[0], Section: r[0][:1], Title: r[1]}
		t.nace = append(t.nace, n)
		t.naceByCode[n.Code] = n
		if len(n.Code) == 3 {
			t.divSection[n.Code[1:]] = n.Section
		}
	}
	t.industries = readTerms("industries.csv")
	t.ecosystems = readTerms("ecosystems.csv")
	t.categories = readTerms("categories.csv")
	b, _ := dataFS.ReadFile("data/languages.txt")
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			t.languages[l] = true
		}
	}
	return t
}

// Countries returns all known countries, sorted by code. The slice is a copy.
func Countries() []Country { return slices.Clone(tax().countries) }

// LookupCountry returns the country with the given ISO 3166-1 alpha-2 code,
// or the EU's own code (EL, UK), in any case.
func LookupCountry(code string) (Country, bool) {
	i, ok := tax().byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Country{}, false
	}
	return tax().countries[i], true
}

// CountriesIn returns the codes of the countries in group g, sorted.
func CountriesIn(g Group) []string {
	var out []string
	for _, c := range tax().countries {
		if c.In(g) {
			out = append(out, c.Code)
		}
	}
	return out
}

// NACESections returns the 21 NACE Rev.2 sections.
func NACESections() []NACE {
	var out []NACE
	for _, n := range tax().nace {
		if len(n.Code) == 1 {
			out = append(out, n)
		}
	}
	return out
}

// NACEDivisions returns the 88 NACE Rev.2 divisions.
func NACEDivisions() []NACE {
	var out []NACE
	for _, n := range tax().nace {
		if len(n.Code) == 3 {
			out = append(out, n)
		}
	}
	return out
}

// LookupNACE returns the section or division of a canonical NACE code: for
// a group or class code (C27.2, C27.20) it returns its division.
func LookupNACE(code string) (NACE, bool) {
	if len(code) > 3 {
		code = code[:3]
	}
	n, ok := tax().naceByCode[code]
	return n, ok
}

// IndustryTerms returns the 10 emerging industries.
func IndustryTerms() []Term { return slices.Clone(tax().industries) }

// EcosystemTerms returns the 14 EU industrial ecosystems.
func EcosystemTerms() []Term { return slices.Clone(tax().ecosystems) }

// CategoryTerms returns the 51 sectoral cluster categories.
func CategoryTerms() []Term { return slices.Clone(tax().categories) }

// KnownLanguage reports whether code is an ISO 639-1 code (lower case).
func KnownLanguage(code string) bool { return tax().languages[code] }

func hasTerm(ts []Term, slug string) bool {
	return slices.ContainsFunc(ts, func(t Term) bool { return t.Slug == slug })
}
