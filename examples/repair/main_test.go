package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile/synth"
)

func TestRun(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := index.Open(dir, index.Options{})
	require.NoError(t, err)
	w, err := synth.Generate(synth.Config{Profiles: 40, Seed: 3})
	require.NoError(t, err)
	require.NoError(t, x.Upsert(ctx, w.Profiles...))
	require.NoError(t, x.Close())

	var out bytes.Buffer
	require.NoError(t, run(ctx, []string{"-index", dir}, &out, &out))
	assert.Contains(t, out.String(), "verifies: 40 profiles")

	require.NoError(t, os.Remove(filepath.Join(dir, "store", "root.bolt")))
	out.Reset()
	require.NoError(t, run(ctx, []string{"-index", dir}, &out, &out))
	assert.Contains(t, out.String(), "was damaged: moved to "+dir+".damaged-")
	assert.Contains(t, out.String(), "rebuilt "+dir+" with 40 profiles")
	assert.Contains(t, out.String(), "may be back")

	out.Reset()
	require.NoError(t, run(ctx, []string{"-index", dir}, &out, &out))
	assert.Contains(t, out.String(), "verifies: 40 profiles", "the rebuilt folder")
}

func TestRunErrors(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o600))
	tests := []struct {
		name string
		args []string
	}{
		{"no folder", nil},
		{"extra argument", []string{"-index", "x", "y"}},
		{"unknown flag", []string{"-fix"}},
		{"not an index", []string{"-index", file}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, run(ctx, tt.args, &out, &out))
		})
	}
}
