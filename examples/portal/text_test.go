package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPostBadText checks that a body with a string that is not Unicode
// text is refused with 400 naming the field, rather than stored with
// U+FFFD in place of the bad bytes as Go's decoder would.
func TestPostBadText(t *testing.T) {
	t.Parallel()
	const good = `{"id":"t-good","name":"Good Cluster","country":"DE"}`
	tests := []struct {
		name, contentType, body string
		want                    recordJSON // Error is not compared; Fields only Field and Reason
	}{
		{"name not UTF-8", "application/json", `{"id":"t-1","name":"Caf` + "\xe9" + `","country":"FR"}`,
			recordJSON{Line: 1, ID: "t-1", Fields: []fieldJSON{{Field: "name", Reason: "not valid UTF-8"}}}},
		{"list element in an array", "application/json", "[\n" + good + ",\n" + `{"id":"t-2","name":"X","country":"FR","offers":["ok","` + "\xff\xfe" + `"]}` + "\n]",
			recordJSON{Line: 3, Record: 2, ID: "t-2", Fields: []fieldJSON{{Field: "offers[1]", Reason: "not valid UTF-8"}}}},
		{"JSON Lines", "application/x-ndjson", good + "\n" + `{"id":"t-3","name":"X","country":"FR","description":"` + "\xc3\x28" + `"}` + "\n",
			recordJSON{Line: 2, ID: "t-3", Fields: []fieldJSON{{Field: "description", Reason: "not valid UTF-8"}}}},
		{"key", "application/x-ndjson", `{"id":"t-4","na` + "\x80" + `me":"X","country":"FR"}`,
			recordJSON{Line: 1, ID: "t-4", Fields: []fieldJSON{{Field: "na\ufffdme", Reason: "key not valid UTF-8"}}}},
		{"before the id", "application/json", `{"name":"` + "\xed\xa0\x80" + `","id":"t-5","country":"FR"}`, // an encoded surrogate
			recordJSON{Line: 1, Fields: []fieldJSON{{Field: "name", Reason: "not valid UTF-8"}}}},
		{"lone high surrogate escape", "application/json", `{"id":"t-6","name":"A \ud800 B","country":"FR"}`,
			recordJSON{Line: 1, ID: "t-6", Fields: []fieldJSON{{Field: "name", Reason: "lone UTF-16 surrogate escape"}}}},
		{"lone low surrogate escape", "application/json", `{"id":"t-7","name":"X","country":"FR","needs":["\uDC00"]}`,
			recordJSON{Line: 1, ID: "t-7", Fields: []fieldJSON{{Field: "needs[0]", Reason: "lone UTF-16 surrogate escape"}}}},
		{"not UTF-8 outside strings", "application/json", `{"id":"t-8",` + "\xff" + `"name":"X"}`,
			recordJSON{Line: 1}},
	}
	eng := newEmptyEngine(t)
	h := newServer(eng, writable(options{}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, http.MethodPost, "/profiles", tt.contentType, tt.body)
			assertError(t, rec, http.StatusBadRequest, "POST %q", tt.body)
			assert.Zero(t, eng.Len(), "POST %q: nothing added", tt.body)
			got := decode[errorBody](t, rec).Records
			require.Len(t, got, 1, "POST %q: records %+v", tt.body, got)
			assert.Equal(t, tt.want.Line, got[0].Line, "POST %q: line", tt.body)
			assert.Equal(t, tt.want.Record, got[0].Record, "POST %q: record", tt.body)
			assert.Equal(t, tt.want.ID, got[0].ID, "POST %q: id", tt.body)
			require.Len(t, got[0].Fields, len(tt.want.Fields), "POST %q: fields %+v", tt.body, got[0].Fields)
			for i, f := range tt.want.Fields {
				assert.Equal(t, f.Field, got[0].Fields[i].Field, "POST %q: field %d", tt.body, i)
				assert.Equal(t, f.Reason, got[0].Fields[i].Reason, "POST %q: reason %d", tt.body, i)
				assert.Contains(t, got[0].Error, f.Field, "POST %q: the message names the field", tt.body)
			}
		})
	}

	// Text that only looks suspect is stored as sent.
	ok := []struct{ name, body, id, want string }{
		{"surrogate pair escape", `{"id":"t-ok1","name":"\ud83d\ude00 Cluster","country":"FR"}`, "t-ok1", "\U0001F600 Cluster"},
		{"escaped backslash before ud800", `{"id":"t-ok2","name":"Dir C:\\ud800","country":"FR"}`, "t-ok2", `Dir C:\ud800`},
		{"replacement character sent as such", `{"id":"t-ok3","name":"A ` + "\ufffd" + ` B","country":"FR"}`, "t-ok3", "A \ufffd B"},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, http.MethodPost, "/profiles", "application/json", tt.body)
			require.Equal(t, http.StatusCreated, rec.Code, "POST %q: %s", tt.body, rec.Body.String())
			p, found := eng.Get(tt.id)
			require.True(t, found, "POST %q: stored", tt.body)
			assert.Equal(t, tt.want, p.Name, "POST %q: name", tt.body)
		})
	}
}

func TestTextProblem(t *testing.T) {
	t.Parallel()
	tests := []struct{ raw, want string }{
		{`"plain"`, ""},
		{`, "tab\tquote\"back\\slash"`, ""},
		{`"\u00e9\u20ac"`, ""},
		{`"\ud83d\ude00"`, ""},
		{`"\\ud800"`, ""},
		{`"\ud83d"`, "lone UTF-16 surrogate escape"},
		{`"\ud83d\u0041"`, "lone UTF-16 surrogate escape"},
		{`"\ude00"`, "lone UTF-16 surrogate escape"},
		{`"\\\ud800"`, "lone UTF-16 surrogate escape"},
		{"\"\xff\"", "not valid UTF-8"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, textProblem([]byte(tt.raw)), "textProblem(%q)", tt.raw)
	}
}
