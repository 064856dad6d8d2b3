package index

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

// TestNACEID checks that every code a filter or a profile can hold, in
// every well-shaped group and class of every division, has its own id.
func TestNACEID(t *testing.T) {
	seen := map[uint16]string{}
	add := func(code string) {
		c, err := profile.CanonicalNACE(code)
		require.NoError(t, err, code)
		require.Equal(t, code, c, "canonical")
		id := naceID(c)
		if prev, ok := seen[id]; ok {
			t.Fatalf("naceID(%s) = naceID(%s) = %d", c, prev, id)
		}
		seen[id] = c
	}
	for _, s := range profile.NACESections() {
		add(s.Code)
	}
	for _, d := range profile.NACEDivisions() {
		add(d.Code)
		for g := range 10 {
			add(fmt.Sprintf("%s.%d", d.Code, g))
			for c := range 10 {
				add(fmt.Sprintf("%s.%d%d", d.Code, g, c))
			}
		}
	}
	assert.Greater(t, len(seen), 9000)
}
