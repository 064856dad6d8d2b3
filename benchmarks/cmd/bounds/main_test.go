package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
)

func TestParse(t *testing.T) {
	c, err := parse([]string{"-probe", "all"}, io.Discard)
	require.NoError(t, err, "defaults")
	assert.Len(t, c.probes, len(probes), "all: every probe")
	assert.Equal(t, 1000, c.world, "-world default: the embedded world")
	assert.Equal(t, match.MaxExactSize, c.size, "-size default")
	assert.Equal(t, match.MaxParticipants, c.participants, "-participants default")

	c, err = parse([]string{"-probe", "words, exact,words", "-world", "50", "-seeds", "2"}, io.Discard)
	require.NoError(t, err, "a list of probes")
	require.Len(t, c.probes, 2, "without duplicates")
	assert.Equal(t, "words", c.probes[0].name, "in the order given")
	_, err = parse([]string{"-probe", "flood", "-world", "50"}, io.Discard)
	assert.NoError(t, err, "-participants need not fit -world when matchday does not run")

	for _, args := range [][]string{
		nil, {"-probe", ""}, {"-probe", "nope"}, {"-probe", "flood,"}, {"-probe", "flood", "-world", "0"},
		{"-probe", "flood", "-distinct", "-1"}, {"-probe", "flood", "-idle", "0s"}, {"-probe", "exact", "-timeout", "-1s"},
		{"-probe", "exact", "-world", "2", "-seeds", "3"}, {"-probe", "matchday", "-world", "10", "-participants", "20"},
		{"-probe", "matchday", "-min", "6", "-max", "3"}, {"-probe", "words", "-batch", "-1"}, {"-nosuchflag"},
		{"-probe", "words", "extra"},
	} {
		_, err := parse(args, io.Discard)
		var ue usageError
		assert.True(t, errors.As(err, &ue), "parse(%q) is a usage error: %v", args, err)
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-h"}, &stdout, &stderr)
	assert.True(t, errors.Is(err, flag.ErrHelp), "-h asks for help")
	for _, p := range probes {
		assert.Contains(t, stderr.String(), p.name, "help lists the probes")
	}
	assert.Contains(t, stderr.String(), "-distinct", "help lists the flags")

	stdout.Reset()
	err = run(context.Background(), []string{"-probe", "flod"}, &stdout, io.Discard)
	assert.ErrorContains(t, err, `"flod"`, "the error names the bad value")
	assert.Empty(t, stdout.String(), "no report for a bad flag")
}

// small are flags that make every probe take a second or so.
var small = []string{"-world", "200", "-flood", "4", "-refits", "1", "-idle", "100ms", "-limit", "20",
	"-seeds", "2", "-size", "3", "-pool", "12", "-alts", "2", "-participants", "30", "-min", "3", "-max", "5",
	"-native", "100", "-themes", "60", "-batch", "100", "-testdata", "../../testdata"}

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		rows  int
		wants []string // in the outcomes, in order
	}{
		{"flood", []string{"-distinct", "300"}, 4, []string{"fitted terms", "added (204 profiles)", "fitted terms", "reads/s idle"}},
		{"flood", nil, 2, []string{"fitted terms", "refused: "}},
		{"unfitted", nil, 1, []string{"20 partners"}},
		{"unfitted", []string{"-adhoc", "-partners-exact"}, 1, []string{"20 partners"}},
		{"exact", nil, 2, []string{"consortia", "consortia"}},
		{"exact", []string{"-timeout", "1ns", "-seeds", "1"}, 1, []string{"did not finish in 1ns"}},
		{"matchday", nil, 1, []string{"consortia"}},
		{"words", nil, 6, []string{"words p50", "words p50", "words p50", "words p50", "max 31", "max 8"}},
	} {
		t.Run(tc.name+strings.Join(tc.args, ""), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"-probe", tc.name}, small...), tc.args...)
			require.NoError(t, run(context.Background(), args, &stdout, &stderr), "run; stderr:\n%s", stderr.String())
			md := stdout.String()
			assert.Contains(t, md, "Command: `go run ./benchmarks/cmd/bounds -probe "+tc.name, "the report has the command")
			assert.Contains(t, md, "| probe | request | outcome | wall s | CPU s | allocated MB | peak RSS MB |", "the header")
			rows := tableRows(t, md, tc.name)
			require.Len(t, rows, tc.rows, "rows:\n%s", md)
			for i, r := range rows {
				assert.Contains(t, r.outcome, tc.wants[i], "row %d", i)
			}
		})
	}
}

type tableRow struct {
	outcome                  string
	wall, cpu, alloc, peakMB float64
}

// tableRows parses the rows of probe from the report, checking that each
// has every column and sane figures.
func tableRows(t *testing.T, md, probe string) []tableRow {
	t.Helper()
	var rows []tableRow
	for line := range strings.Lines(md) {
		if !strings.HasPrefix(line, "| "+probe+" |") {
			continue
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimSpace(line), "|"), " | ")
		if !assert.Len(t, cells, len(columns), "cells of %q", line) {
			continue
		}
		var fs [4]float64
		for i, s := range cells[3:] {
			f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			assert.NoError(t, err, "%s of %q", columns[3+i], line)
			assert.GreaterOrEqual(t, f, 0.0, "%s of %q", columns[3+i], line)
			fs[i] = f
		}
		assert.NotEmpty(t, strings.TrimSpace(cells[1]), "request of %q", line)
		assert.Positive(t, fs[3], "peak RSS of %q", line)
		assert.Less(t, fs[1], float64(time.Hour/time.Second), "CPU of %q", line)
		rows = append(rows, tableRow{outcome: cells[2], wall: fs[0], cpu: fs[1], alloc: fs[2], peakMB: fs[3]})
	}
	return rows
}
