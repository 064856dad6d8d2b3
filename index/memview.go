package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"

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
	id         string
	terms      []uint32 // dict ids of the profile's terms, for removal
	lens       [numMem]uint16
	sectors    []uint32 // interned NACE prefixes
	markets    countrySet
	categories uint64
	industries uint16
	ecosystems uint16
	country    uint8
	kind       uint8
	label      uint8
	members    int32
	smes       int32
	founded    int32
}

// kwAttrs are the keywords of a slot that Candidates scores, and its
// country, which most filters test, kept apart from the slot so that
// reading them costs one cache line.
type kwAttrs struct {
	markets    countrySet
	industries uint16
	country    uint8
}

// A memIndex is the in-memory candidate view.
type memIndex struct {
	mu      sync.RWMutex
	dict    map[string]uint32 // field byte + term -> term id
	post    [][]posting       // term id -> postings in slot order (dead slots included)
	df      []int32           // term id -> live profiles holding it
	field   []uint8           // term id -> view field
	slots   []slot
	kw      []kwAttrs // slot -> keyword attributes, dense for the scoring loop
	dead    []bool    // slot -> killed
	byID    map[string]uint32
	sectors map[string]uint32 // NACE prefix -> interned id
	live    int
	nDead   int
	lenSum  [numMem]int64 // sum of live field lengths

	scratch sync.Pool // *scratch
}

func newMem() *memIndex {
	return &memIndex{
		dict:    map[string]uint32{},
		byID:    map[string]uint32{},
		sectors: map[string]uint32{},
	}
}

// A memDoc is what the view takes of one profile.
type memDoc struct {
	id                                          string
	country, kind, label                        string
	members, smes, founded                      int
	sectors                                     []string // every NACE prefix of every sector
	industries, ecosystems, categories, markets []string
	offers, needs, technologies                 []string // analysed terms
}

// memDoc returns the view's part of e, which is analysed.
func (e *entry) memDoc() *memDoc {
	p := &e.p
	prefixes, _ := sectorTerms(p.Sectors)
	return &memDoc{
		id: p.ID, country: p.Country, kind: p.Kind, label: p.Label,
		members: p.Members, smes: p.SMEs, founded: p.Founded,
		sectors: prefixes, industries: p.Industries, ecosystems: p.Ecosystems,
		categories: p.Categories, markets: p.TargetMarkets,
		offers: e.text[textOffers], needs: e.text[textNeeds], technologies: e.text[textTechnologies],
	}
}

// set fills the part of d that a stored field holds. The fields the view
// needs are stored as indexed (see newMapping), so Open reads them
// without parsing JSON or analysing text again.
func (d *memDoc) set(field string, value []byte) {
	list := func() []string {
		if len(value) == 0 {
			return nil
		}
		return strings.Split(string(value), " ")
	}
	switch field {
	case "_id":
		d.id = string(value)
	case fieldCountry:
		d.country = string(value)
	case fieldIndustry:
		d.industries = list()
	case fieldMarket:
		d.markets = list()
	case fieldOffers:
		d.offers = list()
	case fieldNeeds:
		d.needs = list()
	case fieldTechnologies:
		d.technologies = list()
	case fieldCodes:
		for _, c := range list() {
			d.setCode(c)
		}
	}
}

// setCode fills the part of d that a term of fieldCodes holds.
func (d *memDoc) setCode(c string) {
	prefix, v, ok := strings.Cut(c, ":")
	if !ok {
		return
	}
	switch prefix + ":" {
	case codeKind:
		d.kind = v
	case codeLabel:
		d.label = v
	case codeSector:
		d.sectors = append(d.sectors, v)
	case codeEcosystem:
		d.ecosystems = append(d.ecosystems, v)
	case codeCategory:
		d.categories = append(d.categories, v)
	case codeMembers + "0:", codeSMEs + "0:", codeFounded + "0:":
		n, _ := strconv.ParseInt(v, 16, 64) // level 0 holds the value
		switch prefix[:1] {
		case codeMembers:
			d.members = int(n)
		case codeSMEs:
			d.smes = int(n)
		case codeFounded:
			d.founded = int(n)
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
	m := newMem()
	const chunk = 4096
	docs := make([]memDoc, chunk)
	var ps []profile.Profile
	if load != nil {
		ps = make([]profile.Profile, chunk)
	}
	for lo := 0; lo < len(refs); lo += chunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		part := refs[lo:min(lo+chunk, len(refs))]
		clear(docs)
		clear(ps)
		err := parallel(len(part), func(i int) error {
			derr := errNoSource
			err := s.visitChecked(path, part[i], func(field string, value []byte) {
				switch {
				case field != fieldSource:
					docs[i].set(field, value)
				case ps != nil:
					derr = decodeStored(value, part[i].id, &ps[i])
				default:
					derr = verifyStored(value)
				}
			})
			if err == nil && derr != nil {
				err = s.corrupt(path, part[i], fmt.Sprintf("stored profile %q: %v", part[i].id, derr))
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		m.mu.Lock()
		for i := range part {
			m.add(&docs[i])
		}
		m.mu.Unlock()
		for i := range part {
			if load == nil {
				break
			}
			if err := load(ps[i], lo+i+1, len(refs)); err != nil {
				return nil, &loadError{err}
			}
		}
	}
	return m, nil
}

// A loadError is an error of Options.Load, which Open returns as it is.
type loadError struct{ err error }

func (e *loadError) Error() string { return e.err.Error() }
func (e *loadError) Unwrap() error { return e.err }

// release drops the view's memory after Close.
func (m *memIndex) release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.dict, m.byID, m.sectors = map[string]uint32{}, map[string]uint32{}, map[string]uint32{}
	m.post, m.df, m.field, m.slots, m.kw, m.dead = nil, nil, nil, nil, nil, nil
	m.live, m.nDead, m.lenSum = 0, 0, [numMem]int64{}
	m.scratch = sync.Pool{}
}

// apply upserts docs and deletes ids, as one change.
func (m *memIndex) apply(upserts []*memDoc, deletes []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range deletes {
		m.kill(id)
	}
	for _, d := range upserts {
		m.kill(d.id)
		m.add(d)
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

// add appends a live slot for d.
func (m *memIndex) add(d *memDoc) {
	s := uint32(len(m.slots))
	sl := slot{
		id:         d.id,
		country:    tables().country[d.country],
		kind:       tables().kind[d.kind],
		label:      tables().label[d.label],
		members:    int32(min(d.members, numMax)),
		smes:       int32(min(d.smes, numMax)),
		founded:    int32(min(d.founded, numMax)),
		markets:    countriesOf(d.markets),
		industries: uint16(bitsOf(tables().industry, d.industries)),
		ecosystems: uint16(bitsOf(tables().ecosystem, d.ecosystems)),
		categories: bitsOf(tables().category, d.categories),
	}
	for _, pre := range d.sectors {
		id, ok := m.sectors[pre]
		if !ok {
			id = uint32(len(m.sectors))
			m.sectors[pre] = id
		}
		sl.sectors = append(sl.sectors, id)
	}
	fields := [numMem][]string{
		memOffers:       d.offers,
		memNeeds:        d.needs,
		memTechnologies: d.technologies,
		memIndustries:   d.industries,
		memMarkets:      d.markets,
	}
	key := make([]byte, 0, 32)
	for f, ts := range fields {
		n := min(len(ts), math.MaxUint16)
		sl.lens[f] = uint16(n)
		m.lenSum[f] += int64(n)
		start := len(sl.terms)
		for _, t := range ts {
			key = append(append(key[:0], byte(f)), t...)
			id, ok := m.dict[string(key)]
			if !ok {
				id = uint32(len(m.post))
				m.dict[string(key)] = id
				m.post = append(m.post, nil)
				m.df = append(m.df, 0)
				m.field = append(m.field, uint8(f))
			}
			if i := slices.Index(sl.terms[start:], id); i >= 0 {
				// a repeated term: count it in the posting added last
				ps := m.post[id]
				if ps[len(ps)-1].tf < math.MaxUint16 {
					ps[len(ps)-1].tf++
				}
				continue
			}
			sl.terms = append(sl.terms, id)
			m.post[id] = append(m.post[id], posting{slot: s, tf: 1, len: uint16(n)})
			m.df[id]++
		}
	}
	sl.terms = slices.Clip(sl.terms)
	m.slots = append(m.slots, sl)
	m.kw = append(m.kw, kwAttrs{markets: sl.markets, industries: sl.industries, country: sl.country})
	m.dead = append(m.dead, false)
	m.byID[d.id] = s
	m.live++
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
