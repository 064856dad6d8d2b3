package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/clustergo/partnermatch/match"
)

// runExact measures exact Consortium searches at the caps, one row per
// seed; a search that misses its deadline is an outcome, not a failure.
func runExact(ctx context.Context, c *config, t *table) error {
	e, w, err := openWorld(ctx, c)
	if err != nil {
		return err
	}
	defer e.Close()
	for i := range c.seeds {
		seed := w.Profiles[i*97%len(w.Profiles)].ID
		var cs []match.Consortium
		cst, err := measure(func() error {
			qctx, cancel := context.WithTimeout(ctx, c.timeout)
			defer cancel()
			var err error
			cs, err = e.Consortium(qctx, match.ConsortiumQuery{Seeds: []string{seed}, Rules: "open",
				MinSize: c.size, MaxSize: c.size, MaxPerCountry: c.size, Pool: c.pool, Exact: true, Alternatives: c.alts})
			return err
		})
		outcome := ""
		switch {
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			outcome = fmt.Sprintf("did not finish in %v", c.timeout)
		case err != nil:
			return err
		default:
			optimal := 0
			for _, x := range cs {
				if x.Optimal {
					optimal++
				}
			}
			outcome = fmt.Sprintf("%d consortia, %d proved optimal", len(cs), optimal)
		}
		t.row("exact", fmt.Sprintf("exact Consortium of %d from a pool of %d, %d alternatives, seed %s", c.size, c.pool, c.alts, seed),
			outcome, cst)
	}
	return nil
}
