package concept

import (
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heldOutTable names a table file to measure instead of the embedded one
// (go test -bench LexiconHeldOut -args -table FILE).
var heldOutTable = flag.String("table", "", "gzip-compressed table file for BenchmarkLexiconHeldOut (default: the embedded table)")

// readGzipTable reads a gzip-compressed table file.
func readGzipTable(name string) (*Table, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Read(zr)
}

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

// measuredCPVDepth is the deepest CPV level whose labels the held-out
// measure pivots: that of the table before deeper codes were tried.
const measuredCPVDepth = 5

// cpvDepth returns the level of a CPV code (its significant digits - 1,
// division 1), or 0 for ids of other schemes.
func cpvDepth(id ID) int {
	if id.Scheme() != "cpv" {
		return 0
	}
	return max(len(strings.TrimRight(id.Code(), "0"))-1, 1)
}

// heldOutFolds assigns the concepts of t to folds and tells which are
// measured: every concept but CPV codes deeper than measuredCPVDepth. A
// measured concept's fold is a multiplicative hash of its rank among the
// measured concepts, not rank%folds: neighbouring CPV codes are
// near-synonyms, and holding out every tenth would leave their siblings
// in. The rank, not the table index, so that the folds stay the same
// whatever deeper codes t holds. A deeper code goes to the fold of its
// nearest measured ancestor, so that no held-out label has a child in
// the labels the lexicon is aligned on.
func heldOutFolds(t *Table, folds int) (fold []int, measured []bool) {
	fold, measured = make([]int, len(t.ids)), make([]bool, len(t.ids))
	rank := 0
	for i, id := range t.ids {
		if cpvDepth(id) <= measuredCPVDepth {
			measured[i] = true
			fold[i] = int(uint32(rank)*2654435761>>16) % folds
			rank++
		}
	}
	for i, id := range t.ids {
		if measured[i] {
			continue
		}
		code := []byte(id.Code())
		for d := cpvDepth(id); d > 1; d-- {
			code[d] = '0' // drop the last significant digit
			if j, ok := t.pos["cpv:"+ID(code)]; ok && measured[j] {
				fold[i] = fold[j]
				break
			}
		}
	}
	return fold, measured
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
//
// Only the labels of the measured concepts (see [heldOutFolds]) are
// pivoted, so that tables with more CPV levels are measured on the same
// labels.
func measureHeldOut(t *Table, langs []string, folds int) map[string]heldOut {
	out := map[string]heldOut{}
	fold, measured := heldOutFolds(t, folds)
	for f := range folds {
		u := withoutConcepts(t, func(i int) bool { return fold[i] == f })
		en := u.index("en")
		for _, lang := range langs {
			h := out[lang]
			src := t.labels[lang]
			for i, l := range src {
				e := t.labels["en"][i]
				if fold[i] != f || !measured[i] || l == "" || e == "" {
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
//
// With -table FILE (a gzip-compressed table file, such as a variant
// that internal/gen wrote elsewhere) it measures that table instead of
// the embedded one.
func BenchmarkLexiconHeldOut(b *testing.B) {
	t := Default()
	if *heldOutTable != "" {
		var err error
		if t, err = readGzipTable(*heldOutTable); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		res := measureHeldOut(t, heldOutLanguages, 10)
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

func TestHeldOutFolds(t *testing.T) {
	const folds = 10
	base := "# partnermatch concept table v1\nids 4\ncpv:03100000\ncpv:03115000\ncpv:15332100\neurovoc:1115\nlang en\na\nb\nc\nd\n"
	deep := "# partnermatch concept table v1\nids 7\ncpv:03100000\ncpv:03115000\ncpv:03115110\ncpv:03115120\ncpv:15332100\ncpv:15332140\neurovoc:1115\nlang en\na\nb\nb1\nb2\nc\nc1\nd\n"
	read := func(s string) *Table {
		tab, err := Read(strings.NewReader(s))
		require.NoError(t, err, "Read")
		return tab
	}
	bf, bm := heldOutFolds(read(base), folds)
	df, dm := heldOutFolds(read(deep), folds)
	assert.Equal(t, []bool{true, true, true, true}, bm, "measured, base table")
	assert.Equal(t, []bool{true, true, false, false, true, false, true}, dm, "measured, table with depth 6 and 7 codes")
	assert.Equal(t, []int{bf[0], bf[1], bf[2], bf[3]}, []int{df[0], df[1], df[4], df[6]},
		"the measured concepts keep their folds when deeper codes are added")
	assert.Equal(t, []int{df[1], df[1], df[4]}, []int{df[2], df[3], df[5]},
		"a deeper code is in the fold of its nearest measured ancestor")
}

func TestCPVDepth(t *testing.T) {
	tests := []struct {
		id   ID
		want int
	}{
		{"cpv:03000000", 1},
		{"cpv:03100000", 2},
		{"cpv:15332100", 5},
		{"cpv:03115110", 6},
		{"cpv:15332140", 6},
		{"cpv:33141121", 7},
		{"eurovoc:1115", 0},
		{"nace:10.39", 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, cpvDepth(tt.id), "cpvDepth(%q)", tt.id)
	}
}
