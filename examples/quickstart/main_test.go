package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // substrings of the output
	}{
		{"default", nil, []string{"SYNTHETIC profiles", "score", "different country"}},
		{"another id and model", []string{"-id", "synth-00042", "-model", "reciprocal", "-limit", "3"}, []string{"synth-00042", "\n3 "}},
		{"open rules", []string{"-rules", "open", "-limit", "2"}, []string{"\n2 "}},
		{"escp4i rules", []string{"-rules", "escp4i", "-limit", "2"}, []string{"rule set escp4i", "\n2 "}},
		{"default rules", []string{"-limit", "2"}, []string{"rule set " + match.DefaultRules}},
		{"limit 0 means 10, as in match.Query", []string{"-limit", "0"}, []string{"\n10 "}},
		{"second page", []string{"-limit", "3", "-offset", "3"}, []string{"\n4 ", "\n6 "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run(tt.args, &out), "run(%v)", tt.args)
			for _, w := range tt.want {
				assert.Contains(t, out.String(), w, "output of run(%v)", tt.args)
			}
		})
	}
}

func TestRunJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-json", "-limit", "4"}, &out), "run -json")
	var got struct {
		Query   string `json:"query"`
		Matches []struct {
			ID          string  `json:"id"`
			Score       float64 `json:"score"`
			Summary     string  `json:"summary"`
			Explanation struct {
				Name  string  `json:"name"`
				Value float64 `json:"value"`
			} `json:"explanation"`
		} `json:"matches"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got), "JSON output")
	assert.Len(t, got.Matches, 4, "-limit 4")
	for _, m := range got.Matches {
		assert.NotEqual(t, got.Query, m.ID, "never the query itself")
		assert.NotEmpty(t, m.Summary, "summary of %s", m.ID)
		assert.NotEmpty(t, m.Explanation.Name, "explanation of %s", m.ID)
		assert.Equal(t, m.Score, m.Explanation.Value, "the explanation of %s explains its score", m.ID)
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown id", []string{"-id", "nobody"}, "nobody"},
		{"unknown model", []string{"-model", "astrology"}, "astrology"},
		{"unknown rules", []string{"-rules", "horizon"}, "horizon"},
		{"bad flag", []string{"-nope"}, "nope"},
		{"negative limit", []string{"-limit", "-1"}, `Limit "-1"`},
		{"negative offset", []string{"-offset", "-2"}, `Offset "-2"`},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		err := run(tt.args, &out)
		require.Error(t, err, "run(%v)", tt.args)
		assert.True(t, strings.Contains(err.Error(), tt.want), "error of run(%v) names %q: %v", tt.args, tt.want, err)
	}
}

func TestRunHelp(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-h"}, &out)
	assert.ErrorIs(t, err, flag.ErrHelp, "-h asks for help, which main treats as success")
	assert.Empty(t, out.String(), "no results for -h")
}
