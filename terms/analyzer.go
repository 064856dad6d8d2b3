package terms

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	// Language analysers and filters used by the chains below.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/bg"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ca"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cs"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/el"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/eu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fa"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ga"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hy"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/id"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ro"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/tr"
)

// A chain says how text of one language is analysed.
type chain struct {
	base     string   // a bleve analyser name, or "" for unicode + lower-case
	filters  []string // extra bleve token filters for base "" (stop words, elision)
	translit bool     // transliterate Cyrillic before the base analyser (Latin-script stemmers)
	cache    bool     // cache the base analyser's stemming (slow stemmers)
}

// chains maps ISO 639-1 codes to their analysis. Languages missing here use
// the plain chain (no stop words, no stemming).
var chains = map[string]chain{
	"ar": {base: "ar"}, "da": {base: "da", translit: true}, "de": {base: "de", translit: true},
	"en": {base: "en", translit: true}, "es": {base: "es", translit: true}, "fa": {base: "fa"},
	"fi": {base: "fi", translit: true}, "fr": {base: "fr", translit: true}, "hi": {base: "hi"},
	"hu": {base: "hu", translit: true}, "it": {base: "it", translit: true}, "nl": {base: "nl", translit: true},
	"no": {base: "no", translit: true}, "pl": {base: "pl", translit: true}, "pt": {base: "pt", translit: true},
	"ro": {base: "ro", translit: true}, "ru": {base: "ru"}, "sv": {base: "sv", translit: true},
	"tr": {base: "tr", translit: true},
	"zh": {base: "cjk"}, "ja": {base: "cjk"}, "ko": {base: "cjk"},
	// Croatian's analyser fits Serbian, Bosnian and (roughly) Slovenian
	// Latin text; Serbian Cyrillic is transliterated first. Its 74 suffix
	// regexes make it slow, hence the cache.
	"hr": {base: "hr", translit: true, cache: true}, "sr": {base: "hr", translit: true, cache: true},
	"bs": {base: "hr", translit: true, cache: true}, "sl": {base: "hr", translit: true, cache: true},
	"nb": {base: "no", translit: true}, "nn": {base: "no", translit: true},
	"lb": {base: "de", translit: true}, "gl": {base: "pt", translit: true},
	// East Slavic languages share Russian's Cyrillic stemmer better than none.
	"uk": {base: "ru"}, "be": {base: "ru"},
	// Stop words only: bleve has no stemmer for these.
	"cs": {filters: []string{"stop_cs"}}, "sk": {filters: []string{"stop_cs"}},
	"bg": {filters: []string{"stop_bg"}}, "mk": {filters: []string{"stop_bg"}},
	"el": {filters: []string{"stop_el"}}, "eu": {filters: []string{"stop_eu"}},
	"ca": {filters: []string{"elision_ca", "stop_ca"}}, "ga": {filters: []string{"elision_ga", "stop_ga"}},
	"hy": {filters: []string{"stop_hy"}}, "id": {filters: []string{"stop_id"}},
}

// AnalyzerPrefix starts the registry name of every analyser of this package.
const AnalyzerPrefix = "pm_"

// plain is the chain name of languages without a chain of their own.
const plain = "plain"

// Fallback returns the language whose analysis is used for lang: lang
// itself when it has a chain, otherwise "plain" (tokenise, lower-case,
// fold; no stop words or stemming).
func Fallback(lang string) string {
	if _, ok := chains[lang]; ok {
		return lang
	}
	return plain
}

// AnalyzerName returns the bleve registry name of the analyser for lang.
func AnalyzerName(lang string) string { return AnalyzerPrefix + Fallback(lang) }

// Languages returns the languages with a chain of their own, sorted.
func Languages() []string {
	out := make([]string, 0, len(chains))
	for l := range chains {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// AnalyzerNames returns the registry names of all analysers, sorted.
func AnalyzerNames() []string {
	out := []string{AnalyzerPrefix + plain}
	for _, l := range Languages() {
		out = append(out, AnalyzerPrefix+l)
	}
	return out
}

func init() {
	for _, name := range AnalyzerNames() {
		lang := name[len(AnalyzerPrefix):]
		err := registry.RegisterAnalyzer(name, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
			return build(chains[lang], cache)
		})
		if err != nil {
			panic(err) // a name clash is a programming error
		}
	}
}

func build(c chain, cache *registry.Cache) (analysis.Analyzer, error) {
	a := &analysis.DefaultAnalyzer{}
	if c.base != "" {
		base, err := cache.AnalyzerNamed(c.base)
		if err != nil {
			return nil, err
		}
		da, ok := base.(*analysis.DefaultAnalyzer)
		if !ok {
			return nil, fmt.Errorf("terms: bleve analyser %q is a %T", c.base, base)
		}
		a.CharFilters = slices.Clone(da.CharFilters)
		a.Tokenizer = da.Tokenizer
		a.TokenFilters = slices.Clone(da.TokenFilters)
		if c.cache {
			a.TokenFilters = cacheStemmers(a.TokenFilters)
		}
	} else {
		tok, err := cache.TokenizerNamed(unicode.Name)
		if err != nil {
			return nil, err
		}
		a.Tokenizer = tok
		lower, err := cache.TokenFilterNamed(lowercase.Name)
		if err != nil {
			return nil, err
		}
		a.TokenFilters = []analysis.TokenFilter{lower}
		for _, f := range c.filters {
			tf, err := cache.TokenFilterNamed(f)
			if err != nil {
				return nil, err
			}
			a.TokenFilters = append(a.TokenFilters, tf)
		}
	}
	if c.translit {
		a.CharFilters = append([]analysis.CharFilter{translitFilter{}}, a.CharFilters...)
	}
	a.TokenFilters = append(a.TokenFilters, foldFilter{})
	return a, nil
}

// translitFilter writes Cyrillic text in Latin before tokenising.
type translitFilter struct{}

func (translitFilter) Filter(in []byte) []byte {
	if !hasCyrillic(in) {
		return in
	}
	return []byte(Transliterate(string(in)))
}

// foldFilter removes diacritics and transliterates what is left of
// Cyrillic after stemming, so every language ends in the same alphabet.
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if f := Fold(string(t.Term)); f != string(t.Term) {
			if f == "" {
				continue
			}
			t.Term = []byte(f)
		}
		out = append(out, t)
	}
	return out
}

// cacheStemmers wraps the filters after the stop-word filter, which map one
// token to one token, in a memo. The Croatian chain is lower-case, stop,
// suffix transformation, stemmer; the last two are cached.
func cacheStemmers(fs []analysis.TokenFilter) []analysis.TokenFilter {
	if len(fs) < 3 {
		return fs
	}
	return append(fs[:2:2], &memoFilter{inner: fs[2:]})
}

// memoCap bounds the memo: beyond it new terms are stemmed but not stored.
const memoCap = 1 << 18

// A memoFilter memoises 1:1 token filters term by term.
type memoFilter struct {
	inner []analysis.TokenFilter
	memo  sync.Map // string -> string
	n     atomic.Int64
}

func (m *memoFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		key := string(t.Term)
		if v, ok := m.memo.Load(key); ok {
			t.Term = []byte(v.(string))
			continue
		}
		one := analysis.TokenStream{t}
		for _, f := range m.inner {
			one = f.Filter(one)
		}
		if len(one) == 1 {
			t.Term = one[0].Term
		}
		if m.n.Load() < memoCap {
			m.n.Add(1)
			m.memo.Store(key, string(t.Term))
		}
	}
	return in
}

var analyzers sync.Map // chain name -> analysis.Analyzer

// Analyzer returns the analyser for lang (see Fallback).
func Analyzer(lang string) analysis.Analyzer {
	name := Fallback(lang)
	if a, ok := analyzers.Load(name); ok {
		return a.(analysis.Analyzer)
	}
	a, err := build(chains[name], registry.NewCache())
	if err != nil {
		panic(err) // every chain is built in the tests: a failure is a bug
	}
	v, _ := analyzers.LoadOrStore(name, a)
	return v.(analysis.Analyzer)
}

// Analyze returns the terms of text in language lang, in order, with
// repeats (term frequencies matter to text models).
func Analyze(lang, text string) []string {
	if text == "" {
		return nil
	}
	ts := Analyzer(lang).Analyze([]byte(text))
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}
