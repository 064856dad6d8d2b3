// Command h2020data derives the Horizon 2020 files of
// benchmarks/testdata/h2020 from the CORDIS-derived source files (see
// benchmarks/testdata/SOURCES.md). The benchmarks read only its output,
// never the sources, which are not in this repository.
//
//	go run ./benchmarks/cmd/h2020data -src DIR -out benchmarks/testdata/h2020
//
// DIR holds h2020_participations.csv.gz and h2020_programme_parts.csv.gz
// (data/h2020.csv.gz and data/programme_parts.csv.gz of zambujo/eunets)
// and h2020_org_names_2017.csv.gz (a column subset, with pic, name and
// city, of H2020_Data_2017/stacked_dump.csv of
// spaghetti-open-data/ODFest2017-horizon2020-network), at the commits
// SOURCES.md names.
//
// It keeps what the time-split protocol (benchmarks.H2020Config) needs for
// any cut-off year up to -cutoff (2017):
//
//   - every project with a known start year up to the cut-off, with all
//     its participations (coordinators, participants and partners);
//   - projects starting later with participants from at least two
//     countries, with the participations of organisations that took part
//     in a project up to the cut-off (others can be neither profiles nor
//     answers), and the project's full participant and country counts;
//   - the programme parts of the kept projects;
//   - the names and cities of the kept organisations, where the 2017
//     organisation file has them.
//
// The output is sorted and gzipped without timestamps, so equal sources
// give equal bytes.
package main

import (
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	src := flag.String("src", "../shared/data/ground_truth", "folder of the source files")
	out := flag.String("out", "benchmarks/testdata/h2020", "output folder")
	cutoff := flag.Int("cutoff", 2017, "latest cut-off year the output supports")
	flag.Parse()
	if err := run(*src, *out, *cutoff); err != nil {
		fmt.Fprintln(os.Stderr, "h2020data:", err)
		os.Exit(1)
	}
}

type participation struct {
	project, pic, role, typ, country string
}

type project struct {
	id        string
	year      int
	parts     []string
	rows      []participation
	countries map[string]bool
}

func run(src, out string, cutoff int) error {
	projects := map[string]*project{}
	err := readCSV(filepath.Join(src, "h2020_participations.csv.gz"), func(h map[string]int, r []string) error {
		year, err := strconv.Atoi(r[h["start_year"]])
		if err != nil {
			return nil // "NA": no start year, cannot be placed in time
		}
		id := r[h["rcn"]]
		p := projects[id]
		if p == nil {
			p = &project{id: id, year: year, countries: map[string]bool{}}
			projects[id] = p
		}
		row := participation{project: id, pic: r[h["pic"]], role: r[h["role"]], typ: r[h["type"]], country: r[h["country"]]}
		p.rows = append(p.rows, row)
		p.countries[row.country] = true
		return nil
	}, "rcn", "role", "pic", "type", "country", "start_year")
	if err != nil {
		return err
	}
	err = readCSV(filepath.Join(src, "h2020_programme_parts.csv.gz"), func(h map[string]int, r []string) error {
		if p := projects[r[h["rcn"]]]; p != nil {
			p.parts = append(p.parts, r[h["programme_part"]])
		}
		return nil
	}, "rcn", "programme_part")
	if err != nil {
		return err
	}

	existed := map[string]bool{} // in a project up to the cut-off
	for _, p := range projects {
		if p.year <= cutoff {
			for _, r := range p.rows {
				existed[r.pic] = true
			}
		}
	}
	var keep []*project
	var rows []participation
	for _, p := range projects {
		if p.year > cutoff && len(p.countries) < 2 {
			continue
		}
		n := 0
		for _, r := range p.rows {
			if p.year <= cutoff || existed[r.pic] {
				rows = append(rows, r)
				n++
			}
		}
		if n > 0 {
			keep = append(keep, p)
		}
	}
	slices.SortFunc(keep, func(a, b *project) int { return cmpNum(a.id, b.id) })
	slices.SortFunc(rows, func(a, b participation) int {
		return cmp.Or(cmpNum(a.project, b.project), cmpNum(a.pic, b.pic), cmp.Compare(a.role, b.role))
	})

	names := map[string][2]string{}
	err = readCSV(filepath.Join(src, "h2020_org_names_2017.csv.gz"), func(h map[string]int, r []string) error {
		if pic := r[h["pic"]]; existed[pic] {
			if _, dup := names[pic]; !dup {
				names[pic] = [2]string{strings.TrimSpace(r[h["name"]]), strings.TrimSpace(r[h["city"]])}
			}
		}
		return nil
	}, "pic", "name", "city")
	if err != nil {
		return err
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var recs [][]string
	for _, p := range keep {
		parts := slices.Clone(p.parts)
		slices.Sort(parts)
		parts = slices.Compact(parts)
		recs = append(recs, []string{p.id, strconv.Itoa(p.year), strconv.Itoa(len(p.countries)), strconv.Itoa(len(p.rows)), strings.Join(parts, ";")})
	}
	if err := writeCSV(filepath.Join(out, "projects.csv.gz"), []string{"project", "start_year", "countries", "participants", "programme_parts"}, recs); err != nil {
		return err
	}
	recs = recs[:0]
	for _, r := range rows {
		recs = append(recs, []string{r.project, r.pic, r.role, r.typ, r.country})
	}
	if err := writeCSV(filepath.Join(out, "participations.csv.gz"), []string{"project", "pic", "role", "type", "country"}, recs); err != nil {
		return err
	}
	recs = recs[:0]
	for pic, nc := range names {
		recs = append(recs, []string{pic, nc[0], nc[1]})
	}
	slices.SortFunc(recs, func(a, b []string) int { return cmpNum(a[0], b[0]) })
	if err := writeCSV(filepath.Join(out, "organisations.csv.gz"), []string{"pic", "name", "city"}, recs); err != nil {
		return err
	}
	fmt.Printf("%d projects, %d participations, %d organisations up to %d, %d names\n", len(keep), len(rows), len(existed), cutoff, len(names))
	return nil
}

// cmpNum orders numeric ids by value, then others as strings.
func cmpNum(a, b string) int {
	return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b))
}

func readCSV(path string, fn func(h map[string]int, r []string) error, need ...string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	cr := csv.NewReader(zr)
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", path, err)
	}
	h := map[string]int{}
	for i, c := range head {
		h[c] = i
	}
	for _, c := range need {
		if _, ok := h[c]; !ok {
			return fmt.Errorf("%s: no column %q", path, c)
		}
	}
	for {
		r, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := fn(h, r); err != nil {
			return err
		}
	}
}

func writeCSV(path string, head []string, recs [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	w := csv.NewWriter(zw)
	w.Write(head)
	w.WriteAll(recs)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
