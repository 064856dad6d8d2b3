package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/score"
)

func TestParse(t *testing.T) {
	c, err := parse(nil, io.Discard)
	require.NoError(t, err, "defaults")
	assert.Equal(t, dataSets, c.data, "-data default: every data set")
	assert.Equal(t, benchmarks.SplitTest, c.split, "-split default")
	assert.Equal(t, []int{1, 5, 10, 20}, c.ks, "-k default")
	assert.Len(t, c.models, len(score.Models()), "every model by default")

	c, err = parse([]string{"-k", "20,5,5", "-models", "hybrid, learned", "-latency", ""}, io.Discard)
	require.NoError(t, err, "valid flags")
	assert.Equal(t, []int{5, 20}, c.ks, "-k sorted, without duplicates")
	assert.Equal(t, []string{"hybrid", "learned"}, c.models, "-models trimmed")
	assert.Empty(t, c.latency, "empty -latency skips the latency plot")

	c, err = parse([]string{"-data", "escp4i, synthetic,escp4i", "-split", "validation"}, io.Discard)
	require.NoError(t, err, "-data list and -split")
	assert.Equal(t, []string{"escp4i", "synthetic"}, c.data, "-data in the order given, without duplicates")
	assert.Equal(t, benchmarks.SplitValidation, c.split)

	for _, args := range [][]string{
		{"-data", "cordis"}, {"-data", ""}, {"-split", "train"}, {"-seed", "1000"}, {"-k", "0"}, {"-k", "ten"}, {"-models", "magic"}, {"extra"},
	} {
		_, err := parse(args, io.Discard)
		assert.Error(t, err, "parse(%q)", args)
	}
	_, err = (&config{baselines: []string{"oracle"}}).rankers()
	assert.Error(t, err, "unknown baseline")
}

func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("a small end-to-end run: skipped in short mode")
	}
	out := t.TempDir()
	err := run(context.Background(), []string{"-data", "synthetic", "-n", "200", "-folds", "2", "-models", "auto",
		"-baselines", "random,past-partners", "-k", "5,10", "-pools", "10,100", "-latency", "200", "-latency-queries", "3",
		"-resamples", "100", "-out", out}, io.Discard)
	require.NoError(t, err, "run")
	for _, f := range []string{"report.md", "ndcg_synthetic_planted.png", "ndcg_synthetic_completion.png", "candidate_recall.png", "latency.png"} {
		st, err := os.Stat(filepath.Join(out, f))
		if assert.NoError(t, err, "output %s", f) {
			assert.Positive(t, st.Size(), "output %s is not empty", f)
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	require.NoError(t, err, "read report.md")
	assert.Contains(t, string(md), "## Targets", "report has the target checks")
	assert.Contains(t, string(md), "| auto (pool) | model |", "report has the candidate path")
	assert.Contains(t, string(md), "- synthetic/planted: auto", "report checks the default's targets")
	assert.Contains(t, string(md), "## Split: test", "report names its split")
	assert.Contains(t, string(md), "| synthetic | 40 |", "report compares consortia with the partners list")
	assert.Contains(t, string(md), "| choice | chosen on |", "test report lists where choices were made")
}

// The validation split draws other worlds and leaves the real ESCP-4i set
// out.
func TestRunValidation(t *testing.T) {
	if testing.Short() {
		t.Skip("a small end-to-end run: skipped in short mode")
	}
	out := t.TempDir()
	err := run(context.Background(), []string{"-split", "validation", "-data", "synthetic,escp4i", "-escp4i", "../../testdata/escp4i",
		"-n", "200", "-folds", "2", "-models", "hybrid", "-pool=false", "-baselines", "random", "-k", "10", "-pools", "", "-latency", "",
		"-resamples", "50", "-out", out}, io.Discard)
	require.NoError(t, err, "run")
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	require.NoError(t, err, "read report.md")
	assert.Contains(t, string(md), "(seed 1001)", "validation world seed")
	assert.Contains(t, string(md), "Left out (test only): escp4i.")
	assert.NotContains(t, string(md), "## escp4i")
}
