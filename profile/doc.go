// Package profile is the shared vocabulary of partnermatch: the cluster
// [Profile], the taxonomies it refers to (countries and their eligibility
// groups, NACE Rev.2, emerging industries, industrial ecosystems, cluster
// categories, languages), normalisation and validation, eligibility
// [RuleSet]s for consortia, and readers and writers for JSON Lines, JSON
// arrays and CSV. Each reader comes as an iterator that yields profiles and
// bad records as it reads ([ReadJSONLSeq], [ReadJSONSeq], [ReadCSVSeq]),
// for inputs of any size, and as a slice form that collects them
// ([ReadJSONL], [ReadJSONLWith] and the like).
//
// # Limits
//
// Validate and Clean refuse profiles over documented limits (MaxSize and
// the constants beside it: the bytes of a description, of each field and
// list item, of the free text together, and the items of each list) with
// a [LimitError] matching [ErrTooLarge], so that no profile, stored or
// ad hoc, can make one query or fit take seconds or gigabytes. The
// packages that store and query profiles use LimitError for their own
// request limits too (batches, result windows, consortium sizes).
//
// It is a leaf package: index, score and match import it, and it imports
// none of them. The taxonomies are embedded; data/SOURCES.md gives their
// sources.
package profile
