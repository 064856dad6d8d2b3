package pool

import (
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// A graph maps each partnership id to the rows of the profiles that list
// it, so that past partners and partners of partners can join a query's
// candidates: retrieval is by text, and a past partner with little text
// in common would otherwise never be scored (the history signal ranks
// it).
type graph map[string][]int32

// add records the partnerships of pr, in row r; the caller holds the
// pool's write lock.
func (g graph) add(pr *profile.Profile, r int32) {
	for _, pid := range pr.Partnerships {
		if !slices.Contains(g[pid], r) {
			g[pid] = append(g[pid], r)
		}
	}
}

// remove forgets the partnerships of pr, in row r; the caller holds the
// pool's write lock.
func (g graph) remove(pr *profile.Profile, r int32) {
	for _, pid := range pr.Partnerships {
		rs := slices.DeleteFunc(g[pid], func(x int32) bool { return x == r })
		if len(rs) == 0 {
			delete(g, pid)
		} else {
			g[pid] = rs
		}
	}
}

// neighbours returns q's past partners, then their past partners,
// without q, at most limit, in a deterministic order: q's partnerships in
// turn, and each partnership's members in the order they joined it. The
// caller holds the read lock.
func (p *Pool) neighbours(q *profile.Profile, limit int) []*profile.Profile {
	if limit <= 0 || len(q.Partnerships) == 0 {
		return nil
	}
	seen := map[string]bool{q.ID: true}
	var out []*profile.Profile
	hop := func(pids []string) {
		for _, pid := range pids {
			for _, r := range p.graph[pid] {
				if len(out) == limit {
					return
				}
				if pr := p.rows[r]; !seen[pr.ID] {
					seen[pr.ID] = true
					out = append(out, pr)
				}
			}
		}
	}
	hop(q.Partnerships)
	for _, pr := range out[:len(out):len(out)] {
		hop(pr.Partnerships)
	}
	return out
}
