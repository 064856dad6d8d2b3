package event

import (
	"cmp"
	"slices"
	"time"
)

// An instance is an event compiled for the scheduler: participants,
// slots and tables by number, and the accepted requests that may meet.
type instance struct {
	spec     Spec
	ids      []string
	sessions int
	slots    []slot
	first    []int    // session -> its first slot; first[sessions] is len(slots)
	avail    [][]bool // participant × slot: available and not in a break
	people   []int
	cap      []int // meetings per participant
	capSess  []int // meetings per participant and session
	tables   []Table
	seats    []int // by table, the tables sorted by seats, then as given
	// levels are the distinct seats of the tables, ascending; level is
	// each table's, and tables of level j are levelAt[j]:levelAt[j+1].
	levels   []int
	level    []int
	levelAt  []int
	reqs     []ireq
	maxSeats int
}

// A slot is one meeting slot of a session.
type slot struct {
	session, index int
	start, end     time.Time
	brk            bool // overlaps a break
}

// An ireq is an accepted request as the scheduler sees it.
type ireq struct {
	a, b   int // participants, a the requester
	w      float64
	need   int // seats
	req    Request
	usable bool    // the roles allow it (a participant's role may change after the request)
	common []int32 // the slots both can attend, in order
}

// compile builds the instance of the event's accepted requests.
func compile(spec Spec, reqs []Request, mutualBonus float64) *instance {
	in := &instance{spec: spec, sessions: len(spec.Sessions)}
	for si, se := range spec.Sessions {
		in.first = append(in.first, len(in.slots))
		for i := range se.Slots {
			s := slot{session: si, index: i, start: se.slotStart(i), end: se.slotStart(i + 1)}
			s.brk = slices.ContainsFunc(se.Breaks, func(b Span) bool { return b.overlaps(s.start, s.end) })
			in.slots = append(in.slots, s)
		}
	}
	in.first = append(in.first, len(in.slots))
	index := make(map[string]int, len(spec.Participants))
	for i, p := range spec.Participants {
		index[p.ID] = i
		in.ids = append(in.ids, p.ID)
		in.people = append(in.people, max(1, p.People))
		av := make([]bool, len(in.slots))
		for s, sl := range in.slots {
			av[s] = !sl.brk && (len(p.Available) == 0 || slices.ContainsFunc(p.Available, func(sp Span) bool { return sp.holds(sl.start, sl.end) }))
		}
		in.avail = append(in.avail, av)
		in.cap = append(in.cap, capOr(cmp.Or(p.MaxMeetings, spec.MaxMeetings), len(in.slots)))
		in.capSess = append(in.capSess, capOr(cmp.Or(p.MaxPerSession, spec.MaxPerSession), len(in.slots)))
	}
	// Tables by seats, so that the first free table that fits is the
	// smallest: large tables stay free for large delegations.
	in.tables = slices.Clone(spec.Tables)
	slices.SortStableFunc(in.tables, func(x, y Table) int { return cmp.Compare(seatsOf(x), seatsOf(y)) })
	for _, t := range in.tables {
		in.seats = append(in.seats, seatsOf(t))
		in.maxSeats = max(in.maxSeats, seatsOf(t))
	}
	for t, seats := range in.seats {
		if len(in.levels) == 0 || in.levels[len(in.levels)-1] != seats {
			in.levels = append(in.levels, seats)
			in.levelAt = append(in.levelAt, t)
		}
		in.level = append(in.level, len(in.levels)-1)
	}
	in.levelAt = append(in.levelAt, len(in.seats))
	for _, r := range reqs {
		if r.Status != Accepted {
			continue
		}
		a, ok1 := index[r.From]
		b, ok2 := index[r.To]
		if !ok1 || !ok2 {
			continue
		}
		w := max(r.Score, 0)
		if r.Mutual {
			w += mutualBonus
		}
		q := ireq{a: a, b: b, w: w, need: in.people[a] + in.people[b], req: r,
			usable: spec.Roles.allows(spec.Participants[a].Role, spec.Participants[b].Role)}
		for s := range in.slots {
			if in.avail[a][s] && in.avail[b][s] {
				q.common = append(q.common, int32(s))
			}
		}
		in.reqs = append(in.reqs, q)
	}
	return in
}

func seatsOf(t Table) int { return cmp.Or(t.Seats, 2) }

func capOr(n, all int) int {
	if n == 0 {
		return all
	}
	return min(n, all)
}

// schedulable reports whether r could be placed alone: the roles allow
// it, a table seats it, and its participants share an available slot.
func (in *instance) schedulable(r *ireq) bool {
	return r.usable && r.need <= in.maxSeats && len(r.common) > 0
}
