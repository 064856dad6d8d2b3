package match_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

func TestAll(t *testing.T) {
	eng := loaded(t)
	var want []string
	for _, p := range world().Profiles {
		want = append(want, p.ID)
	}
	slices.Sort(want)

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		stop    int // break after this many profiles; 0: never
		cancel  int // cancel the context after this many profiles; 0: never
		wantIDs []string
		wantErr error
	}{
		{name: "every profile in id order", ctx: context.Background(), wantIDs: want},
		{name: "early break", ctx: context.Background(), stop: 3, wantIDs: want[:3]},
		{name: "cancelled context", ctx: canceled, wantErr: context.Canceled},
		{name: "cancelled during the loop", ctx: context.Background(), cancel: 2, wantIDs: want[:2], wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(tt.ctx)
			defer cancel()
			var ids []string
			var errs []error
			for p, err := range eng.All(ctx) {
				if err != nil {
					assert.Zero(t, p, "the profile yielded with %v", err)
					errs = append(errs, err)
					continue
				}
				ids = append(ids, p.ID)
				if len(ids) == tt.cancel {
					cancel()
				}
				if len(ids) == tt.stop {
					break
				}
			}
			assert.Equal(t, tt.wantIDs, ids, "ids yielded by All (%s)", tt.name)
			if tt.wantErr == nil {
				assert.Empty(t, errs, "errors yielded by All (%s)", tt.name)
				return
			}
			require.Len(t, errs, 1, "All yields the context's error once (%s)", tt.name)
			assert.ErrorIs(t, errs[0], tt.wantErr, "error yielded by All (%s)", tt.name)
		})
	}
}

func TestAllCopiesAndClose(t *testing.T) {
	eng := newEngine(t, "", match.Config{RefitDelay: -1})
	require.NoError(t, eng.Add(context.Background(),
		profile.Profile{ID: "a", Name: "Alpha Cluster", Country: "de", Offers: []string{"lidar"}}), "Add")
	for p, err := range eng.All(context.Background()) {
		require.NoError(t, err, "All")
		assert.Equal(t, "DE", p.Country, "All yields profiles as normalised when added")
		p.Offers[0] = "changed by the caller"
	}
	got, ok := eng.Get("a")
	require.True(t, ok, "Get(a)")
	assert.Equal(t, []string{"lidar"}, got.Offers, "a profile changed by All's caller is unchanged in the engine")

	require.NoError(t, eng.Close(), "Close")
	var errs []error
	for _, err := range eng.All(context.Background()) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1, "All after Close yields one error")
	assert.ErrorIs(t, errs[0], match.ErrClosed, "All after Close")
}

// TestConcurrentAllDuringWrites lists the engine while a writer adds and
// removes profiles in pairs, each pair in one atomic write: every listing
// is in strict id order and holds both profiles of a pair or neither.
func TestConcurrentAllDuringWrites(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	base := eng.Len()
	const pairs = 20
	pair := func(i int) []profile.Profile {
		var ps []profile.Profile
		for _, side := range []string{"a", "b"} {
			ps = append(ps, profile.Profile{ID: fmt.Sprintf("pair-%02d-%s", i, side), Name: "Pair Cluster " + side, Country: "FR",
				Offers: []string{"battery recycling"}})
		}
		return ps
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range pairs {
			if !assert.NoError(t, eng.Add(ctx, pair(i)...), "Add pair %d", i) {
				return
			}
			if i%3 == 0 {
				ps := pair(i)
				assert.NoError(t, eng.Remove(ctx, ps[0].ID, ps[1].ID), "Remove pair %d", i)
			}
		}
	})
	for range 2 {
		wg.Go(func() {
			for range 10 {
				var ids []string
				for p, err := range eng.All(ctx) {
					if !assert.NoError(t, err, "All during writes") {
						return
					}
					ids = append(ids, p.ID)
				}
				assert.True(t, slices.IsSorted(ids), "All during writes is in id order")
				assert.Equal(t, len(ids), len(slices.Compact(slices.Clone(ids))), "All during writes lists each id once")
				assert.Zero(t, (len(ids)-base)%2, "All during writes sees whole pairs: %d profiles over %d", len(ids), base)
				for i := range pairs {
					a := slices.Contains(ids, fmt.Sprintf("pair-%02d-a", i))
					b := slices.Contains(ids, fmt.Sprintf("pair-%02d-b", i))
					assert.Equal(t, a, b, "All during writes holds both profiles of pair %d or neither", i)
				}
			}
		})
	}
	wg.Wait()
}
