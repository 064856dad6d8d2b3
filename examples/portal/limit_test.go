package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLimiter(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a, b := netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("198.51.100.7/32")
	// Rate 2 a second, burst 3: a token every 500ms, 1.5s to fill up.
	steps := []struct {
		at     time.Duration // since t0
		client netip.Prefix
		ok     bool
		wait   time.Duration // when refused
	}{
		{0, a, true, 0},
		{0, a, true, 0},
		{0, a, true, 0},
		{0, a, false, 500 * time.Millisecond},
		{0, b, true, 0}, // another client has its own bucket
		{250 * time.Millisecond, a, false, 250 * time.Millisecond},
		{500 * time.Millisecond, a, true, 0},
		{500 * time.Millisecond, a, false, 500 * time.Millisecond},
		{time.Hour, a, true, 0}, // refilled, to no more than the burst
		{time.Hour, a, true, 0},
		{time.Hour, a, true, 0},
		{time.Hour, a, false, 500 * time.Millisecond},
	}
	now := t0
	l := newLimiter(2, 3, func() time.Time { return now })
	for i, s := range steps {
		now = t0.Add(s.at)
		ok, wait := l.allow(s.client)
		assert.Equal(t, s.ok, ok, "step %d: allow(%s) at %v", i, s.client, s.at)
		assert.InDelta(t, s.wait, wait, float64(time.Millisecond), "step %d: wait of %s at %v", i, s.client, s.at)
	}
	// b has been full since 1.5s; a has just emptied its bucket.
	assert.Len(t, l.buckets, 1, "full buckets are dropped once a refill time has passed")
}

func TestClientOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		remote, want string
	}{
		{"192.0.2.1:1234", "192.0.2.1/32"},
		{"[2001:db8:1:2:3::4]:443", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.1]:80", "192.0.2.1/32"},
		{"[fe80::1%eth0]:80", "fe80::/64"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.remote
		assert.Equal(t, netip.MustParsePrefix(tt.want), clientOf(r), "clientOf(RemoteAddr %q)", tt.remote)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "not an address"
	assert.Equal(t, netip.Prefix{}, clientOf(r), "clientOf(RemoteAddr %q)", r.RemoteAddr)
}

// TestWriteRateLimit checks the per-client 429 of the write routes.
func TestWriteRateLimit(t *testing.T) {
	t.Parallel()
	eng := newEmptyEngine(t)
	const burst = 3
	// One write every 1000s after the burst: nothing refills during the test.
	h := newServer(eng, options{Token: testToken, WriteBurst: burst, WriteRate: 1e-3})
	send := func(method, target, remote, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, nil)
		req.RemoteAddr = remote
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	tests := []struct {
		name, remote, token string
		first               int // status of the burst's writes
	}{
		{"right token", "192.0.2.1:1000", testToken, http.StatusNotFound},
		{"wrong token: guesses count", "192.0.2.2:1000", "guess-guess-guess-guess", http.StatusUnauthorized},
		{"IPv6", "[2001:db8::1]:1000", testToken, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range burst {
				// DELETE of an unknown id: a write that changes nothing.
				rec := send(http.MethodDelete, "/profiles/nobody", tt.remote, tt.token)
				assertError(t, rec, tt.first, "write %d of %d from %s", i+1, burst, tt.remote)
			}
			rec := send(http.MethodDelete, "/profiles/nobody", tt.remote, testToken)
			assertError(t, rec, http.StatusTooManyRequests, "write %d from %s", burst+1, tt.remote)
			secs, err := strconv.Atoi(rec.Header().Get("Retry-After"))
			assert.NoError(t, err, "Retry-After %q is a number of seconds", rec.Header().Get("Retry-After"))
			assert.InDelta(t, 1000, secs, 1, "Retry-After: a token every 1000s")

			rec = send(http.MethodGet, "/models", tt.remote, testToken)
			assert.Equal(t, http.StatusOK, rec.Code, "reads from %s are not limited", tt.remote)
		})
	}
	rec := send(http.MethodDelete, "/profiles/nobody", "[2001:db8::2]:1000", testToken)
	assertError(t, rec, http.StatusTooManyRequests, "another address of the same IPv6 /64")
	rec = send(http.MethodDelete, "/profiles/nobody", "203.0.113.9:1000", testToken)
	assertError(t, rec, http.StatusNotFound, "a client with a full bucket")
}

// TestInFlightLimit checks the 503 of a request that finds every place
// taken: a POST whose body is still arriving holds the only one.
func TestInFlightLimit(t *testing.T) {
	t.Parallel()
	eng := newEmptyEngine(t)
	h := newServer(eng, options{Token: testToken, MaxInFlight: 1})

	pr, pw := io.Pipe()
	req := httptest.NewRequest(http.MethodPost, "/profiles", pr)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+testToken)
	slow := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(slow, req)
	}()
	// The write returns once the handler reads the body: it holds the place.
	_, err := pw.Write([]byte("["))
	require.NoError(t, err, "first byte of the slow body")

	for _, target := range []string{"/models", "/", "/search?q=battery"} {
		rec := do(t, h, http.MethodGet, target, "", "")
		assertError(t, rec, http.StatusServiceUnavailable, "GET %s while the only place is taken", target)
		assert.Equal(t, "1", rec.Header().Get("Retry-After"), "GET %s: Retry-After", target)
	}

	require.NoError(t, pw.Close(), "end of the slow body")
	<-done
	assertError(t, slow, http.StatusBadRequest, "the slow POST of %q", "[")
	rec := do(t, h, http.MethodGet, "/models", "", "")
	assert.Equal(t, http.StatusOK, rec.Code, "GET /models once the place is free")
}
