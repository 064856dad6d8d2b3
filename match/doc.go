// Package match is the partnermatch engine: it holds cluster profiles in a
// persistent index, retrieves candidate partners for a profile, ranks them
// with a score model and explains every match in words a cluster manager
// understands.
//
//	eng, err := match.Open("", match.Config{})   // "" = in memory; else an index folder
//	err = eng.Add(ctx, profiles...)              // validated, atomic per call
//	ms, err := eng.Partners(ctx, match.Query{ID: "synth-00001"})
//	for _, m := range ms {
//		fmt.Println(m.Score, m.Profile.Name, m.Summary)
//	}
//
// # Queries
//
// Query, ConsortiumQuery and MatchdayQuery share their words: a field of
// one name means the same in each, and zero means the documented
// default. Rules names an eligibility rule set, DefaultRules ("open",
// which restricts nothing) when empty: a query for a call names the
// call's rules, such as "escp4i". Industries keeps candidates of those
// industries, as every filter of index.Filters does (Query.Filters holds
// them all); MatchdayQuery.CoverIndustries, which filters nothing, only
// says which value chains count as coverage. Limit is the most partners
// returned, zero meaning 10, and Offset skips the first of the ranking
// for paging; a negative number is an error matching ErrInvalidQuery
// that names the field and the value.
//
// # Pipeline
//
// Partners resolves the query profile (an indexed id or an ad-hoc
// profile) and gathers a candidate pool from three sources, all passing
// the query's filters and rule set:
//
//   - the index's text candidates (Config.Pool, 300 by default): profiles
//     that offer what the query needs, need what it offers, or share its
//     technologies, industries or markets;
//   - the model's screen (Config.Screen, 500; see score.Screener): the
//     profiles best by the dense parts of the score (sectors, markets,
//     topic, country), found by one parallel scan of every fitted profile
//     while the index retrieves;
//   - the query's past partners and partners of partners, which text
//     cannot find.
//
// It scores the pool with the chosen model (auto by default, the
// combination fitted to the corpus; see package score), ranks it, keeps
// the Limit after the first Offset and explains each. Query.Exact scores
// every profile passing the filters instead, to measure what the pool
// loses. BenchmarkPartners measures latency and the pool's recall@10
// against exact scoring; benchmarks/RESULTS.md holds the figures.
//
// # One Partners call, file by file
//
//  1. partners.go, Partners: checks the Query; queryProfile resolves its
//     profile, model picks the score.Model, filters adds the rule set.
//  2. engine.go, current: the latest fitState (a snapshot of
//     internal/pool/pool.go, which holds the engine's profiles: those of
//     one write, sorted by id, in a score.Corpus); fitState.scorer fits
//     the query's model on it on first use.
//  3. partners.go, candidates: two sources at once. index/candidates.go
//     scores BM25 over the in-memory view of index/memview.go, through
//     the filters that internal/filter compiles; score/screen.go scans
//     the dense parts of every fitted row on other goroutines. internal/pool/merge.go
//     merges them at one version of the pool, reconciling the profiles
//     written since the fit, and adds past partners and partners of
//     partners from the pool's graph (internal/pool/graph.go).
//  4. partners.go, rank: score.Batch scores the pool (chunked, so that the
//     deadline is checked), internal/topk keeps the best Offset+Limit.
//  5. score.Explain (score/score.go; the parts explain themselves in their
//     own files) gives each Match the model's Explanation tree, and
//     summary.go says it in one sentence (Summary).
//
// # Consortia
//
// Engine.Consortium proposes whole partnerships around seed members that
// satisfy a call's rules (Rules: "escp4i"), maximising complementarity
// among all members and above all with the seeds, value-chain coverage, a
// shared third-country market and country diversity, minus redundancy;
// see it for the objective and
// algorithms. Engine.Matchday partitions a matchmaking day's participants
// into disjoint consortia. Infeasible requests return an *InfeasibleError.
//
// # Limits and deadlines
//
// Every request is bounded so that one call cannot take more than a few
// seconds or a few hundred megabytes on two cores: profiles by the limits
// of package profile (profile.MaxSize and its companions), requests by
// MaxLimit, MaxQueryValues, MaxConsortiumSize, MaxConsortiumPool,
// MaxAlternatives, MaxExactSize, MaxExactPool, MaxExclude,
// MaxParticipants, Config.MaxBatch, MaxBatchBytes and MaxBatchWords, and
// searches by index.MaxSearchWindow. A request over a limit fails with an
// error matching profile.ErrTooLarge (and ErrInvalidQuery for queries)
// that holds a *profile.LimitError naming the field, the value and the
// limit. Searches that could run long within the limits stop after a
// fixed amount of work with the best they found: exact consortium search
// after MaxExactNodes (Consortium.Optimal says what it proved), the local
// search of a matchday after a few seconds' work. Within the limits, every
// long stage (fitting, scoring the pool, the screen, explanations,
// consortium search, exact search, matchday) checks the context, so a
// call returns soon after its deadline with the context's error.
//
// # Concurrency and freshness
//
// An Engine is safe for concurrent use. Writes (Add, Remove) are
// serialised and atomic; queries run during writes and see each write
// entirely or not at all. Score models are refitted in the background
// after writes (see Engine and Config.RefitDelay for how stale a fit may
// be, and Engine.Refit to force one).
//
// # Restarts and memory
//
// An engine on a folder keeps its latest fit beside the index (FitFile),
// so that Open after a restart reads the stored profiles and the fit and
// fits nothing; Config.Progress reports the stages (StageLoad,
// StageRestore, StageFit when there was no usable fit, StageReady) for a
// portal's loading state, and OpenContext can be cancelled throughout. The
// file is derived data, checked against the index's write count and every
// profile, so it can be deleted at any time (the next Open fits again).
//
// Resident memory is the live heap (the profiles, the index's candidate
// view and the fitted models; benchmarks/RESULTS.md gives the bytes per
// profile by component), plus memory the Go runtime has freed but not yet
// returned to the system, plus the index's files that bleve maps into
// memory. The second part can be as large as the first after Open or a
// refit; a portal that must stay within a budget sets GOMEMLIMIT (or
// runtime/debug.SetMemoryLimit) a little under it, which makes the
// collector return memory sooner at some CPU cost; the mapped files do
// not count against it. benchmarks/cmd/scale -heapprofile writes heap
// profiles to see where the bytes go.
//
// A restarted process touches every page of that heap for the first
// time, and on Linux a first touch of a 4 KB page is a page fault: at
// 100,000 profiles a third of Open's CPU time. The Go runtime asks for no
// transparent huge pages, so under the kernel setting "madvise" (the
// default of many distributions) the heap gets none. A host that restarts
// portals often sets /sys/kernel/mm/transparent_hugepage/enabled to
// "always": a restart at 100,000 profiles then took well under half the
// time (benchmarks/cmd/restart; figures in benchmarks/RESULTS.md). Huge
// pages can hold memory the heap has freed, so set with them what the Go
// GC guide advises (its section "Linux transparent huge pages": defrag
// "defer" or "defer+madvise", khugepaged/max_ptes_none 0), and measure
// the resident memory: cmd/restart reports it.
package match
