package main

import (
	"encoding/json"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/terms/concept"
)

// TestLongField checks that a body holding a string longer than any
// profile field may be is refused, naming the field, before it is
// decoded: before, the profile was decoded whole (allocating ten times
// the body) and then refused. Allocation is the measure, not time.
func TestLongField(t *testing.T) {
	eng := newEmptyEngine(t)
	// Open decodes the concept table in the background; wait for it, so
	// that its allocations are not counted as the request's.
	concept.Default()
	h := newServer(eng, writable(options{}))
	huge := strings.Repeat("lidar ", (4<<20)/6) // 4 MB
	tests := []struct {
		name, body string
		line       int
		field      string
	}{
		{"description", `{"id": "big", "name": "Big", "country": "FR", "description": "` + huge + `"}`, 1, "description"},
		{"an offer, in an array, on line 3", "[\n" + `{"id": "a", "name": "A", "country": "FR"},` + "\n" +
			`{"id": "big", "name": "Big", "country": "FR", "offers": ["ai", "` + huge + `"]}]`, 3, "offers"},
		{"escaped quotes", `{"id": "big", "description": "\"` + huge + `\""}`, 1, "description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rec := do(t, h, http.MethodPost, "/profiles", "application/json", tt.body)
			runtime.ReadMemStats(&after)
			assertError(t, rec, http.StatusUnprocessableEntity, "POST /profiles (%s)", tt.name)
			got := decode[errorBody](t, rec).Records
			require.Len(t, got, 1, "POST /profiles (%s): bad records", tt.name)
			assert.Equal(t, tt.line, got[0].Line, "POST /profiles (%s): line", tt.name)
			require.Len(t, got[0].Fields, 1, "POST /profiles (%s): fields", tt.name)
			assert.Equal(t, tt.field, got[0].Fields[0].Field, "POST /profiles (%s): field", tt.name)
			// The body is read, and copied while read; nothing is decoded.
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4*len(tt.body)),
				"POST /profiles (%s): bytes allocated for a %d-byte body", tt.name, len(tt.body))
			assert.Zero(t, eng.Len(), "POST /profiles (%s): nothing added", tt.name)
		})
	}
	// A description at its limit, with every byte escaped, is no long field.
	p := profile.Profile{ID: "escaped", Name: "Escaped", Country: "FR", Description: strings.Repeat("é", profile.MaxDescriptionLen/2)}
	b, err := json.Marshal(p)
	require.NoError(t, err, "json.Marshal")
	body := strings.ReplaceAll(string(b), "é", `\u00e9`)
	assert.Nil(t, longField([]byte(body)), "longField(description of %d bytes, escaped)", len(p.Description))
}

// FuzzLongField checks that longField never panics and finds a long
// string exactly when the body, valid JSON, holds one.
func FuzzLongField(f *testing.F) {
	f.Add([]byte(`{"id": "a", "offers": ["x\"y", "z"]}`))
	f.Add([]byte(`"\`))
	f.Add([]byte(`{"a":"` + strings.Repeat("b", maxRawString+1) + `"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := longField(body)
		var v any
		if json.Unmarshal(body, &v) != nil {
			return
		}
		assert.Equal(t, hasLong(v), rec != nil, "longField(%.200q)", body)
	})
}

// hasLong reports whether a decoded JSON value holds a string (or key)
// of more than maxRawString bytes when written: for the fuzz corpus,
// whose strings are short or plain, its decoded length.
func hasLong(v any) bool {
	switch v := v.(type) {
	case string:
		b, _ := json.Marshal(v)
		return len(b)-2 > maxRawString
	case []any:
		for _, x := range v {
			if hasLong(x) {
				return true
			}
		}
	case map[string]any:
		for k, x := range v {
			if hasLong(k) || hasLong(x) {
				return true
			}
		}
	}
	return false
}
