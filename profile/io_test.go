package profile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

// recordErrors returns the *RecordErrors joined in err, in order.
func recordErrors(t *testing.T, err error) []*profile.RecordError {
	t.Helper()
	if err == nil {
		return nil
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var out []*profile.RecordError
	for _, e := range errs {
		var re *profile.RecordError
		require.ErrorAs(t, e, &re, "every joined error is a *RecordError: %v", e)
		out = append(out, re)
	}
	return out
}

// lines returns the Line of each error.
func lines(res []*profile.RecordError) []int {
	var out []int
	for _, r := range res {
		out = append(out, r.Line)
	}
	return out
}

func ids(ps []profile.Profile) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

const (
	good1 = `{"id":"a","name":"A","country":"de"}`
	good2 = `{"id":"b","name":"B","country":"EL","sectors":["27.20"]}`
	good3 = `{"id":"c","name":"C","country":"FR"}`
)

func TestReadJSONL(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opt     profile.ReadOptions
		ids     []string // ids of the profiles returned
		lines   []int    // lines of the errors reported
		is      error    // every error matches this
		field   string   // if set, the first error holds a FieldError for this field...
		value   string   // ...with this value
		message string   // if set, the first error's message
	}{
		{name: "empty", in: ""},
		{name: "blank lines only", in: "\n  \n\t\r\n"},
		{name: "good", in: good1 + "\n\n" + good2 + "\n", ids: []string{"a", "b"}},
		{name: "no final newline", in: good1 + "\n" + good2, ids: []string{"a", "b"}},
		{name: "CRLF and BOM", in: "\ufeff" + good1 + "\r\n" + good2 + "\r\n", ids: []string{"a", "b"}},
		{name: "malformed JSON", in: good1 + "\n{\"id\":\n" + good2, ids: []string{"a", "b"}, lines: []int{2}, is: profile.ErrSyntax},
		{name: "not an object", in: good1 + "\n[1,2]\n\"a\"\nnull\n" + good2, ids: []string{"a", "b"}, lines: []int{2, 3, 4}, is: profile.ErrSyntax},
		{name: "two objects on a line", in: good1 + " " + good2, lines: []int{1}, is: profile.ErrSyntax},
		{name: "unknown key strict", in: good1 + "\n" + `{"id":"x","name":"X","country":"DE","colour":"red"}`, ids: []string{"a"},
			lines: []int{2}, is: profile.ErrInvalid, field: "colour", value: "red",
			message: `profile: line 2: invalid profile "x": colour "red": unknown key`},
		{name: "unknown key lenient", in: good1 + "\n" + `{"id":"x","name":"X","country":"DE","colour":"red"}`,
			opt: profile.ReadOptions{Lenient: true}, ids: []string{"a", "x"}},
		{name: "key in other case", in: `{"ID":"x","name":"X","country":"DE"}`, lines: []int{1}, is: profile.ErrInvalid, field: "ID", value: "x"},
		{name: "duplicate key", in: `{"id":"x","name":"X","name":"Y","country":"DE"}`, lines: []int{1}, is: profile.ErrInvalid, field: "name", value: "Y"},
		{name: "duplicate key lenient", in: `{"id":"x","name":"X","name":"Y","country":"DE"}`, opt: profile.ReadOptions{Lenient: true},
			lines: []int{1}, is: profile.ErrInvalid, field: "name", value: "Y"},
		{name: "number as string", in: `{"id":"x","name":"X","country":"DE","members":"abc"}`, lines: []int{1}, is: profile.ErrInvalid,
			field: "members", value: "abc"},
		{name: "fractional number", in: `{"id":"x","name":"X","country":"DE","members":1.5}`, lines: []int{1}, is: profile.ErrInvalid,
			field: "members", value: "1.5"},
		{name: "list as string", in: `{"id":"x","name":"X","country":"DE","sectors":"C27"}`, lines: []int{1}, is: profile.ErrInvalid,
			field: "sectors", value: "C27"},
		{name: "invalid profile", in: good1 + "\n" + good2 + "\n" + `{"id":"x","country":"ZZ"}` + "\n" + good3, ids: []string{"a", "b", "c"},
			lines: []int{3}, is: profile.ErrInvalid, field: "name", value: ""},
		{name: "every bad record", in: "{\n" + good1 + "\n{\"id\":\"x\"}\n\n" + good1 + "\n" + `{"id":"y","name":"Y","country":"DE","smes":-1}`,
			ids: []string{"a"}, lines: []int{1, 3, 5, 6}},
		{name: "fail fast", in: good1 + "\n{\n" + good2 + "\n{\n", opt: profile.ReadOptions{FailFast: true},
			ids: []string{"a"}, lines: []int{2}, is: profile.ErrSyntax},
		{name: "invalid UTF-8", in: good1 + "\n" + `{"id":"x","name":"X` + "\xff" + `","country":"DE"}` + "\n" + good2,
			ids: []string{"a", "b"}, lines: []int{2}, is: profile.ErrInvalid, field: "name", value: "X\xff",
			message: `profile: line 2: invalid profile "x": name "X\xff": not valid UTF-8`},
		{name: "invalid UTF-8 in a list item", in: `{"id":"x","name":"X","country":"DE","offers":["lidar","r` + "\xc3(" + `dar"]}`,
			lines: []int{1}, is: profile.ErrInvalid, field: "offers[1]", value: "r\xc3(dar"},
		{name: "invalid UTF-8 in a code", in: `{"id":"x","name":"X","country":"D` + "\xe9" + `"}`,
			lines: []int{1}, is: profile.ErrInvalid, field: "country", value: "D\xe9"},
		{name: "lone surrogate escape", in: `{"id":"x","name":"X \ud800","country":"DE"}`,
			lines: []int{1}, is: profile.ErrInvalid, field: "name", value: `X \ud800`},
		{name: "low surrogate first", in: `{"id":"x","name":"X","country":"DE","needs":["\uDC00\uD800"]}`,
			lines: []int{1}, is: profile.ErrInvalid, field: "needs[0]", value: `\uDC00\uD800`},
		{name: "escapes, pairs and U+FFFD itself", in: `{"id":"x","name":"\u00c9 \ud83d\ude00 \ufffd ` + "\ufffd" + ` \\ud800","country":"DE"}`,
			ids: []string{"x"}},
		{name: "line too long", in: good1 + "\n" + `{"id":"long","name":"` + strings.Repeat("x", 100) + `","country":"DE"}` + "\n" + good2,
			opt: profile.ReadOptions{MaxLineBytes: 80}, ids: []string{"a", "b"}, lines: []int{2}, is: profile.ErrSyntax},
		{name: "line at the limit", in: good1 + "\n" + good2, opt: profile.ReadOptions{MaxLineBytes: len(good2)}, ids: []string{"a", "b"}},
		{name: "line over the limit", in: good1 + "\n" + good2, opt: profile.ReadOptions{MaxLineBytes: len(good2) - 1}, ids: []string{"a"},
			lines: []int{2}, is: profile.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := profile.ReadJSONLWith(strings.NewReader(tt.in), tt.opt)
			assert.Equal(t, tt.ids, ids(ps), "ids read from %q", tt.in)
			res := recordErrors(t, err)
			assert.Equal(t, tt.lines, lines(res), "lines of the errors reading %q: %v", tt.in, err)
			checkRecordErrors(t, tt.in, err, res, tt.is, tt.field, tt.value, tt.message)
		})
	}
}

func checkRecordErrors(t *testing.T, in string, err error, res []*profile.RecordError, is error, field, value, message string) {
	t.Helper()
	if is != nil {
		for _, re := range res {
			assert.ErrorIs(t, re, is, "error reading %q", in)
		}
	}
	if field != "" && len(res) > 0 {
		var fe *profile.FieldError
		if assert.ErrorAs(t, res[0], &fe, "error reading %q", in) {
			assert.Equal(t, field, fe.Field, "field named reading %q", in)
			assert.Equal(t, value, fe.Value, "value named reading %q", in)
		}
		var ve *profile.ValidationError
		assert.ErrorAs(t, res[0], &ve, "error reading %q", in)
	}
	if message != "" {
		assert.EqualError(t, err, message, "message reading %q", in)
	}
}

func TestReadJSONLNormalises(t *testing.T) {
	ps, err := profile.ReadJSONL(strings.NewReader(`{"id":" b ","name":"B","country":"el","kind":"Company","sectors":["2720","c27.2",""],"offers":[]}`))
	require.NoError(t, err, "ReadJSONL")
	require.Len(t, ps, 1, "ReadJSONL")
	want := profile.Profile{ID: "b", Name: "B", Kind: "company", Country: "GR", Language: "en", Sectors: []string{"C27.20", "C27.2"}}
	assert.Equal(t, want, ps[0], "ReadJSONL normalises")
}

func TestReadJSONLDuplicate(t *testing.T) {
	in := good1 + "\n" + good2 + "\n\n" + `{"id":"a","name":"Other A","country":"FR"}` + "\n" + good3
	ps, err := profile.ReadJSONL(strings.NewReader(in))
	assert.Equal(t, []string{"a", "b", "c"}, ids(ps), "ReadJSONL(%q) keeps the first of a duplicate", in)
	assert.Equal(t, "A", ps[0].Name, "ReadJSONL(%q) keeps the first of a duplicate", in)
	assert.ErrorIs(t, err, profile.ErrDuplicate, "ReadJSONL(%q)", in)
	var de *profile.DuplicateError
	require.ErrorAs(t, err, &de, "ReadJSONL(%q)", in)
	assert.Equal(t, profile.DuplicateError{ID: "a", FirstLine: 1, Line: 4}, *de, "ReadJSONL(%q)", in)
	var re *profile.RecordError
	require.ErrorAs(t, err, &re, "ReadJSONL(%q)", in)
	assert.Equal(t, 4, re.Line, "line of the duplicate in %q", in)
	assert.Equal(t, "a", re.ID, "id of the duplicate in %q", in)
	assert.EqualError(t, err, `profile: line 4: duplicate id "a" on line 4, first on line 1`, "message for %q", in)

	// An invalid record still claims its id: both lines are reported.
	in = `{"id":"a","country":"DE"}` + "\n" + good1
	ps, err = profile.ReadJSONL(strings.NewReader(in))
	assert.Empty(t, ps, "ReadJSONL(%q)", in)
	res := recordErrors(t, err)
	assert.Equal(t, []int{1, 2}, lines(res), "ReadJSONL(%q)", in)
	assert.ErrorIs(t, res[0], profile.ErrInvalid, "ReadJSONL(%q) line 1", in)
	assert.ErrorIs(t, res[1], profile.ErrDuplicate, "ReadJSONL(%q) line 2", in)
}

func TestReadJSONLLargeLine(t *testing.T) {
	// Lines far above bufio.Scanner's 64 KiB default are fine.
	desc := strings.Repeat("word ", 1<<20) // 5 MiB
	in := `{"id":"big","name":"Big","country":"DE","description":"` + desc + `"}` + "\n" + good1
	ps, err := profile.ReadJSONL(strings.NewReader(in))
	require.NoError(t, err, "ReadJSONL of a 5 MiB line")
	assert.Equal(t, []string{"big", "a"}, ids(ps), "ReadJSONL of a 5 MiB line")
	assert.Equal(t, strings.TrimSpace(desc), ps[0].Description, "description of a 5 MiB line")
}

func TestReadJSONLReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader(good1+"\n"+good2), iotest.ErrReader(boom))
	ps, err := profile.ReadJSONL(r)
	assert.Equal(t, []string{"a"}, ids(ps), "ReadJSONL before a read error: the last line may be cut short")
	assert.ErrorIs(t, err, boom, "ReadJSONL returns the read error")
}

func TestRecordErrorUnwrap(t *testing.T) {
	in := `{"id":"x","name":"X","country":"DE","members":"abc","founded":99999}`
	_, err := profile.ReadJSONL(strings.NewReader("\n" + in))
	var re *profile.RecordError
	require.ErrorAs(t, err, &re, "ReadJSONL(%q)", in)
	assert.Equal(t, 2, re.Line, "line of %q", in)
	assert.Equal(t, "x", re.ID, "id of %q", in)
	var ve *profile.ValidationError
	require.ErrorAs(t, err, &ve, "ReadJSONL(%q)", in)
	assert.Equal(t, []string{"members", "founded"}, fieldNames(ve), "decoding and validation problems together in %q", in)
	assert.True(t, strings.HasPrefix(err.Error(), "profile: line 2: invalid profile"), "message %q has one package prefix", err)
}

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opt     profile.ReadOptions
		ids     []string
		lines   []int
		records []int
		is      error
		field   string
		value   string
	}{
		{name: "empty", in: " \n "},
		{name: "empty array", in: "[]"},
		{name: "one per line", in: "[\n" + good1 + ",\n" + good2 + "\n]\n", ids: []string{"a", "b"}},
		{name: "invalid element", in: "[\n" + good1 + ",\n" + `{"id":"x"}` + ",\n" + good2 + "]", ids: []string{"a", "b"},
			lines: []int{3}, records: []int{2}, is: profile.ErrInvalid, field: "name"},
		{name: "one line", in: "[" + good1 + "," + good2 + ",{}]", ids: []string{"a", "b"},
			lines: []int{1}, records: []int{3}, is: profile.ErrInvalid, field: "id"},
		{name: "not an object", in: "[\n" + good1 + ",\n7,\n" + good2 + "]", ids: []string{"a", "b"},
			lines: []int{3}, records: []int{2}, is: profile.ErrSyntax},
		{name: "unknown key", in: "[\n" + `{"id":"x","name":"X","country":"DE","colour":1}` + "]",
			lines: []int{2}, records: []int{1}, is: profile.ErrInvalid, field: "colour", value: "1"},
		{name: "unknown key lenient", in: "[\n" + `{"id":"x","name":"X","country":"DE","colour":1}` + "]",
			opt: profile.ReadOptions{Lenient: true}, ids: []string{"x"}},
		{name: "duplicate", in: "[\n" + good1 + ",\n\n" + good1 + "]", ids: []string{"a"},
			lines: []int{4}, records: []int{2}, is: profile.ErrDuplicate},
		{name: "syntax error ends reading", in: "[\n" + good1 + ",\n{\"id\" 1},\n" + good2 + "]", ids: []string{"a"},
			lines: []int{3}, records: []int{0}, is: profile.ErrSyntax},
		{name: "missing comma", in: "[\n" + good1 + "\n" + good2 + "]", ids: []string{"a"},
			lines: []int{3}, records: []int{0}, is: profile.ErrSyntax},
		{name: "not an array", in: good1, lines: []int{1}, records: []int{0}, is: profile.ErrSyntax},
		{name: "unterminated", in: "[" + good1, ids: []string{"a"}, lines: []int{1}, records: []int{0}, is: profile.ErrSyntax},
		{name: "trailing data", in: "[" + good1 + "]\n[]", ids: []string{"a"}, lines: []int{2}, records: []int{0}, is: profile.ErrSyntax},
		{name: "fail fast", in: "[{},{},\n" + good1 + "]", opt: profile.ReadOptions{FailFast: true},
			lines: []int{1}, records: []int{1}, is: profile.ErrInvalid},
		{name: "invalid UTF-8", in: "[\n" + good1 + ",\n" + `{"id":"x","name":"X","country":"DE","city":"K` + "\xf6" + `ln"}` + "\n]",
			ids: []string{"a"}, lines: []int{3}, records: []int{2}, is: profile.ErrInvalid, field: "city", value: "K\xf6ln"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := profile.ReadJSONWith(strings.NewReader(tt.in), tt.opt)
			assert.Equal(t, tt.ids, ids(ps), "ids read from %q", tt.in)
			res := recordErrors(t, err)
			assert.Equal(t, tt.lines, lines(res), "lines of the errors reading %q: %v", tt.in, err)
			var records []int
			for _, r := range res {
				records = append(records, r.Record)
			}
			assert.Equal(t, tt.records, records, "records of the errors reading %q: %v", tt.in, err)
			checkRecordErrors(t, tt.in, err, res, tt.is, tt.field, tt.value, "")
		})
	}
}

func TestReadJSONMessage(t *testing.T) {
	in := "[\n" + good1 + ",\n" + `{"id":"x","name":"X","country":"DE","members":"abc"}` + "\n]"
	_, err := profile.ReadJSON(strings.NewReader(in))
	assert.EqualError(t, err, `profile: line 3, record 2: invalid profile "x": members "abc": must be an integer`, "ReadJSON(%q)", in)
}

const csvHeader = "id,name,kind,country,region,city,website,language,description,sectors,categories,industries,ecosystems," +
	"technologies,offers,needs,target_markets,members,smes,founded,label,partnerships"

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opt     profile.ReadOptions
		ids     []string
		lines   []int
		is      error
		field   string
		value   string
		message string
	}{
		{name: "empty", in: ""},
		{name: "header only", in: "id,name,country\n"},
		{name: "minimal", in: "id,name,country\na,A,DE\nb,B,el\n", ids: []string{"a", "b"}},
		{name: "any order, header case, BOM", in: "\ufeffCountry, Name ,ID\nDE,A,a\n", ids: []string{"a"}},
		{name: "blank and empty records", in: "id,name,country\n\na,A,DE\n,,\n\nb,B,FR\n", ids: []string{"a", "b"}},
		{name: "CRLF", in: "id,name,country\r\na,A,DE\r\n", ids: []string{"a"}},
		{name: "bad int", in: "id,name,country,members\na,A,DE,12\nb,B,FR,abc\n", ids: []string{"a"},
			lines: []int{3}, is: profile.ErrInvalid, field: "members", value: "abc",
			message: `profile: line 3: invalid profile "b": members "abc": not an integer`},
		{name: "int with spaces", in: "id,name,country,founded\na,A,DE, 1990 \n", ids: []string{"a"}},
		{name: "unknown column", in: "id,name,country,colour\na,A,DE,red\n", lines: []int{1}, is: profile.ErrInvalid,
			field: "header", value: "colour"},
		{name: "unknown column lenient", in: "id,name,country,colour\na,A,DE,red\n", opt: profile.ReadOptions{Lenient: true}, ids: []string{"a"}},
		{name: "missing id column", in: "name,country\nA,DE\n", lines: []int{1}, is: profile.ErrInvalid, field: "header", value: "id",
			message: `profile: line 1: invalid CSV header: header "id": missing required column`},
		{name: "missing id column lenient", in: "name,country\nA,DE\n", opt: profile.ReadOptions{Lenient: true},
			lines: []int{1}, is: profile.ErrInvalid, field: "header", value: "id"},
		{name: "duplicate column", in: "id,name,country,name\na,A,DE,B\n", lines: []int{1}, is: profile.ErrInvalid, field: "header", value: "name"},
		{name: "header after blank lines", in: "\n\nid,colour\n", lines: []int{3}, is: profile.ErrInvalid},
		{name: "invalid profile", in: "id,name,country,sectors\na,A,DE,C27;C99\nb,B,FR,27.20\n", ids: []string{"b"},
			lines: []int{2}, is: profile.ErrInvalid, field: "sectors[1]", value: "C99"},
		{name: "wrong field count", in: "id,name,country\na,A,DE,x\nb,B\nc,C,FR\n", ids: []string{"c"},
			lines: []int{2, 3}, is: profile.ErrSyntax},
		{name: "bare quote", in: "id,name,country\na,A \"x\",DE\nb,B,FR\n", ids: []string{"b"}, lines: []int{2}, is: profile.ErrSyntax},
		{name: "multi-line field", in: "id,name,country,description\na,A,DE,\"two\nlines\"\nb,B,FR,\nc,,FR,\n", ids: []string{"a", "b"},
			lines: []int{5}, is: profile.ErrInvalid, field: "name"},
		{name: "duplicate id", in: "id,name,country\na,A,DE\nb,B,DE\na,A2,FR\n", ids: []string{"a", "b"},
			lines: []int{4}, is: profile.ErrDuplicate},
		{name: "invalid UTF-8", in: "id,name,country\na,A\xff,DE\n", lines: []int{2}, is: profile.ErrInvalid, field: "name", value: "A\xff"},
		{name: "fail fast", in: "id,name,country\na,A,DE\nb,,DE\nc,,DE\n", opt: profile.ReadOptions{FailFast: true},
			ids: []string{"a"}, lines: []int{3}, is: profile.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := profile.ReadCSVWith(strings.NewReader(tt.in), tt.opt)
			assert.Equal(t, tt.ids, ids(ps), "ids read from %q", tt.in)
			res := recordErrors(t, err)
			assert.Equal(t, tt.lines, lines(res), "lines of the errors reading %q: %v", tt.in, err)
			checkRecordErrors(t, tt.in, err, res, tt.is, tt.field, tt.value, tt.message)
		})
	}
}

func TestReadCSVLists(t *testing.T) {
	in := "id,name,country,sectors,offers,target_markets,members,smes\n" +
		"a,A,DE,27.20; c27.2 ;;C,\"lidar; radar\",us;el,10,\n"
	ps, err := profile.ReadCSV(strings.NewReader(in))
	require.NoError(t, err, "ReadCSV(%q)", in)
	require.Len(t, ps, 1, "ReadCSV(%q)", in)
	want := profile.Profile{ID: "a", Name: "A", Kind: "cluster", Country: "DE", Language: "en",
		Sectors: []string{"C27.20", "C27.2", "C"}, Offers: []string{"lidar", "radar"},
		TargetMarkets: []string{"US", "GR"}, Members: 10}
	assert.Equal(t, want, ps[0], "ReadCSV(%q)", in)
}

// fullProfiles returns valid normalised profiles: one with every field,
// one with only the required ones, and one with awkward text.
func fullProfiles() []profile.Profile {
	awkward := profile.Profile{
		ID: "q:1", Name: `Quote "and" comma, here`, Kind: "research", Country: "GR", Region: "EL30",
		Language: "en", Description: "two\nlines, and \"quotes\"\rand a CR", City: " x", // leading space, kept as given
		Offers: []string{`"quoted"`, "comma, inside"}, Members: 3, SMEs: 3,
	}
	awkward.Normalize()
	return []profile.Profile{validProfile(), {ID: "min", Name: "Minimal", Kind: "cluster", Country: "DE", Language: "en"}, awkward}
}

func TestRoundTrip(t *testing.T) {
	want := fullProfiles()
	var jsonl bytes.Buffer
	require.NoError(t, profile.WriteJSONL(&jsonl, want), "WriteJSONL")
	fromJSONL, err := profile.ReadJSONL(bytes.NewReader(jsonl.Bytes()))
	require.NoError(t, err, "ReadJSONL(%s)", jsonl.String())
	assert.Equal(t, want, fromJSONL, "JSONL round trip")

	var csvOut bytes.Buffer
	require.NoError(t, profile.WriteCSV(&csvOut, fromJSONL), "WriteCSV")
	fromCSV, err := profile.ReadCSV(bytes.NewReader(csvOut.Bytes()))
	require.NoError(t, err, "ReadCSV(%s)", csvOut.String())
	assert.Equal(t, want, fromCSV, "JSONL -> CSV round trip")

	var again bytes.Buffer
	require.NoError(t, profile.WriteJSONL(&again, fromCSV), "WriteJSONL")
	assert.Equal(t, jsonl.String(), again.String(), "JSONL -> CSV -> JSONL gives the same bytes")

	var arr bytes.Buffer
	arr.WriteString("[")
	arr.WriteString(strings.Join(strings.Split(strings.TrimSpace(jsonl.String()), "\n"), ",\n"))
	arr.WriteString("]")
	fromJSON, err := profile.ReadJSON(&arr)
	require.NoError(t, err, "ReadJSON")
	assert.Equal(t, want, fromJSON, "JSON array round trip")
}

func TestWriteJSONL(t *testing.T) {
	var b bytes.Buffer
	ps := []profile.Profile{{ID: "min", Name: "A & B <x>", Kind: "cluster", Country: "DE", Language: "en"}}
	require.NoError(t, profile.WriteJSONL(&b, ps), "WriteJSONL(%+v)", ps)
	assert.Equal(t, `{"id":"min","name":"A & B <x>","kind":"cluster","country":"DE","language":"en"}`+"\n", b.String(),
		"WriteJSONL(%+v) omits empty fields, keeps HTML characters", ps)

	b.Reset()
	require.NoError(t, profile.WriteJSONL(&b, nil), "WriteJSONL(nil)")
	assert.Empty(t, b.String(), "WriteJSONL(nil)")

	err := profile.WriteJSONL(failWriter{}, ps)
	assert.ErrorIs(t, err, errWrite, "WriteJSONL to a failing writer")
}

var errWrite = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	ps := []profile.Profile{{ID: "a", Name: "A", Kind: "cluster", Country: "DE", Language: "en", Sectors: []string{"C27", "C28"}, Founded: 1990}}
	require.NoError(t, profile.WriteCSV(&b, ps), "WriteCSV(%+v)", ps)
	assert.Equal(t, csvHeader+"\na,A,cluster,DE,,,,en,,C27;C28,,,,,,,,,,1990,,\n", b.String(), "WriteCSV(%+v)", ps)
	assert.Equal(t, csvHeader, strings.Join(profile.Keys(), ","), "Keys() in canonical order")

	b.Reset()
	require.NoError(t, profile.WriteCSV(&b, nil), "WriteCSV(nil)")
	assert.Equal(t, csvHeader+"\n", b.String(), "WriteCSV(nil) writes the header")

	assert.ErrorIs(t, profile.WriteCSV(failWriter{}, ps), errWrite, "WriteCSV to a failing writer")
}

func TestWriteCSVUnfaithful(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *profile.Profile)
		field string
		value string
	}{
		{"separator in a list item", func(p *profile.Profile) { p.Offers = []string{"ok", "lidar; radar"} }, "offers[1]", "lidar; radar"},
		{"separator in a partnership id", func(p *profile.Profile) { p.Partnerships = []string{"a;b"} }, "partnerships[0]", "a;b"},
		{"CRLF in text", func(p *profile.Profile) { p.Description = "one\r\ntwo" }, "description", "one\r\ntwo"},
	}
	for _, tt := range tests {
		p := validProfile()
		tt.edit(&p)
		var b bytes.Buffer
		err := profile.WriteCSV(&b, []profile.Profile{fullProfiles()[1], p})
		require.Error(t, err, "WriteCSV(%s)", tt.name)
		var ve *profile.ValidationError
		if assert.ErrorAs(t, err, &ve, "WriteCSV(%s)", tt.name) {
			assert.Equal(t, p.ID, ve.ID, "profile named by WriteCSV(%s)", tt.name)
			if assert.Len(t, ve.Fields, 1, "fields named by WriteCSV(%s)", tt.name) {
				assert.Equal(t, tt.field, ve.Fields[0].Field, "field named by WriteCSV(%s)", tt.name)
				assert.Equal(t, tt.value, ve.Fields[0].Value, "value named by WriteCSV(%s)", tt.name)
			}
		}
		assert.Contains(t, b.String(), "\nmin,", "WriteCSV(%s) writes the records before the bad one", tt.name)
		assert.NotContains(t, b.String(), p.ID, "WriteCSV(%s) does not write the bad record", tt.name)
	}
}

func TestReadPartnerships(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		ids     []string
		lines   []int
		is      error
		field   string
		value   string
		message string
	}{
		{name: "empty input", in: ""},
		{name: "empty list", in: `{"partnerships":[]}`},
		{name: "no key", in: `{}`},
		{name: "good", in: `{"partnerships":[` + "\n" +
			`{"id":"p1","name":"Mobility","members":["a","b"],"target_markets":["us"]},` + "\n" +
			`{"id":"p2","members":["c"]}` + "\n]}", ids: []string{"p1", "p2"}},
		{name: "bad id", in: `{"partnerships":[{"id":"p 1","members":["a"]}]}`, lines: []int{1}, is: profile.ErrInvalid, field: "id", value: "p 1"},
		{name: "no members", in: `{"partnerships":[{"id":"p1","members":[]},{"id":"p2"}]}`, lines: []int{1, 1}, is: profile.ErrInvalid,
			field: "members", message: "profile: line 1, record 1: invalid partnership \"p1\": members \"\": needs at least one member id\n" +
				"profile: line 1, record 2: invalid partnership \"p2\": members \"\": needs at least one member id"},
		{name: "bad member id", in: `{"partnerships":[{"id":"p1","members":["a","b/c"]}]}`, lines: []int{1}, is: profile.ErrInvalid,
			field: "members[1]", value: "b/c"},
		{name: "unknown market", in: `{"partnerships":[{"id":"p1","members":["a"],"target_markets":["US","ZZ"]}]}`, lines: []int{1},
			is: profile.ErrInvalid, field: "target_markets[1]", value: "ZZ"},
		{name: "unknown key", in: `{"partnerships":[{"id":"p1","members":["a"],"markets":["US"]}]}`, lines: []int{1},
			is: profile.ErrInvalid, field: "markets", value: `["US"]`},
		{name: "wrong type", in: `{"partnerships":[{"id":"p1","members":"a"}]}`, lines: []int{1}, is: profile.ErrInvalid,
			field: "members", value: "a"},
		{name: "duplicate id", in: "{\"partnerships\":[\n{\"id\":\"p1\",\"members\":[\"a\"]},\n{\"id\":\"p1\",\"members\":[\"b\"]}]}",
			ids: []string{"p1"}, lines: []int{3}, is: profile.ErrDuplicate,
			message: `profile: line 3, record 2: duplicate id "p1" on line 3, first on line 2`},
		{name: "unknown top-level key", in: "{\"partnerships\":[{\"id\":\"p1\",\"members\":[\"a\"]}],\n\"version\":2}", ids: []string{"p1"},
			lines: []int{2}, is: profile.ErrInvalid, field: "version", value: "2"},
		{name: "top-level array", in: `[{"id":"p1","members":["a"]}]`, lines: []int{1}, is: profile.ErrSyntax},
		{name: "list not an array", in: `{"partnerships":{}}`, lines: []int{1}, is: profile.ErrSyntax},
		{name: "element not an object", in: `{"partnerships":[1,{"id":"p1","members":["a"]}]}`, ids: []string{"p1"}, lines: []int{1}, is: profile.ErrSyntax},
		{name: "syntax error", in: `{"partnerships":[{"id":"p1","members":["a"]},{"id"}]}`, ids: []string{"p1"}, lines: []int{1}, is: profile.ErrSyntax},
		{name: "invalid UTF-8", in: `{"partnerships":[{"id":"p1","name":"Mobilit` + "\xe9" + `","members":["a"]}]}`, lines: []int{1},
			is: profile.ErrInvalid, field: "name", value: "Mobilit\xe9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := profile.ReadPartnerships(strings.NewReader(tt.in))
			var got []string
			for _, p := range ps {
				got = append(got, p.ID)
			}
			assert.Equal(t, tt.ids, got, "ids read from %q", tt.in)
			res := recordErrors(t, err)
			assert.Equal(t, tt.lines, lines(res), "lines of the errors reading %q: %v", tt.in, err)
			if tt.is != nil {
				for _, re := range res {
					assert.ErrorIs(t, re, tt.is, "error reading %q", tt.in)
				}
			}
			if tt.field != "" && len(res) > 0 {
				var fe *profile.FieldError
				if assert.ErrorAs(t, res[0], &fe, "error reading %q", tt.in) {
					assert.Equal(t, tt.field, fe.Field, "field named reading %q", tt.in)
					assert.Equal(t, tt.value, fe.Value, "value named reading %q", tt.in)
				}
			}
			if tt.message != "" {
				assert.EqualError(t, err, tt.message, "message reading %q", tt.in)
			}
		})
	}
}

func TestPartnershipsRoundTrip(t *testing.T) {
	in := `{"partnerships":[{"id":" p1 ","name":" Mobility  ","members":["a","b","a",""],"target_markets":["us","EL","US"]},` +
		`{"id":"p2","members":["c"],"target_markets":[]}]}`
	ps, err := profile.ReadPartnerships(strings.NewReader(in))
	require.NoError(t, err, "ReadPartnerships(%q)", in)
	want := []profile.Partnership{
		{ID: "p1", Name: "Mobility", Members: []string{"a", "b"}, TargetMarkets: []string{"US", "GR"}},
		{ID: "p2", Members: []string{"c"}},
	}
	assert.Equal(t, want, ps, "ReadPartnerships(%q) normalises", in)

	var b bytes.Buffer
	require.NoError(t, profile.WritePartnerships(&b, ps), "WritePartnerships(%+v)", ps)
	assert.Equal(t, "{\"partnerships\": [\n"+
		`{"id":"p1","name":"Mobility","members":["a","b"],"target_markets":["US","GR"]},`+"\n"+
		`{"id":"p2","members":["c"]}`+"\n]}\n", b.String(), "WritePartnerships(%+v)", ps)
	again, err := profile.ReadPartnerships(&b)
	require.NoError(t, err, "ReadPartnerships(WritePartnerships(%+v))", ps)
	assert.Equal(t, ps, again, "partnerships round trip")

	b.Reset()
	require.NoError(t, profile.WritePartnerships(&b, nil), "WritePartnerships(nil)")
	got, err := profile.ReadPartnerships(&b)
	assert.NoError(t, err, "ReadPartnerships(WritePartnerships(nil))")
	assert.Empty(t, got, "ReadPartnerships(WritePartnerships(nil))")

	assert.ErrorIs(t, profile.WritePartnerships(failWriter{}, ps), errWrite, "WritePartnerships to a failing writer")
}

// seqEvents renders what an iterator yields, in order: a profile by its id,
// an error by "line N" (a *RecordError) or "read error".
func seqEvents(t *testing.T, seq iter.Seq2[profile.Profile, error]) []string {
	t.Helper()
	var out []string
	for p, err := range seq {
		var re *profile.RecordError
		switch {
		case err == nil:
			assert.NotEmpty(t, p.ID, "a profile yielded without error is valid")
			out = append(out, p.ID)
		case errors.As(err, &re):
			assert.Zero(t, p, "the profile yielded with %v", err)
			out = append(out, fmt.Sprintf("line %d", re.Line))
		default:
			out = append(out, "read error")
		}
	}
	return out
}

func TestReadSeq(t *testing.T) {
	type readers struct {
		seq   func(io.Reader, profile.ReadOptions) iter.Seq2[profile.Profile, error]
		slice func(io.Reader, profile.ReadOptions) ([]profile.Profile, error)
	}
	jsonl := readers{profile.ReadJSONLSeq, profile.ReadJSONLWith}
	jsonArray := readers{profile.ReadJSONSeq, profile.ReadJSONWith}
	csvForm := readers{profile.ReadCSVSeq, profile.ReadCSVWith}
	bad := `{"id":"x","country":"ZZ"}` // no name, unknown country
	tests := []struct {
		name string
		r    readers
		in   string
		opt  profile.ReadOptions
		want []string
	}{
		{"jsonl empty", jsonl, "", profile.ReadOptions{}, nil},
		{"jsonl errors in order, reading goes on", jsonl, good1 + "\n" + bad + "\n{\n" + good2, profile.ReadOptions{},
			[]string{"a", "line 2", "line 3", "b"}},
		{"jsonl fail fast", jsonl, good1 + "\n" + bad + "\n" + good2, profile.ReadOptions{FailFast: true}, []string{"a", "line 2"}},
		{"jsonl duplicate", jsonl, good1 + "\n" + good1, profile.ReadOptions{}, []string{"a", "line 2"}},
		{"json array", jsonArray, "[" + good1 + ",\n" + bad + ",\n" + good2 + "]", profile.ReadOptions{}, []string{"a", "line 2", "b"}},
		{"json array syntax error last", jsonArray, "[" + good1 + ",\n" + good2 + ",\n", profile.ReadOptions{}, []string{"a", "b", "line 3"}},
		{"csv", csvForm, "id,name,country\na,A,DE\nx,,ZZ\nb,B,FR\n", profile.ReadOptions{}, []string{"a", "line 3", "b"}},
		{"csv header error alone", csvForm, "id,name\na,A\n", profile.ReadOptions{}, []string{"line 1"}},
		{"csv fail fast", csvForm, "id,name,country\nx,,ZZ\nb,B,FR\n", profile.ReadOptions{FailFast: true}, []string{"line 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, seqEvents(t, tt.r.seq(strings.NewReader(tt.in), tt.opt)), "what the iterator yields reading %q", tt.in)

			// The slice form returns the same profiles and errors.
			var wantIDs []string
			var wantErrs []string
			for _, e := range tt.want {
				if strings.HasPrefix(e, "line ") {
					wantErrs = append(wantErrs, e)
				} else {
					wantIDs = append(wantIDs, e)
				}
			}
			ps, err := tt.r.slice(strings.NewReader(tt.in), tt.opt)
			assert.Equal(t, wantIDs, ids(ps), "profiles of the slice form reading %q", tt.in)
			var gotErrs []string
			for _, l := range lines(recordErrors(t, err)) {
				gotErrs = append(gotErrs, fmt.Sprintf("line %d", l))
			}
			assert.Equal(t, wantErrs, gotErrs, "errors of the slice form reading %q", tt.in)
		})
	}
}

func TestReadSeqReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader(good1+"\n"), iotest.ErrReader(boom))
	var got []error
	for _, err := range profile.ReadJSONLSeq(r, profile.ReadOptions{}) {
		got = append(got, err)
	}
	require.Len(t, got, 2, "ReadJSONLSeq before a read error yields the profile, then the error")
	assert.NoError(t, got[0], "the good line before the read error")
	assert.ErrorIs(t, got[1], boom, "the read error is yielded last")
}

func TestReadSeqBreak(t *testing.T) {
	// After the first line the input fails: a loop that breaks there never
	// makes the reader read on.
	boom := errors.New("boom")
	tests := []struct {
		name string
		seq  iter.Seq2[profile.Profile, error]
	}{
		{"jsonl", profile.ReadJSONLSeq(io.MultiReader(strings.NewReader(good1+"\n"), iotest.ErrReader(boom)), profile.ReadOptions{})},
		{"csv", profile.ReadCSVSeq(io.MultiReader(strings.NewReader("id,name,country\na,A,DE\n"), iotest.ErrReader(boom)), profile.ReadOptions{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			for p, err := range tt.seq {
				require.NoError(t, err, "first record of %s", tt.name)
				assert.Equal(t, "a", p.ID, "first record of %s", tt.name)
				n++
				break
			}
			assert.Equal(t, 1, n, "records seen before the break (%s)", tt.name)
		})
	}
}
