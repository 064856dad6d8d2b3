package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/internal/filter"
	"github.com/clustergo/partnermatch/internal/topk"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// synthIndex returns an index in memory of the default synthetic world,
// less two deleted profiles, and the world.
func synthIndex(t *testing.T) (*Index, *synth.World) {
	t.Helper()
	ctx := context.Background()
	w, err := synth.Default()
	require.NoError(t, err)
	x, err := Open("", Options{})
	require.NoError(t, err)
	t.Cleanup(func() { x.Close() })
	require.NoError(t, x.Upsert(ctx, w.Profiles...))
	require.NoError(t, x.Delete(ctx, w.Profiles[5].ID, w.Profiles[6].ID))
	return x, w
}

// TestCandidatesMatchBruteForce checks the pruned scoring of the view
// against summing every posting of every query term.
func TestCandidatesMatchBruteForce(t *testing.T) {
	ctx := context.Background()
	x, w := synthIndex(t)

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
func bruteForce(m *memIndex, qts []qterm, weights [numMem]float64, spec *filter.Spec, self string, n int) []refScore {
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
	var out []refScore
	for s, v := range acc {
		if m.slots[s].id != self && spec.Pass(&m.slots[s].Attrs) {
			out = append(out, refScore{m.slots[s].id, v})
		}
	}
	slices.SortFunc(out, func(a, b refScore) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.id, b.id))
	})
	return out[:min(n, len(out))]
}

// TestCandidatesExact checks the view's candidates against an exhaustive
// reference with the same float32 arithmetic: the same slots, scores and
// order, whatever pruning and ordering the view applies. The world has
// dead slots (deleted and replaced profiles) and clones that tie.
func TestCandidatesExact(t *testing.T) {
	ctx := context.Background()
	w, err := synth.Default()
	require.NoError(t, err)
	x, err := Open("", Options{})
	require.NoError(t, err)
	defer x.Close()
	ps := slices.Clone(w.Profiles)
	// Clones of the first profiles score alike: ties ranked by id.
	for i := range 6 {
		for _, prefix := range []string{"aa-clone-", "zz-clone-"} {
			c := w.Profiles[i].Clone()
			c.ID = fmt.Sprintf("%s%d", prefix, i)
			ps = append(ps, c)
		}
	}
	// A tie group larger than some N: a profile and 30 clones.
	for i := range 30 {
		c := w.Profiles[2].Clone()
		c.ID = fmt.Sprintf("tie-%02d", i)
		ps = append(ps, c)
	}
	require.NoError(t, x.Upsert(ctx, ps...))
	// Dead slots: deleted profiles, and replaced ones whose old postings stay.
	require.NoError(t, x.Delete(ctx, ps[5].ID, ps[6].ID, "zz-clone-1"))
	var changed []profile.Profile
	for i := 40; i < 60; i++ {
		p := ps[i].Clone()
		p.Offers, p.Needs = ps[i+100].Offers, ps[i+200].Needs
		changed = append(changed, p)
	}
	require.NoError(t, x.Upsert(ctx, changed...))
	require.Greater(t, x.mem.nDead, 20, "dead slots in the view")

	few := Filters{Countries: []string{"DE", "IT", "PL"}, Kinds: []string{"research", "network"}}
	kwOnly := Weights{Industries: 1, Markets: 1}
	bonusHeavy := Weights{NeedsOffers: 0.1, Markets: 5, Industries: 3}
	tests := []struct {
		name    string
		weights *Weights
		filters Filters
		n       int
		exclude int // exclude this many of the unfiltered best
	}{
		{name: "default", n: 200},
		{name: "N 1", n: 1},
		{name: "N cuts a tie", n: 10},
		{name: "ESCP-4i", filters: Filters{Rules: profile.ESCP4i(), ExcludeCountries: []string{"DE"}}, n: 50},
		{name: "filter rejects most", filters: few, n: 20},
		{name: "N above the matches", n: 100_000},
		{name: "N above the filtered matches", filters: few, n: 300},
		{name: "keywords only", weights: &kwOnly, n: 30},
		{name: "bonus outweighs text", weights: &bonusHeavy, n: 40},
		{name: "excluded ids", n: 10, exclude: 5},
		{name: "excluded ids, filtered", filters: Filters{Kinds: []string{"cluster"}}, n: 25, exclude: 8},
	}
	queries := []profile.Profile{w.Profiles[0], w.Profiles[1]} // cloned: ties
	for i := range 12 {
		queries = append(queries, w.Profiles[3+i*83])
	}
	// Needs that the tie group offers.
	queries = append(queries, profile.Profile{ID: "q-tie", Language: w.Profiles[2].Language, Needs: w.Profiles[2].Offers})
	// A single rare need: few postings.
	queries = append(queries, profile.Profile{ID: "q-rare", Language: "en", Needs: []string{w.Profiles[7].Offers[0]}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			weights := DefaultWeights()
			if tt.weights != nil {
				weights = *tt.weights
			}
			wf := weights.byField()
			spec, err := tt.filters.compile()
			require.NoError(t, err)
			for _, q := range queries {
				q.Normalize()
				qts := candidateTerms(&q, wf)
				exclude := []string{q.ID}
				if tt.exclude > 0 {
					all := exactCandidates(x.mem, qts, wf, &filter.Spec{}, exclude, tt.exclude)
					for _, c := range all {
						exclude = append(exclude, c.ID)
					}
				}
				want := exactCandidates(x.mem, qts, wf, spec, exclude, tt.n)
				// Sparse and dense accumulation: automatic, never, always.
				got, err := x.mem.candidates(ctx, qts, wf, spec, exclude, tt.n, true)
				require.NoError(t, err)
				require.Equal(t, want, got, "candidates of %s", q.ID)
				for i := range want {
					want[i].Fields = nil
				}
				// Dense accumulation automatic, never, always, and always
				// in blocks smaller than the view.
				oldEvery, oldBlock := denseEvery, accBlock
				for _, mode := range []struct{ every, block int }{
					{oldEvery, oldBlock}, {0, oldBlock}, {math.MaxInt32, oldBlock}, {math.MaxInt32, 100},
				} {
					denseEvery, accBlock = mode.every, mode.block
					got, err := x.mem.candidates(ctx, qts, wf, spec, exclude, tt.n, false)
					denseEvery, accBlock = oldEvery, oldBlock
					require.NoError(t, err)
					require.Equal(t, want, got, "candidates of %s without fields (mode %+v)", q.ID, mode)
				}
			}
		})
	}
}

// exactCandidates scores every live slot by every posting of every query
// term in the view's float32 arithmetic, and sorts them all.
func exactCandidates(m *memIndex, qts []qterm, weights [numMem]float64, spec *filter.Spec, exclude []string, n int) []Candidate {
	text := make([]float32, len(m.slots))
	bonus := make([]float32, len(m.slots))
	matched := make([]uint8, len(m.slots)) // a bit per field with a posting
	for _, qt := range qts {
		id, ok := m.lookup(qt.field, qt.term)
		if !ok || m.df[id] == 0 {
			continue
		}
		for _, p := range m.post[id] {
			matched[p.slot] |= 1 << qt.field
		}
		w := qweight(weights[qt.field], qt.n) * bm25IDF(float64(m.live), float64(m.df[id]))
		wk := float32(w * (bm25K1 + 1))
		c0 := float32(bm25K1 * (1 - bm25B))
		c1 := float32(bm25K1 * bm25B / m.avgLen(qt.field))
		for _, p := range m.post[id] {
			if memText(qt.field) {
				tf := float32(p.tf)
				text[p.slot] += wk * tf / (tf + c0 + c1*float32(p.len))
			}
		}
	}
	// Bonuses in the order the view adds them: industries, then markets.
	for _, f := range []int{memIndustries, memMarkets} {
		for _, qt := range qts {
			id, ok := m.lookup(qt.field, qt.term)
			if qt.field != f || !ok || m.df[id] == 0 {
				continue
			}
			w := float32(qweight(weights[qt.field], qt.n) * bm25IDF(float64(m.live), float64(m.df[id])))
			for _, p := range m.post[id] {
				bonus[p.slot] += w
			}
		}
	}
	out := []Candidate{} // as the view: empty, not nil
	for s := range m.slots {
		score := text[s] + bonus[s]
		if score == 0 || m.dead[s] || !spec.Pass(&m.slots[s].Attrs) || slices.Contains(exclude, m.slots[s].id) {
			continue
		}
		out = append(out, Candidate{ID: m.slots[s].id, Score: float64(score), Fields: maskNames(matched[s])})
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	return out[:min(n, len(out))]
}

// TestConsiderBestTies checks the ordered pass of the view on scores
// with many exact ties, also between a text score plus the largest bonus
// and a better text score alone (2 + 1 = 3): the top N must be that of
// considering every slot, ties ranked by id.
func TestConsiderBestTies(t *testing.T) {
	const maxBonus = 1
	text := func(s int) float32 { return float32((s*7919)%41) / 4 } // 0 (no match) to 10, in quarters
	bonus := func(s int) float32 { return []float32{0, 0.25, 1, 0.5}[(s*31)%4] }
	slots := make([]slot, 3000)
	for s := range slots {
		slots[s].id = fmt.Sprintf("p%04d", (s*1237)%len(slots)) // ids not in slot order
	}
	tests := []struct {
		name string
		n    int
	}{{"N 1", 1}, {"N 7", 7}, {"N 100", 100}, {"N 1000", 1000}, {"N above the matches", 5000}}
	for _, tt := range tests {
		for _, dense := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/dense %v", tt.name, dense), func(t *testing.T) {
				sc := &scratch{acc: make([]float32, len(slots))}
				var want []scored
				for s := range slots {
					sc.acc[s] = text(s)
					if sc.acc[s] > 0 {
						sc.touched = append(sc.touched, uint32(s))
						want = append(want, scored{uint32(s), sc.acc[s] + bonus(s)})
					}
				}
				slices.SortFunc(want, func(a, b scored) int { // the reference: a full sort
					return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(slots[a.slot].id, slots[b.slot].id))
				})
				want = want[:min(tt.n, len(want))]
				var h topk.Heap[scored]
				h.Reset(tt.n, bySlots(slots))
				considered := 0
				sc.considerBest(&h, tt.n, len(slots), dense, maxBonus, func(s uint32, text float32) {
					considered++
					if w, full := h.Bound(); full && text+maxBonus < w.score {
						return
					}
					if e := (scored{s, text + bonus(int(s))}); h.Wants(e) {
						h.Push(e)
					}
				})
				assert.Equal(t, want, h.Sorted())
				t.Logf("considered %d of %d slots", considered, len(sc.touched))
			})
		}
	}
}

// viewSlot is a live slot of a view with its term ids resolved, to
// compare views whose ids differ.
type viewSlot struct {
	slot
	termKeys []string
	postings map[string]posting // term key -> the slot's posting, slot number cleared
}

// liveView returns the live slots of m by id, and m's per-field length
// sums and document frequencies by term key.
func liveView(m *memIndex) (map[string]viewSlot, [numMem]int64, map[string]int32) {
	keys := make([]string, len(m.post))
	for k, id := range m.dict {
		keys[id] = k
	}
	out := map[string]viewSlot{}
	for id, s := range m.byID {
		sl := m.slots[s]
		v := viewSlot{slot: sl, postings: map[string]posting{}}
		for _, t := range sl.terms {
			v.termKeys = append(v.termKeys, keys[t])
			for _, p := range m.post[t] {
				if p.slot == s {
					p.slot = 0
					v.postings[keys[t]] = p
				}
			}
		}
		v.terms = nil
		slices.Sort(v.termKeys)
		out[id] = v
	}
	df := map[string]int32{}
	for t, n := range m.df {
		if n != 0 {
			df[keys[t]] = n
		}
	}
	return out, m.lenSum, df
}

// TestLoadMatchesWrites checks that the view Open builds from the stored
// fields, chunk by chunk, holds what the writes built.
func TestLoadMatchesWrites(t *testing.T) {
	ctx := context.Background()
	x, w := synthIndex(t)
	changed := w.Profiles[7].Clone()
	changed.Offers = append(changed.Offers, "lidar sensors", "lidar sensors")
	require.NoError(t, x.Upsert(ctx, changed))
	want, wantLens, wantDF := liveView(x.mem)

	defer func(c int) { loadChunk = c }(loadChunk)
	for _, chunk := range []int{4096, 97, 1} {
		loadChunk = chunk
		n := 0
		m, err := loadMem(ctx, x.bi, "", func(profile.Profile, int, int) error { n++; return nil })
		require.NoError(t, err)
		assert.Equal(t, len(want), n)
		got, lens, df := liveView(m)
		assert.Equal(t, wantLens, lens, "chunk %d", chunk)
		assert.Equal(t, wantDF, df, "chunk %d", chunk)
		require.Equal(t, len(want), len(got), "chunk %d", chunk)
		for id, v := range want {
			require.Equal(t, v, got[id], "chunk %d: %s", chunk, id)
		}
	}
}

// TestLoadChunks opens folders of both stored forms (records, and JSON
// from version 2) a profile at a time: each profile reaches Load as
// ForEach reads it, nothing left over from the one decoded before in
// the same place.
func TestLoadChunks(t *testing.T) {
	ctx := context.Background()
	x, _ := synthIndex(t)
	dir := filepath.Join(t.TempDir(), "v2")
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "v2"))))
	y, err := Open(dir, Options{})
	require.NoError(t, err)
	defer y.Close()

	defer func(c int) { loadChunk = c }(loadChunk)
	loadChunk = 1
	for _, z := range []*Index{x, y} {
		want := map[string]profile.Profile{}
		require.NoError(t, z.ForEach(ctx, func(p profile.Profile) error {
			want[p.ID] = p
			return nil
		}))
		got := map[string]profile.Profile{}
		_, err := loadMem(ctx, z.bi, z.path, func(p profile.Profile, _, _ int) error {
			got[p.ID] = p
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, want, got, "folder %q", z.path)
	}
}
