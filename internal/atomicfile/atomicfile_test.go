package atomicfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/internal/atomicfile"
)

func TestWrite(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	write := func(s string, err error) error {
		return atomicfile.Write(name, func(w io.Writer) error {
			if _, werr := io.WriteString(w, s); werr != nil {
				return werr
			}
			return err
		})
	}
	require.NoError(t, write("first", nil))
	require.NoError(t, write("second", nil))
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "second", string(b))

	// A failed write leaves the old content and no temporary file.
	boom := errors.New("boom")
	require.ErrorIs(t, write("half", boom), boom)
	b, err = os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "second", string(b))
	assert.NoFileExists(t, name+".tmp")

	// A folder that is gone is an error, not a panic.
	assert.Error(t, atomicfile.Write(filepath.Join(t.TempDir(), "no", "f"), func(io.Writer) error { return nil }))
}
