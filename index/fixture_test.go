package index_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
)

// fixture returns a dozen hand-written profiles in ten languages. Tests
// rely on their details; change them with care.
func fixture() []profile.Profile {
	return []profile.Profile{
		{
			ID: "ie-battery", Name: "Irish Battery Alliance", Country: "IE", Language: "en",
			Description: "Battery recycling and second-life batteries for electric vehicles.",
			Sectors:     []string{"C27.20"}, Industries: []string{"mobility-technologies", "environmental-industries"},
			Ecosystems: []string{"mobility-transport-automotive"}, Categories: []string{"automotive"},
			Technologies: []string{"battery management systems"}, Offers: []string{"battery recycling", "second-life storage"},
			Needs: []string{"lidar sensors", "autonomous driving software"}, TargetMarkets: []string{"US", "JP"},
			Kind: "cluster", Label: "gold", Members: 120, SMEs: 100, Founded: 2010,
		},
		{
			ID: "de-lidar", Name: "Sensorik Cluster Bayern", Country: "DE", Language: "de",
			Description: "Lidar-Sensoren und Batteriezellen für Elektrofahrzeuge.",
			Sectors:     []string{"C26.70"}, Industries: []string{"mobility-technologies", "digital-industries"},
			Ecosystems: []string{"electronics"}, Categories: []string{"communications-equipment-and-services"},
			Technologies: []string{"Lidar", "Photonik"}, Offers: []string{"Lidar-Sensoren"}, Needs: []string{"Batteriezellen"},
			TargetMarkets: []string{"US", "CN"}, Kind: "network", Label: "silver", Members: 60, SMEs: 50, Founded: 2005,
		},
		{
			ID: "fr-quebec", Name: "Pôle Québec Mobilité", Country: "FR", Language: "fr",
			Description: "Recyclage des batteries et véhicules électriques, en partenariat avec le Québec.",
			Sectors:     []string{"C29.10"}, Industries: []string{"mobility-technologies"},
			Ecosystems: []string{"mobility-transport-automotive"}, Categories: []string{"automotive"},
			Technologies: []string{"recyclage"}, Offers: []string{"recyclage des batteries"}, Needs: []string{"capteurs lidar"},
			TargetMarkets: []string{"CA"}, Kind: "cluster", Label: "bronze", Members: 80, SMEs: 70, Founded: 2012,
		},
		{
			ID: "it-food", Name: "Distretto Alimentare Emilia", Country: "IT", Language: "it",
			Description: "Trasformazione alimentare e imballaggi sostenibili per le batterie del gusto.",
			Sectors:     []string{"C10.1"}, Industries: []string{"advanced-packaging"},
			Ecosystems: []string{"agri-food"}, Categories: []string{"food-processing-and-manufacturing"},
			Technologies: []string{"imballaggi biodegradabili"}, Offers: []string{"imballaggi sostenibili"},
			Needs: []string{"logistica del freddo"}, TargetMarkets: []string{"US"},
			Kind: "company", Members: 30, SMEs: 30, Founded: 1998,
		},
		{
			ID: "es-solar", Name: "Clúster Solar Andalucía", Country: "ES", Language: "es",
			Description: "Energía solar fotovoltaica y baterías para vehículos eléctricos.",
			Sectors:     []string{"D35.11"}, Industries: []string{"environmental-industries"},
			Ecosystems: []string{"renewable-energy"}, Categories: []string{"electric-power-generation-and-transmission"},
			Technologies: []string{"fotovoltaica"}, Offers: []string{"energía solar"}, Needs: []string{"baterías"},
			TargetMarkets: []string{"MA"}, Kind: "research", Members: 45, SMEs: 20, Founded: 2015,
		},
		{
			ID: "pl-rail", Name: "Klaster Kolejowy", Country: "PL", Language: "pl",
			Description: "Pojazdy szynowe i recykling baterii.",
			Sectors:     []string{"C30.20"}, Industries: []string{"mobility-technologies", "logistical-services"},
			Ecosystems: []string{"mobility-transport-automotive"}, Categories: []string{"transportation-and-logistics"},
			Technologies: []string{"pojazdy szynowe"}, Offers: []string{"recykling baterii"}, Needs: []string{"czujniki lidar"},
			TargetMarkets: []string{"UA"}, Kind: "university", Members: 25, SMEs: 10, Founded: 2001,
		},
		{
			ID: "rs-cyr", Name: "Кластер Београд", Country: "RS", Language: "sr",
			Description: "Рециклажа батерија у Београду.",
			Sectors:     []string{"E38.32"}, Industries: []string{"environmental-industries"},
			Ecosystems: []string{"energy-intensive-industries"}, Categories: []string{"environmental-services"},
			Technologies: []string{"рециклажа"}, Offers: []string{"рециклажа батерија"}, Needs: []string{"лидар сензори"},
			TargetMarkets: []string{"US"}, Kind: "public", Members: 15, SMEs: 12, Founded: 2018,
		},
		{
			ID: "rs-lat", Name: "Klaster Novi Sad", Country: "RS", Language: "sr",
			Description: "Softver i digitalne usluge u Novom Sadu.",
			Sectors:     []string{"J62.01"}, Industries: []string{"digital-industries"},
			Ecosystems: []string{"digital"}, Categories: []string{"information-technology-and-analytical-instruments"},
			Technologies: []string{"softver"}, Offers: []string{"razvoj softvera"}, Needs: []string{"baterije"},
			TargetMarkets: []string{"US"}, Kind: "other", Members: 40, SMEs: 35, Founded: 2016,
		},
		{
			ID: "ch-medtech", Name: "Swiss Medtech", Country: "CH", Language: "en",
			Description: "Medical devices and lidar imaging.",
			Sectors:     []string{"C32.50"}, Industries: []string{"medical-devices"},
			Ecosystems: []string{"health"}, Categories: []string{"medical-devices"},
			Technologies: []string{"lidar"}, Offers: []string{"medical imaging"}, Needs: []string{"battery cells"},
			TargetMarkets: []string{"US", "JP"}, Kind: "cluster", Label: "gold", Members: 200, SMEs: 150, Founded: 1995,
		},
		{
			ID: "cz-glass", Name: "Sklářský klastr", Country: "CZ", Language: "cs",
			Description: "Výroba skla a recyklace baterií v Brně.",
			Sectors:     []string{"C23.1"}, Industries: []string{"creative-industries"},
			Ecosystems: []string{"energy-intensive-industries"}, Categories: []string{"vulcanized-and-fired-materials"},
			Technologies: []string{"sklo"}, Offers: []string{"recyklace skla"}, Needs: []string{"baterie"},
			TargetMarkets: []string{"US"}, Kind: "cluster",
		},
		{
			ID: "hr-maritime", Name: "Pomorski klaster", Country: "HR", Language: "hr",
			Description: "Brodogradnja i recikliranje baterija.",
			Sectors:     []string{"C30.11"}, Industries: []string{"blue-growth"},
			Ecosystems: []string{"mobility-transport-automotive"}, Categories: []string{"water-transportation"},
			Technologies: []string{"brodogradnja"}, Offers: []string{"brodogradnja"}, Needs: []string{"baterije"},
			TargetMarkets: []string{"NO"}, Kind: "cluster",
		},
		{
			ID: "si-water", Name: "Vodni grozd", Country: "SI", Language: "sl",
			Description: "Čistilna tehnologija za vodo.",
			Sectors:     []string{"E37"}, Industries: []string{"environmental-industries"},
			Ecosystems: []string{"construction"}, Categories: []string{"environmental-services"},
			Technologies: []string{"čistilne naprave"}, Offers: []string{"čistilna tehnologija"}, Needs: []string{"senzorji"},
			TargetMarkets: []string{"MA"}, Kind: "cluster",
		},
	}
}

// fixtureIDs returns the ids of the fixture profiles for which keep is
// true, sorted.
func fixtureIDs(keep func(p profile.Profile) bool) []string {
	var out []string
	for _, p := range fixture() {
		if keep(p) {
			out = append(out, p.ID)
		}
	}
	slices.Sort(out)
	return out
}

// openFixture opens an index at path ("" for memory) holding the
// fixture, closed when the test ends.
func openFixture(t testing.TB, path string) *index.Index {
	t.Helper()
	x, err := index.Open(path, index.Options{})
	require.NoError(t, err, "Open(%q)", path)
	t.Cleanup(func() { x.Close() })
	require.NoError(t, x.Upsert(context.Background(), fixture()...), "Upsert(fixture)")
	return x
}

// searchIDs returns the ids of all hits of req, sorted.
func searchIDs(t testing.TB, x *index.Index, req index.SearchRequest) []string {
	t.Helper()
	req.Size = 1000
	res, err := x.Search(context.Background(), req)
	require.NoError(t, err, "Search(%+v)", req)
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

// candidateIDs returns the ids of the candidates, sorted.
func candidateIDs(cs []index.Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	slices.Sort(out)
	return out
}
