package concept

import (
	"fmt"
	"strings"
	"testing"
)

// heldOutLanguages are the languages whose lexicons the held-out
// benchmark measures: those of the synthetic native worlds and a few
// more, so that a change does not serve only the benchmark's languages.
var heldOutLanguages = []string{"de", "fr", "it", "es", "pl", "sr", "nl", "pt", "cs", "hr"}

// withoutConcepts returns a table holding t's concepts with the labels
// of those that drop selects emptied in every language, so that neither
// the label indexes nor the lexicons built from it have seen them.
func withoutConcepts(t *Table, drop func(i int) bool) *Table {
	u := &Table{ids: t.ids, pos: t.pos, langs: t.langs, labels: map[string][]string{}, slots: map[string]*slot{}}
	for lang, ls := range t.labels {
		cp := make([]string, len(ls))
		for i, l := range ls {
			if !drop(i) {
				cp[i] = l
			}
		}
		u.labels[lang] = cp
	}
	for _, l := range u.textLanguages() {
		u.slots[l] = &slot{}
	}
	return u
}

// heldOut is the translation quality of one language's pivot terms on
// labels the lexicon was not aligned on.
type heldOut struct {
	labels              int
	hit, pivots, target int // pivot types in the English label, pivot types, English label types
}

func (h heldOut) recall() float64    { return float64(h.hit) / float64(max(h.target, 1)) }
func (h heldOut) precision() float64 { return float64(h.hit) / float64(max(h.pivots, 1)) }

// measureHeldOut aligns the lexicons of langs on the concepts of t but
// one fold in folds and pivots the labels of that fold into English,
// comparing the pivot terms with the English label's terms; it sums over
// the folds.
func measureHeldOut(t *Table, langs []string, folds int) map[string]heldOut {
	out := map[string]heldOut{}
	for f := range folds {
		// A multiplicative hash, not i%folds: neighbouring CPV codes are
		// near-synonyms, and holding out every tenth would leave their
		// siblings in.
		fold := func(i int) int { return int(uint32(i)*2654435761>>16) % folds }
		u := withoutConcepts(t, func(i int) bool { return fold(i) == f })
		en := u.index("en")
		for _, lang := range langs {
			h := out[lang]
			src := t.labels[lang]
			for i, l := range src {
				e := t.labels["en"][i]
				if fold(i) != f || l == "" || e == "" {
					continue
				}
				want := map[string]bool{}
				for _, w := range en.terms("en", withoutParens(e)) {
					want[w] = true
				}
				got := map[string]bool{}
				for _, w := range u.Pivot(lang, withoutParens(l)) {
					got[w] = true
				}
				for w := range got {
					if want[w] {
						h.hit++
					}
				}
				h.labels++
				h.pivots += len(got)
				h.target += len(want)
			}
			out[lang] = h
		}
	}
	return out
}

// BenchmarkLexiconHeldOut measures the lexicons on labels they were not
// aligned on (ten folds over the concepts): recall is the share of the
// English label's terms that the pivot terms of its label in the
// language hit, precision the share of pivot terms in the English label.
// It is the measure of the lexicon that does not depend on any text we
// wrote. Run with -benchtime 1x.
func BenchmarkLexiconHeldOut(b *testing.B) {
	for b.Loop() {
		res := measureHeldOut(Default(), heldOutLanguages, 10)
		var sum, sumP float64
		var rows []string
		for _, lang := range heldOutLanguages {
			h := res[lang]
			b.ReportMetric(h.recall(), lang+"-recall")
			b.ReportMetric(h.precision(), lang+"-precision")
			sum += h.recall()
			sumP += h.precision()
			rows = append(rows, fmt.Sprintf("%s %d labels recall %.3f precision %.3f", lang, h.labels, h.recall(), h.precision()))
		}
		b.ReportMetric(sum/float64(len(heldOutLanguages)), "mean-recall")
		b.ReportMetric(sumP/float64(len(heldOutLanguages)), "mean-precision")
		b.Log("\n" + strings.Join(rows, "\n"))
	}
}
