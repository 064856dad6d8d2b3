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

func TestSpellingKey(t *testing.T) {
	for in, want := range map[string]string{
		"photon":   "foton",
		"fotonik":  "fotonik",
		"certif":   "sertif",
		"zertifik": "sertifik",
		"certyfik": "sertifik",
		"mass":     "mas",
		"taxi":     "taksi",
		"cwq":      "kvk",
		"":         "",
	} {
		assert.Equal(t, want, spellingKey(in), "spellingKey(%q)", in)
	}
}

// TestAlignerEliminates checks that EM explains a word by what its
// concept's other words leave over: in the third concept, b is known to
// be y, so a is x.
func TestAlignerEliminates(t *testing.T) {
	// side a: 0 = a, 1 = b; side b: 0 = x, 1 = y
	src := [][]int32{{1}, {1}, {0, 1}}
	dst := [][]int32{{1}, {1}, {0, 1}}
	al := newAligner(src, dst, 2, 2)
	al.train(emRounds)
	links, ca := al.link()
	assert.Equal(t, []int{1, 3}, ca)
	got := map[[2]int32]int{}
	for _, l := range links {
		got[[2]int32{l.a, l.b}] = l.n
		if l.a == 0 {
			assert.GreaterOrEqual(t, l.p, minSureP, "association of a single concept's link")
		}
	}
	assert.Equal(t, map[[2]int32]int{{0, 0}: 1, {1, 1}: 3}, got)
}
