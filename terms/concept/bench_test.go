package concept_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"testing"

	"github.com/clustergo/partnermatch/terms/concept"
)

// profileText holds typical cluster profile texts (about 150-200 words).
var profileText = map[string]string{
	"en": `The Vojvodina Agro-Food Cluster brings together 48 companies, two faculties and a research institute working in fruit and vegetable processing, dairy production and food packaging. Our members produce frozen raspberries, dried plums, fruit juices, jams and organic cheese, and export to Germany, Austria and Russia.
We offer contract processing capacity, cold storage and logistics services for fresh produce, laboratory testing of food safety and quality, and training in HACCP and organic certification. Members run pilot lines for freeze drying and aseptic packaging.
We are looking for partners in packaging machinery and sustainable packaging materials, renewable energy for food plants (solar panels, biogas from fruit waste), software for traceability and information technology for the cold chain, and distributors in the retail trade of food products. We also seek research partners for joint projects on food technology, water saving irrigation and the reduction of food waste, and tourism partners for rural and wine tourism in the Fruška Gora region.`,
	"sr": `Кластер агро-хране Војводине окупља 48 предузећа, два факултета и један истраживачки институт који се баве прерадом воћа и поврћа, производњом млечних производа и паковањем хране. Наши чланови производе смрзнуте малине, суве шљиве, воћне сокове, џемове и органски сир и извозе у Немачку, Аустрију и Русију.
Нудимо капацитете за прераду по уговору, хладњаче и логистичке услуге за свеже производе, лабораторијско испитивање безбедности и квалитета хране и обуку за HACCP и органску сертификацију. Чланови имају пилот линије за лиофилизацију и асептично паковање.
Тражимо партнере за машине за паковање и одрживу амбалажу, обновљиву енергију за прехрамбене погоне (соларни панели, биогас из отпада од воћа), софтвер за следљивост и информационе технологије за хладни ланац, као и дистрибутере у трговини на мало прехрамбеним производима. Тражимо и истраживачке партнере за заједничке пројекте из прехрамбене технологије, наводњавања уз уштеду воде и смањења отпада од хране, као и партнере за сеоски и вински туризам у региону Фрушке горе.`,
	"de": `Das Cluster Ernährungswirtschaft Niedersachsen vereint 120 Unternehmen der Lebensmittelverarbeitung, Obstverarbeitung und Milchverarbeitung sowie Hersteller von Verpackungsmaschinen und Kühltechnik. Unsere Mitglieder produzieren Fruchtsäfte, Konfitüren, Käse und Tiefkühlkost und liefern in den Lebensmitteleinzelhandel in ganz Europa.
Wir bieten Verpackungstechnik, Lebensmittelsicherheit und Qualitätsprüfung im Labor, Logistikdienstleistungen und Kühllagerung sowie Weiterbildung zu Hygiene und Bio-Zertifizierung. Mehrere Mitglieder betreiben Anlagen zur Gefriertrocknung.
Wir suchen Partner für erneuerbare Energien in der Lebensmittelindustrie (Photovoltaik, Biogas aus Obstabfällen), Software für die Rückverfolgbarkeit und Informationstechnologie für die Kühlkette, Lieferanten von Obst und Gemüse aus Südosteuropa sowie Forschungspartner für gemeinsame Projekte zur Lebensmitteltechnologie, zur Bewässerung und zur Verringerung von Lebensmittelabfällen.`,
}

// BenchmarkDefault measures decoding the embedded table; it runs the
// decoder directly because Default decodes once per process.
func BenchmarkDefault(b *testing.B) {
	gz, err := os.ReadFile("data/concepts.txt.gz")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := concept.Read(zr); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstUse measures a language's first Concepts call on a fresh
// table, which analyses the labels that serve the language.
func BenchmarkFirstUse(b *testing.B) {
	benchFirst(b, []string{"en", "de", "sr"}, nil, func(tab *concept.Table, lang string) { tab.Concepts(lang, "x") })
}

// BenchmarkFirstPivot measures a language's first Pivot call on a fresh
// table: it builds the label index of the language and aligns the
// language's lexicon (for Serbian, the Croatian one too); the English
// index, shared by every language, is built before the timing.
func BenchmarkFirstPivot(b *testing.B) {
	benchFirst(b, []string{"de", "fr", "sr"},
		func(tab *concept.Table) { tab.Concepts("en", "x") },
		func(tab *concept.Table, lang string) { tab.Pivot(lang, "x") })
}

// benchFirst times use on a fresh table for each language, after
// prepare (if any) outside the timing.
func benchFirst(b *testing.B, langs []string, prepare func(*concept.Table), use func(*concept.Table, string)) {
	raw := rawTable(b)
	for _, lang := range langs {
		b.Run(lang, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				tab, err := concept.Read(bytes.NewReader(raw))
				if err != nil {
					b.Fatal(err)
				}
				if prepare != nil {
					prepare(tab)
				}
				b.StartTimer()
				use(tab, lang)
			}
		})
	}
}

// BenchmarkConcepts measures matching a typical profile text once the
// language's index is built.
func BenchmarkConcepts(b *testing.B) {
	tab := concept.Default()
	benchProfiles(b, "concepts", func(lang, text string) int { return len(tab.Concepts(lang, text)) })
}

// BenchmarkAnalyze measures the analysis of a typical profile text
// (terms and pivot terms) once the language's index and lexicon are
// built.
func BenchmarkAnalyze(b *testing.B) {
	benchProfiles(b, "terms", func(lang, text string) int { return len(concept.Analyze(lang, text)) })
}

// benchProfiles runs f on the profile text of each language, once
// outside the timing (to build the indexes), and reports the count f
// returns in unit.
func benchProfiles(b *testing.B, unit string, f func(lang, text string) int) {
	for _, lang := range []string{"en", "de", "sr"} {
		text := profileText[lang]
		f(lang, text)
		b.Run(lang, func(b *testing.B) {
			var n int
			for b.Loop() {
				n = f(lang, text)
			}
			b.ReportMetric(float64(n), unit)
		})
	}
}

func FuzzConcepts(f *testing.F) {
	for _, t := range profileText {
		f.Add("sr", t[:200])
	}
	f.Add("de", "Obstverarbeitungsmaschinenbauunternehmensberatung")
	f.Add("sr-Latn", "prerada voća ))(( ;;; ...")
	f.Add("xx", "\xff\xfe")
	f.Fuzz(func(t *testing.T, lang, text string) {
		got := concept.Concepts(lang, text)
		if len(got) > concept.MaxConcepts {
			t.Fatalf("Concepts(%q, %q) returned %d concepts", lang, text, len(got))
		}
		for i, c := range got {
			if !(c.Weight > 0) || c.Weight > 1e6 || (i > 0 && c.Weight > got[i-1].Weight) {
				t.Fatalf("Concepts(%q, %q)[%d] = %v: weights must be positive, finite and descending", lang, text, i, c)
			}
		}
	})
}

// rawTable returns the embedded table, decompressed.
func rawTable(b *testing.B) []byte {
	gz, err := os.ReadFile("data/concepts.txt.gz")
	if err != nil {
		b.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		b.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		b.Fatal(err)
	}
	return raw
}
