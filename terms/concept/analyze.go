package concept

import "github.com/clustergo/partnermatch/terms"

// Analyze is the analysis for matching free text across languages: the
// terms of text in lang ([terms.Analyze]) followed by the English terms
// its words translate to ([Pivot]), so that whatever compares terms
// (BM25 retrieval, TF-IDF, needs against offers) meets a need in one
// language with an offer in another. English text, and text in a
// language without labels, get their own terms only.
func Analyze(lang, text string) []string {
	return append(terms.Analyze(lang, text), Pivot(lang, text)...)
}
