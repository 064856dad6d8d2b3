// Package terms is the text analysis shared by the index and the score
// models, so that both see the same terms: it tokenises, lower-cases,
// transliterates Cyrillic to Latin (Serbian rules), removes stop words,
// stems with the analyser of the text's language, and folds accents
// (Québec -> quebec, Београд -> beograd, đ -> dj).
//
// It builds on bleve's language analysers and registers one analyser per
// supported language in bleve's registry under [AnalyzerName], so that an
// index mapping can refer to it by name. Languages without a bleve analyser
// use the nearest one (see [Fallback]) or a plain chain without stemming.
package terms
