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

// A lexicon translates the label terms of one language to English label
// terms.
type lexicon struct {
	tr map[string][]string
	// bridge is the lexicon of the language whose labels stand in for
	// this one's (Croatian for Serbian), consulted for the words this
	// one does not translate: it is aligned on the stand-in's labels of
	// every concept, this one only on those the language lacks.
	bridge *lexicon
}

// lexicon returns the lexicon of lang, building it on first use from the
// labels that t holds in lang and in English: a word alignment of the
// parallel labels, one-to-one within a concept by competitive linking on
// the Dice coefficient. It is nil for English and languages t does not
// serve.
func (t *Table) lexicon(lang string) *lexicon {
	s := t.slots[lang]
	if s == nil || lang == "en" {
		return nil
	}
	s.lexOnce.Do(func() {
		s.lex = t.buildLexicon(lang)
		if b := standIn[lang]; s.lex != nil && t.labels[lang] != nil && t.labels[b] != nil {
			s.lex.bridge = t.lexicon(b)
		}
	})
	return s.lex
}

func (t *Table) buildLexicon(lang string) *lexicon {
	ix, en := t.index(lang), t.index("en")
	if ix == nil || en == nil {
		return nil
	}
	// Words are numbered, per side, in order of first appearance.
	var words [2][]string
	num := [2]map[string]int32{{}, {}}
	bag := func(side int, ix *langIndex) [][]int32 {
		out := make([][]int32, len(t.ids))
		for _, l := range ix.labels {
			for _, w := range l.terms {
				k, ok := num[side][w]
				if !ok {
					k = int32(len(words[side]))
					num[side][w] = k
					words[side] = append(words[side], w)
				}
				out[l.concept] = append(out[l.concept], k)
			}
		}
		for i := range out {
			slices.Sort(out[i])
			out[i] = slices.Compact(out[i])
		}
		return out
	}
	src, dst := bag(0, ix), bag(1, en)
	a := newAligner(src, dst, len(words[0]), len(words[1]))
	a.train(emRounds)
	links, ca := a.link()
	byA := map[int32][]alignLink{}
	for _, l := range links {
		if l.n >= minLinks && float64(l.n) >= minLinkShare*float64(ca[l.a]) ||
			l.n == 1 && ca[l.a] == 1 && l.p >= minSureP {
			byA[l.a] = append(byA[l.a], l)
		}
	}
	lex := &lexicon{tr: map[string][]string{}}
	for k, ls := range byA {
		slices.SortFunc(ls, func(x, y alignLink) int {
			return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(y.p, x.p), strings.Compare(words[1][x.b], words[1][y.b]))
		})
		bs := []string{words[1][ls[0].b]}
		for _, l := range ls[1:min(len(ls), maxPivots)] {
			bs = append(bs, words[1][l.b])
		}
		lex.tr[words[0][k]] = bs
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
	if ix == nil || lex == nil || len(lex.tr) == 0 || text == "" {
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
func pivotSentence(out []string, ix, en *langIndex, lex *lexicon, lang, sent string) []string {
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
			bs := lex.tr[w]
			if len(bs) == 0 && (slavic[lang] || lex.bridge != nil) {
				var vs []string
				if slavic[lang] {
					vs = ix.variants(nil, w)
				}
				for l := lex; len(bs) == 0 && l != nil; l = l.bridge {
					if bs = l.tr[w]; len(bs) == 0 {
						for _, v := range vs {
							if bs = l.tr[v]; len(bs) > 0 {
								break
							}
						}
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
// and materi; Polish fotonik, English photon), or "": the term whose
// spelling key (see [spellingKey]) shares the longest prefix with that of
// w, of at least minCognate bytes, and all of the shorter key but its
// last byte.
func (ix *langIndex) cognate(w string) string {
	k := spellingKey(w)
	if len(k) < minCognate {
		return ""
	}
	i, _ := slices.BinarySearchFunc(ix.keys, k[:minCognate], func(e keyed, t string) int { return strings.Compare(e.key, t) })
	best, bestKey, bestN := "", "", 0
	for n := 0; i < len(ix.keys) && n < maxVariants && strings.HasPrefix(ix.keys[i].key, k[:minCognate]); i, n = i+1, n+1 {
		v := ix.keys[i]
		cp := commonPrefix(v.key, k)
		if cp >= min(len(v.key), len(k))-1 && (cp > bestN || cp == bestN && len(v.key) < len(bestKey)) {
			best, bestKey, bestN = v.term, v.key, cp
		}
	}
	return best
}

// A keyed is a label term with its spelling key.
type keyed struct{ key, term string }

// spellingKeys returns the spelling keys of vocab, sorted by key.
func spellingKeys(vocab []string) []keyed {
	out := make([]keyed, 0, len(vocab))
	for _, w := range vocab {
		out = append(out, keyed{spellingKey(w), w})
	}
	slices.SortFunc(out, func(a, b keyed) int { return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.term, b.term)) })
	return out
}

// spellingKey spells a folded Latin-script stem the way the European
// languages share it, so that cognates spelt apart meet: ph and f, th and
// t, y and i, w and v, c as k or (before e, i) as s, z as s, x as ks, q
// as k, doubled letters once (English photon, certif; Polish fotonik,
// certyfik; German Zertifik: foton, sertif).
func spellingKey(w string) string {
	var b strings.Builder
	b.Grow(len(w) + 2)
	var last byte
	put := func(c byte) {
		if c != last {
			b.WriteByte(c)
			last = c
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case (c == 'p' || c == 't') && next == 'h':
			if c == 'p' {
				put('f')
			} else {
				put('t')
			}
			i++
		case c == 'c' && (next == 'e' || next == 'i' || next == 'y'):
			put('s')
		case c == 'c' || c == 'q':
			put('k')
		case c == 'z':
			put('s')
		case c == 'y':
			put('i')
		case c == 'w':
			put('v')
		case c == 'x':
			put('k')
			put('s')
		default:
			put(c)
		}
	}
	return b.String()
}
