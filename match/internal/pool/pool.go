// Package pool holds the engine's profiles in memory, one copy of each,
// and the collaboration graph between them, and gathers a query's
// candidates from the sources the engine retrieves with.
//
// A Pool changes by whole writes (Apply), each of which bumps its
// version under the write lock, so a reader that sees a version sees the
// profiles of that write and the graph built from them. Profiles are
// held by pointer and never changed in place: a write replaces the
// pointer. The pointers are the profiles' identity across the engine: a
// fit lists the profiles it was made on, and a profile of a fit is the
// current one exactly when the pool still holds the same pointer.
//
// Profiles live in rows, found by id. An upsert of an id keeps its row, a
// removal frees the row for a later new id, so the rows stay as many as
// the most profiles held at once; the graph links rows, not ids.
package pool

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/clustergo/partnermatch/profile"
)

// A Pool is the engine's profiles and their collaboration graph. It is
// safe for concurrent use, except Load, which fills a pool before it is
// shared.
type Pool struct {
	mu      sync.RWMutex
	byID    map[string]int32
	rows    []*profile.Profile // nil for a free row
	free    []int32            // free rows, reused last freed first
	graph   graph
	version atomic.Uint64 // bumped by every Apply, under mu
	writes  uint64        // the index's write count the profiles reflect
}

// New returns an empty pool.
func New() *Pool {
	return &Pool{byID: map[string]int32{}, graph: graph{}}
}

// Load adds p to a pool that no other goroutine uses yet, as Open reads
// the stored profiles; total is how many Open will add, so that the first
// call sizes the pool once. Loading bumps no version.
func (p *Pool) Load(pr *profile.Profile, total int) {
	if len(p.rows) == 0 && total > len(p.byID) {
		// Growing a map of a million entries step by step rehashes it
		// some twenty times and leaves each old table as garbage.
		p.byID = make(map[string]int32, total)
		p.rows = make([]*profile.Profile, 0, total)
	}
	// The store holds each id once: one map write, not a lookup first,
	// which made a tenth of Open's work in the pool.
	n, r := len(p.byID), int32(len(p.rows))
	p.byID[pr.ID] = r
	if len(p.byID) == n { // an id loaded twice after all: upsert it
		r = int32(slices.IndexFunc(p.rows, func(q *profile.Profile) bool { return q != nil && q.ID == pr.ID }))
		p.byID[pr.ID] = r
		p.put(pr)
		return
	}
	p.rows = append(p.rows, pr)
	p.graph.add(pr, r)
}

// SetWrites records the index's write count that a loaded pool reflects.
func (p *Pool) SetWrites(w uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writes = w
}

// Apply makes one write: it upserts the profiles ups (by pointer: the
// caller no longer changes them), removes the profiles of the ids dels
// (ids the pool does not hold are ignored), records the index's write
// count w and bumps the version.
func (p *Pool) Apply(w uint64, ups []*profile.Profile, dels []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range dels {
		r, ok := p.byID[id]
		if !ok {
			continue
		}
		p.graph.remove(p.rows[r], r)
		p.rows[r] = nil
		delete(p.byID, id)
		p.free = append(p.free, r)
	}
	for _, pr := range ups {
		p.put(pr)
	}
	p.writes = w
	p.version.Add(1) // under mu: a reader that sees the version sees the profiles
}

// put upserts pr; the caller holds mu for writing or owns the pool.
func (p *Pool) put(pr *profile.Profile) {
	r, ok := p.byID[pr.ID]
	switch {
	case ok:
		p.graph.remove(p.rows[r], r)
	case len(p.free) > 0:
		r = p.free[len(p.free)-1]
		p.free = p.free[:len(p.free)-1]
	default:
		r = int32(len(p.rows))
		p.rows = append(p.rows, nil)
	}
	p.rows[r] = pr
	p.byID[pr.ID] = r
	p.graph.add(pr, r)
}

// Version returns the number of writes applied.
func (p *Pool) Version() uint64 { return p.version.Load() }

// Len returns the number of profiles.
func (p *Pool) Len() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.byID)
}

// Get returns the profile of id. The caller must not change it.
func (p *Pool) Get(id string) (*profile.Profile, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	r, ok := p.byID[id]
	if !ok {
		return nil, false
	}
	return p.rows[r], true
}

// Lookup returns the profiles of ids, read at one version, with nil for
// an id the pool does not hold.
func (p *Pool) Lookup(ids []string) []*profile.Profile {
	out := make([]*profile.Profile, len(ids))
	p.mu.RLock()
	defer p.mu.RUnlock()
	for i, id := range ids {
		if r, ok := p.byID[id]; ok {
			out[i] = p.rows[r]
		}
	}
	return out
}

// A Snapshot is the pool's profiles at one version, sorted by id so that
// fits are reproducible.
type Snapshot struct {
	Profiles []*profile.Profile
	Version  uint64 // the pool's version
	Writes   uint64 // the index's write count it reflects
}

// Snapshot returns the current profiles, sorted by id.
func (p *Pool) Snapshot() Snapshot {
	p.mu.RLock()
	s := Snapshot{Profiles: make([]*profile.Profile, 0, len(p.byID)), Version: p.version.Load(), Writes: p.writes}
	for _, pr := range p.rows {
		if pr != nil {
			s.Profiles = append(s.Profiles, pr)
		}
	}
	p.mu.RUnlock()
	slices.SortFunc(s.Profiles, func(a, b *profile.Profile) int { return cmp.Compare(a.ID, b.ID) })
	return s
}

// SnapshotIn is Snapshot, taking the order from ids if they are exactly
// the current profiles' ids in increasing order (a kept fit's rows, which
// were a snapshot's): checking that costs less than sorting.
func (p *Pool) SnapshotIn(ids []string) Snapshot {
	p.mu.RLock()
	if len(ids) == len(p.byID) {
		ps := make([]*profile.Profile, len(ids))
		for i, id := range ids {
			r, ok := p.byID[id]
			if !ok || i > 0 && ids[i-1] >= id {
				ps = nil
				break
			}
			ps[i] = p.rows[r]
		}
		if ps != nil {
			defer p.mu.RUnlock()
			return Snapshot{Profiles: ps, Version: p.version.Load(), Writes: p.writes}
		}
	}
	p.mu.RUnlock()
	return p.Snapshot()
}

// Scan returns every profile that keep passes but the one of id skip, in
// no particular order: the candidates of an exact query.
func (p *Pool) Scan(keep func(*profile.Profile) bool, skip string) []*profile.Profile {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]*profile.Profile, 0, len(p.byID))
	for _, pr := range p.rows {
		if pr != nil && pr.ID != skip && keep(pr) {
			out = append(out, pr)
		}
	}
	return out
}
