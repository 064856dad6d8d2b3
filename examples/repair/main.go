// Command repair checks a partnermatch index folder and, when it is
// damaged, rebuilds it from the stored profiles that still verify
// (index.Repair):
//
//	go run ./examples/repair -index ./idx
//
// A folder that verifies is left alone. A damaged one is moved aside to
// ./idx.damaged-<UTC time>, never deleted, and a new index at ./idx holds
// every profile recovered; the command lists what it dropped (whole
// segment files whose checksum failed, profiles that no longer validate).
// Stop every process that serves the folder first: a folder in use is
// refused.
//
// The exit status is 0 when the folder is healthy or was repaired, 1 on
// an error, 2 on bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/clustergo/partnermatch/index"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.As(err, new(usageError)):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "repair:", err)
		os.Exit(1)
	}
}

// A usageError is a bad command line; flag has printed it.
type usageError struct{ error }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("repair", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("index", "", "index folder to check and repair (required)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if *dir == "" || fs.NArg() > 0 {
		fs.Usage()
		return usageError{errors.New("usage: repair -index DIR")}
	}
	rep, err := index.Repair(ctx, *dir, index.Options{})
	if err != nil {
		return err
	}
	if rep.Healthy {
		fmt.Fprintf(stdout, "%s verifies: %d profiles, nothing to repair\n", *dir, rep.Kept)
		return nil
	}
	fmt.Fprintf(stdout, "%s was damaged: moved to %s\n", *dir, rep.Moved)
	fmt.Fprintf(stdout, "rebuilt %s with %d profiles; dropped %d\n", *dir, rep.Kept, len(rep.Dropped))
	for _, d := range rep.Dropped {
		what := d.File
		if d.ID != "" {
			what = fmt.Sprintf("profile %q in %s", d.ID, d.File)
		}
		fmt.Fprintf(stdout, "  dropped %s: %s\n", what, d.Reason)
	}
	if rep.DeletesUnknown {
		fmt.Fprintln(stdout, "the store's root.bolt was unreadable: profiles deleted since their segment was written may be back")
	}
	return nil
}
