package concept

import (
	"cmp"
	"slices"
	"strings"
)

// Lexicon bounds: a term of a language translates to the English terms
// linked to it in at least minLinks concepts' labels and in at least
// minLinkShare of the concepts whose labels hold it; at most maxPivots
// of them, strongest first.
const (
	minLinks     = 2
	minLinkShare = 0.25
	maxPivots    = 2
)

// A lexicon maps the label terms of one language to English label terms.
type lexicon map[string][]string

// lexicon returns the lexicon of lang, building it on first use from the
// labels that t holds in lang and in English: a word alignment of the
// parallel labels, one-to-one within a concept by competitive linking on
// the Dice coefficient. It is nil for English and languages t does not
// serve.
func (t *Table) lexicon(lang string) lexicon {
	s := t.slots[lang]
	if s == nil || lang == "en" {
		return nil
	}
	s.lexOnce.Do(func() { s.lex = t.buildLexicon(lang) })
	return s.lex
}

func (t *Table) buildLexicon(lang string) lexicon {
	ix, en := t.index(lang), t.index("en")
	if ix == nil || en == nil {
		return nil
	}
	bag := func(ix *langIndex) [][]string {
		out := make([][]string, len(t.ids))
		for _, l := range ix.labels {
			out[l.concept] = append(out[l.concept], l.terms...)
		}
		for i := range out {
			slices.Sort(out[i])
			out[i] = slices.Compact(out[i])
		}
		return out
	}
	src, dst := bag(ix), bag(en)
	type pair struct{ a, b string }
	ca, cb := map[string]int{}, map[string]int{}
	co := map[pair]int{}
	for i := range src {
		if len(src[i]) == 0 || len(dst[i]) == 0 {
			continue
		}
		for _, a := range src[i] {
			ca[a]++
			for _, b := range dst[i] {
				co[pair{a, b}]++
			}
		}
		for _, b := range dst[i] {
			cb[b]++
		}
	}
	type scored struct {
		pair
		dice float64
	}
	links := map[pair]int{}
	var ps []scored
	for i := range src {
		if len(src[i]) == 0 || len(dst[i]) == 0 {
			continue
		}
		ps = ps[:0]
		for _, a := range src[i] {
			for _, b := range dst[i] {
				p := pair{a, b}
				ps = append(ps, scored{p, 2 * float64(co[p]) / float64(ca[a]+cb[b])})
			}
		}
		slices.SortFunc(ps, func(x, y scored) int {
			return cmp.Or(cmp.Compare(y.dice, x.dice), strings.Compare(x.a, y.a), strings.Compare(x.b, y.b))
		})
		usedA, usedB := map[string]bool{}, map[string]bool{}
		for _, p := range ps {
			if usedA[p.a] || usedB[p.b] {
				continue
			}
			usedA[p.a], usedB[p.b] = true, true
			links[p.pair]++
		}
	}
	byA := map[string][]pair{}
	for p, n := range links {
		if n >= minLinks && float64(n) >= minLinkShare*float64(ca[p.a]) {
			byA[p.a] = append(byA[p.a], p)
		}
	}
	lex := lexicon{}
	for a, ps := range byA {
		slices.SortFunc(ps, func(x, y pair) int { return cmp.Or(cmp.Compare(links[y], links[x]), strings.Compare(x.b, y.b)) })
		if len(ps) > maxPivots {
			ps = ps[:maxPivots]
		}
		bs := make([]string, len(ps))
		for k, p := range ps {
			bs[k] = p.b
		}
		lex[a] = bs
	}
	return lex
}

// Pivot returns the English terms that the words of text, written in
// lang, translate to in the default table's labels; see [Table.Pivot].
func Pivot(lang, text string) []string { return Default().Pivot(lang, text) }

// Pivot returns the English label terms (as [terms.Analyze] gives them for
// English) that the words of text in lang translate to, in text order:
// the translations of each word, or of each part of a compound (at most
// two, strongest first); for a word the lexicon does not translate, the
// English term it is a cognate of, if any; none for a sentence taken for
// English (see the package documentation).
// It returns nil for English text and languages t has no labels for. Only
// the first [MaxText] bytes of text are read.
func (t *Table) Pivot(lang, text string) []string {
	lang = BaseLanguage(lang)
	if lang == "en" {
		return nil
	}
	ix := t.index(lang)
	lex := t.lexicon(lang)
	if ix == nil || len(lex) == 0 || text == "" {
		return nil
	}
	if len(text) > MaxText {
		text = text[:MaxText]
	}
	en := t.index("en")
	var out []string
	for _, sent := range strings.FieldsFunc(text, isSentenceEnd) {
		out = pivotSentence(out, ix, en, lex, lang, sent)
	}
	return out
}

// pivotSentence appends the pivot terms of one sentence to out. A
// sentence whose words the English labels know better (a larger share of
// them) than those of lang is English already (English lists in a profile
// of another language): it adds nothing.
func pivotSentence(out []string, ix, en *langIndex, lex lexicon, lang, sent string) []string {
	ws := ix.terms(lang, sent)
	known, enKnown := 0, 0
	for _, w := range ws {
		if _, ok := ix.idf[w]; ok {
			known++
		} else if ix.split != nil && len(ix.split.normalize(w)) > 1 {
			known++
		}
	}
	enWs := en.terms("en", sent)
	for _, w := range enWs {
		if _, ok := en.idf[w]; ok {
			enKnown++
		}
	}
	// Shares, not counts: each language drops its own stop words.
	if len(ws) == 0 || enKnown*len(ws) > known*len(enWs) {
		return out
	}
	for _, w := range ws {
		if _, ok := ix.idf[w]; !ok {
			if _, ok := en.idf[w]; ok {
				out = append(out, w) // a loan word or an acronym: "MEMS", "5G"
				continue
			}
		}
		for _, w := range ix.forms(w) {
			bs := lex[w]
			if len(bs) == 0 && slavic[lang] {
				for _, v := range ix.variants(nil, w) {
					if bs = lex[v]; len(bs) > 0 {
						break
					}
				}
			}
			if len(bs) == 0 {
				if c := en.cognate(w); c != "" {
					bs = []string{c}
				}
			}
			out = append(out, bs...)
		}
	}
	return out
}

// minCognate is the shortest common prefix that makes a word untranslated
// by the lexicon the cognate of an English label term.
const minCognate = 5

// cognate returns the English label term that w is most likely a
// cognate of (German partn, renovier and material; English partner, renov
// and materi), or "": the term sharing the longest prefix with w, of at
// least minCognate bytes, and all of the shorter word but its last byte.
func (ix *langIndex) cognate(w string) string {
	if len(w) < minCognate {
		return ""
	}
	i, _ := slices.BinarySearch(ix.vocab, w[:minCognate])
	best, bestN := "", 0
	for n := 0; i < len(ix.vocab) && n < maxVariants && strings.HasPrefix(ix.vocab[i], w[:minCognate]); i, n = i+1, n+1 {
		v := ix.vocab[i]
		cp := commonPrefix(v, w)
		if cp >= min(len(v), len(w))-1 && (cp > bestN || cp == bestN && len(v) < len(best)) {
			best, bestN = v, cp
		}
	}
	return best
}
