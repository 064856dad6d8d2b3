package benchmarks

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/clustergo/partnermatch/match"
)

// A ConsortiumResult compares the consortium builder with the partners
// list on one data set's planted queries.
type ConsortiumResult struct {
	Dataset string
	// Queries is the number of planted queries asked; Relevant the
	// relevant profiles over all of them (each query's co-members).
	Queries, Relevant int
	// InConsortium is the share of relevant profiles in the first
	// consortium proposed around the asking member, of the planted
	// partnership's size; InList the share in the asking member's top
	// partners list of as many profiles as the consortium adds.
	InConsortium, InList float64
	// Failed counts queries for which the builder proposed no consortium
	// (no market shared under the rules, too few eligible candidates):
	// they count as holding no co-member.
	Failed int
}

// ConsortiumShare measures how many planted co-members the consortium
// builder recovers: for every TaskPlanted query of d (one member of a
// held-out partnership asks), the first consortium of Engine.Consortium
// around the asking member, with exactly as many members as the planted
// partnership and the default model and rules, against the top partners
// list (Engine.Partners) of the same size. Each fold's engine is fitted
// with the fold's Known, as in Evaluate. At most maxQueries queries per
// fold are asked (0: all), the first ones in order.
func ConsortiumShare(ctx context.Context, d *Dataset, maxQueries int, cfg EnvConfig) (*ConsortiumResult, error) {
	res := &ConsortiumResult{Dataset: d.Name}
	var inC, inL int
	for _, f := range d.Folds {
		c, l, err := consortiumFold(ctx, d, f, maxQueries, cfg, res)
		if err != nil {
			return nil, err
		}
		inC, inL = inC+c, inL+l
	}
	if res.Relevant > 0 {
		res.InConsortium = float64(inC) / float64(res.Relevant)
		res.InList = float64(inL) / float64(res.Relevant)
	}
	return res, nil
}

// consortiumFold asks fold f's planted queries on an engine fitted with
// its Known, counts them into res and returns the relevant profiles found
// in the first consortia and in the partners lists.
func consortiumFold(ctx context.Context, d *Dataset, f Fold, maxQueries int, cfg EnvConfig, res *ConsortiumResult) (inC, inL int, err error) {
	env, err := NewEnv(ctx, d.Profiles, f.Known, cfg)
	if err != nil {
		return 0, 0, err
	}
	defer func() {
		if cerr := env.Close(); err == nil {
			err = cerr
		}
	}()
	asked := 0
	for _, q := range f.Queries {
		if q.Task != TaskPlanted || len(q.Seeds) != 1 || len(q.Relevant) == 0 {
			continue
		}
		if maxQueries > 0 && asked == maxQueries {
			break
		}
		asked++
		k := len(q.Relevant)
		cs, err := env.Engine.Consortium(ctx, match.ConsortiumQuery{
			Seeds: q.Seeds, MinSize: k + 1, MaxSize: k + 1, Alternatives: 1,
		})
		switch {
		case errors.Is(err, match.ErrInfeasible) || err == nil && len(cs) == 0:
			res.Failed++
		case err != nil:
			return 0, 0, fmt.Errorf("benchmarks: consortium for %s: %w", q.ID, err)
		default:
			inC += countIn(cs[0].Members, q.Relevant, func(m match.Member) string { return m.ID })
		}
		ms, err := env.Engine.Partners(ctx, match.Query{ID: q.Seeds[0], Limit: k})
		if err != nil {
			return 0, 0, fmt.Errorf("benchmarks: partners of %s: %w", q.ID, err)
		}
		inL += countIn(ms, q.Relevant, func(m match.Match) string { return m.ID })
		res.Queries++
		res.Relevant += k
	}
	return inC, inL, nil
}

// countIn counts the xs whose id is in ids.
func countIn[T any](xs []T, ids []string, id func(T) string) int {
	n := 0
	for _, x := range xs {
		if slices.Contains(ids, id(x)) {
			n++
		}
	}
	return n
}
