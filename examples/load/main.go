// Command load loads cluster profiles from a JSON Lines, CSV or JSON file
// into a persistent index folder, which match.Open (and the portal's
// -index flag) then serve. Profiles with an id already in the index
// replace the stored ones.
//
//	go run ./examples/load -index ./idx profiles.jsonl
//	go run ./examples/load -index ./idx -lenient export.csv       # ignore unknown columns or keys
//	go run ./examples/load -index ./idx -strict profiles.csv      # stop at the first bad record
//	go run ./examples/load -index ./idx -format jsonl - < profiles.ndjson
//
// The format comes from the file's extension (.jsonl, .ndjson, .csv,
// .json) unless -format names it; "-" reads standard input. The schema is
// the README's: JSON keys of profile.Profile, or the same keys as CSV
// header with list items separated by ";".
//
// A bad record (malformed, invalid, or repeating an earlier id) is
// rejected and the others are loaded; the summary lists every rejected
// record as file:line with the field, its value and the reason. With
// -strict the first bad record stops the load before anything is
// written. Profiles are added in atomic chunks of -batch; on a terminal a
// progress bar shows the records read and loaded and the rate.
//
// The exit status is
//
//	0  every record was loaded
//	2  some records were rejected, the others loaded (0 with -allow-rejects,
//	   for a script that accepts a partial load)
//	1  nothing could be loaded (no valid record, or a bad record with
//	   -strict), an I/O or index error, a usage error, or an interrupt (the
//	   chunks added before it stay in the index)
//
// so that a script running load notices rejected records without parsing
// its output.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "load:", err)
	}
	os.Exit(exitCode(err))
}

// exitCode returns the exit status after run returned err (see the
// package documentation).
func exitCode(err error) int {
	var re *rejectedError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &re):
		return 2
	}
	return 1
}

// A rejectedError is run's error after a load that rejected records and
// loaded the others.
type rejectedError struct{ n int }

func (e *rejectedError) Error() string {
	return plural(e.n, "record") + " rejected, the others loaded (-allow-rejects to exit 0)"
}

// maxBatch is the most profiles of one eng.Add: match.Config.MaxBatch's
// default.
const maxBatch = 10_000

// formats maps file extensions to input formats.
var formats = map[string]string{".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".json": "json"}

// run loads the file named in args. It writes the progress bar (if any) and
// the summary to stdout, usage errors to stderr, and returns the error that
// makes the exit status non-zero: a *rejectedError after a load that
// rejected records (unless -allow-rejects), any other after a failure.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: load -index DIR [-format jsonl|csv|json] [-batch N] [-strict | -allow-rejects] [-lenient] FILE")
		fs.PrintDefaults()
	}
	dir := fs.String("index", "", "index folder to load into, created if missing (required)")
	format := fs.String("format", "", "input format: jsonl, csv or json (default: from the file extension)")
	batch := fs.Int("batch", 5000, fmt.Sprintf("profiles per atomic write, at most %d", maxBatch))
	strict := fs.Bool("strict", false, "stop at the first bad record and load nothing")
	allowRejects := fs.Bool("allow-rejects", false, "exit 0 after rejecting bad records and loading the others (default: exit 2)")
	lenient := fs.Bool("lenient", false, "ignore unknown JSON keys and CSV columns instead of rejecting the record")
	showBar := fs.Bool("progress", isTerminal(stdout), "show a progress bar (default: when standard output is a terminal)")
	maxListed := fs.Int("max-rejected", 1000, "rejected records listed in the summary (0: all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *dir == "":
		fs.Usage()
		return errors.New("-index is required")
	case fs.NArg() != 1:
		fs.Usage()
		return errors.New("want exactly one input file (- for standard input)")
	case *batch < 1 || *batch > maxBatch:
		return fmt.Errorf("-batch %d: want 1 to %d", *batch, maxBatch)
	case *maxListed < 0:
		return fmt.Errorf("-max-rejected %d: want 0 or more", *maxListed)
	}
	name := fs.Arg(0)
	if *format == "" {
		*format = formats[strings.ToLower(filepath.Ext(name))]
		if *format == "" {
			return fmt.Errorf("%s: unknown extension: set -format to jsonl, csv or json", name)
		}
	}
	read, ok := map[string]func(io.Reader, profile.ReadOptions) ([]profile.Profile, error){
		"jsonl": profile.ReadJSONLWith, "csv": profile.ReadCSVWith, "json": profile.ReadJSONWith,
	}[*format]
	if !ok {
		return fmt.Errorf("-format %q: want jsonl, csv or json", *format)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second interrupt kills at once
	}()

	in, size, err := open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	bar := &progress{}
	if *showBar {
		bar.w = stdout
	}
	bar.status("opening index " + *dir)
	eng, err := match.Open(*dir, match.Config{RefitDelay: -1}) // a loader never queries: no refits
	bar.done()
	if err != nil {
		return err
	}
	defer eng.Close()

	start := time.Now()
	src := &countingReader{ctx: ctx, r: in, fn: func(n int64) { bar.reading(name, n, size, false) }}
	ps, err := read(src, profile.ReadOptions{Lenient: *lenient, FailFast: *strict})
	bar.reading(name, src.n, size, true)
	bar.done()
	rep := &report{name: name, stdout: stdout, max: *maxListed}
	for _, e := range flatten(err) {
		re, ok := e.(*profile.RecordError)
		if !ok {
			return fmt.Errorf("%s: %w", name, e) // an I/O error: the input is cut short
		}
		rep.reject(re)
	}
	if *strict && len(rep.rejected) > 0 {
		rep.print()
		return fmt.Errorf("-strict: %s: nothing loaded", rep.lines(rep.rejected[0])[0])
	}
	if len(ps) == 0 {
		rep.print()
		return fmt.Errorf("%s: no valid profiles: nothing loaded", name)
	}

	loadStart := time.Now()
	stopTick := make(chan struct{})
	ticked := make(chan struct{})
	go func() {
		defer close(ticked)
		bar.tick(time.Second, stopTick) // a chunk can take seconds
	}()
	added, replaced, err := load(ctx, eng, ps, *batch, rep, func(n int) { bar.loading(n, len(ps), loadStart) })
	close(stopTick)
	<-ticked
	bar.done()
	rep.print()
	if err != nil {
		return fmt.Errorf("%s: after loading %d profiles: %w", name, added+replaced, err)
	}
	total := eng.Len()
	if err := eng.Close(); err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "loaded %s of %s records from %s into %s in %s (%s records/s): %s new, %s replaced; the index holds %s profiles\n",
		thousands(added+replaced), thousands(added+replaced+len(rep.rejected)), name, *dir,
		took.Round(time.Millisecond), thousands(int(float64(added+replaced)/max(took.Seconds(), 1e-3))),
		thousands(added), thousands(replaced), thousands(total))
	if added+replaced == 0 {
		return fmt.Errorf("%s: nothing loaded", name)
	}
	if len(rep.rejected) > 0 && !*allowRejects {
		return &rejectedError{n: len(rep.rejected)}
	}
	return nil
}

// open opens the named file, or standard input for "-", and returns its
// size in bytes if known (else -1).
func open(name string) (io.ReadCloser, int64, error) {
	if name == "-" {
		return io.NopCloser(os.Stdin), -1, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return f, -1, nil
	}
	return f, st.Size(), nil
}

// load adds ps to eng in chunks of batch, calling fn with the profiles
// loaded so far after each, and returns how many were new and how many
// replaced a stored profile. A profile that the engine refuses although the
// reader accepted it is rejected in rep, and its chunk retried without it.
func load(ctx context.Context, eng *match.Engine, ps []profile.Profile, batch int, rep *report, fn func(int)) (added, replaced int, err error) {
	fn(0)
	for len(ps) > 0 {
		n := min(batch, len(ps))
		chunk := ps[:n:n]
		ps = ps[n:]
		for {
			old := 0
			for i := range chunk {
				if _, ok := eng.Get(chunk[i].ID); ok {
					old++
				}
			}
			err := eng.Add(ctx, chunk...)
			if err == nil {
				added, replaced = added+len(chunk)-old, replaced+old
				break
			}
			// The readers validate as Add does: this is a safety net.
			var ve *profile.ValidationError
			i := -1
			if errors.As(err, &ve) {
				i = indexOf(chunk, ve.ID)
			}
			if i < 0 {
				return added, replaced, err
			}
			rep.reject(&profile.RecordError{ID: ve.ID, Err: ve})
			chunk = slices.Concat(chunk[:i], chunk[i+1:])
		}
		fn(added + replaced)
	}
	return added, replaced, nil
}

func indexOf(ps []profile.Profile, id string) int {
	for i := range ps {
		if ps[i].ID == id {
			return i
		}
	}
	return -1
}

// flatten returns the leaves of a tree of errors.Join errors; none for nil.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}

// A report collects rejected records and prints them, one line per bad
// field: file:line: id "x": field "value": reason.
type report struct {
	name     string
	stdout   io.Writer
	max      int // lines printed; 0 means all
	rejected []*profile.RecordError
}

func (r *report) reject(re *profile.RecordError) { r.rejected = append(r.rejected, re) }

func (r *report) print() {
	if len(r.rejected) == 0 {
		return
	}
	fmt.Fprintf(r.stdout, "rejected %s:\n", plural(len(r.rejected), "record"))
	n := 0
	for _, re := range r.rejected {
		for _, line := range r.lines(re) {
			if r.max > 0 && n == r.max {
				fmt.Fprintf(r.stdout, "  ... more not listed (-max-rejected %d)\n", r.max)
				return
			}
			fmt.Fprintln(r.stdout, " ", line)
			n++
		}
	}
}

// lines describes a rejected record: one line per bad field, or one line
// with the reason.
func (r *report) lines(re *profile.RecordError) []string {
	pos := r.name
	if re.Line > 0 {
		pos += ":" + strconv.Itoa(re.Line)
	}
	if re.ID != "" {
		pos += fmt.Sprintf(": id %q", re.ID)
	}
	var ve *profile.ValidationError
	if errors.As(re.Err, &ve) {
		out := make([]string, len(ve.Fields))
		for i, f := range ve.Fields {
			out[i] = fmt.Sprintf("%s: %s %q: %s", pos, f.Field, f.Value, f.Reason)
		}
		return out
	}
	var de *profile.DuplicateError
	if errors.As(re.Err, &de) {
		return []string{fmt.Sprintf("%s: duplicate id, first on line %d", pos, de.FirstLine)}
	}
	return []string{pos + ": " + re.Err.Error()}
}

// thousands formats n with comma separators: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// plural returns "1 thing" or "n things", n with separators.
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return thousands(n) + " " + thing + "s"
}
