package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
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
			args := append([]string{"-addr", "127.0.0.1:0", "-token", testToken}, tt.args...)
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

			assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"), "GET /: security headers")
			assert.Equal(t, pagePolicy, res.Header.Get("Content-Security-Policy"), "GET /: security headers")

			res, err = http.Get(base + "/search?size=1")
			require.NoError(t, err, "GET /search")
			var body struct{ Total int }
			assert.NoError(t, json.NewDecoder(res.Body).Decode(&body), "GET /search: body")
			res.Body.Close()
			assert.Equal(t, http.StatusOK, res.StatusCode, "GET /search")
			assert.True(t, tt.wantTotal(body.Total), "run(%q): %d profiles searchable", args, body.Total)

			// Writes: with the token of the command line, and without it.
			for _, tok := range []struct {
				header string
				want   int
			}{{"", http.StatusUnauthorized}, {"Bearer " + testToken, http.StatusCreated}} {
				req, err := http.NewRequest(http.MethodPost, base+"/profiles",
					strings.NewReader(`{"id":"run-1","name":"Run Cluster","country":"DE"}`))
				require.NoError(t, err, "POST request")
				req.Header.Set("Content-Type", "application/json")
				if tok.header != "" {
					req.Header.Set("Authorization", tok.header)
				}
				res, err := http.DefaultClient.Do(req)
				require.NoError(t, err, "POST /profiles")
				res.Body.Close()
				assert.Equal(t, tok.want, res.StatusCode, "run(%q): POST /profiles with %q", args, tok.header)
			}

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
	locked := t.TempDir()
	eng, err := match.Open(locked, match.Config{})
	require.NoError(t, err, "open the folder that run must find locked")
	t.Cleanup(func() { eng.Close() })

	tests := []struct {
		name    string
		args    []string
		mention string // in the error, if not empty
	}{
		{"unknown flag", []string{"-port", "80"}, ""},
		{"extra argument", []string{"serve"}, ""},
		{"zero timeout", []string{"-timeout", "0s"}, ""},
		{"negative body limit", []string{"-max-body", "-1"}, ""},
		{"zero in flight", []string{"-max-inflight", "0"}, ""},
		{"short token", []string{"-token", "short"}, "16 characters"},
		{"bad address", []string{"-addr", "127.0.0.1:http-alt-nope", "-seed-demo=false"}, ""},
		// The message is what a user reads: the folder must be in it.
		{"locked index folder", []string{"-index", locked, "-addr", "127.0.0.1:0"}, locked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, func(string) {
				t.Errorf("run(%q) started serving", tt.args)
			})
			require.Error(t, err, "run(%q)", tt.args)
			if tt.mention != "" {
				assert.ErrorContains(t, err, tt.mention, "run(%q)", tt.args)
			}
			if tt.name == "locked index folder" {
				assert.ErrorIs(t, err, index.ErrLocked, "the folder is in use, not damaged")
				assert.ErrorContains(t, err, "in use", "what a user reads")
			}
		})
	}
}

// mainArgsEnv, when set, makes the test binary run main with its value
// as arguments (separated by \n), so that TestMainExit can see the exit
// status and output of the command.
const mainArgsEnv = "PORTAL_TEST_MAIN_ARGS"

// TestMainExit checks that the command fails with status 1 and prints the
// whole startup error, folder included, when the index folder is locked.
func TestMainExit(t *testing.T) {
	t.Parallel()
	locked := t.TempDir()
	eng, err := match.Open(locked, match.Config{})
	require.NoError(t, err, "open the folder that main must find locked")
	t.Cleanup(func() { eng.Close() })

	exe, err := os.Executable()
	require.NoError(t, err, "test binary")
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), mainArgsEnv+"=-index\n"+locked+"\n-addr\n127.0.0.1:0")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "portal -index on a locked folder: %s", stderr.String())
	assert.Equal(t, 1, exit.ExitCode(), "exit status; stderr %s", stderr.String())
	assert.Contains(t, stderr.String(), fmt.Sprintf("portal: open index folder %q: ", locked), "the error names the folder")
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	defaults := config{
		Addr: "127.0.0.1:8080", SeedDemo: true, MaxBody: 8 << 20, Timeout: 10 * time.Second,
		MaxInFlight: 64, WriteRate: 1, WriteBurst: 10,
	}
	with := func(f func(c *config)) config {
		c := defaults
		f(&c)
		return c
	}
	const envToken = "env-token-0123456789"
	tests := []struct {
		name string
		args []string
		env  string // PARTNERMATCH_TOKEN
		want config
	}{
		{"defaults", nil, "", defaults},
		{"token from the environment", nil, envToken, with(func(c *config) { c.Token = envToken })},
		{"the flag beats the environment", []string{"-token", testToken}, envToken, with(func(c *config) { c.Token = testToken })},
		{"an empty flag makes it read-only", []string{"-token="}, envToken, defaults},
		{"limits", []string{"-max-inflight", "8", "-write-rate", "0.5", "-write-burst", "2", "-addr", ":9090"}, "",
			with(func(c *config) { c.MaxInFlight, c.WriteRate, c.WriteBurst, c.Addr = 8, 0.5, 2, ":9090" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == tokenEnv {
					return tt.env
				}
				return ""
			}
			got, err := parseFlags(tt.args, getenv, io.Discard)
			require.NoError(t, err, "parseFlags(%q)", tt.args)
			assert.Equal(t, tt.want, got, "parseFlags(%q), %s=%q", tt.args, tokenEnv, tt.env)
		})
	}

	host, _, err := net.SplitHostPort(defaults.Addr)
	require.NoError(t, err, "default -addr")
	assert.True(t, net.ParseIP(host).IsLoopback(), "default -addr %q listens on the loopback interface only", defaults.Addr)

	bad := []struct {
		name string
		args []string
		env  string
	}{
		{"short token", []string{"-token", "0123456789abcde"}, ""}, // 15 characters
		{"short token from the environment", nil, "0123456789abcde"},
		{"token with a space", []string{"-token", "0123456789 abcdef"}, ""},
		{"zero in flight", []string{"-max-inflight", "0"}, ""},
		{"zero write rate", []string{"-write-rate", "0"}, ""},
		{"NaN write rate", []string{"-write-rate", "NaN"}, ""},
		{"negative write burst", []string{"-write-burst", "-1"}, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFlags(tt.args, func(string) string { return tt.env }, io.Discard)
			assert.Error(t, err, "parseFlags(%q), %s=%q", tt.args, tokenEnv, tt.env)
		})
	}
}
