package concept

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEkavian(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mlijeko", "mleko"},
		{"rijeka", "reka"},
		{"Proizvodnja namještaja", "proizvodnja nameštaja"},
		{"djelatnost", "delatnost"},
		{"mjesto", "mesto"},
		{"industrije", "industrije"},         // a case ending, not ijekavian
		{"polje znanje", "polje znanje"},     // lj and nj are letters
		{"projekt objekt", "projekt objekt"}, // pro-jekt, ob-jekt
		{"Kemijski proizvodi", "hemijski proizvodi"},
		{"računalni programi", "računarni programi"},
		{"konzerviranje voća", "konzervisanje voća"},
		{"organizirani", "organizovani"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ekavian(tt.in), "ekavian(%q)", tt.in)
	}
}

func TestSplit(t *testing.T) {
	s := &splitter{vocab: map[string]bool{
		"obst": true, "verarbeitung": true, "lebensmittel": true, "textil": true,
		"industri": true, "energi": true, "versorgung": true, "bau": true,
	}}
	tests := []struct {
		tok  string
		want []string
	}{
		{"obstverarbeitung", []string{"obst", "verarbeitung"}},
		{"lebensmittelverarbeitung", []string{"lebensmittel", "verarbeitung"}},
		{"textilindustri", []string{"textil", "industri"}},
		{"energieversorgung", []string{"energi", "versorgung"}}, // linking e
		{"obstbaus", []string{"obst", "bau"}},                   // trailing s
		{"lebensmitteln", []string{"lebensmittel"}},             // plural n
		{"verarbeitung", []string{"verarbeitung"}},
		{"unbekannt", []string{"unbekannt"}},
		{"obstx", []string{"obstx"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, s.normalize(tt.tok), "normalize(%q)", tt.tok)
	}
}

func TestWithoutParens(t *testing.T) {
	for in, want := range map[string]string{
		"софтвер (умотворина)":                       "софтвер",
		"Transport services (excl. Waste transport)": "Transport services",
		"(only)":      "(only)",
		"a (b (c)) d": "a  d",
	} {
		assert.Equal(t, want, withoutParens(in), "withoutParens(%q)", in)
	}
}
