// Command portal serves a partner-matching JSON API, and a small search
// page at /, for a cluster portal.
//
//	go run ./examples/portal                                 # in memory, demo data, read-only, 127.0.0.1:8080
//	PARTNERMATCH_TOKEN=$(openssl rand -hex 16) go run ./examples/portal -index ./idx
//	go run ./examples/portal -addr :9090 -index ./idx -seed-demo=false
//
// Routes (every error is {"error": "...", "field": "...", "value": "..."}
// with its status; field and value, when present, name the query
// parameter, profile key or path id at fault, and the message uses those
// names too):
//
//	GET    /                  the search page
//	GET    /search?q=&lang=&country=&industry=&sector=&market=&kind=&size=&from=
//	                          hits with facets; 400 for a bad filter, lang, size or from
//	GET    /partners/{id}?limit=&offset=&model=&rules=&country=&exclude_country=&industry=&market=&kind=&min_score=&exact=
//	                          a page of the best partners with scores and reasons, and
//	                          the rules, offset and limit that answered; 404 unknown id,
//	                          400 unknown model or rules, bad filter, limit, offset or min_score
//	GET    /consortia?seed=&rules=&model=&min_size=&max_size=&max_per_country=&market=&industry=&exclude=&alternatives=&pool=&exact=
//	                          alternative consortia around the seeds (seed, exclude,
//	                          market and industry are lists), best first, each with its
//	                          members' roles and the needs they meet, countries, shared
//	                          markets and objective parts; w_complementarity, w_anchor,
//	                          w_coverage, w_market, w_diversity, w_redundancy and w_size
//	                          (0 to 100) weigh the objective, the parts not named keeping
//	                          their default weight; 404 unknown seed, 400 bad
//	                          parameter, 422 when no choice of members meets the rules
//	                          (field: the parameter that asks for the constraint)
//	POST   /matchday          the participants of a matchmaking day split into disjoint
//	                          consortia, and the unplaced with the reason: a JSON body
//	                          {"ids", "min_size", "max_size", "rules", "markets",
//	                          "cover_industries", "max_per_country", "model", "weights":
//	                          {"size": 0.5, ...}} (a body,
//	                          since up to 500 ids do not fit in a URL; a read, so no
//	                          token); errors as for /consortia, field naming the key
//	GET    /profiles/{id}     the profile; 404 unknown
//	POST   /profiles          (write) add or replace profiles, all or none: a JSON
//	                          array or object (application/json) or JSON Lines
//	                          (application/x-ndjson); 201 {"count": n}; 400 for a
//	                          body that does not parse or holds a string that is
//	                          not valid UTF-8, 422 for invalid or repeated profiles
//	                          (an id of . or .. included), both with
//	                          {"error", "records": [{"line", "id", "fields": [{"field", "value", "reason"}]}]};
//	                          413 for a body over -max-body, 415 for another content type
//	DELETE /profiles/{id}     (write) 204; 404 unknown
//	GET    /models            the model and rule set names a partner query may use
//
// Matchmaking events (package event), held in memory, at most 16 (a demo:
// they go when the portal stops); writes need the token, reads do not:
//
//	GET    /events                          the events held
//	POST   /events                          (write) a new event of the JSON event.Spec of the body;
//	                                        201 with its id; 400 invalid (field: its JSON path),
//	                                        404 a participant that is no profile, 409 when 16 are held
//	GET    /events/{event}                  its spec, requests count, whether scheduled and stale
//	DELETE /events/{event}                  (write) 204
//	POST   /events/{event}/participants     (write) add or replace participants: an array or one object
//	GET    /events/{event}/recommend/{participant}?limit=&model=&rules=&min_score=
//	                                        whom the participant should ask to meet
//	GET    /events/{event}/requests?participant=
//	POST   /events/{event}/requests         (write) {"from", "to"}: from asks to meet to (mutual if to asked)
//	POST   /events/{event}/accept           (write) {"from", "to"}: to accepts; 409 if decided already
//	POST   /events/{event}/decline          (write) {"from", "to"}: to declines, or either cancels
//	POST   /events/{event}/schedule         (write) score the requests and schedule them: a body of
//	                                        event.Config's keys, "model", and "keep" (reschedule around
//	                                        the last plan); the plan: agendas, tables, unplaced with reasons
//	GET    /events/{event}/plan             the last plan; GET .../plan.csv the table plan as CSV
//	GET    /events/{event}/agendas/{participant}      its agenda, with why it meets each
//	GET    /events/{event}/agendas/{participant}/ics  the agenda as an iCalendar file
//	GET    /events/{event}/agendas/{participant}/csv  the agenda as CSV
//
// The filters of /search and /partners may be repeated or comma-separated
// (country=DE,FR) and also include ecosystem, category and label, and the
// ranges members_min, members_max, smes_min, smes_max, founded_min and
// founded_max (absent or 0: no bound). Size
// and limit are at most 100; absent or 0 they mean 10, as zero Size and
// Limit do in the library. From+size is at most 10,000, offset+limit at
// most match.MaxLimit (1,000). Sizes of /consortia and /matchday are at
// most match.MaxConsortiumSize, as in the library; a large matchday can
// take longer than -timeout, and then gets 503. Absent rules mean
// match.DefaultRules (open, which restricts nothing). An unknown query parameter is a 400: a
// misspelt filter would otherwise match everything; so is a query string
// that does not parse (%ZZ, a ';') or is not UTF-8, and an id in a path
// that is not a profile id (empty, . or .., an escaped slash). A wrong
// method gets 405, an unknown path 404, a request that runs out of
// -timeout 503.
//
// # Writes and the token
//
// The write routes need "Authorization: Bearer TOKEN", where TOKEN is given
// by -token or, better (a flag shows in the process list), the environment
// variable PARTNERMATCH_TOKEN; it must have at least 16 characters. With no
// token the portal is read-only and the write routes answer 403. A missing
// or wrong token gets 401 with a WWW-Authenticate: Bearer challenge. Tokens
// are compared in constant time. The token crosses the network in clear
// text: beyond the loopback interface, serve the portal behind TLS.
//
// # Limits
//
// At most -max-inflight requests (default 64) are served at once; one more
// gets 503 with Retry-After rather than waiting in a queue. Each client IP
// address (an IPv6 client by its /64) may make -write-burst writes (default
// 10) at once and then -write-rate a second (default 1); more get 429 with
// Retry-After. Failed attempts count too, which slows token guessing.
// Addresses come from the connection, not from X-Forwarded-For: behind a
// proxy every client shares the proxy's bucket. Bodies are capped at
// -max-body, headers at 64 KiB; headers must arrive within 5s, a body
// within 30s, and a request gets -timeout to run (its context ends then,
// or when the client goes away, and the engine stops with it).
//
// Every response carries a strict Content-Security-Policy (the page's
// inline script and style are allowed by their hashes, nothing else loads),
// X-Frame-Options: DENY, X-Content-Type-Options: nosniff and
// Referrer-Policy: no-referrer.
//
// # Flags
//
//	-addr         address to listen on (default 127.0.0.1:8080, the loopback
//	              interface only; :8080 for every interface)
//	-index        a persistent index folder (default empty: in memory); a
//	              folder another process holds fails at startup with an
//	              error naming it, and the command exits with status 1
//	-seed-demo    load the embedded synthetic profiles into an empty index
//	              (default true)
//	-token        the bearer token of the write routes (default
//	              $PARTNERMATCH_TOKEN; none: read-only)
//	-max-body     the request body limit in bytes (default 8 MiB)
//	-timeout      the time limit of one request (default 10s)
//	-max-inflight requests served at once (default 64)
//	-write-rate   writes a second per client after the burst (default 1)
//	-write-burst  writes a client may make at once (default 10)
//
// The server stops gracefully on SIGINT or SIGTERM, letting requests in
// flight finish.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile/synth"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stderr, nil)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

// Server timeouts besides the per-request -timeout, and the header limit.
const (
	readHeaderTimeout = 5 * time.Second  // slowloris: headers arrive at once or not at all
	readTimeout       = 30 * time.Second // a -max-body upload on a slow line
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 15 * time.Second
	maxHeaderBytes    = 64 << 10 // the API's headers are small; Go's default is 1 MiB
)

// tokenEnv is the environment variable of the bearer token, read when
// -token is not given: a flag shows in the process list, the environment
// does not.
const tokenEnv = "PARTNERMATCH_TOKEN"

// config is the command line of the portal.
type config struct {
	Addr        string
	Index       string
	SeedDemo    bool
	MaxBody     int64
	Timeout     time.Duration
	Token       string
	MaxInFlight int
	WriteRate   float64
	WriteBurst  int
}

// parseFlags reads the command line args, taking the token from getenv
// when no -token is given. It returns flag.ErrHelp for -h.
func parseFlags(args []string, getenv func(string) string, out io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: portal [-addr 127.0.0.1:8080] [-index DIR] [-seed-demo=false] [-token TOKEN] [flags]")
		fmt.Fprintln(fs.Output(), "The token may come from $"+tokenEnv+" instead; without one the portal is read-only.")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on (:8080 for every interface)")
	fs.StringVar(&c.Index, "index", "", "persistent index folder, created if missing (empty: in memory)")
	fs.BoolVar(&c.SeedDemo, "seed-demo", true, "load the embedded synthetic profiles when the index is empty")
	fs.Int64Var(&c.MaxBody, "max-body", 8<<20, "largest request body in bytes (larger: 413)")
	fs.DurationVar(&c.Timeout, "timeout", 10*time.Second, "time limit of one request (exceeded: 503)")
	fs.StringVar(&c.Token, "token", "", "bearer token of POST and DELETE, at least 16 characters (default $"+tokenEnv+"; none: read-only)")
	fs.IntVar(&c.MaxInFlight, "max-inflight", 64, "requests served at once (more: 503 with Retry-After)")
	fs.Float64Var(&c.WriteRate, "write-rate", 1, "writes a second per client IP after the burst (more: 429 with Retry-After)")
	fs.IntVar(&c.WriteBurst, "write-burst", 10, "writes a client IP may make at once")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	tokenSet := false
	fs.Visit(func(f *flag.Flag) { tokenSet = tokenSet || f.Name == "token" })
	if !tokenSet {
		c.Token = getenv(tokenEnv)
	}
	switch {
	case c.MaxBody <= 0 || c.Timeout <= 0:
		return config{}, errors.New("-max-body and -timeout must be positive")
	case c.MaxInFlight <= 0 || c.WriteBurst <= 0 || !(c.WriteRate > 0): // !(>) rejects NaN too
		return config{}, errors.New("-max-inflight, -write-rate and -write-burst must be positive")
	case c.Token != "" && len(c.Token) < minTokenLen:
		return config{}, fmt.Errorf("the token (-token or $%s) must have at least %d characters", tokenEnv, minTokenLen)
	case strings.ContainsFunc(c.Token, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return config{}, fmt.Errorf("the token (-token or $%s) must not hold spaces or control characters", tokenEnv)
	}
	return c, nil
}

// run serves until ctx ends, then shuts the server down gracefully. It
// logs to logw and calls ready, if not nil, with the address it listens on
// once it accepts connections.
func run(ctx context.Context, args []string, logw io.Writer, ready func(addr string)) error {
	c, err := parseFlags(args, os.Getenv, logw)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(logw, nil))

	eng, err := match.Open(c.Index, match.Config{Logger: log})
	if err != nil {
		// The whole error, with the folder: a folder that another portal
		// holds fails here, after the index's lock timeout.
		if c.Index == "" {
			return fmt.Errorf("open the in-memory index: %w", err)
		}
		return fmt.Errorf("open index folder %q: %w", c.Index, err)
	}
	defer eng.Close()
	if c.SeedDemo && eng.Len() == 0 {
		n, err := seedDemo(ctx, eng)
		if err != nil {
			return err
		}
		log.Info("portal: loaded the synthetic demo profiles", "n", n)
	}

	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	opts := options{
		MaxBody: c.MaxBody, Timeout: c.Timeout, Logger: log, Token: c.Token,
		MaxInFlight: c.MaxInFlight, WriteRate: c.WriteRate, WriteBurst: c.WriteBurst,
	}
	srv := &http.Server{
		Handler:           newServer(eng, opts),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      c.Timeout + 5*time.Second, // the handler answers 503 first
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("portal: listening", "addr", ln.Addr().String(), "profiles", eng.Len(), "index", c.Index, "writes", c.Token != "")
	if ta, ok := ln.Addr().(*net.TCPAddr); ok && c.Token != "" && !ta.IP.IsLoopback() {
		log.Warn("portal: the bearer token crosses the network in clear text: serve the portal behind TLS")
	}
	if ready != nil {
		ready(ln.Addr().String())
	}

	select {
	case err := <-served: // Serve failed before any shutdown
		return err
	case <-ctx.Done():
	}
	log.Info("portal: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// seedDemo adds the embedded synthetic profiles to eng and fits the
// default model, so that the first partner query is fast.
func seedDemo(ctx context.Context, eng *match.Engine) (int, error) {
	w, err := synth.Default()
	if err != nil {
		return 0, err
	}
	ps := w.Profiles
	const chunk = 5000 // under match.Config.MaxBatch's default of 10,000
	for i := 0; i < len(ps); i += chunk {
		if err := eng.Add(ctx, ps[i:min(i+chunk, len(ps))]...); err != nil {
			return 0, fmt.Errorf("seed demo profiles: %w", err)
		}
	}
	if err := eng.Refit(ctx); err != nil {
		return 0, fmt.Errorf("seed demo profiles: %w", err)
	}
	return len(ps), nil
}
