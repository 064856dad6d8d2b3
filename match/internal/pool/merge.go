package pool

import "github.com/clustergo/partnermatch/profile"

// Sources are a query's candidates as the engine's retrievers found them,
// to be merged with the graph's at one version of the pool.
type Sources struct {
	// Text holds the ids of the text candidates, which passed the
	// query's filters when retrieved.
	Text []string
	// Screened holds the profiles of the model's screen as they were
	// fitted, which passed the filters as fitted, and Fitted the pool's
	// version when the fit's snapshot was taken.
	Screened []*profile.Profile
	Fitted   uint64
	// Graph is the most profiles the collaboration graph adds: a hub
	// with thousands of past partners must not swamp the candidates.
	Graph int
}

// Merge returns q's candidates: the text candidates, then the screened
// ones, then past partners and partners of partners of q (see
// neighbours), each once, never q itself, all passing keep, the query's
// filters. It reads one version of the pool, to which it reconciles the
// sources: a profile removed since it was retrieved is skipped, and a
// screened profile written since the fit is replaced by its current
// version if that passes keep. keep runs only where a source has not
// checked the filters on the current profile, which for most queries
// is on the graph's few.
func (p *Pool) Merge(q *profile.Profile, src Sources, keep func(*profile.Profile) bool) []*profile.Profile {
	out := make([]*profile.Profile, 0, len(src.Text)+len(src.Screened)+src.Graph)
	// Profiles are keyed by address: the sources share the pool's
	// pointers, and hashing a pointer is cheaper than an id.
	in := make(map[*profile.Profile]struct{}, cap(out))
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, id := range src.Text {
		if r, ok := p.byID[id]; ok && id != q.ID {
			out = append(out, p.rows[r])
			in[p.rows[r]] = struct{}{}
		}
	}
	// With no write since the fit the screened profiles are the current
	// ones; otherwise skip those removed since and check the filters
	// again on those changed since.
	current := p.version.Load() == src.Fitted
	var self *profile.Profile // the query as held, or nil
	if r, ok := p.byID[q.ID]; ok {
		self = p.rows[r]
	}
	for _, pr := range src.Screened {
		if !current {
			r, ok := p.byID[pr.ID]
			if !ok || p.rows[r] != pr && !keep(p.rows[r]) {
				continue
			}
			pr = p.rows[r]
		}
		// By address: reading the ids would cost a cache miss each. A
		// profile with the query's id that the pool does not hold (self
		// is nil) was removed since the fit, and skipped above.
		if pr == self {
			continue
		}
		if _, dup := in[pr]; !dup {
			out = append(out, pr)
			in[pr] = struct{}{}
		}
	}
	for _, pr := range p.neighbours(q, src.Graph) {
		if _, dup := in[pr]; !dup && keep(pr) {
			out = append(out, pr)
		}
	}
	return out
}
