package match

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// consortiumPool returns the candidates of a consortium plan: the union
// of the seeds' candidate pools, taken in turn, up to p.pool; with
// p.exact, the p.pool profiles passing the filters that are most
// complementary to the seeds (mean score, ties by id).
func (e *Engine) consortiumPool(ctx context.Context, p *consortiumPlan, s score.Scorer) ([]*profile.Profile, error) {
	skip := func(c *profile.Profile) bool {
		return p.exclude[c.ID] || slices.ContainsFunc(p.seeds, func(s *profile.Profile) bool { return s.ID == c.ID })
	}
	if p.exact {
		all, err := e.candidates(ctx, p.seeds[0], p.filters, s, 0, 0, true)
		if err != nil {
			return nil, wrapIndexErr("consortium", err)
		}
		all = slices.DeleteFunc(all, skip)
		slices.SortFunc(all, func(a, b *profile.Profile) int { return cmp.Compare(a.ID, b.ID) })
		mean := make([]float64, len(all))
		row := make([]float64, len(all))
		for _, sp := range p.seeds {
			if err := chunked(ctx, s, sp, all, row); err != nil {
				return nil, err
			}
			for i, v := range row {
				mean[i] += v
			}
		}
		order := make([]int, len(all))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(mean[b], mean[a]) })
		out := make([]*profile.Profile, 0, min(p.pool, len(all)))
		for _, i := range order[:min(p.pool, len(all))] {
			out = append(out, all[i])
		}
		return out, nil
	}
	exclude := sortedKeys(p.exclude)
	for _, sp := range p.seeds {
		exclude = append(exclude, sp.ID)
	}
	weights := poolWeights()
	retrieve := func(q *profile.Profile, n int) ([]*profile.Profile, error) {
		cs, err := e.idx.Candidates(ctx, q, index.CandidateOptions{N: n, Filters: p.filters, ExcludeIDs: exclude, Weights: &weights})
		if err != nil {
			return nil, wrapIndexErr("consortium", err)
		}
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		out := e.pool.Lookup(ids)
		return slices.DeleteFunc(out, func(cp *profile.Profile) bool { return cp == nil }), nil // one removed meanwhile is skipped
	}
	var lists [][]*profile.Profile
	for _, sp := range p.seeds {
		l, err := retrieve(sp, 2*p.pool)
		if err != nil {
			return nil, err
		}
		lists = append(lists, l)
	}
	// Second hop: the candidates of each seed's best complements, so that
	// organisations two steps away in a value chain are found too.
	var hops []*profile.Profile
	for i, sp := range p.seeds {
		l := lists[i][:min(len(lists[i]), hopScan)]
		sc := make([]float64, len(l))
		score.Batch(s, sp, l, sc)
		order := make([]int, len(l))
		for k := range order {
			order[k] = k
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sc[b], sc[a]) })
		// The best complements of distinct stages, for a wider reach.
		var keys []string
		for _, k := range order {
			key := stageKey(l[k])
			if len(keys) == hopsPerSeed || slices.Contains(keys, key) || slices.Contains(hops, l[k]) {
				continue
			}
			keys = append(keys, key)
			hops = append(hops, l[k])
		}
	}
	for _, h := range hops {
		l, err := retrieve(h, p.pool)
		if err != nil {
			return nil, err
		}
		lists = append(lists, l)
	}
	// Take the lists in turn, at most quota candidates of one stage and
	// quota rivals of a seed (doing what it does); fill what is left with
	// the candidates the quotas held back.
	quota := max(4, p.pool/poolStageShare)
	perStage, rivals := map[string]int{}, 0
	seen := map[string]bool{}
	var out, held []*profile.Profile
	for k := 0; len(out) < p.pool; k++ {
		more := false
		for _, l := range lists {
			if k >= len(l) {
				continue
			}
			more = true
			c := l[k]
			if seen[c.ID] || len(out) == p.pool {
				continue
			}
			seen[c.ID] = true
			key := stageKey(c)
			rival := slices.ContainsFunc(p.seeds, func(s *profile.Profile) bool { return sameWork(s, c) >= rivalLevel })
			if key != "" && perStage[key] >= quota || rival && rivals >= quota {
				held = append(held, c)
				continue
			}
			perStage[key]++
			if rival {
				rivals++
			}
			out = append(out, c)
		}
		if !more {
			break
		}
	}
	return append(out, held[:min(len(held), p.pool-len(out))]...), nil
}

// poolStageShare is the inverse of the largest share of the candidate
// pool one stage may take.
const poolStageShare = 20

// rivalLevel is the overlap of stages, tags and needs (sameWork) from
// which a candidate counts as a rival of a seed.
const rivalLevel = 0.5

// sameWork returns the noisy-or of the Jaccard similarities of the stages,
// the technology and offer tags, and the needs of p and q: the part of
// the redundancy r(p, q) that needs no text model.
func sameWork(p, q *profile.Profile) float64 {
	v := 1.0
	for _, f := range []func(*profile.Profile) []string{stagesOf, tagsOf, needsOf} {
		v *= 1 - jaccardStrings(f(p), f(q))
	}
	return 1 - v
}

// jaccardStrings is jaccard for short lists of distinct strings.
func jaccardStrings(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// stageKey is the first stage of p, "" if it has none.
func stageKey(p *profile.Profile) string {
	if st := stagesOf(p); len(st) > 0 {
		return st[0]
	}
	return ""
}

// Second-hop retrieval: the hopsPerSeed candidates scoring best with a
// seed among its first hopScan are asked for their candidates too.
const (
	hopsPerSeed = 3
	hopScan     = 50
)

// poolWeights weigh the kinds of match of consortium candidates:
// complementarity only, with shared industries and technologies as small
// tie-breakers. Technologies, which the index weighs highly by default,
// mostly find organisations doing the same thing as the query, and a
// consortium has room for one of those at most.
func poolWeights() index.Weights {
	return index.Weights{NeedsOffers: 1, OffersNeeds: 1, Technologies: 0.1, Industries: 0.2}
}

// pairMatrix returns the symmetric n×n matrix of pairwise scores of
// nodes with s, clamped into [0, 1] (NaN as 0), with a zero diagonal. For
// a symmetric model each pair is scored once; otherwise both directions
// are, and averaged. Rows are scored on GOMAXPROCS goroutines.
func pairMatrix(ctx context.Context, s score.Scorer, nodes []*profile.Profile, sym bool) ([]float64, error) {
	n := len(nodes)
	raw := make([]float64, n*n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, max(1, runtime.GOMAXPROCS(0))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if sym {
					score.Batch(s, nodes[i], nodes[i+1:], raw[i*n+i+1:(i+1)*n])
				} else {
					score.Batch(s, nodes[i], nodes, raw[i*n:(i+1)*n])
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a := make([]float64, n*n)
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := raw[i*n+j]
			if !sym {
				v = (v + raw[j*n+i]) / 2
			}
			if v != v { // NaN breaks the Scorer contract; count it as 0
				v = 0
			}
			v = min(1, max(0, v))
			a[i*n+j], a[j*n+i] = v, v
		}
	}
	return a, nil
}

// topicMatrix returns the LSA cosines of every pair of nodes: how much two
// organisations write about the same thing. It uses the built-in lsa
// model with its defaults (see [consortiumFit]).
func topicMatrix(ctx context.Context, fs *fitState, nodes []*profile.Profile) ([]float64, error) {
	m := score.LSA{}
	s, err := consortiumFit(ctx, fs, m)
	if err != nil {
		return nil, err
	}
	return pairMatrix(ctx, s, nodes, score.IsSymmetric(m))
}

// explainer returns the scorer whose evidence names the needs one member
// meets for another: the built-in reciprocal model with its defaults
// (see [consortiumFit]).
func explainer(ctx context.Context, fs *fitState) (score.Scorer, error) {
	s, err := consortiumFit(ctx, fs, score.Reciprocal{})
	if err != nil {
		return nil, fmt.Errorf("match: consortium: %w", err)
	}
	return s, nil
}

// consortiumFit fits one of the models that the consortium objective is
// defined with on the engine's corpus. They are the built-in defaults
// whatever the engine serves under their names, so that a consortium's
// similarity and the needs it names mean the same in every configuration,
// and the engine looks no model up by name. The corpus memoises built-in
// fits, so an engine that serves the defaults (as it does unless its
// Config says otherwise) fits each once for both uses; the fit is not
// kept among the served models, where it would stand in for a model of
// the same name.
func consortiumFit(ctx context.Context, fs *fitState, m score.Model) (score.Scorer, error) {
	s, err := m.Fit(ctx, fs.corpus)
	if err != nil {
		return nil, fmt.Errorf("fit %s: %w", m.Name(), err)
	}
	return s, nil
}

// describe turns a solution into a Consortium.
func (in *instance) describe(sol solution, ex score.Scorer) Consortium {
	ms := slices.Clone(sol.members)
	slices.SortFunc(ms, func(x, y int) int {
		return cmp.Or(-cmp.Compare(b2i(in.seed[x]), b2i(in.seed[y])), cmp.Compare(in.ids[x], in.ids[y]))
	})
	obj, _ := in.objective(ms)
	c := Consortium{Objective: obj, Optimal: sol.optimal}
	mask := allMarkets()
	var sectors, stages, countries []string
	for _, i := range ms {
		mask = mask.and(in.mk[i])
		sectors = append(sectors, in.nodes[i].Divisions()...)
		stages = append(stages, stagesIn(in.nodes[i], in.chain)...)
		countries = append(countries, in.countries[in.country[i]])
	}
	for m, code := range in.markets {
		if mask.has(m) {
			c.Markets = append(c.Markets, code)
		}
	}
	c.Sectors, c.Stages, c.Countries = sortedSet(sectors), sortedSet(stages), sortedSet(countries)
	meeting := 0
	for _, i := range ms {
		p := in.nodes[i]
		m := Member{ID: p.ID, Profile: p.Clone(), Seed: in.seed[i], Stages: stagesIn(p, in.chain)}
		for _, j := range ms {
			if j != i {
				m.Meets = append(m.Meets, needsMet(ex, in.nodes[j], p)...)
			}
		}
		slices.SortFunc(m.Meets, func(a, b NeedMet) int {
			return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.For, b.For), cmp.Compare(a.Need, b.Need))
		})
		if len(m.Meets) > 0 {
			meeting++
			best := m.Meets[0]
			m.Role = fmt.Sprintf("offers %q for %s's need %q", best.Offer, best.For, best.Need)
		} else if len(m.Stages) > 0 {
			m.Role = "brings " + joinAnd(m.Stages)
		} else {
			m.Role = "meets no stated need of another member"
		}
		c.Members = append(c.Members, m)
	}
	c.Summary = consortiumSummary(&c, meeting)
	return c
}

// needsMet returns the needs of needer that offerer meets, with a cosine
// of at least claimCos, one per need.
func needsMet(ex score.Scorer, needer, offerer *profile.Profile) []NeedMet {
	var out []NeedMet
	for _, ev := range evidence(score.Explain(ex, needer, offerer)) {
		if ev.Kind != score.EvidenceNeed || ev.Value < claimCos ||
			!slices.Contains(needer.Needs, ev.Query) ||
			!slices.Contains(offerer.Offers, ev.Candidate) && !slices.Contains(offerer.Technologies, ev.Candidate) {
			continue
		}
		k := slices.IndexFunc(out, func(n NeedMet) bool { return n.Need == ev.Query })
		switch {
		case k < 0:
			out = append(out, NeedMet{For: needer.ID, Need: ev.Query, Offer: ev.Candidate, Value: ev.Value})
		case ev.Value > out[k].Value:
			out[k].Offer, out[k].Value = ev.Candidate, ev.Value
		}
	}
	return out
}

func consortiumSummary(c *Consortium, meeting int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d partners from %s", len(c.Members), joinAnd(c.Countries))
	if len(c.Markets) > 0 {
		names := make([]string, len(c.Markets))
		for i, m := range c.Markets {
			names[i] = countryName(m)
		}
		b.WriteString(", all targeting " + joinAnd(names))
	} else {
		b.WriteString(", with no shared target market")
	}
	fmt.Fprintf(&b, "; %d value-chain stages in %d sectors (%s)", len(c.Stages), len(c.Sectors), strings.Join(c.Sectors, ", "))
	switch meeting {
	case len(c.Members):
		b.WriteString("; every member meets a need of another.")
	case 0:
		b.WriteString("; no member clearly meets a stated need of another.")
	default:
		fmt.Fprintf(&b, "; %d of %d members meet a need of another.", meeting, len(c.Members))
	}
	return b.String()
}

func sortedSet(xs []string) []string {
	slices.Sort(xs)
	return slices.Compact(xs)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
