package benchmarks_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/profile"
)

func gz(t *testing.T, lines ...string) *fstest.MapFile {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := w.Write([]byte(strings.Join(lines, "\n") + "\n"))
	require.NoError(t, err, "gzip")
	require.NoError(t, w.Close(), "gzip")
	return &fstest.MapFile{Data: b.Bytes()}
}

// h2020Fixture is a tiny Horizon 2020 world: history projects 1 (2015)
// and 2 (2016), a label project 3 (2017), and test projects 10 (2018,
// three countries) and 11 (2019, two countries), all coordinated by PIC
// 100 or 200.
func h2020Fixture(t *testing.T) *benchmarks.H2020 {
	fsys := fstest.MapFS{
		"d/projects.csv.gz": gz(t, "project,start_year,countries,participants,programme_parts",
			"1,2015,2,2,SC4", "2,2016,3,3,LEIT;SC1", "3,2017,2,2,ERC",
			"10,2018,3,4,SC3", "11,2019,2,2,SC2"),
		"d/participations.csv.gz": gz(t, "project,pic,role,type,country",
			"1,100,coordinator,HES,EL", "1,200,participant,PRC,DE",
			"2,200,coordinator,PRC,DE", "2,300,participant,REC,UK", "2,400,participant,PUB,FR",
			"3,300,coordinator,REC,UK", "3,500,participant,OTH,IT",
			"10,100,coordinator,HES,EL", "10,300,participant,REC,UK", "10,400,partner,PUB,FR",
			"11,100,coordinator,HES,EL", "11,200,participant,PRC,DE"),
		"d/organisations.csv.gz": gz(t, "pic,name,city", "100,UNIVERSITY OF ATHENS,ATHENS"),
	}
	h, err := benchmarks.ReadH2020(fsys, "d")
	require.NoError(t, err, "ReadH2020(fixture)")
	return h
}

func TestH2020Dataset(t *testing.T) {
	h := h2020Fixture(t)
	d, err := h.Dataset(benchmarks.H2020Config{})
	require.NoError(t, err, "Dataset with defaults")

	want := []profile.Profile{
		{ID: "pic-100", Name: "UNIVERSITY OF ATHENS", City: "ATHENS", Kind: "university", Country: "GR", Language: "en",
			Technologies: []string{"h2020-sc4"}, Ecosystems: []string{"mobility-transport-automotive"},
			Partnerships: []string{"h2020-1"}},
		{ID: "pic-200", Name: "Organisation 200", Kind: "company", Country: "DE", Language: "en",
			Technologies: []string{"h2020-leit", "h2020-sc1", "h2020-sc4"}, Ecosystems: []string{"health", "mobility-transport-automotive"},
			Partnerships: []string{"h2020-1", "h2020-2"}},
		// Project 3 (2017) is a label, not history: not in pic-300's lists.
		{ID: "pic-300", Name: "Organisation 300", Kind: "research", Country: "GB", Language: "en",
			Technologies: []string{"h2020-leit", "h2020-sc1"}, Ecosystems: []string{"health"},
			Partnerships: []string{"h2020-2"}},
		{ID: "pic-400", Name: "Organisation 400", Kind: "public", Country: "FR", Language: "en",
			Technologies: []string{"h2020-leit", "h2020-sc1"}, Ecosystems: []string{"health"},
			Partnerships: []string{"h2020-2"}},
		{ID: "pic-500", Name: "Organisation 500", Kind: "other", Country: "IT", Language: "en"},
	}
	assert.Equal(t, want, d.Profiles, "profiles")
	require.Len(t, d.Folds, 1, "one time split")
	assert.Empty(t, d.Folds[0].Known, "Known: the 2017 project has two countries, not a label of the kind asked for")
	assert.Equal(t, []benchmarks.Query{{ID: "h2020-10", Task: benchmarks.TaskH2020, Seeds: []string{"pic-100"},
		Relevant: []string{"pic-300", "pic-400"}, Ignore: []string{"pic-200"}}}, d.Folds[0].Queries,
		"queries: project 10 only (11 has two countries); pic-200, pic-100's partner in 11, is ignored")

	d, err = h.Dataset(benchmarks.H2020Config{MinCountries: 2})
	require.NoError(t, err, "Dataset(MinCountries 2)")
	assert.Equal(t, []profile.Partnership{{ID: "h2020-3", Members: []string{"pic-300", "pic-500"}}}, d.Folds[0].Known,
		"Known: the 2017 project, of two countries")

	d, err = h.Dataset(benchmarks.H2020Config{MinCountries: 2, LabelYears: -1})
	require.NoError(t, err, "Dataset(MinCountries 2, LabelYears -1)")
	assert.Empty(t, d.Folds[0].Known, "no labels: nothing known")
	assert.Equal(t, []string{"h2020-2", "h2020-3"}, d.Profiles[2].Partnerships, "no labels: 2017 is history too")
	assert.Equal(t, []string{"h2020-erc", "h2020-leit", "h2020-sc1"}, d.Profiles[2].Technologies, "technologies of history")
	require.Len(t, d.Folds[0].Queries, 2, "two countries suffice")
	assert.Equal(t, []string{"pic-200"}, d.Folds[0].Queries[1].Relevant, "project 11")
	assert.Equal(t, []string{"pic-300", "pic-400"}, d.Folds[0].Queries[1].Ignore, "project 11 ignores project 10's")

	d, err = h.Dataset(benchmarks.H2020Config{Cutoff: 2015})
	require.NoError(t, err, "Dataset(Cutoff 2015)")
	assert.Len(t, d.Profiles, 2, "organisations of 2015")
	assert.Empty(t, d.Profiles[0].Partnerships, "the only history year is the label year")

	_, err = h.Dataset(benchmarks.H2020Config{Cutoff: benchmarks.H2020DataCutoff + 1})
	assert.Error(t, err, "a cut-off the files do not support")
}

func TestReadH2020Errors(t *testing.T) {
	_, err := benchmarks.ReadH2020(fstest.MapFS{}, "d")
	assert.Error(t, err, "missing files")
	bad := fstest.MapFS{
		"d/projects.csv.gz":       gz(t, "project,start_year,countries,participants,programme_parts", "1,2015,2,2,SC4"),
		"d/participations.csv.gz": gz(t, "project,pic,role,type,country", "9,100,coordinator,HES,EL"),
		"d/organisations.csv.gz":  gz(t, "pic,name,city"),
	}
	_, err = benchmarks.ReadH2020(bad, "d")
	assert.ErrorContains(t, err, "participations.csv.gz:2", "a participation in an unknown project names the line")
}

// TestH2020Testdata checks the shipped files: valid profiles and no
// leakage of test projects into profiles or Known.
func TestH2020Testdata(t *testing.T) {
	h, err := benchmarks.ReadH2020(os.DirFS("testdata"), "h2020")
	require.NoError(t, err, "ReadH2020(testdata/h2020)")
	d, err := h.Dataset(benchmarks.H2020Config{})
	require.NoError(t, err, "Dataset")
	assert.Greater(t, len(d.Profiles), 20000, "organisations active up to 2017")
	ids := map[string]bool{}
	history := map[string]bool{}
	for _, p := range d.Profiles {
		ids[p.ID] = true
		for _, id := range p.Partnerships {
			history[id] = true
		}
	}
	for _, p := range d.Profiles[:200] {
		assert.NoError(t, p.Validate(), "profile %s", p.ID)
	}
	fold := d.Folds[0]
	assert.Greater(t, len(fold.Known), 1000, "projects of 2017 with two or more members")
	for _, p := range fold.Known {
		assert.False(t, history[p.ID], "known project %s is also history", p.ID)
	}
	assert.Greater(t, len(fold.Queries), 3000, "test projects")
	for _, q := range fold.Queries {
		assert.False(t, history[q.ID], "test project %s in a profile", q.ID)
		for _, id := range append(append([]string{}, q.Seeds...), q.Relevant...) {
			assert.True(t, ids[id], "query %s: %s is a profile", q.ID, id)
		}
	}
	known := map[string]bool{}
	for _, p := range fold.Known {
		known[p.ID] = true
	}
	for _, q := range fold.Queries {
		assert.False(t, known[q.ID], "test project %s in Known", q.ID)
	}
}
