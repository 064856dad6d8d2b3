package synth

import "strings"

// Languages of descriptions. Serbian is written in Cyrillic and, for some
// profiles, transliterated to Latin script; both have language code "sr".
const (
	langEN = iota
	langDE
	langFR
	langIT
	langES
	langPL
	langSR
	nLang
)

var langCodes = [nLang]string{"en", "de", "fr", "it", "es", "pl", "sr"}

func langIndex(code string) int {
	for i, c := range langCodes {
		if c == code {
			return i
		}
	}
	return langEN
}

// A lexicon holds a language's sentence templates. Placeholders:
// {name} {kind} {Kind} {city} {place} {industry} {stage} {nstage}
// {members} {smes} {techs} {offers} {needs} {markets} {year} {label}.
type lexicon struct {
	intro       []string // any kind
	introMember []string // kinds with members (cluster, network, public)
	focus       []string
	members     []string
	techs       []string
	offers      []string
	needs       []string
	markets     []string
	founded     []string
	label       string
	labels      [3]string // bronze, silver, gold
	and         string
	kinds       [6]string // indexed like kinds
}

var lexicons = [nLang]lexicon{
	langEN: {
		intro: []string{
			"{name} is {kind} based in {place}, working on {stage}.",
			"Based in {place}, {name} is {kind} focused on {stage} within the {industry} value chain.",
			"{name} is {kind} from {place} specialised in {stage}.",
		},
		introMember: []string{
			"{name} brings together companies, research centres and public bodies from {place} working on {stage}.",
			"{name} connects organisations in {place} along the {industry} value chain, with a focus on {stage}.",
		},
		members: []string{"It has {members} members, {smes} of them SMEs.", "Its {members} members include {smes} SMEs."},
		techs:   []string{"Key technologies include {techs}.", "Its expertise covers {techs}.", "Core competences: {techs}."},
		offers:  []string{"It offers partners {offers}.", "Partners can draw on {offers}.", "It brings {offers} to partnerships."},
		needs:   []string{"It is looking for {needs}.", "Its needs include {needs}.", "Wanted: {needs}."},
		markets: []string{"Target markets include {markets}.", "It aims to expand to {markets}.", "International focus: {markets}."},
		founded: []string{"It was founded in {year}.", "Active since {year}."},
		label:   "The cluster management holds the ESCA {label} Label.",
		labels:  [3]string{"Bronze", "Silver", "Gold"},
		and:     "and",
		kinds:   [6]string{"an industry-led cluster", "a business network", "a research organisation", "a university research group", "a company", "a regional development agency"},
	},
	langDE: {
		intro: []string{
			"{name} ist {kind} aus {city} mit Schwerpunkt {stage}.",
			"{name} mit Sitz in {city} ist {kind} {industry}.",
		},
		introMember: []string{"{name} vernetzt Unternehmen, Hochschulen und Forschungseinrichtungen {industry} in der Region {city}."},
		focus:       []string{"Schwerpunkt: {stage}.", "Kompetenzfeld: {stage}."},
		members:     []string{"Der Verbund zählt {members} Mitglieder, davon {smes} KMU."},
		techs:       []string{"Technologische Schwerpunkte: {techs}.", "Kompetenzen: {techs}."},
		needs:       []string{"Gesucht werden Partner aus dem Bereich {nstage}.", "Kooperationswunsch: {nstage}."},
		markets:     []string{"Zielmärkte: {markets}.", "Internationale Zielmärkte: {markets}."},
		founded:     []string{"Gegründet {year}.", "Aktiv seit {year}."},
		label:       "Das Clustermanagement ist mit dem ESCA-Label {label} ausgezeichnet.",
		labels:      [3]string{"Bronze", "Silber", "Gold"},
		and:         "und",
		kinds:       [6]string{"ein Cluster", "ein Unternehmensnetzwerk", "ein Forschungsinstitut", "eine Forschungsgruppe an einer Hochschule", "ein Unternehmen", "eine regionale Wirtschaftsförderungsgesellschaft"},
	},
	langFR: {
		intro:       []string{"{name} est {kind} de la région de {city} qui travaille {industry}."},
		introMember: []string{"À {city}, {name} fédère entreprises, laboratoires et collectivités {industry}."},
		focus:       []string{"Domaine d'activité : {stage}.", "Spécialisation : {stage}."},
		members:     []string{"On compte {members} membres, dont {smes} PME."},
		techs:       []string{"Compétences clés : {techs}.", "Technologies maîtrisées : {techs}."},
		needs:       []string{"Partenaires recherchés : {nstage}.", "Nous recherchons des partenaires dans le domaine suivant : {nstage}."},
		markets:     []string{"Marchés cibles : {markets}."},
		founded:     []string{"Année de création : {year}."},
		label:       "La gouvernance du cluster détient le label ESCA {label}.",
		labels:      [3]string{"Bronze", "Argent", "Or"},
		and:         "et",
		kinds:       [6]string{"un cluster", "un réseau d'entreprises", "un organisme de recherche", "une équipe de recherche universitaire", "une entreprise", "une agence de développement régional"},
	},
	langIT: {
		intro:       []string{"{name} è {kind} di {city} che opera {industry}."},
		introMember: []string{"Con sede a {city}, {name} riunisce imprese, università e centri di ricerca {industry}."},
		focus:       []string{"Ambito di specializzazione: {stage}.", "Settore di attività: {stage}."},
		members:     []string{"Conta {members} soci, di cui {smes} PMI."},
		techs:       []string{"Competenze principali: {techs}.", "Tecnologie chiave: {techs}."},
		needs:       []string{"Partner ricercati: {nstage}.", "Cerchiamo partner nel seguente ambito: {nstage}."},
		markets:     []string{"Mercati obiettivo: {markets}."},
		founded:     []string{"Anno di fondazione: {year}."},
		label:       "La gestione del cluster ha ottenuto il label ESCA {label}.",
		labels:      [3]string{"Bronzo", "Argento", "Oro"},
		and:         "e",
		kinds:       [6]string{"un cluster", "una rete d'imprese", "un centro di ricerca", "un gruppo di ricerca universitario", "un'azienda", "un'agenzia di sviluppo regionale"},
	},
	langES: {
		intro:       []string{"{name} es {kind} de {city} que trabaja {industry}."},
		introMember: []string{"Con sede en {city}, {name} reúne a empresas, universidades y centros tecnológicos {industry}."},
		focus:       []string{"Área de especialización: {stage}.", "Ámbito de actividad: {stage}."},
		members:     []string{"Cuenta con {members} socios, de los cuales {smes} son pymes."},
		techs:       []string{"Tecnologías clave: {techs}.", "Competencias principales: {techs}."},
		needs:       []string{"Socios buscados: {nstage}.", "Buscamos socios del siguiente ámbito: {nstage}."},
		markets:     []string{"Mercados objetivo: {markets}."},
		founded:     []string{"Año de fundación: {year}."},
		label:       "La gestión del clúster cuenta con la etiqueta ESCA {label}.",
		labels:      [3]string{"Bronce", "Plata", "Oro"},
		and:         "y",
		kinds:       [6]string{"un clúster", "una red empresarial", "un centro de investigación", "un grupo de investigación universitario", "una empresa", "una agencia de desarrollo regional"},
	},
	langPL: {
		intro:       []string{"{name} to {kind} z siedzibą w {city}."},
		introMember: []string{"{name} łączy firmy, uczelnie i instytucje otoczenia biznesu {industry}."},
		focus:       []string{"Obszar specjalizacji: {stage}.", "Profil działalności: {stage}."},
		members:     []string{"Liczba członków: {members}, w tym {smes} MŚP."},
		techs:       []string{"Kluczowe technologie: {techs}.", "Kompetencje: {techs}."},
		needs:       []string{"Poszukiwani partnerzy z obszaru: {nstage}."},
		markets:     []string{"Rynki docelowe: {markets}."},
		founded:     []string{"Rok założenia: {year}."},
		label:       "Klaster posiada certyfikat ESCA, poziom: {label}.",
		labels:      [3]string{"brązowy", "srebrny", "złoty"},
		and:         "i",
		kinds:       [6]string{"klaster", "sieć współpracy przedsiębiorstw", "instytut badawczy", "zespół badawczy uczelni", "przedsiębiorstwo", "regionalna agencja rozwoju"},
	},
	langSR: {
		intro:       []string{"{name} је {kind} из {city}."},
		introMember: []string{"{Kind} из {city} {name} окупља предузећа, факултете и институте {industry}."},
		focus:       []string{"Област деловања: {stage}.", "Специјализација: {stage}."},
		members:     []string{"Број чланова: {members}, од тога {smes} МСП."},
		techs:       []string{"Кључне технологије: {techs}.", "Компетенције: {techs}."},
		needs:       []string{"Тражимо партнере из области: {nstage}."},
		markets:     []string{"Циљна тржишта: {markets}."},
		founded:     []string{"Година оснивања: {year}."},
		label:       "Менаџмент кластера поседује ESCA ознаку квалитета, ниво: {label}.",
		labels:      [3]string{"бронзани", "сребрни", "златни"},
		and:         "и",
		kinds:       [6]string{"кластер", "пословна мрежа", "истраживачки институт", "универзитетска истраживачка група", "предузеће", "регионална развојна агенција"},
	},
}

// stageNames translates stage names, in the order de, fr, it, es, pl, sr.
var stageNames = map[string][nLang - 1]string{
	"advanced-packaging/materials":          {"Verpackungsmaterialien aus biobasierten Polymeren, Fasern und Metallen", "matériaux d'emballage : polymères biosourcés, fibres et métaux", "materiali per imballaggio: polimeri a base biologica, fibre e metalli", "materiales de envase: polímeros de base biológica, fibras y metales", "materiały opakowaniowe: polimery biopochodne, włókna i metale", "материјали за амбалажу: биополимери, влакна и метали"},
	"advanced-packaging/converting":         {"Verarbeitung, Druck und Verpackungsherstellung", "transformation, impression et fabrication d'emballages", "trasformazione, stampa e produzione di imballaggi", "transformación, impresión y fabricación de envases", "przetwórstwo, druk i produkcja opakowań", "прерада, штампа и производња амбалаже"},
	"advanced-packaging/machinery":          {"Verpackungsmaschinen und Automatisierung", "machines d'emballage et automatisation", "macchine per il packaging e automazione", "maquinaria de envasado y automatización", "maszyny pakujące i automatyzacja", "машине за паковање и аутоматизација"},
	"advanced-packaging/smart-design":       {"Verpackungsdesign, smarte Etiketten und Rückverfolgbarkeit", "design d'emballage, étiquettes intelligentes et traçabilité", "design del packaging, etichette intelligenti e tracciabilità", "diseño de envases, etiquetas inteligentes y trazabilidad", "projektowanie opakowań, inteligentne etykiety i identyfikowalność", "дизајн амбалаже, паметне етикете и следљивост"},
	"advanced-packaging/brand-distribution": {"Markenhersteller, Abfüllung und E-Commerce-Distribution", "marques, conditionnement et distribution en ligne", "marchi, riempimento e distribuzione e-commerce", "marcas, envasado y distribución de comercio electrónico", "właściciele marek, rozlewnictwo i dystrybucja e-commerce", "власници брендова, пуњење и дистрибуција путем е-трговине"},
	"advanced-packaging/recycling":          {"Sammlung, Sortierung und Recycling", "collecte, tri et recyclage", "raccolta, selezione e riciclo", "recogida, clasificación y reciclaje", "zbiórka, sortowanie i recykling", "сакупљање, сортирање и рециклажа"},

	"biopharmaceuticals/discovery":     {"Wirkstoffforschung und translationale Forschung", "découverte de médicaments et recherche translationnelle", "scoperta di farmaci e ricerca traslazionale", "descubrimiento de fármacos e investigación traslacional", "odkrywanie leków i badania translacyjne", "откривање лекова и транслациона истраживања"},
	"biopharmaceuticals/clinical":      {"präklinische und klinische Entwicklung", "développement préclinique et clinique", "sviluppo preclinico e clinico", "desarrollo preclínico y clínico", "rozwój przedkliniczny i kliniczny", "претклинички и клинички развој"},
	"biopharmaceuticals/bioprocess":    {"Bioprozesstechnik und Wirkstoffherstellung", "bioproduction et fabrication de principes actifs", "bioprocessi e produzione di principi attivi", "bioprocesos y fabricación de principios activos", "bioprocesy i produkcja substancji czynnych", "биопроцеси и производња активних супстанци"},
	"biopharmaceuticals/fill-finish":   {"Formulierung, Abfüllung und Pharmaverpackung", "formulation, remplissage et conditionnement pharmaceutique", "formulazione, riempimento e confezionamento farmaceutico", "formulación, llenado y envasado farmacéutico", "formulacja, napełnianie i opakowania farmaceutyczne", "формулација, пуњење и фармацеутска амбалажа"},
	"biopharmaceuticals/market-access": {"Zulassung, Vertrieb und Marktzugang", "affaires réglementaires, distribution et accès au marché", "affari regolatori, distribuzione e accesso al mercato", "asuntos regulatorios, distribución y acceso al mercado", "sprawy regulacyjne, dystrybucja i dostęp do rynku", "регулаторни послови, дистрибуција и приступ тржишту"},

	"blue-growth/observation":      {"Meeresbeobachtung und Meeresforschung", "observation des océans et recherche marine", "osservazione degli oceani e ricerca marina", "observación oceánica e investigación marina", "obserwacja oceanów i badania morskie", "осматрање океана и истраживање мора"},
	"blue-growth/marine-equipment": {"Schiffbau und maritime Ausrüstung", "équipements marins et technologies navales", "attrezzature marine e tecnologie navali", "equipos marinos y tecnología naval", "wyposażenie morskie i technologie okrętowe", "поморска опрема и бродске технологије"},
	"blue-growth/offshore-energy":  {"Offshore-Energie und Meerestechnik", "énergies marines et ingénierie offshore", "energia offshore e ingegneria marina", "energía marina e ingeniería offshore", "energetyka morska i inżynieria offshore", "енергија са мора и поморски инжењеринг"},
	"blue-growth/aquaculture":      {"Aquakultur und Fischerei", "aquaculture et pêche", "acquacoltura e pesca", "acuicultura y pesca", "akwakultura i rybołówstwo", "аквакултура и рибарство"},
	"blue-growth/seafood-bio":      {"Fischverarbeitung und marine Bioprodukte", "transformation des produits de la mer et bioproduits marins", "trasformazione ittica e bioprodotti marini", "transformación de productos del mar y bioproductos marinos", "przetwórstwo ryb i morskie bioprodukty", "прерада рибе и морски биопроизводи"},

	"creative-industries/design":        {"Design, Handwerk und künstlerisches Schaffen", "design, métiers d'art et création artistique", "design, artigianato e creazione artistica", "diseño, artesanía y creación artística", "wzornictwo, rzemiosło i twórczość artystyczna", "дизајн, занати и уметничко стваралаштво"},
	"creative-industries/creative-tech": {"XR, VFX und Kreativtechnologie", "XR, effets visuels et technologies créatives", "XR, effetti visivi e tecnologie creative", "XR, efectos visuales y tecnología creativa", "XR, efekty wizualne i technologie kreatywne", "XR, визуелни ефекти и креативне технологије"},
	"creative-industries/production":    {"Film-, Animations-, Games- und Musikproduktion", "production de films, d'animation, de jeux vidéo et de musique", "produzione di film, animazione, videogiochi e musica", "producción de cine, animación, videojuegos y música", "produkcja filmowa, animacja, gry i muzyka", "филмска и музичка продукција, анимација и видео-игре"},
	"creative-industries/distribution":  {"Verlagswesen, Vertrieb und Streaming", "édition, distribution et streaming", "editoria, distribuzione e streaming", "edición, distribución y streaming", "wydawnictwa, dystrybucja i streaming", "издаваштво, дистрибуција и стриминг"},
	"creative-industries/marketing":     {"Marketing, Markenbildung und Publikumsentwicklung", "marketing, image de marque et développement des publics", "marketing, branding e sviluppo del pubblico", "marketing, imagen de marca y desarrollo de audiencias", "marketing, budowanie marki i rozwój publiczności", "маркетинг, брендирање и развој публике"},

	"digital-industries/hardware":     {"Halbleiter, Sensorik und Embedded-Hardware", "semi-conducteurs, capteurs et systèmes embarqués", "semiconduttori, sensori e hardware embedded", "semiconductores, sensores y hardware embebido", "półprzewodniki, czujniki i systemy wbudowane", "полупроводници, сензори и уграђени хардвер"},
	"digital-industries/connectivity": {"Konnektivität und Netzinfrastruktur", "connectivité et infrastructures réseau", "connettività e infrastrutture di rete", "conectividad e infraestructura de red", "łączność i infrastruktura sieciowa", "повезаност и мрежна инфраструктура"},
	"digital-industries/cloud-data":   {"Cloud, Datenplattformen und Cybersicherheit", "cloud, plateformes de données et cybersécurité", "cloud, piattaforme dati e cybersicurezza", "nube, plataformas de datos y ciberseguridad", "chmura, platformy danych i cyberbezpieczeństwo", "облак, платформе података и сајбер безбедност"},
	"digital-industries/ai-software":  {"KI und Softwareentwicklung", "IA et développement logiciel", "IA e sviluppo software", "IA y desarrollo de software", "SI i tworzenie oprogramowania", "вештачка интелигенција и развој софтвера"},
	"digital-industries/industry40":   {"Digitalisierung der Industrie und Systemintegration", "numérisation industrielle et intégration de systèmes", "digitalizzazione industriale e integrazione di sistemi", "digitalización industrial e integración de sistemas", "cyfryzacja przemysłu i integracja systemów", "дигитализација индустрије и интеграција система"},

	"environmental-industries/monitoring":  {"Umweltmonitoring und Analytik", "surveillance environnementale et analyses", "monitoraggio ambientale e analisi", "monitorización ambiental y análisis", "monitoring środowiska i analityka", "мониторинг животне средине и аналитика"},
	"environmental-industries/engineering": {"Umweltingenieurwesen und Beratung", "ingénierie et conseil en environnement", "ingegneria e consulenza ambientale", "ingeniería y consultoría ambiental", "inżynieria i doradztwo środowiskowe", "инжењеринг и консалтинг за животну средину"},
	"environmental-industries/equipment":   {"Umwelttechnik und Aufbereitungsanlagen", "éco-technologies et équipements de traitement", "tecnologie pulite e impianti di trattamento", "tecnologías limpias y equipos de tratamiento", "czyste technologie i urządzenia do oczyszczania", "чисте технологије и опрема за пречишћавање"},
	"environmental-industries/operations":  {"Wasser-, Abwasser- und Abfallwirtschaft", "gestion de l'eau, des eaux usées et des déchets", "gestione di acqua, acque reflue e rifiuti", "gestión del agua, aguas residuales y residuos", "gospodarka wodna, ściekowa i odpadowa", "управљање водом, отпадним водама и отпадом"},
	"environmental-industries/recovery":    {"Rohstoffrückgewinnung, Sanierung und Bioenergie", "valorisation des matériaux, dépollution et bioénergie", "recupero di materiali, bonifiche e bioenergia", "recuperación de materiales, remediación y bioenergía", "odzysk surowców, rekultywacja i bioenergia", "поврат материјала, ремедијација и биоенергија"},

	"experience-industries/destinations":   {"Destinationsmanagement und Kulturerbe", "gestion de destination et patrimoine culturel", "gestione delle destinazioni e patrimonio culturale", "gestión de destinos y patrimonio cultural", "zarządzanie destynacją i dziedzictwo kulturowe", "управљање дестинацијом и културно наслеђе"},
	"experience-industries/leisure":        {"Freizeit, Attraktionen und Wellness", "attractions, loisirs et bien-être", "attrazioni, tempo libero e benessere", "atracciones, ocio y bienestar", "atrakcje, rekreacja i wellness", "атракције, слободно време и велнес"},
	"experience-industries/hospitality":    {"Hotellerie und Gastronomie", "hôtellerie et gastronomie", "ospitalità e gastronomia", "hostelería y gastronomía", "hotelarstwo i gastronomia", "угоститељство и гастрономија"},
	"experience-industries/tour-operators": {"Reiseveranstalter, Reisen und Events", "voyagistes, voyages et événements", "tour operator, viaggi ed eventi", "turoperadores, viajes y eventos", "touroperatorzy, podróże i wydarzenia", "туроператори, путовања и догађаји"},
	"experience-industries/tourism-tech":   {"Tourismustechnologie und Besucherdaten", "technologies du tourisme et données visiteurs", "tecnologie per il turismo e dati sui visitatori", "tecnología turística y datos de visitantes", "technologie turystyczne i dane o odwiedzających", "туристичке технологије и подаци о посетиоцима"},

	"logistical-services/infrastructure":     {"Häfen, Terminals und Logistikinfrastruktur", "ports, terminaux et infrastructures logistiques", "porti, terminal e infrastrutture logistiche", "puertos, terminales e infraestructuras logísticas", "porty, terminale i infrastruktura logistyczna", "луке, терминали и логистичка инфраструктура"},
	"logistical-services/freight":            {"Güterverkehr und intermodaler Transport", "transport de marchandises et opérations intermodales", "trasporto merci e operazioni intermodali", "transporte de mercancías y operaciones intermodales", "transport towarowy i przewozy intermodalne", "теретни транспорт и интермодалне операције"},
	"logistical-services/forwarding":         {"Spedition, Zoll und Handelsdienstleistungen", "commission de transport, douane et services au commerce", "spedizioni, dogane e servizi al commercio", "transitarios, aduanas y servicios al comercio", "spedycja, cła i usługi handlowe", "шпедиција, царина и трговинске услуге"},
	"logistical-services/warehousing":        {"Lagerlogistik, Fulfillment und Kontraktlogistik", "entreposage, e-logistique et logistique contractuelle", "magazzinaggio, fulfilment e logistica conto terzi", "almacenaje, fulfilment y logística por contrato", "magazynowanie, fulfilment i logistyka kontraktowa", "складиштење, испорука поруџбина и уговорна логистика"},
	"logistical-services/last-mile":          {"Letzte Meile und City-Logistik", "dernier kilomètre et logistique urbaine", "ultimo miglio e logistica urbana", "última milla y logística urbana", "ostatnia mila i logistyka miejska", "последња миља и градска логистика"},
	"logistical-services/logistics-software": {"Software und Datendienste für Lieferketten", "logiciels et services de données pour la chaîne d'approvisionnement", "software e servizi di dati per la supply chain", "software y servicios de datos para la cadena de suministro", "oprogramowanie i usługi danych dla łańcucha dostaw", "софтвер и услуге података за ланце снабдевања"},

	"medical-devices/components":        {"Biomaterialien, Präzisionskomponenten und Elektronik", "biomatériaux, composants de précision et électronique", "biomateriali, componenti di precisione ed elettronica", "biomateriales, componentes de precisión y electrónica", "biomateriały, komponenty precyzyjne i elektronika", "биоматеријали, прецизне компоненте и електроника"},
	"medical-devices/design":            {"Entwicklung, Prototypenbau und F&E für Medizinprodukte", "conception, prototypage et R&D de dispositifs médicaux", "progettazione, prototipazione e R&S di dispositivi medici", "diseño, prototipado e I+D de productos sanitarios", "projektowanie, prototypowanie i B+R wyrobów medycznych", "дизајн, прототипови и развој медицинских уређаја"},
	"medical-devices/manufacturing":     {"Herstellung und Montage von Medizinprodukten", "fabrication et assemblage de dispositifs médicaux", "produzione e assemblaggio di dispositivi medici", "fabricación y montaje de productos sanitarios", "produkcja i montaż wyrobów medycznych", "производња и монтажа медицинских уређаја"},
	"medical-devices/regulatory":        {"Prüfung, Zertifizierung und Zulassung", "essais, certification et affaires réglementaires", "prove, certificazione e affari regolatori", "ensayos, certificación y asuntos regulatorios", "badania, certyfikacja i sprawy regulacyjne", "испитивање, сертификација и регулаторни послови"},
	"medical-devices/clinical-adoption": {"klinische Anwendung und digitale Gesundheit", "adoption clinique et santé numérique", "adozione clinica e sanità digitale", "adopción clínica y salud digital", "wdrożenia kliniczne i zdrowie cyfrowe", "клиничка примена и дигитално здравље"},

	"mobility-technologies/raw-materials":     {"Batterierohstoffe und Raffination", "matières premières et raffinage pour batteries", "materie prime e raffinazione per batterie", "materias primas y refinado para baterías", "surowce i rafinacja dla baterii", "сировине и рафинација за батерије"},
	"mobility-technologies/cells":             {"Batteriezell- und Komponentenfertigung", "fabrication de cellules de batterie et de composants", "produzione di celle per batterie e componenti", "fabricación de celdas de batería y componentes", "produkcja ogniw bateryjnych i komponentów", "производња батеријских ћелија и компоненти"},
	"mobility-technologies/powertrain":        {"Antriebsstrang und Fahrzeugintegration", "groupe motopropulseur et intégration véhicule", "powertrain e integrazione del veicolo", "tren motriz e integración de vehículos", "układy napędowe i integracja pojazdów", "погонски склопови и интеграција возила"},
	"mobility-technologies/charging":          {"Ladeinfrastruktur und Energiedienstleistungen", "recharge et services énergétiques", "ricarica e servizi energetici", "recarga y servicios energéticos", "ładowanie i usługi energetyczne", "пуњење возила и енергетске услуге"},
	"mobility-technologies/mobility-services": {"Software, Daten und Mobilitätsdienste", "logiciels, données et services de mobilité", "software, dati e servizi di mobilità", "software, datos y servicios de movilidad", "oprogramowanie, dane i usługi mobilności", "софтвер, подаци и услуге мобилности"},
}

// industryPhrases say "in the <industry> sector", for de, fr, it, es, pl, sr.
var industryPhrases = map[string][nLang - 1]string{
	"advanced-packaging":       {"im Bereich Verpackungstechnik", "dans l'emballage avancé", "nel settore del packaging avanzato", "en el sector del envase avanzado", "w sektorze zaawansowanych opakowań", "у сектору напредне амбалаже"},
	"biopharmaceuticals":       {"im Bereich Biopharmazie", "dans le secteur biopharmaceutique", "nel settore biofarmaceutico", "en el sector biofarmacéutico", "w sektorze biofarmaceutycznym", "у биофармацеутском сектору"},
	"blue-growth":              {"im Bereich der blauen Wirtschaft", "dans l'économie bleue", "nel settore dell'economia blu", "en el sector de la economía azul", "w sektorze niebieskiej gospodarki", "у сектору плаве економије"},
	"creative-industries":      {"im Bereich Kultur- und Kreativwirtschaft", "dans les industries créatives", "nel settore delle industrie creative", "en el sector de las industrias creativas", "w sektorze przemysłów kreatywnych", "у сектору креативних индустрија"},
	"digital-industries":       {"im Bereich Digitalwirtschaft", "dans les industries numériques", "nel settore delle industrie digitali", "en el sector de las industrias digitales", "w sektorze przemysłów cyfrowych", "у сектору дигиталних индустрија"},
	"environmental-industries": {"im Bereich Umweltwirtschaft", "dans les éco-industries", "nel settore delle industrie ambientali", "en el sector de las industrias medioambientales", "w sektorze przemysłów środowiskowych", "у сектору заштите животне средине"},
	"experience-industries":    {"im Bereich Erlebniswirtschaft", "dans les industries de l'expérience", "nel settore delle industrie dell'esperienza", "en el sector de las industrias de la experiencia", "w sektorze przemysłów doświadczeń", "у сектору индустрија доживљаја"},
	"logistical-services":      {"im Bereich Logistikdienstleistungen", "dans les services logistiques", "nel settore dei servizi logistici", "en el sector de los servicios logísticos", "w sektorze usług logistycznych", "у сектору логистичких услуга"},
	"medical-devices":          {"im Bereich Medizintechnik", "dans le secteur des dispositifs médicaux", "nel settore dei dispositivi medici", "en el sector de la tecnología sanitaria", "w sektorze wyrobów medycznych", "у сектору медицинских уређаја"},
	"mobility-technologies":    {"im Bereich Mobilitätstechnologien", "dans les technologies de la mobilité", "nel settore delle tecnologie per la mobilità", "en el sector de las tecnologías de movilidad", "w sektorze technologii mobilności", "у сектору технологија мобилности"},
}

// marketNames names the third-country markets, in the order en, de, fr,
// it, es, pl, sr.
var marketNames = map[string][nLang]string{
	"AE": {"the United Arab Emirates", "Vereinigte Arabische Emirate", "Émirats arabes unis", "Emirati Arabi Uniti", "Emiratos Árabes Unidos", "Zjednoczone Emiraty Arabskie", "Уједињени Арапски Емирати"},
	"AU": {"Australia", "Australien", "Australie", "Australia", "Australia", "Australia", "Аустралија"},
	"BR": {"Brazil", "Brasilien", "Brésil", "Brasile", "Brasil", "Brazylia", "Бразил"},
	"CA": {"Canada", "Kanada", "Canada", "Canada", "Canadá", "Kanada", "Канада"},
	"CL": {"Chile", "Chile", "Chili", "Cile", "Chile", "Chile", "Чиле"},
	"CN": {"China", "China", "Chine", "Cina", "China", "Chiny", "Кина"},
	"GB": {"the United Kingdom", "Vereinigtes Königreich", "Royaume-Uni", "Regno Unito", "Reino Unido", "Wielka Brytania", "Уједињено Краљевство"},
	"ID": {"Indonesia", "Indonesien", "Indonésie", "Indonesia", "Indonesia", "Indonezja", "Индонезија"},
	"IL": {"Israel", "Israel", "Israël", "Israele", "Israel", "Izrael", "Израел"},
	"IN": {"India", "Indien", "Inde", "India", "India", "Indie", "Индија"},
	"JP": {"Japan", "Japan", "Japon", "Giappone", "Japón", "Japonia", "Јапан"},
	"KR": {"South Korea", "Südkorea", "Corée du Sud", "Corea del Sud", "Corea del Sur", "Korea Południowa", "Јужна Кореја"},
	"KZ": {"Kazakhstan", "Kasachstan", "Kazakhstan", "Kazakistan", "Kazajistán", "Kazachstan", "Казахстан"},
	"MA": {"Morocco", "Marokko", "Maroc", "Marocco", "Marruecos", "Maroko", "Мароко"},
	"MX": {"Mexico", "Mexiko", "Mexique", "Messico", "México", "Meksyk", "Мексико"},
	"NO": {"Norway", "Norwegen", "Norvège", "Norvegia", "Noruega", "Norwegia", "Норвешка"},
	"SA": {"Saudi Arabia", "Saudi-Arabien", "Arabie saoudite", "Arabia Saudita", "Arabia Saudí", "Arabia Saudyjska", "Саудијска Арабија"},
	"SG": {"Singapore", "Singapur", "Singapour", "Singapore", "Singapur", "Singapur", "Сингапур"},
	"US": {"the United States", "USA", "États-Unis", "Stati Uniti", "Estados Unidos", "Stany Zjednoczone", "САД"},
	"VN": {"Vietnam", "Vietnam", "Viêt Nam", "Vietnam", "Vietnam", "Wietnam", "Вијетнам"},
	"ZA": {"South Africa", "Südafrika", "Afrique du Sud", "Sudafrica", "Sudáfrica", "Republika Południowej Afryki", "Јужноафричка Република"},
}

// cyrToLatin transliterates Serbian Cyrillic to Serbian Latin script
// (Вук Караџић's alphabet maps one to one onto Gaj's Latin alphabet).
var cyrToLatin = func() *strings.Replacer {
	pairs := []string{
		"А", "A", "Б", "B", "В", "V", "Г", "G", "Д", "D", "Ђ", "Đ", "Е", "E", "Ж", "Ž", "З", "Z", "И", "I",
		"Ј", "J", "К", "K", "Л", "L", "Љ", "Lj", "М", "M", "Н", "N", "Њ", "Nj", "О", "O", "П", "P", "Р", "R",
		"С", "S", "Т", "T", "Ћ", "Ć", "У", "U", "Ф", "F", "Х", "H", "Ц", "C", "Ч", "Č", "Џ", "Dž", "Ш", "Š",
		"а", "a", "б", "b", "в", "v", "г", "g", "д", "d", "ђ", "đ", "е", "e", "ж", "ž", "з", "z", "и", "i",
		"ј", "j", "к", "k", "л", "l", "љ", "lj", "м", "m", "н", "n", "њ", "nj", "о", "o", "п", "p", "р", "r",
		"с", "s", "т", "t", "ћ", "ć", "у", "u", "ф", "f", "х", "h", "ц", "c", "ч", "č", "џ", "dž", "ш", "š",
	}
	return strings.NewReplacer(pairs...)
}()
