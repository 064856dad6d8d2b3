package proc_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"

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
