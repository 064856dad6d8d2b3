package concept_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/clustergo/partnermatch/terms/concept"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// table writes a table file with English labels from "id\tlabel" lines.
func table(rows string) string {
	var ids, labels []string
	for _, r := range strings.Split(strings.TrimSuffix(rows, "\n"), "\n") {
		id, l, _ := strings.Cut(r, "\t")
		ids = append(ids, id)
		labels = append(labels, l)
	}
	return "# partnermatch concept table v1\nids " + itoa(len(ids)) + "\n" +
		strings.Join(ids, "\n") + "\nlang en\n" + strings.Join(labels, "\n") + "\n"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// readTable reads a table of English labels from "id\tlabel" lines.
func readTable(t *testing.T, rows string) *concept.Table {
	t.Helper()
	tab, err := concept.Read(strings.NewReader(table(rows)))
	require.NoError(t, err, "Read(%q)", rows)
	return tab
}

func TestRead(t *testing.T) {
	const ok = "# partnermatch concept table v1\nids 2\ncpv:1\nnace:A\nlang de\nEins\n\nlang en\none\nAgriculture\n"
	tab, err := concept.Read(strings.NewReader(ok))
	require.NoError(t, err, "Read of a valid table")
	assert.Equal(t, 2, tab.Len(), "Len")
	assert.Equal(t, []string{"de", "en"}, tab.Languages(), "Languages")
	assert.Equal(t, []concept.ID{"cpv:1", "nace:A"}, tab.IDs(), "IDs")
	l, found := tab.Label("nace:A", "de")
	assert.True(t, found, "Label(nace:A, de) falls back to English")
	assert.Equal(t, "Agriculture", l, "Label(nace:A, de)")
}

func TestReadErrors(t *testing.T) {
	const head = "# partnermatch concept table v1\n"
	tests := []struct {
		name, in string
		line     int
	}{
		{"empty", "", 1},
		{"no header", "ids 0\n", 1},
		{"no final line break", head + "ids 0", 2},
		{"no ids line", head, 2},
		{"bad count", head + "ids x\n", 2},
		{"negative count", head + "ids -1\n", 2},
		{"count beyond the file", head + "ids 3\na:1\n", 3},
		{"id without scheme", head + "ids 1\nfruit\n", 3},
		{"id with space", head + "ids 1\na:b c\n", 3},
		{"duplicate id", head + "ids 2\na:1\na:1\n", 4},
		{"bad lang line", head + "ids 1\na:1\nlanguage en\nx\n", 4},
		{"bad lang code", head + "ids 1\na:1\nlang EN\nx\n", 4},
		{"duplicate lang", head + "ids 1\na:1\nlang en\nx\nlang en\ny\n", 6},
		{"short block", head + "ids 2\na:1\na:2\nlang en\nx\n", 6},
		{"tab in label", head + "ids 1\na:1\nlang en\nx\ty\n", 5},
		{"invalid UTF-8", head + "ids 1\na:1\nlang en\n\xff\n", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := concept.Read(strings.NewReader(tt.in))
			var fe *concept.FormatError
			require.ErrorAs(t, err, &fe, "Read(%q)", tt.in)
			assert.Equal(t, tt.line, fe.Line, "Read(%q): %v", tt.in, err)
		})
	}
}

func TestDefault(t *testing.T) {
	tab := concept.Default()
	assert.Greater(t, tab.Len(), 15000, "concepts in the default table")
	for _, l := range []string{"de", "en", "es", "fr", "hr", "it", "pl", "sr"} {
		assert.Contains(t, tab.Languages(), l, "default table languages")
	}
	for _, id := range []concept.ID{"eurovoc:1115", "cpv:15332100", "nace:10.39", "nace:A"} {
		assert.True(t, tab.Has(id), "default table has %s", id)
	}
}

// TestEmbeddedSources checks that the embedded file decompresses
// to a table that names its own sources; it cannot rerun the generator,
// which needs the vocabulary tables outside the repository.
func TestEmbeddedSources(t *testing.T) {
	b, err := os.ReadFile("data/concepts.txt.gz")
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	raw, err := io.ReadAll(zr)
	require.NoError(t, err)
	_, err = concept.Read(bytes.NewReader(raw))
	require.NoError(t, err, "embedded table parses")
	src, err := os.ReadFile("data/SOURCES.md")
	require.NoError(t, err, "data/SOURCES.md exists")
	for _, s := range []string{"© European Union, EuroVoc, http://eurovoc.europa.eu/", "xterr/php-cpvcodes", "mdewilde/nace"} {
		assert.Contains(t, string(src), s, "SOURCES.md credits %s", s)
	}
}

func TestID(t *testing.T) {
	tests := []struct {
		id           concept.ID
		scheme, code string
	}{
		{"eurovoc:1115", "eurovoc", "1115"},
		{"nace:10.39", "nace", "10.39"},
		{"fruit", "", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.scheme, tt.id.Scheme(), "%q.Scheme()", tt.id)
		assert.Equal(t, tt.code, tt.id.Code(), "%q.Code()", tt.id)
	}
}

func TestBaseLanguage(t *testing.T) {
	for in, want := range map[string]string{"sr-Latn": "sr", "sr-Cyrl-RS": "sr", "de_AT": "de", "EN": "en", "": ""} {
		assert.Equal(t, want, concept.BaseLanguage(in), "BaseLanguage(%q)", in)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(table("a:1\tfruit processing\nb:2\tprocessed fruit"))
	f.Add("# partnermatch concept table v1\nids 1\na:1\nlang sr\nпрерада воћа\nlang hr\nprerada voća\n")
	f.Add("# partnermatch concept table v1\nids 99999999999\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := concept.Read(strings.NewReader(in))
		if err != nil {
			var fe *concept.FormatError
			assert.ErrorAs(t, err, &fe, "Read error type")
			return
		}
		for _, id := range tab.IDs() {
			tab.Label(id, "en")
		}
		for _, l := range append(tab.Languages(), "sr", "de") {
			got := tab.Concepts(l, in)
			assert.LessOrEqual(t, len(got), concept.MaxConcepts, "Concepts(%q) length", l)
		}
	})
}
