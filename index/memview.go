package index

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/clustergo/partnermatch/internal/filter"
	"github.com/clustergo/partnermatch/profile"
)

// The in-memory candidate view holds, beside bleve, what Candidates needs:
// postings of the matching fields and the filterable attributes of every
// profile. It is derived from the index: built from the stored profiles
// by Open and changed by every successful write, under the same writer
// lock, so it always describes the same profiles as bleve.

// Scored fields of the view. The byte starts every key of memIndex.dict.
const (
	memOffers       = iota // candidates' offers, matched by the query's needs
	memNeeds               // candidates' needs, matched by the query's offers
	memTechnologies        // shared technologies
	memIndustries          // shared emerging industries (keywords)
	memMarkets             // shared target markets (keywords)
	numMem
)

// memText reports whether a view field is analysed text (BM25 length
// normalisation) rather than keywords.
func memText(f int) bool { return f <= memTechnologies }

// A posting is one profile holding one term.
type posting struct {
	slot uint32
	tf   uint16 // term frequency
	len  uint16 // field length in terms (capped)
}

// A slot holds one profile version of the view. An upsert appends a new
// slot and kills the old one; compaction drops dead slots.
type slot struct {
	id           string
	terms        []uint32 // dict ids of the profile's terms, for removal
	lens         [numMem]uint16
	filter.Attrs // what the filters test
}

// kwAttrs are the keywords of a slot that Candidates scores, and its
// country, which most filters test, kept apart from the slot so that
// reading them costs one cache line.
type kwAttrs struct {
	markets    filter.CountrySet
	industries uint16
	country    uint8
}

// A memIndex is the in-memory candidate view.
type memIndex struct {
	mu     sync.RWMutex
	dict   map[string]uint32 // field byte + term -> term id
	post   [][]posting       // term id -> postings in slot order (dead slots included)
	df     []int32           // term id -> live profiles holding it
	field  []uint8           // term id -> view field
	slots  []slot
	kw     []kwAttrs // slot -> keyword attributes, dense for the scoring loop
	dead   []bool    // slot -> killed
	byID   map[string]uint32
	live   int
	nDead  int
	lenSum [numMem]int64 // sum of live field lengths

	scratch sync.Pool // *scratch
}

// newMem returns an empty view with room for n profiles.
func newMem(n int) *memIndex {
	return &memIndex{
		dict:  map[string]uint32{},
		byID:  make(map[string]uint32, n),
		slots: make([]slot, 0, n),
		kw:    make([]kwAttrs, 0, n),
		dead:  make([]bool, 0, n),
	}
}

// The view takes a profile from the stored fields of its bleve document
// (memIndex.set), on a write from the document written and on Open from
// the store, which so builds the view without parsing JSON or analysing
// text again. The fields it needs are stored as indexed (see newMapping).

// noTerm is the id, in a memEntry, of a term that the dictionary did not
// hold when the entry was made.
const noTerm = math.MaxUint32

// A memEntry is a profile made ready for the view: its slot's attributes
// and its terms, as dictionary ids where the dictionary held them. Open
// makes entries in parallel, which only reads the view, and inserts them
// one at a time.
type memEntry struct {
	sl      slot     // without terms and sectors
	sectors []uint16 // filter.NACEID of every NACE prefix of every sector
	terms   [numMem]memTerms
}

// memTerms are the terms of one field of a memEntry, in order.
type memTerms struct {
	ids   []uint32 // dictionary ids, noTerm for a term it did not hold
	fresh []string // the noTerm terms, in order
}

// reset empties e for the profile id, keeping the room of its lists.
func (e *memEntry) reset(id string) {
	// Kind and country are read from the fields; without them the
	// profile passes no filter on them, as in bleve.
	e.sl = slot{id: id, Attrs: filter.Unknown()}
	e.sectors = e.sectors[:0]
	for f := range e.terms {
		e.terms[f].ids, e.terms[f].fresh = e.terms[f].ids[:0], e.terms[f].fresh[:0]
	}
}

// space separates the terms of a stored field.
var space = []byte{' '}

// set fills the part of e that a stored field holds, which it does not
// keep. It only reads m, and m.dict alone.
func (m *memIndex) set(e *memEntry, field string, value []byte) {
	switch field {
	case fieldCountry:
		if c, ok := filter.Vocab().Country[string(value)]; ok {
			e.sl.Country = c
		}
	case fieldIndustry:
		m.setTerms(e, memIndustries, value)
	case fieldMarket:
		m.setTerms(e, memMarkets, value)
	case fieldOffers:
		m.setTerms(e, memOffers, value)
	case fieldNeeds:
		m.setTerms(e, memNeeds, value)
	case fieldTechnologies:
		m.setTerms(e, memTechnologies, value)
	case fieldCodes:
		if len(value) > 0 {
			for c := range bytes.SplitSeq(value, space) {
				e.setCode(c)
			}
		}
	}
}

// setTerms fills e's terms of view field f from a stored field, and the
// keywords of its slot.
func (m *memIndex) setTerms(e *memEntry, f int, value []byte) {
	if len(value) == 0 {
		return
	}
	t := &e.terms[f]
	key := make([]byte, 0, 64)
	for term := range bytes.SplitSeq(value, space) {
		key = append(append(key[:0], byte(f)), term...)
		id, ok := m.dict[string(key)]
		if !ok {
			id = noTerm
			t.fresh = append(t.fresh, string(term))
		}
		t.ids = append(t.ids, id)
		switch f {
		case memIndustries:
			if i, ok := filter.Vocab().Industry[string(term)]; ok {
				e.sl.Industries |= uint16(1) << i
			}
		case memMarkets:
			if i, ok := filter.Vocab().Country[string(term)]; ok {
				e.sl.Markets.Add(i)
			}
		}
	}
}

// setCode fills the part of e's slot that a term of fieldCodes holds.
func (e *memEntry) setCode(c []byte) {
	i := bytes.IndexByte(c, ':')
	if i < 0 {
		return
	}
	v := c[i+1:]
	switch string(c[:i+1]) {
	case codeKind:
		if k, ok := filter.Vocab().Kind[string(v)]; ok {
			e.sl.Kind = k
		}
	case codeLabel:
		e.sl.Label = filter.Vocab().Label[string(v)]
	case codeSector:
		// Written from a canonical code (and its prefixes) by mapping.go;
		// a stored profile's source is verified, these terms are not.
		if len(v) >= 1 && len(v) <= 6 && (len(v) == 1 || len(v) >= 3) {
			if id := filter.NACEID(string(v)); !slices.Contains(e.sectors, id) {
				e.sectors = append(e.sectors, id)
			}
		}
	case codeEcosystem:
		if b, ok := filter.Vocab().Ecosystem[string(v)]; ok {
			e.sl.Ecosystems |= uint16(1) << b
		}
	case codeCategory:
		if b, ok := filter.Vocab().Category[string(v)]; ok {
			e.sl.Categories |= 1 << b
		}
	case codeMembers + "0:", codeSMEs + "0:", codeFounded + "0:":
		n, _ := strconv.ParseInt(string(v), 16, 64) // level 0 holds the value
		switch string(c[:1]) {
		case codeMembers:
			e.sl.Members = int32(min(n, filter.MaxValue))
		case codeSMEs:
			e.sl.SMEs = int32(min(n, filter.MaxValue))
		case codeFounded:
			e.sl.Founded = int32(min(n, filter.MaxValue))
		}
	}
}

// loadMem builds the view from the stored fields of every profile in bi,
// the index in folder path, and passes every stored profile to load if it
// is set. Profiles are decoded and checked in parallel, chunk by chunk, and
// handed to load in order within the chunk; without load they are only
// checked where that is cheap (verifyStored).
func loadMem(ctx context.Context, bi bleve.Index, path string, load func(profile.Profile, int, int) error) (*memIndex, error) {
	s, err := openSnap(bi)
	if err != nil {
		return nil, err
	}
	defer s.close()
	refs, err := s.refs(ctx, false)
	if err != nil {
		return nil, err
	}
	m := newMem(len(refs))
	// A chunk is decoded in parallel while the one before is added to the
	// view, which is serial, and handed to load. Chunks start small: the
	// terms of a chunk reach the dictionary two chunks later (see fresh).
	var bufs [2][]loadSlot
	for b := range bufs {
		bufs[b] = make([]loadSlot, min(loadChunk, len(refs)))
		for i := range bufs[b] {
			ls := &bufs[b][i]
			ls.m = m
			if load != nil {
				ls.p = new(profile.Profile)
			}
			ls.visit = ls.field
		}
	}
	// The dictionary does not change while a chunk is decoded: terms it
	// lacks go to fresh, merged into it between two decodings.
	fresh := map[string]uint32{}
	var tfs []uint16 // see insert
	decode := func(part []docRef, b []loadSlot) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return parallel(len(part), func(i int) error {
			ls := &b[i]
			ls.reset(&part[i])
			err := s.visitChecked(path, &part[i], ls.visit)
			if err == nil && ls.err != nil {
				err = s.corrupt(path, part[i], fmt.Sprintf("stored profile %q: %v", part[i].id, ls.err))
			}
			return err
		})
	}
	var pending chan error // the decoding under way, which reads s
	defer func() {
		if pending != nil {
			<-pending
		}
	}()
	start := func(part []docRef, b []loadSlot) {
		ch := make(chan error, 1)
		pending = ch
		go func() { ch <- decode(part, b) }()
	}
	size := min(256, loadChunk)
	next := refs[:min(size, len(refs))]
	if len(next) > 0 {
		start(next, bufs[0])
	}
	for lo, k := 0, 0; len(next) > 0; k = 1 - k {
		part := next
		err := <-pending
		pending = nil
		if err != nil {
			return nil, err
		}
		maps.Copy(m.dict, fresh)
		clear(fresh)
		hi := lo + len(part)
		size = min(2*size, loadChunk)
		next = refs[hi:min(hi+size, len(refs))]
		if len(next) > 0 {
			start(next, bufs[1-k])
		}
		b := bufs[k]
		for i := range part {
			m.insert(&b[i].e, fresh, &tfs)
		}
		for i := range part {
			if load == nil {
				break
			}
			if err := load(*b[i].p, lo+i+1, len(refs)); err != nil {
				return nil, &loadError{err}
			}
		}
		lo = hi
	}
	maps.Copy(m.dict, fresh)
	m.fillPostings(tfs)
	return m, nil
}

// A loadSlot is where loadMem decodes one stored profile.
type loadSlot struct {
	m     *memIndex
	ref   *docRef // whose id the _id field gives
	e     memEntry
	p     *profile.Profile // the profile for Options.Load; nil without it
	err   error            // what is wrong with the stored profile
	visit fieldVisitor     // field, made once
}

func (ls *loadSlot) reset(ref *docRef) {
	ls.ref = ref
	ls.e.reset("")
	ls.err = errNoSource
	if ls.p != nil {
		*ls.p = profile.Profile{} // json.Unmarshal leaves absent fields as they are
	}
}

// field takes one stored field of the profile; zap gives _id first.
func (ls *loadSlot) field(field string, _ byte, value []byte, _ []uint64) bool {
	switch {
	case field == "_id":
		ls.ref.id = string(value)
		ls.e.sl.id = ls.ref.id
	case field != fieldSource:
		ls.m.set(&ls.e, field, value)
	case ls.p != nil:
		ls.err = decodeStored(value, ls.e.sl.id, ls.p)
	default:
		ls.err = verifyStored(value)
	}
	return true
}

// loadChunk is how many profiles loadMem decodes at a time; a variable
// for tests.
var loadChunk = 4096

// A loadError is an error of Options.Load, which Open returns as it is.
type loadError struct{ err error }

func (e *loadError) Error() string { return e.err.Error() }
func (e *loadError) Unwrap() error { return e.err }

// release drops the view's memory after Close.
func (m *memIndex) release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.dict, m.byID = map[string]uint32{}, map[string]uint32{}
	m.post, m.df, m.field, m.slots, m.kw, m.dead = nil, nil, nil, nil, nil, nil
	m.live, m.nDead, m.lenSum = 0, 0, [numMem]int64{}
	m.scratch = sync.Pool{}
}

// apply upserts docs and deletes ids, as one change.
func (m *memIndex) apply(upserts []*entry, deletes []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range deletes {
		m.kill(id)
	}
	var me memEntry
	for _, e := range upserts {
		m.kill(e.p.ID)
		me.reset(e.p.ID)
		e.stored.viewFields(func(field, value string) { m.set(&me, field, []byte(value)) })
		m.insert(&me, m.dict, nil)
	}
	if m.nDead > 4096 && m.nDead > m.live/4 {
		m.compact()
	}
}

// kill removes the live slot of id, if any.
func (m *memIndex) kill(id string) {
	s, ok := m.byID[id]
	if !ok {
		return
	}
	delete(m.byID, id)
	sl := &m.slots[s]
	for _, t := range sl.terms {
		m.df[t]--
	}
	for f := range numMem {
		m.lenSum[f] -= int64(sl.lens[f])
	}
	m.dead[s] = true
	m.live--
	m.nDead++
}

// insert appends a live slot for e. Terms that neither m.dict nor fresh
// holds are added to fresh, which is m.dict itself but while Open
// prepares entries concurrently (see loadMem). If tfs is not nil, the
// slot's postings are left to fillPostings: tfs receives their term
// frequencies, in the order of the slot's terms.
func (m *memIndex) insert(e *memEntry, fresh map[string]uint32, tfs *[]uint16) {
	s := uint32(len(m.slots))
	sl := e.sl
	n := 0
	for f := range numMem {
		n += len(e.terms[f].ids)
	}
	sl.terms = make([]uint32, 0, n)
	var base int
	if tfs != nil {
		base = len(*tfs)
		if cap(*tfs)-base < n {
			*tfs = slices.Grow(*tfs, max(n, base)) // doubling: it grows to every posting
		}
	}
	if len(e.sectors) > 0 {
		sl.Sectors = slices.Clone(e.sectors)
	}
	for f := range numMem {
		t := &e.terms[f]
		n := min(len(t.ids), math.MaxUint16)
		sl.lens[f] = uint16(n)
		m.lenSum[f] += int64(n)
		start, k := len(sl.terms), 0
		for _, id := range t.ids {
			if id == noTerm {
				id = m.termID(f, t.fresh[k], fresh)
				k++
			}
			if i := slices.Index(sl.terms[start:], id); i >= 0 {
				// a repeated term: count it in the posting added last
				var tf *uint16
				if tfs != nil {
					tf = &(*tfs)[base+start+i]
				} else {
					ps := m.post[id]
					tf = &ps[len(ps)-1].tf
				}
				if *tf < math.MaxUint16 {
					*tf++
				}
				continue
			}
			sl.terms = append(sl.terms, id)
			m.df[id]++
			if tfs != nil {
				*tfs = append(*tfs, 1)
				continue
			}
			m.post[id] = append(m.post[id], posting{slot: s, tf: 1, len: uint16(n)})
		}
	}
	sl.terms = slices.Clip(sl.terms)
	m.slots = append(m.slots, sl)
	m.kw = append(m.kw, kwAttrs{markets: sl.Markets, industries: sl.Industries, country: sl.Country})
	m.dead = append(m.dead, false)
	m.byID[sl.id] = s
	m.live++
}

// fillPostings makes the postings of every slot, inserted with their term
// frequencies in tfs (see insert), each list at its final size: a list
// grown by append while Open inserted slots was copied several times
// over, the most serial work of Open.
func (m *memIndex) fillPostings(tfs []uint16) {
	// One array for every term's postings: a hundred thousand terms
	// allocated one by one cost more than filling them. Each term's
	// slice is capped at its own part, so that a posting added later
	// moves it out rather than writing into the next term's.
	total := 0
	for id, ps := range m.post {
		total += len(ps) + int(m.df[id])
	}
	arena := make([]posting, 0, total)
	for id, ps := range m.post {
		n := len(arena)
		arena = append(arena, ps...)
		m.post[id] = arena[n : len(arena) : len(arena)+int(m.df[id])]
		arena = arena[:len(arena)+int(m.df[id])]
	}
	k := 0
	for s := range m.slots {
		sl := &m.slots[s]
		for _, id := range sl.terms {
			m.post[id] = append(m.post[id], posting{slot: uint32(s), tf: tfs[k], len: sl.lens[m.field[id]]})
			k++
		}
	}
}

// termID returns the id of term in field f, from m.dict or fresh, or
// a new one that it adds to fresh.
func (m *memIndex) termID(f int, term string, fresh map[string]uint32) uint32 {
	key := append(append(make([]byte, 0, len(term)+1), byte(f)), term...)
	if id, ok := m.dict[string(key)]; ok {
		return id
	}
	if id, ok := fresh[string(key)]; ok {
		return id
	}
	id := uint32(len(m.post))
	fresh[string(key)] = id
	m.post = append(m.post, nil)
	m.df = append(m.df, 0)
	m.field = append(m.field, uint8(f))
	return id
}

// compact drops dead slots and their postings and renumbers the rest.
func (m *memIndex) compact() {
	remap := make([]uint32, len(m.slots))
	var slots []slot
	var kw []kwAttrs
	for s := range m.slots {
		if m.dead[s] {
			remap[s] = math.MaxUint32
			continue
		}
		remap[s] = uint32(len(slots))
		slots = append(slots, m.slots[s])
		kw = append(kw, m.kw[s])
	}
	for t, ps := range m.post {
		out := ps[:0]
		for _, p := range ps {
			if r := remap[p.slot]; r != math.MaxUint32 {
				p.slot = r
				out = append(out, p)
			}
		}
		clear(ps[len(out):])
		m.post[t] = slices.Clip(out)
	}
	m.slots, m.kw = slots, kw
	m.dead = make([]bool, len(slots))
	for id, s := range m.byID {
		m.byID[id] = remap[s]
	}
	m.nDead = 0
	m.scratch = sync.Pool{} // sizes changed
}

// avgLen returns the mean length of field f over live profiles.
func (m *memIndex) avgLen(f int) float64 {
	if m.live == 0 {
		return 1
	}
	return max(1, float64(m.lenSum[f])/float64(m.live))
}

// lookup returns the term id of term in field f.
func (m *memIndex) lookup(f int, term string) (uint32, bool) {
	key := make([]byte, 0, len(term)+1)
	key = append(append(key, byte(f)), term...)
	id, ok := m.dict[string(key)]
	return id, ok
}
