package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets the test binary be the measured child, as the command's
// own binary is.
func TestMain(m *testing.M) {
	childMain()
	os.Exit(m.Run())
}

func TestRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "engine")
	var out, log bytes.Buffer
	require.NoError(t, run([]string{"-profiles", "300", "-runs", "3", "-dir", dir, "-native", "0.3"}, &out, &log), log.String())
	md := out.String()
	assert.Contains(t, md, "300 SYNTHETIC profiles")
	assert.Contains(t, md, "built by this run")
	assert.Contains(t, md, "Command: `go run ./benchmarks/cmd/restart -profiles 300 -runs 3 -dir "+dir+" -native 0.3`")
	assert.Contains(t, md, "transparent huge pages: ")
	for _, row := range []string{"| 1 |", "| 2 |", "| 3 |", "| median |"} {
		assert.Contains(t, md, row)
	}
	assert.NotContains(t, md, "| 4 |")
	assert.Regexp(t, `\| median \| 0\.\d{3} \| \d+\.\d{3} \| \d+\.\d{3} \| \d+\.\d{3} \| [1-9]\d* \| [1-9]\d* \| [1-9]\d* \| [1-9]\d* \|`, md, "medians, page faults and memory counted")

	// The folder is reused, its kept fit restored (a child that fitted
	// fails the run).
	out.Reset()
	prof := filepath.Join(t.TempDir(), "prof")
	require.NoError(t, run([]string{"-profiles", "300", "-runs", "1", "-dir", dir, "-profile", prof}, &out, &log), log.String())
	assert.Contains(t, out.String(), "built by an earlier run")
	for _, name := range []string{"cpu-1.pprof", "allocs-1.pprof"} {
		fi, err := os.Stat(filepath.Join(prof, name))
		require.NoError(t, err, "-profile")
		assert.Positive(t, fi.Size(), name)
	}

	// A folder of another size is refused, not reported as this one.
	err := run([]string{"-profiles", "200", "-runs", "1", "-dir", dir}, &out, &log)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds 300 profiles, -profiles says 200")

	// A folder whose fit file is gone makes the child fit: the run says so.
	require.NoError(t, os.Remove(filepath.Join(dir, "partnermatch-fit.bin")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "partnermatch-fit.bin"), []byte("damaged"), 0o644))
	err = run([]string{"-profiles", "300", "-runs", "1", "-dir", dir}, &out, &log)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "fitted instead of restoring")
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"-profiles 0", "-profiles 0"},
		{"-runs 0", "-runs 0"},
		{"-native 2", "-native 2"},
		{"extra", "unexpected arguments"},
	} {
		t.Run(tc.args, func(t *testing.T) {
			_, err := parse(strings.Fields(tc.args), &bytes.Buffer{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
