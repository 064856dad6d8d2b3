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
	// InOpen is InConsortium with no cap on the members from one country
	// but the rule set's (the builder's default is one per country,
	// while planted partnerships may pair organisations of one country).
	InOpen float64
	// Failed counts queries for which the builder proposed no consortium
	// (no market shared under the rules, too few eligible candidates):
	// they count as holding no co-member.
	Failed int
}

// ConsortiumShare measures how many planted co-members the consortium
// builder recovers: for every TaskPlanted query of d (one member of a
// held-out partnership asks), the first consortium of Engine.Consortium
// around the asking member, with exactly as many members as the planted
// partnership, the default model and the escp4i rules (the partnerships
// are ESCP-4i's), against the top partners list (Engine.Partners, default
// rules) of the same size. Each fold's engine is fitted
// with the fold's Known, as in Evaluate. At most maxQueries queries per
// fold are asked (0: all), the first ones in order.
func ConsortiumShare(ctx context.Context, d *Dataset, maxQueries int, cfg EnvConfig) (*ConsortiumResult, error) {
	res := &ConsortiumResult{Dataset: d.Name}
	var in found
	for _, f := range d.Folds {
		if err := consortiumFold(ctx, d, f, maxQueries, cfg, res, &in); err != nil {
			return nil, err
		}
	}
	if res.Relevant > 0 {
		n := float64(res.Relevant)
		res.InConsortium, res.InOpen, res.InList = float64(in.consortium)/n, float64(in.open)/n, float64(in.list)/n
	}
	return res, nil
}

// found counts the relevant profiles found in the first consortia, with
// and without the per-country cap, and in the partners lists.
type found struct{ consortium, open, list int }

// consortiumFold asks fold f's planted queries on an engine fitted with
// its Known and counts them into res and in.
func consortiumFold(ctx context.Context, d *Dataset, f Fold, maxQueries int, cfg EnvConfig, res *ConsortiumResult, in *found) (err error) {
	env, err := NewEnv(ctx, d.Profiles, f.Known, cfg)
	if err != nil {
		return err
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
		for _, perCountry := range []int{0, k + 1} {
			cs, err := env.Engine.Consortium(ctx, match.ConsortiumQuery{
				Seeds: q.Seeds, Rules: "escp4i", MinSize: k + 1, MaxSize: k + 1, MaxPerCountry: perCountry, Alternatives: 1,
			})
			n := 0
			switch {
			case errors.Is(err, match.ErrInfeasible) || err == nil && len(cs) == 0:
				if perCountry == 0 {
					res.Failed++
				}
			case err != nil:
				return fmt.Errorf("benchmarks: consortium for %s: %w", q.ID, err)
			default:
				n = countIn(cs[0].Members, q.Relevant, func(m match.Member) string { return m.ID })
			}
			if perCountry == 0 {
				in.consortium += n
			} else {
				in.open += n
			}
		}
		ms, err := env.Engine.Partners(ctx, match.Query{ID: q.Seeds[0], Limit: k})
		if err != nil {
			return fmt.Errorf("benchmarks: partners of %s: %w", q.ID, err)
		}
		in.list += countIn(ms, q.Relevant, func(m match.Match) string { return m.ID })
		res.Queries++
		res.Relevant += k
	}
	return nil
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
