package benchmarks

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// An Env is what rankers rank with in one fold: an in-memory engine
// holding a data set's profiles, fitted with the fold's known
// partnerships, and the collaboration graph of the profiles' Partnerships
// fields that the history baselines walk. Build one with NewEnv; it is safe
// for concurrent use.
type Env struct {
	// Engine holds the profiles; rankers query it.
	Engine *match.Engine

	ids   []string // profile ids, sorted
	index map[string]int
	prof  []*profile.Profile // in order of ids
	adj   [][]edge           // collaboration graph: neighbours by index, ascending
	deg   []int              // number of partnerships per profile
}

// An edge joins two profiles that shared n partnerships.
type edge struct {
	to int32
	n  int32
}

// EnvConfig tunes NewEnv. The zero value is ready to use.
type EnvConfig struct {
	// Models are the engine's models. Nil means score.Models().
	Models []score.Model
	// Pool is the engine's candidate pool (match.Config.Pool). Zero means
	// the engine's default.
	Pool int
	// Seed seeds the engine's randomised fits.
	Seed uint64
}

// NewEnv opens an in-memory engine (no background refits) with the
// profiles and known partnerships and builds the collaboration graph.
// Models are fitted on first use.
func NewEnv(ctx context.Context, profiles []profile.Profile, known []profile.Partnership, cfg EnvConfig) (*Env, error) {
	eng, err := match.Open("", match.Config{Models: cfg.Models, Known: known, Seed: cfg.Seed, Pool: cfg.Pool, RefitDelay: -1})
	if err != nil {
		return nil, fmt.Errorf("benchmarks: %w", err)
	}
	const chunk = 5000 // below match.Config.MaxBatch's default
	for i := 0; i < len(profiles); i += chunk {
		if err := eng.Add(ctx, profiles[i:min(i+chunk, len(profiles))]...); err != nil {
			eng.Close()
			return nil, fmt.Errorf("benchmarks: %w", err)
		}
	}
	e := &Env{Engine: eng, index: map[string]int{}}
	for _, p := range profiles {
		e.ids = append(e.ids, p.ID)
	}
	slices.Sort(e.ids)
	e.prof = make([]*profile.Profile, len(e.ids))
	for i, id := range e.ids {
		e.index[id] = i
		p, _ := eng.Get(id)
		e.prof[i] = &p
	}
	e.buildGraph()
	return e, nil
}

// Close closes the engine.
func (e *Env) Close() error { return e.Engine.Close() }

// Len returns the number of profiles.
func (e *Env) Len() int { return len(e.ids) }

// Profile returns the profile with the given id, as the engine normalised
// it, or nil.
func (e *Env) Profile(id string) *profile.Profile {
	if i, ok := e.index[id]; ok {
		return e.prof[i]
	}
	return nil
}

// buildGraph joins every two profiles that list the same partnership.
func (e *Env) buildGraph() {
	members := map[string][]int32{}
	e.deg = make([]int, len(e.ids))
	for i, p := range e.prof {
		e.deg[i] = len(p.Partnerships)
		for _, id := range p.Partnerships {
			members[id] = append(members[id], int32(i))
		}
	}
	nbrs := make([][]int32, len(e.ids))
	for _, ms := range members {
		for _, a := range ms {
			for _, b := range ms {
				if a != b {
					nbrs[a] = append(nbrs[a], b)
				}
			}
		}
	}
	e.adj = make([][]edge, len(e.ids))
	for i, ns := range nbrs {
		slices.Sort(ns)
		for j := 0; j < len(ns); {
			k := j
			for k < len(ns) && ns[k] == ns[j] {
				k++
			}
			e.adj[i] = append(e.adj[i], edge{to: ns[j], n: int32(k - j)})
			j = k
		}
		nbrs[i] = nil
	}
}

// A Scored is one ranked profile.
type Scored struct {
	ID    string
	Score float64 // higher is better; comparable within one ranking only
}

// top returns the depth best of the scored profiles (by index), best
// first, ties in order of id.
func (e *Env) top(scores map[int32]float64, depth int) []Scored {
	out := make([]Scored, 0, len(scores))
	for i, s := range scores {
		out = append(out, Scored{ID: e.ids[i], Score: s})
	}
	sortScored(out)
	return out[:min(depth, len(out))]
}

// sortScored sorts best first, ties in order of id, as the engine does.
func sortScored(s []Scored) {
	slices.SortFunc(s, func(a, b Scored) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
}
