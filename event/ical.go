package event

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"unicode"

	ics "github.com/arran4/golang-ical"
)

// prodID is the PRODID of the calendars, RFC 5545 section 3.7.3.
const prodID = "-//clustergo//partnermatch event//EN"

// WriteICS writes participant id's agenda to w as an iCalendar file (RFC
// 5545) to import into a calendar: METHOD PUBLISH, and one VEVENT per
// meeting with the meeting's UID (see Appointment), Export.Sequence,
// DTSTART and DTEND in UTC, SUMMARY "Meeting with <name>", LOCATION the
// table, and a
// DESCRIPTION that says why they meet (Export.Why) when it is known, the
// score and whether the request was mutual. A participant with no
// meeting gets a calendar with no event. Text is escaped and lines are
// folded at 75 octets by github.com/arran4/golang-ical; line breaks in
// names become spaces and other control characters are dropped, which
// iCalendar text cannot hold. Errors: a missing Plan,
// ErrUnknownParticipant, and w's.
func (x *Export) WriteICS(w io.Writer, id string) error {
	a, err := x.Agenda(id)
	if err != nil {
		return err
	}
	cal := ics.NewCalendarFor("partnermatch")
	cal.SetProductId(prodID)
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	calName := line(a.Name)
	if x.Spec.Name != "" {
		calName = line(x.Spec.Name) + ": " + calName
	}
	cal.SetXWRCalName(calName)
	now := x.stampOf()
	for _, m := range a.Meetings {
		ev := cal.AddEvent(m.UID)
		ev.SetDtStampTime(now)
		ev.SetSequence(x.Sequence)
		ev.SetStartAt(m.Start)
		ev.SetEndAt(m.End)
		ev.SetSummary("Meeting with " + line(m.WithName))
		ev.SetLocation(line(m.Table))
		ev.SetDescription(x.description(m))
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	// CRLF, as RFC 5545 asks: the library defaults to the line ends of
	// the OS. The library drops the errors of some of its writes (the first and
	// last lines): sw keeps the first one.
	sw := &stickyWriter{w: w}
	if err := cmp.Or(cal.SerializeTo(sw, ics.WithNewLineWindows), sw.err); err != nil {
		return fmt.Errorf("event: writing ics for %q: %w", id, cmp.Or(sw.err, err))
	}
	return nil
}

// A stickyWriter writes to w until a write fails, and then keeps that
// error and writes no more.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

// description is the DESCRIPTION of a meeting: why, then the facts.
func (x *Export) description(m Appointment) string {
	var b strings.Builder
	if m.Why != "" {
		fmt.Fprintf(&b, "Why: %s\n", text(m.Why))
	}
	fmt.Fprintf(&b, "Match score %.2f", m.Score)
	switch {
	case m.Mutual:
		b.WriteString(", mutual request.")
	case m.Asked:
		b.WriteString(", you asked.")
	default:
		b.WriteString(", " + line(m.WithName) + " asked.")
	}
	fmt.Fprintf(&b, "\nSession %s, slot %d, table %s (%s).", line(x.sessionName(m.Session)), m.Slot+1, line(m.Table), line(m.With))
	return b.String()
}

// text makes s fit an iCalendar TEXT value: valid UTF-8, line breaks as
// LF (which the library escapes as \n), no other control character but
// tab (RFC 5545 section 3.3.11 allows none).
func text(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n', r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// line is text on one line: line breaks become spaces.
func line(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return ' '
		}
		return r
	}, text(s))
}
