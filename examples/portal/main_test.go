package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun starts the binary's server on a free port, calls it, and stops it
// through the context as SIGINT would.
func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string
		wantTotal func(n int) bool
	}{
		{"in memory, empty", []string{"-seed-demo=false"}, func(n int) bool { return n == 0 }},
		{"index folder, seeded", []string{"-index", t.TempDir()}, func(n int) bool { return n > 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			addr := make(chan string, 1)
			done := make(chan error, 1)
			args := append([]string{"-addr", "127.0.0.1:0"}, tt.args...)
			go func() { done <- run(ctx, args, io.Discard, func(a string) { addr <- a }) }()

			var base string
			select {
			case a := <-addr:
				base = "http://" + a
			case err := <-done:
				require.FailNow(t, "run ended before serving", "run(%q): %v", args, err)
			case <-time.After(time.Minute):
				require.FailNow(t, "run did not start serving", "run(%q)", args)
			}

			res, err := http.Get(base + "/")
			require.NoError(t, err, "GET /")
			res.Body.Close()
			assert.Equal(t, http.StatusOK, res.StatusCode, "GET /")

			res, err = http.Get(base + "/search?size=1")
			require.NoError(t, err, "GET /search")
			var body struct{ Total int }
			assert.NoError(t, json.NewDecoder(res.Body).Decode(&body), "GET /search: body")
			res.Body.Close()
			assert.Equal(t, http.StatusOK, res.StatusCode, "GET /search")
			assert.True(t, tt.wantTotal(body.Total), "run(%q): %d profiles searchable", args, body.Total)

			cancel()
			select {
			case err := <-done:
				assert.NoError(t, err, "run(%q) after shutdown", args)
			case <-time.After(time.Minute):
				require.FailNow(t, "run did not shut down", "run(%q)", args)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"-port", "80"}},
		{"extra argument", []string{"serve"}},
		{"zero timeout", []string{"-timeout", "0s"}},
		{"negative body limit", []string{"-max-body", "-1"}},
		{"bad address", []string{"-addr", "127.0.0.1:http-alt-nope", "-seed-demo=false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, func(string) {
				t.Errorf("run(%q) started serving", tt.args)
			})
			assert.Error(t, err, "run(%q)", tt.args)
		})
	}
}
