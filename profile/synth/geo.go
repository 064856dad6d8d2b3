package synth

// A country of the synthetic world: its share of profiles, the language
// its organisations may write in besides English, and its cities.
type country struct {
	Code   string  // ISO alpha-2
	Weight float64 // relative share of profiles (percent, roughly Europe's cluster landscape)
	Lang   string  // local language of descriptions; "" = English only
	Local  float64 // base chance of a local-language description, before scaling to Config.NonEnglish
	Legal  string  // company legal form
	Cities []city
}

// A city with its NUTS-2 region (NUTS 2016; "" where NUTS does not reach).
type city struct {
	Name   string // local name in Latin script, as in Profile.City
	EN     string // English name, if different
	NUTS   string // NUTS-2 code with the EU prefix (EL, UK), "" if none
	Region string // English region name, used in organisation names
	Lang   string // local language when it differs from the country's (BE, CH)
	Cyr    string // Serbian: Cyrillic name
	Case   string // Serbian: Cyrillic genitive (из Београда); Polish: locative (w Krakowie)
}

func (c *city) english() string {
	if c.EN != "" {
		return c.EN
	}
	return c.Name
}

// countries lists the countries of the synthetic world. EU members and
// COSME participants (eligible for ESCP-4i) come first, then a few percent
// of ineligible ones so that eligibility filters matter.
var countries = []country{
	{Code: "DE", Weight: 13, Lang: "de", Local: 0.4, Legal: "GmbH", Cities: []city{
		{Name: "München", EN: "Munich", NUTS: "DE21", Region: "Bavaria"},
		{Name: "Nürnberg", EN: "Nuremberg", NUTS: "DE25", Region: "Bavaria"},
		{Name: "Stuttgart", NUTS: "DE11", Region: "Baden-Württemberg"},
		{Name: "Karlsruhe", NUTS: "DE12", Region: "Baden-Württemberg"},
		{Name: "Berlin", NUTS: "DE30", Region: "Berlin"},
		{Name: "Hamburg", NUTS: "DE60", Region: "Hamburg"},
		{Name: "Bremen", NUTS: "DE50", Region: "Bremen"},
		{Name: "Köln", EN: "Cologne", NUTS: "DEA2", Region: "North Rhine-Westphalia"},
		{Name: "Düsseldorf", NUTS: "DEA1", Region: "North Rhine-Westphalia"},
		{Name: "Dortmund", NUTS: "DEA5", Region: "North Rhine-Westphalia"},
		{Name: "Aachen", NUTS: "DEA2", Region: "North Rhine-Westphalia"},
		{Name: "Frankfurt am Main", EN: "Frankfurt", NUTS: "DE71", Region: "Hesse"},
		{Name: "Darmstadt", NUTS: "DE71", Region: "Hesse"},
		{Name: "Hannover", EN: "Hanover", NUTS: "DE92", Region: "Lower Saxony"},
		{Name: "Braunschweig", NUTS: "DE91", Region: "Lower Saxony"},
		{Name: "Dresden", NUTS: "DED2", Region: "Saxony"},
		{Name: "Leipzig", NUTS: "DED5", Region: "Saxony"},
		{Name: "Jena", NUTS: "DEG0", Region: "Thuringia"},
		{Name: "Magdeburg", NUTS: "DEE0", Region: "Saxony-Anhalt"},
		{Name: "Kiel", NUTS: "DEF0", Region: "Schleswig-Holstein"},
		{Name: "Rostock", NUTS: "DE80", Region: "Mecklenburg-Vorpommern"},
		{Name: "Potsdam", NUTS: "DE40", Region: "Brandenburg"},
		{Name: "Mainz", NUTS: "DEB3", Region: "Rhineland-Palatinate"},
		{Name: "Saarbrücken", NUTS: "DEC0", Region: "Saarland"},
	}},
	{Code: "FR", Weight: 11, Lang: "fr", Local: 0.45, Legal: "SAS", Cities: []city{
		{Name: "Paris", NUTS: "FR10", Region: "Île-de-France"},
		{Name: "Lyon", NUTS: "FRK2", Region: "Auvergne-Rhône-Alpes"},
		{Name: "Grenoble", NUTS: "FRK2", Region: "Auvergne-Rhône-Alpes"},
		{Name: "Clermont-Ferrand", NUTS: "FRK1", Region: "Auvergne-Rhône-Alpes"},
		{Name: "Toulouse", NUTS: "FRJ2", Region: "Occitanie"},
		{Name: "Montpellier", NUTS: "FRJ1", Region: "Occitanie"},
		{Name: "Marseille", NUTS: "FRL0", Region: "Provence-Alpes-Côte d'Azur"},
		{Name: "Nice", NUTS: "FRL0", Region: "Provence-Alpes-Côte d'Azur"},
		{Name: "Bordeaux", NUTS: "FRI1", Region: "Nouvelle-Aquitaine"},
		{Name: "Nantes", NUTS: "FRG0", Region: "Pays de la Loire"},
		{Name: "Rennes", NUTS: "FRH0", Region: "Brittany"},
		{Name: "Brest", NUTS: "FRH0", Region: "Brittany"},
		{Name: "Lille", NUTS: "FRE1", Region: "Hauts-de-France"},
		{Name: "Strasbourg", NUTS: "FRF1", Region: "Grand Est"},
		{Name: "Nancy", NUTS: "FRF3", Region: "Grand Est"},
		{Name: "Rouen", NUTS: "FRD2", Region: "Normandy"},
		{Name: "Dijon", NUTS: "FRC1", Region: "Bourgogne-Franche-Comté"},
		{Name: "Orléans", NUTS: "FRB0", Region: "Centre-Val de Loire"},
	}},
	{Code: "ES", Weight: 10, Lang: "es", Local: 0.4, Legal: "S.L.", Cities: []city{
		{Name: "Madrid", NUTS: "ES30", Region: "Madrid"},
		{Name: "Barcelona", NUTS: "ES51", Region: "Catalonia"},
		{Name: "Tarragona", NUTS: "ES51", Region: "Catalonia"},
		{Name: "Valencia", NUTS: "ES52", Region: "Valencia"},
		{Name: "Alicante", NUTS: "ES52", Region: "Valencia"},
		{Name: "Bilbao", NUTS: "ES21", Region: "Basque Country"},
		{Name: "San Sebastián", NUTS: "ES21", Region: "Basque Country"},
		{Name: "Pamplona", NUTS: "ES22", Region: "Navarre"},
		{Name: "Zaragoza", NUTS: "ES24", Region: "Aragon"},
		{Name: "Sevilla", EN: "Seville", NUTS: "ES61", Region: "Andalusia"},
		{Name: "Málaga", NUTS: "ES61", Region: "Andalusia"},
		{Name: "Vigo", NUTS: "ES11", Region: "Galicia"},
		{Name: "A Coruña", NUTS: "ES11", Region: "Galicia"},
		{Name: "Oviedo", NUTS: "ES12", Region: "Asturias"},
		{Name: "Santander", NUTS: "ES13", Region: "Cantabria"},
		{Name: "Valladolid", NUTS: "ES41", Region: "Castile and León"},
		{Name: "Murcia", NUTS: "ES62", Region: "Murcia"},
		{Name: "Las Palmas de Gran Canaria", EN: "Las Palmas", NUTS: "ES70", Region: "Canary Islands"},
		{Name: "Palma", NUTS: "ES53", Region: "Balearic Islands"},
	}},
	{Code: "IT", Weight: 9.5, Lang: "it", Local: 0.4, Legal: "S.r.l.", Cities: []city{
		{Name: "Milano", EN: "Milan", NUTS: "ITC4", Region: "Lombardy"},
		{Name: "Bergamo", NUTS: "ITC4", Region: "Lombardy"},
		{Name: "Torino", EN: "Turin", NUTS: "ITC1", Region: "Piedmont"},
		{Name: "Genova", EN: "Genoa", NUTS: "ITC3", Region: "Liguria"},
		{Name: "Bologna", NUTS: "ITH5", Region: "Emilia-Romagna"},
		{Name: "Modena", NUTS: "ITH5", Region: "Emilia-Romagna"},
		{Name: "Venezia", EN: "Venice", NUTS: "ITH3", Region: "Veneto"},
		{Name: "Padova", EN: "Padua", NUTS: "ITH3", Region: "Veneto"},
		{Name: "Trieste", NUTS: "ITH4", Region: "Friuli-Venezia Giulia"},
		{Name: "Trento", NUTS: "ITH2", Region: "Trentino"},
		{Name: "Firenze", EN: "Florence", NUTS: "ITI1", Region: "Tuscany"},
		{Name: "Pisa", NUTS: "ITI1", Region: "Tuscany"},
		{Name: "Roma", EN: "Rome", NUTS: "ITI4", Region: "Lazio"},
		{Name: "Ancona", NUTS: "ITI3", Region: "Marche"},
		{Name: "Napoli", EN: "Naples", NUTS: "ITF3", Region: "Campania"},
		{Name: "Bari", NUTS: "ITF4", Region: "Apulia"},
		{Name: "Palermo", NUTS: "ITG1", Region: "Sicily"},
		{Name: "Catania", NUTS: "ITG1", Region: "Sicily"},
		{Name: "Cagliari", NUTS: "ITG2", Region: "Sardinia"},
	}},
	{Code: "PL", Weight: 5, Lang: "pl", Local: 0.45, Legal: "sp. z o.o.", Cities: []city{
		{Name: "Warszawa", EN: "Warsaw", NUTS: "PL91", Region: "Masovia", Case: "Warszawie"},
		{Name: "Kraków", EN: "Krakow", NUTS: "PL21", Region: "Lesser Poland", Case: "Krakowie"},
		{Name: "Katowice", NUTS: "PL22", Region: "Silesia", Case: "Katowicach"},
		{Name: "Gliwice", NUTS: "PL22", Region: "Silesia", Case: "Gliwicach"},
		{Name: "Poznań", NUTS: "PL41", Region: "Greater Poland", Case: "Poznaniu"},
		{Name: "Szczecin", NUTS: "PL42", Region: "West Pomerania", Case: "Szczecinie"},
		{Name: "Wrocław", NUTS: "PL51", Region: "Lower Silesia", Case: "Wrocławiu"},
		{Name: "Gdańsk", NUTS: "PL63", Region: "Pomerania", Case: "Gdańsku"},
		{Name: "Gdynia", NUTS: "PL63", Region: "Pomerania", Case: "Gdyni"},
		{Name: "Bydgoszcz", NUTS: "PL61", Region: "Kuyavia-Pomerania", Case: "Bydgoszczy"},
		{Name: "Łódź", EN: "Lodz", NUTS: "PL71", Region: "Lodz Province", Case: "Łodzi"},
		{Name: "Rzeszów", NUTS: "PL82", Region: "Subcarpathia", Case: "Rzeszowie"},
		{Name: "Lublin", NUTS: "PL81", Region: "Lublin Province", Case: "Lublinie"},
	}},
	{Code: "NL", Weight: 3.5, Legal: "B.V.", Cities: []city{
		{Name: "Amsterdam", NUTS: "NL32", Region: "North Holland"},
		{Name: "Rotterdam", NUTS: "NL33", Region: "South Holland"},
		{Name: "Den Haag", EN: "The Hague", NUTS: "NL33", Region: "South Holland"},
		{Name: "Delft", NUTS: "NL33", Region: "South Holland"},
		{Name: "Utrecht", NUTS: "NL31", Region: "Utrecht"},
		{Name: "Eindhoven", NUTS: "NL41", Region: "North Brabant"},
		{Name: "Groningen", NUTS: "NL11", Region: "Groningen"},
		{Name: "Enschede", NUTS: "NL21", Region: "Overijssel"},
		{Name: "Wageningen", NUTS: "NL22", Region: "Gelderland"},
		{Name: "Maastricht", NUTS: "NL42", Region: "Limburg"},
	}},
	{Code: "BE", Weight: 3.3, Legal: "NV", Cities: []city{
		{Name: "Bruxelles", EN: "Brussels", NUTS: "BE10", Region: "Brussels", Lang: "fr"},
		{Name: "Antwerpen", EN: "Antwerp", NUTS: "BE21", Region: "Flanders"},
		{Name: "Gent", EN: "Ghent", NUTS: "BE23", Region: "Flanders"},
		{Name: "Leuven", NUTS: "BE24", Region: "Flanders"},
		{Name: "Liège", NUTS: "BE33", Region: "Wallonia", Lang: "fr"},
		{Name: "Charleroi", NUTS: "BE32", Region: "Wallonia", Lang: "fr"},
		{Name: "Namur", NUTS: "BE35", Region: "Wallonia", Lang: "fr"},
		{Name: "Mons", NUTS: "BE32", Region: "Wallonia", Lang: "fr"},
	}},
	{Code: "AT", Weight: 3.3, Lang: "de", Local: 0.4, Legal: "GmbH", Cities: []city{
		{Name: "Wien", EN: "Vienna", NUTS: "AT13", Region: "Vienna"},
		{Name: "Linz", NUTS: "AT31", Region: "Upper Austria"},
		{Name: "Graz", NUTS: "AT22", Region: "Styria"},
		{Name: "Salzburg", NUTS: "AT32", Region: "Salzburg"},
		{Name: "Innsbruck", NUTS: "AT33", Region: "Tyrol"},
		{Name: "Klagenfurt", NUTS: "AT21", Region: "Carinthia"},
		{Name: "St. Pölten", NUTS: "AT12", Region: "Lower Austria"},
	}},
	{Code: "SE", Weight: 3, Legal: "AB", Cities: []city{
		{Name: "Stockholm", NUTS: "SE11", Region: "Stockholm"},
		{Name: "Göteborg", EN: "Gothenburg", NUTS: "SE23", Region: "West Sweden"},
		{Name: "Malmö", NUTS: "SE22", Region: "Skåne"},
		{Name: "Lund", NUTS: "SE22", Region: "Skåne"},
		{Name: "Uppsala", NUTS: "SE12", Region: "East Middle Sweden"},
		{Name: "Linköping", NUTS: "SE12", Region: "East Middle Sweden"},
		{Name: "Umeå", NUTS: "SE33", Region: "Upper Norrland"},
	}},
	{Code: "DK", Weight: 2.5, Legal: "ApS", Cities: []city{
		{Name: "København", EN: "Copenhagen", NUTS: "DK01", Region: "Capital Region of Denmark"},
		{Name: "Aarhus", NUTS: "DK04", Region: "Central Denmark"},
		{Name: "Odense", NUTS: "DK03", Region: "Southern Denmark"},
		{Name: "Esbjerg", NUTS: "DK03", Region: "Southern Denmark"},
		{Name: "Aalborg", NUTS: "DK05", Region: "North Denmark"},
	}},
	{Code: "FI", Weight: 2.5, Legal: "Oy", Cities: []city{
		{Name: "Helsinki", NUTS: "FI1B", Region: "Helsinki-Uusimaa"},
		{Name: "Espoo", NUTS: "FI1B", Region: "Helsinki-Uusimaa"},
		{Name: "Tampere", NUTS: "FI19", Region: "Western Finland"},
		{Name: "Turku", NUTS: "FI1C", Region: "Southern Finland"},
		{Name: "Oulu", NUTS: "FI1D", Region: "Northern Finland"},
	}},
	{Code: "CZ", Weight: 2.5, Legal: "s.r.o.", Cities: []city{
		{Name: "Praha", EN: "Prague", NUTS: "CZ01", Region: "Prague"},
		{Name: "Brno", NUTS: "CZ06", Region: "South Moravia"},
		{Name: "Ostrava", NUTS: "CZ08", Region: "Moravia-Silesia"},
		{Name: "Plzeň", EN: "Pilsen", NUTS: "CZ03", Region: "Southwest Bohemia"},
		{Name: "Liberec", NUTS: "CZ05", Region: "Northeast Bohemia"},
		{Name: "Zlín", NUTS: "CZ07", Region: "Central Moravia"},
	}},
	{Code: "PT", Weight: 2.5, Legal: "Lda.", Cities: []city{
		{Name: "Lisboa", EN: "Lisbon", NUTS: "PT17", Region: "Lisbon"},
		{Name: "Porto", NUTS: "PT11", Region: "Norte"},
		{Name: "Braga", NUTS: "PT11", Region: "Norte"},
		{Name: "Aveiro", NUTS: "PT16", Region: "Centro"},
		{Name: "Coimbra", NUTS: "PT16", Region: "Centro"},
		{Name: "Faro", NUTS: "PT15", Region: "Algarve"},
		{Name: "Funchal", NUTS: "PT30", Region: "Madeira"},
	}},
	{Code: "HU", Weight: 1.5, Legal: "Kft.", Cities: []city{
		{Name: "Budapest", NUTS: "HU11", Region: "Budapest"},
		{Name: "Debrecen", NUTS: "HU32", Region: "Northern Great Plain"},
		{Name: "Szeged", NUTS: "HU33", Region: "Southern Great Plain"},
		{Name: "Győr", NUTS: "HU22", Region: "Western Transdanubia"},
		{Name: "Pécs", NUTS: "HU23", Region: "Southern Transdanubia"},
	}},
	{Code: "RO", Weight: 1.5, Legal: "S.R.L.", Cities: []city{
		{Name: "București", EN: "Bucharest", NUTS: "RO32", Region: "Bucharest-Ilfov"},
		{Name: "Cluj-Napoca", NUTS: "RO11", Region: "North-West Romania"},
		{Name: "Timișoara", NUTS: "RO42", Region: "West Romania"},
		{Name: "Iași", NUTS: "RO21", Region: "North-East Romania"},
		{Name: "Brașov", NUTS: "RO12", Region: "Centre Romania"},
		{Name: "Constanța", NUTS: "RO22", Region: "South-East Romania"},
	}},
	{Code: "GR", Weight: 1.3, Legal: "S.A.", Cities: []city{
		{Name: "Athina", EN: "Athens", NUTS: "EL30", Region: "Attica"},
		{Name: "Thessaloniki", NUTS: "EL52", Region: "Central Macedonia"},
		{Name: "Patra", EN: "Patras", NUTS: "EL63", Region: "Western Greece"},
		{Name: "Irakleio", EN: "Heraklion", NUTS: "EL43", Region: "Crete"},
		{Name: "Volos", NUTS: "EL61", Region: "Thessaly"},
	}},
	{Code: "SI", Weight: 1.1, Legal: "d.o.o.", Cities: []city{
		{Name: "Ljubljana", NUTS: "SI04", Region: "Western Slovenia"},
		{Name: "Maribor", NUTS: "SI03", Region: "Eastern Slovenia"},
		{Name: "Celje", NUTS: "SI03", Region: "Eastern Slovenia"},
		{Name: "Koper", NUTS: "SI04", Region: "Western Slovenia"},
	}},
	{Code: "HR", Weight: 1.1, Legal: "d.o.o.", Cities: []city{
		{Name: "Zagreb", NUTS: "HR04", Region: "Continental Croatia"},
		{Name: "Osijek", NUTS: "HR04", Region: "Continental Croatia"},
		{Name: "Split", NUTS: "HR03", Region: "Adriatic Croatia"},
		{Name: "Rijeka", NUTS: "HR03", Region: "Adriatic Croatia"},
	}},
	{Code: "SK", Weight: 1.0, Legal: "s.r.o.", Cities: []city{
		{Name: "Bratislava", NUTS: "SK01", Region: "Bratislava Region"},
		{Name: "Košice", NUTS: "SK04", Region: "Eastern Slovakia"},
		{Name: "Žilina", NUTS: "SK03", Region: "Central Slovakia"},
		{Name: "Trnava", NUTS: "SK02", Region: "Western Slovakia"},
	}},
	{Code: "BG", Weight: 1.0, Legal: "EOOD", Cities: []city{
		{Name: "Sofia", NUTS: "BG41", Region: "South-West Bulgaria"},
		{Name: "Plovdiv", NUTS: "BG42", Region: "South-Central Bulgaria"},
		{Name: "Varna", NUTS: "BG33", Region: "North-East Bulgaria"},
		{Name: "Burgas", NUTS: "BG34", Region: "South-East Bulgaria"},
	}},
	{Code: "IE", Weight: 1.0, Legal: "Ltd", Cities: []city{
		{Name: "Dublin", NUTS: "IE06", Region: "Eastern and Midland"},
		{Name: "Cork", NUTS: "IE05", Region: "Southern Ireland"},
		{Name: "Galway", NUTS: "IE04", Region: "Northern and Western Ireland"},
		{Name: "Limerick", NUTS: "IE05", Region: "Southern Ireland"},
	}},
	{Code: "LT", Weight: 0.8, Legal: "UAB", Cities: []city{
		{Name: "Vilnius", NUTS: "LT01", Region: "Vilnius Region"},
		{Name: "Kaunas", NUTS: "LT02", Region: "Central and Western Lithuania"},
		{Name: "Klaipėda", NUTS: "LT02", Region: "Central and Western Lithuania"},
	}},
	{Code: "EE", Weight: 0.8, Legal: "OÜ", Cities: []city{
		{Name: "Tallinn", NUTS: "EE00", Region: "Estonia"},
		{Name: "Tartu", NUTS: "EE00", Region: "Estonia"},
	}},
	{Code: "LV", Weight: 0.6, Legal: "SIA", Cities: []city{
		{Name: "Rīga", EN: "Riga", NUTS: "LV00", Region: "Latvia"},
		{Name: "Ventspils", NUTS: "LV00", Region: "Latvia"},
	}},
	{Code: "LU", Weight: 0.5, Lang: "fr", Local: 0.3, Legal: "S.à r.l.", Cities: []city{
		{Name: "Luxembourg", NUTS: "LU00", Region: "Luxembourg"},
		{Name: "Esch-sur-Alzette", NUTS: "LU00", Region: "Luxembourg"},
	}},
	{Code: "CY", Weight: 0.4, Legal: "Ltd", Cities: []city{
		{Name: "Lefkosia", EN: "Nicosia", NUTS: "CY00", Region: "Cyprus"},
		{Name: "Lemesos", EN: "Limassol", NUTS: "CY00", Region: "Cyprus"},
	}},
	{Code: "MT", Weight: 0.3, Legal: "Ltd", Cities: []city{
		{Name: "Valletta", NUTS: "MT00", Region: "Malta"},
		{Name: "Birkirkara", NUTS: "MT00", Region: "Malta"},
	}},
	// COSME participants outside the EU.
	{Code: "RS", Weight: 1.8, Lang: "sr", Local: 1.5, Legal: "d.o.o.", Cities: []city{
		{Name: "Beograd", EN: "Belgrade", NUTS: "RS11", Region: "Belgrade", Cyr: "Београд", Case: "Београда"},
		{Name: "Novi Sad", NUTS: "RS12", Region: "Vojvodina", Cyr: "Нови Сад", Case: "Новог Сада"},
		{Name: "Subotica", NUTS: "RS12", Region: "Vojvodina", Cyr: "Суботица", Case: "Суботице"},
		{Name: "Niš", NUTS: "RS22", Region: "Southern and Eastern Serbia", Cyr: "Ниш", Case: "Ниша"},
		{Name: "Kragujevac", NUTS: "RS21", Region: "Šumadija and Western Serbia", Cyr: "Крагујевац", Case: "Крагујевца"},
		{Name: "Čačak", NUTS: "RS21", Region: "Šumadija and Western Serbia", Cyr: "Чачак", Case: "Чачка"},
	}},
	{Code: "TR", Weight: 1.6, Legal: "A.Ş.", Cities: []city{
		{Name: "İstanbul", EN: "Istanbul", NUTS: "TR10", Region: "Istanbul"},
		{Name: "Ankara", NUTS: "TR51", Region: "Ankara"},
		{Name: "İzmir", EN: "Izmir", NUTS: "TR31", Region: "Izmir"},
		{Name: "Bursa", NUTS: "TR41", Region: "Bursa"},
		{Name: "Kocaeli", NUTS: "TR42", Region: "Kocaeli"},
		{Name: "Gaziantep", NUTS: "TRC1", Region: "Gaziantep"},
	}},
	{Code: "UA", Weight: 1.1, Legal: "LLC", Cities: []city{
		{Name: "Kyiv"}, {Name: "Lviv"}, {Name: "Kharkiv"}, {Name: "Odesa"}, {Name: "Dnipro"},
	}},
	{Code: "MD", Weight: 0.5, Legal: "S.R.L.", Cities: []city{{Name: "Chișinău", EN: "Chisinau"}, {Name: "Bălți", EN: "Balti"}}},
	{Code: "ME", Weight: 0.5, Legal: "d.o.o.", Cities: []city{
		{Name: "Podgorica", NUTS: "ME00", Region: "Montenegro"},
		{Name: "Bar", NUTS: "ME00", Region: "Montenegro"},
		{Name: "Kotor", NUTS: "ME00", Region: "Montenegro"},
	}},
	{Code: "MK", Weight: 0.5, Legal: "DOOEL", Cities: []city{
		{Name: "Skopje", NUTS: "MK00", Region: "North Macedonia"},
		{Name: "Bitola", NUTS: "MK00", Region: "North Macedonia"},
	}},
	{Code: "AL", Weight: 0.5, Legal: "sh.p.k.", Cities: []city{
		{Name: "Tirana", NUTS: "AL02", Region: "Central Albania"},
		{Name: "Durrës", NUTS: "AL02", Region: "Central Albania"},
		{Name: "Vlorë", NUTS: "AL03", Region: "Southern Albania"},
	}},
	{Code: "BA", Weight: 0.5, Legal: "d.o.o.", Cities: []city{{Name: "Sarajevo"}, {Name: "Banja Luka"}, {Name: "Mostar"}}},
	{Code: "IS", Weight: 0.4, Legal: "ehf.", Cities: []city{
		{Name: "Reykjavík", EN: "Reykjavik", NUTS: "IS00", Region: "Iceland"},
		{Name: "Akureyri", NUTS: "IS00", Region: "Iceland"},
	}},
	{Code: "XK", Weight: 0.3, Legal: "L.L.C.", Cities: []city{
		{Name: "Prishtina", NUTS: "XK00", Region: "Kosovo"},
		{Name: "Prizren", NUTS: "XK00", Region: "Kosovo"},
	}},
	{Code: "AM", Weight: 0.3, Legal: "LLC", Cities: []city{{Name: "Yerevan"}, {Name: "Gyumri"}}},
	// Not eligible for ESCP-4i membership.
	{Code: "CH", Weight: 1.3, Lang: "de", Local: 0.3, Legal: "AG", Cities: []city{
		{Name: "Zürich", EN: "Zurich", NUTS: "CH04", Region: "Zurich"},
		{Name: "Basel", NUTS: "CH03", Region: "Northwestern Switzerland"},
		{Name: "Bern", NUTS: "CH02", Region: "Espace Mittelland"},
		{Name: "Genève", EN: "Geneva", NUTS: "CH01", Region: "Lake Geneva Region", Lang: "fr"},
		{Name: "Lausanne", NUTS: "CH01", Region: "Lake Geneva Region", Lang: "fr"},
	}},
	{Code: "NO", Weight: 1.3, Legal: "AS", Cities: []city{
		{Name: "Oslo", NUTS: "NO01", Region: "Oslo and Akershus"},
		{Name: "Bergen", NUTS: "NO05", Region: "Western Norway"},
		{Name: "Trondheim", NUTS: "NO06", Region: "Trøndelag"},
		{Name: "Stavanger", NUTS: "NO04", Region: "Agder and Rogaland"},
		{Name: "Tromsø", NUTS: "NO07", Region: "Northern Norway"},
	}},
	{Code: "GB", Weight: 1.3, Legal: "Ltd", Cities: []city{
		{Name: "London", NUTS: "UKI3", Region: "London"},
		{Name: "Manchester", NUTS: "UKD3", Region: "North West England"},
		{Name: "Birmingham", NUTS: "UKG3", Region: "West Midlands"},
		{Name: "Edinburgh", NUTS: "UKM7", Region: "Scotland"},
		{Name: "Glasgow", NUTS: "UKM8", Region: "Scotland"},
		{Name: "Cambridge", NUTS: "UKH1", Region: "East of England"},
		{Name: "Bristol", NUTS: "UKK1", Region: "South West England"},
		{Name: "Cardiff", NUTS: "UKL2", Region: "Wales"},
	}},
	{Code: "US", Weight: 0.6, Legal: "Inc.", Cities: []city{
		{Name: "Boston", Region: "Massachusetts"},
		{Name: "San Francisco", Region: "California"},
		{Name: "Austin", Region: "Texas"},
		{Name: "New York", Region: "New York"},
		{Name: "Chicago", Region: "Illinois"},
	}},
	{Code: "IL", Weight: 0.5, Legal: "Ltd", Cities: []city{{Name: "Tel Aviv"}, {Name: "Haifa"}, {Name: "Jerusalem"}}},
}

// countryAffinity multiplies a country's weight for an industry:
// strongholds count twice, and blue growth is rare far from the sea.
var countryAffinity = map[string]map[string]float64{
	"advanced-packaging":       aff(2, "DE", "IT", "FR", "ES", "NL", "PL", "SE", "FI"),
	"biopharmaceuticals":       aff(2, "DE", "FR", "BE", "DK", "SE", "NL", "IE", "CH"),
	"blue-growth":              merge(aff(2, "NO", "PT", "ES", "FR", "DK", "NL", "GR", "HR", "IS", "MT", "CY", "EE", "ME"), aff(0.08, "AT", "CZ", "HU", "SK", "LU", "CH", "MK", "MD", "XK", "RS", "AM")),
	"creative-industries":      aff(2, "FR", "ES", "IT", "BE", "NL", "DK", "SE", "FI", "IE", "GB"),
	"digital-industries":       aff(2, "DE", "FR", "NL", "FI", "SE", "EE", "IE", "ES", "IL"),
	"environmental-industries": aff(2, "DE", "FR", "DK", "NL", "AT", "FI", "SE", "ES"),
	"experience-industries":    aff(2, "ES", "IT", "FR", "GR", "PT", "HR", "AT", "CY", "MT", "ME", "AL"),
	"logistical-services":      aff(2, "NL", "BE", "DE", "PL", "ES", "CZ", "LT", "SI", "TR"),
	"medical-devices":          aff(2, "DE", "IE", "FR", "IT", "NL", "DK", "SE", "CH"),
	"mobility-technologies":    aff(2, "DE", "FR", "IT", "ES", "CZ", "SE", "PL", "SK", "HU", "RO"),
}

func aff(f float64, codes ...string) map[string]float64 {
	m := map[string]float64{}
	for _, c := range codes {
		m[c] = f
	}
	return m
}

func merge(a, b map[string]float64) map[string]float64 {
	for k, v := range b {
		a[k] = v
	}
	return a
}

// industryWeights are the relative shares of the industries, in the order
// of chainData.
var industryWeights = map[string]float64{
	"advanced-packaging":       8,
	"biopharmaceuticals":       9,
	"blue-growth":              8,
	"creative-industries":      9,
	"digital-industries":       14,
	"environmental-industries": 11,
	"experience-industries":    8,
	"logistical-services":      10,
	"medical-devices":          10,
	"mobility-technologies":    13,
}
