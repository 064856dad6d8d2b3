package concept

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/clustergo/partnermatch/terms"
)

// Matching parameters; the package documentation explains them.
const (
	// MinShare is the share of a long label's idf mass that a sentence
	// must hold for the label to match. 0.75 lets "fruit and vegetables"
	// match "Fruit, vegetables and related products" (whose two rare
	// terms carry most of the weight) but not "fruit" alone.
	MinShare = 0.75
	// MaxConcepts caps the concepts returned for one text.
	MaxConcepts = 32
	// MaxText bounds the bytes of text analysed; the rest is ignored, so
	// the work per call is bounded (a long profile is about 3 kB).
	MaxText = 32 << 10
)

// A Weighted is a concept found in a text, with its weight (see the
// package documentation). Weights are positive and comparable between
// texts of one language; across languages they differ as the languages'
// label vocabularies do.
type Weighted struct {
	ID     ID
	Weight float64
}

// A langIndex matches text of one language against the labels that serve
// it.
type langIndex struct {
	lang   string
	idf    map[string]float64
	labels []label
	post   map[string][]int32 // key term -> labels that may match through it
	split  *splitter          // nil unless the language compounds
	vocab  []string           // label terms, sorted, for nearest
	keys   []keyed            // English only: label terms by spelling key, for cognate
}

// A label is one indexed label: a concept's label in one language, or a
// variant of it (the ekavian form of a Croatian label).
type label struct {
	concept int32    // index into Table.ids
	terms   []string // distinct terms, rarest first
	total   float64  // sum of the terms' idf
	need    float64  // idf mass a sentence must hold
}

// index returns the index for text in lang, building it on first use, or
// nil when t has no labels that serve lang.
func (t *Table) index(lang string) *langIndex {
	s := t.slots[lang]
	if s == nil {
		return nil
	}
	s.once.Do(func() { s.ix = t.build(lang) })
	return s.ix
}

// build analyses the labels that serve text in lang: its own, and for
// concepts without one, those of its stand-in language.
func (t *Table) build(lang string) *langIndex {
	type raw struct {
		concept int32
		terms   []string
	}
	var raws []raw
	ix := &langIndex{lang: lang, idf: map[string]float64{}, post: map[string][]int32{}}
	covered := make([]bool, len(t.ids))
	for k, src := range sources(lang) {
		ls := t.labels[src]
		if ls == nil {
			continue
		}
		for i, l := range ls {
			if l == "" || covered[i] {
				continue
			}
			covered[i] = k == 0
			// Parenthesised parts qualify a label ("софтвер (умотворина)",
			// "Transport services (excl. Waste transport)"); text rarely
			// repeats them.
			l = withoutParens(l)
			raws = append(raws, raw{int32(i), ix.terms(src, l)})
			if lang == "sr" && src == "hr" {
				if e := ekavian(l); e != strings.ToLower(l) {
					raws = append(raws, raw{int32(i), ix.terms(src, e)})
				}
			}
		}
	}
	if compounding[lang] {
		vocab := map[string]bool{}
		for _, r := range raws {
			for _, w := range r.terms {
				vocab[w] = true
			}
		}
		ix.split = &splitter{vocab: vocab}
		for i, r := range raws {
			var ws []string
			for _, w := range r.terms {
				ws = append(ws, ix.split.normalize(w)...)
			}
			raws[i].terms = ws
		}
	}
	// Document frequency counts concepts, not labels, so that a concept's
	// two Serbian variants do not make their shared terms look common.
	df := map[string]int{}
	seen := map[string]int32{}
	concepts := 0
	last := int32(-1)
	for i := range raws {
		r := &raws[i]
		slices.Sort(r.terms)
		r.terms = slices.Compact(r.terms)
		if r.concept != last {
			concepts++
			last = r.concept
		}
		for _, w := range r.terms {
			if c, ok := seen[w]; !ok || c != r.concept {
				df[w]++
				seen[w] = r.concept
			}
		}
	}
	if concepts == 0 {
		return nil
	}
	for w, n := range df {
		ix.idf[w] = math.Log1p(float64(concepts) / float64(n))
	}
	ix.vocab = make([]string, 0, len(df))
	for w := range df {
		ix.vocab = append(ix.vocab, w)
	}
	slices.Sort(ix.vocab)
	if lang == "en" {
		ix.keys = spellingKeys(ix.vocab)
	}
	for _, r := range raws {
		if len(r.terms) == 0 {
			continue
		}
		l := label{concept: r.concept, terms: r.terms}
		slices.SortFunc(l.terms, func(a, b string) int {
			return cmp.Or(cmp.Compare(ix.idf[b], ix.idf[a]), cmp.Compare(a, b))
		})
		for _, w := range l.terms {
			l.total += ix.idf[w]
		}
		l.need = l.total
		if len(l.terms) > 2 {
			l.need = MinShare * l.total
		}
		// A sentence that holds need of the mass holds at least one of the
		// rarest terms whose mass exceeds total - need; only those are
		// posted, so common terms ("product") have short postings.
		n := int32(len(ix.labels))
		for acc, k := 0.0, 0; k < len(l.terms); k++ {
			ix.post[l.terms[k]] = append(ix.post[l.terms[k]], n)
			acc += ix.idf[l.terms[k]]
			if acc > l.total-l.need+1e-9 {
				break
			}
		}
		ix.labels = append(ix.labels, l)
	}
	return ix
}

// Concepts returns the concepts of the default table found in text
// written in language lang; see [Table.Concepts].
func Concepts(lang, text string) []Weighted { return Default().Concepts(lang, text) }

// Label returns the label of id in the default table; see [Table.Label].
func Label(id ID, lang string) (string, bool) { return Default().Label(id, lang) }

// Concepts returns the concepts found in text written in language lang
// (a tag as for [Table.Label]), heaviest first, ties broken by ID, at
// most [MaxConcepts] of them. It returns nil when nothing matches or t has
// no labels for lang. Only the first [MaxText] bytes of text are read.
func (t *Table) Concepts(lang, text string) []Weighted {
	lang = BaseLanguage(lang)
	ix := t.index(lang)
	if ix == nil || text == "" {
		return nil
	}
	if len(text) > MaxText {
		text = text[:MaxText] // a cut rune is dropped by the analyser
	}
	best := map[int32]float64{}
	have := map[string]bool{}
	cand := map[int32]bool{}
	for _, sent := range strings.FieldsFunc(text, isSentenceEnd) {
		clear(have)
		clear(cand)
		for _, w := range ix.terms(lang, sent) {
			ws := ix.forms(w)
			if slavic[lang] {
				for _, w := range ws {
					ws = ix.variants(ws, w)
				}
			}
			for _, w := range ws {
				if have[w] {
					continue
				}
				have[w] = true
				for _, li := range ix.post[w] {
					cand[li] = true
				}
			}
		}
		for li := range cand {
			l := &ix.labels[li]
			var got float64
			for _, w := range l.terms {
				if have[w] {
					got += ix.idf[w]
				}
			}
			if got+1e-9 < l.need {
				continue
			}
			if w := got * got / l.total; w > best[l.concept] {
				best[l.concept] = w
			}
		}
	}
	if len(best) == 0 {
		return nil
	}
	out := make([]Weighted, 0, len(best))
	for c, w := range best {
		out = append(out, Weighted{ID: t.ids[c], Weight: w})
	}
	slices.SortFunc(out, func(a, b Weighted) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.ID, b.ID))
	})
	if len(out) > MaxConcepts {
		out = out[:MaxConcepts]
	}
	return out
}

// forms returns the label terms that a text term w stands for: the parts
// of a compound, or the label term it is another form of (nearest), or w.
// The result may be shared: append to it, never assign into it.
func (ix *langIndex) forms(w string) []string {
	ws := []string{w}
	if ix.split != nil {
		ws = ix.split.normalize(w)
	}
	if len(ws) == 1 && ix.idf[ws[0]] == 0 {
		ws = []string{ix.nearest(ws[0])}
	}
	return ws
}

// isSentenceEnd reports whether r ends a sentence or clause for matching.
func isSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '\n', '\r', '。', '؟':
		return true
	}
	return false
}

// slavic lists the languages whose stems lose a final vowel before
// matching: their stemmers leave case endings on some forms (Polish owoce
// -> "owoce", owoców -> "owoca"; Serbian opreme -> "oprem").
var slavic = map[string]bool{
	"pl": true, "cs": true, "sk": true, "sl": true, "hr": true, "sr": true, "bs": true,
	"bg": true, "mk": true, "ru": true, "uk": true, "be": true,
}

// terms analyses text in lang with package terms and, for Slavic
// languages, drops final vowels of stems longer than 4 bytes.
func (ix *langIndex) terms(lang, text string) []string {
	ws := terms.Analyze(lang, text)
	if slavic[lang] {
		for i, w := range ws {
			for len(w) > 4 && strings.IndexByte("aeiouy", w[len(w)-1]) >= 0 {
				w = w[:len(w)-1]
			}
			ws[i] = w
		}
	}
	return ws
}

// Variant bounds: a text term also stands for label terms that extend it
// or that it extends by at most maxRest bytes, neither shorter than
// minVariant bytes; at most maxVariants are looked at.
const (
	minVariant  = 4
	maxRest     = 2
	maxVariants = 64
)

// variants appends to ws the label terms that are w with up to maxRest
// more or fewer bytes at the end: Slavic stems of one word still differ in
// derivational endings (Serbian prevoz "transport" and prevozn- in prevozne
// usluge "transport services").
func (ix *langIndex) variants(ws []string, w string) []string {
	if len(w) < minVariant {
		return ws
	}
	for k := 1; k <= maxRest && len(w)-k >= minVariant; k++ {
		if _, ok := ix.idf[w[:len(w)-k]]; ok {
			ws = append(ws, w[:len(w)-k])
		}
	}
	i, _ := slices.BinarySearch(ix.vocab, w)
	for n := 0; i < len(ix.vocab) && n < maxVariants && strings.HasPrefix(ix.vocab[i], w); i, n = i+1, n+1 {
		if v := ix.vocab[i]; v != w && len(v)-len(w) <= maxRest {
			ws = append(ws, v)
		}
	}
	return ws
}

// withoutParens returns l without its parenthesised parts, or l when
// nothing else is left.
func withoutParens(l string) string {
	if !strings.Contains(l, "(") {
		return l
	}
	var b strings.Builder
	depth := 0
	for _, r := range l {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		return s
	}
	return l
}

// nearest returns the label term that w most likely is another form of,
// or w: stemmers leave some inflections apart (Polish owoców -> "owoca"
// but owoce -> "owoce"), so an unknown term is taken for the vocabulary
// term with the longest common prefix, provided the prefix has at least
// 4 bytes and each word has at most 2 bytes more.
func (ix *langIndex) nearest(w string) string {
	const minPrefix = 4
	if len(w) < minPrefix {
		return w
	}
	i, _ := slices.BinarySearch(ix.vocab, w)
	best, bestN := w, 0
	for _, j := range [2]int{i - 1, i} {
		if j < 0 || j >= len(ix.vocab) {
			continue
		}
		v := ix.vocab[j]
		n := commonPrefix(v, w)
		if n >= minPrefix && len(w)-n <= maxRest && len(v)-n <= maxRest && n > bestN {
			best, bestN = v, n
		}
	}
	return best
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
