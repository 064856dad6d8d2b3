// Package score rates how well two cluster profiles suit each other as
// partners, with models that can be swapped, combined, learned and
// compared. Plain text search finds similar organisations, competitors;
// partners are complementary: what one needs the other offers, their
// sectors sit next to each other in a value chain, they come from
// different countries and aim at the same third markets.
//
// # Interfaces
//
// A [Scorer] rates candidate c for query q with a value in [0, 1], higher
// is better; it is deterministic and safe for concurrent use. An
// [Explainer] also justifies the value with an [Explanation] tree whose
// [Evidence] names the need that meets an offer, the shared markets, the
// sector pair or the common past partner. A [BatchScorer] scores a
// candidate list for one query faster than one call per candidate; use
// [Batch] and [Explain] to do either with any Scorer. [Func] adapts a
// function; [Weighted] and [Logistic] combine scorers.
//
// A [Model] is a value whose fields are its parameters; Fit turns it into
// a Scorer for one [Corpus] snapshot (vocabulary, IDF, latent vectors,
// collaboration graph, learned matrices and weights). Fitting runs once
// per snapshot, not per query, and the fits of one Corpus share their
// work. Fitted scorers also score profiles that are not in the corpus, or
// whose content changed since the fit, from their current content (see
// [Corpus]). A [SymmetricModel] says whether its scorers are symmetric,
// so that a caller scoring every pair both ways scores each once. [Models]
// returns the built-in set, [DefaultModel] names the default; there is no
// global registry.
//
// Text is analysed by package terms, the analysis the index uses too
// (tokenise, transliterate Cyrillic, stem per language, fold accents), so
// both see the same terms.
//
// # Models
//
// Every model is in [0, 1]; empty profiles, profiles without text,
// one-profile and empty corpora, and unknown codes give 0 or the neutral
// value stated, never NaN or a panic.
//
//	name        formula                                             range   symmetric
//	tfidf       cos(x_q, x_c), x = (1+ln tf)·(ln((1+N)/(1+df))+1)     [0,1]   yes
//	lsa         max(0, cos(x_q V_k, x_c V_k)), randomised SVD, k=64   [0,1]   yes
//	reciprocal  floored harmonic mean of cover(q→c), cover(c→q),      [0,1]   yes (cover is not)
//	            cover(q→c) = mean_i max_j cos(need_i(q), offer_j(c))
//	sector      max_{a∈D(q), b∈D(c)} R[a][b], R prior or PMI-learned   [0,1]   yes
//	market      |M_q ∩ M_c| / sqrt(|M_q||M_c|) (Ochiai)               [0,1]   yes
//	geo         1 cross-border, 0.2 same country, 0.5 unknown,        {0,.2,.5,1} yes
//	            0 ineligible under a rule set
//	history     r/(1+r), r = shared partnerships + 0.5·Adamic-Adar    [0,1)   yes
//	activity    (a_q + a_c)/2, a = ln(1+k)/ln(1+K), k partnerships    [0,1]   yes
//	affinity-*  shrunk NPMI of co-members' kinds or countries, Known  [0,1]   yes
//	hybrid      Σ w_i s_i / Σ w_i with the weights of DefaultHybrid   [0,1]   yes
//	learned     σ(b + Σ w_i s_i), logistic regression on Known        [0,1]   yes
//	auto        learned, refined for NDCG@10, where Known has ≥ 20    [0,1]   yes
//	            pairs, else Σ p_i s_i / Σ p_i over the parts that vary
//
// # The default: fitted to the corpus
//
// The default model, auto ([Auto]), assumes no fixed weights. At fit time
// it measures each part's spread, the mean over sampled askers of the
// standard deviation of the part's scores across sampled candidates, and
// drops parts with no spread: a field nobody filled (needs and offers on
// Horizon 2020 profiles, target markets) carries no weight. With known
// partnerships (Corpus.Known, at least 20 pairs of co-members) it learns
// the weights as learned does, on features divided by their spread, and
// then refines them for the top of the ranking: coordinate ascent on
// NDCG@10 over up to 400 members of known partnerships, each ranking its
// co-members against its past partners and partners of partners and a
// uniform sample that stands for the rest of the corpus. The refinement
// is kept only where, fitted on one half of those queries, it gains on
// the other (and there are at least 100). A pointwise fit treats every
// negative alike, while a ranking is decided among the few candidates
// most like partners: on Horizon 2020 the log loss puts programme-topic
// similarity, which thousands of strangers share with a coordinator, on
// a par with a shared past, and the refinement puts history far ahead.
// Without known partnerships, the remaining parts weigh p_i: 1 for tfidf, lsa, reciprocal,
// sector, market and geo, 2 for history ([DefaultAutoPrior]). Text
// similarity is a full part: partners share a theme, and where text marks
// competitors instead (the home synthetic world) known partnerships teach
// a negative coefficient. Sector relatedness is measured from the EU
// input-output table ([MeasuredSectorPrior]). The weights and the prior
// were chosen on validation data only (benchmarks.Choices).
//
// The fixed hybrid remains for comparison: reciprocal 0.35, sector 0.20,
// market 0.15, lsa 0.10, geo 0.10, history 0.10 ([DefaultHybrid]),
// tuned by hand on one synthetic world, and so does the hand-made sector
// table ([SectorPrior]). Without known partnerships, learned falls back to
// hybrid and says so ([FallbackScorer]), and sector uses the measured
// prior.
//
// # Sources
//
//   - TF-IDF and cosine: Salton and Buckley 1988, "Term-weighting
//     approaches in automatic text retrieval" (smoothed IDF and sublinear
//     TF as in scikit-learn).
//   - LSA: Deerwester et al. 1990, "Indexing by latent semantic analysis";
//     randomised SVD: Halko, Martinsson and Tropp 2011, "Finding structure
//     with randomness" (range finder with power iterations).
//   - Reciprocal: Pizzato et al. 2010, "RECON: a reciprocal recommender
//     for online dating" (harmonic mean of both sides' preferences).
//   - Sector: normalised pointwise mutual information, Bouma 2009,
//     "Normalized (pointwise) mutual information in collocation
//     extraction"; the prior is measured from the WIOD 2016 release's EU28
//     input-output table of 2014 (Timmer, Dietzenbacher, Los, Stehrer and
//     de Vries 2015, "An illustrated user guide to the World Input-Output
//     Database: the case of global automotive production"; CC BY 4.0, see
//     data/README.md).
//   - Market: Ochiai 1957 (set cosine).
//   - History: Adamic and Adar 2003, "Friends and neighbors on the Web";
//     Liben-Nowell and Kleinberg 2007, "The link-prediction problem for
//     social networks".
//   - Learned: logistic regression with negative sampling, as in
//     link prediction; auto's refinement: coordinate ascent, Metzler and
//     Croft 2007, "Linear feature-based models for information
//     retrieval".
//   - Activity: preferential attachment, Barabási and Albert 1999,
//     "Emergence of scaling in random networks".
//
// # Performance
//
// Fitted text models keep, per profile, sorted sparse vectors (term ids
// and float32 weights) and a float32 latent vector; batches look the
// query's terms up in dense arrays instead of maps, and resolve each
// candidate once for all parts of a combination. gonum does the dense
// work (matrix products, Cholesky, QR, SVD, the sector matrices); plain
// Go loops do the sparse products, short float32 dot products and the
// graph index, where BenchmarkKernels shows them faster than the gonum
// alternative (mat.Mul on a dense TF-IDF matrix, floats.Dot,
// gonum/graph). bench_test.go measures fits at 10,000 and 100,000
// profiles and batches of 1,000 candidates per model. Package scoretest
// checks the Scorer contract for model authors.
package score
