// Package benchmarks measures how well partnermatch's score models find
// real partners, against simple baselines, on synthetic and real consortia.
//
// # Metrics
//
// Plain functions judge one ranked list against the relevant ids with
// binary relevance: PrecisionAt, RecallAt, NDCGAt, HitAt, AveragePrecision
// (mean: MAP), ReciprocalRank (mean: MRR) and DistinctAt (distinct
// countries in the top k); Coverage and ExposureGini judge all the lists of
// a system together (catalogue coverage, Gini of exposure). Bootstrap gives
// seeded percentile intervals of means over queries, and of paired
// differences between two systems on the same queries.
//
// # Protocols
//
// A Dataset is profiles plus folds; a Fold is the partnerships supervised
// models may learn from (Known) and the queries that test them; a Query is
// the profiles that ask (Seeds), the answers (Relevant) and ids that count
// neither way (Ignore). Evaluate builds an Env per fold (an in-memory
// match.Engine with the profiles, fitted with the fold's Known, and the
// collaboration graph of the profiles' Partnerships) and runs Rankers:
//
//   - Model ranks with a score model through match.Engine.Partners, exactly
//     (every profile scored) or through the candidate pool as in production;
//   - the Baselines: Random, Popularity (most partnerships), FullText (the
//     profile's text as a bleve search), PastPartners and
//     PartnersOfPartners (common neighbours in the collaboration graph).
//
// Planted builds the synthetic protocols from a synth.World: TaskPlanted
// (each member of a held-out target partnership asks; its co-members are
// relevant) and TaskCompletion (all members but one ask together; the
// missing one is relevant). The target partnerships are dealt into
// cross-validation folds, and each fold's supervised models train on the
// other folds' target partnerships only; the past partnerships stay in the
// profiles as history and are never training labels.
//
// H2020.Dataset builds TaskH2020 from Horizon 2020 participations (CORDIS
// open data, in testdata/h2020; see testdata/SOURCES.md): organisations
// active up to a cut-off year become profiles with structured fields and
// history only, and the coordinators of later multi-country projects ask
// for partners. The last training year trains the supervised models, the
// earlier years are history, so features always predate labels; no test
// project is in a profile or in Known.
//
// # Reports
//
// WriteMarkdown, Comparisons, CheckTargets and NDCGFigure turn Results into
// the tables, paired comparisons, target checks and plots of the report
// that cmd/compare writes (RESULTS.md holds the latest). TestQuality keeps
// NDCG@10, recall@10 and MRR of every system on a small synthetic world in
// testdata/quality.golden; go test ./benchmarks -run TestQuality -update
// rewrites it, so that quality changes show up in review.
package benchmarks
