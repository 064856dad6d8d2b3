// Package profile is the shared vocabulary of partnermatch: the cluster
// [Profile], the taxonomies it refers to (countries and their eligibility
// groups, NACE Rev.2, emerging industries, industrial ecosystems, cluster
// categories, languages), normalisation and validation, eligibility
// [RuleSet]s for consortia, and readers and writers for JSON Lines, JSON
// arrays and CSV.
//
// It is a leaf package: index, score and match import it, and it imports
// none of them. The taxonomies are embedded; data/SOURCES.md gives their
// sources.
package profile
