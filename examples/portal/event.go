package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/clustergo/partnermatch/event"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// maxEvents caps the events the portal holds. This is a demo portal: the
// events live in its memory, behind one mutex, until they are deleted or
// the portal stops; a portal of record would keep them in a database.
// Each is bounded by the package event's limits (participants, requests,
// slots, tables) and by -max-body.
const maxEvents = 16

// maxRounds caps the local search rounds a schedule may ask for, so that
// one request cannot ask for unbounded work (the timeout would end it,
// but with nothing to show).
const maxRounds = 100

// An eventStore holds the events of the portal by id.
type eventStore struct {
	mu   sync.Mutex
	next int // the number of the last event made: ids are e1, e2...
	byID map[string]*heldEvent
}

// A heldEvent is an event and its latest plan.
type heldEvent struct {
	id string
	ev *event.Event // safe for concurrent use

	mu      sync.Mutex
	version int         // counts the changes to the event
	plan    *event.Plan // nil until scheduled
	planOf  int         // the version the plan was made of
	seq     int         // how many plans came before: the calendars' SEQUENCE
}

// changed records a change to the event, which makes its plan stale.
func (h *heldEvent) changed() {
	h.mu.Lock()
	h.version++
	h.mu.Unlock()
}

func newEventStore() *eventStore {
	return &eventStore{byID: map[string]*heldEvent{}}
}

// add holds ev under a new id, or returns false when the store is full.
func (st *eventStore) add(ev *event.Event) (*heldEvent, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.byID) >= maxEvents {
		return nil, false
	}
	st.next++
	h := &heldEvent{id: "e" + strconv.Itoa(st.next), ev: ev}
	st.byID[h.id] = h
	return h, true
}

func (st *eventStore) get(id string) (*heldEvent, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	h, ok := st.byID[id]
	return h, ok
}

func (st *eventStore) remove(id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	_, ok := st.byID[id]
	delete(st.byID, id)
	return ok
}

// list returns the events in order of creation.
func (st *eventStore) list() []*heldEvent {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]*heldEvent, 0, len(st.byID))
	for _, h := range st.byID {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b *heldEvent) int {
		x, _ := strconv.Atoi(a.id[1:])
		y, _ := strconv.Atoi(b.id[1:])
		return x - y
	})
	return out
}

// routeEvents adds the event routes to the mux.
func (s *server) routeEvents() {
	s.mux.HandleFunc("GET /events", s.listEvents)
	s.mux.HandleFunc("POST /events", s.write(s.postEvent))
	s.mux.HandleFunc("GET /events/{event}", s.onEvent(s.getEvent))
	s.mux.HandleFunc("DELETE /events/{event}", s.write(s.onEvent(s.deleteEvent)))
	s.mux.HandleFunc("POST /events/{event}/participants", s.write(s.onEvent(s.postParticipants)))
	s.mux.HandleFunc("GET /events/{event}/recommend/{participant}", s.onEvent(s.recommend, "limit", "model", "rules", "min_score"))
	s.mux.HandleFunc("GET /events/{event}/requests", s.onEvent(s.listRequests, "participant"))
	s.mux.HandleFunc("POST /events/{event}/requests", s.write(s.onEvent(s.requestAction("request"))))
	s.mux.HandleFunc("POST /events/{event}/accept", s.write(s.onEvent(s.requestAction("accept"))))
	s.mux.HandleFunc("POST /events/{event}/decline", s.write(s.onEvent(s.requestAction("decline"))))
	s.mux.HandleFunc("POST /events/{event}/schedule", s.write(s.onEvent(s.schedule)))
	s.mux.HandleFunc("GET /events/{event}/plan", s.onEvent(s.getPlan))
	s.mux.HandleFunc("GET /events/{event}/plan.csv", s.onEvent(s.getPlanCSV))
	s.mux.HandleFunc("GET /events/{event}/agendas/{participant}", s.onEvent(s.getAgenda("json")))
	s.mux.HandleFunc("GET /events/{event}/agendas/{participant}/ics", s.onEvent(s.getAgenda("ics")))
	s.mux.HandleFunc("GET /events/{event}/agendas/{participant}/csv", s.onEvent(s.getAgenda("csv")))
}

// An eventHandler serves a route of one event.
type eventHandler func(w http.ResponseWriter, r *http.Request, h *heldEvent)

// onEvent returns the handler of an event route: it answers 400 for a
// query parameter not in allowed, 404 for an unknown event, and calls f
// with the event otherwise.
func (s *server) onEvent(f eventHandler, allowed ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.onlyParams(w, r, allowed...) {
			return
		}
		if h := s.eventOf(w, r); h != nil {
			f(w, r, h)
		}
	}
}

// checkEventPath returns an error for a path under /events/ with a
// segment that is not an id: ".." would be cleaned away by the mux.
func checkEventPath(path string) error {
	rest, ok := strings.CutPrefix(path, "/events/")
	if !ok || rest == "" {
		return nil
	}
	for _, seg := range strings.Split(rest, "/") {
		if err := checkID(seg); err != nil {
			return err
		}
	}
	return nil
}

// eventOf returns the event of the path, or answers 404 and returns nil.
func (s *server) eventOf(w http.ResponseWriter, r *http.Request) *heldEvent {
	id := r.PathValue("event")
	h, ok := s.events.get(id)
	if !ok {
		writeJSON(w, http.StatusNotFound, errorJSON{Error: fmt.Sprintf("unknown event %q", id), Field: "event", Value: id})
		return nil
	}
	return h
}

// participantOf returns the participant id of the path if it is one of
// h's, or answers 400 or 404 and returns false.
func (s *server) participantOf(w http.ResponseWriter, r *http.Request, h *heldEvent) (string, bool) {
	id := r.PathValue("participant")
	if err := checkID(id); err != nil {
		writeJSON(w, http.StatusBadRequest, errorJSON{Error: err.Error(), Field: "participant", Value: id})
		return "", false
	}
	if _, ok := h.ev.Participant(id); !ok {
		writeJSON(w, http.StatusNotFound, errorJSON{Error: fmt.Sprintf("unknown participant %q of event %s", id, h.id),
			Field: "participant", Value: id})
		return "", false
	}
	return id, true
}

// eventFail answers an error of package event: 400 for an invalid spec,
// participant or table (413 over a limit), naming the JSON path of the
// field; 404 for an unknown participant or request; 400 for a request to
// oneself; 409 for a request made twice or a status that cannot change;
// 422 for roles that may not meet. Other errors are the engine's.
func (s *server) eventFail(w http.ResponseWriter, r *http.Request, err error, field, value string) {
	var fe *profile.FieldError
	status := 0
	switch {
	case errors.As(err, &fe):
		status = http.StatusBadRequest
		if errors.Is(err, profile.ErrTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		writeJSON(w, status, errorJSON{Error: fmt.Sprintf("%s %q: %s", fe.Field, fe.Value, fe.Reason), Field: fe.Field, Value: fe.Value})
		return
	case errors.Is(err, event.ErrUnknownParticipant), errors.Is(err, event.ErrUnknownRequest):
		status = http.StatusNotFound
	case errors.Is(err, event.ErrSelfRequest):
		status = http.StatusBadRequest
	case errors.Is(err, event.ErrDuplicateRequest), errors.Is(err, event.ErrStatus):
		status = http.StatusConflict
	case errors.Is(err, event.ErrRoles):
		status = http.StatusUnprocessableEntity
	default:
		s.fail(w, r, err)
		return
	}
	// The message without the package's prefix: its words are the API's.
	writeJSON(w, status, errorJSON{Error: strings.TrimPrefix(err.Error(), "event: "), Field: field, Value: value})
}

// knownProfiles returns a *paramError (404) for the first participant
// that is no profile of the engine: recommendations need profiles.
func (s *server) knownProfiles(field string, ps []event.Participant) error {
	for i, p := range ps {
		if _, ok := s.eng.Get(p.ID); !ok {
			return &paramError{param: fmt.Sprintf("%s[%d].id", field, i), value: p.ID, reason: "unknown profile", status: http.StatusNotFound}
		}
	}
	return nil
}

// eventJSON describes an event.
type eventJSON struct {
	ID        string     `json:"id"`
	Spec      event.Spec `json:"spec"`
	Requests  int        `json:"requests"`
	Scheduled bool       `json:"scheduled"`
	Stale     bool       `json:"stale"` // changed since it was scheduled
}

func (h *heldEvent) describe() eventJSON {
	h.mu.Lock()
	scheduled, stale := h.plan != nil, h.plan != nil && h.planOf != h.version
	h.mu.Unlock()
	return eventJSON{ID: h.id, Spec: h.ev.Spec(), Requests: len(h.ev.Requests()), Scheduled: scheduled, Stale: stale}
}

// eventSummaryJSON is one event of GET /events.
type eventSummaryJSON struct {
	ID           string `json:"id"`
	Name         string `json:"name,omitempty"`
	Participants int    `json:"participants"`
	Requests     int    `json:"requests"`
	Scheduled    bool   `json:"scheduled"`
}

func (s *server) listEvents(w http.ResponseWriter, r *http.Request) {
	if !s.onlyParams(w, r) {
		return
	}
	out := []eventSummaryJSON{}
	for _, h := range s.events.list() {
		d := h.describe()
		out = append(out, eventSummaryJSON{ID: d.ID, Name: d.Spec.Name, Participants: len(d.Spec.Participants),
			Requests: d.Requests, Scheduled: d.Scheduled})
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out, "max": maxEvents})
}

// postEvent makes an event of the JSON Spec of the body.
func (s *server) postEvent(w http.ResponseWriter, r *http.Request) {
	if !s.onlyParams(w, r) {
		return
	}
	var spec event.Spec
	if !s.readJSON(w, r, &spec, false) {
		return
	}
	ev, err := event.New(spec)
	if err != nil {
		s.eventFail(w, r, err, "", "")
		return
	}
	if err := s.knownProfiles("participants", spec.Participants); err != nil {
		s.fail(w, r, err)
		return
	}
	h, ok := s.events.add(ev)
	if !ok {
		writeJSON(w, http.StatusConflict, errorJSON{
			Error: fmt.Sprintf("the portal holds %d events, its most: delete one first (DELETE /events/{id})", maxEvents),
			Field: "events", Value: strconv.Itoa(maxEvents)})
		return
	}
	w.Header().Set("Location", "/events/"+h.id)
	writeJSON(w, http.StatusCreated, h.describe())
}

func (s *server) getEvent(w http.ResponseWriter, r *http.Request, h *heldEvent) {
	writeJSON(w, http.StatusOK, h.describe())
}

func (s *server) deleteEvent(w http.ResponseWriter, r *http.Request, h *heldEvent) {
	s.events.remove(h.id)
	w.WriteHeader(http.StatusNoContent)
}

// postParticipants adds the participants of the body, a JSON array or
// one object, all or none; one with the id of a participant replaces it.
func (s *server) postParticipants(w http.ResponseWriter, r *http.Request, h *heldEvent) {
	var raw json.RawMessage
	if !s.readJSON(w, r, &raw, false) {
		return
	}
	var ps []event.Participant
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] != '[' {
		raw = append(append([]byte{'['}, t...), ']')
	}
	if err := decodeBody(bytes.NewReader(raw), &ps); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(ps) == 0 {
		s.fail(w, r, &paramError{param: "body", reason: "no participants"})
		return
	}
	// Validate them all first, as part of the spec, so that none is added
	// when one is bad.
	spec := h.ev.Spec()
	spec.Participants = slices.DeleteFunc(spec.Participants, func(p event.Participant) bool {
		return slices.ContainsFunc(ps, func(q event.Participant) bool { return q.ID == p.ID })
	})
	n := len(spec.Participants)
	spec.Participants = append(spec.Participants, ps...)
	if _, err := event.New(spec); err != nil {
		var fe *profile.FieldError
		if errors.As(err, &fe) { // name the body's index, not the spec's
			fe.Field = reindex(fe.Field, n)
		}
		s.eventFail(w, r, err, "", "")
		return
	}
	if err := s.knownProfiles("participants", ps); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range ps {
		if err := h.ev.AddParticipant(p); err != nil { // validated above: a change in between
			s.eventFail(w, r, err, "", "")
			return
		}
	}
	h.changed()
	writeJSON(w, http.StatusCreated, map[string]int{"count": len(ps), "participants": len(h.ev.Spec().Participants)})
}

// reindex turns "participants[i]..." of a spec whose first n participants
// were there before into "participants[i-n]...", the index in the body.
func reindex(field string, n int) string {
	rest, ok := strings.CutPrefix(field, "participants[")
	if !ok {
		return field
	}
	num, tail, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(num)
	if !ok || err != nil || i < n {
		return field
	}
	return fmt.Sprintf("participants[%d]%s", i-n, tail)
}

// recommendJSON is the response of GET /events/{event}/recommend/{participant}.
type recommendJSON struct {
	Participant string        `json:"participant"`
	Matches     []match.Match `json:"matches"`
}

// recommend proposes whom a participant should ask to meet.
func (s *server) recommend(w http.ResponseWriter, r *http.Request, h *heldEvent) {
	id, ok := s.participantOf(w, r, h)
	if !ok {
		return
	}
	q := r.URL.Query()
	limit, err := intParam(q, "limit", 0, 0, maxSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	minScore, err := floatParam(q, "min_score", 0, 1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ms, err := h.ev.Recommend(r.Context(), s.eng, id, event.RecommendQuery{Limit: limit, Model: q.Get("model"), Rules: q.Get("rules"), MinScore: minScore})
	if err != nil {
		s.eventFail(w, r, err, "participant", id)
		return
	}
	if ms == nil {
		ms = []match.Match{}
	}
	writeJSON(w, http.StatusOK, recommendJSON{Participant: id, Matches: ms})
}

// listRequests lists the requests of an event, of one participant (from
// or to) if ?participant= names one.
func (s *server) listRequests(w http.ResponseWriter, r *http.Request, h *heldEvent) {
	rs := h.ev.Requests()
	if id := r.URL.Query().Get("participant"); id != "" {
		if _, ok := h.ev.Participant(id); !ok {
			writeJSON(w, http.StatusNotFound, errorJSON{Error: fmt.Sprintf("unknown participant %q of event %s", id, h.id),
				Field: "participant", Value: id})
			return
		}
		rs = slices.DeleteFunc(rs, func(q event.Request) bool { return q.From != id && q.To != id })
	}
	if rs == nil {
		rs = []event.Request{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"requests": rs})
}

// pairJSON is the body of the request, accept and decline routes.
type pairJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// requestAction returns the handler of a step of the opt-in flow: make
// the request (201), accept it or decline it (200), answering with the
// request as it stands.
func (s *server) requestAction(action string) eventHandler {
	return func(w http.ResponseWriter, r *http.Request, h *heldEvent) {
		var p pairJSON
		if !s.readJSON(w, r, &p, false) {
			return
		}
		for _, f := range []struct{ key, id string }{{"from", p.From}, {"to", p.To}} {
			if f.id == "" {
				s.fail(w, r, &paramError{param: f.key, reason: "a participant id is required"})
				return
			}
			if _, ok := h.ev.Participant(f.id); !ok {
				writeJSON(w, http.StatusNotFound, errorJSON{Error: fmt.Sprintf("%s %q: unknown participant of event %s", f.key, f.id, h.id),
					Field: f.key, Value: f.id})
				return
			}
		}
		var (
			req    event.Request
			err    error
			status = http.StatusOK
		)
		switch action {
		case "request":
			req, err = h.ev.Request(p.From, p.To)
			status = http.StatusCreated
		case "accept":
			req, err = h.ev.Accept(p.From, p.To)
		case "decline":
			req, err = h.ev.Decline(p.From, p.To)
		}
		if err != nil {
			s.eventFail(w, r, err, "to", p.To)
			return
		}
		h.changed()
		writeJSON(w, status, req)
	}
}

// scheduleJSON is the body of POST /events/{event}/schedule: the
// scheduler's config, the model that scores the requests not scored yet,
// and whether to keep the meetings of the previous plan in place
// (Reschedule) rather than start afresh.
type scheduleJSON struct {
	event.Config
	Model string `json:"model,omitempty"`
	Keep  bool   `json:"keep,omitempty"`
}

// planJSON is the response of the schedule and plan routes.
type planJSON struct {
	Event string `json:"event"`
	Stale bool   `json:"stale"` // the event changed since the plan was made
	Kept  int    `json:"kept"`
	Moved int    `json:"moved"`
	*event.Report
}

// schedule scores the event's requests and schedules them.
func (s *server) schedule(w http.ResponseWriter, r *http.Request, h *heldEvent) {
	var req scheduleJSON
	if !s.readJSON(w, r, &req, true) {
		return
	}
	var bad *paramError
	switch {
	case req.Method != event.Optimise && req.Method != event.FirstFit:
		bad = &paramError{param: "method", value: string(req.Method), reason: `want "" (optimise) or "firstfit"`}
	case req.Rounds < 0 || req.Rounds > maxRounds:
		bad = &paramError{param: "rounds", value: strconv.Itoa(req.Rounds), reason: fmt.Sprintf("want an integer from 0 to %d", maxRounds)}
	case !(req.MutualBonus >= 0 && req.MutualBonus <= 10): // !(...) rejects NaN too
		bad = &paramError{param: "mutual_bonus", value: strconv.FormatFloat(req.MutualBonus, 'g', -1, 64), reason: "want a number from 0 to 10"}
	case req.Fairness > event.MaxSlots:
		bad = &paramError{param: "fairness", value: strconv.Itoa(req.Fairness), reason: fmt.Sprintf("want at most %d", event.MaxSlots)}
	}
	if bad == nil && req.Model != "" && !slices.Contains(s.eng.Models(), req.Model) {
		// The body names the model, which the query-string mapping of
		// match.ErrUnknownModel would not find.
		bad = &paramError{param: "model", value: req.Model, reason: "unknown (have " + strings.Join(s.eng.Models(), ", ") + ")"}
	}
	if bad != nil {
		s.fail(w, r, bad)
		return
	}
	if err := h.ev.ScoreRequests(r.Context(), s.eng, req.Model); err != nil {
		s.eventFail(w, r, err, "", "")
		return
	}
	h.mu.Lock()
	prev, version := h.plan, h.version
	h.mu.Unlock()
	if !req.Keep {
		prev = nil
	}
	plan, err := h.ev.Reschedule(r.Context(), prev, req.Config)
	if err != nil {
		s.eventFail(w, r, err, "", "")
		return
	}
	h.mu.Lock()
	if h.plan != nil {
		h.seq++
	}
	h.plan, h.planOf = plan, version
	h.mu.Unlock()
	s.writePlan(w, h)
}

// exportOf returns the export of h's latest plan, naming participants by
// their profiles, and whether the plan is stale; or it answers 404 and
// returns nil when h was never scheduled.
func (s *server) exportOf(w http.ResponseWriter, h *heldEvent) (*event.Export, bool) {
	h.mu.Lock()
	plan, stale, seq := h.plan, h.plan != nil && h.planOf != h.version, h.seq
	h.mu.Unlock()
	if plan == nil {
		writeJSON(w, http.StatusNotFound, errorJSON{
			Error: fmt.Sprintf("event %s is not scheduled yet (POST /events/%s/schedule)", h.id, h.id), Field: "event", Value: h.id})
		return nil, false
	}
	return &event.Export{Spec: h.ev.Spec(), Plan: plan, Sequence: seq, Name: func(id string) string {
		p, _ := s.eng.Get(id)
		return p.Name
	}}, stale
}

func (s *server) writePlan(w http.ResponseWriter, h *heldEvent) {
	x, stale := s.exportOf(w, h)
	if x == nil {
		return
	}
	plan := x.Plan
	rep, err := x.Report()
	if err != nil { // a plan is there: a bug
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	writeJSON(w, http.StatusOK, planJSON{Event: h.id, Stale: stale, Kept: plan.Kept, Moved: plan.Moved, Report: rep})
}

// getPlan returns the latest plan: the agendas, the table plan and the
// unplaced requests. Agendas say why two meet in the agenda routes only:
// that costs a query of the engine per participant.
func (s *server) getPlan(w http.ResponseWriter, r *http.Request, h *heldEvent) {
	s.writePlan(w, h)
}

// getPlanCSV returns the table plan as CSV, for the organiser.
func (s *server) getPlanCSV(w http.ResponseWriter, r *http.Request, h *heldEvent) {
	x, _ := s.exportOf(w, h)
	if x == nil {
		return
	}
	var buf bytes.Buffer
	if err := x.WriteCSV(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, "text/csv; charset=utf-8", h.id+"-plan.csv", buf.Bytes())
}

// getAgenda returns the handler of a participant's agenda in a format:
// json, ics (a calendar to import) or csv.
func (s *server) getAgenda(format string) eventHandler {
	return func(w http.ResponseWriter, r *http.Request, h *heldEvent) {
		id, ok := s.participantOf(w, r, h)
		if !ok {
			return
		}
		x, _ := s.exportOf(w, h)
		if x == nil {
			return
		}
		x.Why = s.reasons(r, id, x.Plan)
		var buf bytes.Buffer
		var err error
		switch format {
		case "json":
			var a event.Agenda
			if a, err = x.Agenda(id); err == nil {
				writeJSON(w, http.StatusOK, a)
				return
			}
		case "ics":
			if err = x.WriteICS(&buf, id); err == nil {
				download(w, "text/calendar; charset=utf-8", h.id+"-"+id+".ics", buf.Bytes())
				return
			}
		case "csv":
			if err = x.WriteAgendaCSV(&buf, id); err == nil {
				download(w, "text/csv; charset=utf-8", h.id+"-"+id+".csv", buf.Bytes())
				return
			}
		}
		s.eventFail(w, r, err, "participant", id)
	}
}

// reasons returns the Why of participant id's agenda: the reasons the
// engine gives for each of id's partners, as id sees them, found by one
// query among them. If the engine cannot answer (a profile removed since),
// the agenda says no reason rather than fail.
func (s *server) reasons(r *http.Request, id string, plan *event.Plan) func(from, to string) string {
	var with []string
	for _, m := range plan.Agenda(id) {
		with = append(with, m.With(id))
	}
	why := map[string]string{}
	if len(with) > 0 {
		ms, err := s.eng.Partners(r.Context(), match.Query{ID: id, Among: with, Limit: min(len(with), match.MaxLimit), Rules: match.DefaultRules})
		if err != nil {
			s.opts.Logger.DebugContext(r.Context(), "agenda reasons", "participant", id, "err", err)
		}
		for _, m := range ms {
			why[m.ID] = m.Summary
		}
	}
	return func(from, to string) string {
		if from == id {
			return why[to]
		}
		return why[from]
	}
}

// download writes body as a file to save, of media type ct.
func download(w http.ResponseWriter, ct, filename string, body []byte) {
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}
