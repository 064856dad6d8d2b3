package main

import (
	"bytes"
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

//go:embed index.html
var indexHTML []byte

// options tunes the handler built by newServer. The zero value is ready to
// use.
type options struct {
	// MaxBody caps the bytes of a request body; a longer body gets 413.
	// Zero means 8 MiB.
	MaxBody int64
	// Timeout bounds the work of one request (its context); a request
	// that runs out of time gets 503. Zero means 10 seconds.
	Timeout time.Duration
	// Logger receives one line per request and the details of internal
	// errors. Nil means no logging.
	Logger *slog.Logger
	// Token is the bearer token of the routes that change the engine
	// (POST and DELETE /profiles). Empty means the portal is read-only:
	// those routes answer 403.
	Token string
	// MaxInFlight caps the requests served at once; one more gets 503 with
	// Retry-After instead of waiting. Zero means 64.
	MaxInFlight int
	// WriteRate is how many writes a second one client (IP address, or
	// /64 for IPv6) may make after its first WriteBurst; more get 429
	// with Retry-After. Zero means 1.
	WriteRate float64
	// WriteBurst is how many writes a client may make at once. Zero means
	// 10.
	WriteBurst int
}

// Limits of the query parameters. Zero size and limit mean defaultSize,
// as zero Size and Limit do in the library.
const (
	defaultSize = 10     // the library's default SearchRequest.Size and Query.Limit
	maxSize     = 100    // hits of one search page, partners of one query
	maxWindow   = 10_000 // from+size of a search: deeper paging costs the index too much
	maxQuery    = 1000   // bytes of search text: every word is a term query
)

// server serves the portal API of one engine.
type server struct {
	eng    *match.Engine
	opts   options
	mux    *http.ServeMux
	token  *tokenCheck // nil: read-only
	writes *limiter    // per client, of the write routes
	gate   gate        // of every request
	events *eventStore // the matchmaking events, in memory
}

// newServer returns the portal's handler for eng: the JSON API and the
// page at /. Every error is a JSON object {"error": "..."}, including the
// mux's 404 and 405, with "field" and "value" when one parameter is at
// fault (errorJSON).
func newServer(eng *match.Engine, opts options) http.Handler {
	if opts.MaxBody <= 0 {
		opts.MaxBody = 8 << 20
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = 64
	}
	if opts.WriteRate <= 0 {
		opts.WriteRate = 1
	}
	if opts.WriteBurst <= 0 {
		opts.WriteBurst = 10
	}
	s := &server{
		eng:    eng,
		opts:   opts,
		mux:    http.NewServeMux(),
		writes: newLimiter(opts.WriteRate, opts.WriteBurst, nil),
		gate:   newGate(opts.MaxInFlight),
		events: newEventStore(),
	}
	if opts.Token != "" {
		s.token = newTokenCheck(opts.Token)
	}
	s.mux.HandleFunc("GET /{$}", s.page)
	s.mux.HandleFunc("GET /models", s.models)
	s.mux.HandleFunc("GET /profiles/{id}", s.getProfile)
	s.mux.HandleFunc("POST /profiles", s.write(s.postProfiles))
	s.mux.HandleFunc("DELETE /profiles/{id}", s.write(s.deleteProfile))
	s.mux.HandleFunc("GET /search", s.search)
	s.mux.HandleFunc("GET /partners/{id}", s.partners)
	s.mux.HandleFunc("GET /consortia", s.consortia)
	s.mux.HandleFunc("POST /matchday", s.matchday)
	s.routeEvents()
	return s
}

// ServeHTTP sets the security headers, bounds the requests in flight and
// each request's body and time, refuses malformed query strings and ids,
// logs the request, and turns the mux's plain-text 404 and 405 into JSON
// errors.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	secure(w.Header())
	sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	defer func() {
		s.opts.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.code), slog.Duration("took", time.Since(start)))
	}()
	if !s.gate.enter() {
		retryAfter(sw, time.Second)
		writeError(sw, http.StatusServiceUnavailable,
			fmt.Sprintf("busy: %d requests in flight, retry later", s.opts.MaxInFlight))
		return
	}
	defer s.gate.leave()

	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	defer cancel()
	r = r.WithContext(ctx)
	// w, not sw: MaxBytesReader closes the connection of a too large
	// body through the server's own ResponseWriter.
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBody)

	if err := checkQuery(r.URL.RawQuery); err != nil {
		writeError(sw, http.StatusBadRequest, err.Error())
		return
	}
	if err := cmp.Or(checkPathID(r.URL.Path), checkEventPath(r.URL.Path)); err != nil {
		writeError(sw, http.StatusBadRequest, err.Error())
		return
	}
	if h, pattern := s.mux.Handler(r); pattern == "" {
		// No route: the mux's handler answers 404, or 405 with an Allow
		// header, in plain text. Keep its status and headers, not its body.
		jw := &jsonErrorWriter{ResponseWriter: sw}
		h.ServeHTTP(jw, r)
		jw.finish()
	} else {
		s.mux.ServeHTTP(sw, r)
	}
}

// checkQuery returns an error for a query string that does not parse or
// holds a key or value that is not UTF-8. r.URL.Query drops such pairs
// silently, which would turn /search?q=%ZZ into a search of everything.
func checkQuery(raw string) error {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return fmt.Errorf("malformed query string: %v", err)
	}
	for k, vs := range q {
		if !utf8.ValidString(k) {
			return fmt.Errorf("query parameter %q: name is not valid UTF-8", strings.ToValidUTF8(k, "\ufffd"))
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return fmt.Errorf("query parameter %q: value is not valid UTF-8", k)
			}
		}
	}
	return nil
}

// idRoutes are the path prefixes followed by a profile id.
var idRoutes = []string{"/profiles/", "/partners/"}

// checkPathID returns an error if path (decoded) is a route that takes an
// id and its id is not one. The mux would otherwise clean "." and ".."
// away and redirect /profiles/.. to /, and an escaped slash would reach
// the handlers as part of the id.
func checkPathID(path string) error {
	for _, prefix := range idRoutes {
		if id, ok := strings.CutPrefix(path, prefix); ok {
			if err := checkID(id); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkID returns an error unless id is a valid profile id that can be a
// path segment. profile.ValidID accepts "." and "..", which cannot.
func checkID(id string) error {
	if id == "." || id == ".." || !profile.ValidID(id) {
		return fmt.Errorf("id %q: not a profile id (1-128 of A-Z a-z 0-9 . _ - :, and not . or ..)",
			strings.ToValidUTF8(id, "\ufffd"))
	}
	return nil
}

// statusWriter records the status of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// jsonErrorWriter swallows a plain-text error response and writes it again
// as a JSON error with the same status.
type jsonErrorWriter struct {
	http.ResponseWriter
	code int
}

func (w *jsonErrorWriter) WriteHeader(code int)        { w.code = code }
func (w *jsonErrorWriter) Write(b []byte) (int, error) { return len(b), nil }

func (w *jsonErrorWriter) finish() {
	code := w.code
	if code == 0 {
		code = http.StatusOK
	}
	if code < 400 { // a redirect: headers (Location) are already set
		w.ResponseWriter.WriteHeader(code)
		return
	}
	writeError(w.ResponseWriter, code, strings.ToLower(http.StatusText(code)))
}

// page serves the static search page.
func (s *server) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(indexHTML)
}

// models lists the score models and rule sets a partner query may name.
func (s *server) models(w http.ResponseWriter, r *http.Request) {
	if !s.knownParams(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, map[string][]string{"models": s.eng.Models(), "rules": s.eng.RuleSets()})
}

func (s *server) getProfile(w http.ResponseWriter, r *http.Request) {
	if !s.knownParams(w, r) {
		return
	}
	id := r.PathValue("id")
	p, ok := s.eng.Get(id)
	if !ok {
		writeJSON(w, http.StatusNotFound, errorJSON{Error: fmt.Sprintf("unknown profile %q", id), Field: "id", Value: id})
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *server) deleteProfile(w http.ResponseWriter, r *http.Request) {
	if !s.knownParams(w, r) {
		return
	}
	if err := s.eng.Remove(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Media types of POST /profiles.
const (
	typeJSON   = "application/json"     // an array of profiles or one profile
	typeNDJSON = "application/x-ndjson" // JSON Lines: one profile per line
)

// A recordJSON reports one bad record of a POST /profiles body.
type recordJSON struct {
	Line   int         `json:"line,omitempty"`   // 1-based line where the record starts
	Record int         `json:"record,omitempty"` // 1-based position in a JSON array
	ID     string      `json:"id,omitempty"`
	Error  string      `json:"error"`
	Fields []fieldJSON `json:"fields,omitempty"`
}

type fieldJSON struct {
	Field  string `json:"field"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// postProfiles adds the profiles of the body, all or none. A body that does
// not parse gets 400, one that parses but holds an invalid or repeated
// profile 422; both list every bad record.
func (s *server) postProfiles(w http.ResponseWriter, r *http.Request) {
	if !s.knownParams(w, r) {
		return
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != typeJSON && mt != typeNDJSON) {
		writeError(w, http.StatusUnsupportedMediaType,
			fmt.Sprintf("content type %q: want %s (an array or one profile) or %s (one profile per line)",
				r.Header.Get("Content-Type"), typeJSON, typeNDJSON))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", tooLarge.Limit))
			return
		}
		writeError(w, http.StatusBadRequest, "reading body: "+err.Error())
		return
	}
	if rec := badText(body); rec != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": rec.Error + ", nothing added", "records": []recordJSON{*rec}})
		return
	}
	if rec := longField(body); rec != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": "1 bad record, nothing added", "records": []recordJSON{*rec}})
		return
	}
	ps, err := parseProfiles(mt, body)
	if err != nil {
		status, recs, other := http.StatusUnprocessableEntity, []recordJSON{}, []string(nil)
		for _, e := range flatten(err) {
			re, ok := e.(*profile.RecordError)
			if !ok {
				other = append(other, e.Error())
				status = http.StatusBadRequest
				continue
			}
			if errors.Is(re, profile.ErrSyntax) {
				status = http.StatusBadRequest
			}
			recs = append(recs, recordOf(re))
		}
		msg := plural(len(recs), "bad record") + ", nothing added"
		if len(other) > 0 {
			msg = strings.Join(other, "; ") + "; nothing added"
		}
		writeJSON(w, status, map[string]any{"error": msg, "records": recs})
		return
	}
	if len(ps) == 0 {
		writeError(w, http.StatusBadRequest, "no profiles in body")
		return
	}
	if recs := segmentIDs(ps); len(recs) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"error": plural(len(recs), "bad record") + ", nothing added", "records": recs,
		})
		return
	}
	if err := s.eng.Add(r.Context(), ps...); err != nil {
		var ve *profile.ValidationError
		switch {
		case errors.As(err, &ve):
			// The readers validate as Add does; this is a safety net.
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
				"error":   plural(1, "bad record") + ", nothing added",
				"records": []recordJSON{{ID: ve.ID, Error: ve.Error(), Fields: fieldsOf(ve)}},
			})
		case errors.Is(err, profile.ErrTooLarge), errors.Is(err, index.ErrBatchTooLarge):
			// Too many profiles or bytes in one call; one profile over a
			// limit is a ValidationError above.
			writeJSON(w, http.StatusRequestEntityTooLarge, apiError(err, s.eng, r, queryInput(r)))
		default:
			s.fail(w, r, err)
		}
		return
	}
	if len(ps) == 1 {
		w.Header().Set("Location", "/profiles/"+url.PathEscape(ps[0].ID))
	}
	writeJSON(w, http.StatusCreated, map[string]int{"count": len(ps)})
}

// segmentIDs reports the profiles whose id is "." or "..": valid to
// profile.ValidID, but no path segment, so that /profiles/{id} could never
// reach them (the mux cleans such a path and redirects it to /). They are
// reported as invalid profiles, 422, as the profile rules would report them.
func segmentIDs(ps []profile.Profile) []recordJSON {
	var recs []recordJSON
	for _, p := range ps {
		if p.ID == "." || p.ID == ".." {
			const reason = "a path segment, not an id: /profiles/{id} cannot address it"
			recs = append(recs, recordJSON{
				ID: p.ID, Error: fmt.Sprintf("id %q: %s", p.ID, reason),
				Fields: []fieldJSON{{Field: "id", Value: p.ID, Reason: reason}},
			})
		}
	}
	return recs
}

// parseProfiles reads a body of media type mt: JSON Lines, or for JSON an
// array, a single object or (if it is neither) JSON Lines.
func parseProfiles(mt string, body []byte) ([]profile.Profile, error) {
	if mt == typeJSON {
		b := bytes.TrimPrefix(body, []byte("\ufeff"))
		switch t := bytes.TrimLeft(b, " \t\r\n"); {
		case len(t) > 0 && t[0] == '[':
			return profile.ReadJSON(bytes.NewReader(b))
		case len(t) > 0 && t[0] == '{' && json.Valid(t):
			// One object: read as the only element of an array, which
			// keeps its line numbers.
			return profile.ReadJSON(io.MultiReader(strings.NewReader("["), bytes.NewReader(b), strings.NewReader("]")))
		}
	}
	return profile.ReadJSONL(bytes.NewReader(body))
}

// flatten returns the leaves of a tree of errors.Join errors.
func flatten(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}

// recordOf describes a bad record.
func recordOf(re *profile.RecordError) recordJSON {
	rec := recordJSON{Line: re.Line, Record: re.Record, ID: re.ID, Error: re.Error()}
	var ve *profile.ValidationError
	var de *profile.DuplicateError
	var fe *profile.FieldError
	switch {
	case errors.As(re.Err, &ve):
		rec.Fields = fieldsOf(ve)
	case errors.As(re.Err, &de):
		rec.Fields = []fieldJSON{{Field: "id", Value: de.ID, Reason: fmt.Sprintf("duplicate id, first on line %d", de.FirstLine)}}
	case errors.As(re.Err, &fe):
		rec.Fields = []fieldJSON{{Field: fe.Field, Value: fe.Value, Reason: fe.Reason}}
	}
	return rec
}

func fieldsOf(ve *profile.ValidationError) []fieldJSON {
	out := make([]fieldJSON, len(ve.Fields))
	for i, f := range ve.Fields {
		out[i] = fieldJSON{Field: f.Field, Value: f.Value, Reason: f.Reason}
	}
	return out
}

// searchJSON is the response of GET /search.
type searchJSON struct {
	Total  int         `json:"total"`
	From   int         `json:"from"`
	Size   int         `json:"size"`
	Hits   []hitJSON   `json:"hits"`
	Facets *facetsJSON `json:"facets"`
}

type hitJSON struct {
	ID      string          `json:"id"`
	Score   float64         `json:"score"`
	Fields  []string        `json:"fields,omitempty"`
	Profile profile.Profile `json:"profile"`
}

type facetsJSON struct {
	Countries  []countJSON `json:"countries"`
	Divisions  []countJSON `json:"divisions"`
	Industries []countJSON `json:"industries"`
	Markets    []countJSON `json:"markets"`
}

type countJSON struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// search runs a text search with filters and returns a page of hits with
// facet counts.
func (s *server) search(w http.ResponseWriter, r *http.Request) {
	if !s.knownParams(w, r, "q", "lang", "size", "from") {
		return
	}
	q := r.URL.Query()
	size, err := intParam(q, "size", 0, 0, maxSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	size = cmp.Or(size, defaultSize)
	from, err := intParam(q, "from", 0, 0, maxWindow-size)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(q.Get("q")) > maxQuery {
		// The value is not echoed: it is long.
		writeJSON(w, http.StatusBadRequest, errorJSON{Error: fmt.Sprintf("q: longer than %d bytes", maxQuery), Field: "q"})
		return
	}
	lang := strings.ToLower(strings.TrimSpace(q.Get("lang")))
	if lang != "" && !profile.KnownLanguage(lang) {
		s.fail(w, r, &paramError{param: "lang", value: lang, reason: "not an ISO 639-1 language code"})
		return
	}
	fs, err := filters(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.eng.Search(r.Context(), index.SearchRequest{
		Query:   q.Get("q"),
		Lang:    lang,
		Size:    size,
		From:    from,
		Facets:  true,
		Filters: fs,
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := searchJSON{Total: res.Total, From: from, Size: size, Hits: make([]hitJSON, len(res.Hits))}
	for i, h := range res.Hits {
		out.Hits[i] = hitJSON{ID: h.ID, Score: h.Score, Fields: h.Fields, Profile: h.Profile}
	}
	if f := res.Facets; f != nil {
		out.Facets = &facetsJSON{
			Countries: counts(f.Countries), Divisions: counts(f.Divisions),
			Industries: counts(f.Industries), Markets: counts(f.Markets),
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func counts(fc []index.FacetCount) []countJSON {
	out := make([]countJSON, len(fc))
	for i, c := range fc {
		out[i] = countJSON{Value: c.Value, Count: c.Count}
	}
	return out
}

// partnersJSON is the response of GET /partners/{id}.
type partnersJSON struct {
	ID      string        `json:"id"`
	Model   string        `json:"model,omitempty"` // as asked; empty for the engine's default
	Rules   string        `json:"rules"`           // the rule set that answered: match.DefaultRules if none was asked
	Offset  int           `json:"offset"`
	Limit   int           `json:"limit"`
	Matches []match.Match `json:"matches"`
}

// partners returns a page of the best partners of an indexed profile.
func (s *server) partners(w http.ResponseWriter, r *http.Request) {
	if !s.knownParams(w, r, "limit", "offset", "model", "rules", "min_score", "exact") {
		return
	}
	q := r.URL.Query()
	limit, err := intParam(q, "limit", 0, 0, maxSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit = cmp.Or(limit, defaultSize)
	offset, err := intParam(q, "offset", 0, 0, match.MaxLimit-limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	minScore, err := floatParam(q, "min_score", 0, 1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	exact := false
	if v := q.Get("exact"); v != "" {
		if exact, err = strconv.ParseBool(v); err != nil {
			s.fail(w, r, &paramError{param: "exact", value: v, reason: "want true or false"})
			return
		}
	}
	fs, err := filters(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mq := match.Query{
		ID:       r.PathValue("id"),
		Limit:    limit,
		Offset:   offset,
		Model:    q.Get("model"),
		Rules:    q.Get("rules"),
		MinScore: minScore,
		Exact:    exact,
		Filters:  fs,
	}
	ms, err := s.eng.Partners(r.Context(), mq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ms == nil {
		ms = []match.Match{}
	}
	writeJSON(w, http.StatusOK, partnersJSON{ID: mq.ID, Model: mq.Model, Rules: cmp.Or(mq.Rules, match.DefaultRules),
		Offset: offset, Limit: limit, Matches: ms})
}

// filters returns the filters of the filter parameters, which search and
// partners share, or a *paramError for a range bound that is not a
// count (the index checks that a range's bounds are in order).
func filters(q url.Values) (index.Filters, error) {
	var rs [3]index.Range
	for i, name := range rangeParams {
		for _, b := range []struct {
			key string
			to  *int
		}{{name + "_min", &rs[i].Min}, {name + "_max", &rs[i].Max}} {
			n, err := intParam(q, b.key, 0, 0, math.MaxInt32)
			if err != nil {
				return index.Filters{}, err
			}
			*b.to = n
		}
	}
	return index.Filters{
		Members:          rs[0],
		SMEs:             rs[1],
		Founded:          rs[2],
		Countries:        list(q, "country"),
		ExcludeCountries: list(q, "exclude_country"),
		Kinds:            list(q, "kind"),
		Sectors:          list(q, "sector"),
		Industries:       list(q, "industry"),
		Ecosystems:       list(q, "ecosystem"),
		Categories:       list(q, "category"),
		Markets:          list(q, "market"),
		Labels:           list(q, "label"),
	}, nil
}

// rangeParams name the range filters, in the order Members, SMEs,
// Founded; each is set by NAME_min and NAME_max (0 or absent: no bound).
var rangeParams = [3]string{"members", "smes", "founded"}

// filterParams are the query parameters of the filters shared by search
// and partners; each may be repeated or hold a comma-separated list.
var filterParams = []string{"country", "exclude_country", "kind", "sector", "industry", "ecosystem", "category", "market", "label",
	"members_min", "members_max", "smes_min", "smes_max", "founded_min", "founded_max"}

// knownParams answers 400 and returns false if the query names a parameter
// that is neither in extra nor, for routes that take extra parameters, a
// filter: a misspelt filter must not silently match everything.
func (s *server) knownParams(w http.ResponseWriter, r *http.Request, extra ...string) bool {
	if len(extra) > 0 {
		extra = append(slices.Clone(extra), filterParams...)
	}
	return s.onlyParams(w, r, extra...)
}

// onlyParams answers 400 and returns false if the query names a parameter
// not in allowed.
func (s *server) onlyParams(w http.ResponseWriter, r *http.Request, allowed ...string) bool {
	for k := range r.URL.Query() {
		if slices.Contains(allowed, k) {
			continue
		}
		names := "none"
		if len(allowed) > 0 {
			names = strings.Join(allowed, ", ")
		}
		writeJSON(w, http.StatusBadRequest, errorJSON{
			Error: fmt.Sprintf("unknown query parameter %q (allowed: %s)", k, names), Field: k})
		return false
	}
	return true
}

// list returns the values of a repeated, comma-separated parameter.
func list(q url.Values, key string) []string {
	var out []string
	for _, v := range q[key] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// intParam parses an integer parameter in [lo, hi]; absent means def.
func intParam(q url.Values, key string, def, lo, hi int) (int, error) {
	v := q.Get(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, &paramError{param: key, value: v, reason: fmt.Sprintf("want an integer from %d to %d", lo, hi)}
	}
	return n, nil
}

// floatParam parses a number parameter in [lo, hi]; absent means lo.
func floatParam(q url.Values, key string, lo, hi float64) (float64, error) {
	v := q.Get(key)
	if v == "" {
		return lo, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f >= lo && f <= hi) { // !(...) rejects NaN too
		return 0, &paramError{param: key, value: v, reason: fmt.Sprintf("want a number from %g to %g", lo, hi)}
	}
	return f, nil
}

// writeJSON writes v as the JSON body of a response with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // only our own types are written: a bug
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeError writes the JSON error {"error": msg} with the status.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// plural returns "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}
