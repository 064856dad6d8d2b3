package benchmarks_test

import (
	"os"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/benchmarks"
)

func TestReadESCP4i(t *testing.T) {
	d, err := benchmarks.ReadESCP4i(os.DirFS("testdata"), "escp4i")
	require.NoError(t, err)
	t.Log(d.Note)
	require.Len(t, d.Folds, 1)
	assert.Empty(t, d.Folds[0].Known, "no supervised labels")
	ids := map[string]bool{}
	for _, p := range d.Profiles {
		require.NoError(t, p.Validate(), "profile %s", p.ID)
		assert.False(t, ids[p.ID], "duplicate %s", p.ID)
		ids[p.ID] = true
		assert.Empty(t, p.TargetMarkets, "%s: no field from a partnership", p.ID)
	}
	assert.True(t, ids["escp4i-piemonte-innova"], "renamed cluster is one profile")
	assert.True(t, ids["escp4i-plastiwin"], "capitalised spelling is one profile")
	assert.False(t, ids["escp4i-fondazione-torino-wireless"], "old name folded into the new")

	history := map[string]bool{}
	for _, p := range d.Profiles {
		for _, pid := range p.Partnerships {
			history[pid] = true
		}
	}
	assert.Equal(t, map[string]bool{"adpack": true, "mobigoin": true, "space2id": true, "enw": true}, history,
		"only partnerships started up to the cut-off are history")
	tests := map[string]bool{}
	for _, q := range d.Folds[0].Queries {
		assert.Equal(t, benchmarks.TaskESCP4i, q.Task)
		require.Len(t, q.Seeds, 1)
		assert.True(t, ids[q.Seeds[0]], "seed %s is a profile", q.Seeds[0])
		assert.NotContains(t, q.Relevant, q.Seeds[0])
		assert.NotEmpty(t, q.Relevant)
		for _, id := range slices.Concat(q.Relevant, q.Ignore) {
			assert.True(t, ids[id], "%s: %s is a profile", q.ID, id)
		}
		pid := q.ID[:len(q.ID)-len(q.Seeds[0])-1]
		tests[pid] = true
		assert.False(t, history[pid], "%s: a test partnership is not history", q.ID)
	}
	assert.Equal(t, map[string]bool{"adpack2": true, "ec2i": true, "mobigoin-action": true, "nf4": true, "euwater4i-sd": true}, tests,
		"later partnerships with two or more known members are the test")
}

func TestReadESCP4iErrors(t *testing.T) {
	good := "partnership_id,period\nx,2018..2019\n"
	for name, files := range map[string]map[string]string{
		"missing file":   {"d/partnerships.csv": good},
		"no column":      {"d/partnerships.csv": "partnership_id\nx\n", "d/members.csv": ""},
		"bad period":     {"d/partnerships.csv": "partnership_id,period\nx,soon\n", "d/members.csv": ""},
		"unknown member": {"d/partnerships.csv": good, "d/members.csv": "partnership_id,cluster_organisation,country_iso2,sector_hint\ny,A,DE,water\n"},
		"bad country":    {"d/partnerships.csv": good, "d/members.csv": "partnership_id,cluster_organisation,country_iso2,sector_hint\nx,A,ZZ,water\n"},
	} {
		fsys := fstest.MapFS{}
		for n, s := range files {
			fsys[n] = &fstest.MapFile{Data: []byte(s)}
		}
		_, err := benchmarks.ReadESCP4i(fsys, "d")
		assert.Error(t, err, name)
	}
}
