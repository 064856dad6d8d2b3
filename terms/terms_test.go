package terms_test

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"
	"github.com/clustergo/partnermatch/terms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"english stems and stop words", "en", "Battery cells and the batteries", []string{"batteri", "cell", "batteri"}},
		{"english folds accents", "en", "Québec", []string{"quebec"}},
		{"french folds after stemming", "fr", "Québec", []string{"quebec"}},
		{"french elision", "fr", "l'industrie automobile", []string{"indust", "automobil"}},
		{"german", "de", "Batteriezellen für Fahrzeuge", []string{"batteriezell", "fahrzeug"}},
		{"italian", "it", "Le batterie per veicoli elettrici", []string{"batter", "veicol", "elettric"}},
		{"spanish", "es", "Las baterías de los vehículos", []string{"bateri", "vehicul"}},
		{"polish", "pl", "Produkcja baterii", []string{"produkcja", "bateria"}},
		{"serbian cyrillic", "sr", "Београд", []string{"beograd"}},
		{"serbian latin", "sr", "Beograd", []string{"beograd"}},
		{"serbian cyrillic and latin agree", "sr", "Произвођачи батерија", terms.Analyze("sr", "Proizvođači baterija")},
		{"cyrillic in an english text", "en", "Нови Сад", []string{"novi", "sad"}},
		{"czech stop words, no stemmer", "cs", "výroba a vývoj baterií", []string{"vyroba", "vyvoj", "baterii"}},
		{"slovenian uses the croatian stemmer", "sl", "proizvodnja baterij", terms.Analyze("hr", "proizvodnja baterij")},
		{"unknown language is plain", "xx", "Straße GROSS", []string{"strasse", "gross"}},
		{"empty text", "en", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, terms.Analyze(tt.lang, tt.text), "Analyze(%q, %q)", tt.lang, tt.text)
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Québec", "quebec"},
		{"Београд", "beograd"},
		{"Đorđe Ђорђе", "djordje djordje"},
		{"Łódź", "lodz"},
		{"Straße", "strasse"},
		{"plain", "plain"},
		{"Žužemberk", "zuzemberk"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, terms.Fold(tt.in), "Fold(%q)", tt.in)
		assert.Equal(t, terms.Fold(tt.in), terms.Fold(terms.Fold(tt.in)), "Fold is idempotent on %q", tt.in)
	}
}

// Every registered analyser must build from bleve's registry, as an index
// mapping will ask for it by name.
func TestRegistry(t *testing.T) {
	cache := registry.NewCache()
	for _, name := range terms.AnalyzerNames() {
		a, err := cache.AnalyzerNamed(name)
		require.NoError(t, err, "AnalyzerNamed(%q)", name)
		assert.NotEmpty(t, a.Analyze([]byte("Innovation clusters")), "analyser %q yields terms", name)
	}
	for _, lang := range terms.Languages() {
		assert.Equal(t, "pm_"+lang, terms.AnalyzerName(lang), "AnalyzerName(%q)", lang)
	}
	assert.Equal(t, "pm_plain", terms.AnalyzerName("zu"), "AnalyzerName of a language without a chain")
}

func TestAnalyzeConcurrent(t *testing.T) {
	done := make(chan []string)
	for i := range 8 {
		go func() { done <- terms.Analyze("sr", fmt.Sprintf("Произвођачи батерија %d", i)) }()
	}
	for range 8 {
		assert.Contains(t, <-done, terms.Analyze("sr", "батерија")[0], "concurrent Serbian analysis")
	}
}

func ExampleAnalyze() {
	fmt.Println(terms.Analyze("sr", "Кластер произвођача батерија из Београда"))
	fmt.Println(terms.Analyze("sr", "Klaster proizvođača baterija iz Beograda"))
	fmt.Println(terms.Analyze("fr", "Pôle de compétitivité du Québec"))
	// Output:
	// [klaster proizvodjac baterij iz beograd]
	// [klaster proizvodjac baterij iz beograd]
	// [pole competitivit quebec]
}

func BenchmarkAnalyze(b *testing.B) {
	text := "Кластер произвођача батерија из Београда нуди развој и производњу литијумских ћелија"
	for _, lang := range []string{"en", "de", "sr", "pl"} {
		b.Run(lang, func(b *testing.B) {
			for b.Loop() {
				terms.Analyze(lang, text)
			}
		})
	}
}
