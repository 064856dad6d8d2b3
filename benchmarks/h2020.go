package benchmarks

import (
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/clustergo/partnermatch/profile"
)

// H2020DataCutoff is the latest cut-off year the Horizon 2020 files in
// testdata/h2020 support: cmd/h2020data keeps only the participations in
// later projects of organisations that took part in a project up to it.
const H2020DataCutoff = 2017

// H2020 holds Horizon 2020 projects and participations from CORDIS open
// data (see testdata/SOURCES.md). Read it with ReadH2020; Dataset turns it
// into a time-split evaluation.
type H2020 struct {
	projects []h2020Project // in order of id
	byID     map[string]int
	orgs     map[string]h2020Org // PIC -> name and city, where known
}

type h2020Project struct {
	id           string // CORDIS record number (rcn)
	year         int    // start year
	countries    int    // distinct countries among all participants
	participants int    // all participations, including those not in the files
	parts        []string
	rows         []h2020Row
}

type h2020Row struct {
	pic, role, typ, country string
}

type h2020Org struct{ name, city string }

// ReadH2020 reads the files projects.csv.gz, participations.csv.gz and
// organisations.csv.gz that cmd/h2020data writes, from directory dir of
// fsys (os.DirFS for a folder on disk).
func ReadH2020(fsys fs.FS, dir string) (*H2020, error) {
	h := &H2020{byID: map[string]int{}, orgs: map[string]h2020Org{}}
	err := readGzipCSV(fsys, path.Join(dir, "projects.csv.gz"), []string{"project", "start_year", "countries", "participants", "programme_parts"},
		func(r []string) error {
			year, err1 := strconv.Atoi(r[1])
			nc, err2 := strconv.Atoi(r[2])
			np, err3 := strconv.Atoi(r[3])
			if err := errors.Join(err1, err2, err3); err != nil {
				return err
			}
			var parts []string
			if r[4] != "" {
				parts = strings.Split(r[4], ";")
			}
			h.byID[r[0]] = len(h.projects)
			h.projects = append(h.projects, h2020Project{id: r[0], year: year, countries: nc, participants: np, parts: parts})
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = readGzipCSV(fsys, path.Join(dir, "participations.csv.gz"), []string{"project", "pic", "role", "type", "country"},
		func(r []string) error {
			i, ok := h.byID[r[0]]
			if !ok {
				return fmt.Errorf("unknown project %q", r[0])
			}
			h.projects[i].rows = append(h.projects[i].rows, h2020Row{pic: r[1], role: r[2], typ: r[3], country: r[4]})
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = readGzipCSV(fsys, path.Join(dir, "organisations.csv.gz"), []string{"pic", "name", "city"},
		func(r []string) error {
			h.orgs[r[0]] = h2020Org{name: r[1], city: r[2]}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return h, nil
}

func readGzipCSV(fsys fs.FS, name string, head []string, fn func([]string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("benchmarks: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("benchmarks: %s: %w", name, err)
	}
	cr := csv.NewReader(zr)
	cr.FieldsPerRecord = len(head)
	got, err := cr.Read()
	if err != nil {
		return fmt.Errorf("benchmarks: %s: %w", name, err)
	}
	if !slices.Equal(got, head) {
		return fmt.Errorf("benchmarks: %s: header %v, want %v", name, got, head)
	}
	for {
		r, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err == nil {
			err = fn(r)
		}
		if err != nil {
			line, _ := cr.FieldPos(0)
			return fmt.Errorf("benchmarks: %s:%d: %w", name, line, err)
		}
	}
}

// H2020Config selects the time split of the Horizon 2020 evaluation.
type H2020Config struct {
	// Cutoff is the last start year of the training projects; projects
	// that started later are the test. Zero means H2020DataCutoff (2017),
	// the latest the files support.
	Cutoff int
	// LabelYears is the number of training years, ending with Cutoff, whose
	// projects are the known partnerships supervised models learn from
	// (Known) instead of history in the profiles. Zero means 1; negative
	// means none (every training project is history, and supervised models
	// fall back to their priors).
	LabelYears int
	// MinCountries is the least number of countries among a test project's
	// participants, and among a label project's. Zero means 3; values below 2 mean 2, the least the
	// files keep.
	MinCountries int
	// TestUntil is the last start year of the test projects. Zero means
	// no limit; the validation split (Split.H2020) uses Cutoff+1, so that
	// its queries are projects that the test split only uses as labels.
	TestUntil int
	// MaxQueries caps the test queries with a seeded sample. Zero means all.
	MaxQueries int
	// Seed seeds the sample.
	Seed uint64
}

// Ecosystems of the programme parts whose title names one: Health,
// demographic change and wellbeing (SC1); Food security, sustainable
// agriculture and forestry, marine research and the bioeconomy (SC2);
// Secure, clean and efficient energy (SC3); Smart, green and integrated
// transport (SC4). The other parts (LEIT, ERC, MSCA, Innovation in SMEs,
// SC5 to SC7, ...) span several ecosystems or none.
var h2020Ecosystems = map[string]string{
	"SC1": "health",
	"SC2": "agri-food",
	"SC3": "renewable-energy",
	"SC4": "mobility-transport-automotive",
}

// h2020Kinds maps CORDIS activity types to profile kinds.
var h2020Kinds = map[string]string{
	"HES": profile.KindUniversity, // higher or secondary education
	"REC": profile.KindResearch,   // research organisation
	"PRC": profile.KindCompany,    // private for-profit
	"PUB": profile.KindPublic,     // public body
	"OTH": profile.KindOther,
}

// H2020ProjectID returns the partnership id of a CORDIS project record
// number: "h2020-<rcn>".
func H2020ProjectID(rcn string) string { return "h2020-" + rcn }

// H2020ProfileID returns the profile id of an organisation's PIC: "pic-<PIC>".
func H2020ProfileID(pic string) string { return "pic-" + pic }

// Dataset builds the time-split evaluation: learn from the projects that
// started up to cfg.Cutoff, test on multi-country projects that started
// later. It has one fold and the task TaskH2020.
//
// Profiles are the organisations (PICs) that took part in a project up to
// the cut-off: id "pic-<PIC>", the name and city of the 2017 organisation
// file or "Organisation <PIC>", the kind of their CORDIS activity type
// (HES university, REC research, PRC company, PUB public, OTH other) and
// their country (the most frequent of their training participations; EL
// and UK become GR and GB). The training projects are split in time: those
// of the last cfg.LabelYears years with participants from at least
// cfg.MinCountries countries, the kind of consortium the queries ask for,
// are the labels of the supervised models (Known, partnerships
// "h2020-<rcn>" of their members); the earlier ones
// are the history, listed in the members' Partnerships, and give each
// organisation its technologies, one tag per programme part
// ("h2020-leit", "h2020-sc4", "h2020-innovation-in-smes"), and the
// industrial ecosystems of the parts that name one (SC1 health, SC2
// agri-food, SC3 renewable-energy, SC4 mobility-transport-automotive).
// Features thus come from before the labels, as at test time. Profiles
// have no description, offers, needs, sectors or target markets.
//
// Queries: every test project with participants from at least
// cfg.MinCountries countries whose coordinator is a profile: the
// coordinator asks, and the project's other participants that are
// profiles are relevant (projects with none are skipped). Participants of
// the coordinator's other test projects are ignored. No test project is
// in a profile or in Known.
func (h *H2020) Dataset(cfg H2020Config) (*Dataset, error) {
	cut := cmp.Or(cfg.Cutoff, H2020DataCutoff)
	if cut > H2020DataCutoff {
		return nil, fmt.Errorf("benchmarks: h2020: cut-off %d after %d, the latest the files support", cut, H2020DataCutoff)
	}
	labels := cfg.LabelYears
	switch {
	case labels == 0:
		labels = 1
	case labels < 0:
		labels = 0
	}
	history := cut - labels // history: start year <= history
	minC := cmp.Or(cfg.MinCountries, 3)
	minC = max(minC, 2)
	if cfg.TestUntil != 0 && cfg.TestUntil <= cut {
		return nil, fmt.Errorf("benchmarks: h2020: TestUntil %d not after the cut-off %d", cfg.TestUntil, cut)
	}

	type orgAcc struct {
		typ, country map[string]int
		partnerships []string
		tech, eco    map[string]bool
	}
	orgs := map[string]*orgAcc{}
	var known []profile.Partnership
	for _, p := range h.projects {
		if p.year > cut {
			continue
		}
		var members []string
		for _, r := range p.rows {
			o := orgs[r.pic]
			if o == nil {
				o = &orgAcc{typ: map[string]int{}, country: map[string]int{}, tech: map[string]bool{}, eco: map[string]bool{}}
				orgs[r.pic] = o
			}
			o.typ[r.typ]++
			o.country[r.country]++
			if p.year <= history {
				o.partnerships = append(o.partnerships, H2020ProjectID(p.id))
				for _, part := range p.parts {
					o.tech[h2020Tag(part)] = true
					if e, ok := h2020Ecosystems[part]; ok {
						o.eco[e] = true
					}
				}
			}
			members = append(members, H2020ProfileID(r.pic))
		}
		if p.year > history {
			slices.Sort(members)
			members = slices.Compact(members)
			// Labels of the kind the queries ask for: consortia of
			// MinCountries countries or more.
			if len(members) >= 2 && p.countries >= minC {
				known = append(known, profile.Partnership{ID: H2020ProjectID(p.id), Members: members})
			}
		}
	}

	pics := make([]string, 0, len(orgs))
	for pic := range orgs {
		pics = append(pics, pic)
	}
	slices.Sort(pics)
	profiles := make([]profile.Profile, 0, len(pics))
	dropped := 0
	isProfile := map[string]bool{}
	for _, pic := range pics {
		o := orgs[pic]
		p := profile.Profile{
			ID:           H2020ProfileID(pic),
			Name:         "Organisation " + pic,
			Kind:         h2020Kinds[mostFrequent(o.typ)],
			Country:      mostFrequent(o.country),
			Technologies: sortedKeys(o.tech),
			Ecosystems:   sortedKeys(o.eco),
			Partnerships: o.partnerships,
		}
		if n, ok := h.orgs[pic]; ok {
			if name := strings.TrimSpace(strings.ToValidUTF8(n.name, "")); name != "" {
				p.Name = name
			}
			p.City = strings.ToValidUTF8(n.city, "")
		}
		if p.Kind == "" {
			p.Kind = profile.KindOther
		}
		c, err := profile.Clean(p)
		if err != nil {
			dropped++ // an unusable country code: not a profile
			continue
		}
		profiles = append(profiles, c)
		isProfile[c.ID] = true
	}
	for i := range known {
		known[i].Members = slices.DeleteFunc(known[i].Members, func(id string) bool { return !isProfile[id] })
	}
	known = slices.DeleteFunc(known, func(p profile.Partnership) bool { return len(p.Members) < 2 })

	// Test projects and, per coordinator, the participants of all of them.
	type test struct {
		id, coord string
		rel       []string
	}
	var tests []test
	testPartners := map[string]map[string]bool{}
	for _, p := range h.projects {
		if p.year <= cut || cfg.TestUntil > 0 && p.year > cfg.TestUntil {
			continue
		}
		var coord string
		var rel []string
		for _, r := range p.rows {
			id := H2020ProfileID(r.pic)
			if !isProfile[id] {
				continue
			}
			if r.role == "coordinator" && coord == "" {
				coord = id
			} else {
				rel = append(rel, id)
			}
		}
		if coord == "" {
			continue
		}
		slices.Sort(rel)
		rel = slices.DeleteFunc(slices.Compact(rel), func(id string) bool { return id == coord })
		if testPartners[coord] == nil {
			testPartners[coord] = map[string]bool{}
		}
		for _, id := range rel {
			testPartners[coord][id] = true
		}
		if p.countries >= minC && len(rel) > 0 {
			tests = append(tests, test{id: H2020ProjectID(p.id), coord: coord, rel: rel})
		}
	}
	all := len(tests)
	if cfg.MaxQueries > 0 && cfg.MaxQueries < len(tests) {
		rng := rand.New(rand.NewPCG(cfg.Seed, 0x6832303230)) // "h2020"
		rng.Shuffle(len(tests), func(i, j int) { tests[i], tests[j] = tests[j], tests[i] })
		tests = tests[:cfg.MaxQueries]
		slices.SortFunc(tests, func(a, b test) int { return cmp.Compare(a.id, b.id) })
	}
	queries := make([]Query, len(tests))
	for i, t := range tests {
		var ignore []string
		for id := range testPartners[t.coord] {
			if _, found := slices.BinarySearch(t.rel, id); !found {
				ignore = append(ignore, id)
			}
		}
		slices.Sort(ignore)
		queries[i] = Query{ID: t.id, Task: TaskH2020, Seeds: []string{t.coord}, Relevant: t.rel, Ignore: ignore}
	}
	testYears := fmt.Sprintf("after %d", cut)
	if cfg.TestUntil == cut+1 {
		testYears = fmt.Sprintf("in %d", cfg.TestUntil)
	} else if cfg.TestUntil > 0 {
		testYears = fmt.Sprintf("%d-%d", cut+1, cfg.TestUntil)
	}
	histNote := fmt.Sprintf("history = projects started up to %d", history)
	if labels > 0 {
		histNote += fmt.Sprintf(", supervised labels (Known) = %d projects started %d-%d", len(known), history+1, cut)
	}
	return &Dataset{
		Name:     "h2020",
		Profiles: profiles,
		Folds:    []Fold{{Known: known, Queries: queries}},
		Note: fmt.Sprintf("Horizon 2020 (CORDIS): %d organisations active up to %d (%d dropped: unusable country); %s; "+
			"test = %d of %d projects started %s with >= %d countries, the coordinator asking",
			len(profiles), cut, dropped, histNote, len(queries), all, testYears, minC),
	}, nil
}

// h2020Tag returns the technology tag of a programme part:
// "Innovation in SMEs" -> "h2020-innovation-in-smes".
func h2020Tag(part string) string {
	return "h2020-" + strings.Join(strings.Fields(strings.ToLower(part)), "-")
}

// mostFrequent returns the most frequent key, ties broken by the smaller.
func mostFrequent(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
