package event

import (
	"fmt"
	"github.com/clustergo/partnermatch/profile"
	"slices"
	"sync"

	"github.com/clustergo/partnermatch/internal/sentinel"
)

// An Event is a matchmaking event: its Spec and the meeting requests
// made so far. Make one with New. It is safe for concurrent use: every
// method locks it for as long as it reads or changes it, and the long
// calls (Recommend, ScoreRequests, Schedule) work on a copy taken under
// the lock, so that a portal's other requests are not held up by them.
type Event struct {
	mu    sync.Mutex
	spec  Spec
	index map[string]int // participant id -> position in spec.Participants
	reqs  []Request      // in order of arrival
	pairs map[pair]int   // unordered pair of ids -> position in reqs
	seq   int            // the Seq of the last request
}

// A pair is an unordered pair of participant ids, the smaller first.
type pair struct{ a, b string }

func pairOf(x, y string) pair {
	if y < x {
		x, y = y, x
	}
	return pair{x, y}
}

// New returns an event of the spec, which it validates (a *profile.FieldError
// naming the field and the value, matching ErrInvalid) and copies.
func New(spec Spec) (*Event, error) {
	if err := spec.validate(); err != nil {
		return nil, err
	}
	ev := &Event{spec: cloneSpec(spec), pairs: map[pair]int{}}
	ev.reindex()
	return ev, nil
}

func (ev *Event) reindex() {
	ev.index = make(map[string]int, len(ev.spec.Participants))
	for i, p := range ev.spec.Participants {
		ev.index[p.ID] = i
	}
}

func cloneSpec(s Spec) Spec {
	s.Sessions = slices.Clone(s.Sessions)
	for i := range s.Sessions {
		s.Sessions[i].Breaks = slices.Clone(s.Sessions[i].Breaks)
	}
	s.Tables = slices.Clone(s.Tables)
	s.Participants = slices.Clone(s.Participants)
	for i := range s.Participants {
		s.Participants[i].Available = slices.Clone(s.Participants[i].Available)
	}
	return s
}

// Spec returns a copy of the event's spec as it stands: with the
// participants and tables added and removed since New.
func (ev *Event) Spec() Spec {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return cloneSpec(ev.spec)
}

// Participant returns the participant with the given id.
func (ev *Event) Participant(id string) (Participant, bool) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	i, ok := ev.index[id]
	if !ok {
		return Participant{}, false
	}
	p := ev.spec.Participants[i]
	p.Available = slices.Clone(p.Available)
	return p, true
}

// AddParticipant adds a participant, or replaces the one with its id
// (its availability, caps or role changed). The participant is
// validated as in New. Requests that its new role no longer allows are
// left as they are, and the scheduler skips them.
func (ev *Event) AddParticipant(p Participant) error {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	i, replace := ev.index[p.ID]
	if !replace && len(ev.spec.Participants) >= MaxParticipants {
		return tooLarge("participants", len(ev.spec.Participants)+1, MaxParticipants)
	}
	f := fmt.Sprintf("participants[%d]", len(ev.spec.Participants))
	if replace {
		f = fmt.Sprintf("participants[%d]", i)
	}
	if err := p.validate(f, nil); err != nil {
		return err
	}
	p.Available = slices.Clone(p.Available)
	if replace {
		ev.spec.Participants[i] = p
		return nil
	}
	ev.spec.Participants = append(ev.spec.Participants, p)
	ev.index[p.ID] = len(ev.spec.Participants) - 1
	return nil
}

// RemoveParticipant removes a participant who cancelled, and every
// request from or to it.
func (ev *Event) RemoveParticipant(id string) error {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	i, ok := ev.index[id]
	if !ok {
		return sentinel.Wrapf(ErrUnknownParticipant, "remove participant %q", id)
	}
	ev.spec.Participants = slices.Delete(ev.spec.Participants, i, i+1)
	ev.reindex()
	ev.reqs = slices.DeleteFunc(ev.reqs, func(r Request) bool { return r.From == id || r.To == id })
	ev.repair()
	return nil
}

// repair rebuilds the pair index after requests were removed.
func (ev *Event) repair() {
	clear(ev.pairs)
	for i, r := range ev.reqs {
		ev.pairs[pairOf(r.From, r.To)] = i
	}
}

// AddTable adds a table, validated as in New.
func (ev *Event) AddTable(t Table) error {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if len(ev.spec.Tables) >= MaxTables {
		return tooLarge("tables", len(ev.spec.Tables)+1, MaxTables)
	}
	seen := map[string]bool{}
	for _, o := range ev.spec.Tables {
		seen[o.ID] = true
	}
	if err := t.validate(fmt.Sprintf("tables[%d]", len(ev.spec.Tables)), seen); err != nil {
		return err
	}
	ev.spec.Tables = append(ev.spec.Tables, t)
	return nil
}

// RemoveTable removes a table. The last table cannot be removed: an
// event needs one (a *profile.FieldError).
func (ev *Event) RemoveTable(id string) error {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	i := slices.IndexFunc(ev.spec.Tables, func(t Table) bool { return t.ID == id })
	switch {
	case i < 0:
		return sentinel.Wrapf(ErrUnknownTable, "remove table %q", id)
	case len(ev.spec.Tables) == 1:
		return invalid(&profile.FieldError{Field: "tables", Value: id, Reason: "the last table"})
	}
	ev.spec.Tables = slices.Delete(ev.spec.Tables, i, i+1)
	return nil
}
