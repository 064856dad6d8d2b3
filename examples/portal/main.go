// Command portal serves a partner-matching JSON API, and a small search
// page at /, for a cluster portal.
//
//	go run ./examples/portal                          # in memory, with the synthetic demo data
//	go run ./examples/portal -addr :9090 -index ./idx # a persistent index folder
//	go run ./examples/portal -index ./idx -seed-demo=false
//
// Routes (every error is {"error": "..."} with its status):
//
//	GET    /                  the search page
//	GET    /search?q=&lang=&country=&industry=&sector=&market=&kind=&size=&from=
//	                          hits with facets; 400 for a bad filter, lang, size or from
//	GET    /partners/{id}?limit=&model=&rules=&country=&exclude_country=&industry=&market=&kind=&min_score=&exact=
//	                          the best partners with scores and reasons; 404 unknown id,
//	                          400 unknown model or rules, bad filter, limit or min_score
//	GET    /profiles/{id}     the profile; 404 unknown
//	POST   /profiles          add profiles, all or none: a JSON array or object
//	                          (application/json) or JSON Lines (application/x-ndjson);
//	                          201 {"count": n}; 400 for a body that does not parse,
//	                          422 for invalid or repeated profiles, both with
//	                          {"error", "records": [{"line", "id", "fields": [{"field", "value", "reason"}]}]};
//	                          413 for a body over -max-body, 415 for another content type
//	DELETE /profiles/{id}     204; 404 unknown
//	GET    /models            the model and rule set names a partner query may use
//
// The filters of /search and /partners may be repeated or comma-separated
// (country=DE,FR) and also include ecosystem, category and label. An
// unknown query parameter is a 400: a misspelt filter would otherwise match
// everything. A wrong method gets 405, an unknown path 404, a request that
// runs out of -timeout 503.
//
// Flags: -addr (default :8080); -index, a persistent index folder (empty:
// in memory); -seed-demo (default true) loads the embedded synthetic
// profiles into an empty index; -max-body, the request body limit (default
// 8 MiB); -timeout, the time limit of one request (default 10s). The server
// stops gracefully on SIGINT or SIGTERM, letting requests in flight finish.
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

// Server timeouts besides the per-request -timeout.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second // a -max-body upload on a slow line
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 15 * time.Second
)

// run serves until ctx ends, then shuts the server down gracefully. It
// logs to logw and calls ready, if not nil, with the address it listens on
// once it accepts connections.
func run(ctx context.Context, args []string, logw io.Writer, ready func(addr string)) error {
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	fs.SetOutput(logw)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: portal [-addr :8080] [-index DIR] [-seed-demo=false] [-max-body BYTES] [-timeout 10s]")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", ":8080", "address to listen on")
	dir := fs.String("index", "", "persistent index folder, created if missing (empty: in memory)")
	seed := fs.Bool("seed-demo", true, "load the embedded synthetic profiles when the index is empty")
	maxBody := fs.Int64("max-body", 8<<20, "largest request body in bytes (larger: 413)")
	timeout := fs.Duration("timeout", 10*time.Second, "time limit of one request (exceeded: 503)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *maxBody <= 0 || *timeout <= 0 {
		return errors.New("-max-body and -timeout must be positive")
	}
	log := slog.New(slog.NewTextHandler(logw, nil))

	eng, err := match.Open(*dir, match.Config{Logger: log})
	if err != nil {
		return err
	}
	defer eng.Close()
	if *seed && eng.Len() == 0 {
		n, err := seedDemo(ctx, eng)
		if err != nil {
			return err
		}
		log.Info("portal: loaded the synthetic demo profiles", "n", n)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           newServer(eng, options{MaxBody: *maxBody, Timeout: *timeout, Logger: log}),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      *timeout + 5*time.Second, // the handler answers 503 first
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("portal: listening", "addr", ln.Addr().String(), "profiles", eng.Len(), "index", *dir)
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
