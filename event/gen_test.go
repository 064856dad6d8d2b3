package event_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/clustergo/partnermatch/event"
)

// day is the start of the synthetic events.
var day = time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC)

// A shape is the size of a synthetic event.
type shape struct {
	participants, requests, sessions, slots, tables int
	roles                                           bool // buyers and sellers, meeting across roles
	varied                                          bool // availability, caps, delegations and large tables vary
}

// synthetic returns an event of the shape, seeded: requests between
// random pairs until sh.requests are accepted, one in eight of those
// mutual, and one in eight more left pending or declined, scored at
// random.
func synthetic(seed uint64, sh shape) *event.Event {
	r := rand.New(rand.NewPCG(seed, 1))
	spec := event.Spec{Name: "synthetic", MaxPerSession: sh.slots * 3 / 4}
	start := day
	for i := range sh.sessions {
		se := event.Session{Name: fmt.Sprintf("s%d", i+1), Start: start, SlotMinutes: 20, Slots: sh.slots}
		if sh.varied && sh.slots >= 8 { // a coffee break in the middle
			mid := start.Add(time.Duration(sh.slots/2*20) * time.Minute)
			se.Breaks = []event.Span{{From: mid, To: mid.Add(20 * time.Minute)}}
		}
		spec.Sessions = append(spec.Sessions, se)
		start = se.End().Add(time.Hour)
	}
	if sh.roles {
		spec.Roles = event.AcrossRoles
	}
	for i := range sh.tables {
		t := event.Table{ID: fmt.Sprintf("t%02d", i+1)}
		if sh.varied && i%10 == 0 {
			t.Seats = 4
		}
		spec.Tables = append(spec.Tables, t)
	}
	for i := range sh.participants {
		p := event.Participant{ID: fmt.Sprintf("p%04d", i+1)}
		if sh.roles {
			p.Role = []string{"buyer", "seller"}[i%2]
		}
		if sh.varied {
			switch x := r.IntN(20); {
			case x < 3: // the first session only
				p.Available = []event.Span{{From: spec.Sessions[0].Start, To: spec.Sessions[0].End()}}
			case x < 5: // from a random slot to the end of the day
				s := spec.Sessions[r.IntN(len(spec.Sessions))]
				from := s.Start.Add(time.Duration(r.IntN(s.Slots)*20) * time.Minute)
				p.Available = []event.Span{{From: from, To: start}}
			case x < 6:
				p.MaxMeetings = 2 + r.IntN(4)
			case x < 7:
				p.People = 2
			}
		}
		spec.Participants = append(spec.Participants, p)
	}
	ev, err := event.New(spec)
	if err != nil {
		panic(err)
	}
	n := sh.participants
	for made := 0; made < sh.requests; {
		a, b := r.IntN(n), r.IntN(n)
		if sh.roles && a%2 == b%2 {
			b = (b + 1) % n
		}
		from, to := spec.Participants[a].ID, spec.Participants[b].ID
		req, err := ev.Request(from, to)
		if err != nil {
			continue // self or duplicate
		}
		if req.Mutual { // the reverse of a pending or accepted request
			made++
			continue
		}
		if err := ev.SetScore(from, to, r.Float64()); err != nil {
			panic(err)
		}
		switch x := r.IntN(16); {
		case x < 2:
			if _, err := ev.Request(to, from); err != nil {
				panic(err)
			}
			made++
		case x == 2: // left pending
		case x == 3:
			if _, err := ev.Decline(from, to); err != nil {
				panic(err)
			}
		default:
			if _, err := ev.Accept(from, to); err != nil {
				panic(err)
			}
			made++
		}
	}
	return ev
}
