package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/clustergo/partnermatch/match"
)

// consortiaJSON is the response of GET /consortia.
type consortiaJSON struct {
	Seeds     []string           `json:"seeds"`
	Rules     string             `json:"rules"`           // the rule set that answered: match.DefaultRules if none was asked
	Model     string             `json:"model,omitempty"` // as asked; empty for the engine's default
	Consortia []match.Consortium `json:"consortia"`
}

// consortiaParams are the query parameters of GET /consortia; seed,
// market, industry and exclude may be repeated or comma-separated.
var consortiaParams = append([]string{"seed", "rules", "model", "min_size", "max_size", "max_per_country",
	"market", "industry", "exclude", "alternatives", "pool", "exact"}, weightParams()...)

// maxWeight bounds each objective weight a request may set: the default
// weights are at most 2, and a weight far above the others only makes
// its part the whole objective.
const maxWeight = 100

// An objectivePart names a part of match.ObjectiveWeights and finds its
// weight.
type objectivePart struct {
	name string
	of   func(*match.ObjectiveWeights) *float64
}

// objectiveParts are the parts of match.ObjectiveWeights by the names of
// the API: w_<name> in a query string, <name> in a body's "weights".
var objectiveParts = []objectivePart{
	{"complementarity", func(w *match.ObjectiveWeights) *float64 { return &w.Complementarity }},
	{"anchor", func(w *match.ObjectiveWeights) *float64 { return &w.Anchor }},
	{"coverage", func(w *match.ObjectiveWeights) *float64 { return &w.Coverage }},
	{"market", func(w *match.ObjectiveWeights) *float64 { return &w.Market }},
	{"diversity", func(w *match.ObjectiveWeights) *float64 { return &w.Diversity }},
	{"redundancy", func(w *match.ObjectiveWeights) *float64 { return &w.Redundancy }},
	{"size", func(w *match.ObjectiveWeights) *float64 { return &w.Size }},
}

// weightParams returns the query parameters of the objective weights.
func weightParams() []string {
	out := make([]string, len(objectiveParts))
	for i, p := range objectiveParts {
		out[i] = "w_" + p.name
	}
	return out
}

// weights returns the objective weights that get asks for, part by part
// (get returns the value given for a part's name, and whether one was),
// the default weight for every part it leaves out, and nil, the engine's
// default, when it sets none. field names a part in an error.
func weights(get func(name string) (string, bool), field func(name string) string) (*match.ObjectiveWeights, error) {
	w := match.DefaultObjectiveWeights()
	set := false
	for _, p := range objectiveParts {
		v, ok := get(p.name)
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || !(f >= 0 && f <= maxWeight) { // !(...) rejects NaN too
			return nil, &paramError{param: field(p.name), value: v, reason: fmt.Sprintf("want a number from 0 to %d", maxWeight)}
		}
		*p.of(&w), set = f, true
	}
	if !set {
		return nil, nil
	}
	return &w, nil
}

// consortia proposes consortia around the seeds of the query string. It
// reads the engine only, so it is open as the other reads are; its work
// is bounded by the library's request limits and the request's timeout.
func (s *server) consortia(w http.ResponseWriter, r *http.Request) {
	if !s.onlyParams(w, r, consortiaParams...) {
		return
	}
	q := r.URL.Query()
	cq := match.ConsortiumQuery{
		Seeds:      list(q, "seed"),
		Rules:      q.Get("rules"),
		Model:      q.Get("model"),
		Markets:    list(q, "market"),
		Industries: list(q, "industry"),
		Exclude:    list(q, "exclude"),
	}
	var err error
	for _, p := range []struct {
		key string
		to  *int
		max int
	}{
		{"min_size", &cq.MinSize, match.MaxConsortiumSize},
		{"max_size", &cq.MaxSize, match.MaxConsortiumSize},
		{"max_per_country", &cq.MaxPerCountry, match.MaxConsortiumSize},
		{"alternatives", &cq.Alternatives, match.MaxAlternatives},
		{"pool", &cq.Pool, match.MaxConsortiumPool},
	} {
		if *p.to, err = intParam(q, p.key, 0, 0, p.max); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	cq.Weights, err = weights(func(name string) (string, bool) {
		v := q.Get("w_" + name)
		return v, v != ""
	}, func(name string) string { return "w_" + name })
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v := q.Get("exact"); v != "" {
		if cq.Exact, err = strconv.ParseBool(v); err != nil {
			s.fail(w, r, &paramError{param: "exact", value: v, reason: "want true or false"})
			return
		}
	}
	if len(cq.Seeds) == 0 {
		s.fail(w, r, &paramError{param: "seed", reason: "at least one seed id is required"})
		return
	}
	err = firstErr(
		func() error { return s.checkIDs("seed", cq.Seeds) },
		func() error { return checkList("exclude", cq.Exclude, isID) },
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := s.eng.Consortium(r.Context(), cq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cs == nil {
		cs = []match.Consortium{}
	}
	writeJSON(w, http.StatusOK, consortiaJSON{Seeds: cq.Seeds, Rules: cmp.Or(cq.Rules, match.DefaultRules), Model: cq.Model, Consortia: cs})
}

// matchdayRequest is the body of POST /matchday: the fields of
// match.MatchdayQuery in the API's words. Participants are too many for a
// query string (up to match.MaxParticipants ids), hence a body; the route
// only reads the engine, so it needs no token.
type matchdayRequest struct {
	IDs             []string `json:"ids"`
	MinSize         int      `json:"min_size"`
	MaxSize         int      `json:"max_size"`
	Rules           string   `json:"rules"`
	Markets         []string `json:"markets"`
	CoverIndustries []string `json:"cover_industries"`
	MaxPerCountry   int      `json:"max_per_country"`
	Model           string   `json:"model"`
	// Weights set parts of the objective by name (complementarity,
	// anchor, coverage, market, diversity, redundancy, size); the parts
	// left out keep their default weight.
	Weights map[string]float64 `json:"weights"`
}

// matchdayNames are the keys of matchdayRequest that differ from the
// query parameters of paramOf.
var matchdayNames = map[string]string{"IDs": "ids", "Markets": "markets", "CoverIndustries": "cover_industries"}

// input returns the request's values by key, for error bodies.
func (m *matchdayRequest) input() input {
	v := url.Values{"ids": m.IDs, "markets": m.Markets, "cover_industries": m.CoverIndustries,
		"rules": {m.Rules}, "model": {m.Model}}
	for k, n := range map[string]int{"min_size": m.MinSize, "max_size": m.MaxSize, "max_per_country": m.MaxPerCountry} {
		v.Set(k, strconv.Itoa(n))
	}
	return input{values: v, names: matchdayNames}
}

// matchdayJSON is the response of POST /matchday.
type matchdayJSON struct {
	Rules     string             `json:"rules"`
	Model     string             `json:"model,omitempty"`
	Consortia []match.Consortium `json:"consortia"`
	Unplaced  []match.Unplaced   `json:"unplaced"`
	Objective float64            `json:"objective"`
}

// matchday splits the participants of the body into disjoint consortia.
func (s *server) matchday(w http.ResponseWriter, r *http.Request) {
	if !s.onlyParams(w, r) {
		return
	}
	var req matchdayRequest
	if !s.readJSON(w, r, &req, false) {
		return
	}
	in := req.input()
	if len(req.IDs) == 0 {
		s.failIn(w, r, in, &paramError{param: "ids", reason: "at least one participant id is required"})
		return
	}
	for _, p := range []struct {
		key string
		n   int
	}{{"min_size", req.MinSize}, {"max_size", req.MaxSize}, {"max_per_country", req.MaxPerCountry}} {
		if p.n < 0 || p.n > match.MaxConsortiumSize {
			s.failIn(w, r, in, &paramError{param: p.key, value: strconv.Itoa(p.n),
				reason: fmt.Sprintf("want an integer from 0 to %d", match.MaxConsortiumSize)})
			return
		}
	}
	for _, k := range slices.Sorted(maps.Keys(req.Weights)) {
		if !slices.ContainsFunc(objectiveParts, func(p objectivePart) bool { return p.name == k }) {
			s.failIn(w, r, in, &paramError{param: "weights." + k, reason: "unknown part of the objective"})
			return
		}
	}
	ws, err := weights(func(name string) (string, bool) {
		v, ok := req.Weights[name]
		return strconv.FormatFloat(v, 'g', -1, 64), ok
	}, func(name string) string { return "weights." + name })
	if err != nil {
		s.failIn(w, r, in, err)
		return
	}
	err = firstErr(
		func() error { return checkCount("ids", len(req.IDs), match.MaxParticipants) }, // before reading every id
		func() error { return s.checkIDs("ids", req.IDs) },
	)
	if err != nil {
		s.failIn(w, r, in, err)
		return
	}
	res, err := s.eng.Matchday(r.Context(), match.MatchdayQuery{
		IDs:             req.IDs,
		MinSize:         req.MinSize,
		MaxSize:         req.MaxSize,
		Rules:           req.Rules,
		Markets:         req.Markets,
		CoverIndustries: req.CoverIndustries,
		MaxPerCountry:   req.MaxPerCountry,
		Model:           req.Model,
		Weights:         ws,
	})
	if err != nil {
		s.failIn(w, r, in, err)
		return
	}
	out := matchdayJSON{Rules: cmp.Or(req.Rules, match.DefaultRules), Model: req.Model,
		Consortia: res.Consortia, Unplaced: res.Unplaced, Objective: res.Objective}
	if out.Consortia == nil {
		out.Consortia = []match.Consortium{}
	}
	if out.Unplaced == nil {
		out.Unplaced = []match.Unplaced{}
	}
	writeJSON(w, http.StatusOK, out)
}

// readJSON reads the JSON body of a request into v, refusing another
// content type (415), a body over the limit (413) and a body that does
// not decode into v (400, naming the key). An empty body leaves v as it
// is when empty is true. It answers and returns false on an error.
func (s *server) readJSON(w http.ResponseWriter, r *http.Request, v any, empty bool) bool {
	body, err := io.ReadAll(r.Body)
	if err == nil && len(bytes.TrimSpace(body)) == 0 && empty {
		return true
	}
	if mt, _, perr := mime.ParseMediaType(r.Header.Get("Content-Type")); perr != nil || mt != typeJSON {
		writeError(w, http.StatusUnsupportedMediaType,
			fmt.Sprintf("content type %q: want %s", r.Header.Get("Content-Type"), typeJSON))
		return false
	}
	if err == nil {
		err = decodeBody(bytes.NewReader(body), v)
	}
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", tooLarge.Limit))
			return false
		}
		s.fail(w, r, err)
		return false
	}
	return true
}

// decodeBody reads one JSON object into v, refusing unknown keys, values
// of the wrong type and anything after the object, each as a *paramError
// naming the key where there is one.
func decodeBody(body io.Reader, v any) error {
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return &paramError{param: te.Field, reason: "want " + jsonKind(te.Type) + ", not a " + te.Value}
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no type for an unknown key: its message is
		// the only place that names it.
		key, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return &paramError{param: key, reason: "unknown key"}
	case err != nil:
		return &paramError{param: "body", reason: "not a JSON object: " + err.Error()}
	case dec.More():
		return &paramError{param: "body", reason: "more than one JSON value"}
	}
	return nil
}

// jsonKind names the JSON value of a Go type of matchdayRequest.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(jsonKind(t.Elem()), "a "), "an ") + "s"
	case reflect.String:
		return "a string"
	case reflect.Int:
		return "an integer"
	}
	return "another value"
}

// checkIDs returns an error for a list of profile ids of parameter param
// that holds a malformed, repeated or unknown id (404).
func (s *server) checkIDs(param string, ids []string) error {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if err := isID(id); err != nil {
			return &paramError{param: param, value: id, reason: err.Error()}
		}
		if seen[id] {
			return &paramError{param: param, value: id, reason: "given twice"}
		}
		seen[id] = true
		if _, ok := s.eng.Get(id); !ok {
			return &paramError{param: param, value: id, reason: "unknown profile", status: http.StatusNotFound}
		}
	}
	return nil
}

// firstErr runs the checks in order and returns the first error.
func firstErr(checks ...func() error) error {
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// checkCount returns a *paramError for a list of n values over max.
func checkCount(param string, n, max int) error {
	if n > max {
		return &paramError{param: param, value: strconv.Itoa(n), reason: fmt.Sprintf("%d values, over the limit of %d", n, max)}
	}
	return nil
}

// checkList applies check to each value of a list parameter (up to
// match.MaxQueryValues: the library refuses more) and returns the first
// value's error as a *paramError of param.
func checkList(param string, vs []string, check func(string) error) error {
	if len(vs) > match.MaxQueryValues {
		return nil // the library's LimitError names the list
	}
	for _, v := range vs {
		if err := check(v); err != nil {
			return &paramError{param: param, value: v, reason: err.Error()}
		}
	}
	return nil
}

func isID(id string) error {
	if checkID(id) != nil {
		return errors.New("not a profile id")
	}
	return nil
}
