package index

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// TestCandidatesMatchBruteForce checks the pruned scoring of the view
// against summing every posting of every query term.
func TestCandidatesMatchBruteForce(t *testing.T) {
	ctx := context.Background()
	w, err := synth.Default()
	require.NoError(t, err)
	x, err := Open("", Options{})
	require.NoError(t, err)
	defer x.Close()
	require.NoError(t, x.Upsert(ctx, w.Profiles...))
	require.NoError(t, x.Delete(ctx, w.Profiles[5].ID, w.Profiles[6].ID))

	weightSets := []Weights{
		DefaultWeights(),
		{Industries: 1, Markets: 1},    // keywords only: every candidate comes from the fallback
		{NeedsOffers: 0.1, Markets: 5}, // bonuses outweigh text
	}
	filters := []Filters{{}, {Rules: profile.ESCP4i(), ExcludeCountries: []string{"DE"}}, {Kinds: []string{"research"}}}
	for i := range 30 {
		q := w.Profiles[i*31]
		weights := weightSets[i%len(weightSets)].byField()
		spec, err := filters[i%len(filters)].compile()
		require.NoError(t, err)
		n := []int{5, 50, 2000}[i%3]
		qts := candidateTerms(&q, weights)
		got, err := x.mem.candidates(ctx, qts, weights, spec, []string{q.ID}, n, true)
		require.NoError(t, err)
		want := bruteForce(x.mem, qts, weights, spec, q.ID, n)
		require.Equal(t, len(want), len(got), "number of candidates for %s", q.ID)
		for j := range want {
			assert.InDelta(t, want[j].score, got[j].Score, 1e-3, "score at rank %d for %s", j, q.ID)
		}
		ref := map[string]float64{}
		for _, c := range bruteForce(x.mem, qts, weights, spec, q.ID, len(x.mem.slots)) {
			ref[c.id] = c.score
		}
		for _, c := range got {
			assert.InDelta(t, ref[c.ID], c.Score, 1e-3, "score of %s for %s", c.ID, q.ID)
		}
	}
}

type refScore struct {
	id    string
	score float64
}

// bruteForce scores every live slot by every posting of every query term.
func bruteForce(m *memIndex, qts []qterm, weights [numMem]float64, spec *filterSpec, self string, n int) []refScore {
	acc := map[uint32]float64{}
	for _, qt := range qts {
		id, ok := m.lookup(qt.field, qt.term)
		if !ok || m.df[id] == 0 {
			continue
		}
		w := qweight(weights[qt.field], qt.n) * bm25IDF(float64(m.live), float64(m.df[id]))
		for _, p := range m.post[id] {
			if m.dead[p.slot] {
				continue
			}
			if memText(qt.field) {
				tf := float64(p.tf)
				acc[p.slot] += w * (bm25K1 + 1) * tf / (tf + bm25K1*(1-bm25B+bm25B*float64(p.len)/m.avgLen(qt.field)))
			} else {
				acc[p.slot] += w
			}
		}
	}
	mf := spec.resolve(m)
	var out []refScore
	for s, v := range acc {
		if m.slots[s].id != self && mf.pass(&m.slots[s]) {
			out = append(out, refScore{m.slots[s].id, v})
		}
	}
	slices.SortFunc(out, func(a, b refScore) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.id, b.id))
	})
	return out[:min(n, len(out))]
}
