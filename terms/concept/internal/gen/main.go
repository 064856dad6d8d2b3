// Command gen rebuilds the embedded concept table, data/concepts.txt.gz,
// from the vocabulary tables that terms/concept/data/SOURCES.md describes
// (EuroVoc, CPV 2008 and NACE Rev. 2 labels extracted from public
// repositories):
//
//	go run ./terms/concept/internal/gen -src /path/to/vocab -out terms/concept/data/concepts.txt.gz
//
// It checks the inputs' SHA-256 sums against those the table was built
// from, keeps the languages of package terms (Serbian in Cyrillic only:
// the library transliterates), EuroVoc thesaurus concepts (not
// micro-thesauri or domains), CPV codes down to depth 5 and all NACE
// codes. -cpvdepth keeps other CPV levels, for measuring variants: the
// 2,616 deeper codes name single products such as "Onions" and add about
// 15% to the compressed table, and they did not improve matching across
// languages (benchmarks/RESULTS.md, issue 14). The output is deterministic: sorted, and gzip-compressed
// without a name or time stamp.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/clustergo/partnermatch/terms"
)

// sums are the SHA-256 sums of the inputs the embedded table was built
// from.
var sums = map[string]string{
	"eurovoc_labels.tsv.gz":   "54eee3b8408bd44149d347ed575d3fdfb99ee392498e37db567b9fc505d17a80",
	"cpv2008_labels.tsv.gz":   "35cdfe9942fe6e71229fc7faf77fb375953b8eca6be7fbe774ac6385874d1534",
	"cpv2008_codes.tsv.gz":    "a36d3bc56ed3586afd41da6cd8c04bcb00097918c6ef35645d01ecb378be9338",
	"nace_rev2_labels.tsv.gz": "6b30a573cbc7192318efc71ac0ac0f0293f25de201407ec2696c7edc43d4338d",
}

// defaultCPVDepth is the deepest CPV level kept (significant digits - 1)
// unless -cpvdepth says otherwise.
const defaultCPVDepth = 5

func main() {
	src := flag.String("src", "", "directory of the vocabulary tables (required)")
	out := flag.String("out", "data/concepts.txt.gz", "output file")
	anySum := flag.Bool("anysum", false, "accept inputs whose SHA-256 differs from the known one")
	cpvDepth := flag.Int("cpvdepth", defaultCPVDepth, "deepest CPV level kept (1 division ... 7 the deepest)")
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "gen: -src is required (set PARTNERMATCH_VOCAB for go generate)")
		os.Exit(2)
	}
	if *cpvDepth < 1 || *cpvDepth > 7 {
		fmt.Fprintf(os.Stderr, "gen: -cpvdepth %d: want 1 to 7\n", *cpvDepth)
		os.Exit(2)
	}
	if err := run(*src, *out, *anySum, *cpvDepth); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string, anySum bool, maxCPVDepth int) error {
	open := func(name string) ([][]string, error) {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return nil, err
		}
		if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != sums[name] && !anySum {
			return nil, fmt.Errorf("%s: SHA-256 %x differs from the known input (use -anysum to accept)", name, h)
		}
		return readTSV(name, b)
	}
	codes, err := open("cpv2008_codes.tsv.gz")
	if err != nil {
		return err
	}
	depth := map[string]int{}
	for _, r := range codes {
		d, err := strconv.Atoi(r[3])
		if err != nil {
			return fmt.Errorf("cpv2008_codes.tsv.gz: depth %q: %v", r[3], err)
		}
		depth[r[0]] = d
	}
	keep := map[string]bool{}
	for _, l := range terms.Languages() {
		keep[l] = true
	}
	labels := map[string]map[string]string{} // id -> lang -> label
	langs := map[string]bool{}
	add := func(name, prefix string, ok func(code string) bool, code func(string) string) error {
		rows, err := open(name)
		if err != nil {
			return err
		}
		for _, r := range rows {
			c, lang, text, kind := r[0], r[1], r[2], r[3]
			if kind != "pref" || !keep[lang] || !ok(c) {
				continue
			}
			// Some NACE Spanish labels end in ",,,," (a spreadsheet export).
			text = strings.TrimRight(text, ", ")
			if strings.ContainsAny(text, "\t\r\n") || text == "" {
				return fmt.Errorf("%s: label of %s/%s is empty or holds a control character", name, c, lang)
			}
			id := prefix + code(c)
			if labels[id] == nil {
				labels[id] = map[string]string{}
			}
			if _, dup := labels[id][lang]; dup {
				continue // keep the first preferred label
			}
			labels[id][lang] = text
			langs[lang] = true
		}
		return nil
	}
	same := func(c string) string { return c }
	all := func(string) bool { return true }
	if err := add("eurovoc_labels.tsv.gz", "eurovoc:", func(c string) bool {
		return !strings.HasPrefix(c, "mt:") && !strings.HasPrefix(c, "do:")
	}, same); err != nil {
		return err
	}
	if err := add("cpv2008_labels.tsv.gz", "cpv:", func(c string) bool {
		d, ok := depth[c]
		return ok && d <= maxCPVDepth
	}, func(c string) string { s, _, _ := strings.Cut(c, "-"); return s }); err != nil {
		return err
	}
	if err := add("nace_rev2_labels.tsv.gz", "nace:", all, same); err != nil {
		return err
	}

	ids := make([]string, 0, len(labels))
	for id := range labels {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ls := make([]string, 0, len(langs))
	for l := range langs {
		ls = append(ls, l)
	}
	slices.Sort(ls)

	var txt bytes.Buffer
	fmt.Fprintf(&txt, "# partnermatch concept table v1\nids %d\n", len(ids))
	for _, id := range ids {
		txt.WriteString(id + "\n")
	}
	for _, l := range ls {
		txt.WriteString("lang " + l + "\n")
		for _, id := range ids {
			txt.WriteString(labels[id][l] + "\n")
		}
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(txt.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(out, gz.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("gen: %d concepts, %d languages %v, %d bytes raw, %d bytes gzip -> %s\n",
		len(ids), len(ls), ls, txt.Len(), gz.Len(), out)
	return nil
}

// readTSV reads a gzip-compressed table with a header line and four
// tab-separated columns.
func readTSV(name string, b []byte) ([][]string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	var rows [][]string
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("%s: line %d: %d columns, want 4", name, n, len(f))
		}
		rows = append(rows, f)
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return rows, nil
}
