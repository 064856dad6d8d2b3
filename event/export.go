package event

import (
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"github.com/clustergo/partnermatch/profile"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/clustergo/partnermatch/internal/sentinel"
)

// An Export renders a plan for people and their tools: each participant's
// agenda and the organiser's table plan as JSON ([Export.Report],
// [Export.Agenda]), as CSV ([Export.WriteCSV], [Export.WriteAgendaCSV])
// and as iCalendar ([Export.WriteICS]). A plan holds only ids; Name and
// Why add what people read. Only Spec and Plan are required.
type Export struct {
	// Spec is the event's spec as it stands (Event.Spec): its name, its
	// sessions, tables and participants.
	Spec Spec
	// Plan is the schedule to render.
	Plan *Plan
	// Name returns the name to show for a participant (its profile's
	// name). Nil, or an empty name, means its id.
	Name func(id string) string
	// Why returns why the participant from, who asked, meets to (the
	// reasons of their match), shown in the agendas. Nil, or an empty
	// reason, means nothing is said. It is called once per meeting and
	// output.
	Why func(from, to string) string
	// Stamp is when the calendars were made, their DTSTAMP. Zero means
	// the time of the call.
	Stamp time.Time
	// Sequence is the SEQUENCE of the calendars' events (RFC 5545
	// section 3.8.7.4): a portal that reschedules adds one each time, so
	// that a calendar holding a meeting (by its UID) takes its new time.
	Sequence int
}

// A Report is a plan as a portal shows it, in a JSON shape of its own that
// names the participants: the agendas of every participant, the table
// plan, and the requests left unplaced with the reason.
type Report struct {
	Event      string      `json:"event,omitempty"`
	Meetings   int         `json:"meetings"`
	Value      float64     `json:"value"`
	Bound      float64     `json:"bound"`
	BelowFloor int         `json:"below_floor"`
	Gaps       int         `json:"gaps"`
	Agendas    []Agenda    `json:"agendas"` // every participant of the spec, in its order
	Tables     []TablePlan `json:"tables"`  // every table of the spec, in its order
	Unplaced   []Miss      `json:"unplaced"`
}

// An Agenda is one participant's meetings in order of time, and its
// accepted requests that the plan left out.
type Agenda struct {
	Participant string        `json:"participant"`
	Name        string        `json:"name"`
	Meetings    []Appointment `json:"meetings"`
	Unplaced    []Miss        `json:"unplaced"`
}

// An Appointment is a meeting as one of its two participants sees it.
type Appointment struct {
	// UID identifies the meeting in calendars: the same for both
	// participants, and for the same two participants across
	// reschedules, so that a calendar updates the meeting it holds.
	UID     string    `json:"uid"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Session int       `json:"session"` // index in Spec.Sessions
	Slot    int       `json:"slot"`    // index in the session
	Table   string    `json:"table"`
	// With is the other participant, WithName its name.
	With     string  `json:"with"`
	WithName string  `json:"with_name"`
	Score    float64 `json:"score"`
	Mutual   bool    `json:"mutual"`
	// Asked says whether this participant made the request (it is the
	// Meeting's From); a mutual request was made by both.
	Asked bool   `json:"asked"`
	Why   string `json:"why,omitempty"`
}

// A Miss is an accepted request that the plan left out, with the names of
// its participants and the reason.
type Miss struct {
	From     string `json:"from"`
	FromName string `json:"from_name"`
	To       string `json:"to"`
	ToName   string `json:"to_name"`
	Reason   Reason `json:"reason"`
}

// check returns an error unless the export can run.
func (x *Export) check() error {
	if x.Plan == nil {
		return invalid(&profile.FieldError{Field: "plan", Value: "", Reason: "no plan to export"})
	}
	return nil
}

// participant returns an error unless id is a participant of the spec.
func (x *Export) participant(op, id string) error {
	if !slices.ContainsFunc(x.Spec.Participants, func(p Participant) bool { return p.ID == id }) {
		return sentinel.Wrapf(ErrUnknownParticipant, "%s %q", op, id)
	}
	return nil
}

func (x *Export) name(id string) string {
	if x.Name != nil {
		if n := x.Name(id); n != "" {
			return n
		}
	}
	return id
}

func (x *Export) why(m Meeting) string {
	if x.Why == nil {
		return ""
	}
	return x.Why(m.From, m.To)
}

func (x *Export) miss(u Unplaced) Miss {
	return Miss{From: u.From, FromName: x.name(u.From), To: u.To, ToName: x.name(u.To), Reason: u.Reason}
}

// Report returns the whole plan, every agenda and the table plan. It
// errors only for a missing Plan.
func (x *Export) Report() (*Report, error) {
	if err := x.check(); err != nil {
		return nil, err
	}
	p := x.Plan
	r := &Report{Event: x.Spec.Name, Meetings: len(p.Meetings), Value: p.Value, Bound: p.Bound,
		BelowFloor: p.BelowFloor, Gaps: p.Gaps, Tables: p.Tables(x.Spec), Unplaced: make([]Miss, len(p.Unplaced))}
	for i, u := range p.Unplaced {
		r.Unplaced[i] = x.miss(u)
	}
	// One pass over the meetings and the unplaced, not one per agenda,
	// and one Why per meeting, not one per side.
	agendas := p.Agendas()
	missed := map[string][]Unplaced{}
	for _, u := range p.Unplaced {
		missed[u.From] = append(missed[u.From], u)
		missed[u.To] = append(missed[u.To], u)
	}
	why := map[[2]string]string{}
	for _, m := range p.Meetings {
		why[[2]string{m.From, m.To}] = x.why(m)
	}
	r.Agendas = make([]Agenda, 0, len(x.Spec.Participants))
	for _, pt := range x.Spec.Participants {
		r.Agendas = append(r.Agendas, x.agenda(pt.ID, agendas[pt.ID], missed[pt.ID],
			func(m Meeting) string { return why[[2]string{m.From, m.To}] }))
	}
	return r, nil
}

// Agenda returns participant id's agenda. Errors: a missing Plan, and
// ErrUnknownParticipant for an id not in the spec.
func (x *Export) Agenda(id string) (Agenda, error) {
	if err := x.check(); err != nil {
		return Agenda{}, err
	}
	if err := x.participant("agenda", id); err != nil {
		return Agenda{}, err
	}
	var missed []Unplaced
	for _, u := range x.Plan.Unplaced {
		if u.From == id || u.To == id {
			missed = append(missed, u)
		}
	}
	return x.agenda(id, x.Plan.Agenda(id), missed, x.why), nil
}

// agenda returns the agenda of id: its meetings ms, its unplaced
// requests missed, with why for the reason of each meeting.
func (x *Export) agenda(id string, ms []Meeting, missed []Unplaced, why func(Meeting) string) Agenda {
	a := Agenda{Participant: id, Name: x.name(id), Meetings: []Appointment{}, Unplaced: []Miss{}}
	for _, m := range ms {
		with := m.With(id)
		a.Meetings = append(a.Meetings, Appointment{UID: x.uid(m), Start: m.Start, End: m.End, Session: m.Session, Slot: m.Slot,
			Table: m.Table, With: with, WithName: x.name(with), Score: m.Score, Mutual: m.Mutual,
			Asked: m.From == id || m.Mutual, Why: why(m)})
	}
	for _, u := range missed {
		a.Unplaced = append(a.Unplaced, x.miss(u))
	}
	return a
}

// uid returns the calendar UID of a meeting: a digest of the event's name
// and the two participants, in either order, so that it is the same in
// both agendas and stays the same when the meeting moves (a pair meets at
// most once: a second request between them is refused or made mutual).
func (x *Export) uid(m Meeting) string {
	a, b := m.From, m.To
	if b < a {
		a, b = b, a
	}
	sum := sha256.Sum256([]byte(x.Spec.Name + "\x00" + a + "\x00" + b))
	return hex.EncodeToString(sum[:12]) + "@partnermatch"
}

// sessionName returns the name of session i, or its number from 1.
func (x *Export) sessionName(i int) string {
	if i >= 0 && i < len(x.Spec.Sessions) && x.Spec.Sessions[i].Name != "" {
		return x.Spec.Sessions[i].Name
	}
	return strconv.Itoa(i + 1)
}

// Columns of the CSV outputs. Placed rows have status "placed" and no
// reason; unplaced rows have status "unplaced", the reason, and no
// session, slot, time, table or score. Times are RFC 3339; the session is
// its name, or its number from 1.
var (
	planColumns = []string{"status", "session", "slot", "start", "end", "table",
		"from", "from_name", "to", "to_name", "score", "mutual", "reason"}
	agendaColumns = []string{"status", "session", "slot", "start", "end", "table",
		"with", "with_name", "score", "mutual", "asked", "why", "reason"}
)

// WriteCSV writes the organiser's table plan to w as CSV: a header, one
// row per meeting in order of start and table, then one per unplaced
// request with the reason. Errors: a missing Plan, and w's.
func (x *Export) WriteCSV(w io.Writer) error {
	if err := x.check(); err != nil {
		return err
	}
	rows := [][]string{planColumns}
	for _, m := range x.Plan.Meetings {
		rows = append(rows, []string{"placed", x.sessionName(m.Session), strconv.Itoa(m.Slot + 1),
			stamp(m.Start), stamp(m.End), m.Table, m.From, x.name(m.From), m.To, x.name(m.To),
			score(m.Score), strconv.FormatBool(m.Mutual), ""})
	}
	for _, u := range x.Plan.Unplaced {
		rows = append(rows, []string{"unplaced", "", "", "", "", "", u.From, x.name(u.From), u.To, x.name(u.To), "", "", string(u.Reason)})
	}
	return writeCSV(w, rows)
}

// WriteAgendaCSV writes participant id's agenda to w as CSV: a header,
// one row per meeting in order of time, then one per unplaced request
// of id with the reason. Errors: a missing Plan, ErrUnknownParticipant,
// and w's.
func (x *Export) WriteAgendaCSV(w io.Writer, id string) error {
	a, err := x.Agenda(id)
	if err != nil {
		return err
	}
	rows := [][]string{agendaColumns}
	for _, m := range a.Meetings {
		rows = append(rows, []string{"placed", x.sessionName(m.Session), strconv.Itoa(m.Slot + 1),
			stamp(m.Start), stamp(m.End), m.Table, m.With, m.WithName, score(m.Score),
			strconv.FormatBool(m.Mutual), strconv.FormatBool(m.Asked), m.Why, ""})
	}
	for _, u := range a.Unplaced {
		with, asked := u.To, u.From == id
		if !asked {
			with = u.From
		}
		rows = append(rows, []string{"unplaced", "", "", "", "", "", with, x.name(with), "", "",
			strconv.FormatBool(asked), "", string(u.Reason)})
	}
	return writeCSV(w, rows)
}

func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil { // WriteAll flushes
		return fmt.Errorf("event: writing csv: %w", err)
	}
	return nil
}

func stamp(t time.Time) string { return t.Format(time.RFC3339) }

// score formats a score with the 4 decimals that tell scores apart in a
// spreadsheet without the noise of float formatting.
func score(s float64) string { return strconv.FormatFloat(s, 'f', 4, 64) }

// stampOf returns the DTSTAMP of an export: Stamp, or now, in whole
// seconds (iCalendar has no fractions).
func (x *Export) stampOf() time.Time {
	return cmp.Or(x.Stamp, time.Now()).UTC().Truncate(time.Second)
}
