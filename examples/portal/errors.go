package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// errorJSON is the body of an error response. Error is in the API's
// words: query parameters and profile keys, never the library's Go names
// or messages. Field and Value name the query parameter (or profile key,
// or "id" of the path) at fault and its value, when one is.
type errorJSON struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
	Value string `json:"value,omitempty"`
}

// A paramError reports a query parameter (or key of a JSON body) whose
// value the portal refuses before asking the engine.
type paramError struct {
	param, value, reason string
	status               int // zero means 400
}

func (e *paramError) Error() string {
	if e.value == "" {
		return e.param + ": " + e.reason
	}
	return fmt.Sprintf("%s %q: %s", e.param, e.value, e.reason)
}

// paramOf maps the fields that the library's typed errors name (of
// index.Filters, index.SearchRequest, match.Query and
// match.ConsortiumQuery) to the query parameters that set them.
var paramOf = map[string]string{
	"Countries": "country", "ExcludeCountries": "exclude_country", "Kinds": "kind",
	"Sectors": "sector", "Industries": "industry", "Ecosystems": "ecosystem",
	"Categories": "category", "Markets": "market", "Labels": "label",
	"Members": "members", "SMEs": "smes", "Founded": "founded", // the range, set by NAME_min and NAME_max
	"Limit": "limit", "Offset": "offset", "MinScore": "min_score", "Size": "size", "From": "from", "Query": "q",
	"Seeds": "seed", "Exclude": "exclude", "MinSize": "min_size", "MaxSize": "max_size",
	"MaxPerCountry": "max_per_country", "Alternatives": "alternatives", "Pool": "pool",
}

// An input is what a request gave the engine: the values by parameter,
// and the parameters of the library's fields where they are not
// paramOf's (the keys of a JSON body).
type input struct {
	values url.Values
	names  map[string]string // library field -> parameter, before paramOf
}

// queryInput is the input of a request whose parameters are its query
// string.
func queryInput(r *http.Request) input { return input{values: r.URL.Query()} }

// param returns the parameter of a library field; a field no parameter
// sets (a profile key, "profiles" of a batch) is named as is.
func (in input) param(field string) string {
	if p, ok := in.names[field]; ok {
		return p
	}
	if p, ok := paramOf[field]; ok {
		return p
	}
	return field
}

// value returns the value the request gave param, a list joined by
// commas.
func (in input) value(param string) string { return strings.Join(in.values[param], ",") }

// constraintParam maps the constraints of a match.InfeasibleError to the
// parameter that asks for them: a rule set's minimum is asked for by
// naming the rule set.
var constraintParam = map[string]string{
	"market": "Markets", "max_per_country": "MaxPerCountry", "member_country": "Seeds",
	"size": "MaxSize", "min_countries": "rules", "min_partners": "rules",
}

// apiError describes err in the API's words. The typed errors of the
// library name the field and value (errors.As); for the sentinels that
// carry none, the request says which parameter it was.
func apiError(err error, eng *match.Engine, r *http.Request, in input) errorJSON {
	var (
		pe *paramError
		fe *index.FilterError
		le *profile.LimitError
		ve *profile.FieldError
		ie *match.InfeasibleError
	)
	switch {
	case errors.As(err, &pe):
		return errorJSON{Error: pe.Error(), Field: pe.param, Value: pe.value}
	case errors.As(err, &fe):
		p := in.param(fe.Field)
		return errorJSON{Error: fmt.Sprintf("%s %q: %s", p, fe.Value, fe.Reason), Field: p, Value: fe.Value}
	case errors.As(err, &le):
		p := in.param(le.Field)
		return errorJSON{Error: fmt.Sprintf("%s: %d over the limit of %d", p, le.Len, le.Max), Field: p, Value: strconv.Itoa(le.Len)}
	case errors.As(err, &ve):
		// A profile key, or a request field such as a negative Size.
		p := in.param(ve.Field)
		if p == ve.Field {
			return errorJSON{Error: ve.Error(), Field: p, Value: ve.Value}
		}
		return errorJSON{Error: fmt.Sprintf("%s %q: %s", p, ve.Value, ve.Reason), Field: p, Value: ve.Value}
	case errors.As(err, &ie):
		p := in.param(cmp.Or(constraintParam[ie.Constraint], ie.Constraint))
		return errorJSON{Error: "no consortium possible: " + ie.Detail, Field: p, Value: in.value(p)}
	case errors.Is(err, match.ErrUnknownProfile):
		id := r.PathValue("id")
		return errorJSON{Error: fmt.Sprintf("unknown profile %q", id), Field: "id", Value: id}
	case errors.Is(err, match.ErrUnknownModel):
		v := in.value("model")
		return errorJSON{Error: fmt.Sprintf("model %q: unknown (have %s)", v, strings.Join(eng.Models(), ", ")), Field: "model", Value: v}
	case errors.Is(err, match.ErrUnknownRules):
		v := in.value("rules")
		return errorJSON{Error: fmt.Sprintf("rules %q: unknown (have %s)", v, strings.Join(eng.RuleSets(), ", ")), Field: "rules", Value: v}
	case errors.Is(err, index.ErrBatchTooLarge):
		return errorJSON{Error: "too many profiles in one request"}
	}
	return errorJSON{Error: "invalid query"}
}

// fail answers an error of the engine, or a *paramError, for a request
// whose parameters are its query string (failIn).
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.failIn(w, r, queryInput(r), err)
}

// failIn answers an error of the engine, or a *paramError, with its
// status: 404 for an unknown profile, 400 for a bad query or parameter,
// 422 for a consortium that no choice of members allows, 503 when the
// request ran out of time or the engine is closed, 500 otherwise (details
// only in the log). The body of a 4xx is apiError's for in.
func (s *server) failIn(w http.ResponseWriter, r *http.Request, in input, err error) {
	var pe *paramError
	switch {
	case errors.As(err, &pe):
		writeJSON(w, cmp.Or(pe.status, http.StatusBadRequest), apiError(err, s.eng, r, in))
	case errors.Is(err, match.ErrUnknownProfile):
		writeJSON(w, http.StatusNotFound, apiError(err, s.eng, r, in))
	case errors.Is(err, match.ErrInfeasible):
		writeJSON(w, http.StatusUnprocessableEntity, apiError(err, s.eng, r, in))
	case errors.Is(err, match.ErrUnknownModel), errors.Is(err, match.ErrUnknownRules),
		errors.Is(err, match.ErrInvalidQuery), errors.Is(err, profile.ErrInvalid):
		writeJSON(w, http.StatusBadRequest, apiError(err, s.eng, r, in))
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "request timed out")
	case errors.Is(err, context.Canceled), errors.Is(err, match.ErrClosed):
		writeError(w, http.StatusServiceUnavailable, "service shutting down or request cancelled")
	default:
		s.opts.Logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}
