package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/event"
)

// TestRun runs a small day with -out and checks what it prints against
// what it writes: the counts of the summary, the agendas printed, the
// table plan's rows and the calendars.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-participants", "24", "-requests", "3", "-agendas", "2", "-seed", "5", "-out", dir}
	var out bytes.Buffer
	require.NoError(t, run(args, &out), "run(%v)", args)
	got := out.String()
	t.Log(got)

	assert.Contains(t, got, "24 SYNTHETIC participants, 2 sessions", "the set-up")
	var meetings, unplacedN, below int
	var value, bound float64
	m := regexp.MustCompile(`schedule: (\d+) meetings, value ([\d.]+) of an upper bound of ([\d.]+) \([\d.]+%\), (\d+) unplaced, (\d+) below`).
		FindStringSubmatch(got)
	require.NotNil(t, m, "the schedule's summary line")
	meetings, _ = strconv.Atoi(m[1])
	value, _ = strconv.ParseFloat(m[2], 64)
	bound, _ = strconv.ParseFloat(m[3], 64)
	unplacedN, _ = strconv.Atoi(m[4])
	below, _ = strconv.Atoi(m[5])
	assert.Positive(t, meetings, "meetings scheduled")
	assert.LessOrEqual(t, value, bound+0.01, "the value is within its bound (2 decimals printed)")
	assert.Regexp(t, `first fit: \d+ meetings, value [\d.]+`, got, "the baseline")
	assert.Equal(t, 2, strings.Count(got, "\nAgenda of "), "-agendas 2")
	assert.Regexp(t, `table plan: \d+ tables × 19 slots, `+m[1]+` meetings`, got, "the table plan counts every meeting")
	assert.Contains(t, got, fmt.Sprintf("unplaced: %d", unplacedN), "the unplaced")
	assert.Contains(t, got, "wrote ", "-out")

	// The report agrees with the summary.
	var rep event.Report
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	require.NoError(t, err, "report.json")
	require.NoError(t, json.Unmarshal(b, &rep), "report.json parses")
	assert.Equal(t, meetings, rep.Meetings, "report.json: meetings")
	assert.Equal(t, below, rep.BelowFloor, "report.json: below the floor")
	require.Len(t, rep.Agendas, 24, "report.json: an agenda per participant")
	assert.Len(t, rep.Unplaced, unplacedN, "report.json: unplaced")

	// plan.csv: a header, a row per meeting, a row per unplaced request.
	f, err := os.Open(filepath.Join(dir, "plan.csv"))
	require.NoError(t, err, "plan.csv")
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err, "plan.csv parses")
	require.Len(t, rows, 1+meetings+unplacedN, "plan.csv rows")
	placed := 0
	for _, r := range rows[1:] {
		if r[0] == "placed" {
			placed++
		}
	}
	assert.Equal(t, meetings, placed, "plan.csv: placed rows")

	// A calendar per participant, a VEVENT per meeting of its agenda.
	for _, a := range rep.Agendas {
		b, err := os.ReadFile(filepath.Join(dir, "ics", a.Participant+".ics"))
		require.NoError(t, err, "ics of %s", a.Participant)
		cal, err := ics.ParseCalendar(bytes.NewReader(b))
		require.NoError(t, err, "ics of %s parses", a.Participant)
		require.Len(t, cal.Events(), len(a.Meetings), "ics of %s: events", a.Participant)
		for i, ev := range cal.Events() {
			assert.Equal(t, a.Meetings[i].UID, ev.Id(), "ics of %s: UID %d", a.Participant, i)
		}
		_, err = os.Stat(filepath.Join(dir, "agendas", a.Participant+".csv"))
		assert.NoError(t, err, "agenda csv of %s", a.Participant)
	}
}

// TestRunDeterministic checks that a seed gives the same day twice, and
// another seed another day.
func TestRunDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three days: skipped under -short")
	}
	day := func(seed string) string {
		var out bytes.Buffer
		require.NoError(t, run([]string{"-participants", "30", "-requests", "3", "-seed", seed}, &out), "seed %s", seed)
		return out.String()
	}
	first := day("9")
	assert.Equal(t, first, day("9"), "the same seed, the same day")
	assert.NotEqual(t, first, day("10"), "another seed, another day")
}

func TestRunFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // in the error; empty for flag.ErrHelp
	}{
		{[]string{"-h"}, ""},
		{[]string{"-participants", "1"}, "-participants 1"},
		{[]string{"-participants", "501"}, "-participants 501"},
		{[]string{"-requests", "0"}, "-requests 0"},
		{[]string{"-agendas", "-1"}, "-agendas -1"},
		{[]string{"extra"}, `"extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			err := run(tt.args, &out)
			if tt.want == "" {
				assert.ErrorIs(t, err, flag.ErrHelp, "%v: main exits 0 on flag.ErrHelp", tt.args)
				return
			}
			require.Error(t, err, "%v", tt.args)
			assert.Contains(t, err.Error(), tt.want, "%v: the error names the flag and value", tt.args)
		})
	}
}
