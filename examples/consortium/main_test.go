package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
)

func TestRunTable(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(nil, &out, io.Discard), "run with defaults")
	s := out.String()
	for _, want := range []string{"Consortia around", "#1 objective", "#3 objective", "SYNTHETIC"} {
		assert.Contains(t, s, want, "table output:\n%s", s)
	}
}

func TestRunJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run([]string{"-json", "-n", "2", "-size", "4"}, &out, io.Discard), "run -json")
	var got struct {
		Seed      string             `json:"seed"`
		Market    string             `json:"market"`
		Consortia []match.Consortium `json:"consortia"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got), "decode %s", out.String())
	assert.NotEmpty(t, got.Seed, "seed")
	assert.NotEmpty(t, got.Market, "market")
	require.Len(t, got.Consortia, 2, "two alternatives")
	for _, c := range got.Consortia {
		assert.LessOrEqual(t, len(c.Members), 4, "size")
		assert.Contains(t, c.Markets, got.Market, "shared market")
	}
}

func TestRunUnknownCluster(t *testing.T) {
	err := run([]string{"-id", "no-such-id"}, io.Discard, io.Discard)
	require.Error(t, err, "unknown id")
	assert.True(t, strings.Contains(err.Error(), "no such cluster"), "error %v", err)
}

func TestRunHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run([]string{"-h"}, &out, &errOut)
	assert.ErrorIs(t, err, flag.ErrHelp, "-h asks for help, which main treats as success")
	assert.Empty(t, out.String(), "no consortia for -h")
	assert.Contains(t, errOut.String(), "-market", "help lists the flags")
}
