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
// # Pivot terms
//
// Concepts cover what the vocabularies name; profiles also name things
// they do not ("chip design"). [Pivot] therefore translates text word by
// word into English label terms, through a lexicon aligned from the
// table's parallel labels: the terms of a concept's labels in a language
// and in English form a pair of bags, IBM model 1 (expectation
// maximisation, in each direction) estimates from all the pairs how
// likely each word translates each other, so that a word is explained
// by what its concept's other words leave over, and the words of each
// concept are then linked one to one, most likely pair first (Melamed's
// competitive linking). A word translates to the English words it is
// linked to in at least two concepts and a quarter of those that hold it
// (the two strongest), or, for a word of a single concept, to the one it
// is linked to with an association (the geometric mean of the two
// directions' probabilities) of at least 0.6. Compounds are split first;
// a word unknown to the labels of its language but known to the English
// ones (an acronym, a loan word) stands for itself, and a word the
// lexicon does not translate becomes the English label term it is a
// cognate of: the one whose spelling key shares the longest prefix with
// the word's, at least five bytes and all of the shorter key but its
// last byte (German partn, English partner; Polish fotonik, English
// photon: keys spell ph as f, c as k or s, y as i, z as s). A sentence
// whose words the English labels know better than those of its declared
// language is taken for English and adds nothing, since profiles often
// list English offers under another language.
// [Analyze] is the analysis of package terms followed by the pivot terms:
// the index and the score models analyse offers, needs and technologies
// with it, so a need in Serbian meets an offer in German or English.
//
// # Serbian
//
// Serbian text may be Cyrillic or Latin (package terms transliterates).
// EuroVoc has Serbian labels; CPV and NACE have none, so Croatian labels
// stand in for concepts without a Serbian label, indexed twice: as
// written (ijekavian, as also used in Bosnia and Montenegro) and in an
// ekavian form with a few Croatian words replaced by their Serbian
// equivalents (mlijeko -> mleko, kemijski -> hemijski). A Serbian word
// that the Serbian lexicon does not translate is looked up in the
// Croatian lexicon, aligned on the Croatian labels of every concept.
// Bosnian text uses the Croatian labels, Norwegian Bokmål and Nynorsk the
// Norwegian ones.
package concept
