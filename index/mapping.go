package index

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/clustergo/partnermatch/internal/filter"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/terms"
	"github.com/clustergo/partnermatch/terms/concept"
)

// Field names of the bleve documents. Text fields hold terms already
// analysed by package terms; the other fields hold codes. Every indexed
// field is a space-separated list split by termsAnalyzer.
const (
	fieldName         = "name"
	fieldDescription  = "description"
	fieldTechnologies = "technologies"
	fieldOffers       = "offers"
	fieldNeeds        = "needs"

	// Facet fields, with doc values.
	fieldCountry  = "country"
	fieldDivision = "division" // NACE divisions such as C27
	fieldIndustry = "industry"
	fieldMarket   = "market"

	// fieldCodes holds the codes only filtered on, each prefixed with its
	// kind (see codeTerm and numTerms): one field costs less to index
	// than one per kind.
	fieldCodes = "codes"

	fieldSource = "src" // the normalised profile as a record (record.go): stored, not indexed
)

// Prefixes of the terms of fieldCodes.
const (
	codeKind      = "k:"
	codeLabel     = "l:"
	codeSector    = "s:" // every NACE prefix of every sector: s:C s:C27 s:C27.2 s:C27.20
	codeEcosystem = "e:"
	codeCategory  = "c:"
	codeMembers   = "m"
	codeSMEs      = "n"
	codeFounded   = "f"
)

// numLevels and numMax bound the integers of fieldCodes: numTerms indexes
// a value at numLevels base-16 precisions, which covers 0 < v < 16^6.
const (
	numLevels = 6
	numMax    = filter.MaxValue
)

// The filters cap values at numMax, which numLevels digits must hold: an
// index out of range at compile time otherwise.
var _ = [1]struct{}{}[numMax>>(4*numLevels)]

// numTerms returns the terms of a positive integer v under prefix: its
// base-16 digits at every precision, so that a range query needs only a
// few terms (rangeTerms). bleve's own numeric fields index 16 terms per
// value, which made members, SMEs and founded a quarter of the indexing
// cost.
func numTerms(prefix string, v int) []string {
	v = min(v, numMax)
	out := make([]string, numLevels)
	for l := range numLevels {
		out[l] = numTerm(prefix, l, v>>(4*l))
	}
	return out
}

func numTerm(prefix string, level, v int) string {
	return prefix + strconv.Itoa(level) + ":" + strconv.FormatInt(int64(v), 16)
}

// rangeTerms returns terms whose union holds exactly the values lo..hi
// (1 <= lo <= hi) indexed by numTerms: at most 2·15 per level.
func rangeTerms(prefix string, lo, hi int) []string {
	lo, hi = min(lo, numMax), min(hi, numMax)
	var out []string
	for l := 0; lo <= hi; l++ {
		if l == numLevels-1 {
			for v := lo; v <= hi; v++ {
				out = append(out, numTerm(prefix, l, v))
			}
			break
		}
		for ; lo <= hi && lo%16 != 0; lo++ {
			out = append(out, numTerm(prefix, l, lo))
		}
		for ; lo <= hi && hi%16 != 15; hi-- {
			out = append(out, numTerm(prefix, l, hi))
		}
		if lo > hi {
			break
		}
		lo, hi = lo/16, hi/16 // whole blocks of 16 remain
	}
	return out
}

// termsAnalyzer is the mapping's analyser of pre-analysed text and of
// lists of codes: it splits at spaces and changes nothing else.
const termsAnalyzer = "pm_terms"

// spaceTokenizer is the registry name of the tokenizer of termsAnalyzer.
const spaceTokenizer = "pm_space"

func init() {
	err := registry.RegisterTokenizer(spaceTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return spaceSplitter{}, nil
	})
	if err != nil {
		panic(err) // a name clash is a programming error
	}
}

// spaceSplitter splits at ASCII spaces: the separator of analysed terms,
// which never contain one. It is several times faster than bleve's
// Unicode-aware white-space tokenizer.
type spaceSplitter struct{}

func (spaceSplitter) Tokenize(in []byte) analysis.TokenStream {
	n := 1
	for _, c := range in {
		if c == ' ' {
			n++
		}
	}
	toks := make([]analysis.Token, 0, n)
	out := make(analysis.TokenStream, 0, n)
	start, pos := 0, 1
	for i := 0; i <= len(in); i++ {
		if i < len(in) && in[i] != ' ' {
			continue
		}
		if i > start {
			toks = append(toks, analysis.Token{Term: in[start:i], Start: start, End: i, Position: pos, Type: analysis.AlphaNumeric})
			out = append(out, &toks[len(toks)-1])
			pos++
		}
		start = i + 1
	}
	return out
}

// newMapping returns the index mapping (see the package documentation).
//
// Text is analysed before it reaches bleve, by terms.Analyze with the
// analyser of the profile's language, and indexed as white-space
// separated terms: the score models see the same terms, the in-memory
// candidate view reuses them, and one mapping serves every language.
func newMapping() *mapping.IndexMappingImpl {
	m := mapping.NewIndexMapping()
	if err := m.AddCustomAnalyzer(termsAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": spaceTokenizer,
	}); err != nil {
		panic(err) // a static definition: failing is a bug
	}
	m.DefaultAnalyzer = termsAnalyzer
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	m.ScoringModel = "bm25"

	// Fields the candidate view needs are stored as well, so that Open
	// builds it from them (memIndex.set) without analysing text again.
	text := func(store bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: "text", Analyzer: termsAnalyzer, Index: true, Store: store}
	}
	// Codes are matched, not ranked: no term frequencies or norms.
	codes := func(store, docValues bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: "text", Analyzer: termsAnalyzer, Index: true, Store: store,
			DocValues: docValues, SkipFreqNorm: true}
	}
	dm := mapping.NewDocumentStaticMapping()
	for name, fm := range map[string]*mapping.FieldMapping{
		fieldName: text(false), fieldDescription: text(false), fieldTechnologies: text(true),
		fieldOffers: text(true), fieldNeeds: text(true),
		fieldCountry: codes(true, true), fieldDivision: codes(false, true), fieldIndustry: codes(true, true),
		fieldMarket: codes(true, true), fieldCodes: codes(true, false),
		fieldSource: {Type: "text", Analyzer: keyword.Name, Store: true},
	} {
		dm.AddFieldMappingsAt(name, fm)
	}
	all := mapping.NewDocumentDisabledMapping()
	dm.AddSubDocumentMapping("_all", all)
	m.DefaultMapping = dm
	return m
}

// A bleveDoc is what bleve indexes for one profile; its JSON keys are the
// field names of the mapping, its values space-separated terms.
type bleveDoc struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	Technologies string `json:"technologies"`
	Offers       string `json:"offers"`
	Needs        string `json:"needs"`
	Country      string `json:"country"`
	Division     string `json:"division"`
	Industry     string `json:"industry"`
	Market       string `json:"market"`
	Codes        string `json:"codes"`
	Source       string `json:"src"`
}

// viewFields calls fn with the stored fields of d that the candidate view
// reads (memIndex.set), as Open reads them from the store.
func (d *bleveDoc) viewFields(fn func(field, value string)) {
	fn(fieldTechnologies, d.Technologies)
	fn(fieldOffers, d.Offers)
	fn(fieldNeeds, d.Needs)
	fn(fieldCountry, d.Country)
	fn(fieldIndustry, d.Industry)
	fn(fieldMarket, d.Market)
	fn(fieldCodes, d.Codes)
}

// An entry is one normalised, valid profile with its analysed text, ready
// for bleve and for the in-memory view.
type entry struct {
	p      profile.Profile
	src    []byte
	text   [numText][]string // analysed terms per text field
	stored *bleveDoc         // what bleve indexes and stores, once mapped
}

// Text fields, in the order of entry.text.
const (
	textName = iota
	textDescription
	textTechnologies
	textOffers
	textNeeds
	numText
)

var textFields = [numText]string{fieldName, fieldDescription, fieldTechnologies, fieldOffers, fieldNeeds}

// analyse fills e's analysed text and stored record from e.p, which must
// be normalised.
func (e *entry) analyse() {
	p := &e.p
	lang := p.Language
	e.text[textName] = terms.Analyze(lang, p.Name)
	e.text[textDescription] = terms.Analyze(lang, p.Description)
	e.text[textTechnologies] = analyseList(lang, p.Technologies)
	e.text[textOffers] = analyseList(lang, p.Offers)
	e.text[textNeeds] = analyseList(lang, p.Needs)
	e.src = appendRecord(nil, p)
}

// analyseList analyses each item of a list of phrases, pivot terms
// included ([concept.Analyze]): offers and needs meet across languages.
func analyseList(lang string, items []string) []string {
	var out []string
	for _, s := range items {
		out = append(out, concept.Analyze(lang, s)...)
	}
	return out
}

// doc returns the bleve document of e.
func (e *entry) doc() *bleveDoc {
	p := &e.p
	prefixes, divisions := sectorTerms(p.Sectors)
	codes := []string{codeKind + p.Kind}
	if p.Label != "" {
		codes = append(codes, codeLabel+p.Label)
	}
	for _, c := range prefixes {
		codes = append(codes, codeSector+c)
	}
	for _, c := range p.Ecosystems {
		codes = append(codes, codeEcosystem+c)
	}
	for _, c := range p.Categories {
		codes = append(codes, codeCategory+c)
	}
	for _, n := range []struct {
		prefix string
		v      int
	}{{codeMembers, p.Members}, {codeSMEs, p.SMEs}, {codeFounded, p.Founded}} {
		if n.v > 0 { // 0 means unknown: no range matches it
			codes = append(codes, numTerms(n.prefix, n.v)...)
		}
	}
	return &bleveDoc{
		Name:         strings.Join(e.text[textName], " "),
		Description:  strings.Join(e.text[textDescription], " "),
		Technologies: strings.Join(e.text[textTechnologies], " "),
		Offers:       strings.Join(e.text[textOffers], " "),
		Needs:        strings.Join(e.text[textNeeds], " "),
		Country:      p.Country,
		Division:     strings.Join(divisions, " "),
		Industry:     strings.Join(p.Industries, " "),
		Market:       strings.Join(p.TargetMarkets, " "),
		Codes:        strings.Join(codes, " "),
		Source:       string(e.src),
	}
}

// sectorTerms returns the distinct NACE prefixes and divisions of
// canonical codes.
func sectorTerms(codes []string) (prefixes, divisions []string) {
	for _, c := range codes {
		for _, pre := range profile.NACEPrefixes(c) {
			if !slices.Contains(prefixes, pre) {
				prefixes = append(prefixes, pre)
				if len(pre) == 3 {
					divisions = append(divisions, pre)
				}
			}
		}
	}
	return prefixes, divisions
}

// queryTerms analyses query text: it returns the terms of the items in
// lang, as terms.Analyze gives them, and their plain terms (folded,
// unstemmed words) except those the language's analysis drops as stop
// words. Both analyses number tokens alike, so a plain token is kept when
// the language's analysis kept a token at its position.
func queryTerms(lang string, items ...string) (own, plain []string) {
	if len(items) == 0 {
		return nil, nil
	}
	text := []byte(strings.Join(items, "\n"))
	kept := map[int]bool{}
	for _, t := range terms.Analyzer(lang).Analyze(text) {
		own = append(own, string(t.Term))
		kept[t.Position] = true
	}
	for _, t := range terms.Analyzer(plainLang).Analyze(text) {
		if kept[t.Position] {
			plain = append(plain, string(t.Term))
		}
	}
	// Pivot terms are English: they meet the English words, and the pivot
	// terms, of every profile's text, whatever its language.
	for _, it := range items {
		own = append(own, concept.Pivot(lang, it)...)
	}
	return own, plain
}

// plainLang is a language without an analysis chain of its own: its text
// gets the plain analysis (folded, unstemmed words, no stop words).
const plainLang = ""

// mapParallel maps the entries to bleve documents on all CPUs.
func mapParallel(ctx context.Context, bi bleve.Index, es []*entry) ([]*document.Document, error) {
	m := bi.Mapping()
	docs := make([]*document.Document, len(es))
	err := parallel(len(es), func(i int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := document.NewDocument(es[i].p.ID)
		es[i].stored = es[i].doc()
		if err := m.MapDocument(d, es[i].stored); err != nil {
			return err
		}
		docs[i] = d
		return nil
	})
	if err != nil {
		return nil, translate("upsert", fmt.Errorf("mapping: %w", err))
	}
	return docs, nil
}
