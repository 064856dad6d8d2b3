package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/event"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// walk calls f for e and each node beneath it, depth first.
func walk(e *score.Explanation, f func(*score.Explanation)) {
	if e == nil {
		return
	}
	f(e)
	for _, p := range e.Parts {
		walk(p, f)
	}
}

// browserNames are the executables findBrowser looks for, in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"}

// findBrowser returns the path of a Chromium on PATH, or skips the test.
func findBrowser(t *testing.T) string {
	t.Helper()
	for _, name := range browserNames {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skipf("no Chromium found (looked for %s): apt-get install chromium", strings.Join(browserNames, ", "))
	return ""
}

// pageErrors collects what the page reports as broken: uncaught
// exceptions, console.error calls and browser log entries of level error
// (a Content-Security-Policy violation, say). Failed requests are left
// out: the page is expected to answer a 400 with its message.
type pageErrors struct {
	mu   sync.Mutex
	errs []string
}

func (p *pageErrors) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += ": " + d.Exception.Description
		}
		msg += fmt.Sprintf(" (%s:%d:%d)", d.URL, d.LineNumber, d.ColumnNumber)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var args []string
		for _, a := range ev.Args {
			if a.Value != nil {
				args = append(args, string(a.Value))
			} else {
				args = append(args, a.Description)
			}
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError || e.Source == log.EntrySourceNetwork {
			return
		}
		msg = "log " + string(e.Source) + ": " + e.Text + " " + e.URL
	default:
		return
	}
	p.mu.Lock()
	p.errs = append(p.errs, msg)
	p.mu.Unlock()
}

func (p *pageErrors) check(t *testing.T, state string) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.errs {
		t.Errorf("%s: page error: %s", state, e)
	}
	p.errs = nil
}

// TestBrowser drives headless Chromium through the portal's page and
// checks what a person sees: the hits of the first search, a query and a
// facet chip narrowing them, a cluster's own needs and offers beside its
// partners and their reasons, consortia around it, a matchday of the
// results, and an error that leaves no stale results.
// It saves a screenshot of each state in the test's temporary folder.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser: skipped under -short")
	}
	browser := findBrowser(t)
	eng, ps := readOnlyEngine(t)
	// With the token: step 7 makes an event through the API. The page
	// itself only reads.
	srv := httptest.NewServer(newServer(eng, writable(options{})))
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox, // root in a container
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 1000),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	var perrs pageErrors
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithListener(perrs.listen))
	t.Cleanup(bcancel)

	dir := t.TempDir()
	if d := os.Getenv("PM_SCREENSHOTS"); d != "" { // to look at them after the run
		dir = d
	}
	shot := func(name string) {
		t.Helper()
		buf := get(t, bctx, name+": screenshot", chromedp.FullScreenshot(100))
		require.True(t, bytes.HasPrefix(buf, []byte("\x89PNG")), "%s: screenshot is a PNG", name)
		path := filepath.Join(dir, name+".png")
		require.NoError(t, os.WriteFile(path, buf, 0o644), "%s: screenshot", name)
		t.Logf("%s: %s", name, path)
	}
	// waitFor polls a JavaScript expression until it is true.
	waitFor := func(state, expr string) {
		t.Helper()
		_, err := chromedp.Run(bctx, chromedp.Poll[chromedp.Void](expr,
			chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
		if err != nil {
			status, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("status").textContent`))
			t.Fatalf("%s: waiting for %s: %v (status %q)", state, expr, err, status)
		}
	}
	run := func(state string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(bctx, actions...), state)
	}
	text := func(state, sel string) string {
		t.Helper()
		return get(t, bctx, state, chromedp.Text(chromedp.CSS(sel)))
	}
	found := regexp.MustCompile(`^(\d+) clusters found`)
	// total waits for the search to finish and returns its total.
	total := func(state string) int {
		t.Helper()
		waitFor(state, `/^\d+ clusters found/.test(document.getElementById("status").textContent)`)
		status := text(state, "#status")
		m := found.FindStringSubmatch(status)
		require.NotNil(t, m, "%s: status %q", state, status)
		n, _ := strconv.Atoi(m[1])
		return n
	}

	// 1. The page loads and lists the first page of every cluster.
	run("load", chromedp.Navigate(srv.URL+"/"))
	assert.Equal(t, testProfiles, total("load"), "load: total of the empty search")
	assert.Equal(t, 25, get(t, bctx, "load", chromedp.Evaluate[int](`document.querySelectorAll("#hits li.hit").length`)),
		"load: hits of the first page")
	run("load", chromedp.WaitVisible(chromedp.CSS("#facets button.chip")))
	assert.Greater(t, get(t, bctx, "load", chromedp.Evaluate[int](`document.querySelectorAll("#model option").length`)), 1,
		"load: the model selector lists the engine's models")
	shot("1-load")
	perrs.check(t, "load")

	// 2a. A query narrows the hits.
	submit := chromedp.Click(chromedp.CSS(`#search button[type="submit"]`))
	run("query", chromedp.SendKeys(chromedp.ID("q"), "battery"), submit)
	waitFor("query", `!/^200 clusters/.test(document.getElementById("status").textContent)`)
	nq := total("query")
	require.Positive(t, nq, "query: hits of battery")
	assert.Less(t, nq, testProfiles, "query: battery narrows the hits")
	shot("2-query")

	// 2b. A country chip narrows them to that country, and shows as active.
	const chipSel = `#facets button.chip[title^="Filter by country="]`
	title := get(t, bctx, "facet", chromedp.AttributeValue(chromedp.CSS(chipSel), "title")).Value
	chip := text("facet", chipSel)
	country := strings.TrimPrefix(title, "Filter by country=")
	count, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(chip, country)))
	require.NoError(t, err, "facet: count of chip %q", chip)
	run("facet", chromedp.Click(chromedp.CSS(chipSel)))
	waitFor("facet", `document.querySelector("#active button.chip.on") !== null`)
	assert.Equal(t, count, total("facet"), "facet: total after clicking %q", chip)
	countries := get(t, bctx, "facet", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#hits li.hit")].map((li) => li.children[1].textContent.split(" · ")[1] || "")`))
	assert.Len(t, countries, min(count, 25), "facet: hits shown")
	for _, c := range countries {
		assert.Equal(t, country, c, "facet: country of a hit")
	}
	assert.Contains(t, text("facet", "#active"), "Country: "+country, "facet: the active filter")
	assert.Equal(t, country, get(t, bctx, "facet", chromedp.Value(chromedp.ID("country"))), "facet: the country field follows the chip")
	shot("3-facet")
	perrs.check(t, "query and facet")

	// 3. Selecting a cluster shows its needs and offers and its partners.
	name := text("partners", "#hits li.hit div")
	meta := text("partners", "#hits li.hit div.muted")
	run("partners",
		chromedp.Click(chromedp.CSS("#hits li.hit")),
		chromedp.WaitVisible(chromedp.CSS("#partners .match")))
	own := text("partners", "#partners .own")
	assert.Contains(t, own, name, "partners: the own box names the cluster")
	id, _, _ := strings.Cut(meta, " · ")
	var needs, offers []string
	for _, p := range ps {
		if p.ID == id {
			needs, offers = p.Needs, p.Offers
		}
	}
	require.NotEmpty(t, needs, "partners: test profile %s has needs", id)
	require.NotEmpty(t, offers, "partners: test profile %s has offers", id)
	for _, v := range needs {
		assert.Contains(t, own, v, "partners: a need of %s", id)
	}
	for _, v := range offers {
		assert.Contains(t, own, v, "partners: an offer of %s", id)
	}
	assert.Equal(t, "Partners for "+name, text("partners", "#partners > h2"), "partners: heading")
	type shown struct {
		Score, Name, Summary string
		Parts                []string // the first cell of each row of a node of the explanation
		Evidence             int      // rows of evidence
	}
	matches := get(t, bctx, "partners", chromedp.Evaluate[[]shown](`[...document.querySelectorAll("#partners .match")].map((m) => ({
		Score: m.querySelector(".score").textContent,
		Name: m.querySelector("strong").textContent,
		Summary: m.children[1].textContent,
		Parts: [...m.querySelectorAll("details tr.part")].map((tr) => tr.cells[0].textContent),
		Evidence: m.querySelectorAll("details tr.evidence").length,
	}))`))
	require.NotEmpty(t, matches, "partners: matches shown")
	assert.LessOrEqual(t, len(matches), 10, "partners: one page")
	// The page asks for the default model and rules, as this query does:
	// it must show every node and every fact of each explanation.
	engines, err := eng.Partners(ctx, match.Query{ID: id, Limit: len(matches)})
	require.NoError(t, err, "partners: the engine's partners of %s", id)
	require.Len(t, engines, len(matches), "partners: the engine's page")
	for i, m := range matches {
		assert.Regexp(t, `^\d\.\d{3}$`, m.Score, "partners: score of %s", m.Name)
		assert.NotEmpty(t, m.Name, "partners: name")
		assert.Equal(t, engines[i].Summary, m.Summary, "partners: summary of %s", m.Name)
		var names []string
		var facts int
		walk(engines[i].Explanation, func(e *score.Explanation) {
			names = append(names, e.Name)
			facts += len(e.Evidence)
		})
		assert.Equal(t, names, m.Parts, "partners: the explanation's nodes for %s, depth first", m.Name)
		assert.Equal(t, facts, m.Evidence, "partners: the explanation's evidence for %s", m.Name)
	}
	assert.Equal(t, 1, get(t, bctx, "partners", chromedp.Evaluate[int](`document.querySelectorAll("#hits li.hit.sel").length`)),
		"partners: the selected hit is marked")
	shot("4-partners")
	perrs.check(t, "partners")

	// 4. The selected cluster is the seed of consortia under the rules
	// asked; each shows its members, their roles, countries and objective.
	assert.Contains(t, text("consortium", "#c-seed"), name, "consortium: the seed is the selected cluster")
	run("consortium",
		chromedp.SetValue(chromedp.ID("c-rules"), "escp4i"),
		chromedp.SetValue(chromedp.ID("c-max"), "5"),
		chromedp.Click(chromedp.ID("c-go")))
	waitFor("consortium", `document.querySelector("#consortia .consortium, #consortia .error") !== null`)
	require.Empty(t, get(t, bctx, "consortium", chromedp.Evaluate[string](
		`(document.querySelector("#consortia .error") || {}).textContent || ""`)), "consortium: no error")
	type consortium struct {
		Heading, Countries, Markets string
		Members, Roles, Parts       []string
		Seeds                       int
	}
	cs := get(t, bctx, "consortium", chromedp.Evaluate[[]consortium](`[...document.querySelectorAll("#consortia .consortium")].map((c) => ({
		Heading: c.querySelector("h3").textContent,
		Countries: c.querySelector(".countries").textContent,
		Markets: c.querySelector(".markets").textContent,
		Members: [...c.querySelectorAll("li.member > strong")].map((e) => e.textContent),
		Roles: [...c.querySelectorAll("li.member .role")].map((e) => e.textContent),
		Parts: [...c.querySelectorAll("table.objective td:first-child")].map((e) => e.textContent),
		Seeds: c.querySelectorAll(".seed").length,
	}))`))
	require.NotEmpty(t, cs, "consortium: consortia shown")
	assert.Contains(t, text("consortium", "#consortia > p"), "rules escp4i", "consortium: the rules that answered")
	for i, c := range cs {
		assert.Regexp(t, `^Consortium \d+ · objective \d\.\d{3}$`, c.Heading, "consortium %d: heading", i)
		assert.Equal(t, name, c.Members[0], "consortium %d: the seed comes first", i)
		assert.Equal(t, 1, c.Seeds, "consortium %d: one member marked seed", i)
		assert.True(t, len(c.Members) >= 3 && len(c.Members) <= 5, "consortium %d: %d members, want 3 to 5", i, len(c.Members))
		assert.Len(t, c.Roles, len(c.Members), "consortium %d: a role per member", i)
		for _, r := range c.Roles {
			assert.Greater(t, len(r), len("Role: "), "consortium %d: role %q says something", i, r)
		}
		// escp4i asks for 3 countries.
		assert.GreaterOrEqual(t, len(strings.Split(strings.TrimPrefix(c.Countries, "Countries: "), ", ")), 3, "consortium %d: %s", i, c.Countries)
		assert.NotEqual(t, "Shared markets: none", c.Markets, "consortium %d: escp4i needs a shared third-country market", i)
		assert.Equal(t, []string{"complementarity", "anchor", "coverage", "market", "diversity", "redundancy", "size"}, c.Parts,
			"consortium %d: objective parts", i)
	}
	shot("5-consortium")
	perrs.check(t, "consortium")

	// 5. The matchday takes the search results shown, or a pasted list
	// (here 30 clusters of many countries: the results above are of one
	// country, which allows no consortium), splits them into consortia
	// and lists who is left out, and why.
	run("matchday", chromedp.Click(chromedp.ID("m-use")))
	shownIDs := get(t, bctx, "matchday", chromedp.Value(chromedp.ID("m-ids")))
	require.Len(t, strings.Fields(shownIDs), min(count, 25), "matchday: the search results are the participants")
	pasted := idsOf(ps[:30])
	ids := strings.Join(pasted, ", ")
	run("matchday", chromedp.SetValue(chromedp.ID("m-ids"), ids), chromedp.Click(chromedp.ID("m-go")))
	waitFor("matchday", `/ consortia, \d+ unplaced/.test((document.querySelector("#matchday > p") || {}).textContent || "") ||
		document.querySelector("#matchday .error") !== null`)
	require.Empty(t, get(t, bctx, "matchday", chromedp.Evaluate[string](
		`(document.querySelector("#matchday .error") || {}).textContent || ""`)), "matchday: no error")
	summary := text("matchday", "#matchday > p")
	var nc, nu int
	_, err = fmt.Sscanf(summary, "%d consortia, %d unplaced", &nc, &nu)
	require.NoError(t, err, "matchday: summary %q", summary)
	placed := get(t, bctx, "matchday", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#matchday li.member .muted")].map((e) => e.textContent.trim().split(" · ")[0])`))
	unplaced := get(t, bctx, "matchday", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#matchday ul.unplaced li")].map((e) => e.textContent)`))
	assert.Equal(t, nc, get(t, bctx, "matchday", chromedp.Evaluate[int](`document.querySelectorAll("#matchday .consortium").length`)),
		"matchday: consortia shown")
	assert.Len(t, unplaced, nu, "matchday: unplaced shown")
	seen := map[string]int{}
	for _, id := range placed {
		seen[id]++
	}
	for _, u := range unplaced {
		id, reason, ok := strings.Cut(u, ": ")
		assert.True(t, ok && reason != "", "matchday: unplaced %q has a reason", u)
		seen[id]++
	}
	assert.Positive(t, nc, "matchday: consortia of 30 clusters")
	for _, id := range pasted {
		assert.Equal(t, 1, seen[id], "matchday: %s is in one consortium or unplaced", id)
	}
	shot("6-matchday")
	perrs.check(t, "matchday")

	// 6. An unknown country shows the API's message and clears every result.
	run("error", chromedp.SetValue(chromedp.ID("country"), "ZZ"), submit)
	waitFor("error", `document.getElementById("status").className === "error"`)
	assert.Equal(t, `country "ZZ": unknown value`, text("error", "#status"), "error: message")
	left := get(t, bctx, "error", chromedp.Evaluate[map[string]int](
		`Object.fromEntries(["active", "facets", "hits", "hits-pager", "partners", "consortia"].map((id) => [id, document.getElementById(id).childElementCount]))`))
	for id, n := range left {
		assert.Zero(t, n, "error: #%s keeps %d stale elements", id, n)
	}
	assert.True(t, get(t, bctx, "error", chromedp.Evaluate[bool](`document.getElementById("c-go").disabled`)),
		"error: no seed, no consortium")
	shot("7-error")
	perrs.check(t, "error")

	// 7. An organiser makes an event through the API, with the token; the
	// event panel shows its plan: the agenda of the busiest participant,
	// with why they meet and a calendar to download, and the table plan.
	evID, plan := apiEvent(t, srv.URL, ps[:12])
	run("event", chromedp.Click(chromedp.ID("e-reload")))
	waitFor("event", `document.querySelectorAll("#agenda li.meeting").length > 0`)
	assert.Equal(t, evID, get(t, bctx, "event", chromedp.Value(chromedp.ID("e-event"))), "event: the event selected")
	assert.Regexp(t, fmt.Sprintf(`^%d meetings, value \d+\.\d\d of at most \d+\.\d\d, %d unplaced$`, plan.Meetings, len(plan.Unplaced)),
		text("event", "#e-status"), "event: the plan's summary")
	type meetingShown struct{ Time, With, Why string }
	agendaShown := func(state string) (string, []meetingShown) {
		t.Helper()
		return text(state, "#agenda h3"), get(t, bctx, state, chromedp.Evaluate[[]meetingShown](
			`[...document.querySelectorAll("#agenda li.meeting")].map((li) => ({
				Time: li.querySelector(".time").textContent,
				With: li.querySelector(".with").textContent,
				Why: li.querySelector(".why").textContent,
			}))`))
	}
	// want returns what the agenda of participant id should show.
	want := func(id string) (string, []meetingShown) {
		for _, a := range plan.Agendas {
			if a.Participant == id {
				var ms []meetingShown
				for _, m := range a.Meetings {
					ms = append(ms, meetingShown{Time: m.Start.UTC().Format("15:04") + "–" + m.End.UTC().Format("15:04"), With: m.WithName})
				}
				return "Agenda of " + a.Name, ms
			}
		}
		t.Fatalf("event: %s has no agenda in the plan", id)
		return "", nil
	}
	who := get(t, bctx, "event", chromedp.Value(chromedp.ID("e-participant")))
	heading, shownMs := agendaShown("event")
	wantHeading, wantMs := want(who)
	assert.Equal(t, wantHeading, heading, "event: agenda heading")
	require.Len(t, shownMs, len(wantMs), "event: meetings of %s", who)
	for i, m := range shownMs {
		assert.Equal(t, wantMs[i].Time, m.Time, "event: time of meeting %d", i)
		assert.Equal(t, wantMs[i].With, m.With, "event: partner of meeting %d", i)
		assert.NotEmpty(t, m.Why, "event: why meeting %d", i)
	}
	cells := get(t, bctx, "event", chromedp.Evaluate[int](
		`[...document.querySelectorAll("#tableplan table.tables td:not(.time)")].filter((td) => td.textContent !== "").length`))
	assert.Equal(t, plan.Meetings, cells, "event: the table plan shows every meeting")
	cal := get(t, bctx, "event", chromedp.Evaluate[string](
		`fetch(document.querySelector('#agenda a[href$="/ics"]').href).then((r) => r.text())`, chromedp.EvalAwaitPromise))
	assert.True(t, strings.HasPrefix(cal, "BEGIN:VCALENDAR\r\n"), "event: the calendar link gives a calendar")
	assert.Equal(t, len(wantMs), strings.Count(cal, "BEGIN:VEVENT"), "event: a VEVENT per meeting of the agenda")
	shot("8-event")

	// Another participant: its agenda replaces the first.
	var other string
	for _, a := range plan.Agendas {
		if a.Participant != who && len(a.Meetings) > 0 {
			other = a.Participant
			break
		}
	}
	require.NotEmpty(t, other, "event: a second participant with meetings")
	wantHeading, wantMs = want(other)
	run("event: another participant", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(() => { const s = document.getElementById("e-participant"); s.value = %q; s.dispatchEvent(new Event("change")); })()`, other)))
	waitFor("event: another participant", fmt.Sprintf(`document.querySelector("#agenda h3") && document.querySelector("#agenda h3").textContent === %q`, wantHeading))
	_, shownMs = agendaShown("event: another participant")
	assert.Len(t, shownMs, len(wantMs), "event: meetings of %s", other)
	shot("9-event-other")
	perrs.check(t, "event")
}

// apiEvent makes an event of the profiles through the API with the test
// token, as an organiser's tool would: each participant asks to meet its
// two best recommendations, every invitee accepts, and the event is
// scheduled. It returns the event's id and plan.
func apiEvent(t *testing.T, base string, ps []profile.Profile) (string, planJSON) {
	t.Helper()
	call := func(method, path string, body any, status int) []byte {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			require.NoError(t, err, "%s %s: body", method, path)
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequest(method, base+path, rd)
		require.NoError(t, err, "%s %s", method, path)
		req.Header.Set("Content-Type", typeJSON)
		req.Header.Set("Authorization", "Bearer "+testToken)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err, "%s %s", method, path)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err, "%s %s: reading", method, path)
		require.Equal(t, status, res.StatusCode, "%s %s: %s", method, path, b)
		return b
	}
	var created eventJSON
	require.NoError(t, json.Unmarshal(call("POST", "/events", testSpec(ps, len(ps)), http.StatusCreated), &created), "event")
	id := created.ID
	recs := map[string][]string{}
	for _, p := range ps {
		var r recommendJSON
		require.NoError(t, json.Unmarshal(call("GET", "/events/"+id+"/recommend/"+p.ID+"?limit=2", nil, http.StatusOK), &r), "recommend")
		for _, m := range r.Matches {
			recs[p.ID] = append(recs[p.ID], m.ID)
		}
	}
	for _, p := range ps {
		for _, to := range recs[p.ID] {
			var r event.Request
			b := call("POST", "/events/"+id+"/requests", pairJSON{From: p.ID, To: to}, http.StatusCreated)
			require.NoError(t, json.Unmarshal(b, &r), "request")
			if !r.Mutual {
				call("POST", "/events/"+id+"/accept", pairJSON{From: p.ID, To: to}, http.StatusOK)
			}
		}
	}
	var plan planJSON
	require.NoError(t, json.Unmarshal(call("POST", "/events/"+id+"/schedule", map[string]any{"seed": 1}, http.StatusOK), &plan), "plan")
	require.Positive(t, plan.Meetings, "the event has meetings")
	return id, plan
}

// get runs an action that returns a value, failing the test on an error.
func get[T any](t *testing.T, ctx context.Context, state string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err, state)
	return v
}
