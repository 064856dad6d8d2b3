package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	c, err := parse(nil, io.Discard)
	require.NoError(t, err, "defaults")
	assert.Equal(t, []int{10000, 100000, 1000000}, c.sizes, "-sizes default")
	assert.Equal(t, reopenLast, c.reopen, "-reopen default")

	c, err = parse([]string{"-sizes", "1_000_000, 300,300", "-reopen", "all"}, io.Discard)
	require.NoError(t, err, "valid flags")
	assert.Equal(t, []int{300, 1000000}, c.sizes, "-sizes sorted, without duplicates, with underscores")

	for _, args := range [][]string{
		{"-sizes", "0"}, {"-sizes", ""}, {"-sizes", "ten"}, {"-batch", "0"}, {"-queries", "-1"},
		{"-reopen", "sometimes"}, {"-max-rss-gb", "-1"}, {"-timeout", "-1s"}, {"-nosuchflag"}, {"extra"},
	} {
		_, err := parse(args, io.Discard)
		assert.Error(t, err, "parse(%q)", args)
	}
}

func TestRunBadFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-sizes", "-5"}, &stdout, &stderr)
	assert.ErrorContains(t, err, "-sizes", "a bad flag is an error")
	assert.Empty(t, stdout.String(), "no report for a bad flag")

	err = run(context.Background(), []string{"-h"}, &stdout, &stderr)
	assert.True(t, errors.Is(err, flag.ErrHelp), "-h asks for help")
	assert.Contains(t, stderr.String(), "-max-rss-gb", "help lists the flags")
}

func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("a small end-to-end run: skipped in short mode")
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-sizes", "300,600", "-queries", "5", "-batch", "250",
		"-reopen", "all", "-dir", dir, "-heapprofile", filepath.Join(dir, "heap")}, &stdout, &stderr)
	require.NoError(t, err, "run; stderr:\n%s", stderr.String())
	for _, name := range []string{"heap-300.pprof", "heap-300-reopened.pprof", "heap-600.pprof", "heap-600-reopened.pprof"} {
		assert.FileExists(t, filepath.Join(dir, "heap", name), "-heapprofile")
	}
	md := stdout.String()
	assert.Contains(t, md, "SYNTHETIC", "the report says the data is synthetic")
	assert.Contains(t, md, "Command: `go run ./benchmarks/cmd/scale -sizes 300,600", "the report has the command")
	assert.Contains(t, md, "GOMAXPROCS", "the report has the machine")
	assert.Regexp(t, `GOGC \S+, (no GOMEMLIMIT|GOMEMLIMIT [0-9.]+ GB)`, md, "and the collector's settings")
	rows := tableRows(md)
	require.Len(t, rows, 2, "one row per checkpoint:\n%s", md)
	for i, want := range []string{"300", "600"} {
		cells := strings.Split(strings.Trim(rows[i], "|"), "|")
		require.Len(t, cells, 25, "row %d: %s", i, rows[i])
		assert.NotContains(t, cells[18], "fitted", "row %d: the reopened engine restores the fit kept at the checkpoint", i)
		assert.Equal(t, want, strings.TrimSpace(cells[0]), "row %d profiles", i)
		for j, cell := range cells {
			assert.NotEmpty(t, strings.TrimSpace(cell), "row %d column %d is filled (-reopen all): %s", i, j, rows[i])
		}
	}
	assert.Contains(t, md, "**What broke first: nothing** up to 600 profiles", "nothing broke")
	for _, sub := range []string{"index", "world"} {
		_, err := os.Stat(filepath.Join(dir, sub))
		assert.ErrorIs(t, err, os.ErrNotExist, "%s removed without -keep", sub)
	}
}

func TestRunMemoryGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("an end-to-end run: skipped in short mode")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "scale.md")
	// A limit of about 1 MB: the first check after generating the world
	// stops the run before any checkpoint.
	err := run(context.Background(), []string{"-sizes", "200", "-queries", "2", "-max-rss-gb", "0.001",
		"-dir", dir, "-keep", "-out", out}, io.Discard, io.Discard)
	require.NoError(t, err, "a memory stop is a result, not an error")
	b, err := os.ReadFile(out)
	require.NoError(t, err, "read the report")
	md := string(b)
	assert.Empty(t, tableRows(md), "no checkpoint completed:\n%s", md)
	assert.Contains(t, md, "**What broke first: memory**", "the report says memory broke first")
	assert.Contains(t, md, "Last good checkpoint: none", "and that no checkpoint completed")
	_, err = os.Stat(filepath.Join(dir, "world"))
	assert.NoError(t, err, "-keep keeps the world")
}

// tableRows returns the data rows of the report's table.
func tableRows(md string) []string {
	var rows []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| profiles") {
			rows = append(rows, l)
		}
	}
	return rows
}
