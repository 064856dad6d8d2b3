package event

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/clustergo/partnermatch/profile"
)

// cheapBound returns an upper bound on the value of any schedule of the
// instance, the least of two relaxations that each cost a sort:
//
//   - by participant: each meeting is in two agendas, and participant p
//     holds at most capacity(p) meetings, so the value is at most half
//     the sum over participants of the capacity(p) heaviest values of
//     their schedulable requests;
//   - by table: slot s holds at most min(tables, available participants
//     / 2) meetings, so the value is at most the sum of that many
//     heaviest values.
func cheapBound(in *instance) float64 {
	ws := make([][]float64, len(in.ids))
	var all []float64
	for i := range in.reqs {
		q := &in.reqs[i]
		if !in.schedulable(q) {
			continue
		}
		ws[q.a] = append(ws[q.a], q.w)
		ws[q.b] = append(ws[q.b], q.w)
		all = append(all, q.w)
	}
	desc := func(x, y float64) int { return cmp.Compare(y, x) }
	var byPart float64
	for p, w := range ws {
		slices.SortFunc(w, desc)
		for _, v := range w[:min(in.capacity(p), len(w))] {
			byPart += v
		}
	}
	slices.SortFunc(all, desc)
	var byTable float64
	for _, v := range all[:min(in.slotCapacity()[0].meetings, len(all))] {
		byTable += v
	}
	return min(byPart/2, byTable)
}

// capacity returns the meetings participant p can hold: its caps, and
// per session the slots it can attend.
func (in *instance) capacity(p int) int {
	perSess := make([]int, in.sessions)
	for s, sl := range in.slots {
		if in.avail[p][s] {
			perSess[sl.session]++
		}
	}
	c := 0
	for _, n := range perSess {
		c += min(n, in.capSess[p])
	}
	return min(c, in.cap[p])
}

// A seatClass is the requests that need at least seats seats, and the
// meetings of them that the event can hold: over the slots, the tables
// that seat them or half the participants available, whichever is less.
type seatClass struct{ seats, meetings int }

// slotCapacity returns the seat classes of the schedulable requests,
// smallest first; the first holds every request.
func (in *instance) slotCapacity() []seatClass {
	needs := []int{0}
	for i := range in.reqs {
		if q := &in.reqs[i]; in.schedulable(q) {
			needs = append(needs, q.need)
		}
	}
	slices.Sort(needs)
	needs = slices.Compact(needs)
	if len(needs) > 1 {
		needs = needs[1:] // the least need seats every request
	}
	avail := make([]int, len(in.slots))
	for p := range in.ids {
		for s := range in.slots {
			if in.avail[p][s] {
				avail[s]++
			}
		}
	}
	out := make([]seatClass, len(needs))
	for k, c := range needs {
		tables := 0
		for _, seats := range in.seats {
			if seats >= c {
				tables++
			}
		}
		out[k].seats = c
		for s := range in.slots {
			out[k].meetings += min(tables, avail[s]/2)
		}
	}
	return out
}

// lagrangianBound returns an upper bound on the value of any schedule of
// the instance, at most the by-table bound of cheapBound and usually
// well below both of its bounds: the Lagrangian relaxation of the
// participants' capacities.
//
// Let x_r ∈ {0, 1} say whether request r is placed, w_r its value, and
// c_p = capacity(p). Every schedule satisfies
//
//	(P) Σ_{r∋p} x_r ≤ c_p for every participant p, and
//	(T) Σ_{r: need_r ≥ c} x_r ≤ M_c for every seat class c,
//
// M_c being the meetings of class c the slots can hold (slotCapacity):
// at each slot, a meeting takes a table that seats it and two available
// participants. For multipliers λ_p ≥ 0 and any schedule x,
//
//	Σ w_r x_r ≤ Σ w_r x_r + Σ_p λ_p (c_p − Σ_{r∋p} x_r)   (by (P), λ ≥ 0)
//	          = Σ_p λ_p c_p + Σ_r (w_r − λ_a − λ_b) x_r
//	          ≤ Σ_p λ_p c_p + max { Σ_r d_r y_r : y ∈ {0,1}, y satisfies (T) } =: L(λ),
//
// with d_r = w_r − λ_a − λ_b for r between a and b, as x satisfies
// (T). The sets that satisfy (T) are the independent sets of a laminar
// matroid (the classes are nested), so the greedy choice, requests by
// d_r descending while positive and while every class they are in has
// room, attains the maximum: L(λ) is exact for each λ, and every one is
// a bound. With λ = 0 it is the heaviest requests up to the tables, the
// by-table bound with seat classes. Subgradient steps (g_p = c_p −
// Σ_{r∋p} y_r, Polyak steps towards target, a value a schedule
// reaches) lower it for at most iterations steps; the least L seen is
// returned. The steps are deterministic.
//
// The same argument holds for any fractional x in the polytope of
// LPBound's program (its per-slot rows sum to (T), up to rounding half
// the available participants down), so L(λ) is at least the LP bound
// whenever that rounding does not bind.
func lagrangianBound(in *instance, target float64, iterations int) float64 {
	classes := in.slotCapacity()
	type cand struct {
		a, b, class int
		w           float64
	}
	var reqs []cand
	for i := range in.reqs {
		q := &in.reqs[i]
		if !in.schedulable(q) {
			continue
		}
		k := 0
		for k+1 < len(classes) && classes[k+1].seats <= q.need {
			k++
		}
		reqs = append(reqs, cand{a: q.a, b: q.b, class: k, w: q.w})
	}
	n := len(in.ids)
	caps := make([]float64, n)
	for p := range n {
		caps[p] = float64(in.capacity(p))
	}
	lambda := make([]float64, n)
	deg := make([]float64, n)
	used := make([]int, len(classes))
	type pick struct {
		d float64
		i int32
	}
	order := make([]pick, 0, len(reqs))
	// eval sets deg to the chosen requests' degrees and returns L(λ).
	eval := func() float64 {
		L := 0.0
		for p := range n {
			L += lambda[p] * caps[p]
		}
		order = order[:0]
		for i := range reqs {
			r := &reqs[i]
			if d := r.w - lambda[r.a] - lambda[r.b]; d > 0 {
				order = append(order, pick{d, int32(i)})
			}
		}
		slices.SortFunc(order, func(x, y pick) int {
			if x.d != y.d {
				if x.d > y.d {
					return -1
				}
				return 1
			}
			return int(x.i - y.i)
		})
		clear(deg)
		clear(used)
	next:
		for _, o := range order {
			r := &reqs[o.i]
			for k := range r.class + 1 {
				if used[k] >= classes[k].meetings {
					continue next
				}
			}
			for k := range r.class + 1 {
				used[k]++
			}
			L += o.d
			deg[r.a]++
			deg[r.b]++
		}
		return L
	}
	best := eval()
	theta, stale := 2.0, 0
	for range iterations {
		L := eval()
		if L < best-1e-9 {
			best, stale = L, 0
		} else if stale++; stale >= 5 {
			theta, stale = theta/2, 0
		}
		norm := 0.0
		for p := range n {
			g := caps[p] - deg[p]
			if g < 0 || lambda[p] > 0 { // a λ at zero with slack stays at zero
				norm += g * g
			}
		}
		if norm == 0 || L-target <= 1e-9 || theta < 1e-4 {
			break // y satisfies (P) with complementary slackness, or the target is met
		}
		step := theta * (L - target) / norm
		for p := range n {
			lambda[p] = max(0, lambda[p]-step*(caps[p]-deg[p]))
		}
	}
	return best
}

// bound returns the least of the bounds that scale, with target a value
// that some schedule reaches, to aim the Lagrangian's steps.
func bound(in *instance, target float64) float64 {
	return min(cheapBound(in), lagrangianBound(in, target, lagrangianIterations))
}

// lagrangianIterations caps the subgradient steps of the bound: each
// costs a sort of the requests.
const lagrangianIterations = 200

// MaxLPVariables caps the variables of LPBound, one per schedulable
// request and slot that both its participants can attend: gonum's
// simplex works on a dense matrix of the constraints by the variables
// and slacks, with Bland's rule, and its time grows steeply with them
// (twice the cap took tens of seconds).
const MaxLPVariables = 300

// Bound returns the upper bound of Plan.Bound for the event as it
// stands: no schedule's Value exceeds it. It is the least of the
// relaxations that scale (see the package doc); it costs a first-fit
// schedule, whose value aims the Lagrangian's steps, and a bounded
// number of sorts of the requests.
func (ev *Event) Bound(cfg Config) float64 {
	cfg = cfg.withDefaults()
	ev.mu.Lock()
	in := compile(cloneSpec(ev.spec), slices.Clone(ev.reqs), cfg.MutualBonus)
	ev.mu.Unlock()
	cfg.Method = FirstFit
	st := newState(context.Background(), in, cfg)
	_, _ = st.solve() // a background context does not end
	return bound(in, st.value)
}

// LPBound returns a tighter upper bound on the value of any schedule of
// the event, for small events: the optimum of the linear relaxation of
// the schedule's integer program (x[r,s] in [0, 1] for request r in
// slot s; per request at most one slot, per participant and slot at most
// one meeting, the caps, and per slot at most as many meetings needing
// c seats as tables seating c), solved by gonum's simplex. Events with
// more than MaxLPVariables variables are refused with a
// *profile.LimitError (matching profile.ErrTooLarge); the simplex does
// not take a context, and that limit bounds its time. It returns the
// context's error if ctx has ended before it starts.
func (ev *Event) LPBound(ctx context.Context, cfg Config) (float64, error) {
	cfg = cfg.withDefaults()
	ev.mu.Lock()
	in := compile(cloneSpec(ev.spec), slices.Clone(ev.reqs), cfg.MutualBonus)
	ev.mu.Unlock()
	return lpBound(ctx, in)
}

func lpBound(ctx context.Context, in *instance) (float64, error) {
	type v struct{ r, s int }
	var vars []v
	for r := range in.reqs {
		q := &in.reqs[r]
		if !q.usable || q.need > in.maxSeats {
			continue
		}
		for s := range in.slots {
			if in.avail[q.a][s] && in.avail[q.b][s] {
				vars = append(vars, v{r, s})
			}
		}
	}
	if len(vars) > MaxLPVariables {
		return 0, fmt.Errorf("event: lp bound: %w", &profile.LimitError{Field: "variables", Len: len(vars), Max: MaxLPVariables})
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if len(vars) == 0 {
		return 0, nil
	}
	var rows [][]int // the variables of each ≤ row
	var rhs []float64
	add := func(cols []int, b int) {
		if len(cols) > b { // a row no set of its variables can break is left out
			rows, rhs = append(rows, cols), append(rhs, float64(b))
		}
	}
	byReq := map[int][]int{}
	byPartSlot := map[[2]int][]int{}
	byPart := map[int][]int{}
	byPartSess := map[[2]int][]int{}
	bySlot := map[int][]int{}
	for j, x := range vars {
		q := &in.reqs[x.r]
		se := in.slots[x.s].session
		byReq[x.r] = append(byReq[x.r], j)
		bySlot[x.s] = append(bySlot[x.s], j)
		for _, p := range []int{q.a, q.b} {
			byPartSlot[[2]int{p, x.s}] = append(byPartSlot[[2]int{p, x.s}], j)
			byPart[p] = append(byPart[p], j)
			byPartSess[[2]int{p, se}] = append(byPartSess[[2]int{p, se}], j)
		}
	}
	// Rows in a fixed order, so that the simplex's pivots are reproducible.
	for _, r := range slices.Sorted(maps.Keys(byReq)) {
		rows, rhs = append(rows, byReq[r]), append(rhs, 1) // every variable is in one: no zero column
	}
	for _, k := range sortedPairs(byPartSlot) {
		add(byPartSlot[k], 1)
	}
	for _, p := range slices.Sorted(maps.Keys(byPart)) {
		add(byPart[p], in.cap[p])
	}
	for _, k := range sortedPairs(byPartSess) {
		add(byPartSess[k], in.capSess[k[0]])
	}
	needs := map[int]bool{}
	for _, x := range vars {
		needs[in.reqs[x.r].need] = true
	}
	for _, s := range slices.Sorted(maps.Keys(bySlot)) {
		for _, c := range slices.Sorted(maps.Keys(needs)) {
			var cols []int
			for _, j := range bySlot[s] {
				if in.reqs[vars[j].r].need >= c {
					cols = append(cols, j)
				}
			}
			tables := 0
			for _, seats := range in.seats {
				if seats >= c {
					tables++
				}
			}
			add(cols, tables)
		}
	}
	// Standard form: [G I][x; slack] = h, x, slack ≥ 0, minimising -w·x;
	// the slacks are a feasible first basis (x = 0).
	m, n := len(rows), len(vars)
	A := mat.NewDense(m, n+m, nil)
	c := make([]float64, n+m)
	for j, x := range vars {
		c[j] = -in.reqs[x.r].w
	}
	basic := make([]int, m)
	for i, cols := range rows {
		for _, j := range cols {
			A.Set(i, j, 1)
		}
		A.Set(i, n+i, 1)
		basic[i] = n + i
	}
	opt, _, err := lp.Simplex(c, A, rhs, 1e-10, basic)
	if err != nil {
		return 0, fmt.Errorf("event: lp bound: %v", err)
	}
	return -opt, nil
}

func sortedPairs(m map[[2]int][]int) [][2]int {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(x, y [2]int) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	return keys
}
