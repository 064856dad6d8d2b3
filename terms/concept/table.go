package concept

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// magic is the first line of a table file.
const magic = "# partnermatch concept table v1"

// A Table holds the labels of a set of concepts in several languages and
// matches text against them. Build it with [Read] or use [Default]. A
// Table is safe for concurrent use; the matching index of a language is
// built the first time that language is asked for.
type Table struct {
	ids    []ID
	pos    map[ID]int
	langs  []string            // languages with labels, sorted
	labels map[string][]string // lang -> label of ids[i], "" when missing
	slots  map[string]*slot    // text language -> its lazily built index and lexicon
}

// A slot builds the index and the lexicon of one text language once
// each.
type slot struct {
	once    sync.Once
	ix      *langIndex
	lexOnce sync.Once
	lex     *lexicon
}

// A FormatError reports a table file that [Read] cannot parse.
type FormatError struct {
	Line   int // 1-based line number of the offending line
	Reason string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("concept: line %d: %s", e.Line, e.Reason)
}

// maxTable bounds the bytes Read accepts, well above the embedded table
// (about 10 MB uncompressed) and far below memory trouble.
const maxTable = 64 << 20

// Read parses a table file: uncompressed UTF-8 text made of
//
//	# partnermatch concept table v1
//	ids N
//	N lines, one concept ID each (see [ID]), no duplicates
//	lang CODE            (one block per language, codes unique)
//	N lines, the label of each concept in that order; empty if none
//
// The file ends with a line break. Errors are [*FormatError] values that
// name the line, or the reader's own error.
func Read(r io.Reader) (*Table, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTable+1))
	if err != nil {
		return nil, fmt.Errorf("concept: read table: %w", err)
	}
	if len(b) > maxTable {
		return nil, &FormatError{Line: 0, Reason: fmt.Sprintf("table exceeds %d bytes", maxTable)}
	}
	return parse(string(b))
}

// parse reads a table from s. Labels are substrings of s, so the table
// keeps one copy of the text in memory.
func parse(s string) (*Table, error) {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return nil, &FormatError{Line: strings.Count(s, "\n") + 1, Reason: "missing final line break"}
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if s == "" {
		lines = nil
	}
	bad := func(i int, format string, args ...any) error {
		return &FormatError{Line: i + 1, Reason: fmt.Sprintf(format, args...)}
	}
	if len(lines) == 0 || lines[0] != magic {
		return nil, bad(0, "want header %q", magic)
	}
	if len(lines) < 2 {
		return nil, bad(1, "missing ids line")
	}
	ns, ok := strings.CutPrefix(lines[1], "ids ")
	n, err := strconv.Atoi(ns)
	if !ok || err != nil || n < 0 {
		return nil, bad(1, "want \"ids N\", got %q", trim(lines[1]))
	}
	if n > len(lines)-2 {
		return nil, bad(len(lines)-1, "file ends after %d of %d ids", len(lines)-2, n)
	}
	t := &Table{ids: make([]ID, n), pos: make(map[ID]int, n), labels: map[string][]string{}}
	for i := range n {
		l := lines[2+i]
		if !validID(l) {
			return nil, bad(2+i, "invalid concept id %q", trim(l))
		}
		id := ID(l)
		if _, dup := t.pos[id]; dup {
			return nil, bad(2+i, "duplicate concept id %q", l)
		}
		t.ids[i], t.pos[id] = id, i
	}
	for i := 2 + n; i < len(lines); i += 1 + n {
		lang, ok := strings.CutPrefix(lines[i], "lang ")
		if !ok || !validLang(lang) {
			return nil, bad(i, "want \"lang CODE\" (lower-case letters), got %q", trim(lines[i]))
		}
		if _, dup := t.labels[lang]; dup {
			return nil, bad(i, "duplicate language %q", lang)
		}
		if i+n >= len(lines) {
			return nil, bad(len(lines)-1, "file ends inside the labels of %q", lang)
		}
		block := lines[i+1 : i+1+n]
		for j, l := range block {
			if !utf8.ValidString(l) {
				return nil, bad(i+1+j, "label is not valid UTF-8")
			}
			if strings.ContainsAny(l, "\t\r") {
				return nil, bad(i+1+j, "label holds a tab or carriage return")
			}
		}
		t.labels[lang] = block
		t.langs = append(t.langs, lang)
	}
	slices.Sort(t.langs)
	t.slots = map[string]*slot{}
	for _, l := range t.textLanguages() {
		t.slots[l] = &slot{}
	}
	return t, nil
}

// trim shortens s for an error message.
func trim(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	for i := max; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return ""
}

func validLang(s string) bool {
	if len(s) < 2 || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

//go:generate go run ./internal/gen -src ${PARTNERMATCH_VOCAB} -out data/concepts.txt.gz

//go:embed data/concepts.txt.gz
var embedded []byte

var defaultTable = sync.OnceValues(func() (*Table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(embedded))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Grow(10 << 20) // the embedded table is 9.7 MB uncompressed
	if _, err := io.Copy(&b, zr); err != nil {
		return nil, err
	}
	return parse(b.String())
})

// Default returns the table embedded in the library: EuroVoc thesaurus
// concepts, CPV 2008 codes down to five significant digits below the
// division (category level), and all NACE Rev. 2 codes, labelled in the
// languages of package terms (see data/SOURCES.md). It is decoded once,
// on first use. Default panics if the embedded data is corrupt, which the
// package's tests rule out.
func Default() *Table {
	t, err := defaultTable()
	if err != nil {
		panic("concept: embedded table: " + err.Error())
	}
	return t
}

// Len returns the number of concepts in t.
func (t *Table) Len() int { return len(t.ids) }

// IDs returns the concepts of t, in table order.
func (t *Table) IDs() []ID { return slices.Clone(t.ids) }

// Languages returns the languages of t's labels, sorted.
func (t *Table) Languages() []string { return slices.Clone(t.langs) }

// Has reports whether t holds concept id.
func (t *Table) Has(id ID) bool {
	_, ok := t.pos[id]
	return ok
}

// Label returns the label of concept id in language lang (an ISO 639-1
// code, optionally with a region or script: "sr-Latn", "de_AT"). A
// missing label falls back to the language that stands in for lang in
// matching (Croatian for Serbian and Bosnian, Norwegian for Bokmål and
// Nynorsk), then to English. The label is returned as the source spells
// it: Serbian in Cyrillic. ok is false when t has no such concept or no
// label for it in any of these languages.
func (t *Table) Label(id ID, lang string) (label string, ok bool) {
	i, found := t.pos[id]
	if !found {
		return "", false
	}
	lang = BaseLanguage(lang)
	for _, l := range append(sources(lang), "en") {
		if ls := t.labels[l]; ls != nil && ls[i] != "" {
			return ls[i], true
		}
	}
	return "", false
}

// BaseLanguage returns the lower-case primary subtag of a language tag:
// "sr-Latn" -> "sr", "de_AT" -> "de", "EN" -> "en".
func BaseLanguage(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

// standIn maps a text language to the label language used where it has
// no label of its own.
var standIn = map[string]string{"sr": "hr", "bs": "hr", "nb": "no", "nn": "no"}

// sources returns the label languages consulted for text in lang, in
// order of preference.
func sources(lang string) []string {
	if s, ok := standIn[lang]; ok {
		return []string{lang, s}
	}
	return []string{lang}
}

// textLanguages returns the text languages t can match: its label
// languages and those with a stand-in among them.
func (t *Table) textLanguages() []string {
	out := slices.Clone(t.langs)
	for l, s := range standIn {
		if _, ok := t.labels[s]; ok && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}
