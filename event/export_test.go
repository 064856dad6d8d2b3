package event_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/event"
	"github.com/clustergo/partnermatch/profile"
)

var update = flag.Bool("update", false, "rewrite testdata/export/*.golden")

// smallExport is a plan made by hand, so that the golden files test the
// writers and not the scheduler: a morning of four 20-minute slots with a
// coffee break, two tables, four participants, three meetings and one
// request left out. The names hold what the formats must escape: commas,
// semicolons, quotes, accents, a line break, and a reason longer than an
// iCalendar line.
func smallExport() *event.Export {
	at := func(min int) time.Time { return day.Add(time.Duration(min) * time.Minute) }
	spec := event.Spec{
		Name: "Lyon mobility day",
		Sessions: []event.Session{{Name: "Morning", Start: day, SlotMinutes: 20, Slots: 4,
			Breaks: []event.Span{{From: at(40), To: at(60)}}}},
		Tables:       []event.Table{{ID: "A"}, {ID: "B"}},
		Participants: []event.Participant{{ID: "lyon"}, {ID: "turin"}, {ID: "gdansk"}, {ID: "porto"}},
	}
	plan := &event.Plan{
		Meetings: []event.Meeting{
			{From: "lyon", To: "turin", Session: 0, Slot: 0, Start: at(0), End: at(20), Table: "A", Score: 0.42, Mutual: true},
			{From: "gdansk", To: "porto", Session: 0, Slot: 0, Start: at(0), End: at(20), Table: "B", Score: 0.31},
			{From: "porto", To: "lyon", Session: 0, Slot: 1, Start: at(20), End: at(40), Table: "A", Score: 0.27},
		},
		Unplaced: []event.Unplaced{{From: "turin", To: "gdansk", Reason: event.CapReached}},
		Value:    2, Bound: 2.5, Gaps: 0,
	}
	names := map[string]string{
		"lyon":   `Lyon Auto, Cluster; "Mobility"`,
		"turin":  "Torino Wireless – Mobilità",
		"gdansk": "Gdańsk\r\nMaritime",
	}
	return &event.Export{
		Spec: spec,
		Plan: plan,
		Name: func(id string) string { return names[id] },
		Why: func(from, to string) string {
			if from == "lyon" && to == "turin" {
				return "offers battery cell testing you need; both target Japan, Korea; different country (IT)"
			}
			return ""
		},
		Stamp:    time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC),
		Sequence: 2, // scheduled twice before
	}
}

// golden compares got with testdata/export/name, or rewrites it under
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "export", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755), "golden dir")
		require.NoError(t, os.WriteFile(path, got, 0o644), "rewriting %s", path)
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "reading %s (go test -update writes it)", path)
	assert.Equal(t, string(want), string(got), "%s: output differs from the golden file (go test -update rewrites it)", path)
}

func TestExportGolden(t *testing.T) {
	x := smallExport()
	tests := []struct {
		file  string
		write func(w *bytes.Buffer) error
	}{
		{"plan.csv", func(w *bytes.Buffer) error { return x.WriteCSV(w) }},
		{"lyon.csv", func(w *bytes.Buffer) error { return x.WriteAgendaCSV(w, "lyon") }},
		{"turin.csv", func(w *bytes.Buffer) error { return x.WriteAgendaCSV(w, "turin") }},
		{"lyon.ics", func(w *bytes.Buffer) error { return x.WriteICS(w, "lyon") }},
		{"gdansk.ics", func(w *bytes.Buffer) error { return x.WriteICS(w, "gdansk") }},
		{"report.json", func(w *bytes.Buffer) error {
			r, err := x.Report()
			if err != nil {
				return err
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.write(&buf), "writing %s", tt.file)
			golden(t, tt.file, buf.Bytes())
		})
	}
}

// TestICSRoundTrip parses the calendars back with the library's parser
// and checks each event against the agenda it came from.
func TestICSRoundTrip(t *testing.T) {
	x := smallExport()
	for _, p := range x.Spec.Participants {
		t.Run(p.ID, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, x.WriteICS(&buf, p.ID), "WriteICS(%s)", p.ID)
			checkLines(t, p.ID, buf.String())
			cal, err := ics.ParseCalendar(strings.NewReader(buf.String()))
			require.NoError(t, err, "parsing the calendar of %s", p.ID)
			a, err := x.Agenda(p.ID)
			require.NoError(t, err, "Agenda(%s)", p.ID)
			evs := cal.Events()
			require.Len(t, evs, len(a.Meetings), "%s: one VEVENT per meeting", p.ID)
			for i, ev := range evs {
				m := a.Meetings[i]
				assert.Equal(t, m.UID, ev.Id(), "%s: UID of meeting %d", p.ID, i)
				start, err := ev.GetStartAt()
				require.NoError(t, err, "%s: DTSTART of meeting %d", p.ID, i)
				end, err := ev.GetEndAt()
				require.NoError(t, err, "%s: DTEND of meeting %d", p.ID, i)
				assert.True(t, m.Start.Equal(start), "%s: DTSTART %v, want %v", p.ID, start, m.Start)
				assert.True(t, m.End.Equal(end), "%s: DTEND %v, want %v", p.ID, end, m.End)
				prop := func(name ics.ComponentProperty) string {
					if p := ev.GetProperty(name); p != nil {
						return p.Value
					}
					return ""
				}
				assert.Equal(t, "Meeting with "+strings.ReplaceAll(m.WithName, "\r\n", " "), prop(ics.ComponentPropertySummary),
					"%s: SUMMARY of meeting %d", p.ID, i)
				assert.Equal(t, m.Table, prop(ics.ComponentPropertyLocation), "%s: LOCATION of meeting %d", p.ID, i)
				desc := prop(ics.ComponentPropertyDescription)
				if m.Why != "" {
					assert.Contains(t, desc, "Why: "+m.Why+"\n", "%s: DESCRIPTION of meeting %d says why", p.ID, i)
				}
				assert.Contains(t, desc, "Match score ", "%s: DESCRIPTION of meeting %d", p.ID, i)
				assert.Equal(t, "2", prop(ics.ComponentPropertySequence), "%s: SEQUENCE of meeting %d", p.ID, i)
			}
		})
	}
}

// checkLines checks the content lines of a calendar: CRLF-terminated, at
// most 75 octets, valid UTF-8 (RFC 5545 section 3.1).
func checkLines(t *testing.T, who, cal string) {
	t.Helper()
	require.True(t, strings.HasSuffix(cal, "\r\n"), "%s: calendar ends with CRLF", who)
	for i, l := range strings.Split(strings.TrimSuffix(cal, "\r\n"), "\r\n") {
		assert.LessOrEqual(t, len(l), 75, "%s: line %d %q over 75 octets", who, i+1, l)
		assert.True(t, utf8.ValidString(l), "%s: line %d is valid UTF-8", who, i+1)
		assert.NotContains(t, l, "\n", "%s: line %d holds a bare LF", who, i+1)
		assert.NotContains(t, l, "\r", "%s: line %d holds a bare CR", who, i+1)
	}
}

// TestUIDStable checks that a meeting's UID is the same in both agendas
// and after the meeting moves, and differs between pairs and events.
func TestUIDStable(t *testing.T) {
	x := smallExport()
	uid := func(x *event.Export, id, with string) string {
		t.Helper()
		a, err := x.Agenda(id)
		require.NoError(t, err, "Agenda(%s)", id)
		for _, m := range a.Meetings {
			if m.With == with {
				return m.UID
			}
		}
		t.Fatalf("%s does not meet %s", id, with)
		return ""
	}
	lt := uid(x, "lyon", "turin")
	assert.Equal(t, lt, uid(x, "turin", "lyon"), "the same UID in both agendas")
	assert.NotEqual(t, lt, uid(x, "lyon", "porto"), "another pair, another UID")

	moved := *x
	plan := *x.Plan
	plan.Meetings = append([]event.Meeting(nil), x.Plan.Meetings...)
	plan.Meetings[0].Slot, plan.Meetings[0].Table = 3, "B"
	plan.Meetings[0].Start, plan.Meetings[0].End = day.Add(60*time.Minute), day.Add(80*time.Minute)
	moved.Plan = &plan
	assert.Equal(t, lt, uid(&moved, "lyon", "turin"), "the UID stays when the meeting moves")

	other := *x
	other.Spec.Name = "Turin mobility day"
	assert.NotEqual(t, lt, uid(&other, "lyon", "turin"), "another event, another UID")
}

// TestUIDReschedule checks the UID through the scheduler: a meeting that
// Reschedule moves keeps its UID in the calendars.
func TestUIDReschedule(t *testing.T) {
	ctx := context.Background()
	spec := event.Spec{
		Sessions:     []event.Session{{Start: day, SlotMinutes: 20, Slots: 3}},
		Tables:       []event.Table{{ID: "A"}, {ID: "B"}},
		Participants: []event.Participant{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}},
	}
	ev, err := event.New(spec)
	require.NoError(t, err, "New")
	for _, r := range [][2]string{{"a", "b"}, {"c", "d"}, {"a", "c"}} {
		_, err := ev.Request(r[0], r[1])
		require.NoError(t, err, "Request(%s, %s)", r[0], r[1])
		_, err = ev.Accept(r[0], r[1])
		require.NoError(t, err, "Accept(%s, %s)", r[0], r[1])
	}
	prev, err := ev.Schedule(ctx, event.Config{})
	require.NoError(t, err, "Schedule")
	require.NoError(t, ev.RemoveParticipant("d"), "RemoveParticipant(d)")
	next, err := ev.Reschedule(ctx, prev, event.Config{})
	require.NoError(t, err, "Reschedule")

	uids := func(spec event.Spec, plan *event.Plan) map[string]string {
		x := &event.Export{Spec: spec, Plan: plan}
		a, err := x.Agenda("a")
		require.NoError(t, err, "Agenda(a)")
		out := map[string]string{}
		for _, m := range a.Meetings {
			out[m.With] = m.UID
		}
		return out
	}
	before, after := uids(spec, prev), uids(ev.Spec(), next)
	require.NotEmpty(t, after, "a keeps meetings after d cancels")
	for with, u := range after {
		assert.Equal(t, before[with], u, "UID of a's meeting with %s across the reschedule", with)
	}
}

// failWriter fails every write.
type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestExportErrors(t *testing.T) {
	x := smallExport()
	noPlan := *x
	noPlan.Plan = nil
	disk := errors.New("disk full")
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"no plan: report", func() error { _, err := noPlan.Report(); return err }, event.ErrInvalid},
		{"no plan: csv", func() error { return noPlan.WriteCSV(&bytes.Buffer{}) }, event.ErrInvalid},
		{"no plan: ics", func() error { return noPlan.WriteICS(&bytes.Buffer{}, "lyon") }, event.ErrInvalid},
		{"unknown: agenda", func() error { _, err := x.Agenda("paris"); return err }, event.ErrUnknownParticipant},
		{"unknown: agenda csv", func() error { return x.WriteAgendaCSV(&bytes.Buffer{}, "paris") }, event.ErrUnknownParticipant},
		{"unknown: ics", func() error { return x.WriteICS(&bytes.Buffer{}, "paris") }, event.ErrUnknownParticipant},
		{"writer: csv", func() error { return x.WriteCSV(failWriter{disk}) }, disk},
		{"writer: agenda csv", func() error { return x.WriteAgendaCSV(failWriter{disk}, "lyon") }, disk},
		{"writer: ics", func() error { return x.WriteICS(failWriter{disk}, "lyon") }, disk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.ErrorIs(t, err, tt.want, "%s", tt.name)
			assert.True(t, strings.HasPrefix(err.Error(), "event: "), "%s: %q says the package", tt.name, err)
		})
	}
	_, err := noPlan.Report()
	var fe *profile.FieldError
	require.ErrorAs(t, err, &fe, "no plan")
	assert.Equal(t, "plan", fe.Field, "no plan: the field named")
	_, err = x.Agenda("paris")
	assert.Contains(t, err.Error(), `"paris"`, "unknown participant: the id named")
}

// TestReportSchedule checks a Report of a real schedule: every meeting in
// the two agendas of its participants and at its table, every unplaced
// request in the agendas of both.
func TestReportSchedule(t *testing.T) {
	// 30 participants, up to 120 accepted requests between seeded random
	// pairs, in a session of 6 slots at 5 tables: too many to place all.
	spec := event.Spec{Sessions: []event.Session{{Start: day, SlotMinutes: 20, Slots: 6}}}
	for i := range 5 {
		spec.Tables = append(spec.Tables, event.Table{ID: fmt.Sprintf("t%d", i+1)})
	}
	for i := range 30 {
		spec.Participants = append(spec.Participants, event.Participant{ID: fmt.Sprintf("p%02d", i+1)})
	}
	ev, err := event.New(spec)
	require.NoError(t, err, "New")
	rng := rand.New(rand.NewPCG(7, 1))
	for range 120 {
		a, b := spec.Participants[rng.IntN(30)].ID, spec.Participants[rng.IntN(30)].ID
		if r, err := ev.Request(a, b); err == nil && !r.Mutual {
			_, err = ev.Accept(a, b)
			require.NoError(t, err, "Accept(%s, %s)", a, b)
			require.NoError(t, ev.SetScore(a, b, rng.Float64()), "SetScore(%s, %s)", a, b)
		}
	}
	plan, err := ev.Schedule(context.Background(), event.Config{})
	require.NoError(t, err, "Schedule")
	spec = ev.Spec()
	r, err := (&event.Export{Spec: spec, Plan: plan}).Report()
	require.NoError(t, err, "Report")
	assert.Equal(t, len(plan.Meetings), r.Meetings, "meetings")
	require.Len(t, r.Agendas, len(spec.Participants), "an agenda per participant")
	inAgendas, unplaced := 0, 0
	for _, a := range r.Agendas {
		inAgendas += len(a.Meetings)
		unplaced += len(a.Unplaced)
		for i := 1; i < len(a.Meetings); i++ {
			assert.False(t, a.Meetings[i].Start.Before(a.Meetings[i-1].End), "%s: meetings %d and %d overlap", a.Participant, i-1, i)
		}
	}
	assert.Equal(t, 2*len(plan.Meetings), inAgendas, "each meeting in two agendas")
	assert.Equal(t, 2*len(plan.Unplaced), unplaced, "each unplaced request in two agendas")
	atTables := 0
	for _, tp := range r.Tables {
		atTables += len(tp.Meetings)
	}
	assert.Equal(t, len(plan.Meetings), atTables, "each meeting at one table")
	assert.Len(t, r.Unplaced, len(plan.Unplaced), "unplaced")
}

// FuzzICS writes calendars of arbitrary names and reasons and checks that
// every line is well formed and that the library's parser reads the names
// back as written, up to what iCalendar text cannot hold.
func FuzzICS(f *testing.F) {
	for _, s := range []string{"", "plain", `a, b; c\d "e"`, "line\r\nbreak\nand\rmore", "tab\there",
		"\x00\x7f\u0085 controls", strings.Repeat("é", 80), "\xff\xfe not utf-8", "ends with \\"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, why string) {
		x := smallExport()
		x.Name = func(string) string { return name }
		x.Why = func(string, string) string { return why }
		var buf bytes.Buffer
		require.NoError(t, x.WriteICS(&buf, "lyon"), "WriteICS")
		checkLines(t, "lyon", buf.String())
		cal, err := ics.ParseCalendar(strings.NewReader(buf.String()))
		require.NoError(t, err, "parsing %q", buf.String())
		evs := cal.Events()
		require.Len(t, evs, 2, "lyon's meetings")
		clean := !strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) })
		if utf8.ValidString(name) && clean && name != "" {
			s := evs[0].GetProperty(ics.ComponentPropertySummary)
			require.NotNil(t, s, "SUMMARY")
			assert.Equal(t, "Meeting with "+name, s.Value, "SUMMARY of name %q", name)
		}
	})
}
