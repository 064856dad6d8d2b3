package score

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/terms"
	"github.com/clustergo/partnermatch/terms/concept"
)

// maxPhrases caps the needs and the offers (with technologies) of one
// profile that the reciprocal model compares; later phrases are ignored.
const maxPhrases = 64

// A sparse vector: term ids in increasing order and their weights.
type sparse struct {
	idx []int32
	val []float32
}

// An entry is one term of one phrase of a profile.
type entry struct {
	term   int32
	phrase uint16 // index among the profile's needs, or its offers then technologies
	w      float32
}

// A pvec holds the text vectors of one profile.
type pvec struct {
	doc      sparse  // TF-IDF of all text, unit length
	needs    []entry // unit phrase vectors of the needs, sorted by term then phrase
	offers   []entry // same for offers, then technologies
	nNeeds   int     // needs considered (capped at maxPhrases)
	nOffers  int     // offers and technologies considered
	needDen  int     // needs with at least one term: what coverage divides by
	offerDen int     // offers and technologies with at least one term
}

// A textIndex is the analysed text of a corpus: vocabulary, IDF and the
// vectors of every profile.
type textIndex struct {
	snap   *snapshot
	vocab  map[string]int32
	terms  []string  // id -> term
	idf    []float64 // id -> inverse document frequency
	oovIDF float64   // IDF of a term no corpus profile has
	vecs   []pvec    // row -> vectors

	workers int // goroutines of the fits built on it (Corpus.Workers)

	// unfitted holds the vectors of the latest profiles not in the
	// corpus, by fingerprint: a second copy of their analysis, because
	// a query explains each of its matches with every text model, and
	// analysing a large unfitted profile's text once per call made one
	// query of 1,000 partners take 20 seconds and 5 GB.
	unfittedMu sync.Mutex
	unfitted   map[uint64]*pvec
}

// maxUnfitted bounds textIndex.unfitted; it is emptied when full.
const maxUnfitted = 64

// textIndex returns c's analysed text, analysing it on first use.
func (c *Corpus) textIndex(ctx context.Context) (*textIndex, error) {
	r := c.root()
	r.mu.Lock()
	t := r.text
	r.mu.Unlock()
	if t != nil {
		return t, nil
	}
	snap := c.snapshot()
	// Analyse outside the lock so that cancellation does not wait for it;
	// concurrent first fits may analyse twice, and the first result wins.
	t, err := newTextIndex(ctx, snap, r.Profiles, c.workers())
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.text == nil {
		r.text = t
	}
	return r.text, nil
}

// A phraseKey is a phrase in a language, the key of phrase memos.
type phraseKey struct{ lang, text string }

// memoPhrases bounds each fit worker's phrase memo.
const memoPhrases = 1 << 16

// analysed is one profile's text as term lists: the head (name and
// description), the needs, then the offers and technologies.
type analysed struct {
	head    []int32
	phrases [][]int32
	nNeeds  int
}

// language returns the language a profile's text is analysed in.
func language(p *profile.Profile) string {
	if p.Language == "" {
		return "en" // as profile.Normalize
	}
	return p.Language
}

// analyse splits p's text into terms with package terms and maps them to
// ids with id. Phrases (needs, offers, technologies) repeat across
// profiles, so their term lists may come from, and go to, memo, which
// maps a language and a phrase to its ids; the lists are then shared and
// must not be changed.
func analyse(p *profile.Profile, id func(string) int32, memo map[phraseKey][]int32) analysed {
	lang := language(p)
	toIDs := func(ts []string) []int32 {
		out := make([]int32, len(ts))
		for i, t := range ts {
			out[i] = id(t)
		}
		return out
	}
	text := func(s string) []int32 { return toIDs(concept.Analyze(lang, s)) }
	phrase := func(s string) []int32 {
		if memo == nil {
			return text(s)
		}
		k := phraseKey{lang, s}
		if ids, ok := memo[k]; ok {
			return ids
		}
		ids := text(s)
		if len(memo) < memoPhrases {
			memo[k] = ids
		}
		return ids
	}
	// The name and description are read in their own language only:
	// pivot terms of long prose (cluster, innovation, company) blurred
	// rankings on the validation worlds, those of offers and needs did not.
	ids := func(s string) []int32 { return toIDs(terms.Analyze(lang, s)) }
	var a analysed
	head := p.Name
	if p.Description != "" {
		head += "\n" + p.Description
	}
	a.head = ids(head)
	offers := make([]string, 0, len(p.Offers)+len(p.Technologies))
	offers = append(append(offers, p.Offers...), p.Technologies...)
	nn, no := min(len(p.Needs), maxPhrases), min(len(offers), maxPhrases)
	a.nNeeds = nn
	a.phrases = make([][]int32, 0, nn+no)
	for _, s := range p.Needs[:nn] {
		a.phrases = append(a.phrases, phrase(s))
	}
	for _, s := range offers[:no] {
		a.phrases = append(a.phrases, phrase(s))
	}
	// Phrases beyond the cap still count as text.
	for _, s := range append(p.Needs[nn:len(p.Needs):len(p.Needs)], offers[no:]...) {
		a.head = append(a.head, ids(s)...)
	}
	return a
}

// offerPhrase returns the text of offer-side phrase j of p: its offers,
// then its technologies.
func offerPhrase(p *profile.Profile, j int) string {
	if j < len(p.Offers) {
		return p.Offers[j]
	}
	return p.Technologies[j-len(p.Offers)]
}

func newTextIndex(ctx context.Context, snap *snapshot, ps []*profile.Profile, nw int) (*textIndex, error) {
	work.analyses.Add(1)
	n := len(ps)
	// 1. Analyse on all cores. Each worker numbers terms in its own
	// dictionary; global ids, assigned in term order below, do not depend
	// on scheduling.
	dicts := make([]map[string]int32, nw)
	words := make([][]string, nw)
	for w := range dicts {
		dicts[w] = map[string]int32{}
	}
	raw := make([]analysed, n)
	owner := make([]uint8, n)
	memos := make([]map[phraseKey][]int32, nw)
	for w := range memos {
		memos[w] = map[phraseKey][]int32{}
	}
	err := parallel(ctx, nw, n, 64, func(w, lo, hi int) {
		d := dicts[w]
		id := func(t string) int32 {
			if v, ok := d[t]; ok {
				return v
			}
			v := int32(len(words[w]))
			d[t] = v
			words[w] = append(words[w], t)
			return v
		}
		for i := lo; i < hi; i++ {
			raw[i] = analyse(orEmpty(ps[i]), id, memos[w])
			owner[i] = uint8(w)
		}
	})
	if err != nil {
		return nil, err
	}
	// 2. Global vocabulary in term order.
	var all []string
	for _, ws := range words {
		all = append(all, ws...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	vocab := make(map[string]int32, len(all))
	for i, t := range all {
		vocab[t] = int32(i)
	}
	remap := make([][]int32, nw)
	for w, ws := range words {
		remap[w] = make([]int32, len(ws))
		for i, t := range ws {
			remap[w][i] = vocab[t]
		}
	}
	dicts, words, memos = nil, nil, nil
	// 3. Count document frequencies (lists hold worker ids, and phrase
	// lists are shared: map while copying, never in place).
	dfs := make([][]int32, nw)
	err = parallel(ctx, nw, n, 256, func(w, lo, hi int) {
		if dfs[w] == nil {
			dfs[w] = make([]int32, len(all))
		}
		df := dfs[w]
		var seen []int32
		for i := lo; i < hi; i++ {
			rm := remap[owner[i]]
			a := &raw[i]
			seen = seen[:0]
			for _, v := range a.head {
				seen = append(seen, rm[v])
			}
			for _, ph := range a.phrases {
				for _, v := range ph {
					seen = append(seen, rm[v])
				}
			}
			slices.Sort(seen)
			for _, t := range slices.Compact(seen) {
				df[t]++
			}
		}
	})
	if err != nil {
		return nil, err
	}
	t := &textIndex{
		snap:   snap,
		vocab:  vocab,
		terms:  all,
		idf:    make([]float64, len(all)),
		oovIDF: math.Log(float64(1+n)) + 1,
		vecs:   make([]pvec, n),

		workers: nw,
	}
	df := make([]int32, len(all))
	for _, d := range dfs {
		for id, k := range d {
			df[id] += k
		}
	}
	dfs = nil
	for id, k := range df {
		t.idf[id] = math.Log(float64(1+n)/float64(1+k)) + 1
	}
	// 4. Vectors, over the whole vocabulary so that norms count every
	// term, then restricted to the kept terms.
	keep := prune(df)
	err = parallel(ctx, nw, n, 256, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			v := t.build(&raw[i], remap[owner[i]])
			if keep != nil {
				v.restrict(keep)
			}
			t.vecs[i] = v
			raw[i] = analysed{}
		}
	})
	if err != nil {
		return nil, err
	}
	if keep != nil {
		t.finishPrune(keep)
	}
	t.compact()
	return t, nil
}

// MaxVocabulary caps the terms a fit keeps (the vocabulary of tfidf, lsa
// and reciprocal). A corpus with more keeps those of the most profiles,
// ties broken by term, so that terms of a single profile, which cannot
// link two profiles of the corpus, go first. Dropped terms still count in
// the norm of each corpus profile's vectors, so that the scores of corpus
// pairs that share only kept terms are unchanged (a profile with dropped
// terms no longer scores 1 with itself); for a profile scored from its
// current content (not in the corpus, or changed since the fit) they are
// terms the corpus never saw, which match nothing. The cap bounds the
// fit's memory, which grows with profiles times latent dimensions plus
// vocabulary times latent dimensions (LSA), whatever words profiles
// bring; it is far above the vocabularies of real and synthetic
// corpora (benchmarks/RESULTS.md).
const MaxVocabulary = 1 << 16

// prune returns, for each term id, its id among the kept terms or -1 for
// a dropped one (see MaxVocabulary), given the terms' document
// frequencies; nil if every term is kept.
func prune(df []int32) []int32 {
	if len(df) <= MaxVocabulary {
		return nil
	}
	kept := make([]int32, len(df))
	for id := range kept {
		kept[id] = int32(id)
	}
	// Most frequent first; ids are in term order, so ties go by term.
	slices.SortStableFunc(kept, func(a, b int32) int { return cmp.Compare(df[b], df[a]) })
	kept = kept[:MaxVocabulary]
	slices.Sort(kept)
	keep := make([]int32, len(df))
	for id := range keep {
		keep[id] = -1
	}
	for k, id := range kept {
		keep[id] = int32(k)
	}
	return keep
}

// finishPrune replaces t's vocabulary with the terms keep maps to an id.
func (t *textIndex) finishPrune(keep []int32) {
	terms := make([]string, 0, len(t.terms))
	idf := make([]float64, 0, len(t.terms))
	vocab := make(map[string]int32, len(t.terms))
	for id, k := range keep {
		if k >= 0 {
			vocab[t.terms[id]] = k
			terms = append(terms, t.terms[id])
			idf = append(idf, t.idf[id])
		}
	}
	t.terms, t.idf, t.vocab = slices.Clip(terms), slices.Clip(idf), vocab
}

// restrict maps v's term ids through keep and drops the terms it maps to
// -1. keep preserves the order of the ids it keeps, so v stays sorted.
func (v *pvec) restrict(keep []int32) {
	d := v.doc
	k := 0
	for x, id := range d.idx {
		if nid := keep[id]; nid >= 0 {
			d.idx[k], d.val[k] = nid, d.val[x]
			k++
		}
	}
	v.doc = sparse{idx: d.idx[:k], val: d.val[:k]}
	v.needs = restrictEntries(v.needs, keep)
	v.offers = restrictEntries(v.offers, keep)
}

func restrictEntries(es []entry, keep []int32) []entry {
	k := 0
	for _, e := range es {
		if nid := keep[e.term]; nid >= 0 {
			e.term = nid
			es[k] = e
			k++
		}
	}
	return es[:k]
}

// compact moves the vectors of all rows into four arrays in row order:
// fewer objects for the garbage collector, and a row's data together.
func (t *textIndex) compact() {
	var nd, ne int
	for i := range t.vecs {
		nd += len(t.vecs[i].doc.idx)
		ne += len(t.vecs[i].needs) + len(t.vecs[i].offers)
	}
	idx, val := make([]int32, 0, nd), make([]float32, 0, nd)
	ents := make([]entry, 0, ne)
	for i := range t.vecs {
		v := &t.vecs[i]
		k := len(idx)
		idx, val = append(idx, v.doc.idx...), append(val, v.doc.val...)
		v.doc = sparse{idx: idx[k:len(idx):len(idx)], val: val[k:len(val):len(val)]}
		k = len(ents)
		ents = append(ents, v.needs...)
		v.needs = ents[k:len(ents):len(ents)]
		k = len(ents)
		ents = append(ents, v.offers...)
		v.offers = ents[k:len(ents):len(ents)]
	}
}

// lookup maps a term to its id, or -1 if the corpus never saw it.
func (t *textIndex) lookup(term string) int32 {
	if id, ok := t.vocab[term]; ok {
		return id
	}
	return -1
}

// weight returns the IDF of term id (-1: unseen).
func (t *textIndex) weightOf(id int32) float64 {
	if id < 0 {
		return t.oovIDF
	}
	return t.idf[id]
}

// vectors returns p's vectors, which the caller must not change: the
// fitted ones if row >= 0, otherwise computed from p's content, or
// remembered from a recent call on the same content.
func (t *textIndex) vectors(p *profile.Profile, row int32) *pvec {
	if row >= 0 {
		return &t.vecs[row]
	}
	p = orEmpty(p)
	fp := fingerprint(p)
	t.unfittedMu.Lock()
	v, ok := t.unfitted[fp]
	t.unfittedMu.Unlock()
	if ok {
		return v
	}
	a := analyse(p, t.lookup, nil)
	built := t.build(&a, nil)
	t.unfittedMu.Lock()
	defer t.unfittedMu.Unlock()
	if len(t.unfitted) >= maxUnfitted || t.unfitted == nil {
		t.unfitted = make(map[uint64]*pvec, maxUnfitted)
	}
	t.unfitted[fp] = &built
	return &built
}

// tfidf returns the unit TF-IDF vector of a term list: weights
// (1 + ln tf) * idf, unseen terms (-1) counted in the norm but not stored.
// It reports false for an empty list. It sorts a copy in *scratch, with
// ids mapped by remap if it is not nil.
func (t *textIndex) tfidf(ids []int32, remap []int32, scratch *[]int32) (sparse, bool) {
	if len(ids) == 0 {
		return sparse{}, false
	}
	buf := (*scratch)[:0]
	if remap == nil {
		buf = append(buf, ids...)
	} else {
		for _, v := range ids {
			buf = append(buf, remap[v])
		}
	}
	*scratch = buf
	slices.Sort(buf)
	var s sparse
	var norm float64
	for i := 0; i < len(buf); {
		j := i
		for j < len(buf) && buf[j] == buf[i] {
			j++
		}
		w := (1 + math.Log(float64(j-i))) * t.weightOf(buf[i])
		norm += w * w
		if buf[i] >= 0 {
			s.idx = append(s.idx, buf[i])
			s.val = append(s.val, float32(w))
		}
		i = j
	}
	inv := 1 / math.Sqrt(norm)
	for k, v := range s.val {
		s.val[k] = float32(float64(v) * inv)
	}
	return s, true
}

// build computes the vectors of an analysed profile whose ids remap maps
// to vocabulary ids (nil: they are vocabulary ids).
func (t *textIndex) build(a *analysed, remap []int32) pvec {
	var v pvec
	all := slices.Clone(a.head)
	for _, ph := range a.phrases {
		all = append(all, ph...)
	}
	var buf []int32
	v.doc, _ = t.tfidf(all, remap, &buf)
	v.nNeeds = a.nNeeds
	v.nOffers = len(a.phrases) - a.nNeeds
	for k, ph := range a.phrases {
		s, ok := t.tfidf(ph, remap, &buf)
		if !ok {
			continue
		}
		need := k < a.nNeeds
		if need {
			v.needDen++
		} else {
			v.offerDen++
		}
		phrase := k
		if !need {
			phrase -= a.nNeeds
		}
		for x, id := range s.idx {
			e := entry{term: id, phrase: uint16(phrase), w: s.val[x]}
			if need {
				v.needs = append(v.needs, e)
			} else {
				v.offers = append(v.offers, e)
			}
		}
	}
	byTerm := func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.term, b.term), cmp.Compare(a.phrase, b.phrase))
	}
	slices.SortFunc(v.needs, byTerm)
	slices.SortFunc(v.offers, byTerm)
	v.needs = slices.Clip(v.needs)
	v.offers = slices.Clip(v.offers)
	return v
}

// dot returns the dot product of two sparse vectors by merging their
// sorted ids.
func dot(a, b sparse) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a.idx) && j < len(b.idx) {
		switch x, y := a.idx[i], b.idx[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			s += float64(a.val[i]) * float64(b.val[j])
			i++
			j++
		}
	}
	return s
}

// scatterPool recycles dense vocabulary-sized scratch vectors.
type scatterPool struct {
	n    int
	pool sync.Pool
}

func (p *scatterPool) get() []float32 {
	if v, ok := p.pool.Get().(*[]float32); ok {
		return *v
	}
	return make([]float32, p.n)
}

// put returns v, which must be all zero again.
func (p *scatterPool) put(v []float32) { p.pool.Put(&v) }
