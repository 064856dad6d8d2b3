// Command quickstart builds an in-memory engine from the embedded
// synthetic data set and prints the top partners of one cluster with
// their scores and reasons.
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -id synth-00042 -model reciprocal -limit 5 -rules escp4i
//	go run ./examples/quickstart -limit 10 -offset 10   # the second page of ten
//	go run ./examples/quickstart -json
//
// The flags default as match.Query does: -limit 0 means 10, and -rules
// is match.DefaultRules (open, which restricts nothing) unless given.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile/synth"
)

func main() {
	err := run(os.Args[1:], os.Stdout)
	switch {
	case errors.Is(err, flag.ErrHelp): // -h: flag has printed the usage
	case err != nil:
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	id := fs.String("id", "", "id of the cluster to find partners for (default: the first profile of the data set)")
	model := fs.String("model", "", "score model: tfidf, lsa, reciprocal, sector, market, geo, history, hybrid, learned, auto (default auto)")
	limit := fs.Int("limit", 10, "number of partners (0: 10)")
	offset := fs.Int("offset", 0, "skip the first partners of the ranking, for paging")
	rules := fs.String("rules", match.DefaultRules, "eligibility rule set: escp4i or open")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	world, err := synth.Default()
	if err != nil {
		return err
	}
	// The planted target partnerships serve as the known partnerships that
	// learned models fit on: no profile lists them in its history, so the
	// history signal cannot explain them trivially (see score.Corpus).
	eng, err := match.Open("", match.Config{Known: world.Partnerships})
	if err != nil {
		return err
	}
	defer eng.Close()
	if err := eng.Add(ctx, world.Profiles...); err != nil {
		return err
	}
	if *id == "" {
		*id = world.Profiles[0].ID
	}
	q, ok := eng.Get(*id)
	if !ok {
		return fmt.Errorf("no profile %q in the embedded data set", *id)
	}
	ms, err := eng.Partners(ctx, match.Query{ID: *id, Limit: *limit, Offset: *offset, Model: *model, Rules: *rules})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Query   string        `json:"query"`
			Model   string        `json:"model,omitempty"`
			Matches []match.Match `json:"matches"`
		}{*id, *model, ms})
	}
	fmt.Fprintf(out, "Partners for %s (%s, %s) among %d SYNTHETIC profiles, rule set %s\n", q.Name, q.ID, q.Country, eng.Len(), *rules)
	fmt.Fprintf(out, "offers: %s\nneeds:  %s\n\n", strings.Join(q.Offers, "; "), strings.Join(q.Needs, "; "))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tscore\tid\tcountry\tname\treasons")
	for i, m := range ms {
		fmt.Fprintf(tw, "%d\t%.3f\t%s\t%s\t%s\t%s\n", *offset+i+1, m.Score, m.ID, m.Profile.Country, m.Profile.Name, m.Summary)
	}
	return tw.Flush()
}
