package main

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clustergo/partnermatch/match"
)

// TestErrorBodies checks that an error response says what is wrong in the
// API's words, the query parameters and path id, and names the parameter
// and value at fault, with the status of the error's kind.
func TestErrorBodies(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, writable(options{}))
	id := ps[0].ID
	manyCountries := strings.Repeat("DE,", match.MaxQueryValues) + "DE" // one value over the limit

	tests := []struct {
		name, method, target string
		status               int
		want                 errorJSON
	}{
		{"unknown country in a search", http.MethodGet, "/search?country=ZZ", http.StatusBadRequest,
			errorJSON{Error: `country "ZZ": unknown value`, Field: "country", Value: "ZZ"}},
		{"unknown sector in a search", http.MethodGet, "/search?sector=X99", http.StatusBadRequest,
			errorJSON{Error: `sector "X99": unknown value`, Field: "sector", Value: "X99"}},
		{"unknown excluded country", http.MethodGet, "/partners/" + id + "?exclude_country=ZZ", http.StatusBadRequest,
			errorJSON{Error: `exclude_country "ZZ": unknown value`, Field: "exclude_country", Value: "ZZ"}},
		{"unknown market", http.MethodGet, "/partners/" + id + "?market=QQ", http.StatusBadRequest,
			errorJSON{Error: `market "QQ": unknown value`, Field: "market", Value: "QQ"}},
		{"too many countries", http.MethodGet, "/partners/" + id + "?country=" + manyCountries, http.StatusBadRequest,
			errorJSON{Error: fmt.Sprintf("country: %d over the limit of %d", match.MaxQueryValues+1, match.MaxQueryValues),
				Field: "country", Value: fmt.Sprint(match.MaxQueryValues + 1)}},
		{"unknown model", http.MethodGet, "/partners/" + id + "?model=astrology", http.StatusBadRequest,
			errorJSON{Error: `model "astrology": unknown (have ` + strings.Join(eng.Models(), ", ") + ")", Field: "model", Value: "astrology"}},
		{"unknown rules", http.MethodGet, "/partners/" + id + "?rules=anything-goes", http.StatusBadRequest,
			errorJSON{Error: `rules "anything-goes": unknown (have ` + strings.Join(eng.RuleSets(), ", ") + ")", Field: "rules", Value: "anything-goes"}},
		{"unknown profile", http.MethodGet, "/partners/nobody", http.StatusNotFound,
			errorJSON{Error: `unknown profile "nobody"`, Field: "id", Value: "nobody"}},
		{"unknown profile to get", http.MethodGet, "/profiles/nobody", http.StatusNotFound,
			errorJSON{Error: `unknown profile "nobody"`, Field: "id", Value: "nobody"}},
		{"unknown profile to delete", http.MethodDelete, "/profiles/nobody", http.StatusNotFound,
			errorJSON{Error: `unknown profile "nobody"`, Field: "id", Value: "nobody"}},
		{"negative limit", http.MethodGet, "/partners/" + id + "?limit=-1", http.StatusBadRequest,
			errorJSON{Error: `limit "-1": want an integer from 0 to 100`, Field: "limit", Value: "-1"}},
		// 990: offset+limit is at most match.MaxLimit, and limit is 10.
		{"negative offset", http.MethodGet, "/partners/" + id + "?offset=-1", http.StatusBadRequest,
			errorJSON{Error: `offset "-1": want an integer from 0 to 990`, Field: "offset", Value: "-1"}},
		{"offset too deep", http.MethodGet, "/partners/" + id + "?offset=991", http.StatusBadRequest,
			errorJSON{Error: `offset "991": want an integer from 0 to 990`, Field: "offset", Value: "991"}},
		{"min score out of range", http.MethodGet, "/partners/" + id + "?min_score=2", http.StatusBadRequest,
			errorJSON{Error: `min_score "2": want a number from 0 to 1`, Field: "min_score", Value: "2"}},
		{"exact not a boolean", http.MethodGet, "/partners/" + id + "?exact=maybe", http.StatusBadRequest,
			errorJSON{Error: `exact "maybe": want true or false`, Field: "exact", Value: "maybe"}},
		{"unknown language", http.MethodGet, "/search?q=battery&lang=xx", http.StatusBadRequest,
			errorJSON{Error: `lang "xx": not an ISO 639-1 language code`, Field: "lang", Value: "xx"}},
		{"range bound not a count", http.MethodGet, "/search?members_min=many", http.StatusBadRequest,
			errorJSON{Error: `members_min "many": want an integer from 0 to 2147483647`, Field: "members_min", Value: "many"}},
		{"misspelt filter", http.MethodGet, "/search?contry=DE", http.StatusBadRequest,
			errorJSON{Error: `unknown query parameter "contry" (allowed: q, lang, size, from, ` + strings.Join(filterParams, ", ") + ")", Field: "contry"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, tt.method, tt.target, "", "")
			assert.Equal(t, tt.status, rec.Code, "%s %s: status (body %s)", tt.method, tt.target, rec.Body.String())
			assert.Equal(t, tt.want, decode[errorJSON](t, rec), "%s %s: body", tt.method, tt.target)
			for _, internal := range []string{"match:", "index:", "profile:", "Countries", "ErrInvalid"} {
				assert.NotContains(t, rec.Body.String(), internal, "%s %s: no Go internals in the body", tt.method, tt.target)
			}
		})
	}
}

// TestParamOf checks that every filter parameter is the name the error
// bodies give to its library field (for a range's NAME_min and NAME_max,
// NAME).
func TestParamOf(t *testing.T) {
	for _, p := range filterParams {
		name := strings.TrimSuffix(strings.TrimSuffix(p, "_min"), "_max")
		assert.True(t, slices.Contains(slices.Collect(maps.Values(paramOf)), name), "filter parameter %q is a value of paramOf", p)
	}
}

// TestRangeFilters checks the range filter parameters of search and
// partners against the profiles they return.
func TestRangeFilters(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, writable(options{}))
	all := decode[searchJSON](t, do(t, h, http.MethodGet, "/search?size=100", "", ""))
	lo, hi := 20, 200
	rec := do(t, h, http.MethodGet, fmt.Sprintf("/search?size=100&members_min=%d&members_max=%d", lo, hi), "", "")
	assert.Equal(t, http.StatusOK, rec.Code, "body %s", rec.Body.String())
	got := decode[searchJSON](t, rec)
	assert.NotEmpty(t, got.Hits, "some profiles have %d-%d members", lo, hi)
	assert.Less(t, got.Total, all.Total, "the range filters")
	for _, hit := range got.Hits {
		assert.True(t, hit.Profile.Members >= lo && hit.Profile.Members <= hi, "%s has %d members", hit.ID, hit.Profile.Members)
	}
	rec = do(t, h, http.MethodGet, "/partners/"+ps[0].ID+"?limit=50&founded_min=2000", "", "")
	assert.Equal(t, http.StatusOK, rec.Code, "body %s", rec.Body.String())
	for _, m := range decode[partnersJSON](t, rec).Matches {
		assert.GreaterOrEqual(t, m.Profile.Founded, 2000, "%s founded", m.ID)
	}
	rec = do(t, h, http.MethodGet, "/search?members_min=50&members_max=10", "", "")
	assert.Equal(t, http.StatusBadRequest, rec.Code, "an inverted range")
	assert.Equal(t, "members", decode[errorJSON](t, rec).Field, "the error names the range")
}
