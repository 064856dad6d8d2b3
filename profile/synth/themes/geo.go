package themes

import (
	"sync"

	"github.com/clustergo/partnermatch/profile"
)

// A place is where an organisation sits: a NUTS code (empty where the
// country has none), a city, and the name used in organisation names.
type place struct{ region, city, name string }

type countryData struct {
	code   string
	weight float64 // relative share of cluster organisations
	places []place
}

// countryTable weights the big EU cluster countries most, covers every EU
// member state and the COSME participants, and adds three ineligible
// countries (NO, CH, GB: not EU or COSME in profile/data, so not
// ESCP-4i members) at about 4.5% of non-members, about 3% of all
// profiles once the eligible target members are counted.
var countryTable = []countryData{
	{"DE", 12, []place{{"DE11", "Stuttgart", "Swabia"}, {"DE21", "Munich", "Bavaria"}, {"DEA2", "Cologne", "Rhineland"}, {"DE60", "Hamburg", "Hamburg"}, {"DED2", "Dresden", "Saxony"}, {"DE30", "Berlin", "Berlin"}}},
	{"FR", 11, []place{{"FR10", "Paris", "Paris Region"}, {"FRK2", "Lyon", "Rhône-Alpes"}, {"FRJ2", "Toulouse", "Occitania"}, {"FRI1", "Bordeaux", "Aquitaine"}, {"FRE1", "Lille", "Hauts-de-France"}}},
	{"ES", 10, []place{{"ES51", "Barcelona", "Catalonia"}, {"ES30", "Madrid", "Madrid"}, {"ES21", "Bilbao", "Basque Country"}, {"ES52", "Valencia", "Valencia"}, {"ES61", "Seville", "Andalusia"}}},
	{"IT", 9, []place{{"ITC4", "Milan", "Lombardy"}, {"ITC1", "Turin", "Piedmont"}, {"ITH5", "Bologna", "Emilia-Romagna"}, {"ITH3", "Padua", "Veneto"}, {"ITI1", "Florence", "Tuscany"}}},
	{"PL", 6, []place{{"PL91", "Warsaw", "Masovia"}, {"PL21", "Kraków", "Lesser Poland"}, {"PL22", "Katowice", "Silesia"}, {"PL51", "Wrocław", "Lower Silesia"}}},
	{"NL", 4, []place{{"NL33", "Rotterdam", "South Holland"}, {"NL41", "Eindhoven", "Brabant"}, {"NL11", "Groningen", "Groningen"}, {"NL22", "Arnhem", "Gelderland"}}},
	{"BE", 4, []place{{"BE21", "Antwerp", "Antwerp"}, {"BE23", "Ghent", "East Flanders"}, {"BE33", "Liège", "Wallonia"}, {"BE10", "Brussels", "Brussels"}}},
	{"AT", 4, []place{{"AT22", "Graz", "Styria"}, {"AT31", "Linz", "Upper Austria"}, {"AT13", "Vienna", "Vienna"}}},
	{"SE", 3.5, []place{{"SE11", "Stockholm", "Stockholm"}, {"SE23", "Gothenburg", "West Sweden"}, {"SE22", "Malmö", "Skåne"}}},
	{"DK", 3, []place{{"DK01", "Copenhagen", "Copenhagen"}, {"DK04", "Aarhus", "Central Denmark"}}},
	{"FI", 3, []place{{"FI1B", "Helsinki", "Uusimaa"}, {"FI19", "Tampere", "Pirkanmaa"}}},
	{"CZ", 3, []place{{"CZ01", "Prague", "Prague"}, {"CZ06", "Brno", "South Moravia"}, {"CZ08", "Ostrava", "Moravia-Silesia"}}},
	{"PT", 3, []place{{"PT11", "Porto", "Northern Portugal"}, {"PT17", "Lisbon", "Lisbon"}, {"PT16", "Coimbra", "Centro"}}},
	{"RO", 2.5, []place{{"RO32", "Bucharest", "Bucharest"}, {"RO11", "Cluj-Napoca", "Cluj"}}},
	{"HU", 2.5, []place{{"HU11", "Budapest", "Budapest"}, {"HU32", "Debrecen", "Northern Great Plain"}}},
	{"GR", 2.5, []place{{"EL30", "Athens", "Attica"}, {"EL52", "Thessaloniki", "Central Macedonia"}}},
	{"IE", 1.5, []place{{"IE06", "Dublin", "Dublin"}, {"IE05", "Cork", "Munster"}}},
	{"SK", 1.5, []place{{"SK01", "Bratislava", "Bratislava"}, {"SK04", "Košice", "Eastern Slovakia"}}},
	{"SI", 1.5, []place{{"SI04", "Ljubljana", "Ljubljana"}, {"SI03", "Maribor", "Drava"}}},
	{"BG", 1.5, []place{{"BG41", "Sofia", "Sofia"}, {"BG42", "Plovdiv", "Thrace"}}},
	{"HR", 1.2, []place{{"HR04", "Zagreb", "Zagreb"}, {"HR03", "Split", "Dalmatia"}}},
	{"LT", 1.2, []place{{"LT01", "Vilnius", "Vilnius"}, {"LT02", "Kaunas", "Kaunas"}}},
	{"LV", 1, []place{{"LV00", "Riga", "Riga"}}},
	{"EE", 1, []place{{"EE00", "Tallinn", "Tallinn"}, {"EE00", "Tartu", "Tartu"}}},
	{"LU", 0.6, []place{{"LU00", "Luxembourg", "Luxembourg"}}},
	{"CY", 0.5, []place{{"CY00", "Nicosia", "Nicosia"}}},
	{"MT", 0.4, []place{{"MT00", "Valletta", "Malta"}}},
	// COSME participants (eligible ESCP-4i members)
	{"TR", 1.5, []place{{"TR10", "Istanbul", "Istanbul"}, {"TR51", "Ankara", "Ankara"}, {"TR31", "Izmir", "Aegean"}}},
	{"RS", 0.8, []place{{"RS11", "Belgrade", "Belgrade"}, {"RS12", "Novi Sad", "Vojvodina"}}},
	{"UA", 0.8, []place{{"", "Kyiv", "Kyiv"}, {"", "Lviv", "Lviv"}, {"", "Kharkiv", "Kharkiv"}}},
	{"IS", 0.3, []place{{"IS00", "Reykjavík", "Reykjavík"}}},
	{"MK", 0.3, []place{{"MK00", "Skopje", "Skopje"}}},
	{"BA", 0.3, []place{{"", "Sarajevo", "Sarajevo"}}},
	{"ME", 0.2, []place{{"ME00", "Podgorica", "Montenegro"}}},
	{"AL", 0.2, []place{{"AL02", "Tirana", "Tirana"}}},
	{"MD", 0.2, []place{{"", "Chișinău", "Chișinău"}}},
	{"AM", 0.2, []place{{"", "Yerevan", "Yerevan"}}},
	{"XK", 0.1, []place{{"", "Pristina", "Pristina"}}},
	// not eligible under profile.ESCP4i()
	{"NO", 1.7, []place{{"NO08", "Oslo", "Oslo"}, {"NO0A", "Bergen", "Western Norway"}}},
	{"CH", 1.6, []place{{"CH04", "Zurich", "Zurich"}, {"CH01", "Geneva", "Lake Geneva"}}},
	{"GB", 1.4, []place{{"UKI", "London", "London"}, {"UKM", "Edinburgh", "Scotland"}, {"UKD", "Manchester", "North West England"}}},
}

// marketTable is the set of third-country target markets, weighted by how
// often European cluster partnerships aim at them. None is an EU or COSME
// country, so all are ESCP-4i markets.
var marketTable = []struct {
	code   string
	weight float64
}{
	{"US", 16}, {"CN", 12}, {"JP", 10}, {"IN", 8}, {"KR", 6}, {"CA", 6}, {"BR", 5}, {"SG", 5},
	{"AE", 5}, {"MX", 4}, {"AU", 4}, {"ZA", 3}, {"MA", 3}, {"VN", 2}, {"CL", 2},
}

// geography holds the draw tables of countryTable and marketTable.
type geography struct {
	all         table // over countryTable
	eligible    table // over the ESCP-4i eligible countries only
	eligibleIdx []int // eligible draw -> countryTable index
	markets     table // over marketTable
	names       map[string]string
}

var geo = sync.OnceValue(func() *geography {
	g := &geography{names: map[string]string{}}
	rules := profile.ESCP4i()
	var all, elig []float64
	for i, c := range countryTable {
		all = append(all, c.weight)
		if rules.EligibleMember(c.code) {
			elig = append(elig, c.weight)
			g.eligibleIdx = append(g.eligibleIdx, i)
		}
		g.names[c.code] = countryName(c.code)
	}
	var mw []float64
	for _, m := range marketTable {
		mw = append(mw, m.weight)
		g.names[m.code] = countryName(m.code)
	}
	g.all, g.eligible, g.markets = newTable(all), newTable(elig), newTable(mw)
	return g
})

// countryName is the English short name of the profile package, with the
// few official names that read badly in a sentence shortened.
func countryName(code string) string {
	switch code {
	case "MK":
		return "North Macedonia"
	case "US":
		return "the United States"
	case "AE":
		return "the United Arab Emirates"
	case "NL":
		return "the Netherlands"
	case "CZ":
		return "Czechia"
	case "GB":
		return "the United Kingdom"
	}
	c, _ := profile.LookupCountry(code)
	return c.Name
}
