// Package match is the partnermatch engine: it holds cluster profiles in a
// persistent index, retrieves candidate partners for a profile, ranks them
// with a score model and explains every match in words a cluster manager
// understands.
//
//	eng, err := match.Open("", match.Config{})   // "" = in memory; else an index folder
//	err = eng.Add(ctx, profiles...)              // validated, atomic per call
//	ms, err := eng.Partners(ctx, match.Query{ID: "synth-00001", Rules: "escp4i"})
//	for _, m := range ms {
//		fmt.Println(m.Score, m.Profile.Name, m.Reasons.Summary)
//	}
//
// # Pipeline
//
// Partners resolves the query profile (an indexed id or an ad-hoc
// profile) and gathers a candidate pool from three sources, all passing
// the query's filters and rule set:
//
//   - the index's text candidates (Config.Pool, 100 by default): profiles
//     that offer what the query needs, need what it offers, or share its
//     technologies, industries or markets;
//   - the model's screen (Config.Screen, 500; see score.Screener): the
//     profiles best by the dense parts of the score (sectors, markets,
//     topic, country), found by one parallel scan of every fitted profile
//     while the index retrieves;
//   - the query's past partners and partners of partners, which text
//     cannot find.
//
// It scores the pool with the chosen model (hybrid by default; see
// package score), keeps the best Limit and explains each. Query.Exact
// scores every profile passing the filters instead, to measure what the
// pool loses.
//
// Measured with BenchmarkPartners (default hybrid, escp4i rules, 2 cores,
// quiet machine, medians of 3 runs): 10,000 profiles p50 1.9 ms, p99 5.4
// ms, recall@10 against exact 1.000; 100,000 profiles p50 4.1 ms, p99 7.3
// ms, recall@10 0.986.
// Text retrieval alone (PM_POOL=600 PM_SCREEN=-1) reaches recall@10 0.51
// at 100,000 profiles: thousands of profiles are about equally
// complementary by text, and the hybrid's market, sector and topic parts
// decide among them, which is what the screen sees.
//
// # Consortia
//
// Engine.Consortium proposes whole partnerships around seed members that
// satisfy a call's rules (ESCP-4i by default), maximising complementarity
// among all members, value-chain coverage, a shared third-country market
// and country diversity, minus redundancy; see it for the objective and
// algorithms. Engine.Matchday partitions a matchmaking day's participants
// into disjoint consortia. Infeasible requests return an *InfeasibleError.
//
// # Concurrency and freshness
//
// An Engine is safe for concurrent use. Writes (Add, Remove) are
// serialised and atomic; queries run during writes and see each write
// entirely or not at all. Score models are refitted in the background
// after writes (see Engine and Config.RefitDelay for how stale a fit may
// be, and Engine.Refit to force one).
package match
