package concept_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/clustergo/partnermatch/terms/concept"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ids returns the IDs of ws.
func ids(ws []concept.Weighted) []concept.ID {
	out := make([]concept.ID, len(ws))
	for i, w := range ws {
		out[i] = w.ID
	}
	return out
}

// crossLanguage lists phrasings a cluster might write of one capability,
// and the concept all of them must reach. The phrasings are natural ones,
// not copies of the labels; sr is given in Cyrillic and in Latin script.
var crossLanguage = []struct {
	topic string
	want  concept.ID
	by    map[string]string // language tag -> phrase
	miss  map[string]string // language tag -> why that phrasing misses today
}{
	{"fruit processing", "eurovoc:1115", map[string]string{ // fruit
		"en": "fruit processing", "de": "Obstverarbeitung", "fr": "transformation des fruits",
		"it": "lavorazione della frutta", "es": "procesamiento de frutas", "pl": "przetwórstwo owoców",
		"sr-Cyrl": "прерада воћа", "sr-Latn": "prerada voća",
	}, nil},
	{"food processing", "eurovoc:4498", map[string]string{
		"en": "food processing", "de": "Verarbeitung von Lebensmitteln", "fr": "transformation alimentaire",
		"it": "trasformazione alimentare", "es": "transformación alimentaria", "pl": "przetwórstwo spożywcze",
		"sr-Cyrl": "прерада хране", "sr-Latn": "prerada hrane",
	}, nil},
	{"food packaging", "eurovoc:720", map[string]string{ // packaging
		"en": "food packaging", "de": "Lebensmittelverpackung", "fr": "emballage alimentaire",
		"it": "imballaggio alimentare", "es": "envasado de alimentos", "pl": "pakowanie żywności",
		"sr-Cyrl": "паковање хране", "sr-Latn": "pakovanje hrane",
	}, nil},
	{"renewable energy", "eurovoc:754", map[string]string{
		"en": "renewable energies", "de": "erneuerbare Energien", "fr": "énergies renouvelables",
		"it": "energie rinnovabili", "es": "energías renovables", "pl": "energia odnawialna",
		"sr-Cyrl": "обновљиви извори енергије", "sr-Latn": "obnovljiva energija",
	}, nil},
	{"textile industry", "eurovoc:1418", map[string]string{
		"en": "textile industry", "de": "Textilindustrie", "fr": "industrie textile",
		"it": "industria tessile", "es": "industria textil", "pl": "przemysł włókienniczy",
		"sr-Cyrl": "текстилна индустрија", "sr-Latn": "tekstilna industrija",
	}, nil},
	{"medical devices", "cpv:33100000", map[string]string{ // medical equipments
		"en": "medical equipment", "de": "medizinische Geräte", "fr": "équipements médicaux",
		"it": "apparecchiature mediche", "es": "equipos médicos", "pl": "urządzenia medyczne",
		"sr-Cyrl": "медицинска опрема", "sr-Latn": "medicinska oprema",
	}, map[string]string{
		"es":      `the label is "Equipamiento médico": equip- and equipamient- are different stems`,
		"sr-Cyrl": `CPV has no Serbian; the Croatian label says "naprave", Serbian "oprema"`,
		"sr-Latn": `CPV has no Serbian; the Croatian label says "naprave", Serbian "oprema"`,
	}},
	{"software", "eurovoc:1696", map[string]string{
		"en": "software development", "de": "Softwareentwicklung", "fr": "développement de logiciels",
		"it": "sviluppo software", "es": "desarrollo de software", "pl": "tworzenie oprogramowania",
		"sr-Cyrl": "развој софтвера", "sr-Latn": "razvoj softvera",
	}, nil},
	{"information technology", "eurovoc:5188", map[string]string{
		"en": "information technology", "de": "Informationstechnologie", "fr": "technologies de l'information",
		"it": "tecnologia dell'informazione", "es": "tecnologías de la información", "pl": "technologia informacyjna",
		"sr-Cyrl": "информационе технологије", "sr-Latn": "informacione tehnologije",
	}, nil},
	{"tourism", "eurovoc:4470", map[string]string{
		"en": "rural tourism", "de": "ländlicher Tourismus", "fr": "tourisme rural",
		"it": "turismo rurale", "es": "turismo rural", "pl": "turystyka wiejska",
		"sr-Cyrl": "сеоски туризам", "sr-Latn": "seoski turizam",
	}, nil},
	{"transport services", "cpv:60000000", map[string]string{
		"en": "transport services", "de": "Transportdienstleistungen", "fr": "services de transport",
		"it": "servizi di trasporto", "es": "servicios de transporte", "pl": "usługi transportowe",
		"sr-Cyrl": "услуге превоза", "sr-Latn": "prevozne usluge",
	}, map[string]string{
		"de": `the label is "Transport- und Beförderungsdienstleistungen": Beförderung carries over a quarter of its weight`,
	}},
	{"furniture industry", "eurovoc:1393", map[string]string{
		"en": "furniture industry", "de": "Möbelindustrie", "fr": "industrie du meuble",
		"it": "industria del mobile", "es": "industria del mueble", "pl": "przemysł meblarski",
		"sr-Cyrl": "индустрија намештаја", "sr-Latn": "industrija nameštaja",
	}, nil},
}

func TestConceptsCrossLanguage(t *testing.T) {
	tab := concept.Default()
	for _, tt := range crossLanguage {
		require.True(t, tab.Has(tt.want), "table lacks %s", tt.want)
		langs := make([]string, 0, len(tt.by))
		for l := range tt.by {
			langs = append(langs, l)
		}
		slices.Sort(langs)
		for _, lang := range langs {
			text := tt.by[lang]
			t.Run(tt.topic+"/"+lang, func(t *testing.T) {
				if why, ok := tt.miss[lang]; ok {
					t.Skipf("known miss of %s for %q: %s", tt.want, text, why)
				}
				got := ids(tab.Concepts(lang, text))
				assert.Contains(t, got, tt.want, "Concepts(%q, %q)", lang, text)
			})
		}
	}
}

func TestConceptsGermanCompounds(t *testing.T) {
	tests := []struct {
		name, text string
		want       concept.ID
	}{
		{"compound reaches its modifier", "Wir suchen Obstverarbeitung.", "eurovoc:1115"},          // fruit
		{"phrase reaches a compound label", "Verarbeitung von Lebensmitteln", "eurovoc:4498"},      // food processing
		{"compound reaches a compound label", "Lebensmittelverarbeitungsbetriebe", "eurovoc:4498"}, // food processing
		{"linking s", "Textilindustrieverband", "eurovoc:1418"},                                    // textile industry
		{"linking e and plural", "Energieerzeugung aus erneuerbaren Energien", "eurovoc:754"},      // renewable energy
		{"compound of a compound label", "Möbelindustriecluster", "eurovoc:1393"},                  // furniture industry
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, ids(concept.Concepts("de", tt.text)), tt.want, "Concepts(de, %q)", tt.text)
		})
	}
}

// TestConceptsSerbianViaCroatian checks concepts that only CPV or NACE
// know, and so have no Serbian label.
func TestConceptsSerbianViaCroatian(t *testing.T) {
	tests := []struct {
		name, text string
		want       concept.ID
	}{
		{"ekavian furniture, Cyrillic", "производња намештаја", "nace:31"}, // hr Proizvodnja namještaja
		{"ekavian furniture, Latin", "proizvodnja nameštaja", "nace:31"},   // the same in Latin script
		{"ekavian dairy", "производња млечних производа", "nace:10.5"},     // hr Proizvodnja mliječnih proizvoda
		{"ijekavian text meets the label as written", "proizvodnja mliječnih proizvoda", "nace:10.5"},
		{"ekavian fruit and vegetables", "прерада и конзервисање воћа и поврћа", "nace:10.3"}, // hr Prerada i konzerviranje voća i povrća
		{"Croatian word replaced", "хемијски производи", "cpv:24000000"},                      // hr Kemijski proizvodi
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, ids(concept.Concepts("sr", tt.text)), tt.want, "Concepts(sr, %q)", tt.text)
		})
	}
}

func TestConceptsRarityWeighting(t *testing.T) {
	got := concept.Concepts("en", "fruit processing")
	weight := map[concept.ID]float64{}
	for _, w := range got {
		weight[w.ID] = w.Weight
	}
	// cpv:15332100 "Processed fruit" holds both terms, eurovoc:1115
	// "fruit" the rare one; "processing" alone is not a concept here.
	require.Contains(t, weight, concept.ID("cpv:15332100"), "Concepts(en, fruit processing) = %v", got)
	require.Contains(t, weight, concept.ID("eurovoc:1115"), "Concepts(en, fruit processing) = %v", got)
	assert.Greater(t, weight["cpv:15332100"], weight["eurovoc:1115"], "the full match outweighs the partial one")

	tab := readTable(t, "x:fruit\tfruit\nx:proc\tprocessing\nx:fp\tfruit processing\nx:pp\tprocessing plant\nx:pw\tprocessing of wood\n")
	w := map[concept.ID]float64{}
	for _, c := range tab.Concepts("en", "fruit processing") {
		w[c.ID] = c.Weight
	}
	// "processing" is in 4 of 5 labels, "fruit" in 2: fruit weighs more.
	assert.Greater(t, w["x:fruit"], w["x:proc"], "rare fruit outweighs common processing: %v", w)
	assert.Greater(t, w["x:fp"], w["x:fruit"], "both terms outweigh one: %v", w)
	assert.NotContains(t, w, concept.ID("x:pp"), "processing plant needs plant")
}

func TestConceptsBounds(t *testing.T) {
	long := strings.Repeat(profileText["en"]+" ", 50)
	got := concept.Concepts("en", long)
	assert.LessOrEqual(t, len(got), concept.MaxConcepts, "Concepts of a long text")
	assert.True(t, slices.IsSortedFunc(got, func(a, b concept.Weighted) int { return cmp.Compare(b.Weight, a.Weight) }),
		"Concepts sorted by weight: %v", got)
	for _, tt := range []struct{ lang, text string }{
		{"en", ""}, {"xx", "fruit processing"}, {"en", "the and of"}, {"ja", "果物加工"},
	} {
		assert.Empty(t, concept.Concepts(tt.lang, tt.text), "Concepts(%q, %q)", tt.lang, tt.text)
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		id         concept.ID
		lang, want string
		ok         bool
	}{
		{"eurovoc:1115", "de", "Obst", true},
		{"eurovoc:1115", "sr", "воће", true},
		{"eurovoc:1115", "sr-Latn", "воће", true},
		{"nace:31", "sr", "Proizvodnja namještaja", true},   // Croatian stands in
		{"nace:31", "ja", "Manufacture of furniture", true}, // English fallback
		{"cpv:15332100", "FR", "Fruits transformés", true},
		{"eurovoc:nope", "en", "", false},
	}
	for _, tt := range tests {
		got, ok := concept.Label(tt.id, tt.lang)
		assert.Equal(t, tt.ok, ok, "Label(%s, %s) ok", tt.id, tt.lang)
		assert.Equal(t, tt.want, got, "Label(%s, %s)", tt.id, tt.lang)
	}
}
