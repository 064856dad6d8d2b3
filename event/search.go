package event

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
)

// A state is a schedule under construction.
type state struct {
	ctx  context.Context
	in   *instance
	cfg  Config
	at   [][]int32 // participant × slot -> request placed there, or -1
	occ  [][]int32 // slot × table -> request placed there, or -1
	slot []int32   // request -> slot, or -1
	tab  []int32   // request -> table, or -1
	cnt  []int     // participant -> meetings
	// free is, by slot, the meetings it can still hold: its free tables
	// or half its available participants not in a meeting there,
	// whichever is less; left is their sum. (A break holds none.)
	free []int
	left int
	room [][]int32 // slot × table level -> free tables
	// budget is what is left of the tentative moves allowed for the
	// request being placed by local search (Config.MaxEjections).
	budget int
	open   []int  // scratch of blockers
	sess   []int  // participant × session -> meetings
	pin    []bool // request -> fixed by Reschedule (or for the span of a move)
	// floor is each participant's fairness floor.
	floor []int
	value float64
	// undo logs the changes of a tentative move, to roll it back.
	undo    []change
	logging bool
	work    int // changes since the last check of the context
	err     error
}

// A change placed (or, when unplace, removed) request r at slot s and
// table t.
type change struct {
	r, s, t int32
	unplace bool
}

func newState(ctx context.Context, in *instance, cfg Config) *state {
	n, S, T := len(in.ids), len(in.slots), len(in.tables)
	st := &state{ctx: ctx, in: in, cfg: cfg,
		at: make([][]int32, n), occ: make([][]int32, S),
		slot: make([]int32, len(in.reqs)), tab: make([]int32, len(in.reqs)),
		cnt: make([]int, n), free: make([]int, S), sess: make([]int, n*in.sessions), pin: make([]bool, len(in.reqs)),
		floor: make([]int, n)}
	flat := make([]int32, n*S+S*T) // one allocation for both tables
	for i := range flat {
		flat[i] = -1
	}
	for p := range n {
		st.at[p] = flat[p*S : (p+1)*S : (p+1)*S]
	}
	for s := range S {
		st.occ[s] = flat[n*S+s*T : n*S+(s+1)*T : n*S+(s+1)*T]
	}
	for i := range in.reqs {
		st.slot[i], st.tab[i] = -1, -1
	}
	L := len(in.levels)
	rooms := make([]int32, S*L)
	st.room = make([][]int32, S)
	for s := range S {
		n := 0
		for p := range in.ids {
			if in.avail[p][s] {
				n++
			}
		}
		st.free[s] = min(T, n/2)
		st.left += st.free[s]
		st.room[s] = rooms[s*L : (s+1)*L : (s+1)*L]
		for j := range L {
			st.room[s][j] = int32(in.levelAt[j+1] - in.levelAt[j])
		}
	}
	// The floor counts the requests that could be placed alone.
	for i := range in.reqs {
		if r := &in.reqs[i]; st.in.schedulable(r) {
			st.floor[r.a]++
			st.floor[r.b]++
		}
	}
	for p := range st.floor {
		st.floor[p] = min(st.floor[p], cfg.Fairness, in.capacity(p))
	}
	return st
}

// place puts unplaced request r at slot s and table t.
func (st *state) place(r, s, t int) {
	q := &st.in.reqs[r]
	st.at[q.a][s], st.at[q.b][s] = int32(r), int32(r)
	st.occ[s][t] = int32(r)
	st.free[s]--
	st.room[s][st.in.level[t]]--
	st.left--
	st.slot[r], st.tab[r] = int32(s), int32(t)
	se := st.in.slots[s].session
	st.cnt[q.a]++
	st.cnt[q.b]++
	st.sess[q.a*st.in.sessions+se]++
	st.sess[q.b*st.in.sessions+se]++
	st.value += q.w
	if st.logging {
		st.undo = append(st.undo, change{r: int32(r), s: int32(s), t: int32(t)})
	}
	st.work++
}

// unplace removes placed request r.
func (st *state) unplace(r int) {
	q := &st.in.reqs[r]
	s, t := int(st.slot[r]), int(st.tab[r])
	st.at[q.a][s], st.at[q.b][s] = -1, -1
	st.occ[s][t] = -1
	st.free[s]++
	st.room[s][st.in.level[t]]++
	st.left++
	st.slot[r], st.tab[r] = -1, -1
	se := st.in.slots[s].session
	st.cnt[q.a]--
	st.cnt[q.b]--
	st.sess[q.a*st.in.sessions+se]--
	st.sess[q.b*st.in.sessions+se]--
	st.value -= q.w
	if st.logging {
		st.undo = append(st.undo, change{r: int32(r), s: int32(s), t: int32(t), unplace: true})
	}
	st.work++
}

// begin starts a tentative move; commit keeps it, rollback undoes it.
func (st *state) begin() int { st.logging = true; return len(st.undo) }

func (st *state) commit(mark int) {
	// Inside an outer move the changes stay logged, for it to undo.
	if mark == 0 {
		st.undo, st.logging = st.undo[:0], false
	}
}

func (st *state) rollback(mark int) {
	logging := st.logging
	st.logging = false
	for i := len(st.undo) - 1; i >= mark; i-- {
		c := st.undo[i]
		if c.unplace {
			st.place(int(c.r), int(c.s), int(c.t))
		} else {
			st.unplace(int(c.r))
		}
	}
	st.undo = st.undo[:mark]
	st.logging = logging && mark > 0
}

// fits reports whether unplaced request r may go to slot s but for the
// table: both available and free, and under their caps.
func (st *state) fits(r, s int) bool {
	q := &st.in.reqs[r]
	in := st.in
	if !in.avail[q.a][s] || !in.avail[q.b][s] || st.at[q.a][s] >= 0 || st.at[q.b][s] >= 0 {
		return false
	}
	se := in.slots[s].session
	return st.cnt[q.a] < in.cap[q.a] && st.cnt[q.b] < in.cap[q.b] &&
		st.sess[q.a*in.sessions+se] < in.capSess[q.a] && st.sess[q.b*in.sessions+se] < in.capSess[q.b]
}

// table returns the smallest free table at slot s that seats need, or -1.
func (st *state) table(s, need int) int {
	in := st.in
	for j, seats := range in.levels {
		if seats < need || st.room[s][j] == 0 {
			continue
		}
		for t := in.levelAt[j]; t < in.levelAt[j+1]; t++ {
			if st.occ[s][t] < 0 {
				return t
			}
		}
	}
	return -1
}

// roomFor reports whether slot s has a free table that seats need.
func (st *state) roomFor(s, need int) bool {
	for j := len(st.in.levels) - 1; j >= 0 && st.in.levels[j] >= need; j-- {
		if st.room[s][j] > 0 {
			return true
		}
	}
	return false
}

// gaps returns participant p's idle slots between its first and last
// meeting of session se, breaks not counted, with slot extra (if ≥ 0)
// counted as a meeting.
func (st *state) gaps(p, se, extra, without int) int {
	first, last, busy, brk := -1, -1, 0, 0
	lo, hi := st.in.first[se], st.in.first[se+1]
	for s := lo; s < hi; s++ {
		if (st.at[p][s] >= 0 && s != without) || s == extra {
			if first < 0 {
				first = s
			}
			last, busy = s, busy+1
		}
	}
	if first < 0 {
		return 0
	}
	for s := first; s <= last; s++ {
		if st.in.slots[s].brk {
			brk++
		}
	}
	return last - first + 1 - busy - brk
}

// span returns the first and last slot of p's meetings in session se,
// or -1, -1.
func (st *state) span(p, se int) (int, int) {
	first, last := -1, -1
	for s := st.in.first[se]; s < st.in.first[se+1]; s++ {
		if st.at[p][s] >= 0 {
			if first < 0 {
				first = s
			}
			last = s
		}
	}
	return first, last
}

// added returns the gaps that a meeting at free slot s adds to a
// participant whose meetings of the session span first to last.
func (st *state) added(s, first, last int) int {
	var lo, hi int
	switch {
	case first < 0:
		return 0
	case s > first && s < last:
		return -1 // it fills a gap
	case s < first:
		lo, hi = s+1, first
	default:
		lo, hi = last+1, s
	}
	n := 0
	for x := lo; x < hi; x++ {
		if !st.in.slots[x].brk {
			n++
		}
	}
	return n
}

// cost is what placing r at slot s adds to its participants' gaps.
func (st *state) cost(r, s int) int {
	q := &st.in.reqs[r]
	se := st.in.slots[s].session
	fa, la := st.span(q.a, se)
	fb, lb := st.span(q.b, se)
	return st.added(s, fa, la) + st.added(s, fb, lb)
}

// insert places unplaced request r in the slot that adds the fewest gaps
// (the earliest of those), and reports whether one was free. first asks
// for the earliest slot instead, as the baseline does.
func (st *state) insert(r int, first bool) bool {
	q := &st.in.reqs[r]
	best, bc := -1, 0
	fa, la, fb, lb, se := -1, -1, -1, -1, -1 // the spans of the session of the slot
	for _, s32 := range q.common {
		s := int(s32)
		if !st.fits(r, s) || !st.roomFor(s, q.need) {
			continue
		}
		if first {
			st.place(r, s, st.table(s, q.need))
			return true
		}
		if sl := st.in.slots[s].session; sl != se {
			se = sl
			fa, la = st.span(q.a, se)
			fb, lb = st.span(q.b, se)
		}
		if c := st.added(s, fa, la) + st.added(s, fb, lb); best < 0 || c < bc {
			best, bc = s, c
		}
	}
	if best < 0 {
		return false
	}
	st.place(r, best, st.table(best, q.need))
	return true
}

// eject places unplaced request r by moving the meetings in its way:
// for each slot both can attend, the meetings there of either (or, with
// both free and every table taken, one meeting at a table that seats
// them) are taken out, r goes in, and they are placed again elsewhere,
// themselves by ejection while depth lasts. It reports whether r was
// placed with no other meeting lost.
func (st *state) eject(r, depth int) bool {
	if st.insert(r, false) {
		return true
	}
	if depth == 0 || st.budget <= 0 || st.stopped() {
		return false
	}
	q := &st.in.reqs[r]
	st.pin[r] = true
	defer func() { st.pin[r] = false }()
	for _, s := range q.common {
		for _, out := range st.blockers(r, int(s)) {
			if st.budget--; st.budget < 0 {
				return false
			}
			mark := st.begin()
			if st.swapIn(r, int(s), out, depth) {
				st.commit(mark)
				return true
			}
			st.rollback(mark)
		}
	}
	return false
}

// blockers returns the sets of meetings whose removal would let r go to
// slot s, at most a few: the meetings of its participants there, or, if
// both are free, each meeting at a table that seats them.
func (st *state) blockers(r, s int) [][]int {
	q := &st.in.reqs[r]
	var own []int
	for _, p := range []int{q.a, q.b} {
		if m := int(st.at[p][s]); m >= 0 && !slices.Contains(own, m) {
			if st.pin[m] {
				return nil
			}
			own = append(own, m)
		}
	}
	if len(own) > 0 {
		return [][]int{own}
	}
	if st.left == st.free[s] { // every other slot is full: no meeting can move
		return nil
	}
	open := st.open[:0] // the other slots with a free table
	for x, f := range st.free {
		if f > 0 && x != s {
			open = append(open, x)
		}
	}
	st.open = open
	var out [][]int
	for t, m := range st.occ[s] {
		if m >= 0 && !st.pin[m] && st.in.seats[t] >= q.need && st.movable(int(m), open) {
			out = append(out, []int{int(m)})
			if len(out) == 4 { // a few alternatives: each costs a search
				break
			}
		}
	}
	return out
}

// movable reports whether meeting m has one of the slots open that its
// participants can attend, with a free table that seats them.
func (st *state) movable(m int, open []int) bool {
	q := &st.in.reqs[m]
	in := st.in
	for _, x := range open {
		if in.avail[q.a][x] && in.avail[q.b][x] && st.roomFor(x, q.need) {
			return true
		}
	}
	return false
}

// swapIn takes the meetings out out, places r at slot s, and places
// them again elsewhere. The caller rolls back on false.
func (st *state) swapIn(r, s int, out []int, depth int) bool {
	for _, m := range out {
		st.unplace(m)
	}
	if !st.fits(r, s) {
		return false
	}
	t := st.table(s, st.in.reqs[r].need)
	if t < 0 {
		return false
	}
	st.place(r, s, t)
	for _, m := range out {
		if !st.eject(m, depth-1) {
			return false
		}
	}
	return true
}

// replace places unplaced request r in place of lighter meetings in its
// way, which are placed again elsewhere where they can: it keeps the
// result if the value rises and no participant falls below its floor.
func (st *state) replace(r int) bool {
	q := &st.in.reqs[r]
	for _, s32 := range q.common {
		s := int(s32)
		for _, out := range st.blockersCapped(r, s) {
			if st.budget--; st.budget < 0 {
				return false
			}
			var w float64
			for _, m := range out {
				w += st.in.reqs[m].w
			}
			if w >= q.w {
				continue
			}
			before := st.value
			if st.trySwap(r, s, out, func() bool { return st.value > before+1e-12 && st.floorsHeld(out) }) {
				return true
			}
		}
	}
	return false
}

// trySwap tries unplaced request r at slot s in place of the meetings
// out, which go elsewhere where they can (one level of ejection; unlike
// swapIn, a meeting that finds no place stays out), and keeps the result
// if keep, asked once r is placed, says so; otherwise it leaves the state
// as it was.
func (st *state) trySwap(r, s int, out []int, keep func() bool) bool {
	mark := st.begin()
	for _, m := range out {
		st.unplace(m)
	}
	if st.fits(r, s) {
		if t := st.table(s, st.in.reqs[r].need); t >= 0 {
			st.place(r, s, t)
			for _, m := range out {
				st.eject(m, 1)
			}
			if keep() {
				st.commit(mark)
				return true
			}
		}
	}
	st.rollback(mark)
	return false
}

// blockersCapped is blockers, with the lightest meeting of a
// participant at its cap added when that cap is what keeps r out.
func (st *state) blockersCapped(r, s int) [][]int {
	sets := st.blockers(r, s)
	q := &st.in.reqs[r]
	se := st.in.slots[s].session
	var extra []int
	for _, p := range []int{q.a, q.b} {
		if st.at[p][s] >= 0 {
			continue // its meeting there is a blocker already, and frees the caps
		}
		if st.cnt[p] >= st.in.cap[p] || st.sess[p*st.in.sessions+se] >= st.in.capSess[p] {
			m := st.lightest(p, se, st.cnt[p] < st.in.cap[p])
			if m < 0 {
				return nil
			}
			extra = append(extra, m)
		}
	}
	if len(extra) == 0 {
		return sets
	}
	if len(sets) == 0 {
		return [][]int{extra}
	}
	for i := range sets {
		sets[i] = append(slices.Clone(sets[i]), extra...)
	}
	return sets
}

// lightest returns participant p's lightest movable meeting, in session
// se if inSession, or -1.
func (st *state) lightest(p, se int, inSession bool) int {
	best := -1
	for s, m := range st.at[p] {
		if m < 0 || st.pin[m] || inSession && st.in.slots[s].session != se {
			continue
		}
		if best < 0 || st.in.reqs[m].w < st.in.reqs[best].w {
			best = int(m)
		}
	}
	return best
}

// floorsHeld reports whether the participants of the meetings out, if
// those are unplaced now, still have their floor.
func (st *state) floorsHeld(out []int) bool {
	for _, m := range out {
		if st.slot[m] >= 0 {
			continue
		}
		q := &st.in.reqs[m]
		if st.cnt[q.a] < st.floor[q.a] || st.cnt[q.b] < st.floor[q.b] {
			return false
		}
	}
	return true
}

// stopped reports whether the context ended, checking it every few
// hundred changes.
func (st *state) stopped() bool {
	if st.err != nil {
		return true
	}
	if st.work >= 256 {
		st.work = 0
		st.err = st.ctx.Err()
	}
	return st.err != nil
}

// order returns the unplaced schedulable requests, heaviest first (ties
// in order of arrival).
func (st *state) order() []int {
	var out []int
	for r := range st.in.reqs {
		if st.slot[r] < 0 && st.in.schedulable(&st.in.reqs[r]) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(x, y int) int { return cmp.Compare(st.in.reqs[y].w, st.in.reqs[x].w) })
	return out
}

// minGain is the share of the value below which a round's gain ends the
// local search.
const minGain = 1e-4

// solve builds the schedule. It reports whether the construction was
// done: when the context ends after it, the schedule is valid, with
// less local search, and solve returns true with the context's error.
func (st *state) solve() (bool, error) {
	if err := st.ctx.Err(); err != nil {
		return false, err
	}
	if st.cfg.Method == FirstFit {
		order := st.order()
		slices.SortFunc(order, func(x, y int) int { return cmp.Compare(st.in.reqs[x].req.Seq, st.in.reqs[y].req.Seq) })
		for _, r := range order {
			if st.stopped() {
				return false, st.err
			}
			st.insert(r, true)
		}
		return true, st.ctx.Err()
	}
	// Fairness first: in round j every participant below j meetings (and
	// its floor) gets its heaviest request that fits.
	for j := 1; j <= st.cfg.Fairness; j++ {
		for _, r := range st.order() {
			q := &st.in.reqs[r]
			if (st.cnt[q.a] < j && st.cnt[q.a] < st.floor[q.a]) || (st.cnt[q.b] < j && st.cnt[q.b] < st.floor[q.b]) {
				st.insert(r, false)
			}
		}
	}
	for _, r := range st.order() {
		if st.stopped() {
			return false, st.err
		}
		st.insert(r, false)
	}
	st.improve()
	return true, st.ctx.Err()
}

// improve runs the local search and the compaction, until they end or
// the context does.
func (st *state) improve() {
	rng := rand.New(rand.NewPCG(st.cfg.Seed, 0x5eed))
	for round := range st.cfg.Rounds {
		before := st.value
		order := st.order()
		if round > 0 {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		for _, r := range order {
			if st.stopped() {
				return
			}
			if st.budget = st.cfg.MaxEjections; !st.eject(r, 2) {
				st.budget = st.cfg.MaxEjections
				st.replace(r)
			}
		}
		st.lift()
		if st.value-before < minGain*st.value && round > 0 {
			break
		}
	}
	st.compact()
}

// lift raises participants below their floor: each of their unplaced
// requests may take the place of a meeting whose participants stay at or
// above their floors, even if the value falls.
func (st *state) lift() {
	for _, r := range st.order() {
		if st.stopped() {
			return
		}
		q := &st.in.reqs[r]
		if st.cnt[q.a] >= st.floor[q.a] && st.cnt[q.b] >= st.floor[q.b] {
			continue
		}
		if st.budget = st.cfg.MaxEjections; st.eject(r, 2) {
			continue
		}
		st.budget = st.cfg.MaxEjections
	slots:
		for _, s32 := range q.common {
			s := int(s32)
			for _, out := range st.blockersCapped(r, s) {
				if st.budget--; st.budget < 0 {
					break slots
				}
				if st.trySwap(r, s, out, func() bool { return st.floorsHeld(out) }) {
					break slots
				}
			}
		}
	}
}

// compact moves meetings to slots that leave their participants fewer
// gaps, never changing what is placed.
func (st *state) compact() {
	for range 3 {
		improved := false
		for r := range st.in.reqs {
			if st.slot[r] < 0 || st.pin[r] || st.stopped() {
				continue
			}
			q := &st.in.reqs[r]
			from := int(st.slot[r])
			fse := st.in.slots[from].session
			now := st.gaps(q.a, fse, -1, -1) + st.gaps(q.b, fse, -1, -1)
			t0 := int(st.tab[r])
			st.unplace(r)
			best, bgain := from, 0
			for _, s32 := range q.common {
				s := int(s32)
				if s == from || !st.fits(r, s) || !st.roomFor(s, q.need) {
					continue
				}
				se := st.in.slots[s].session
				var after int
				if se == fse {
					after = st.gaps(q.a, se, s, -1) + st.gaps(q.b, se, s, -1)
				} else {
					after = st.gaps(q.a, fse, -1, -1) + st.gaps(q.b, fse, -1, -1) +
						st.cost(r, s)
				}
				if gain := now - after; gain > bgain {
					best, bgain = s, gain
				}
			}
			if best == from {
				st.place(r, from, t0)
			} else {
				st.place(r, best, st.table(best, q.need))
			}
			improved = improved || best != from
		}
		if !improved {
			return
		}
	}
}
