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
//     holds at most c(p) meetings (its caps, overall and per session, and
//     its available slots), so the value is at most half the sum over
//     participants of the c(p) heaviest values of their schedulable
//     requests;
//   - by table: slot s holds at most min(tables, available participants
//     / 2) meetings, so the value is at most the sum of that many
//     heaviest values.
func cheapBound(in *instance) float64 {
	ws := make([][]float64, len(in.ids))
	var all []float64
	for i := range in.reqs {
		q := &in.reqs[i]
		if !q.usable || q.need > in.maxSeats || !in.common(q) {
			continue
		}
		ws[q.a] = append(ws[q.a], q.w)
		ws[q.b] = append(ws[q.b], q.w)
		all = append(all, q.w)
	}
	desc := func(x, y float64) int { return cmp.Compare(y, x) }
	var byPart float64
	perSess := make([]int, in.sessions)
	for p, w := range ws {
		clear(perSess)
		for s, sl := range in.slots {
			if in.avail[p][s] {
				perSess[sl.session]++
			}
		}
		c := 0
		for _, n := range perSess {
			c += min(n, in.capSess[p])
		}
		c = min(c, in.cap[p])
		slices.SortFunc(w, desc)
		for _, v := range w[:min(c, len(w))] {
			byPart += v
		}
	}
	meetings := 0
	for s := range in.slots {
		n := 0
		for p := range in.ids {
			if in.avail[p][s] {
				n++
			}
		}
		meetings += min(len(in.tables), n/2)
	}
	slices.SortFunc(all, desc)
	var byTable float64
	for _, v := range all[:min(meetings, len(all))] {
		byTable += v
	}
	return min(byPart/2, byTable)
}

// MaxLPVariables caps the variables of LPBound, one per schedulable
// request and slot that both its participants can attend: gonum's
// simplex works on a dense matrix of the constraints by the variables
// and slacks, with Bland's rule, and its time grows steeply with them
// (twice the cap took tens of seconds).
const MaxLPVariables = 300

// Bound returns the cheap upper bound of Plan.Bound for the event as it
// stands: no schedule's Value exceeds it. It costs a sort of the
// requests.
func (ev *Event) Bound(cfg Config) float64 {
	cfg = cfg.withDefaults()
	ev.mu.Lock()
	in := compile(cloneSpec(ev.spec), slices.Clone(ev.reqs), cfg.MutualBonus)
	ev.mu.Unlock()
	return cheapBound(in)
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
