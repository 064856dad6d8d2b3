package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/event"
	"github.com/clustergo/partnermatch/profile"
)

// eventDay is when the test events take place.
var eventDay = time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)

// testSpec returns the spec of a small event of the first n profiles: a
// session of six 20-minute slots with a break, two tables.
func testSpec(ps []profile.Profile, n int) event.Spec {
	spec := event.Spec{
		Name: "Test matchmaking",
		Sessions: []event.Session{{Name: "Morning", Start: eventDay, SlotMinutes: 20, Slots: 6,
			Breaks: []event.Span{{From: eventDay.Add(40 * time.Minute), To: eventDay.Add(60 * time.Minute)}}}},
		Tables: []event.Table{{ID: "A"}, {ID: "B"}},
	}
	for _, p := range ps[:n] {
		spec.Participants = append(spec.Participants, event.Participant{ID: p.ID})
	}
	return spec
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err, "marshal %T", v)
	return string(b)
}

// createEvent posts spec and returns the new event's id.
func createEvent(t *testing.T, h http.Handler, spec event.Spec) string {
	t.Helper()
	rec := do(t, h, http.MethodPost, "/events", typeJSON, jsonOf(t, spec))
	require.Equal(t, http.StatusCreated, rec.Code, "POST /events: %s", rec.Body.String())
	got := decode[eventJSON](t, rec)
	assert.Equal(t, "/events/"+got.ID, rec.Header().Get("Location"), "POST /events: Location")
	return got.ID
}

// pair posts {from, to} to an action route and returns the response.
func pair(t *testing.T, h http.Handler, id, action, from, to string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodPost, "/events/"+id+"/"+action, typeJSON, jsonOf(t, pairJSON{From: from, To: to}))
}

// TestEventFlow drives an event through the API as an organiser's portal
// would: create it, add participants, recommend, request, accept and
// decline, schedule, read the plan and the agendas in every format, and
// reschedule after a late change.
func TestEventFlow(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, writable(options{}))
	spec := testSpec(ps, 6)
	id := createEvent(t, h, spec)

	// Two participants more: an array, then one object.
	more := []event.Participant{{ID: ps[6].ID}, {ID: ps[7].ID}}
	rec := do(t, h, http.MethodPost, "/events/"+id+"/participants", typeJSON, jsonOf(t, more))
	require.Equal(t, http.StatusCreated, rec.Code, "POST participants: %s", rec.Body.String())
	assert.Equal(t, map[string]int{"count": 2, "participants": 8}, decode[map[string]int](t, rec), "POST participants")
	rec = do(t, h, http.MethodPost, "/events/"+id+"/participants", typeJSON, jsonOf(t, event.Participant{ID: ps[8].ID, MaxMeetings: 2}))
	require.Equal(t, http.StatusCreated, rec.Code, "POST one participant: %s", rec.Body.String())
	ids := idsOf(ps[:9])

	rec = do(t, h, http.MethodGet, "/events", "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET /events")
	list := decode[struct{ Events []eventSummaryJSON }](t, rec)
	require.Len(t, list.Events, 1, "GET /events")
	assert.Equal(t, eventSummaryJSON{ID: id, Name: spec.Name, Participants: 9}, list.Events[0], "GET /events")

	// Recommendations are other participants, best first.
	rec = do(t, h, http.MethodGet, "/events/"+id+"/recommend/"+ids[0]+"?limit=3", "", "")
	require.Equal(t, http.StatusOK, rec.Code, "recommend: %s", rec.Body.String())
	recs := decode[recommendJSON](t, rec)
	require.Len(t, recs.Matches, 3, "recommend: limit 3")
	for i, m := range recs.Matches {
		assert.Contains(t, ids[1:], m.ID, "recommend: %s is another participant", m.ID)
		assert.NotEmpty(t, m.Summary, "recommend: reasons of %s", m.ID)
		if i > 0 {
			assert.LessOrEqual(t, m.Score, recs.Matches[i-1].Score, "recommend: best first")
		}
	}

	// The opt-in flow: a mutual pair, accepted and declined requests.
	steps := []struct {
		action, from, to string
		status           int
		want             event.Status
		mutual           bool
	}{
		{"requests", ids[0], ids[1], http.StatusCreated, event.Requested, false},
		{"requests", ids[1], ids[0], http.StatusCreated, event.Accepted, true},
		{"requests", ids[2], ids[3], http.StatusCreated, event.Requested, false},
		{"accept", ids[2], ids[3], http.StatusOK, event.Accepted, false},
		{"requests", ids[4], ids[5], http.StatusCreated, event.Requested, false},
		{"decline", ids[4], ids[5], http.StatusOK, event.Declined, false},
		{"requests", ids[0], ids[2], http.StatusCreated, event.Requested, false},
		{"accept", ids[0], ids[2], http.StatusOK, event.Accepted, false},
		{"requests", ids[6], ids[8], http.StatusCreated, event.Requested, false},
		{"accept", ids[6], ids[8], http.StatusOK, event.Accepted, false},
	}
	for _, st := range steps {
		rec := pair(t, h, id, st.action, st.from, st.to)
		require.Equal(t, st.status, rec.Code, "%s %s -> %s: %s", st.action, st.from, st.to, rec.Body.String())
		got := decode[event.Request](t, rec)
		assert.Equal(t, st.want, got.Status, "%s %s -> %s: status", st.action, st.from, st.to)
		assert.Equal(t, st.mutual, got.Mutual, "%s %s -> %s: mutual", st.action, st.from, st.to)
	}
	rec = do(t, h, http.MethodGet, "/events/"+id+"/requests?participant="+ids[0], "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET requests")
	assert.Len(t, decode[struct{ Requests []event.Request }](t, rec).Requests, 2, "requests of %s: the mutual one and to %s", ids[0], ids[2])

	// Schedule: four accepted requests (one mutual) fit easily.
	rec = do(t, h, http.MethodPost, "/events/"+id+"/schedule", typeJSON, `{"seed": 3}`)
	require.Equal(t, http.StatusOK, rec.Code, "schedule: %s", rec.Body.String())
	plan := decode[planJSON](t, rec)
	assert.Equal(t, id, plan.Event, "schedule: event")
	assert.Equal(t, 4, plan.Meetings, "schedule: every accepted request placed")
	assert.False(t, plan.Stale, "schedule: fresh")
	require.Len(t, plan.Agendas, 9, "schedule: an agenda per participant")
	for _, a := range plan.Agendas {
		assert.NotEmpty(t, a.Name, "schedule: %s named by its profile", a.Participant)
	}

	rec = do(t, h, http.MethodGet, "/events/"+id+"/plan", "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET plan")
	assert.Equal(t, plan.Meetings, decode[planJSON](t, rec).Meetings, "GET plan: the plan scheduled")

	// The agenda of ids[0]: two meetings, with reasons, in JSON, ICS, CSV.
	rec = do(t, h, http.MethodGet, "/events/"+id+"/agendas/"+ids[0], "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET agenda: %s", rec.Body.String())
	agenda := decode[event.Agenda](t, rec)
	require.Len(t, agenda.Meetings, 2, "agenda of %s", ids[0])
	for _, m := range agenda.Meetings {
		assert.NotEmpty(t, m.Why, "agenda of %s: why it meets %s", ids[0], m.With)
		assert.Contains(t, []string{ids[1], ids[2]}, m.With, "agenda of %s: with", ids[0])
	}
	rec = do(t, h, http.MethodGet, "/events/"+id+"/agendas/"+ids[0]+"/ics", "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET ics")
	assert.Equal(t, "text/calendar; charset=utf-8", rec.Header().Get("Content-Type"), "ics: content type")
	assert.Contains(t, rec.Header().Get("Content-Disposition"), `filename=`+id+"-"+ids[0]+".ics", "ics: file name")
	cal, err := ics.ParseCalendar(strings.NewReader(rec.Body.String()))
	require.NoError(t, err, "ics parses")
	require.Len(t, cal.Events(), 2, "ics: one VEVENT per meeting")
	for i, ev := range cal.Events() {
		assert.Equal(t, agenda.Meetings[i].UID, ev.Id(), "ics: UID %d", i)
		assert.Equal(t, "Meeting with "+agenda.Meetings[i].WithName, ev.GetProperty(ics.ComponentPropertySummary).Value, "ics: SUMMARY %d", i)
	}
	rec = do(t, h, http.MethodGet, "/events/"+id+"/agendas/"+ids[0]+"/csv", "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET agenda csv")
	rows, err := csv.NewReader(rec.Body).ReadAll()
	require.NoError(t, err, "agenda csv parses")
	assert.Len(t, rows, 3, "agenda csv: a header and two meetings")

	rec = do(t, h, http.MethodGet, "/events/"+id+"/plan.csv", "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET plan.csv")
	assert.Equal(t, "text/csv; charset=utf-8", rec.Header().Get("Content-Type"), "plan.csv: content type")
	rows, err = csv.NewReader(rec.Body).ReadAll()
	require.NoError(t, err, "plan.csv parses")
	assert.Len(t, rows, 1+4, "plan.csv: a header and four meetings")

	// A late change makes the plan stale; rescheduling with keep leaves
	// the meetings where they were.
	pair(t, h, id, "requests", ids[3], ids[4])
	require.Equal(t, http.StatusOK, pair(t, h, id, "accept", ids[3], ids[4]).Code, "late accept")
	rec = do(t, h, http.MethodGet, "/events/"+id, "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET event")
	assert.True(t, decode[eventJSON](t, rec).Stale, "GET event: stale after a late change")
	rec = do(t, h, http.MethodPost, "/events/"+id+"/schedule", typeJSON, `{"keep": true, "seed": 3}`)
	require.Equal(t, http.StatusOK, rec.Code, "reschedule: %s", rec.Body.String())
	re := decode[planJSON](t, rec)
	assert.Equal(t, 5, re.Meetings, "reschedule: the late meeting placed")
	assert.Equal(t, 4, re.Kept, "reschedule: every earlier meeting kept in place")
	// The calendar updates: the same UIDs, a higher SEQUENCE.
	for i, ev := range cal.Events() {
		assert.Equal(t, "0", ev.GetProperty(ics.ComponentPropertySequence).Value, "ics: SEQUENCE %d of the first plan", i)
	}
	rec = do(t, h, http.MethodGet, "/events/"+id+"/agendas/"+ids[0]+"/ics", "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET ics after the reschedule")
	cal2, err := ics.ParseCalendar(strings.NewReader(rec.Body.String()))
	require.NoError(t, err, "ics after the reschedule parses")
	require.Len(t, cal2.Events(), len(cal.Events()), "ics after the reschedule: the same meetings of %s", ids[0])
	for i, ev := range cal2.Events() {
		assert.Equal(t, cal.Events()[i].Id(), ev.Id(), "ics after the reschedule: UID %d", i)
		assert.Equal(t, "1", ev.GetProperty(ics.ComponentPropertySequence).Value, "ics after the reschedule: SEQUENCE %d", i)
	}

	rec = do(t, h, http.MethodDelete, "/events/"+id, "", "")
	assert.Equal(t, http.StatusNoContent, rec.Code, "DELETE event")
	assertError(t, do(t, h, http.MethodGet, "/events/"+id, "", ""), http.StatusNotFound, "GET a deleted event")
}

// TestEventErrors checks that bad input to the event routes is a 4xx
// naming the field and the value.
func TestEventErrors(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, writable(options{MaxBody: 1 << 20}))
	id := createEvent(t, h, testSpec(ps, 6))
	ids := idsOf(ps[:6])
	pair(t, h, id, "requests", ids[0], ids[1])
	pair(t, h, id, "requests", ids[2], ids[3])
	pair(t, h, id, "accept", ids[2], ids[3])

	across := testSpec(ps, 4)
	across.Roles = event.AcrossRoles
	for i := range across.Participants {
		across.Participants[i].Role = []string{"buyer", "seller"}[i%2]
	}
	rolesID := createEvent(t, h, across)

	bad := testSpec(ps, 6)
	bad.Sessions[0].SlotMinutes = 25
	unknown := testSpec(ps, 2)
	unknown.Participants[1].ID = "synth-99999"
	tooMany := testSpec(ps, 1)
	for i := range event.MaxParticipants {
		tooMany.Participants = append(tooMany.Participants, event.Participant{ID: fmt.Sprintf("p%05d", i)})
	}
	huge := `{"name": "` + strings.Repeat("x", 1<<20) + `"}`

	tests := []struct {
		name, method, target, ct, body string
		status                         int
		field, value                   string
	}{
		{"spec: not JSON", "POST", "/events", typeJSON, `{"sessions": `, 400, "body", ""},
		{"spec: unknown key", "POST", "/events", typeJSON, `{"rooms": []}`, 400, "rooms", ""},
		{"spec: content type", "POST", "/events", "text/plain", `{}`, 415, "", ""},
		{"spec: invalid", "POST", "/events", typeJSON, jsonOf(t, bad), 400, "sessions[0].slot_minutes", "25"},
		{"spec: unknown profile", "POST", "/events", typeJSON, jsonOf(t, unknown), 404, "participants[1].id", "synth-99999"},
		{"spec: too many participants", "POST", "/events", typeJSON, jsonOf(t, tooMany), 413, "participants", "10001"},
		{"spec: body too large", "POST", "/events", typeJSON, huge, 413, "", ""},
		{"spec: query parameter", "POST", "/events?x=1", typeJSON, `{}`, 400, "x", ""},
		{"unknown event", "GET", "/events/e999", "", "", 404, "event", "e999"},
		{"unknown event: plan", "GET", "/events/e999/plan", "", "", 404, "event", "e999"},
		{"unknown event: schedule", "POST", "/events/e999/schedule", typeJSON, `{}`, 404, "event", "e999"},
		{"event id ..", "GET", "/events/%2e%2e/plan", "", "", 400, "", ""},
		{"participants: invalid", "POST", "/events/" + id + "/participants", typeJSON, `[{"id": "` + ps[7].ID + `", "people": -1}]`,
			400, "participants[0].people", "-1"},
		{"participants: unknown profile", "POST", "/events/" + id + "/participants", typeJSON, `{"id": "synth-99999"}`,
			404, "participants[0].id", "synth-99999"},
		{"participants: none", "POST", "/events/" + id + "/participants", typeJSON, `[]`, 400, "body", ""},
		{"participants: wrong type", "POST", "/events/" + id + "/participants", typeJSON, `[{"id": 7}]`, 400, "id", ""},
		{"recommend: unknown participant", "GET", "/events/" + id + "/recommend/" + ps[9].ID, "", "", 404, "participant", ps[9].ID},
		{"recommend: bad id", "GET", "/events/" + id + "/recommend/a%20b", "", "", 400, "", ""},
		{"recommend: limit", "GET", "/events/" + id + "/recommend/" + ids[0] + "?limit=1000", "", "", 400, "limit", "1000"},
		{"recommend: model", "GET", "/events/" + id + "/recommend/" + ids[0] + "?model=nope", "", "", 400, "model", "nope"},
		{"recommend: unknown parameter", "GET", "/events/" + id + "/recommend/" + ids[0] + "?limt=3", "", "", 400, "limt", ""},
		{"request: unknown from", "POST", "/events/" + id + "/requests", typeJSON, jsonOf(t, pairJSON{From: "synth-99999", To: ids[0]}),
			404, "from", "synth-99999"},
		{"request: no to", "POST", "/events/" + id + "/requests", typeJSON, `{"from": "` + ids[0] + `"}`, 400, "to", ""},
		{"request: self", "POST", "/events/" + id + "/requests", typeJSON, jsonOf(t, pairJSON{From: ids[0], To: ids[0]}), 400, "to", ids[0]},
		{"request: twice", "POST", "/events/" + id + "/requests", typeJSON, jsonOf(t, pairJSON{From: ids[0], To: ids[1]}), 409, "to", ids[1]},
		{"request: roles", "POST", "/events/" + rolesID + "/requests", typeJSON,
			jsonOf(t, pairJSON{From: across.Participants[0].ID, To: across.Participants[2].ID}), 422, "to", across.Participants[2].ID},
		{"accept: never asked", "POST", "/events/" + id + "/accept", typeJSON, jsonOf(t, pairJSON{From: ids[4], To: ids[5]}), 404, "to", ids[5]},
		{"accept: twice", "POST", "/events/" + id + "/accept", typeJSON, jsonOf(t, pairJSON{From: ids[2], To: ids[3]}), 409, "to", ids[3]},
		{"schedule: method", "POST", "/events/" + id + "/schedule", typeJSON, `{"method": "best"}`, 400, "method", "best"},
		{"schedule: rounds", "POST", "/events/" + id + "/schedule", typeJSON, `{"rounds": 1000}`, 400, "rounds", "1000"},
		{"schedule: model", "POST", "/events/" + id + "/schedule", typeJSON, `{"model": "nope"}`, 400, "model", "nope"},
		{"schedule: unknown key", "POST", "/events/" + id + "/schedule", typeJSON, `{"keep": true, "tables": 3}`, 400, "tables", ""},
		{"plan: not scheduled", "GET", "/events/" + id + "/plan", "", "", 404, "event", id},
		{"plan.csv: not scheduled", "GET", "/events/" + id + "/plan.csv", "", "", 404, "event", id},
		{"agenda: not scheduled", "GET", "/events/" + id + "/agendas/" + ids[0] + "/ics", "", "", 404, "event", id},
		{"agenda: unknown participant", "GET", "/events/" + id + "/agendas/synth-99999", "", "", 404, "participant", "synth-99999"},
		{"requests: unknown participant", "GET", "/events/" + id + "/requests?participant=synth-99999", "", "", 404, "participant", "synth-99999"},
		{"wrong method", "PUT", "/events/" + id, "", "", 405, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, tt.method, tt.target, tt.ct, tt.body)
			assertError(t, rec, tt.status, "%s %s", tt.method, tt.target)
			got := decode[errorJSON](t, rec)
			assert.Equal(t, tt.field, got.Field, "%s: field (%s)", tt.name, got.Error)
			assert.Equal(t, tt.value, got.Value, "%s: value (%s)", tt.name, got.Error)
		})
	}
}

// TestEventAuth checks that the event writes need the token, and that
// the reads do not.
func TestEventAuth(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	body := jsonOf(t, testSpec(ps, 4))
	send := func(h http.Handler, method, target, auth, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		req.Header.Set("Content-Type", typeJSON)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	ro := newServer(eng, options{})
	assertError(t, send(ro, "POST", "/events", "Bearer "+testToken, body), http.StatusForbidden, "read-only portal")
	rw := newServer(eng, writable(options{}))
	assertError(t, send(rw, "POST", "/events", "", body), http.StatusUnauthorized, "no token")
	assertError(t, send(rw, "POST", "/events", "Bearer wrong-token-0000000", body), http.StatusUnauthorized, "wrong token")
	id := createEvent(t, rw, testSpec(ps, 4))
	for _, w := range []struct{ method, target, body string }{
		{"POST", "/events/" + id + "/participants", `{"id": "` + ps[5].ID + `"}`},
		{"POST", "/events/" + id + "/requests", jsonOf(t, pairJSON{From: ps[0].ID, To: ps[1].ID})},
		{"POST", "/events/" + id + "/accept", jsonOf(t, pairJSON{From: ps[0].ID, To: ps[1].ID})},
		{"POST", "/events/" + id + "/decline", jsonOf(t, pairJSON{From: ps[0].ID, To: ps[1].ID})},
		{"POST", "/events/" + id + "/schedule", `{}`},
		{"DELETE", "/events/" + id, ""},
	} {
		assertError(t, send(rw, w.method, w.target, "", w.body), http.StatusUnauthorized, "%s %s without a token", w.method, w.target)
	}
	for _, target := range []string{"/events", "/events/" + id, "/events/" + id + "/requests", "/events/" + id + "/recommend/" + ps[0].ID} {
		assert.Equal(t, http.StatusOK, send(rw, "GET", target, "", "").Code, "GET %s without a token", target)
	}
}

// TestEventLimit checks that the portal holds at most maxEvents events,
// and makes room when one is deleted.
func TestEventLimit(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, writable(options{}))
	spec := testSpec(ps, 2)
	var first string
	for i := range maxEvents {
		id := createEvent(t, h, spec)
		if i == 0 {
			first = id
		}
	}
	rec := do(t, h, http.MethodPost, "/events", typeJSON, jsonOf(t, spec))
	assertError(t, rec, http.StatusConflict, "one event over the limit")
	assert.Equal(t, errorJSON{Error: decode[errorJSON](t, rec).Error, Field: "events", Value: fmt.Sprint(maxEvents)},
		decode[errorJSON](t, rec), "over the limit: field and value")
	require.Equal(t, http.StatusNoContent, do(t, h, http.MethodDelete, "/events/"+first, "", "").Code, "DELETE")
	createEvent(t, h, spec)
}

// TestEventConcurrent runs requests, schedules and reads of one event at
// once, for -race.
func TestEventConcurrent(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, writable(options{}))
	id := createEvent(t, h, testSpec(ps, 10))
	ids := idsOf(ps[:10])
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for i := range 5 {
				from, to := ids[(g+i)%10], ids[(g+2*i+1)%10]
				if from != to {
					pair(t, h, id, "requests", from, to)
					pair(t, h, id, "accept", from, to)
				}
				do(t, h, http.MethodPost, "/events/"+id+"/schedule", typeJSON, `{"keep": true}`)
				do(t, h, http.MethodGet, "/events/"+id+"/plan", "", "")
				do(t, h, http.MethodGet, "/events/"+id+"/agendas/"+ids[g]+"/ics", "", "")
			}
		}()
	}
	for range 4 {
		<-done
	}
	rec := do(t, h, http.MethodPost, "/events/"+id+"/schedule", typeJSON, `{}`)
	require.Equal(t, http.StatusOK, rec.Code, "a last schedule: %s", rec.Body.String())
	assert.Positive(t, decode[planJSON](t, rec).Meetings, "meetings after the concurrent requests")
}
