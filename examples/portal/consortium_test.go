package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// TestConsortia checks GET /consortia: consortia around the seed that
// keep the asked rules and sizes, open without a token.
func TestConsortia(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{}) // read-only: no token
	seed := ps[0].ID

	tests := []struct {
		name, query        string
		rules              string
		minSize, maxSize   int
		minCountries, alts int
	}{
		{"defaults", "seed=" + seed, match.DefaultRules, 3, 6, 1, 3},
		{"escp4i, 4 to 5, 2 alternatives", "seed=" + seed + "&rules=escp4i&min_size=4&max_size=5&alternatives=2", "escp4i", 4, 5, 3, 2},
		{"no size cost, no redundancy", "seed=" + seed + "&w_size=0&w_redundancy=0", match.DefaultRules, 3, 6, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, http.MethodGet, "/consortia?"+tt.query, "", "")
			require.Equal(t, http.StatusOK, rec.Code, "GET /consortia?%s: %s", tt.query, rec.Body.String())
			got := decode[consortiaJSON](t, rec)
			assert.Equal(t, []string{seed}, got.Seeds, "%s: seeds", tt.query)
			assert.Equal(t, tt.rules, got.Rules, "%s: rules", tt.query)
			require.NotEmpty(t, got.Consortia, "%s: consortia", tt.query)
			assert.LessOrEqual(t, len(got.Consortia), tt.alts, "%s: alternatives", tt.query)
			for i, c := range got.Consortia {
				assert.True(t, c.Members[0].Seed && c.Members[0].ID == seed, "%s: consortium %d starts with the seed", tt.query, i)
				assert.GreaterOrEqual(t, len(c.Members), tt.minSize, "%s: consortium %d size", tt.query, i)
				assert.LessOrEqual(t, len(c.Members), tt.maxSize, "%s: consortium %d size", tt.query, i)
				assert.GreaterOrEqual(t, len(c.Countries), tt.minCountries, "%s: consortium %d countries", tt.query, i)
				if strings.Contains(tt.query, "w_size=0") { // the weights reach the objective
					assert.Zero(t, c.Objective.Size, "%s: consortium %d size cost", tt.query, i)
					assert.Zero(t, c.Objective.Redundancy, "%s: consortium %d redundancy", tt.query, i)
				} else {
					assert.Positive(t, c.Objective.Size, "%s: consortium %d size cost", tt.query, i)
				}
				for _, m := range c.Members {
					assert.NotEmpty(t, m.Role, "%s: role of %s", tt.query, m.ID)
					assert.Equal(t, m.ID, m.Profile.ID, "%s: member profile", tt.query)
				}
			}
		})
	}
}

// TestConsortiaErrors checks that every kind of bad input to GET
// /consortia is a 4xx naming the parameter and the value.
func TestConsortiaErrors(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{})
	seed := ps[0].ID
	// A third country the seed does not target: no consortium can share it.
	var market string
	for _, c := range []string{"JP", "BR", "IN", "CA", "ZA", "MX"} {
		if !slices.Contains(ps[0].TargetMarkets, c) {
			market = c
			break
		}
	}
	require.NotEmpty(t, market, "a market %s does not target", seed)

	tests := []struct {
		name, query  string
		status       int
		field, value string
	}{
		{"no seed", "", http.StatusBadRequest, "seed", ""},
		{"unknown seed", "seed=nobody", http.StatusNotFound, "seed", "nobody"},
		{"seed twice", "seed=" + seed + "," + seed, http.StatusBadRequest, "seed", seed},
		{"seed not an id", "seed=a%20b", http.StatusBadRequest, "seed", "a b"},
		{"excluded not an id", "seed=" + seed + "&exclude=..", http.StatusBadRequest, "exclude", ".."},
		{"size not a number", "seed=" + seed + "&min_size=three", http.StatusBadRequest, "min_size", "three"},
		{"size negative", "seed=" + seed + "&max_size=-1", http.StatusBadRequest, "max_size", "-1"},
		{"size over the limit", "seed=" + seed + fmt.Sprintf("&max_size=%d", match.MaxConsortiumSize+1), http.StatusBadRequest,
			"max_size", fmt.Sprint(match.MaxConsortiumSize + 1)},
		{"sizes inverted", "seed=" + seed + "&min_size=5&max_size=4", http.StatusBadRequest, "min_size", "5"},
		{"pool over the limit", "seed=" + seed + fmt.Sprintf("&pool=%d", match.MaxConsortiumPool+1), http.StatusBadRequest,
			"pool", fmt.Sprint(match.MaxConsortiumPool + 1)},
		{"exact size over its limit", "seed=" + seed + fmt.Sprintf("&exact=true&max_size=%d", match.MaxExactSize+1),
			http.StatusBadRequest, "max_size", fmt.Sprint(match.MaxExactSize + 1)},
		{"exact not a boolean", "seed=" + seed + "&exact=maybe", http.StatusBadRequest, "exact", "maybe"},
		{"unknown model", "seed=" + seed + "&model=astrology", http.StatusBadRequest, "model", "astrology"},
		{"unknown rules", "seed=" + seed + "&rules=horizon", http.StatusBadRequest, "rules", "horizon"},
		{"unknown market", "seed=" + seed + "&market=ZZ", http.StatusBadRequest, "market", "ZZ"},
		{"unknown industry", "seed=" + seed + "&industry=alchemy", http.StatusBadRequest, "industry", "alchemy"},
		{"a filter of partners", "seed=" + seed + "&country=DE", http.StatusBadRequest, "country", ""},
		{"weight negative", "seed=" + seed + "&w_size=-1", http.StatusBadRequest, "w_size", "-1"},
		{"weight not a number", "seed=" + seed + "&w_anchor=much", http.StatusBadRequest, "w_anchor", "much"},
		{"weight over the limit", "seed=" + seed + "&w_market=1000", http.StatusBadRequest, "w_market", "1000"},
		{"weight of no part", "seed=" + seed + "&w_luck=1", http.StatusBadRequest, "w_luck", ""},
		{"fewer members than the rules need", "seed=" + seed + "&rules=escp4i&max_size=2", http.StatusUnprocessableEntity, "rules", "escp4i"},
		{"a market the seed does not target", "seed=" + seed + "&rules=escp4i&market=" + market, http.StatusUnprocessableEntity, "market", market},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, http.MethodGet, "/consortia?"+tt.query, "", "")
			assert.Equal(t, tt.status, rec.Code, "GET /consortia?%s: status (body %s)", tt.query, rec.Body.String())
			got := decode[errorJSON](t, rec)
			assert.Equal(t, tt.field, got.Field, "GET /consortia?%s: field", tt.query)
			assert.Equal(t, tt.value, got.Value, "GET /consortia?%s: value", tt.query)
			assert.NotEmpty(t, got.Error, "GET /consortia?%s: message", tt.query)
			for _, internal := range []string{"match:", "index:", "profile:", "MaxSize", "Seeds", "Industries"} {
				assert.NotContains(t, got.Error, internal, "GET /consortia?%s: no Go internals in the message", tt.query)
			}
		})
	}
	assertError(t, do(t, h, http.MethodPost, "/consortia?seed="+seed, "", ""), http.StatusMethodNotAllowed, "POST /consortia")
}

// matchdayBody returns the JSON body of a matchday of ids with the extra
// keys.
func matchdayBody(t *testing.T, ids []string, extra map[string]any) string {
	t.Helper()
	m := map[string]any{"ids": ids}
	for k, v := range extra {
		m[k] = v
	}
	b, err := json.Marshal(m)
	require.NoError(t, err, "matchday body")
	return string(b)
}

func idsOf(ps []profile.Profile) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

// TestMatchday checks POST /matchday: every participant is in exactly
// one consortium or unplaced with a reason, without a token.
func TestMatchday(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{})
	ids := idsOf(ps[:40])
	for _, extra := range []map[string]any{nil, {"rules": "escp4i", "min_size": 3, "max_size": 4}, {"weights": map[string]float64{"size": 0}}} {
		body := matchdayBody(t, ids, extra)
		rec := do(t, h, http.MethodPost, "/matchday", typeJSON, body)
		require.Equal(t, http.StatusOK, rec.Code, "POST /matchday %v: %s", extra, rec.Body.String())
		got := decode[matchdayJSON](t, rec)
		require.NotEmpty(t, got.Consortia, "%v: consortia", extra)
		placed := map[string]int{}
		sum := 0.0
		for _, c := range got.Consortia {
			for _, m := range c.Members {
				placed[m.ID]++
			}
			sum += c.Objective.Value
			if extra["max_size"] != nil {
				assert.LessOrEqual(t, len(c.Members), 4, "%v: size", extra)
			}
			if extra["weights"] != nil {
				assert.Zero(t, c.Objective.Size, "%v: no size cost", extra)
			} else {
				assert.Positive(t, c.Objective.Size, "%v: the default size cost", extra)
			}
		}
		for _, u := range got.Unplaced {
			placed[u.ID]++
			assert.NotEmpty(t, u.Reason, "%v: reason of unplaced %s", extra, u.ID)
		}
		for _, id := range ids {
			assert.Equal(t, 1, placed[id], "%v: %s is in one consortium or unplaced", extra, id)
		}
		assert.Len(t, placed, len(ids), "%v: only participants", extra)
		assert.InDelta(t, sum, got.Objective, 1e-9, "%v: objective is the sum", extra)
	}
}

// TestMatchdayErrors checks that every kind of bad body is a 4xx naming
// the key and the value.
func TestMatchdayErrors(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{})
	ids := idsOf(ps[:10])
	many := make([]string, match.MaxParticipants+1)
	for i := range many {
		many[i] = fmt.Sprintf("p%d", i)
	}
	tests := []struct {
		name, body   string
		status       int
		field, value string
	}{
		{"not JSON", "{", http.StatusBadRequest, "body", ""},
		{"two objects", matchdayBody(t, ids, nil) + "{}", http.StatusBadRequest, "body", ""},
		{"unknown key", matchdayBody(t, ids, map[string]any{"participants": 3}), http.StatusBadRequest, "participants", ""},
		{"ids not an array", `{"ids": "x"}`, http.StatusBadRequest, "ids", ""},
		{"size not a number", matchdayBody(t, ids, map[string]any{"min_size": "3"}), http.StatusBadRequest, "min_size", ""},
		{"no ids", `{"ids": []}`, http.StatusBadRequest, "ids", ""},
		{"id twice", matchdayBody(t, append(slices.Clone(ids), ids[3]), nil), http.StatusBadRequest, "ids", ids[3]},
		{"unknown id", matchdayBody(t, append(slices.Clone(ids), "nobody"), nil), http.StatusNotFound, "ids", "nobody"},
		{"too many ids", matchdayBody(t, many, nil), http.StatusBadRequest, "ids", fmt.Sprint(match.MaxParticipants + 1)},
		{"size negative", matchdayBody(t, ids, map[string]any{"min_size": -1}), http.StatusBadRequest, "min_size", "-1"},
		{"sizes inverted", matchdayBody(t, ids, map[string]any{"min_size": 5, "max_size": 3}), http.StatusBadRequest, "min_size", "5"},
		{"unknown model", matchdayBody(t, ids, map[string]any{"model": "astrology"}), http.StatusBadRequest, "model", "astrology"},
		{"weight of no part", matchdayBody(t, ids, map[string]any{"weights": map[string]float64{"size": 1, "luck": 1}}), http.StatusBadRequest, "weights.luck", ""},
		{"weight negative", matchdayBody(t, ids, map[string]any{"weights": map[string]float64{"size": -1}}), http.StatusBadRequest, "weights.size", "-1"},
		{"weights not an object", matchdayBody(t, ids, map[string]any{"weights": []int{1}}), http.StatusBadRequest, "weights", ""},
		{"unknown rules", matchdayBody(t, ids, map[string]any{"rules": "horizon"}), http.StatusBadRequest, "rules", "horizon"},
		{"unknown market", matchdayBody(t, ids, map[string]any{"markets": []string{"US", "ZZ"}}), http.StatusBadRequest, "markets", "ZZ"},
		{"unknown industry", matchdayBody(t, ids, map[string]any{"cover_industries": []string{"alchemy"}}), http.StatusBadRequest,
			"cover_industries", "alchemy"},
		{"fewer members than the rules need", matchdayBody(t, ids, map[string]any{"rules": "escp4i", "max_size": 2}),
			http.StatusUnprocessableEntity, "rules", "escp4i"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, http.MethodPost, "/matchday", typeJSON, tt.body)
			assert.Equal(t, tt.status, rec.Code, "%s: status (body %s)", tt.name, rec.Body.String())
			got := decode[errorJSON](t, rec)
			assert.Equal(t, tt.field, got.Field, "%s: field (body %s)", tt.name, rec.Body.String())
			assert.Equal(t, tt.value, got.Value, "%s: value", tt.name)
			assert.NotEmpty(t, got.Error, "%s: message", tt.name)
			for _, internal := range []string{"match:", "index:", "json:", "[]string", "IDs", "CoverIndustries"} {
				assert.NotContains(t, got.Error, internal, "%s: no Go internals in the message", tt.name)
			}
		})
	}
	body := matchdayBody(t, ids, nil)
	assertError(t, do(t, h, http.MethodPost, "/matchday", "text/plain", body), http.StatusUnsupportedMediaType, "matchday as text")
	assertError(t, do(t, h, http.MethodPost, "/matchday?rules=escp4i", typeJSON, body), http.StatusBadRequest, "matchday with a query string")
	assertError(t, do(t, h, http.MethodGet, "/matchday", "", ""), http.StatusMethodNotAllowed, "GET /matchday")
	small := newServer(eng, options{MaxBody: 64})
	assertError(t, do(t, small, http.MethodPost, "/matchday", typeJSON, body), http.StatusRequestEntityTooLarge, "matchday over -max-body")
}

// TestConsortiumDeadline checks that both routes pass the request's
// context to the engine: out of time, or cancelled by a client that has
// gone, they answer 503.
func TestConsortiumDeadline(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	body := matchdayBody(t, idsOf(ps[:40]), nil)
	requests := []struct {
		method, target, body string
	}{
		{http.MethodGet, "/consortia?seed=" + ps[0].ID, ""},
		{http.MethodPost, "/matchday", body},
	}
	timedOut := newServer(eng, options{Timeout: time.Nanosecond}) // over before the engine starts
	h := newServer(eng, options{})
	for _, rq := range requests {
		rec := do(t, timedOut, rq.method, rq.target, typeJSON, rq.body)
		assertError(t, rec, http.StatusServiceUnavailable, "%s %s out of time", rq.method, rq.target)

		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := httptest.NewRequestWithContext(ctx, rq.method, rq.target, strings.NewReader(rq.body))
		req.Header.Set("Content-Type", typeJSON)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assertError(t, rec, http.StatusServiceUnavailable, "%s %s of a client that has gone", rq.method, rq.target)
	}
}
