package match

import (
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// maxHistoryCandidates caps the profiles the collaboration graph adds to a
// candidate pool, so that a hub with thousands of past partners cannot
// swamp the pool.
const maxHistoryCandidates = 200

// A coGraph maps each partnership id to the profiles that list it, so that
// past partners and partners of partners can join the candidate pool: the
// index retrieves by text, and a past partner with little text in common
// would otherwise never be scored (the history signal ranks it).
type coGraph map[string][]string

// add records p's partnerships; the caller holds e.mu for writing.
func (g coGraph) add(p *profile.Profile) {
	for _, pid := range p.Partnerships {
		if !slices.Contains(g[pid], p.ID) {
			g[pid] = append(g[pid], p.ID)
		}
	}
}

// remove forgets p's partnerships; the caller holds e.mu for writing.
func (g coGraph) remove(p *profile.Profile) {
	for _, pid := range p.Partnerships {
		ms := slices.DeleteFunc(g[pid], func(id string) bool { return id == p.ID })
		if len(ms) == 0 {
			delete(g, pid)
		} else {
			g[pid] = ms
		}
	}
}

// historyNeighbours returns q's past partners, then their past partners,
// without q, at most limit, in a deterministic order (q's partnerships in
// turn, members in the order they were added); the caller holds e.mu for
// reading.
func (e *Engine) historyNeighbours(q *profile.Profile, limit int) []*profile.Profile {
	seen := map[string]bool{q.ID: true}
	var out []*profile.Profile
	hop := func(ps []string) {
		for _, pid := range ps {
			for _, id := range e.graph[pid] {
				if len(out) == limit {
					return
				}
				if !seen[id] {
					seen[id] = true
					out = append(out, e.profiles[id])
				}
			}
		}
	}
	hop(q.Partnerships)
	for _, p := range out[:len(out):len(out)] {
		hop(p.Partnerships)
	}
	return out
}
