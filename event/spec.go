package event

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/clustergo/partnermatch/profile"
)

// Limits of an event, so that no call does unbounded work: scheduling
// holds a participant × slot table and a slot × table one, and its
// search is linear in the requests times the slots. An event over one is
// refused with a *profile.FieldError matching ErrInvalid and profile.ErrTooLarge,
// holding a *profile.LimitError that names the field, the value and the
// limit. What the largest events cost: benchmarks/RESULTS.md ("Matchmaking events").
const (
	// MaxParticipants caps Spec.Participants.
	MaxParticipants = 10_000
	// MaxRequests caps the requests of an event, of every status.
	MaxRequests = 100_000
	// MaxSessions caps Spec.Sessions.
	MaxSessions = 16
	// MaxSlots caps the slots of all sessions together.
	MaxSlots = 256
	// MaxTables caps Spec.Tables.
	MaxTables = 1000
	// MaxSpans caps the breaks of a session and the available spans of a
	// participant.
	MaxSpans = 64
	// MaxNameLen caps the bytes of ids, names and roles.
	MaxNameLen = 128
)

// SlotMinutes are the slot lengths a session may have, in minutes.
var slotMinutes = []int{15, 20, 30}

// A Spec describes an event as the organiser sets it up: when meetings
// can take place, where, and who takes part. It is plain data: New
// validates it and an Event holds a copy.
type Spec struct {
	Name string `json:"name,omitempty"`
	// Sessions are the blocks of meeting slots, in order of time, none
	// overlapping the next.
	Sessions []Session `json:"sessions"`
	// Tables are where meetings take place: each holds one meeting per
	// slot.
	Tables []Table `json:"tables"`
	// Participants take part in meetings, each at most one per slot.
	Participants []Participant `json:"participants"`
	// Roles says which roles may meet. Empty means any.
	Roles RoleRule `json:"roles,omitempty"`
	// MaxMeetings caps the meetings of each participant that sets no cap
	// of its own. Zero means no cap but the slots.
	MaxMeetings int `json:"max_meetings,omitempty"`
	// MaxPerSession caps the meetings of each participant in each
	// session, for those that set no cap of their own. Zero means no cap
	// but the session's slots.
	MaxPerSession int `json:"max_per_session,omitempty"`
}

// A Session is a block of consecutive meeting slots of equal length.
type Session struct {
	Name  string    `json:"name,omitempty"`
	Start time.Time `json:"start"`
	// SlotMinutes is the length of a slot: 15, 20 or 30.
	SlotMinutes int `json:"slot_minutes"`
	// Slots is the number of slots, at least 1.
	Slots int `json:"slots"`
	// Breaks are spans of time with no meetings: a slot that overlaps
	// one is not used.
	Breaks []Span `json:"breaks,omitempty"`
}

// End returns the end of the session's last slot.
func (s Session) End() time.Time { return s.slotStart(s.Slots) }

func (s Session) slotStart(i int) time.Time {
	return s.Start.Add(time.Duration(i*s.SlotMinutes) * time.Minute)
}

// A Span is a span of time from From (included) to To (excluded).
type Span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

func (sp Span) overlaps(from, to time.Time) bool { return sp.From.Before(to) && from.Before(sp.To) }
func (sp Span) holds(from, to time.Time) bool    { return !from.Before(sp.From) && !sp.To.Before(to) }

// A Table is a place for one meeting per slot.
type Table struct {
	ID string `json:"id"`
	// Seats is how many people the table holds. Zero means 2: a
	// bilateral meeting of one person each.
	Seats int `json:"seats,omitempty"`
}

// A Participant is an organisation at the event, by the id of its
// profile in the engine that recommends its meetings.
type Participant struct {
	ID string `json:"id"`
	// Role is the participant's role (buyer, seller, guest...), for the
	// event's RoleRule. Empty is a role of its own.
	Role string `json:"role,omitempty"`
	// People is how many people the participant brings to each meeting,
	// so how many seats it takes at a table. Zero means 1.
	People int `json:"people,omitempty"`
	// Available are the spans the participant can meet in: a slot must
	// lie within one. Empty means the whole event.
	Available []Span `json:"available,omitempty"`
	// MaxMeetings caps the participant's meetings. Zero means the
	// event's MaxMeetings.
	MaxMeetings int `json:"max_meetings,omitempty"`
	// MaxPerSession caps the participant's meetings in each session.
	// Zero means the event's MaxPerSession.
	MaxPerSession int `json:"max_per_session,omitempty"`
}

// A RoleRule says which participants may meet by their roles.
type RoleRule string

const (
	// AnyRoles lets any two participants meet.
	AnyRoles RoleRule = ""
	// AcrossRoles lets participants meet only those of another role
	// (buyers meet sellers, cluster members meet guests).
	AcrossRoles RoleRule = "across"
)

// allows reports whether participants of roles a and b may meet.
func (r RoleRule) allows(a, b string) bool { return r != AcrossRoles || a != b }

// validate checks the spec, first the sizes, and returns a *profile.FieldError
// for the first problem found.
func (s *Spec) validate() error {
	for _, l := range []struct {
		field  string
		n, max int
	}{{"participants", len(s.Participants), MaxParticipants}, {"sessions", len(s.Sessions), MaxSessions}, {"tables", len(s.Tables), MaxTables}} {
		if l.n > l.max {
			return tooLarge(l.field, l.n, l.max)
		}
	}
	if len(s.Name) > MaxNameLen {
		return tooLarge("name", len(s.Name), MaxNameLen)
	}
	switch s.Roles {
	case AnyRoles, AcrossRoles:
	default:
		return invalid(&profile.FieldError{Field: "roles", Value: string(s.Roles), Reason: `not "" or "across"`})
	}
	if err := checkCap("max_meetings", s.MaxMeetings); err != nil {
		return err
	}
	if err := checkCap("max_per_session", s.MaxPerSession); err != nil {
		return err
	}
	if len(s.Sessions) == 0 {
		return invalid(&profile.FieldError{Field: "sessions", Reason: "no session"})
	}
	slots := 0
	for i, se := range s.Sessions {
		f := fmt.Sprintf("sessions[%d]", i)
		if err := se.validate(f); err != nil {
			return err
		}
		if slots += se.Slots; slots > MaxSlots {
			return tooLarge(f+".slots", slots, MaxSlots)
		}
		if i > 0 && se.Start.Before(s.Sessions[i-1].End()) {
			return invalid(&profile.FieldError{Field: f + ".start", Value: se.Start.Format(time.RFC3339),
				Reason: "before the end of the session before, " + s.Sessions[i-1].End().Format(time.RFC3339)})
		}
	}
	if len(s.Tables) == 0 {
		return invalid(&profile.FieldError{Field: "tables", Reason: "no table"})
	}
	tables := map[string]bool{}
	for i, t := range s.Tables {
		if err := t.validate(fmt.Sprintf("tables[%d]", i), tables); err != nil {
			return err
		}
		tables[t.ID] = true
	}
	ids := map[string]bool{}
	for i, p := range s.Participants {
		if err := p.validate(fmt.Sprintf("participants[%d]", i), ids); err != nil {
			return err
		}
		ids[p.ID] = true
	}
	return nil
}

func (se Session) validate(f string) error {
	switch {
	case len(se.Name) > MaxNameLen:
		return tooLarge(f+".name", len(se.Name), MaxNameLen)
	case se.Start.IsZero():
		return invalid(&profile.FieldError{Field: f + ".start", Reason: "not set"})
	case !slices.Contains(slotMinutes, se.SlotMinutes):
		return invalid(&profile.FieldError{Field: f + ".slot_minutes", Value: strconv.Itoa(se.SlotMinutes), Reason: "not 15, 20 or 30"})
	case se.Slots < 1:
		return invalid(&profile.FieldError{Field: f + ".slots", Value: strconv.Itoa(se.Slots), Reason: "fewer than 1"})
	case se.Slots > MaxSlots:
		return tooLarge(f+".slots", se.Slots, MaxSlots)
	}
	return checkSpans(f+".breaks", se.Breaks)
}

func (t Table) validate(f string, seen map[string]bool) error {
	if err := checkID(f+".id", t.ID); err != nil {
		return err
	}
	switch {
	case seen[t.ID]:
		return invalid(&profile.FieldError{Field: f + ".id", Value: t.ID, Reason: "a second table with this id"})
	case t.Seats < 0, t.Seats == 1:
		return invalid(&profile.FieldError{Field: f + ".seats", Value: strconv.Itoa(t.Seats), Reason: "fewer than 2"})
	case t.Seats > 1000:
		return tooLarge(f+".seats", t.Seats, 1000)
	}
	return nil
}

func (p Participant) validate(f string, seen map[string]bool) error {
	if err := checkID(f+".id", p.ID); err != nil {
		return err
	}
	switch {
	case seen[p.ID]:
		return invalid(&profile.FieldError{Field: f + ".id", Value: p.ID, Reason: "a second participant with this id"})
	case len(p.Role) > MaxNameLen:
		return tooLarge(f+".role", len(p.Role), MaxNameLen)
	case p.People < 0:
		return invalid(&profile.FieldError{Field: f + ".people", Value: strconv.Itoa(p.People), Reason: "negative"})
	case p.People > 500:
		return tooLarge(f+".people", p.People, 500)
	}
	if err := checkCap(f+".max_meetings", p.MaxMeetings); err != nil {
		return err
	}
	if err := checkCap(f+".max_per_session", p.MaxPerSession); err != nil {
		return err
	}
	return checkSpans(f+".available", p.Available)
}

func checkID(f, id string) error {
	switch {
	case id == "":
		return invalid(&profile.FieldError{Field: f, Reason: "empty"})
	case len(id) > MaxNameLen:
		return tooLarge(f, len(id), MaxNameLen)
	}
	return nil
}

func checkCap(f string, n int) error {
	switch {
	case n < 0:
		return invalid(&profile.FieldError{Field: f, Value: strconv.Itoa(n), Reason: "negative"})
	case n > MaxSlots:
		return tooLarge(f, n, MaxSlots)
	}
	return nil
}

func checkSpans(f string, spans []Span) error {
	if len(spans) > MaxSpans {
		return tooLarge(f, len(spans), MaxSpans)
	}
	for i, sp := range spans {
		if !sp.From.Before(sp.To) {
			return invalid(&profile.FieldError{Field: fmt.Sprintf("%s[%d].to", f, i), Value: sp.To.Format(time.RFC3339),
				Reason: "not after from, " + sp.From.Format(time.RFC3339)})
		}
	}
	return nil
}

// tooLarge returns the error of a value over its limit.
func tooLarge(field string, n, max int) error {
	return invalid(&profile.FieldError{Field: field, Value: strconv.Itoa(n), Reason: fmt.Sprintf("over the limit of %d", max),
		Err: &profile.LimitError{Field: field, Len: n, Max: max}})
}
