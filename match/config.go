package match

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// DefaultRules names the eligibility rule set of a Query, ConsortiumQuery
// or MatchdayQuery whose Rules is empty: "open", profile.OpenRules(),
// which admits every organisation and every consortium (unless
// Config.RuleSets replaces the rule set of that name).
//
// The default restricts nothing, as every empty filter does, because a
// rule set is a filter that a cluster manager cannot see in the results:
// under escp4i a partner search would silently drop the clusters of Japan
// or the United States, which are the contacts in the very third-country
// markets that ESCP-4i partnerships aim at, and the library serves more
// than one programme (ESCP-4i, Euroclusters), each with its own rules. A
// search for members of a call's consortium, and every consortium for a
// call, names the call's rules: Rules: "escp4i".
const DefaultRules = "open"

// Config tunes an Engine. The zero value is ready to use.
type Config struct {
	// Models are the scoring models a query may name. Nil means
	// score.Models(): tfidf, lsa, reciprocal, sector, market, geo,
	// history, hybrid, learned and auto. Names must be unique.
	Models []score.Model
	// DefaultModel is the model used when a query names none. Empty means
	// score.DefaultModel() ("auto").
	DefaultModel string
	// Pool is how many candidates the index retrieves by text for
	// ranking: profiles that offer what the query needs, need what it
	// offers, or share its technologies, industries or markets. Zero
	// means 300. At least the query's Limit is always retrieved.
	//
	// A larger pool holds more of what exact scoring ranks highest, at
	// the cost of latency; auto leans on needs against offers, which only
	// text retrieval finds, so it needs a larger pool than the fixed
	// hybrid did. Recall@10 against exact scoring and latency by pool
	// size: benchmarks/RESULTS.md ("Speed").
	Pool int
	// Screen is how many profiles the model's screen adds to the pool:
	// the best by the dense parts of the score (the parts that are
	// score.DenseScorers: of the built-ins sector, market, lsa, geo,
	// activity and affinity, and a user's own; see score.Screener),
	// found by one scan of every profile of the
	// last fit. It recovers what text retrieval cannot see: partners that
	// are strong on markets, sectors and topic but share few words. Zero
	// means 500; negative means no screen (text candidates and graph
	// neighbours only). Models that are not Screeners have no screen.
	//
	// At large corpora the screen, not a larger text pool, is what keeps
	// recall@10 against exact scoring high: thousands of profiles are
	// about equally complementary by text. Figures: benchmarks/RESULTS.md
	// ("Speed").
	Screen int
	// Retrieval weighs the kinds of match of candidate retrieval. Nil means
	// RetrievalWeights(), tuned so that the pool holds what the default
	// hybrid model ranks highest.
	Retrieval *index.Weights
	// Known lists known partnerships that learned models fit on (the
	// learned model's weights, the learned sector matrix). Nil means none:
	// learned models fall back to their documented priors, and the
	// matches of one that falls back to another model name it
	// (Match.Fallback).
	Known []profile.Partnership
	// RuleSets are eligibility rule sets a query may name, added to (and
	// replacing by name) profile.DefaultRuleSets(): escp4i and open. A
	// query naming none uses DefaultRules.
	RuleSets []profile.RuleSet
	// Seed makes randomised fits reproducible (LSA, negative sampling).
	// Zero is a valid seed.
	Seed uint64
	// RefitDelay is how long the engine waits after a write before it
	// refits the models in the background, so that a burst of writes costs
	// one fit. Zero means 2 seconds; negative means never refit in the
	// background (call Refit).
	RefitDelay time.Duration
	// MaxBatch caps the profiles of one Add or ids of one Remove, written
	// as one atomic batch. Zero means 10,000.
	MaxBatch int
	// Logger receives refit and load messages. Nil means no logging.
	Logger *slog.Logger
	// Progress, if set, is called as Open and OpenContext read the index
	// and fit: every few thousand profiles loaded, as the fit begins and
	// when the engine is ready (see Progress). It runs on Open's
	// goroutine, so it must return quickly. Nil reports nothing.
	Progress func(Progress)
}

// RetrievalWeights returns the engine's default candidate retrieval
// weights: needs against offers both ways 1, technologies 1, industries
// 0.5, markets 2. The hybrid model weighs shared markets and text
// similarity besides complementarity, so these weights raise recall@10
// against exact scoring above index.DefaultWeights' (benchmarks/RESULTS.md,
// "Package benchmarks", match).
func RetrievalWeights() index.Weights {
	return index.Weights{NeedsOffers: 1, OffersNeeds: 1, Technologies: 1, Industries: 0.5, Markets: 2}
}

// resolved is a Config with defaults filled in and checked.
type resolved struct {
	Config
	models map[string]score.Model
	names  []string
	rules  map[string]profile.RuleSet
}

func (c Config) resolve() (*resolved, error) {
	r := &resolved{Config: c, models: map[string]score.Model{}, rules: profile.DefaultRuleSets()}
	if r.Models == nil {
		r.Models = score.Models()
	}
	for _, m := range r.Models {
		if m == nil {
			return nil, fmt.Errorf("match: config: nil model")
		}
		if _, dup := r.models[m.Name()]; dup {
			return nil, fmt.Errorf("match: config: two models named %q", m.Name())
		}
		r.models[m.Name()] = m
		r.names = append(r.names, m.Name())
	}
	if r.DefaultModel == "" {
		r.DefaultModel = score.DefaultModel()
	}
	if _, ok := r.models[r.DefaultModel]; !ok {
		return nil, sentinel.Wrapf(ErrUnknownModel, "config: default model %q", r.DefaultModel)
	}
	if r.Pool < 0 {
		return nil, fmt.Errorf("match: config: negative Pool %d", r.Pool)
	}
	if r.Pool == 0 {
		r.Pool = 300
	}
	if r.Screen == 0 {
		r.Screen = 500
	}
	if r.Retrieval == nil {
		w := RetrievalWeights()
		r.Retrieval = &w
	}
	if r.MaxBatch < 0 {
		return nil, fmt.Errorf("match: config: negative MaxBatch %d", r.MaxBatch)
	}
	if r.MaxBatch == 0 {
		r.MaxBatch = 10000
	}
	if r.RefitDelay == 0 {
		r.RefitDelay = 2 * time.Second
	}
	for _, rs := range r.RuleSets {
		if err := rs.Validate(); err != nil {
			return nil, fmt.Errorf("match: config: rule set: %w", err)
		}
		r.rules[rs.Name] = rs
	}
	if r.Logger == nil {
		r.Logger = slog.New(slog.DiscardHandler)
	}
	return r, nil
}
