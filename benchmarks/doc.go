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
// Planted builds the synthetic protocols from a world of the home family
// (profile/synth) and PlantedThemes from one of the second family
// (profile/synth/themes, written independently: partners share a
// specialisation theme and a market across stages, with or without
// collaboration history); PlantedFrom takes any generated world. TaskPlanted
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
// ReadESCP4i builds TaskESCP4i from real ESCP-4i partnerships compiled from
// public pages (testdata/escp4i): a few dozen organisations with a name,
// a country and a sector hint; the first generation (2016-2017) is
// history, every member of a later partnership asks for its co-members.
//
// # Splits: choose on validation, report on test
//
// Every choice behind the engine's defaults (a weight, a prior, a
// hyper-parameter, a pool size) is made on a validation split that leaves
// the reported test queries alone, and figures are reported on the test
// split (Split):
//
//   - synthetic worlds: validation worlds are other draws of the same
//     generator, seed + ValidationSeedOffset (Split.WorldSeed); the test
//     worlds use seeds below it;
//   - Horizon 2020: a time split inside the training years (Split.H2020):
//     validation has history up to 2015, the projects of 2016 as labels
//     and the coordinators of 2017 as queries; the test has history up to
//     2016, labels of 2017 and queries from 2018 on;
//   - ESCP-4i: test only, too small and too precious to choose on.
//
// Choices lists each choice behind the defaults with the split it was
// made on, and says which were tuned on reported figures before this
// protocol existed; cmd/compare prints the list with the test report.
//
// # Reports
//
// WriteMarkdown, Comparisons, CheckTargets and NDCGFigure turn Results into
// the tables, paired comparisons (the default against the best baseline
// and against its best single part), target checks and plots of the report
// that cmd/compare writes (RESULTS.md holds the latest). TestQuality keeps
// NDCG@10, recall@10 and MRR in testdata/quality.golden: every system on
// small worlds of both synthetic families, and the default model's
// production path (candidate pool, screen and graph) beside exact scoring
// on a world five times the pool; go test ./benchmarks -run TestQuality
// -update rewrites it, so that quality changes show up in review.
package benchmarks
