// Package index is a persistent, multilingual index of cluster profiles:
// portal search with filters and facets, and fast retrieval of candidate
// partners for the matching engine. It is built on bleve (scorch), whose
// types never appear in its API.
//
// [Open] opens or creates an index folder ("" for an index in memory);
// [Index.Upsert] and [Index.Delete] write atomic batches of validated
// profiles; [Index.Get], [Index.Count], [Index.IDs] and [Index.ForEach]
// read them back exactly as normalised on input; [Index.Search] serves a
// search page; [Index.Candidates] returns the profiles most likely to
// complement a given one.
//
// # Text analysis
//
// Text is analysed by package terms, the analysis the score models use,
// with the analyser of the profile's language: bleve's language analysers
// (stemming, stop words), Cyrillic transliterated to Latin, accents folded.
// So Београд finds Beograd and Québec finds Quebec; Serbian, Bosnian and
// Slovenian use the Croatian stemmer, Czech and Slovak stop words only,
// languages without a chain the plain analysis (folded, unstemmed words).
// The index stores the analysed terms, so every language shares one
// mapping and the candidate view reuses them. Queries are analysed in
// their language and also plainly, so names, loanwords and technical
// terms (lidar) that a stemmer keeps whole match across languages.
//
// # Mapping
//
// [MappingVersion] 3. Every indexed field is a space-separated list of
// terms, split by the mapping's pm_terms analyser; nothing is dynamic and
// there is no _all field or term vector. bleve maps a document that the
// package derives from each profile, not profile.Profile itself.
//
//	name, description          analysed text (BM25)
//	technologies, offers,      analysed text (BM25), also stored for the
//	needs                      candidate view
//	country, industry, market  codes, doc values for facets, stored
//	division                   NACE divisions (C27), doc values for facets
//	codes                      filter-only codes, prefixed: k:kind, l:label,
//	                           s:sector at every NACE level (s:C s:C27
//	                           s:C27.2 s:C27.20), e:ecosystem, c:category,
//	                           and members (m), SMEs (n) and founded (f) as
//	                           base-16 prefix terms; stored
//	src                        the normalised profile as a record: its
//	                           fields in a fixed order after their
//	                           CRC-32C; stored only (version 2 stored
//	                           JSON, which Open still reads)
//
// Members, SMEs and founded are integers with inclusive range filters.
// bleve's numeric fields index 16 terms per number, a large part of the
// indexing cost for three small integers; six base-16 prefix terms per
// number (a value up to 16,777,215) answer the same ranges with at most
// 180 terms per query. A code list is one field rather than one field per
// value, which bleve indexes faster.
//
// The folder holds bleve's files and partnermatch-index.json, which names
// the format, the mapping version and the write count; the version and the
// count are also kept inside bleve. Open refuses a folder without that
// file ([ErrNotIndex]) and an index of another version
// ([ErrIncompatible]): rebuild it from the profiles. A folder of version
// 2 opens, and its first write marks it as version 3. A folder is open in
// one Index at a time; another Open of it, from this process or another,
// fails with [ErrLocked].
//
// # Integrity
//
// bleve, given a damaged folder, falls back to an older snapshot and
// deletes the newer files, fails after deleting the segments, or panics
// in a goroutine that cannot be recovered. Open therefore checks the
// folder before bleve reads it, without writing anything: the store's
// newest snapshot as bleve will load it, the CRC-32 in the footer of
// every segment file it names (which covers the whole file), and the
// write count, which each commit writes to the meta file before the batch
// and again after it, so that a store older than the folder's last write
// is noticed. Damage gives a [*CorruptError] (matching [ErrCorrupt]) that
// names the file; the folder is left as it was. Reading every segment
// costs a sequential pass over the folder at Open. Each stored profile
// carries its own checksum, which Open checks and every read checks again
// ([Index.ForEach], [Index.Get], [Index.Search]), for damage after Open's
// pass; a profile stored as JSON by version 2 is validated again instead
// when it is read, which sees only damage that makes it invalid.
//
// [Repair] rebuilds a damaged folder from the stored profiles that verify:
// it moves the folder aside (nothing is deleted), writes a new index with
// what it recovered and reports what it dropped. examples/repair is the
// command for it.
//
// Files are fsynced, and so is the folder after files appear in it. A new
// folder is marked while it is created, so that a creation cut short
// (which holds no data) is created again rather than refused forever.
//
// # Writes
//
// Each Upsert or Delete call is validated as a whole and written as one
// bleve batch, so it is atomic: an invalid profile or a duplicate id fails
// the call before anything is written ([ProfileError]). A batch is held in
// memory while it is written, so a call is capped by Options.MaxBatch;
// load large sets in calls of about 1,000 profiles, which bleve indexes
// nearly as fast as larger batches in much less memory. The context is
// honoured until the batch is handed to bleve.
//
// # Concurrency
//
// An Index is safe for concurrent use by any number of readers and
// writers. Writers are serialised internally; readers never wait for
// them and see each write entirely or not at all: Search, Get, Count,
// IDs and ForEach read bleve snapshots (IDs and ForEach one snapshot
// throughout), and Candidates reads the candidate view, which a write
// changes under a lock right after bleve has taken the batch, so for that
// instant a concurrent Search may see a write that Candidates does not
// yet. Close waits for running calls; calls after it return [ErrClosed].
//
// # Candidate retrieval
//
// Complementary partners are found by what they offer and need, not by
// similar descriptions. For a query profile q, Candidates scores every
// profile c by
//
//	Σ weight(kind) · idf(term) · tf-part(term, field of c)     (BM25)
//
// over the terms of q's needs matched against c's offers
// ("needs->offers"), q's offers against c's needs ("offers->needs"), q's
// technologies against c's, and q's emerging industries and target
// markets against c's (keywords: idf only). [DefaultWeights] are 1, 1,
// 0.2, 0.5 and 0.5: shared technologies mark organisations doing the same
// thing, which is similarity, not complementarity. Filters and exclusions
// apply; the top N (200 by default) are returned with the kinds of match
// that contributed, for explanations.
//
// bleve answers this query too slowly for an interactive engine at
// 100,000 profiles (see Benchmarks), so Candidates reads an in-memory view
// kept beside bleve: postings (profile, term frequency, field length) of
// the five matched fields, and each profile's filter attributes. Open
// builds it from the stored fields; every write updates it under the
// writer lock once bleve has taken the batch, so it holds exactly the
// profiles bleve holds. Replaced and deleted profiles leave dead entries,
// dropped by a compaction once they are a quarter of the view.
//
// A query accumulates the text terms' BM25 scores into a per-query array
// (the bulk of its cost), in blocks of 8,192 profiles so that the block's
// part of the array stays in cache. Industries and markets, whose
// postings are long, are added lazily: their bonus is bounded, so it is
// computed only for profiles whose text score could still enter the top
// N, and profiles that share only keywords are looked at only if the top
// N could still admit them. Profiles are considered best text score
// first (a threshold estimated from a sample of the scores, then a
// counting sort of the few thousand above it), so a heap of the best N
// fills with good scores at once and the pass stops when no remaining
// text score plus the largest bonus can enter: few of the profiles with a
// text match have their bonus computed, and the heap reads a profile's
// filter attributes (its country beside its keywords) only if its score
// could enter. The result equals summing every posting, to the bit
// (TestCandidatesExact, TestCandidatesMatchBruteForce).
//
// CandidateOptions.Bleve runs the same query as a bleve boolean query
// instead, to compare or to get bleve's scores: the two share most of
// their top 100 on the embedded synthetic world
// (TestCandidatesPathsAgree), and retrieve planted partners equally well.
//
// # Benchmarks
//
// bench_test.go measures ingest, Open (which builds the candidate view),
// Candidates on both paths, Search with and without filters and facets,
// and ForEach, on synthetic worlds of 10,000 and 100,000 profiles
// (profile/synth, seed 1) on disk; BenchmarkIngestBleveLean indexes the
// same profiles with a plain bleve mapping, to calibrate a busy machine:
//
//	go test ./index -run '^$' -bench Ingest -benchtime 1x -count 3
//	go test ./index -run '^$' -bench 'Candidates|Search|Open' -benchtime 2s -count 3
//
// Recall of planted partners among the candidates falls as the corpus
// grows, because each value-chain stage holds a fixed share of the
// profiles, all about equally complementary: the engine should retrieve
// generously and rescore, as package match does.
//
// Measured figures: benchmarks/RESULTS.md.
package index
