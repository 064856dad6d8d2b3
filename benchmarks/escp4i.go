package benchmarks

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/clustergo/partnermatch/profile"
)

// TaskESCP4i is the protocol of the real ESCP-4i partnerships: a member of
// a partnership that started after ESCP4iCutoff asks; its co-members are
// relevant.
const TaskESCP4i = "escp4i"

// ESCP4iCutoff is the last start year of the ESCP-4i partnerships that are
// collaboration history (the first generation, 2016-2017); the later ones
// are the test.
const ESCP4iCutoff = 2017

// escp4iAliases maps the spellings of one organisation in the members file
// to one name: the same cluster renamed between generations, or written in
// capitals.
var escp4iAliases = map[string]string{
	"fondazione torino wireless":                      "Piemonte Innova",
	"piemonte innova (ex fondazione torino wireless)": "Piemonte Innova",
	"plastiwin": "Plastiwin",
}

// ReadESCP4i reads the real ESCP-4i partnerships of dir in fsys
// (partnerships.csv and members.csv, as in testdata/escp4i; see
// testdata/SOURCES.md) and returns their data set, TaskESCP4i.
//
// Each distinct member organisation becomes a profile with what the files
// know of it: its name, country, kind (cluster, or university), and its
// sector hint as description and technologies. No field is taken from a
// partnership, so that nothing in a profile names its answers. The
// partnerships that started up to ESCP4iCutoff are history, listed in
// their members' Partnerships; every member of a later partnership with
// at least two known members asks, its co-members are relevant, and its
// co-members in other later partnerships are ignored. The set is small (a
// few dozen organisations) and real: it is for reporting only, never for
// choosing, so it has no validation split.
func ReadESCP4i(fsys fs.FS, dir string) (*Dataset, error) {
	parts, err := readCSVFile(fsys, path.Join(dir, "partnerships.csv"), []string{"partnership_id", "period"})
	if err != nil {
		return nil, err
	}
	start := map[string]int{}
	for _, r := range parts {
		y, err := strconv.Atoi(r["period"][:min(4, len(r["period"]))])
		if err != nil {
			return nil, fmt.Errorf("benchmarks: escp4i: partnership %q: period %q: no start year", r["partnership_id"], r["period"])
		}
		start[r["partnership_id"]] = y
	}
	rows, err := readCSVFile(fsys, path.Join(dir, "members.csv"), []string{"partnership_id", "cluster_organisation", "country_iso2", "sector_hint"})
	if err != nil {
		return nil, err
	}

	byID := map[string]*profile.Profile{}
	members := map[string][]string{} // partnership -> profile ids
	inferred := 0
	for _, r := range rows {
		pid := r["partnership_id"]
		y, ok := start[pid]
		if !ok {
			return nil, fmt.Errorf("benchmarks: escp4i: member %q: unknown partnership %q", r["cluster_organisation"], pid)
		}
		name := strings.TrimSpace(r["cluster_organisation"])
		if a, ok := escp4iAliases[strings.ToLower(name)]; ok {
			name = a
		}
		id := "escp4i-" + slug(name)
		p := byID[id]
		if p == nil {
			p = &profile.Profile{ID: id, Name: name, Country: r["country_iso2"], Language: "en"}
			if strings.Contains(strings.ToLower(name), "university") {
				p.Kind = profile.KindUniversity
			}
			byID[id] = p
		}
		for _, h := range strings.Split(r["sector_hint"], ";") {
			if h = strings.TrimSpace(h); h != "" && !slices.Contains(p.Technologies, h) {
				p.Technologies = append(p.Technologies, h)
			}
		}
		if y <= ESCP4iCutoff && !slices.Contains(p.Partnerships, pid) {
			p.Partnerships = append(p.Partnerships, pid)
		}
		if !slices.Contains(members[pid], id) {
			members[pid] = append(members[pid], id)
		}
		if strings.Contains(r["note"], "inferred") {
			inferred++
		}
	}

	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	d := &Dataset{Name: "escp4i", Folds: make([]Fold, 1)}
	for _, id := range ids {
		p := byID[id]
		p.Description = strings.Join(p.Technologies, "; ")
		c, err := profile.Clean(*p)
		if err != nil {
			return nil, fmt.Errorf("benchmarks: escp4i: %w", err)
		}
		d.Profiles = append(d.Profiles, c)
	}

	var tests []string
	partners := map[string]map[string]bool{} // co-members over the test partnerships
	for pid, ms := range members {
		if start[pid] > ESCP4iCutoff && len(ms) >= 2 {
			tests = append(tests, pid)
			for _, a := range ms {
				if partners[a] == nil {
					partners[a] = map[string]bool{}
				}
				for _, b := range ms {
					if a != b {
						partners[a][b] = true
					}
				}
			}
		}
	}
	slices.Sort(tests)
	history := 0
	for pid := range members {
		if start[pid] <= ESCP4iCutoff {
			history++
		}
	}
	for _, pid := range tests {
		ms := slices.Sorted(slices.Values(members[pid]))
		for _, m := range ms {
			var ignore []string
			for b := range partners[m] {
				if !slices.Contains(ms, b) {
					ignore = append(ignore, b)
				}
			}
			slices.Sort(ignore)
			d.Folds[0].Queries = append(d.Folds[0].Queries, Query{
				ID: pid + "/" + m, Task: TaskESCP4i, Seeds: []string{m}, Relevant: without(ms, m), Ignore: ignore,
			})
		}
	}
	d.Note = fmt.Sprintf("real ESCP-4i partnerships (compiled from public pages): %d organisations with name, country and a sector hint; "+
		"history = %d partnerships started up to %d; test = %d partnerships started later (%d member rows inferred, not confirmed), every member asking",
		len(d.Profiles), history, ESCP4iCutoff, len(tests), inferred)
	return d, nil
}

// readCSVFile reads a CSV file with a header into one map per record,
// checking that the header has the want columns.
func readCSVFile(fsys fs.FS, name string, want []string) ([]map[string]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("benchmarks: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("benchmarks: %s: header: %w", name, err)
	}
	for _, w := range want {
		if !slices.Contains(head, w) {
			return nil, fmt.Errorf("benchmarks: %s: no column %q in header %q", name, w, head)
		}
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("benchmarks: %s: %w", name, err)
		}
		m := make(map[string]string, len(head))
		for i, h := range head {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
}

// slug returns s in lower case with runs of other characters than ASCII
// letters and digits as one "-": "Mov'eo" -> "mov-eo".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}
