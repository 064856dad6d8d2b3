package match

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

func TestZZDiag(t *testing.T) {
	ctx := context.Background()
	w, _ := synth.Generate(synth.Config{Seed: 11, Profiles: 6000})
	e, _ := Open("", Config{RefitDelay: -1, Known: w.History})
	e.Add(ctx, w.Profiles...)
	e.Refit(ctx)
	var nm, same, dups, nsol, hit, inPool, tot, better, cmpN, mean float64
	for _, tp := range w.Partnerships[:200] {
		q := ConsortiumQuery{Seeds: tp.Members[:1], Markets: tp.TargetMarkets, MinSize: len(tp.Members), MaxSize: len(tp.Members)}
		wt := ObjectiveWeights{Complementarity: envf("WC", 1), Coverage: envf("WV", 0.3), Market: envf("WM", 0.3), Diversity: envf("WD", 0.2), Redundancy: envf("WR", 1), Size: envf("WS", 0.3)}
		q.Weights = &wt
		p, err := e.planConsortium(q)
		if err != nil {
			continue
		}
		fs, _ := e.current(ctx)
		s, _ := fs.scorer(ctx, p.model)
		pool, _ := e.consortiumPool(ctx, p, s)
		nodes := append(slices.Clone(p.seeds), pool...)
		slices.SortFunc(nodes, func(a, b *profile.Profile) int { return cmp.Compare(a.ID, b.ID) })
		ids := []string{}
		for _, n := range nodes {
			ids = append(ids, n.ID)
		}
		all := true
		var planted []int
		for _, m := range tp.Members {
			k := slices.Index(ids, m)
			if m != tp.Members[0] {
				tot++
				if k >= 0 {
					inPool++
				}
			}
			if k < 0 {
				all = false
			} else {
				planted = append(planted, k)
			}
		}
		a, _ := pairMatrix(ctx, s, nodes, true)
		sim, _ := e.topicMatrix(ctx, fs, nodes)
		if os.Getenv("NOSIM") != "" {
			sim = nil
		}
		seed := make([]bool, len(nodes))
		seed[slices.Index(ids, tp.Members[0])] = true
		chain := p.chain
		if os.Getenv("NOCHAIN") != "" {
			chain = nil
		}
		in := newInstance(nodes, seed, a, sim, p.markets, chain, p.cons, p.weights)
		sols := in.alternatives(ctx, in.subproblems(), 1, false)
		if len(sols) > 0 {
			st := map[string]bool{}
			for _, m := range sols[0].members {
				if !seed[m] && slices.Contains(tp.Members, ids[m]) {
					hit++
				}
				if !seed[m] {
					nm++
					if w.Stages[ids[m]][:6] == w.Stages[tp.Members[0]][:6] {
						same++
					}
				}
				if st[w.Stages[ids[m]]] {
					dups++
					break
				}
				st[w.Stages[ids[m]]] = true
			}
			nsol++
		}
		if all && len(sols) > 0 {
			slices.Sort(planted)
			pv := in.value(planted)
			o, ok := in.objective(planted)
			cmpN++
			if pv > sols[0].value {
				better++
			}
			mean += o.Complementarity
			if false {
				bo, _ := in.objective(sols[0].members)
				fmt.Printf("planted %+v ok=%v\nfound   %+v\n", o, ok, bo)
			}
		}
	}
	fmt.Printf("recall %.3f dup %.3f same-ind %.3f ", hit/tot, dups/nsol, same/nm)
	fmt.Printf("pool recall %.3f; planted sets fully in pool %v, of which planted beats found: %v, mean planted comp %.3f\n", inPool/tot, cmpN, better, mean/cmpN)
}

func envf(k string, d float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(k), 64); err == nil {
		return v
	}
	return d
}
