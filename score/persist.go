package score

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"sync/atomic"

	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/internal/wire"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/terms/concept"
)

var (
	// ErrFitMismatch is matched by the error of ReadFit and UseFit when
	// the fit was made on other profiles, other known partnerships or
	// another seed than the corpus it is restored into, and by that of
	// DecodeFit too when it was made with another concept table.
	ErrFitMismatch = sentinel.New("score", "fit does not match the corpus")
	// ErrCorruptFit is matched by the error of ReadFit and DecodeFit
	// when their input is not a fit written by this version of WriteFit:
	// damaged, truncated, of another format version, or not a fit at
	// all.
	ErrCorruptFit = sentinel.New("score", "damaged or incompatible fit")
)

// work counts the costly steps of fits in this process, for tests that
// check that a fit read back does none of them.
var work struct{ analyses, factorisations, learnings, languages atomic.Int64 }

// fitMagic opens every fit WriteFit writes; fitFormat is its version,
// raised whenever the layout or the meaning of what is written changes
// (text analysed differently, a model computing its state differently),
// so that an older file is refitted, never misread. A change of the
// embedded concept table is noticed without it (concept.Checksum).
const (
	fitMagic  = "partnermatch score fit"
	fitFormat = 2 // 2: the rows' text languages
)

// WriteFit writes what fitting has computed on c so far, so that ReadFit
// can restore it into a new Corpus of the same profiles, Known and Seed
// (another process, after a restart) and fitting the same models there
// costs no text analysis, latent factorisation or weight learning. It
// writes the text analysis shared by tfidf, lsa and reciprocal, the fitted
// state of every LSA fitted on c, and the weights Learned and Auto
// learned on c, the text language of every row if Auto has read them
// (see crossFactors), in a compact binary form ended by a checksum. Models that
// fit in little time from the profiles (sector, market, geo, history and
// the rest) and models of other packages are fitted again after ReadFit.
//
// WriteFit may run while c's scorers serve queries and while other
// models are fitted on c: it writes what it finds done.
func (c *Corpus) WriteFit(w io.Writer) error {
	r := c.root()
	r.mu.Lock()
	t, langs := r.text, r.langs
	var lsas []*lsaFit
	for m, s := range r.fits {
		if l, ok := m.(LSA); ok {
			if ls, ok := s.(*lsaScorer); ok {
				lsas = append(lsas, &lsaFit{model: l, s: ls})
			}
		}
	}
	r.mu.Unlock()
	c.mu.Lock()
	steps := make([]string, 0, len(c.steps))
	for k := range c.steps {
		steps = append(steps, k)
	}
	slices.Sort(steps)
	vals := make([][]float64, len(steps))
	for i, k := range steps {
		vals[i] = c.steps[k]
	}
	c.mu.Unlock()
	slices.SortFunc(lsas, func(a, b *lsaFit) int { return cmpLSA(a.model, b.model) })

	snap := c.snapshot()
	e := wire.NewWriter(w)
	e.String(fitMagic)
	e.Uint32(fitFormat)
	e.Uint32(concept.Checksum())
	e.Uint64(c.Seed)
	e.Uint64(knownHash(c.Known))
	e.Strings(snap.ids)
	e.Int(len(snap.fp))
	for _, fp := range snap.fp {
		e.Uint64(fp)
	}
	if t == nil {
		e.Uint32(0)
	} else {
		e.Uint32(1)
		t.write(e)
	}
	e.Int(len(lsas))
	for _, l := range lsas {
		l.write(e)
	}
	e.Strings(steps)
	for _, v := range vals {
		e.Float64s(v)
	}
	writeLanguages(e, langs)
	if err := e.Close(); err != nil {
		return fmt.Errorf("score: write fit: %w", err)
	}
	return nil
}

// ReadFit restores into c a fit that WriteFit wrote, from r, which holds
// size bytes (as zip.NewReader reads): afterwards, fitting the models
// whose state it holds takes no analysis, factorisation or learning, and
// gives the scorers the first fit gave. c must be new: built, not fitted
// yet. ReadFit checks that the fit was made on c's profiles (each one's
// ID and content, in order), Known and Seed, and returns an error
// matching ErrFitMismatch if not; input that is damaged, truncated, of
// another format version or no fit at all is an error matching
// ErrCorruptFit. Either way c is left as it was, and fits as if ReadFit
// had not been called.
//
// ReadFit is DecodeFit then UseFit, except that it checks the profiles
// before it decodes the bulk of the fit, since a stale fit is common
// (every write makes one) and a damaged one rare. ReadFit returns soon
// after ctx ends, with ctx's error.
func (c *Corpus) ReadFit(ctx context.Context, r io.ReaderAt, size int64) error {
	if err := c.usable(); err != nil {
		return err
	}
	f, err := decodeFit(ctx, r, size, func(f *KeptFit) error { return c.matches(c.snapshot(), f) })
	if err != nil {
		return err
	}
	return c.UseFit(f)
}

// A KeptFit is a fit that WriteFit wrote, decoded by DecodeFit and not yet
// restored into a corpus: decoding needs no profiles, so that a program
// can decode the fit while it loads the profiles (as match.Open does) and
// restore it with UseFit once they are loaded. A KeptFit restores one corpus
// only.
type KeptFit struct {
	seed, known uint64
	ids         []string
	fps         []uint64
	text        *textIndex // its snapshot is the corpus's, set by UseFit
	lsas        []*lsaFit
	steps       []string
	vals        [][]float64
	langs       []string // rows' text languages; nil if not read at fit
	used        atomic.Bool
}

// IDs returns the IDs of the profiles f was fitted on, in the order of
// the Corpus.Profiles that UseFit needs. The slice must not be modified.
func (f *KeptFit) IDs() []string { return f.ids }

// DecodeFit decodes a fit that WriteFit wrote, from r, which holds size
// bytes, for UseFit to restore into a corpus. Input that is damaged,
// truncated, of another format version or no fit at all is an error
// matching ErrCorruptFit; a fit made with another concept table (another
// version of this library) one matching ErrFitMismatch. DecodeFit returns
// soon after ctx ends, with ctx's error.
func DecodeFit(ctx context.Context, r io.ReaderAt, size int64) (*KeptFit, error) {
	return decodeFit(ctx, r, size, nil)
}

// decodeFit decodes a fit, calling check, if not nil, with the fit's seed,
// Known hash, ids and fingerprints before it decodes the rest: an error
// from check ends it.
func decodeFit(ctx context.Context, r io.ReaderAt, size int64, check func(*KeptFit) error) (*KeptFit, error) {
	d := wire.NewReader(ctx, io.NewSectionReader(r, 0, size), size)
	fail := func(err error) (*KeptFit, error) {
		if errors.Is(err, ErrFitMismatch) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("score: read fit: %w", err)
		}
		return nil, sentinel.Wrapf(ErrCorruptFit, "read fit: %w", err)
	}
	if m := d.String(); d.Err() == nil && m != fitMagic {
		return fail(fmt.Errorf("not a fit (begins %q)", trim(m)))
	}
	if f := d.Uint32(); d.Err() == nil && f != fitFormat {
		return fail(fmt.Errorf("format %d, want %d", f, fitFormat))
	}
	// Text analysed with another concept table (an upgrade) would meet
	// queries analysed with this one: a fit of other profiles, in effect.
	if t := d.Uint32(); d.Err() == nil && t != concept.Checksum() {
		return fail(sentinel.Wrapf(ErrFitMismatch, "fitted with concept table %08x, this library has %08x", t, concept.Checksum()))
	}
	f := &KeptFit{seed: d.Uint64(), known: d.Uint64(), ids: d.Strings()}
	f.fps = make([]uint64, d.Len(8))
	for i := range f.fps {
		f.fps[i] = d.Uint64()
	}
	if err := d.Err(); err != nil {
		return fail(err)
	}
	if len(f.fps) != len(f.ids) {
		return fail(fmt.Errorf("%d fingerprints for %d profiles", len(f.fps), len(f.ids)))
	}
	if check != nil {
		if err := check(f); err != nil {
			return fail(err)
		}
	}
	switch has := d.Uint32(); {
	case has == 1:
		f.text = readText(d, len(f.ids))
	case has != 0:
		d.Fail(fmt.Errorf("text flag %d", has))
	}
	f.lsas = make([]*lsaFit, d.Len(8*3))
	for i := range f.lsas {
		f.lsas[i] = readLSA(d, f.text)
	}
	f.steps = d.Strings()
	f.vals = make([][]float64, len(f.steps))
	for i := range f.vals {
		f.vals[i] = d.Float64s()
	}
	f.langs = readLanguages(d, len(f.ids))
	if err := d.Close(); err != nil {
		return fail(err)
	}
	return f, nil
}

// UseFit restores f into c: afterwards, fitting the models whose state f
// holds takes no analysis, factorisation or learning, and gives the
// scorers the first fit gave. c must be new (built, not fitted yet), and
// f must not have been restored before. UseFit checks that f was made on
// c's profiles (each one's ID and content, in order), Known and Seed, and
// returns an error matching ErrFitMismatch if not; c is then left as it
// was, and fits as if UseFit had not been called.
func (c *Corpus) UseFit(f *KeptFit) error {
	if err := c.usable(); err != nil {
		return err
	}
	snap := c.snapshot()
	if err := c.matches(snap, f); err != nil {
		return fmt.Errorf("score: read fit: %w", err)
	}
	if f.used.Swap(true) {
		return errors.New("score: read fit: fit already restored into a corpus")
	}
	if f.text != nil {
		f.text.snap, f.text.workers = snap, c.workers()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text = f.text
	if len(f.lsas) > 0 && c.fits == nil {
		c.fits = map[Model]Scorer{}
	}
	for _, l := range f.lsas {
		c.fits[l.model] = l.s
	}
	if len(f.steps) > 0 {
		c.steps = make(map[string][]float64, len(f.steps))
	}
	for i, k := range f.steps {
		c.steps[k] = f.vals[i]
	}
	c.langs = f.langs
	return nil
}

// writeLanguages writes the rows' text languages, or that there are
// none, as a table of the languages and a row's index in it: two bytes a
// row, where the codes took ten.
func writeLanguages(e *wire.Writer, langs []string) {
	if langs == nil {
		e.Uint32(0)
		return
	}
	e.Uint32(1)
	var table []string
	codes := make([]uint16, len(langs))
	for i, l := range langs {
		k := slices.Index(table, l) // a few dozen languages at most
		if k < 0 {
			k = len(table)
			table = append(table, l)
		}
		codes[i] = uint16(k)
	}
	e.Strings(table)
	e.Uint16s(codes)
}

// readLanguages reads what writeLanguages wrote for n rows.
func readLanguages(d *wire.Reader, n int) []string {
	switch has := d.Uint32(); {
	case d.Err() != nil || has == 0:
		return nil
	case has != 1:
		d.Fail(fmt.Errorf("languages flag %d", has))
		return nil
	}
	table := d.Strings()
	codes := d.Uint16s()
	if d.Err() != nil {
		return nil
	}
	if len(codes) != n || len(table) > 1<<16 {
		d.Fail(fmt.Errorf("languages: %d rows of %d, %d languages", len(codes), n, len(table)))
		return nil
	}
	out := make([]string, n)
	for i, k := range codes {
		if int(k) >= len(table) {
			d.Fail(fmt.Errorf("languages: row %d language %d of %d", i, k, len(table)))
			return nil
		}
		out[i] = table[k]
	}
	return out
}

// usable tells whether a fit can be restored into c: a root corpus not
// fitted yet.
func (c *Corpus) usable() error {
	if c.parent != nil {
		return errors.New("score: read fit: corpus derived from another")
	}
	c.mu.Lock()
	fitted := c.text != nil || len(c.fits) > 0 || len(c.steps) > 0 || c.langs != nil
	c.mu.Unlock()
	if fitted {
		return errors.New("score: read fit: corpus already fitted")
	}
	return nil
}

// matches checks that f was made on c, whose snapshot is snap.
func (c *Corpus) matches(snap *snapshot, f *KeptFit) error {
	seed, known, ids, fps := f.seed, f.known, f.ids, f.fps
	switch {
	case seed != c.Seed:
		return sentinel.Wrapf(ErrFitMismatch, "fitted with seed %d, corpus has %d", seed, c.Seed)
	case known != knownHash(c.Known):
		return sentinel.Wrapf(ErrFitMismatch, "fitted on other known partnerships")
	case len(ids) != len(snap.ids) || len(fps) != len(snap.fp):
		return sentinel.Wrapf(ErrFitMismatch, "fitted on %d profiles, corpus has %d", len(ids), len(snap.ids))
	}
	for i, id := range ids {
		if id != snap.ids[i] {
			return sentinel.Wrapf(ErrFitMismatch, "row %d fitted on %q, corpus has %q", i, trim(id), trim(snap.ids[i]))
		}
		if fps[i] != snap.fp[i] {
			return sentinel.Wrapf(ErrFitMismatch, "profile %q changed since the fit", trim(id))
		}
	}
	return nil
}

// trim shortens s for an error message.
func trim(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// knownHash hashes the known partnerships, in order, the way fingerprints
// hash profiles.
func knownHash(known []profile.Partnership) uint64 {
	const prime = 0x100000001b3
	h := uint64(len(known))
	mix := func(v string) {
		h = (h ^ uint64(crc32.Checksum([]byte(v), castagnoli)) ^ uint64(len(v))<<32) * prime
	}
	for _, kp := range known {
		mix(kp.ID)
		h = (h ^ uint64(len(kp.Members))) * prime
		for _, m := range kp.Members {
			mix(m)
		}
		h = (h ^ uint64(len(kp.TargetMarkets))) * prime
		for _, m := range kp.TargetMarkets {
			mix(m)
		}
	}
	return h
}

// write writes t: the vocabulary and IDF, then every row's vectors as
// flat arrays in row order (the layout compact leaves them in), row by
// row so that nothing is gathered in memory but the lengths.
func (t *textIndex) write(e *wire.Writer) {
	e.Strings(t.terms)
	e.Float64s(t.idf)
	e.Float64(t.oovIDF)
	n := len(t.vecs)
	lens := make([]int32, 3*n)
	counts := make([]uint16, 4*n)
	var nd, ne int
	for i := range t.vecs {
		v := &t.vecs[i]
		lens[3*i], lens[3*i+1], lens[3*i+2] = int32(len(v.doc.idx)), int32(len(v.needs)), int32(len(v.offers))
		counts[4*i], counts[4*i+1], counts[4*i+2], counts[4*i+3] = uint16(v.nNeeds), uint16(v.nOffers), uint16(v.needDen), uint16(v.offerDen)
		nd += len(v.doc.idx)
		ne += len(v.needs) + len(v.offers)
	}
	e.Int32s(lens)
	e.Uint16s(counts)
	e.Int(nd)
	for i := range t.vecs {
		e.Int32Data(t.vecs[i].doc.idx)
	}
	e.Int(nd)
	for i := range t.vecs {
		e.Float32Data(t.vecs[i].doc.val)
	}
	writeEntryColumn(e, t.vecs, ne, func(en entry) int32 { return en.term }, e.Int32Data)
	writeEntryColumn(e, t.vecs, ne, func(en entry) uint16 { return en.phrase }, e.Uint16Data)
	writeEntryColumn(e, t.vecs, ne, func(en entry) float32 { return en.w }, e.Float32Data)
}

// writeEntryColumn writes one field of every row's need and offer
// entries, in row order, as one counted slice of ne values.
func writeEntryColumn[T any](e *wire.Writer, vecs []pvec, ne int, field func(entry) T, data func([]T)) {
	e.Int(ne)
	var col []T
	for i := range vecs {
		for _, es := range [2][]entry{vecs[i].needs, vecs[i].offers} {
			col = col[:0]
			for _, en := range es {
				col = append(col, field(en))
			}
			data(col)
		}
	}
}

// readText reads what write wrote, checking every term id and length, so
// that a damaged file cannot make a scorer index out of range.
func readText(d *wire.Reader, n int) *textIndex {
	t := &textIndex{}
	t.terms = d.Strings()
	t.idf = d.Float64s()
	t.oovIDF = d.Float64()
	lens := d.Int32s()
	counts := d.Uint16s()
	idx := d.Int32s()
	val := d.Float32s()
	// The entries' three columns are read straight into the entries: a
	// slice of each column first made a third of what a restore
	// allocated in this section, garbage as soon as it was copied.
	ents := make([]entry, d.Len(4))
	d.Int32Chunks(len(ents), func(lo int, part []int32) {
		for i, id := range part {
			ents[lo+i].term = id
		}
	})
	if d.Len(2) != len(ents) {
		d.Fail(errors.New("text: entry columns disagree"))
	}
	d.Uint16Chunks(len(ents), func(lo int, part []uint16) {
		for i, ph := range part {
			ents[lo+i].phrase = ph
		}
	})
	if d.Len(4) != len(ents) {
		d.Fail(errors.New("text: entry columns disagree"))
	}
	d.Float32Chunks(len(ents), func(lo int, part []float32) {
		for i, w := range part {
			ents[lo+i].w = w
		}
	})
	if d.Err() != nil {
		return nil
	}
	v := int32(len(t.terms))
	if len(t.idf) != len(t.terms) || len(lens) != 3*n || len(counts) != 4*n || len(val) != len(idx) {
		d.Fail(errors.New("text: lengths disagree"))
		return nil
	}
	for _, id := range idx {
		if id < 0 || id >= v {
			d.Fail(fmt.Errorf("text: term id %d of %d", id, v))
			return nil
		}
	}
	for _, en := range ents {
		if en.term < 0 || en.term >= v || en.phrase >= 2*maxPhrases {
			d.Fail(fmt.Errorf("text: entry term %d phrase %d", en.term, en.phrase))
			return nil
		}
	}
	t.vocab = make(map[string]int32, len(t.terms))
	for i, term := range t.terms {
		t.vocab[term] = int32(i)
	}
	t.vecs = make([]pvec, n)
	var di, ei int
	for i := range t.vecs {
		nd, nn, no := int(lens[3*i]), int(lens[3*i+1]), int(lens[3*i+2])
		if nd < 0 || nn < 0 || no < 0 || nd > len(idx)-di || nn+no > len(ents)-ei {
			d.Fail(fmt.Errorf("text: row %d lengths %d, %d, %d", i, nd, nn, no))
			return nil
		}
		c := counts[4*i : 4*i+4]
		if c[0] > maxPhrases || c[1] > maxPhrases || c[2] > c[0] || c[3] > c[1] {
			d.Fail(fmt.Errorf("text: row %d phrase counts %v", i, c))
			return nil
		}
		t.vecs[i] = pvec{
			doc:    sparse{idx: idx[di : di+nd : di+nd], val: val[di : di+nd : di+nd]},
			needs:  ents[ei : ei+nn : ei+nn],
			offers: ents[ei+nn : ei+nn+no : ei+nn+no],
			nNeeds: int(c[0]), nOffers: int(c[1]), needDen: int(c[2]), offerDen: int(c[3]),
		}
		di, ei = di+nd, ei+nn+no
	}
	if di != len(idx) || ei != len(ents) {
		d.Fail(errors.New("text: rows do not cover the arrays"))
		return nil
	}
	return t
}

// An lsaFit is one fitted LSA and the model value it is memoised under.
type lsaFit struct {
	model LSA
	s     *lsaScorer
}

func cmpLSA(a, b LSA) int {
	return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.Oversample, b.Oversample), cmp.Compare(a.PowerIters, b.PowerIters))
}

// write writes the model's parameters as given (the memo key) and the
// factorisation; the latent vectors too, which are cheaper to read than
// to project again.
func (l *lsaFit) write(e *wire.Writer) {
	for _, p := range []int{l.model.Rank, l.model.Oversample, l.model.PowerIters} {
		e.Uint64(uint64(int64(p)))
	}
	e.Int(l.s.k)
	e.Float64s(l.s.sigma)
	e.Float32s(l.s.proj)
	e.Float32s(l.s.emb)
	e.Float32s(l.s.heads)
}

func readLSA(d *wire.Reader, t *textIndex) *lsaFit {
	var p [3]int
	for i := range p {
		p[i] = int(int64(d.Uint64()))
	}
	l := &lsaFit{model: LSA{Rank: p[0], Oversample: p[1], PowerIters: p[2]}}
	k := d.Int(1 << 16)
	sigma := d.Float64s()
	proj := d.Float32s()
	emb := d.Float32s()
	heads := d.Float32s()
	if d.Err() != nil {
		return l
	}
	if t == nil {
		d.Fail(errors.New("lsa without a text analysis"))
		return l
	}
	n, v := len(t.vecs), len(t.terms)
	rank, _, _ := l.model.params()
	if k != min(rank, n, v) || len(sigma) != k && k > 0 || len(proj) != v*k || len(emb) != n*k ||
		k > 0 && len(heads) != n*lsaHead {
		d.Fail(fmt.Errorf("lsa: rank %d with %d values, %d loadings, %d latent values for %d terms and %d profiles",
			k, len(sigma), len(proj), len(emb), v, n))
		return l
	}
	s := &lsaScorer{t: t, k: k}
	if k > 0 {
		s.sigma, s.proj, s.emb, s.heads = sigma, proj, emb, heads
		s.concepts = make([][2][]string, k)
		for dim := range k {
			s.concepts[dim] = topLoadings(t.terms, proj, k, dim, 3)
		}
	}
	l.s = s
	return l
}
