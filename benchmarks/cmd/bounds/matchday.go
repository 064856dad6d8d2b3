package main

import (
	"context"
	"fmt"

	"github.com/clustergo/partnermatch/match"
)

// runMatchday measures one Matchday of the world's first c.participants
// profiles, after an untimed small one that fits the models it uses.
func runMatchday(ctx context.Context, c *config, t *table) error {
	e, w, err := openWorld(ctx, c)
	if err != nil {
		return err
	}
	defer e.Close()
	var ids []string
	for _, p := range w.Profiles[:c.participants] {
		ids = append(ids, p.ID)
	}
	if _, err := e.Matchday(ctx, match.MatchdayQuery{IDs: ids[:min(20, len(ids))], Rules: "open", MinSize: 2, MaxSize: 3}); err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	var res *match.MatchdayResult
	cst, err := measure(func() error {
		var err error
		res, err = e.Matchday(ctx, match.MatchdayQuery{IDs: ids, Rules: "open", MinSize: c.minSize, MaxSize: c.maxSize, MaxPerCountry: c.maxSize})
		return err
	})
	if err != nil {
		return err
	}
	t.row("matchday", fmt.Sprintf("Matchday of %d participants in consortia of %d to %d", c.participants, c.minSize, c.maxSize),
		fmt.Sprintf("%d consortia, %d unplaced", len(res.Consortia), len(res.Unplaced)), cst)
	return nil
}
