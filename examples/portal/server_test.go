package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// testProfiles is the size of the synthetic world the tests serve: big
// enough for partnerships and facets, small enough to fit in a blink.
const testProfiles = 200

// newTestEngine returns an in-memory engine holding a seeded synthetic
// world, fitted, with background refits off so that tests are repeatable.
// The test closes it.
func newTestEngine(t *testing.T, cfg match.Config) (*match.Engine, []profile.Profile) {
	t.Helper()
	eng, ps, err := openTestEngine(cfg)
	require.NoError(t, err, "test engine")
	t.Cleanup(func() { eng.Close() })
	return eng, ps
}

// newEmptyEngine returns an empty in-memory engine, which the test closes:
// for tests of the guards in front of the engine, which need no profiles.
func newEmptyEngine(t *testing.T) *match.Engine {
	t.Helper()
	eng, err := match.Open("", match.Config{RefitDelay: -1})
	require.NoError(t, err, "empty test engine")
	t.Cleanup(func() { eng.Close() })
	return eng
}

func openTestEngine(cfg match.Config) (*match.Engine, []profile.Profile, error) {
	w, err := synth.Generate(synth.Config{Seed: 1, Profiles: testProfiles})
	if err != nil {
		return nil, nil, err
	}
	cfg.RefitDelay = -1
	eng, err := match.Open("", cfg)
	if err != nil {
		return nil, nil, err
	}
	if err := eng.Add(context.Background(), w.Profiles...); err != nil {
		eng.Close()
		return nil, nil, err
	}
	if err := eng.Refit(context.Background()); err != nil {
		eng.Close()
		return nil, nil, err
	}
	return eng, w.Profiles, nil
}

// shared is the engine of the tests that only read: adding profiles to an
// index takes most of a test's time. TestMain closes it.
var shared struct {
	once sync.Once
	eng  *match.Engine
	ps   []profile.Profile
	err  error
}

// readOnlyEngine returns the shared test engine. Tests must not change it.
func readOnlyEngine(t *testing.T) (*match.Engine, []profile.Profile) {
	t.Helper()
	shared.once.Do(func() { shared.eng, shared.ps, shared.err = openTestEngine(match.Config{}) })
	require.NoError(t, shared.err, "shared test engine")
	return shared.eng, shared.ps
}

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(mainArgsEnv); ok { // the command, for TestMainExit
		os.Args = append([]string{"portal"}, strings.Split(args, "\n")...)
		main()
		os.Exit(0)
	}
	m.Run()
	if shared.eng != nil {
		shared.eng.Close()
	}
}

// testToken is the bearer token of the servers of writing tests.
const testToken = "test-token-0123456789"

// writable returns o with the test token and a write burst that no test
// exhausts unless it means to.
func writable(o options) options {
	o.Token = testToken
	o.WriteBurst = 1000
	return o
}

// do serves one request, with the test token (which servers without a
// token ignore), and returns the response.
func do(t *testing.T, h http.Handler, method, target, contentType, body string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decode parses a JSON response body into a value of type T.
func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v), "response body %q", rec.Body.String())
	return v
}

// errorBody is the JSON error every failing route returns.
type errorBody struct {
	Error   string       `json:"error"`
	Records []recordJSON `json:"records"`
}

// assertError checks that rec is a JSON error with the status.
func assertError(t *testing.T, rec *httptest.ResponseRecorder, status int, msg string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(msg, args...)
	assert.Equal(t, status, rec.Code, "%s: status (body %s)", what, rec.Body.String())
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"), "%s: content type", what)
	assert.NotEmpty(t, decode[errorBody](t, rec).Error, "%s: error message", what)
}

func TestPage(t *testing.T) {
	t.Parallel()
	eng, _ := readOnlyEngine(t)
	h := newServer(eng, options{})

	rec := do(t, h, http.MethodGet, "/", "", "")
	assert.Equal(t, http.StatusOK, rec.Code, "GET /")
	assert.Equal(t, "text/html; charset=utf-8", rec.Header().Get("Content-Type"), "GET / content type")
	assert.Contains(t, rec.Body.String(), "fetch(", "GET / serves the page with its script")
	assert.NotContains(t, rec.Body.String(), "http://", "the page loads no external assets")
	assert.NotContains(t, rec.Body.String(), "https://", "the page loads no external assets")

	rec = do(t, h, http.MethodHead, "/", "", "")
	assert.Equal(t, http.StatusOK, rec.Code, "HEAD /")
}

// TestPageControls checks that the page holds its controls and that they
// speak the API's words: each facet it turns into a filter is a facet of
// /search and a filter parameter, its rules default is match.DefaultRules,
// and it pages with the parameters the routes take. The script builds
// elements with textContent, never with HTML.
func TestPageControls(t *testing.T) {
	t.Parallel()
	page := string(indexHTML)
	for _, want := range []string{
		`id="hits-pager"`, `"prev"`, `"next"`, // paging of hits and partners
		`p.set("from"`, `p.set("offset"`, `{ limit: `, `{ q: state.q, size: `,
		`id="active"`, `"chip on"`, // active filters, removable
		`p.needs`, `p.offers`, // the selected cluster's own needs and offers
		"@media (max-width: 720px)", // the columns stack on a phone
		`<option value="" selected>default (` + match.DefaultRules + `)</option>`,
		`const DEFAULT_RULES = "` + match.DefaultRules + `"`,
		`id="c-rules" class="rules"><option value="" selected>default (` + match.DefaultRules + `)</option>`, // consortium
		`id="m-rules" class="rules"><option value="" selected>default (` + match.DefaultRules + `)</option>`, // matchday
		`getJSON("/consortia?"`, `seed: selected.id`, `getJSON("/matchday", { method: "POST"`,
		`id="m-use"`, `res.unplaced`, "@media (max-width: 720px) { .tools",
	} {
		assert.True(t, strings.Contains(page, want), "index.html holds %s", want)
	}
	facets := map[string]bool{}
	typ := reflect.TypeFor[facetsJSON]()
	for i := range typ.NumField() {
		facets[typ.Field(i).Tag.Get("json")] = true
	}
	m := regexp.MustCompile(`\{ facet: "([a-z]+)", param: "([a-z_]+)"`).FindAllStringSubmatch(page, -1)
	require.Len(t, m, len(facets), "index.html: one filter for each facet of /search")
	for _, f := range m {
		assert.True(t, facets[f[1]], "index.html: facet %q is a facet of /search", f[1])
		assert.Contains(t, filterParams, f[2], "index.html: facet %q filters by a filter parameter", f[1])
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"} {
		assert.False(t, strings.Contains(page, bad), "index.html builds no HTML from data: it uses %s", bad)
	}
}

// TestMuxErrors checks that the mux's own 404 and 405 come as JSON.
func TestMuxErrors(t *testing.T) {
	t.Parallel()
	eng, _ := readOnlyEngine(t)
	h := newServer(eng, options{})
	tests := []struct {
		method, target string
		want           int
		allow          string
	}{
		{http.MethodGet, "/nope", http.StatusNotFound, ""},
		{http.MethodGet, "/profiles", http.StatusMethodNotAllowed, "POST"},
		{http.MethodGet, "/partners/", http.StatusBadRequest, ""}, // an empty id
		{http.MethodPut, "/search", http.StatusMethodNotAllowed, "GET, HEAD"},
		{http.MethodPost, "/", http.StatusMethodNotAllowed, "GET, HEAD"},
		{http.MethodPut, "/profiles/x", http.StatusMethodNotAllowed, "DELETE, GET, HEAD"},
		{http.MethodPost, "/partners/x", http.StatusMethodNotAllowed, "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			rec := do(t, h, tt.method, tt.target, "", "")
			assertError(t, rec, tt.want, "%s %s", tt.method, tt.target)
			assert.Equal(t, tt.allow, rec.Header().Get("Allow"), "%s %s: Allow header", tt.method, tt.target)
		})
	}
}

func TestModels(t *testing.T) {
	t.Parallel()
	eng, _ := readOnlyEngine(t)
	h := newServer(eng, options{})

	rec := do(t, h, http.MethodGet, "/models", "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET /models: %s", rec.Body.String())
	got := decode[map[string][]string](t, rec)
	assert.Equal(t, eng.Models(), got["models"], "GET /models: models")
	assert.Equal(t, eng.RuleSets(), got["rules"], "GET /models: rules")

	assertError(t, do(t, h, http.MethodGet, "/models?x=1", "", ""), http.StatusBadRequest, "GET /models?x=1")
}

func TestGetProfile(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{})
	id := ps[7].ID

	rec := do(t, h, http.MethodGet, "/profiles/"+id, "", "")
	require.Equal(t, http.StatusOK, rec.Code, "GET /profiles/%s: %s", id, rec.Body.String())
	want, _ := eng.Get(id)
	assert.Equal(t, want, decode[profile.Profile](t, rec), "GET /profiles/%s", id)

	tests := []struct {
		name, target string
		want         int
	}{
		{"unknown id", "/profiles/nobody", http.StatusNotFound},
		{"unknown parameter", "/profiles/" + id + "?verbose=1", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertError(t, do(t, h, http.MethodGet, tt.target, "", ""), tt.want, "GET %s", tt.target)
		})
	}
}

// searchBody is the response of GET /search.
type searchBody struct {
	Total  int         `json:"total"`
	From   int         `json:"from"`
	Size   int         `json:"size"`
	Hits   []hitJSON   `json:"hits"`
	Facets *facetsJSON `json:"facets"`
}

func TestSearch(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{})
	country := ps[0].Country

	tests := []struct {
		name, query string
		check       func(t *testing.T, res searchBody)
	}{
		{"all", "", func(t *testing.T, res searchBody) {
			assert.Equal(t, testProfiles, res.Total, "total of an empty query")
			assert.Len(t, res.Hits, 10, "default size")
			require.NotNil(t, res.Facets, "facets")
			assert.NotEmpty(t, res.Facets.Countries, "country facets")
			assert.NotEmpty(t, res.Facets.Industries, "industry facets")
		}},
		{"text", "q=battery&lang=en", func(t *testing.T, res searchBody) {
			assert.Positive(t, res.Total, "hits of battery")
			for _, hit := range res.Hits {
				assert.NotEmpty(t, hit.Fields, "hit %s: matched fields", hit.ID)
				assert.Positive(t, hit.Score, "hit %s: score", hit.ID)
			}
		}},
		{"country filter", "country=" + strings.ToLower(country) + "&size=100", func(t *testing.T, res searchBody) {
			assert.Positive(t, res.Total, "hits in %s", country)
			assert.Less(t, res.Total, testProfiles, "the filter keeps only %s", country)
			for _, hit := range res.Hits {
				assert.Equal(t, country, hit.Profile.Country, "hit %s: country", hit.ID)
			}
			require.NotNil(t, res.Facets, "facets")
			assert.Equal(t, []countJSON{{Value: country, Count: res.Total}}, res.Facets.Countries, "country facet")
		}},
		{"filters", "industry=mobility-technologies&kind=cluster,network&sector=C&market=US,CN,JP&size=5", func(t *testing.T, res searchBody) {
			for _, hit := range res.Hits {
				assert.Contains(t, hit.Profile.Industries, "mobility-technologies", "hit %s: industries", hit.ID)
			}
		}},
		{"paging", "size=3&from=3", func(t *testing.T, res searchBody) {
			assert.Equal(t, 3, res.From, "from")
			assert.Equal(t, 3, res.Size, "size")
			require.Len(t, res.Hits, 3, "page size")
			assert.Equal(t, ps[3].ID, res.Hits[0].ID, "an empty query sorts by id")
		}},
		{"size zero means 10", "size=0", func(t *testing.T, res searchBody) {
			assert.Equal(t, 10, res.Size, "size=0 as in index.SearchRequest")
			assert.Len(t, res.Hits, 10, "size=0: hits")
		}},
		{"nothing found", "q=zzzyyyxxx", func(t *testing.T, res searchBody) {
			assert.Zero(t, res.Total, "total")
			assert.NotNil(t, res.Hits, "hits is [], not null")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, http.MethodGet, "/search?"+tt.query, "", "")
			require.Equal(t, http.StatusOK, rec.Code, "GET /search?%s: %s", tt.query, rec.Body.String())
			tt.check(t, decode[searchBody](t, rec))
		})
	}

	bad := []struct{ name, query string }{
		{"unknown country", "country=ZZ"},
		{"unknown industry", "industry=basket-weaving"},
		{"unknown sector", "sector=X99"},
		{"unknown market", "market=QQ"},
		{"unknown kind", "kind=club"},
		{"unknown language", "q=battery&lang=xx"},
		{"size negative", "size=-1"},
		{"size too large", "size=101"},
		{"size not a number", "size=ten"},
		{"from negative", "from=-1"},
		{"from too deep", "from=10000"},
		{"query too long", "q=" + strings.Repeat("battery+", maxQuery/8+1)},
		{"misspelt filter", "contry=DE"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			assertError(t, do(t, h, http.MethodGet, "/search?"+tt.query, "", ""), http.StatusBadRequest, "GET /search?%s", tt.query)
		})
	}
}

// partnersBody is the response of GET /partners/{id}.
type partnersBody struct {
	ID      string        `json:"id"`
	Model   string        `json:"model"`
	Rules   string        `json:"rules"`
	Offset  int           `json:"offset"`
	Limit   int           `json:"limit"`
	Matches []match.Match `json:"matches"`
}

// TestPartnersPaging checks that offset pages through one ranking: the
// second page of ten is the 11th to the 20th partner of limit=20, with
// filters and rules as without.
func TestPartnersPaging(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{})
	id := ps[0].ID
	for _, filter := range []string{"", "&rules=escp4i", "&kind=cluster&exact=true"} {
		get := func(query string) partnersBody {
			target := "/partners/" + id + "?" + query + filter
			rec := do(t, h, http.MethodGet, target, "", "")
			require.Equal(t, http.StatusOK, rec.Code, "GET %s: %s", target, rec.Body.String())
			return decode[partnersBody](t, rec)
		}
		all := get("limit=20")
		require.Len(t, all.Matches, 20, "limit=20%s", filter)
		page := get("offset=10&limit=10")
		assert.Equal(t, all.Matches[10:], page.Matches, "offset=10&limit=10%s: the 11th to 20th of limit=20", filter)
		assert.Equal(t, 10, page.Offset, "offset=10%s: offset echoed", filter)
	}
}

func TestPartners(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{})
	id := ps[0].ID

	tests := []struct {
		name, query string
		check       func(t *testing.T, res partnersBody)
	}{
		{"default", "", func(t *testing.T, res partnersBody) {
			assert.Len(t, res.Matches, 10, "default limit")
			assert.Equal(t, 10, res.Limit, "default limit echoed")
			assert.Zero(t, res.Offset, "default offset echoed")
			assert.Equal(t, match.DefaultRules, res.Rules, "the default rule set echoed")
		}},
		{"limit zero means 10", "limit=0", func(t *testing.T, res partnersBody) {
			assert.Len(t, res.Matches, 10, "limit=0 as in match.Query")
			assert.Equal(t, 10, res.Limit, "limit=0: limit echoed")
		}},
		{"offset", "offset=5&limit=3", func(t *testing.T, res partnersBody) {
			assert.Len(t, res.Matches, 3, "offset=5&limit=3")
			assert.Equal(t, 5, res.Offset, "offset echoed")
		}},
		{"limit and model", "limit=3&model=reciprocal", func(t *testing.T, res partnersBody) {
			assert.Len(t, res.Matches, 3, "limit=3")
			assert.Equal(t, "reciprocal", res.Model, "model echoed")
		}},
		{"rules", "rules=escp4i&limit=20", func(t *testing.T, res partnersBody) {
			assert.Equal(t, "escp4i", res.Rules, "rules echoed")
			assert.NotEmpty(t, res.Matches, "eligible partners")
		}},
		{"country", "country=" + ps[1].Country + "&limit=50", func(t *testing.T, res partnersBody) {
			require.NotEmpty(t, res.Matches, "partners in %s", ps[1].Country)
			for _, m := range res.Matches {
				assert.Equal(t, ps[1].Country, m.Profile.Country, "partner %s: country", m.ID)
			}
		}},
		{"exclude country", "exclude_country=" + ps[0].Country + "&limit=50", func(t *testing.T, res partnersBody) {
			for _, m := range res.Matches {
				assert.NotEqual(t, ps[0].Country, m.Profile.Country, "partner %s: country", m.ID)
			}
		}},
		{"industry, market, kind", "industry=blue-growth,mobility-technologies&market=US,CN&kind=cluster", func(t *testing.T, res partnersBody) {
			for _, m := range res.Matches {
				assert.Equal(t, "cluster", m.Profile.Kind, "partner %s: kind", m.ID)
			}
		}},
		{"exact", "exact=true&limit=5", func(t *testing.T, res partnersBody) {
			assert.Len(t, res.Matches, 5, "exact scoring, limit=5")
		}},
		{"min score", "min_score=1", func(t *testing.T, res partnersBody) {
			assert.NotNil(t, res.Matches, "matches is [], not null")
			for _, m := range res.Matches {
				assert.GreaterOrEqual(t, m.Score, 1.0, "partner %s: score", m.ID)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := "/partners/" + id + "?" + tt.query
			rec := do(t, h, http.MethodGet, target, "", "")
			require.Equal(t, http.StatusOK, rec.Code, "GET %s: %s", target, rec.Body.String())
			res := decode[partnersBody](t, rec)
			assert.Equal(t, id, res.ID, "GET %s: id", target)
			for i, m := range res.Matches {
				assert.NotEqual(t, id, m.ID, "GET %s: a profile is not its own partner", target)
				assert.Equal(t, m.ID, m.Profile.ID, "GET %s: match %d: profile", target, i)
				assert.NotEmpty(t, m.Summary, "GET %s: match %s: summary", target, m.ID)
				if assert.NotNil(t, m.Explanation, "GET %s: match %s: explanation", target, m.ID) {
					assert.Equal(t, m.Score, m.Explanation.Value, "GET %s: match %s: the explanation's value is the score", target, m.ID)
				}
				if i > 0 {
					assert.LessOrEqual(t, m.Score, res.Matches[i-1].Score, "GET %s: match %d: best first", target, i)
				}
			}
			tt.check(t, res)
		})
	}

	bad := []struct {
		name, target string
		want         int
	}{
		{"unknown id", "/partners/nobody", http.StatusNotFound},
		{"unknown model", "/partners/" + id + "?model=astrology", http.StatusBadRequest},
		{"unknown rules", "/partners/" + id + "?rules=anything-goes", http.StatusBadRequest},
		{"unknown country", "/partners/" + id + "?country=ZZ", http.StatusBadRequest},
		{"unknown excluded country", "/partners/" + id + "?exclude_country=ZZ", http.StatusBadRequest},
		{"unknown industry", "/partners/" + id + "?industry=basket-weaving", http.StatusBadRequest},
		{"unknown market", "/partners/" + id + "?market=QQ", http.StatusBadRequest},
		{"unknown kind", "/partners/" + id + "?kind=club", http.StatusBadRequest},
		{"limit negative", "/partners/" + id + "?limit=-1", http.StatusBadRequest},
		{"offset negative", "/partners/" + id + "?offset=-1", http.StatusBadRequest},
		{"offset too deep", "/partners/" + id + "?limit=100&offset=901", http.StatusBadRequest},
		{"offset not a number", "/partners/" + id + "?offset=next", http.StatusBadRequest},
		{"limit too large", "/partners/" + id + "?limit=101", http.StatusBadRequest},
		{"limit not a number", "/partners/" + id + "?limit=many", http.StatusBadRequest},
		{"min score above 1", "/partners/" + id + "?min_score=2", http.StatusBadRequest},
		{"min score NaN", "/partners/" + id + "?min_score=NaN", http.StatusBadRequest},
		{"exact not a boolean", "/partners/" + id + "?exact=maybe", http.StatusBadRequest},
		{"misspelt filter", "/partners/" + id + "?counrty=DE", http.StatusBadRequest},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			assertError(t, do(t, h, http.MethodGet, tt.target, "", ""), tt.want, "GET %s", tt.target)
		})
	}
}

func TestPostProfiles(t *testing.T) {
	t.Parallel()
	const (
		good1   = `{"id":"new-1","name":"Hydrogen Valley Cluster","country":"de","needs":["electrolysers"]}`
		good2   = `{"id":"new-2","name":"Electrolyser Network","country":"FR","offers":["electrolysers"]}`
		badZZ   = `{"id":"bad-1","name":"Nowhere Cluster","country":"ZZ"}`
		badKeys = `{"id":"bad-2","name":"Typo Cluster","country":"IT","contry":"IT","members":"many"}`
	)
	tests := []struct {
		name, contentType, body string
		want                    int
		ids                     []string // added on success; not added on failure
		records                 []recordJSON
	}{
		{"array", "application/json", "[" + good1 + ",\n" + good2 + "]", http.StatusCreated, []string{"new-1", "new-2"}, nil},
		{"one object", "application/json; charset=utf-8", "\ufeff" + good1, http.StatusCreated, []string{"new-1"}, nil},
		{"JSON Lines", "application/x-ndjson", good1 + "\n\n" + good2 + "\n", http.StatusCreated, []string{"new-1", "new-2"}, nil},
		{"JSON Lines sent as JSON", "application/json", good1 + "\n" + good2, http.StatusCreated, []string{"new-1", "new-2"}, nil},
		{"invalid record in array", "application/json", "[\n" + good1 + ",\n" + good2 + ",\n" + badZZ + "\n]", http.StatusUnprocessableEntity,
			[]string{"new-1", "new-2"},
			[]recordJSON{{Line: 4, Record: 3, ID: "bad-1", Fields: []fieldJSON{{Field: "country", Value: "ZZ", Reason: "not an ISO 3166-1 alpha-2 country code"}}}}},
		{"invalid records in JSON Lines", "application/x-ndjson", good1 + "\n" + badZZ + "\n" + badKeys + "\n", http.StatusUnprocessableEntity,
			[]string{"new-1"},
			[]recordJSON{
				{Line: 2, ID: "bad-1", Fields: []fieldJSON{{Field: "country", Value: "ZZ", Reason: "not an ISO 3166-1 alpha-2 country code"}}},
				{Line: 3, ID: "bad-2", Fields: []fieldJSON{
					{Field: "contry", Value: "IT", Reason: "unknown key"},
					{Field: "members", Value: "many", Reason: "must be an integer"},
				}},
			}},
		{"repeated id", "application/x-ndjson", good1 + "\n" + good1 + "\n", http.StatusUnprocessableEntity,
			[]string{"new-1"},
			[]recordJSON{{Line: 2, ID: "new-1", Fields: []fieldJSON{{Field: "id", Value: "new-1", Reason: "duplicate id, first on line 1"}}}}},
		{"malformed line", "application/x-ndjson", good1 + "\n{\"id\": \n", http.StatusBadRequest, []string{"new-1"},
			[]recordJSON{{Line: 2}}},
		{"malformed array", "application/json", "[" + good1 + ",", http.StatusBadRequest, []string{"new-1"},
			[]recordJSON{{Line: 1}}},
		{"empty body", "application/json", "", http.StatusBadRequest, nil, nil},
		{"empty array", "application/json", "[]", http.StatusBadRequest, nil, nil},
		{"form content type", "application/x-www-form-urlencoded", good1, http.StatusUnsupportedMediaType, []string{"new-1"}, nil},
		{"no content type", "", good1, http.StatusUnsupportedMediaType, []string{"new-1"}, nil},
		{"too large", "application/json", "[" + strings.Repeat(good1+",", 20) + good2 + "]", http.StatusRequestEntityTooLarge, []string{"new-2"}, nil},
	}
	// One engine for all cases (adding to an index is slow): each case
	// removes what it added. MaxBatch lets the world in with one Add.
	eng, ps := newTestEngine(t, match.Config{MaxBatch: testProfiles})
	h := newServer(eng, writable(options{MaxBody: 1 << 10})) // 1 KiB: "too large" exceeds it
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, http.MethodPost, "/profiles", tt.contentType, tt.body)
			if tt.want != http.StatusCreated {
				assertError(t, rec, tt.want, "POST /profiles")
				for _, id := range tt.ids {
					_, ok := eng.Get(id)
					assert.False(t, ok, "POST /profiles failed, yet %s was added", id)
				}
				assert.Equal(t, testProfiles, eng.Len(), "POST /profiles failed: profiles in the engine")
				got := decode[errorBody](t, rec).Records
				require.Len(t, got, len(tt.records), "bad records reported: %+v", got)
				for i, want := range tt.records {
					assert.Equal(t, want.Line, got[i].Line, "record %d: line", i)
					assert.Equal(t, want.Record, got[i].Record, "record %d: position in the array", i)
					assert.Equal(t, want.ID, got[i].ID, "record %d: id", i)
					assert.Equal(t, want.Fields, got[i].Fields, "record %d: fields", i)
					assert.NotEmpty(t, got[i].Error, "record %d: message", i)
				}
				return
			}
			require.Equal(t, http.StatusCreated, rec.Code, "POST /profiles: %s", rec.Body.String())
			t.Cleanup(func() { eng.Remove(context.Background(), tt.ids...) })
			assert.Equal(t, map[string]int{"count": len(tt.ids)}, decode[map[string]int](t, rec), "POST /profiles: count")
			if len(tt.ids) == 1 {
				assert.Equal(t, "/profiles/"+tt.ids[0], rec.Header().Get("Location"), "Location of one new profile")
			}
			for _, id := range tt.ids {
				rec := do(t, h, http.MethodGet, "/profiles/"+id, "", "")
				assert.Equal(t, http.StatusOK, rec.Code, "GET /profiles/%s after POST", id)
			}
			got := do(t, h, http.MethodGet, "/profiles/new-1", "", "")
			assert.Equal(t, "DE", decode[profile.Profile](t, got).Country, "new-1 is stored normalised")
		})
	}

	t.Run("batch too large", func(t *testing.T) {
		h := newServer(eng, writable(options{}))
		var body strings.Builder
		for i := range testProfiles + 1 {
			fmt.Fprintf(&body, `{"id":"bulk-%d","name":"Bulk %d","country":"DE"}`+"\n", i, i)
		}
		rec := do(t, h, http.MethodPost, "/profiles", "application/x-ndjson", body.String())
		assertError(t, rec, http.StatusRequestEntityTooLarge, "POST of %d profiles, MaxBatch %d", testProfiles+1, testProfiles)
		assert.Equal(t, testProfiles, eng.Len(), "nothing added")
	})

	t.Run("replace", func(t *testing.T) {
		h := newServer(eng, writable(options{})) // a synthetic profile is over 1 KiB
		p := ps[0]
		p.Name = "Renamed Cluster"
		b, err := json.Marshal(p)
		require.NoError(t, err, "json.Marshal")
		rec := do(t, h, http.MethodPost, "/profiles", "application/json", string(b))
		require.Equal(t, http.StatusCreated, rec.Code, "POST of an existing id: %s", rec.Body.String())
		t.Cleanup(func() { eng.Add(context.Background(), ps[0]) })
		got, _ := eng.Get(p.ID)
		assert.Equal(t, "Renamed Cluster", got.Name, "POST replaces the profile with the same id")
		assert.Equal(t, testProfiles, eng.Len(), "a replacement adds no profile")
	})
}

func TestDeleteProfile(t *testing.T) {
	t.Parallel()
	eng, ps := newTestEngine(t, match.Config{})
	h := newServer(eng, writable(options{}))
	id := ps[3].ID

	rec := do(t, h, http.MethodDelete, "/profiles/"+id, "", "")
	assert.Equal(t, http.StatusNoContent, rec.Code, "DELETE /profiles/%s: %s", id, rec.Body.String())
	assert.Empty(t, rec.Body.String(), "DELETE /profiles/%s: body", id)
	assert.Equal(t, testProfiles-1, eng.Len(), "profiles after DELETE")

	tests := []struct {
		name, target string
		want         int
	}{
		{"deleted twice", "/profiles/" + id, http.StatusNotFound},
		{"unknown id", "/profiles/nobody", http.StatusNotFound},
		{"unknown parameter", "/profiles/" + ps[4].ID + "?force=1", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertError(t, do(t, h, http.MethodDelete, tt.target, "", ""), tt.want, "DELETE %s", tt.target)
		})
	}
	assertError(t, do(t, h, http.MethodGet, "/profiles/"+id, "", ""), http.StatusNotFound, "GET of a deleted profile")
	assertError(t, do(t, h, http.MethodGet, "/partners/"+id, "", ""), http.StatusNotFound, "partners of a deleted profile")
}

// TestUnavailable checks the 503 of a request that runs out of time and
// of a closed engine.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	eng, ps := newTestEngine(t, match.Config{})
	h := newServer(eng, options{Timeout: time.Nanosecond}) // over before the engine starts
	assertError(t, do(t, h, http.MethodGet, "/search?q=battery", "", ""), http.StatusServiceUnavailable, "search out of time")

	// A client that has gone away: the engine stops with its context.
	h = newServer(eng, writable(options{}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/search?q=battery", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assertError(t, rec, http.StatusServiceUnavailable, "search of a client that has gone")

	require.NoError(t, eng.Close(), "Close")
	for _, target := range []string{"/search?q=battery", "/partners/" + ps[0].ID} {
		assertError(t, do(t, h, http.MethodGet, target, "", ""), http.StatusServiceUnavailable, "GET %s on a closed engine", target)
	}
	assertError(t, do(t, h, http.MethodDelete, "/profiles/"+ps[0].ID, "", ""), http.StatusServiceUnavailable, "DELETE on a closed engine")
	assertError(t, do(t, h, http.MethodPost, "/profiles", "application/json", `{"id":"x","name":"X","country":"DE"}`),
		http.StatusServiceUnavailable, "POST on a closed engine")
}

// TestMalformedQuery checks that a query string that does not parse, or is
// not UTF-8, is a 400 rather than a request without the bad parameters:
// /search?q=%ZZ used to browse everything.
func TestMalformedQuery(t *testing.T) {
	t.Parallel()
	eng, ps := readOnlyEngine(t)
	h := newServer(eng, options{})
	id := ps[0].ID
	for _, target := range []string{
		"/search?q=%ZZ",
		"/search?q=battery&country=%G0",
		"/search?q=%",
		"/search?q=battery;country=DE",
		"/search?q=%FF",
		"/search?%FF=1",
		"/partners/" + id + "?limit=5&model=%zz",
		"/profiles/" + id + "?%",
		"/models?x=%ZZ",
		"/?q=%ZZ",
	} {
		t.Run(target, func(t *testing.T) {
			assertError(t, do(t, h, http.MethodGet, target, "", ""), http.StatusBadRequest, "GET %s", target)
		})
	}
}

// TestPathIDs checks that ids that cannot be path segments are refused:
// the mux used to clean /profiles/.. into a redirect to /.
func TestPathIDs(t *testing.T) {
	t.Parallel()
	eng := newEmptyEngine(t)
	h := newServer(eng, writable(options{}))
	for _, method := range []string{http.MethodGet, http.MethodDelete, http.MethodPut} {
		for _, target := range []string{
			"/profiles/.", "/profiles/..", "/profiles/%2e", "/profiles/%2E%2E", "/profiles/",
			"/profiles/a%2Fb", "/profiles/a/b", "/profiles//x", "/profiles/%FF", "/profiles/a%20b",
			"/partners/.", "/partners/..", "/partners/%2e%2e", "/partners/", "/partners/a%2fb", "/partners/../profiles/x",
		} {
			t.Run(method+" "+target, func(t *testing.T) {
				rec := do(t, h, method, target, "", "")
				assertError(t, rec, http.StatusBadRequest, "%s %s", method, target)
				assert.Empty(t, rec.Header().Get("Location"), "%s %s: no redirect", method, target)
			})
		}
	}

	tests := []struct{ name, body, id string }{
		{"dot", `{"id":".","name":"Dot Cluster","country":"DE"}`, "."},
		{"dot dot", `{"id":"..","name":"Dot Dot Cluster","country":"DE"}`, ".."},
		{"dot dot in a batch", `[{"id":"fine","name":"Fine Cluster","country":"DE"},{"id":"..","name":"Dot Dot Cluster","country":"DE"}]`, ".."},
	}
	for _, tt := range tests {
		t.Run("POST "+tt.name, func(t *testing.T) {
			rec := do(t, h, http.MethodPost, "/profiles", "application/json", tt.body)
			assertError(t, rec, http.StatusUnprocessableEntity, "POST %s", tt.body)
			assert.Empty(t, rec.Header().Get("Location"), "POST %s: Location", tt.body)
			assert.Zero(t, eng.Len(), "POST %s: nothing added", tt.body)
			recs := decode[errorBody](t, rec).Records
			require.Len(t, recs, 1, "POST %s: records %+v", tt.body, recs)
			assert.Equal(t, tt.id, recs[0].ID, "POST %s: id", tt.body)
			require.Len(t, recs[0].Fields, 1, "POST %s: fields", tt.body)
			assert.Equal(t, "id", recs[0].Fields[0].Field, "POST %s: field", tt.body)
		})
	}
}
