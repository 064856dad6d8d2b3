package benchmarks

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
)

// A Ranker ranks candidate partners for one profile of an Env.
type Ranker interface {
	// Name identifies the ranker in reports.
	Name() string
	// Rank returns up to depth profiles other than id, best first (ties
	// in order of id), with their scores. It must be deterministic.
	Rank(ctx context.Context, env *Env, id string, depth int) ([]Scored, error)
}

// Model ranks with one of the engine's score models through
// match.Engine.Partners.
type Model struct {
	// Model is the model's name in the engine (score.Model.Name).
	Model string
	// Exact scores every profile (match.Query.Exact); otherwise only the
	// index's candidate pool is scored, as in production.
	Exact bool
}

// Name returns the model's name, with " (pool)" for the candidate path.
func (m Model) Name() string {
	if m.Exact {
		return m.Model
	}
	return m.Model + " (pool)"
}

// Rank returns the engine's partners.
func (m Model) Rank(ctx context.Context, env *Env, id string, depth int) ([]Scored, error) {
	ms, err := env.Engine.Partners(ctx, match.Query{ID: id, Limit: depth, Model: m.Model, Exact: m.Exact})
	if err != nil {
		return nil, fmt.Errorf("benchmarks: %s: %w", m.Name(), err)
	}
	out := make([]Scored, len(ms))
	for i, x := range ms {
		out[i] = Scored{ID: x.ID, Score: x.Score}
	}
	return out, nil
}

// Random ranks all profiles in a random order drawn from Seed and the
// query's id: the floor every ranker must beat.
type Random struct{ Seed uint64 }

// Name returns "random".
func (Random) Name() string { return "random" }

// Rank orders the profiles by a hash of (Seed, id, candidate).
func (r Random) Rank(_ context.Context, env *Env, id string, depth int) ([]Scored, error) {
	h := fnv.New64a()
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], r.Seed)
	h.Write(buf[:])
	h.Write([]byte(id))
	h.Write([]byte{0})
	base := h.Sum64()
	out := make([]Scored, 0, env.Len())
	for _, c := range env.ids {
		if c == id {
			continue
		}
		x := base
		for i := 0; i < len(c); i++ { // FNV-1a continued over the candidate's id
			x = (x ^ uint64(c[i])) * 1099511628211
		}
		x ^= x >> 33 // finalise, so that similar ids spread
		x *= 0xff51afd7ed558ccd
		x ^= x >> 33
		out = append(out, Scored{ID: c, Score: float64(x>>11) / (1 << 53)})
	}
	sortScored(out)
	return out[:min(depth, len(out))], nil
}

// Popularity ranks profiles by their number of partnerships (the length of
// their Partnerships field), the same list for every query.
type Popularity struct{}

// Name returns "popularity".
func (Popularity) Name() string { return "popularity" }

// Rank returns the profiles with most partnerships.
func (Popularity) Rank(_ context.Context, env *Env, id string, depth int) ([]Scored, error) {
	out := make([]Scored, 0, env.Len())
	for i, c := range env.ids {
		if c != id && env.deg[i] > 0 {
			out = append(out, Scored{ID: c, Score: float64(env.deg[i])})
		}
	}
	sortScored(out)
	return out[:min(depth, len(out))], nil
}

// FullText ranks profiles by plain bleve full-text similarity: the query
// profile's text (name, description, technologies, offers, needs) as a
// portal search (match.Engine.Search), scored with BM25. This is what a
// keyword search finds: similar organisations.
type FullText struct{}

// Name returns "fulltext".
func (FullText) Name() string { return "fulltext" }

// Rank searches for the profile's text.
func (FullText) Rank(ctx context.Context, env *Env, id string, depth int) ([]Scored, error) {
	p := env.Profile(id)
	if p == nil {
		return nil, fmt.Errorf("benchmarks: fulltext: %q: %w", id, match.ErrUnknownProfile)
	}
	res, err := env.Engine.Search(ctx, index.SearchRequest{Query: p.Text(), Lang: p.Language, Size: depth + 1})
	if err != nil {
		return nil, fmt.Errorf("benchmarks: fulltext: %w", err)
	}
	out := make([]Scored, 0, len(res.Hits))
	for _, h := range res.Hits {
		if h.ID != id {
			out = append(out, Scored{ID: h.ID, Score: h.Score})
		}
	}
	return out[:min(depth, len(out))], nil
}

// PastPartners ranks the profile's past partners (profiles listing one of
// its partnerships) by the number of partnerships shared. Others are not
// ranked.
type PastPartners struct{}

// Name returns "past-partners".
func (PastPartners) Name() string { return "past-partners" }

// Rank returns the past partners.
func (PastPartners) Rank(_ context.Context, env *Env, id string, depth int) ([]Scored, error) {
	i, ok := env.index[id]
	if !ok {
		return nil, fmt.Errorf("benchmarks: past-partners: %q: %w", id, match.ErrUnknownProfile)
	}
	out := make([]Scored, len(env.adj[i]))
	for j, e := range env.adj[i] {
		out[j] = Scored{ID: env.ids[e.to], Score: float64(e.n)}
	}
	sortScored(out)
	return out[:min(depth, len(out))], nil
}

// PartnersOfPartners ranks profiles by their number of common past partners
// with the query's profile (the common-neighbours index of link prediction;
// Liben-Nowell and Kleinberg 2007). Past partners that share none are not
// ranked, nor are profiles without a common partner.
type PartnersOfPartners struct{}

// Name returns "partners-of-partners".
func (PartnersOfPartners) Name() string { return "partners-of-partners" }

// Rank counts the common neighbours.
func (PartnersOfPartners) Rank(_ context.Context, env *Env, id string, depth int) ([]Scored, error) {
	i, ok := env.index[id]
	if !ok {
		return nil, fmt.Errorf("benchmarks: partners-of-partners: %q: %w", id, match.ErrUnknownProfile)
	}
	counts := map[int32]float64{}
	for _, z := range env.adj[i] {
		for _, c := range env.adj[z.to] {
			if int(c.to) != i {
				counts[c.to]++
			}
		}
	}
	return env.top(counts, depth), nil
}

// Baselines returns the simple rankers the models are compared with:
// random (seeded), popularity, fulltext, past-partners and
// partners-of-partners.
func Baselines(seed uint64) []Ranker {
	return []Ranker{Random{Seed: seed}, Popularity{}, FullText{}, PastPartners{}, PartnersOfPartners{}}
}

// IsBaseline reports whether r is one of the simple rankers of Baselines
// rather than a score model.
func IsBaseline(r Ranker) bool {
	_, model := r.(Model)
	return !model
}

// Models returns a Model ranker for each name.
func Models(names []string, exact bool) []Ranker {
	out := make([]Ranker, len(names))
	for i, n := range names {
		out[i] = Model{Model: n, Exact: exact}
	}
	return out
}
