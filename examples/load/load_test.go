package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// writeFile writes content to a new file name in a temporary folder and
// returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644), "write %s", name)
	return path
}

// indexed reopens the index folder and returns its profiles' ids.
func indexed(t *testing.T, dir string) []string {
	t.Helper()
	eng, err := match.Open(dir, match.Config{})
	require.NoError(t, err, "match.Open(%q)", dir)
	defer eng.Close()
	res, err := eng.Search(t.Context(), index.SearchRequest{Size: 100})
	require.NoError(t, err, "Search of %q", dir)
	require.Equal(t, eng.Len(), res.Total, "profiles searchable in %q", dir)
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// runLoad runs the command and returns its output and error.
func runLoad(args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	err = run(args, &out, &errOut)
	return out.String(), errOut.String(), err
}

const (
	goodJSONL = `{"id":"a1","name":"Alpha Battery Cluster","country":"de","needs":["cathode materials"]}
{"id":"a2","name":"Beta Materials Network","country":"FR","offers":["cathode materials"],"kind":"network"}
`
	// badJSONL follows goodJSONL, from line 3.
	badJSONL = `{"id":"b1","name":"Nowhere Cluster","country":"ZZ","sectors":["X99"]}

{"id":"b2","name":"Typo Cluster","country":"IT","colour":"red"}
{"id":"a1","name":"Alpha again","country":"DE"}
{"id":
{"id":"b3","name":"Count Cluster","country":"PL","members":"many"}
{"id":"a3","name":"Gamma Hydrogen Valley","country":"es","target_markets":["jp","us"]}
`
	goodCSV = "id,name,country,sectors,members,smes\n" +
		"c1,Cell Cluster,DE,C27.20;C20,120,100\n" +
		"c2,\"Charging, Grid and Storage\",nl,,,\n"
	badCSV = "c3,Bad Country,ZZ,,,\n" +
		"c4,Bad Numbers,FR,,ten,\n" +
		"c5,Too Many SMEs,BE,,10,20\n" +
		"c6,Short Record\n" +
		"c7,Good Again,AT,C27,,\n"
)

// TestRun loads files with good and bad records and checks the summary
// and the index.
func TestRun(t *testing.T) {
	tests := []struct {
		name, file, content string
		flags               []string
		wantIDs             []string
		wantLines           []string // summary lines, after "  " + the file's path
		wantSummary         string
		wantRejected        int // records rejected: run's *rejectedError, exit status 2
	}{
		{
			name: "JSON Lines", file: "profiles.jsonl", content: goodJSONL + badJSONL,
			wantIDs: []string{"a1", "a2", "a3"},
			wantLines: []string{
				`:3: id "b1": country "ZZ": `,
				`:3: id "b1": sectors[0] "X99": `,
				`:5: id "b2": colour "red": unknown key`,
				`:6: id "a1": duplicate id, first on line 1`,
				`:7: profile: malformed input: `,
				`:8: id "b3": members "many": `,
			},
			wantSummary: "loaded 3 of 8 records from ", wantRejected: 5,
		},
		{
			name: "JSON Lines, rejects allowed", file: "profiles.jsonl", content: goodJSONL + badJSONL, flags: []string{"-allow-rejects"},
			wantIDs:     []string{"a1", "a2", "a3"},
			wantLines:   []string{`:3: id "b1": country "ZZ": `, `:6: id "a1": duplicate id, first on line 1`},
			wantSummary: "loaded 3 of 8 records from ",
		},
		{
			name: "JSON Lines, lenient", file: "profiles.ndjson", content: goodJSONL + badJSONL, flags: []string{"-lenient"},
			wantIDs: []string{"a1", "a2", "a3", "b2"},
			wantLines: []string{
				`:3: id "b1": country "ZZ": `,
				`:6: id "a1": duplicate id, first on line 1`,
			},
			wantSummary: "loaded 4 of 8 records from ", wantRejected: 4,
		},
		{
			name: "CSV", file: "profiles.CSV", content: goodCSV + badCSV,
			wantIDs: []string{"c1", "c2", "c7"},
			wantLines: []string{
				`:4: id "c3": country "ZZ": `,
				`:5: id "c4": members "ten": `,
				`:6: id "c5": smes "20": `,
				`:7: profile: malformed input: record has 2 fields, header has 6`,
			},
			wantSummary: "loaded 3 of 7 records from ", wantRejected: 4,
		},
		{
			name: "CSV, unknown column", file: "profiles.csv", content: "id,name,country,colour\nc1,Cell Cluster,DE,red\n",
			flags: []string{"-lenient"}, wantIDs: []string{"c1"}, wantSummary: "loaded 1 of 1 records from ",
		},
		{
			name: "CSV by flag, in chunks", file: "export.txt", content: goodCSV + badCSV, flags: []string{"-format", "csv", "-batch", "1"},
			wantIDs:     []string{"c1", "c2", "c7"},
			wantLines:   []string{`:4: id "c3": country "ZZ": `},
			wantSummary: "loaded 3 of 7 records from ", wantRejected: 4,
		},
		{
			name: "JSON array", file: "profiles.json", content: "[\n" + strings.ReplaceAll(strings.TrimSpace(goodJSONL), "\n", ",\n") + "\n]",
			wantIDs: []string{"a1", "a2"}, wantSummary: "loaded 2 of 2 records from ",
		},
		{
			name: "rejections listed up to a limit", file: "profiles.jsonl", content: goodJSONL + badJSONL, flags: []string{"-max-rejected", "2"},
			wantIDs:     []string{"a1", "a2", "a3"},
			wantLines:   []string{`:3: id "b1": country "ZZ": `, `:3: id "b1": sectors[0] "X99": `},
			wantSummary: "... more not listed (-max-rejected 2)", wantRejected: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			dir := filepath.Join(t.TempDir(), "idx")
			args := append(append([]string{"-index", dir}, tt.flags...), path)
			stdout, stderr, err := runLoad(args...)
			if tt.wantRejected > 0 {
				var re *rejectedError
				require.ErrorAs(t, err, &re, "load %q: stdout:\n%s", args, stdout)
				assert.Equal(t, tt.wantRejected, re.n, "load %q: records rejected", args)
				assert.Equal(t, 2, exitCode(err), "load %q: exit status after rejecting records", args)
			} else {
				require.NoError(t, err, "load %q: stdout:\n%s", args, stdout)
			}
			assert.Empty(t, stderr, "load %q: stderr", args)
			assert.NotContains(t, stdout, "\r", "load %q: no progress bar off a terminal", args)
			for _, l := range tt.wantLines {
				assert.Contains(t, stdout, "  "+path+l, "load %q: rejected record", args)
			}
			if len(tt.wantLines) == 0 {
				assert.NotContains(t, stdout, "rejected", "load %q: nothing rejected", args)
			}
			assert.Contains(t, stdout, tt.wantSummary, "load %q: summary", args)
			assert.ElementsMatch(t, tt.wantIDs, indexed(t, dir), "load %q: profiles in the index", args)
		})
	}
}

// TestRunTwice loads into an index that already holds the profiles.
func TestRunTwice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	stdout, _, err := runLoad("-index", dir, writeFile(t, "a.jsonl", goodJSONL))
	require.NoError(t, err, "first load")
	assert.Contains(t, stdout, "2 new, 0 replaced; the index holds 2 profiles", "first load: summary")

	stdout, _, err = runLoad("-index", dir, writeFile(t, "b.csv", goodCSV))
	require.NoError(t, err, "second load")
	assert.Contains(t, stdout, "2 new, 0 replaced; the index holds 4 profiles", "second load: summary")

	changed := strings.Replace(goodJSONL, "Alpha Battery Cluster", "Alpha Renamed", 1)
	stdout, _, err = runLoad("-index", dir, writeFile(t, "a.jsonl", changed))
	require.NoError(t, err, "third load")
	assert.Contains(t, stdout, "0 new, 2 replaced; the index holds 4 profiles", "third load: summary")

	eng, err := match.Open(dir, match.Config{})
	require.NoError(t, err, "match.Open")
	defer eng.Close()
	p, ok := eng.Get("a1")
	require.True(t, ok, "a1 in the index")
	assert.Equal(t, "Alpha Renamed", p.Name, "a1 replaced by the third load")
}

// TestRunStrict checks that -strict stops at the first bad record and
// loads nothing.
func TestRunStrict(t *testing.T) {
	tests := []struct {
		name, file, content string
		wantLine            string // the first bad record, after the path
	}{
		{"JSON Lines", "p.jsonl", goodJSONL + badJSONL, `:3: id "b1": country "ZZ": `},
		{"CSV", "p.csv", goodCSV + badCSV, `:4: id "c3": country "ZZ": `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			dir := filepath.Join(t.TempDir(), "idx")
			stdout, _, err := runLoad("-index", dir, "-strict", path)
			require.Error(t, err, "load -strict of a file with bad records")
			assert.Contains(t, err.Error(), path+tt.wantLine, "load -strict: the error names the first bad record")
			assert.Contains(t, stdout, "rejected 1 record:\n  "+path+tt.wantLine, "load -strict: summary")
			assert.NotContains(t, stdout, "loaded", "load -strict: summary")
			assert.Empty(t, indexed(t, dir), "load -strict: nothing in the index")
		})
	}

	t.Run("good file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "idx")
		_, _, err := runLoad("-index", dir, "-strict", writeFile(t, "p.jsonl", goodJSONL))
		require.NoError(t, err, "load -strict of a good file")
		assert.ElementsMatch(t, []string{"a1", "a2"}, indexed(t, dir), "load -strict: profiles in the index")
	})
}

func TestRunErrors(t *testing.T) {
	good := writeFile(t, "good.jsonl", goodJSONL)
	notIndex := writeFile(t, "file", "not an index folder")
	tests := []struct {
		name      string
		args      func(dir string) []string
		is        error  // matched by the error if not nil
		wantLines string // in stdout if not empty
	}{
		{name: "missing file", args: func(dir string) []string {
			return []string{"-index", dir, filepath.Join(t.TempDir(), "missing.jsonl")}
		}, is: fs.ErrNotExist},
		{name: "no -index", args: func(string) []string { return []string{good} }},
		{name: "no file", args: func(dir string) []string { return []string{"-index", dir} }},
		{name: "two files", args: func(dir string) []string { return []string{"-index", dir, good, good} }},
		{name: "unknown extension", args: func(dir string) []string {
			return []string{"-index", dir, writeFile(t, "p.xml", "<p/>")}
		}},
		{name: "unknown format", args: func(dir string) []string { return []string{"-index", dir, "-format", "xml", good} }},
		{name: "batch too large", args: func(dir string) []string { return []string{"-index", dir, "-batch", "10001", good} }},
		{name: "batch zero", args: func(dir string) []string { return []string{"-index", dir, "-batch", "0", good} }},
		{name: "negative -max-rejected", args: func(dir string) []string { return []string{"-index", dir, "-max-rejected", "-1", good} }},
		{name: "unknown flag", args: func(dir string) []string { return []string{"-index", dir, "-fast", good} }},
		{name: "index is a file", args: func(string) []string { return []string{"-index", notIndex, good} }, is: index.ErrNotIndex},
		{name: "empty file", args: func(dir string) []string { return []string{"-index", dir, writeFile(t, "empty.jsonl", "\n\n")} }},
		{name: "no valid record", args: func(dir string) []string {
			return []string{"-index", dir, writeFile(t, "bad.jsonl", badJSONL[:strings.Index(badJSONL, "\n")+1])}
		}, wantLines: `.jsonl:1: id "b1": country "ZZ": `},
		{name: "bad CSV header", args: func(dir string) []string {
			return []string{"-index", dir, writeFile(t, "bad.csv", "id,name,colour\nc1,Cell Cluster,red\n")}
		}, wantLines: `.csv:1: header "colour": unknown column`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args(filepath.Join(t.TempDir(), "idx"))
			stdout, _, err := runLoad(args...)
			require.Error(t, err, "load %q", args)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is, "load %q", args)
			}
			if tt.wantLines != "" {
				assert.Contains(t, stdout, tt.wantLines, "load %q: rejected records", args)
			}
			assert.NotContains(t, stdout, "loaded", "load %q: nothing loaded", args)
		})
	}
}

// TestExitCode checks the exit status of each kind of result of run.
func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"help", flag.ErrHelp, 0},
		{"records rejected", &rejectedError{n: 3}, 2},
		{"records rejected, wrapped", fmt.Errorf("x: %w", &rejectedError{n: 1}), 2},
		{"failure", errors.New("nothing loaded"), 1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, exitCode(tt.err), "exitCode(%v) of %s", tt.err, tt.name)
	}
}

// TestProgress checks the bar that a terminal would show.
func TestProgress(t *testing.T) {
	path := writeFile(t, "p.jsonl", goodJSONL+badJSONL)
	stdout, _, err := runLoad("-index", filepath.Join(t.TempDir(), "idx"), "-progress", "-batch", "1", "-allow-rejects", path)
	require.NoError(t, err, "load -progress")
	assert.Contains(t, stdout, "\rreading "+path+"  ["+strings.Repeat("#", barWidth)+"] 100%", "load -progress: reading")
	assert.Contains(t, stdout, "\rloading  ["+strings.Repeat("#", barWidth)+"] 100%  3 / 3 profiles", "load -progress: loading")
	assert.Contains(t, stdout, "records/s", "load -progress: rate")
	assert.Contains(t, stdout, "\nrejected 5 records:\n", "load -progress: the summary starts on a line of its own")
}

func TestBar(t *testing.T) {
	tests := []struct {
		f    float64
		want int // cells filled
	}{{-1, 0}, {0, 0}, {0.5, barWidth / 2}, {1, barWidth}, {2, barWidth}}
	for _, tt := range tests {
		want := "[" + strings.Repeat("#", tt.want) + strings.Repeat(".", barWidth-tt.want) + "]"
		assert.Equal(t, want, bar(tt.f), "bar(%v)", tt.f)
	}
}

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {123456, "123,456"}, {1234567, "1,234,567"}, {-1234, "-1,234"}}
	for _, tt := range tests {
		assert.Equal(t, tt.want, thousands(tt.n), "thousands(%d)", tt.n)
	}
}

// TestReportLines checks the summary line of each kind of bad record.
func TestReportLines(t *testing.T) {
	r := &report{name: "in.jsonl"}
	tests := []struct {
		name string
		re   *profile.RecordError
		want []string
	}{
		{"fields", &profile.RecordError{Line: 3, ID: "x", Err: &profile.ValidationError{ID: "x", Fields: []*profile.FieldError{
			{Field: "country", Value: "ZZ", Reason: "unknown"}, {Field: "smes", Value: "9", Reason: "more than members"},
		}}}, []string{`in.jsonl:3: id "x": country "ZZ": unknown`, `in.jsonl:3: id "x": smes "9": more than members`}},
		{"duplicate", &profile.RecordError{Line: 9, ID: "x", Err: &profile.DuplicateError{ID: "x", FirstLine: 2, Line: 9}},
			[]string{`in.jsonl:9: id "x": duplicate id, first on line 2`}},
		{"syntax", &profile.RecordError{Line: 4, Err: fmt.Errorf("%w: unexpected end", profile.ErrSyntax)},
			[]string{`in.jsonl:4: profile: malformed input: unexpected end`}},
		{"refused by the engine, no line", &profile.RecordError{ID: "y", Err: &profile.ValidationError{ID: "y", Fields: []*profile.FieldError{
			{Field: "founded", Value: "2999", Reason: "in the future"},
		}}}, []string{`in.jsonl: id "y": founded "2999": in the future`}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, r.lines(tt.re), "report lines of %s", tt.name)
	}
}

// TestLoad checks the chunked writes, including the safety net for a
// profile that the engine refuses although a reader would have accepted it.
func TestLoad(t *testing.T) {
	ps := []profile.Profile{
		{ID: "p1", Name: "One", Country: "DE"},
		{ID: "p2", Name: "Two", Country: "ZZ"}, // never read: bypasses the reader
		{ID: "p3", Name: "Three", Country: "FR"},
		{ID: "p4", Name: "Four", Country: "IT"},
	}
	eng, err := match.Open("", match.Config{RefitDelay: -1})
	require.NoError(t, err, "match.Open")
	defer eng.Close()
	require.NoError(t, eng.Add(t.Context(), ps[3]), "Add p4")

	rep := &report{name: "in.jsonl"}
	var progress []int
	added, replaced, err := load(t.Context(), eng, ps, 2, rep, func(n int) { progress = append(progress, n) })
	require.NoError(t, err, "load")
	assert.Equal(t, 2, added, "new profiles")
	assert.Equal(t, 1, replaced, "replaced profiles")
	assert.Equal(t, []int{0, 1, 3}, progress, "progress after each chunk of 2")
	require.Len(t, rep.rejected, 1, "rejected profiles")
	assert.Equal(t, []string{`in.jsonl: id "p2": country "ZZ": not an ISO 3166-1 alpha-2 country code`}, rep.lines(rep.rejected[0]),
		"the engine's refusal is reported")
	assert.Equal(t, 3, eng.Len(), "profiles in the engine")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err = load(ctx, eng, ps[:1], 2, rep, func(int) {})
	assert.ErrorIs(t, err, context.Canceled, "load after an interrupt")

	require.NoError(t, eng.Close(), "Close")
	_, _, err = load(t.Context(), eng, ps[:1], 2, rep, func(int) {})
	assert.ErrorIs(t, err, match.ErrClosed, "load into a closed engine")
}

func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err, "os.Pipe")
	defer r.Close()
	defer w.Close()
	assert.False(t, isTerminal(w), "isTerminal(pipe)")
	assert.False(t, isTerminal(&bytes.Buffer{}), "isTerminal(buffer)")
}

// TestCountingReader checks that reading stops once the context is done.
func TestCountingReader(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var seen int64
	c := &countingReader{ctx: ctx, r: strings.NewReader("0123456789"), fn: func(n int64) { seen = n }}
	b := make([]byte, 4)
	n, err := c.Read(b)
	require.NoError(t, err, "first Read")
	assert.Equal(t, 4, n, "first Read: bytes")
	assert.Equal(t, int64(4), seen, "first Read: count reported")
	cancel()
	_, err = c.Read(b)
	assert.ErrorIs(t, err, context.Canceled, "Read after cancel")
	assert.Equal(t, int64(4), c.n, "bytes counted")
}
