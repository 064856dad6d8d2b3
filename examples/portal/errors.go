package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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

// A paramError reports a query parameter whose value the portal refuses
// before asking the engine.
type paramError struct {
	param, value, reason string
}

func (e *paramError) Error() string { return fmt.Sprintf("%s %q: %s", e.param, e.value, e.reason) }

// paramOf maps the fields that the library's typed errors name (of
// index.Filters, index.SearchRequest and match.Query) to the query
// parameters that set them.
var paramOf = map[string]string{
	"Countries": "country", "ExcludeCountries": "exclude_country", "Kinds": "kind",
	"Sectors": "sector", "Industries": "industry", "Ecosystems": "ecosystem",
	"Categories": "category", "Markets": "market", "Labels": "label",
	"Members": "members", "SMEs": "smes", "Founded": "founded", // the range, set by NAME_min and NAME_max
	"Limit": "limit", "Offset": "offset", "MinScore": "min_score", "Size": "size", "From": "from", "Query": "q",
}

// param returns the query parameter of a library field; a field no
// parameter sets (a profile key, "profiles" of a batch) is named as is.
func param(field string) string {
	if p, ok := paramOf[field]; ok {
		return p
	}
	return field
}

// apiError describes err in the API's words. The typed errors of the
// library name the field and value (errors.As); for the sentinels that
// carry none, the request says which parameter it was.
func apiError(err error, eng *match.Engine, r *http.Request) errorJSON {
	var (
		pe *paramError
		fe *index.FilterError
		le *profile.LimitError
		ve *profile.FieldError
	)
	switch {
	case errors.As(err, &pe):
		return errorJSON{Error: pe.Error(), Field: pe.param, Value: pe.value}
	case errors.As(err, &fe):
		p := param(fe.Field)
		return errorJSON{Error: fmt.Sprintf("%s %q: %s", p, fe.Value, fe.Reason), Field: p, Value: fe.Value}
	case errors.As(err, &le):
		p := param(le.Field)
		return errorJSON{Error: fmt.Sprintf("%s: %d over the limit of %d", p, le.Len, le.Max), Field: p, Value: strconv.Itoa(le.Len)}
	case errors.As(err, &ve):
		// A profile key, or a request field such as a negative Size.
		p := param(ve.Field)
		if p == ve.Field {
			return errorJSON{Error: ve.Error(), Field: p, Value: ve.Value}
		}
		return errorJSON{Error: fmt.Sprintf("%s %q: %s", p, ve.Value, ve.Reason), Field: p, Value: ve.Value}
	case errors.Is(err, match.ErrUnknownProfile):
		id := r.PathValue("id")
		return errorJSON{Error: fmt.Sprintf("unknown profile %q", id), Field: "id", Value: id}
	case errors.Is(err, match.ErrUnknownModel):
		v := r.URL.Query().Get("model")
		return errorJSON{Error: fmt.Sprintf("model %q: unknown (have %s)", v, strings.Join(eng.Models(), ", ")), Field: "model", Value: v}
	case errors.Is(err, match.ErrUnknownRules):
		v := r.URL.Query().Get("rules")
		return errorJSON{Error: fmt.Sprintf("rules %q: unknown (have %s)", v, strings.Join(eng.RuleSets(), ", ")), Field: "rules", Value: v}
	case errors.Is(err, index.ErrBatchTooLarge):
		return errorJSON{Error: "too many profiles in one request"}
	}
	return errorJSON{Error: "invalid query"}
}

// fail answers an error of the engine, or a *paramError, with its status:
// 404 for an unknown profile, 400 for a bad query or parameter, 503 when the request ran out of time or
// the engine is closed, 500 otherwise (details only in the log). The body
// of a 4xx is apiError's.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *paramError
	switch {
	case errors.As(err, &pe):
		writeJSON(w, http.StatusBadRequest, apiError(err, s.eng, r))
	case errors.Is(err, match.ErrUnknownProfile):
		writeJSON(w, http.StatusNotFound, apiError(err, s.eng, r))
	case errors.Is(err, match.ErrUnknownModel), errors.Is(err, match.ErrUnknownRules),
		errors.Is(err, match.ErrInvalidQuery), errors.Is(err, profile.ErrInvalid):
		writeJSON(w, http.StatusBadRequest, apiError(err, s.eng, r))
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "request timed out")
	case errors.Is(err, context.Canceled), errors.Is(err, match.ErrClosed):
		writeError(w, http.StatusServiceUnavailable, "service shutting down or request cancelled")
	default:
		s.opts.Logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}
