package index_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// TestConcurrentReadDuringWrite runs readers of every kind while two
// writers add batches and delete. Each write adds or removes whole
// batches, so a reader must never see a count between two batches.
func TestConcurrentReadDuringWrite(t *testing.T) {
	const batch = 50
	batches := 12
	if testing.Short() {
		batches = 6
	}
	ctx := context.Background()
	x, err := index.Open(t.TempDir(), index.Options{})
	require.NoError(t, err)
	defer x.Close()
	w, err := synth.Default()
	require.NoError(t, err)
	ps := w.Profiles[:batch*batches]

	var done atomic.Bool
	var writers, readers sync.WaitGroup
	// Two writers: one adds batches, one deletes every third batch again
	// once it is in. Upsert and Delete serialise internally.
	added := make(chan int, batches)
	writers.Go(func() {
		defer close(added)
		for b := range batches {
			assert.NoError(t, x.Upsert(ctx, ps[b*batch:(b+1)*batch]...), "Upsert batch %d", b)
			added <- b
		}
	})
	writers.Go(func() {
		for b := range added {
			if b%3 != 2 {
				continue
			}
			ids := make([]string, batch)
			for i := range ids {
				ids[i] = ps[b*batch+i].ID
			}
			assert.NoError(t, x.Delete(ctx, ids...), "Delete batch %d", b)
		}
	})
	q := ps[0]
	for r := range 3 {
		readers.Go(func() {
			for i := 0; !done.Load(); i++ {
				n, err := x.Count()
				assert.NoError(t, err, "Count")
				assert.Zero(t, n%batch, "Count %d is whole batches", n)
				switch (i + r) % 4 {
				case 0:
					_, err = x.Search(ctx, index.SearchRequest{Query: "battery design", Facets: true,
						Filters: index.Filters{Rules: profile.ESCP4i()}})
				case 1:
					_, err = x.Candidates(ctx, &q, index.CandidateOptions{N: 50})
				case 2:
					_, err = x.Candidates(ctx, &q, index.CandidateOptions{N: 50, Bleve: true})
				case 3:
					_, _, err = x.Get(ps[i%len(ps)].ID)
					if err == nil {
						var k int
						for _, err := range x.IDs(ctx) {
							assert.NoError(t, err, "IDs")
							k++
						}
						assert.Zero(t, k%batch, "IDs lists %d ids, whole batches", k)
					}
				}
				assert.NoError(t, err, "reader %d op %d", r, i)
			}
		})
	}
	writers.Wait()
	done.Store(true)
	readers.Wait()

	want := batch * (batches - batches/3)
	n, err := x.Count()
	require.NoError(t, err)
	assert.Equal(t, want, n, "Count after the writers")
	seen := 0
	require.NoError(t, x.ForEach(ctx, func(profile.Profile) error { seen++; return nil }))
	assert.Equal(t, want, seen, "ForEach after the writers")
}
