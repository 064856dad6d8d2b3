package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSecurityHeaders checks the headers of responses of every kind: the
// page, JSON, the mux's errors, the guards' refusals.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	eng := newEmptyEngine(t)
	readOnly := newServer(eng, options{})
	tests := []struct {
		method, target string
		want           int
	}{
		{http.MethodGet, "/", http.StatusOK},
		{http.MethodHead, "/", http.StatusOK},
		{http.MethodGet, "/models", http.StatusOK},
		{http.MethodGet, "/search?q=battery", http.StatusOK},
		{http.MethodGet, "/profiles/nobody", http.StatusNotFound},
		{http.MethodGet, "/nope", http.StatusNotFound},
		{http.MethodPost, "/", http.StatusMethodNotAllowed},
		{http.MethodGet, "/search?q=%ZZ", http.StatusBadRequest},
		{http.MethodGet, "/profiles/..", http.StatusBadRequest},
		{http.MethodDelete, "/profiles/nobody", http.StatusForbidden},
		{http.MethodGet, "/index.html", http.StatusNotFound},
	}
	want := map[string]string{
		"Content-Security-Policy": pagePolicy,
		"X-Frame-Options":         "DENY",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			rec := do(t, readOnly, tt.method, tt.target, "", "")
			assert.Equal(t, tt.want, rec.Code, "%s %s: status (body %s)", tt.method, tt.target, rec.Body.String())
			for k, v := range want {
				assert.Equal(t, v, rec.Header().Get(k), "%s %s: %s", tt.method, tt.target, k)
			}
		})
	}

	// The 503 of a full server is written before anything else runs.
	full := newServer(eng, options{MaxInFlight: 1})
	require.True(t, full.(*server).gate.enter(), "take the only place")
	rec := do(t, full, http.MethodGet, "/models", "", "")
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code, "GET /models on a full server")
	for k, v := range want {
		assert.Equal(t, v, rec.Header().Get(k), "GET /models on a full server: %s", k)
	}
}

// TestPagePolicy checks that the policy is strict and still lets the page
// work: its one inline script and one inline style are allowed by hash,
// and it uses nothing the policy blocks.
func TestPagePolicy(t *testing.T) {
	t.Parallel()
	directives := map[string]string{}
	for _, d := range strings.Split(pagePolicy, "; ") {
		name, value, _ := strings.Cut(d, " ")
		directives[name] = value
	}
	hashOf := func(tag string) string {
		open, end := "<"+tag+">", "</"+tag+">"
		require.Equal(t, 1, bytes.Count(indexHTML, []byte(open)), "index.html has one %s", open)
		_, rest, _ := bytes.Cut(indexHTML, []byte(open))
		text, _, found := bytes.Cut(rest, []byte(end))
		require.True(t, found, "index.html closes %s", open)
		sum := sha256.Sum256(text)
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	assert.Equal(t, map[string]string{
		"default-src":     "'none'",
		"script-src":      hashOf("script"),
		"style-src":       hashOf("style"),
		"connect-src":     "'self'",
		"img-src":         "'self'",
		"base-uri":        "'none'",
		"form-action":     "'self'",
		"frame-ancestors": "'none'",
	}, directives, "Content-Security-Policy %q", pagePolicy)
	assert.NotContains(t, pagePolicy, "unsafe", "no 'unsafe-inline' or 'unsafe-eval'")

	page := string(indexHTML)
	// A browser hashes the text after turning \r\n into \n: keep the page
	// free of \r, or the hashes computed from the file would not match.
	assert.NotContains(t, page, "\r", "index.html has \\n line ends")
	blocked := []struct{ what, pattern string }{
		{"an inline event handler", `<[^>]*\son[a-z]+\s*=`},
		{"a style attribute", `<[^>]*\sstyle\s*=`},
		{"a style attribute set by script", `\bstyle\s*:\s*["']|setAttribute\(\s*["']style`},
		{"a script or style from a file", `<script\s|<link\b|@import`},
		{"a javascript: URL", `javascript:`},
		{"eval", `\beval\s*\(|new\s+Function\b`},
		{"an external fetch", `fetch\(\s*["'](https?:)?//`},
	}
	for _, b := range blocked {
		assert.NotRegexp(t, regexp.MustCompile(b.pattern), page, "index.html uses %s, which the policy blocks", b.what)
	}
}
