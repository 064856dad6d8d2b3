// Package concept maps free text in any supported language to
// language-independent concepts, so that a Serbian cluster that "нуди
// прераду воћа" (offers fruit processing) meets a German one that "sucht
// Obstverarbeitung".
//
// A concept is an entry of a multilingual controlled vocabulary, named by
// an [ID] with a scheme prefix: the EuroVoc thesaurus ("eurovoc:1115",
// fruit), the Common Procurement Vocabulary 2008 ("cpv:15332100",
// processed fruit) or the NACE Rev. 2 classification of economic
// activities ("nace:10.39", other processing of fruit and vegetables). A
// [Table] holds each concept's labels in the languages of package terms;
// [Default] is the table embedded in the library (see data/SOURCES.md for
// sources and licences).
//
// # Matching
//
// [Table.Concepts] analyses text with [terms.Analyze] and each label with
// the analyser of the label's language, so that stems meet stems. A term
// weighs its inverse document frequency over the labels of the language,
// idf(t) = ln(1 + N/df(t)), so "processing" counts less than "fruit". A
// label matches a sentence of the text when the sentence holds
//
//   - every term of a label of one or two terms, or
//   - terms carrying at least [MinShare] of the idf mass of a longer label.
//
// A matched concept weighs share × (sum of the idf of its matched terms),
// the best over its labels and the text's sentences; only the
// [MaxConcepts] heaviest concepts are returned. Sentences (split at . ! ?
// ; and line breaks) keep words of unrelated sentences from adding up to
// a concept.
//
// German, Dutch, Swedish, Danish and Norwegian compounds are split into
// known label stems, on both the label and the text side, so
// "Obstverarbeitung" yields obst + verarbeitung and "Verarbeitung von
// Lebensmitteln" meets the label "Lebensmittelverarbeitung".
//
// # Serbian
//
// Serbian text may be Cyrillic or Latin (package terms transliterates).
// EuroVoc has Serbian labels; CPV and NACE have none, so Croatian labels
// stand in for concepts without a Serbian label, indexed twice: as
// written (ijekavian, as also used in Bosnia and Montenegro) and in an
// ekavian form with a few Croatian words replaced by their Serbian
// equivalents (mlijeko -> mleko, kemijski -> hemijski). Bosnian text uses
// the Croatian labels, Norwegian Bokmål and Nynorsk the Norwegian ones.
package concept
