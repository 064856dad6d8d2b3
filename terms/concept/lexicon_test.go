package concept_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clustergo/partnermatch/terms/concept"
)

func TestPivot(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []string // pivot terms that must be there
		none       bool     // no pivot terms at all
	}{
		{lang: "sr", text: "прерада воћа", want: []string{"process", "fruit"}},
		{lang: "sr-Latn", text: "prerada voća", want: []string{"process", "fruit"}},
		{lang: "de", text: "Obstverarbeitung", want: []string{"fruit", "process"}},
		{lang: "fr", text: "transformation des fruits", want: []string{"fruit"}},
		{lang: "pl", text: "przetwórstwo owoców", want: []string{"fruit"}},
		{lang: "de", text: "Bio-Gemüse", want: []string{"veget"}},
		{lang: "pl", text: "fotonika", want: []string{"photon"}}, // cognate by spelling key
		{lang: "sr", text: "фотоника", want: []string{"photon"}},
		{lang: "de", text: "Zertifizierung", want: []string{"certif"}},
		{lang: "en", text: "fruit processing", none: true},
		{lang: "de", text: "fruit processing and packaging machinery", none: true}, // English lists in a German profile
		{lang: "xx", text: "fruktbearbetning", none: true},                         // no labels: words alone
		{lang: "de", text: "", none: true},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			got := concept.Pivot(tt.lang, tt.text)
			if tt.none {
				assert.Empty(t, got, "Pivot(%q, %q)", tt.lang, tt.text)
				return
			}
			assert.Subset(t, got, tt.want, "Pivot(%q, %q)", tt.lang, tt.text)
		})
	}
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"de", "Obstverarbeitung", []string{"obstverarbeitung", "fruit", "process"}},
		{"en", "fruit processing", []string{"fruit", "process"}},
		{"xx", "fruta prozesatzea", []string{"fruta", "prozesatzea"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, concept.Analyze(tt.lang, tt.text), "Analyze(%q, %q)", tt.lang, tt.text)
	}
}

// TestConcurrentPivot runs Pivot and Concepts from several goroutines on
// compounds that share memoised splits (run with -race).
func TestConcurrentPivot(t *testing.T) {
	texts := []string{"Obstverarbeitung", "Mikroelektronik und Chipdesign", "Trinkwasseraufbereitung", "Lebensmittelverarbeitung und Verpackungsmaschinen", "Abwasserbehandlung"}
	want := make([][]string, len(texts))
	for i, s := range texts {
		want[i] = concept.Pivot("de", s)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 50 {
				i := (g + k) % len(texts)
				assert.Equal(t, want[i], concept.Pivot("de", texts[i]), "Pivot(de, %q)", texts[i])
				concept.Concepts("de", texts[i])
			}
		}()
	}
	wg.Wait()
}

// FuzzPivot checks that Pivot never panics and yields at most a few
// terms per byte read, whatever the text and language tag.
func FuzzPivot(f *testing.F) {
	f.Add("sr", "прерада воћа и поврћа; фотоника")
	f.Add("de", "Obstverarbeitungsmaschinenbau, Zertifizierung")
	f.Add("pl", "certyfikacja qwxyzphth ccccc")
	f.Add("sr-Latn", "\xff\xfe vodosnabdevanje")
	f.Fuzz(func(t *testing.T, lang, text string) {
		got := concept.Pivot(lang, text)
		if n := min(len(text), concept.MaxText); len(got) > 2*n {
			t.Fatalf("Pivot(%q, %q) returned %d terms for %d bytes", lang, text, len(got), n)
		}
	})
}
