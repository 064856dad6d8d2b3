package match

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

// randInstance draws a small consortium problem: n nodes, the first seeds
// of them seeds (in distinct countries, sharing market 0), pair scores
// uniform in [0, 1], a third of the pairs redundant, 2 to 6 countries, 1
// to 3 markets, and 1 or 2 sectors and stages per node out of 8 and 12.
func randInstance(r *rand.Rand, n, seeds int, cons constraints, wt ObjectiveWeights) *instance {
	in := &instance{n: n, seed: make([]bool, n), a: make([]float64, n*n), r: make([]float64, n*n),
		country: make([]int32, n), mk: make([]mset, n)}
	nc, nm := 2+r.IntN(5), 1+r.IntN(3)
	for c := range max(nc, seeds) {
		in.countries = append(in.countries, fmt.Sprintf("C%d", c))
	}
	for m := range nm {
		in.markets = append(in.markets, fmt.Sprintf("M%d", m))
	}
	for i := range n {
		in.ids = append(in.ids, fmt.Sprintf("n%03d", i))
		in.country[i] = int32(r.IntN(nc))
		for _, k := range []struct{ kind, of int }{{featSectors, 8}, {featStages, 12}} {
			fs := []int32{int32(r.IntN(k.of))}
			if f := int32(r.IntN(k.of)); r.IntN(2) == 0 && f != fs[0] {
				fs = append(fs, f)
			}
			in.feats[k.kind] = append(in.feats[k.kind], fs)
		}
		for m := range nm {
			if r.IntN(2) == 0 {
				in.mk[i].add(m)
			}
		}
		if in.mk[i].empty() {
			in.mk[i].add(r.IntN(nm))
		}
	}
	for i := range seeds {
		in.seed[i] = true
		in.country[i] = int32(i)
		in.mk[i].add(0)
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			a := r.Float64()
			in.a[i*n+j], in.a[j*n+i] = a, a
			if r.IntN(3) == 0 {
				v := r.Float64()
				in.r[i*n+j], in.r[j*n+i] = v, v
			}
		}
	}
	in.finish(cons, wt)
	return in
}

// randCons draws constraints for randInstance.
func randCons(r *rand.Rand, seeds int) constraints {
	c := constraints{min: max(2+r.IntN(2), seeds), perCountry: 1 + r.IntN(2), minCountries: r.IntN(4), needMarket: r.IntN(2) == 0}
	c.max = c.min + r.IntN(3)
	c.minCountries = min(c.minCountries, c.max)
	return c
}

func nonSeeds(in *instance) []int {
	var out []int
	for i := range in.n {
		if !in.seed[i] {
			out = append(out, i)
		}
	}
	return out
}

// bruteForce returns the best value over every set of seeds and
// candidates, -Inf if none meets the constraints.
func bruteForce(in *instance, cands []int) float64 {
	best := math.Inf(-1)
	for mask := range 1 << len(cands) {
		ms := slices.Clone(in.seeds)
		for k, x := range cands {
			if mask&(1<<k) != 0 {
				ms = append(ms, x)
			}
		}
		if len(ms) < in.cons.min || len(ms) > in.cons.max {
			continue
		}
		best = max(best, in.value(ms))
	}
	return best
}

// plainGreedy is greedy without lazy evaluation: every step evaluates
// every candidate.
func plainGreedy(in *instance, st *state, cands []int) {
	for {
		must := !st.complete()
		bx, best := -1, math.Inf(-1)
		for _, x := range cands {
			if st.addable(x) {
				if g, _ := st.gain(x); g > best {
					bx, best = x, g
				}
			}
		}
		if bx < 0 || !must && best <= eps {
			return
		}
		st.push(bx)
	}
}

func TestStateMatchesObjective(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for k := range 200 {
		in := randInstance(r, 12, r.IntN(3), randCons(r, 2), DefaultObjectiveWeights())
		st := in.newState()
		order := r.Perm(in.n)[:1+r.IntN(6)]
		for _, x := range order {
			st.push(x)
			o, _ := in.objective(st.members)
			require.InDelta(t, o.Value, st.value(), 1e-9, "instance %d: incremental value after pushing %v", k, st.members)
		}
		for range order {
			st.pop()
		}
		assert.Zero(t, st.value(), "instance %d: value after popping everything", k)
		assert.Zero(t, st.ncountries, "instance %d: countries after popping everything", k)
	}
}

func TestLazyGreedyIsGreedy(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	lazier := 0
	for k := range 300 {
		seeds := r.IntN(3)
		in := randInstance(r, 10+r.IntN(40), seeds, randCons(r, seeds), DefaultObjectiveWeights())
		cands := nonSeeds(in)
		lazy, plain := in.newState(), in.newState()
		for _, s := range in.seeds {
			lazy.push(s)
			plain.push(s)
		}
		evals := in.greedy(lazy, cands, nil)
		plainGreedy(in, plain, cands)
		require.Equal(t, plain.members, lazy.members, "instance %d (n=%d, %+v): lazy and plain greedy", k, in.n, in.cons)
		if evals < len(cands)*max(1, len(lazy.members)-seeds) {
			lazier++
		}
	}
	assert.Greater(t, lazier, 150, "lazy evaluation saves evaluations on most instances")
}

func TestExactIsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	feasible := 0
	for k := range 300 {
		seeds := r.IntN(3)
		in := randInstance(r, seeds+4+r.IntN(9), seeds, randCons(r, seeds), DefaultObjectiveWeights())
		cands := nonSeeds(in)
		want := bruteForce(in, cands)
		got, ok := in.exact(context.Background(), cands, nil, nil)
		if math.IsInf(want, -1) {
			assert.False(t, ok, "instance %d (%+v): exact finds %v, brute force nothing", k, in.cons, got)
			continue
		}
		feasible++
		require.True(t, ok, "instance %d (%+v): brute force finds %v, exact nothing", k, in.cons, want)
		assert.InDelta(t, want, in.value(got), 1e-9, "instance %d (%+v): exact value", k, in.cons)
		if h, ok := in.heuristic(cands, nil); ok {
			assert.LessOrEqual(t, in.value(h), want+1e-9, "instance %d: heuristic beats the optimum", k)
			// With the heuristic as incumbent, exact must still find the optimum.
			g, _ := in.exact(context.Background(), cands, nil, h)
			assert.InDelta(t, want, in.value(g), 1e-9, "instance %d: exact with incumbent", k)
		}
	}
	assert.Greater(t, feasible, 150, "most random instances are feasible")
}

func TestHeuristicMeetsConstraints(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for k := range 300 {
		seeds := r.IntN(3)
		in := randInstance(r, 10+r.IntN(60), seeds, randCons(r, seeds), DefaultObjectiveWeights())
		ms, ok := in.heuristic(nonSeeds(in), nil)
		if !ok {
			continue
		}
		_, feasible := in.objective(ms)
		assert.True(t, feasible, "instance %d (%+v): %v breaks a constraint", k, in.cons, ms)
		for _, s := range in.seeds {
			assert.Contains(t, ms, s, "instance %d: seed %d kept", k, s)
		}
	}
}

func TestAlternativesDistinct(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for k := range 50 {
		cons := constraints{min: 3, max: 4, perCountry: 1, minCountries: 3, needMarket: true}
		in := randInstance(r, 40, 1, cons, DefaultObjectiveWeights())
		subs := in.subproblems()
		sols := in.alternatives(context.Background(), subs, 4, false)
		keys := map[string]bool{}
		for i, s := range sols {
			assert.False(t, keys[s.key], "instance %d: alternative %d repeats %q", k, i, s.key)
			keys[s.key] = true
			if i > 0 {
				assert.GreaterOrEqual(t, sols[i-1].value, s.value, "instance %d: alternatives best first", k)
			}
			_, ok := in.objective(s.members)
			assert.True(t, ok, "instance %d: alternative %d feasible", k, i)
		}
	}
}

func TestPartitionDisjoint(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for k := range 40 {
		cons := constraints{min: 3, max: 3 + r.IntN(3), perCountry: 1, minCountries: 3, needMarket: r.IntN(2) == 0}
		in := randInstance(r, 20+r.IntN(40), 0, cons, DefaultObjectiveWeights())
		parts, left := in.partition(context.Background())
		seen := map[int]int{}
		for _, ms := range parts {
			_, ok := in.objective(ms)
			assert.True(t, ok, "instance %d: consortium %v feasible", k, ms)
			for _, x := range ms {
				seen[x]++
			}
		}
		for _, x := range left {
			seen[x]++
		}
		for x := range in.n {
			assert.Equal(t, 1, seen[x], "instance %d: node %d placed once or left once", k, x)
		}
	}
}

func TestStagesIn(t *testing.T) {
	p := &profile.Profile{Industries: []string{"blue-growth", "logistical-services"}, Sectors: []string{"C30.11", "H52.22", "C", "C30.12"}}
	for _, tc := range []struct {
		name  string
		chain []string
		want  []string
	}{
		{"no chain: first industry", nil, []string{"blue-growth/C30.1", "blue-growth/H52.2"}},
		{"chain of the second industry", []string{"logistical-services"}, []string{"logistical-services/C30.1", "logistical-services/H52.2"}},
		{"chain of neither", []string{"digital-industries"}, []string{"blue-growth/C30.1", "blue-growth/H52.2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, stagesIn(p, tc.chain))
		})
	}
	assert.Equal(t, []string{"C30.1"}, stagesOf(&profile.Profile{Sectors: []string{"C30.11"}}), "no industry: the group alone")
}

// TestAnchorPutsSeedsFirst builds one seed s with two strong partners x
// and y that barely fit each other, and two weaker partners u and v that
// fit each other perfectly: complementarity alone takes {s, u, v} (2.0
// against 1.9 over the three pairs), the anchor the seed's own best.
func TestAnchorPutsSeedsFirst(t *testing.T) {
	const s, x, y, u, v = 0, 1, 2, 3, 4
	pairs := map[[2]int]float64{{s, x}: 0.9, {s, y}: 0.9, {x, y}: 0.1, {s, u}: 0.5, {s, v}: 0.5, {u, v}: 1}
	tests := []struct {
		name   string
		anchor float64
		want   []int
	}{
		{"complementarity alone", 0, []int{s, u, v}},
		{"anchor 1", 1, []int{s, x, y}},
		{"default anchor", DefaultObjectiveWeights().Anchor, []int{s, x, y}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 5
			in := &instance{n: n, seed: []bool{true, false, false, false, false}, a: make([]float64, n*n), r: make([]float64, n*n),
				country: []int32{0, 1, 2, 3, 4}, mk: make([]mset, n)}
			for i := range n {
				in.ids = append(in.ids, fmt.Sprintf("n%d", i))
				in.feats[featSectors] = append(in.feats[featSectors], nil)
				in.feats[featStages] = append(in.feats[featStages], nil)
			}
			for p, a := range pairs {
				in.a[p[0]*n+p[1]], in.a[p[1]*n+p[0]] = a, a
			}
			in.finish(constraints{min: 3, max: 3, perCountry: 1}, ObjectiveWeights{Complementarity: 1, Anchor: tt.anchor})
			got, ok := in.exact(context.Background(), nonSeeds(in), nil, nil)
			require.True(t, ok, "a consortium of three exists")
			slices.Sort(got)
			assert.Equal(t, tt.want, got, "members")
			o, _ := in.objective(got)
			assert.InDelta(t, o.Complementarity+o.Anchor, o.Value, 1e-12, "value is the sum of its parts")
			h, ok := in.heuristic(nonSeeds(in), nil)
			require.True(t, ok, "heuristic finds a consortium")
			slices.Sort(h)
			assert.Equal(t, tt.want, h, "heuristic members")
		})
	}
}
