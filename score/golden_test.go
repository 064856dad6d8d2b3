package score_test

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestRankingGolden writes every model's ranking of the fixtures for a few
// queries to testdata/ranking.golden, so that a change of a model shows
// up as a diff in review. Run with -update to accept a change.
func TestRankingGolden(t *testing.T) {
	ps := fixtures()
	fitted := fitAll(t, ps, knownFixtures()...)
	var b strings.Builder
	for _, qid := range []string{"battery-fr", "raw-fi", "food-it"} {
		q := byID(t, ps, qid)
		for _, name := range []string{"tfidf", "lsa", "reciprocal", "sector", "market", "geo", "history", "hybrid", "learned"} {
			type hit struct {
				id string
				v  float64
			}
			var hits []hit
			for _, c := range ps {
				if c != q {
					hits = append(hits, hit{c.ID, fitted[name].Score(q, c)})
				}
			}
			slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(b.v, a.v), cmp.Compare(a.id, b.id)) })
			fmt.Fprintf(&b, "%s %-10s", qid, name)
			for _, h := range hits[:5] {
				fmt.Fprintf(&b, " %s=%.3f", h.id, h.v)
			}
			b.WriteByte('\n')
		}
	}
	path := filepath.Join("testdata", "ranking.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755), "mkdir testdata")
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644), "write %s", path)
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "read %s (run with -update to create it)", path)
	assert.Equal(t, string(want), b.String(), "rankings differ from %s (run with -update to accept)", path)
}
