package score

import (
	"context"
	"fmt"
)

// Hybrid is a [Weighted] combination of fitted models with fixed weights
// (the default model before [Auto]).
// A nil or empty Hybrid means [DefaultHybrid].
type Hybrid []ModelPart

// A ModelPart is one weighted model of a [Hybrid].
type ModelPart struct {
	Model  Model
	Weight float64 // non-negative
}

// DefaultHybrid returns the default weights of the hybrid model:
//
//	reciprocal 0.35  what each needs, the other offers (the core signal)
//	sector     0.20  value-chain neighbours
//	market     0.15  shared third markets
//	lsa        0.10  same topic, so complements speak of the same field
//	geo        0.10  cross-border
//	history    0.10  past partners and partners of partners
//
// The weights sum to 1. Text similarity enters only through LSA, with a
// small weight: similar organisations are competitors more often than
// partners. Geo has no eligibility rule; use a Hybrid with Geo{Rules: ...}
// for a call's rules.
func DefaultHybrid() Hybrid {
	return Hybrid{
		{Model: Reciprocal{}, Weight: 0.35},
		{Model: Sector{}, Weight: 0.20},
		{Model: Market{}, Weight: 0.15},
		{Model: LSA{}, Weight: 0.10},
		{Model: Geo{}, Weight: 0.10},
		{Model: History{}, Weight: 0.10},
	}
}

// Name returns "hybrid".
func (Hybrid) Name() string { return "hybrid" }

func (h Hybrid) parts() Hybrid {
	if len(h) == 0 {
		return DefaultHybrid()
	}
	return h
}

func (h Hybrid) usesKnown() bool {
	for _, p := range h.parts() {
		if usesKnown(p.Model) {
			return true
		}
	}
	return false
}

// Fit fits every part on c (sharing the fits of c's other models) and
// returns their [Weighted] combination.
func (h Hybrid) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	return h.fitWeighted(ctx, c)
}

func (h Hybrid) fitWeighted(ctx context.Context, c *Corpus) (Weighted, error) {
	var w Weighted
	for _, p := range h.parts() {
		if p.Model == nil {
			return nil, fmt.Errorf("score: hybrid: nil model")
		}
		s, err := p.Model.Fit(ctx, c)
		if err != nil {
			return nil, err
		}
		w = append(w, Part{Scorer: s, Weight: p.Weight})
	}
	return w, nil
}

// hybridFallback is the default hybrid's scorer standing in for a model
// with nothing to learn from. Embedding Weighted keeps its optional
// interfaces (BatchScorer, Explainer, Screener), scores and String: only
// Fallback tells it apart.
type hybridFallback struct{ Weighted }

// Fallback returns "hybrid".
func (hybridFallback) Fallback() string { return DefaultHybrid().Name() }
