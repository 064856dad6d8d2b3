package proc_test

import (
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/benchmarks/internal/proc"
)

func TestMemory(t *testing.T) {
	st, ok := proc.Memory()
	if runtime.GOOS != "linux" {
		assert.False(t, ok, "no /proc/self/status off Linux")
		return
	}
	assert.True(t, ok, "Linux has /proc/self/status")
	assert.Positive(t, st.RSS, "resident memory")
	assert.GreaterOrEqual(t, st.HWM, st.RSS, "the peak is at least what is resident now")
}

func TestResetPeak(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("clear_refs is Linux's")
	}
	// Touch 64 MB, then hand them back: the peak stays until reset.
	b := make([]byte, 64<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	runtime.KeepAlive(b)
	b = nil
	debug.FreeOSMemory()
	before, _ := proc.Memory()
	require.NoError(t, proc.ResetPeak())
	after, ok := proc.Memory()
	require.True(t, ok)
	assert.GreaterOrEqual(t, after.HWM, after.RSS, "the peak is at least what is resident now")
	assert.Less(t, after.HWM, before.HWM, "the 64 MB handed back are no longer the peak")
}

func TestReadUsage(t *testing.T) {
	before, ok := proc.ReadUsage()
	if runtime.GOOS != "linux" {
		t.Skip("the counts are checked on Linux")
	}
	require.True(t, ok, "Linux has getrusage")
	// Touch 32 MB of new memory and spin: faults and CPU time grow.
	b := make([]byte, 32<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	runtime.KeepAlive(b)
	x := 0
	for i := range 50_000_000 {
		x ^= i
	}
	runtime.KeepAlive(x)
	after, ok := proc.ReadUsage()
	require.True(t, ok)
	d := after.Sub(before)
	assert.Positive(t, d.MinorFaults, "touching new pages faults")
	assert.Positive(t, d.CPU, "spinning takes CPU time")
	assert.GreaterOrEqual(t, d.CPU, d.System, "system time is part of CPU time")
}
