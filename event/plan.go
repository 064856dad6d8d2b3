package event

import (
	"cmp"
	"slices"
)

// keep places and pins each meeting of prev that can stay at its slot
// and table, and returns how many did.
func (st *state) keep(prev *Plan) int {
	in := st.in
	byPair := make(map[pair]int, len(in.reqs))
	for r := range in.reqs {
		byPair[pairOf(in.reqs[r].req.From, in.reqs[r].req.To)] = r
	}
	tables := make(map[string]int, len(in.tables))
	for t, tb := range in.tables {
		tables[tb.ID] = t
	}
	first := make([]int, in.sessions) // the global index of each session's first slot
	for s := len(in.slots) - 1; s >= 0; s-- {
		first[in.slots[s].session] = s
	}
	kept := 0
	for _, m := range prev.Meetings {
		r, ok := byPair[pairOf(m.From, m.To)]
		t, tok := tables[m.Table]
		if !ok || !tok || m.Session < 0 || m.Session >= in.sessions || m.Slot < 0 ||
			m.Slot >= in.spec.Sessions[m.Session].Slots || st.slot[r] >= 0 || !st.in.schedulable(&in.reqs[r]) {
			continue
		}
		s := first[m.Session] + m.Slot
		if st.fits(r, s) && st.occ[s][t] < 0 && in.seats[t] >= in.reqs[r].need {
			st.place(r, s, t)
			st.pin[r] = true
			kept++
		}
	}
	return kept
}

// plan returns the schedule as a Plan.
func (st *state) plan() *Plan {
	in := st.in
	p := &Plan{Meetings: []Meeting{}, Unplaced: []Unplaced{}, Value: st.value, Bound: bound(in, st.value)}
	for r := range in.reqs {
		q := &in.reqs[r]
		if st.slot[r] < 0 {
			p.Unplaced = append(p.Unplaced, Unplaced{From: q.req.From, To: q.req.To, Reason: st.reason(r)})
			continue
		}
		sl := in.slots[st.slot[r]]
		p.Meetings = append(p.Meetings, Meeting{From: q.req.From, To: q.req.To, Session: sl.session, Slot: sl.index,
			Start: sl.start, End: sl.end, Table: in.tables[st.tab[r]].ID, Score: q.req.Score, Mutual: q.req.Mutual})
	}
	rank := map[string]int{}
	for i, t := range in.spec.Tables {
		rank[t.ID] = i
	}
	slices.SortFunc(p.Meetings, func(x, y Meeting) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(rank[x.Table], rank[y.Table]))
	})
	for i := range in.ids {
		if st.cnt[i] < st.floor[i] {
			p.BelowFloor++
		}
		for se := range in.sessions {
			p.Gaps += st.gaps(i, se, -1, -1)
		}
	}
	return p
}

// reason says why unplaced request r is not in the schedule.
func (st *state) reason(r int) Reason {
	in, q := st.in, &st.in.reqs[r]
	switch {
	case !q.usable:
		return RolesApart
	case q.need > in.maxSeats:
		return NoTable
	case len(q.common) == 0:
		return NoCommonSlot
	case st.cnt[q.a] >= in.cap[q.a] || st.cnt[q.b] >= in.cap[q.b]:
		return CapReached
	}
	underCap, free := false, false
	for s, sl := range in.slots {
		if !in.avail[q.a][s] || !in.avail[q.b][s] ||
			st.sess[q.a*in.sessions+sl.session] >= in.capSess[q.a] || st.sess[q.b*in.sessions+sl.session] >= in.capSess[q.b] {
			continue
		}
		underCap = true
		if st.at[q.a][s] < 0 && st.at[q.b][s] < 0 {
			free = true
		}
	}
	switch {
	case !underCap:
		return CapReached
	case !free:
		return NoCommonSlot
	}
	return NoTable
}
