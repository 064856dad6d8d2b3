package index_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// paths are the two retrieval paths of Candidates.
var paths = []struct {
	name  string
	bleve bool
}{{"memory", false}, {"bleve", true}}

func TestCandidatesComplement(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	q := fixture()[0] // ie-battery: needs lidar sensors, offers battery recycling
	for _, path := range paths {
		t.Run(path.name, func(t *testing.T) {
			cs, err := x.Candidates(ctx, &q, index.CandidateOptions{Bleve: path.bleve})
			require.NoError(t, err, "Candidates(ie-battery)")
			byID := map[string]index.Candidate{}
			for i, c := range cs {
				byID[c.ID] = c
				if i > 0 {
					prev := cs[i-1]
					assert.True(t, prev.Score > c.Score || prev.Score == c.Score && prev.ID < c.ID,
						"ordered by score, then id: %v before %v", prev, c)
				}
			}
			assert.NotContains(t, byID, "ie-battery", "the query profile is excluded")
			assert.Contains(t, byID["de-lidar"].Fields, index.MatchNeedsOffers, "de-lidar offers the lidar sensors ie-battery needs")
			assert.Contains(t, byID["ch-medtech"].Fields, index.MatchOffersNeeds, "ch-medtech needs the batteries ie-battery offers")
			assert.Contains(t, byID["ch-medtech"].Fields, index.MatchMarkets, "ch-medtech targets US and JP too")
			assert.Equal(t, []string{index.MatchMarkets}, byID["it-food"].Fields, "it-food only shares a market")
			assert.Greater(t, byID["de-lidar"].Score, byID["it-food"].Score, "a complement ranks above a shared market")
			assert.Greater(t, byID["ch-medtech"].Score, byID["it-food"].Score, "a complement ranks above a shared market")
		})
	}
}

func TestCandidatesNoFields(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	q := fixture()[0]
	for _, path := range paths {
		t.Run(path.name, func(t *testing.T) {
			with, err := x.Candidates(ctx, &q, index.CandidateOptions{Bleve: path.bleve})
			require.NoError(t, err)
			without, err := x.Candidates(ctx, &q, index.CandidateOptions{Bleve: path.bleve, NoFields: true})
			require.NoError(t, err)
			require.NotEmpty(t, with)
			require.Len(t, without, len(with))
			for i := range with {
				assert.NotEmpty(t, with[i].Fields, "%s: fields by default", with[i].ID)
				assert.Nil(t, without[i].Fields, "%s: no fields with NoFields", without[i].ID)
				with[i].Fields = nil
			}
			assert.Equal(t, with, without, "the same candidates and scores")
		})
	}
}

func TestCandidatesAdHoc(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	tests := []struct {
		name string
		q    profile.Profile
		want string
		how  string
	}{
		{"German offer meets German need", profile.Profile{Language: "de", Offers: []string{"Batteriezelle"}},
			"de-lidar", index.MatchOffersNeeds},
		{"Serbian Latin need meets Cyrillic offer", profile.Profile{Language: "sr", Needs: []string{"reciklaža baterija"}},
			"rs-cyr", index.MatchNeedsOffers},
		{"Cyrillic offer meets Latin need", profile.Profile{Language: "sr", Offers: []string{"батерије"}},
			"rs-lat", index.MatchOffersNeeds},
		{"technologies", profile.Profile{Language: "en", Technologies: []string{"Photonik"}},
			"de-lidar", index.MatchTechnologies},
		{"industries", profile.Profile{Industries: []string{"blue-growth"}}, "hr-maritime", index.MatchIndustries},
		{"unnormalised input", profile.Profile{Language: " SR ", Industries: []string{" Blue-Growth "}}, "hr-maritime",
			index.MatchIndustries},
	}
	for _, tt := range tests {
		for _, path := range paths {
			t.Run(tt.name+"/"+path.name, func(t *testing.T) {
				cs, err := x.Candidates(ctx, &tt.q, index.CandidateOptions{Bleve: path.bleve})
				require.NoError(t, err, "Candidates(%+v)", tt.q)
				i := slices.IndexFunc(cs, func(c index.Candidate) bool { return c.ID == tt.want })
				require.GreaterOrEqual(t, i, 0, "Candidates(%+v) = %v holds %s", tt.q, cs, tt.want)
				assert.Contains(t, cs[i].Fields, tt.how, "why %s was found", tt.want)
			})
		}
	}
	none, err := x.Candidates(ctx, &profile.Profile{Name: "no terms"}, index.CandidateOptions{})
	require.NoError(t, err)
	assert.Empty(t, none, "a profile without needs, offers, technologies, industries or markets has no candidates")
}

func TestCandidatesFilters(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	// Every fixture profile shares a market with q, so filters alone
	// decide the candidates.
	q := profile.Profile{TargetMarkets: []string{"US", "JP", "CN", "CA", "MA", "UA", "NO"}}
	for _, tt := range filterTests {
		for _, path := range paths {
			t.Run(tt.name+"/"+path.name, func(t *testing.T) {
				cs, err := x.Candidates(ctx, &q, index.CandidateOptions{Filters: tt.f, Bleve: path.bleve, N: 100})
				require.NoError(t, err, "Candidates(Filters: %+v)", tt.f)
				assert.Equal(t, fixtureIDs(tt.keep), candidateIDs(cs), "Candidates(Filters: %+v)", tt.f)
			})
		}
	}
}

func TestCandidatesOptions(t *testing.T) {
	ctx := context.Background()
	x := openFixture(t, "")
	q := fixture()[0]
	for _, path := range paths {
		t.Run(path.name, func(t *testing.T) {
			all, err := x.Candidates(ctx, &q, index.CandidateOptions{Bleve: path.bleve})
			require.NoError(t, err)
			require.Greater(t, len(all), 3, "enough candidates to test with")

			two, err := x.Candidates(ctx, &q, index.CandidateOptions{N: 2, Bleve: path.bleve})
			require.NoError(t, err)
			assert.Equal(t, all[:2], two, "N: 2 gives the best two")

			ex, err := x.Candidates(ctx, &q, index.CandidateOptions{ExcludeIDs: []string{all[0].ID, "unknown"}, Bleve: path.bleve})
			require.NoError(t, err)
			assert.NotContains(t, candidateIDs(ex), all[0].ID, "ExcludeIDs")
			assert.Len(t, ex, len(all)-1, "ExcludeIDs drops one")

			w := index.DefaultWeights()
			w.NeedsOffers = 0
			now, err := x.Candidates(ctx, &q, index.CandidateOptions{Weights: &w, Bleve: path.bleve})
			require.NoError(t, err)
			for _, c := range now {
				assert.NotContains(t, c.Fields, index.MatchNeedsOffers, "weight 0 turns needs->offers off (%s)", c.ID)
			}
			_, err = x.Candidates(ctx, &q, index.CandidateOptions{Weights: &index.Weights{}, Bleve: path.bleve})
			assert.NoError(t, err, "all weights zero")
		})
	}
	_, err := x.Candidates(ctx, &q, index.CandidateOptions{N: -1})
	assert.ErrorIs(t, err, index.ErrInvalidQuery, "negative N")
	assert.EqualError(t, err, `index: candidates: N "-1": negative: invalid query`, "one prefix, the field and the value")
	_, err = x.Candidates(ctx, &q, index.CandidateOptions{Weights: &index.Weights{Markets: -1}})
	assert.ErrorIs(t, err, index.ErrInvalidQuery, "negative weight")
}

// TestCandidatesPathsAgree checks the in-memory view against bleve on the
// embedded synthetic world: the same terms and weights should find much
// the same candidates.
func TestCandidatesPathsAgree(t *testing.T) {
	ctx := context.Background()
	w, err := synth.Default()
	require.NoError(t, err)
	ps := w.Profiles
	x, err := index.Open("", index.Options{})
	require.NoError(t, err)
	defer x.Close()
	require.NoError(t, x.Upsert(ctx, ps...))
	const n = 100
	var overlap float64
	queries := ps[:40]
	for i := range queries {
		q := &queries[i]
		opts := index.CandidateOptions{N: n, Filters: index.Filters{ExcludeCountries: []string{q.Country}}}
		mem, err := x.Candidates(ctx, q, opts)
		require.NoError(t, err)
		opts.Bleve = true
		blv, err := x.Candidates(ctx, q, opts)
		require.NoError(t, err)
		require.Len(t, mem, n, "memory path fills N for %s", q.ID)
		require.Len(t, blv, n, "bleve path fills N for %s", q.ID)
		common := 0
		ids := candidateIDs(blv)
		for _, c := range mem {
			if _, ok := slices.BinarySearch(ids, c.ID); ok {
				common++
			}
		}
		overlap += float64(common) / n
	}
	overlap /= float64(len(queries))
	t.Logf("mean overlap of the top %d: %.3f", n, overlap)
	assert.Greater(t, overlap, 0.8, "the paths agree on most candidates")
}

// TestCandidatesAfterManyUpdates rewrites profiles until the view
// compacts, and compares with an index that got only the final versions.
func TestCandidatesAfterManyUpdates(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 6,000 profiles")
	}
	ctx := context.Background()
	w, err := synth.Generate(synth.Config{Seed: 5, Profiles: 600})
	require.NoError(t, err)
	base := w.Profiles
	x, err := index.Open("", index.Options{})
	require.NoError(t, err)
	defer x.Close()
	var final []profile.Profile
	for round := range 10 {
		final = final[:0]
		for i, p := range base {
			p = p.Clone()
			// rotate offers and needs so that every round changes terms
			k := (i + round) % len(base)
			p.Offers = base[k].Offers
			p.Needs = base[(k+7)%len(base)].Needs
			final = append(final, p)
		}
		require.NoError(t, x.Upsert(ctx, final...), "round %d", round)
	}
	require.NoError(t, x.Delete(ctx, final[0].ID, final[1].ID))
	fresh, err := index.Open("", index.Options{})
	require.NoError(t, err)
	defer fresh.Close()
	require.NoError(t, fresh.Upsert(ctx, final[2:]...))
	for _, q := range final[:10] {
		got, err := x.Candidates(ctx, &q, index.CandidateOptions{N: 50})
		require.NoError(t, err)
		want, err := fresh.Candidates(ctx, &q, index.CandidateOptions{N: 50})
		require.NoError(t, err)
		require.Equal(t, len(want), len(got), "candidates of %s", q.ID)
		for i := range want {
			assert.Equal(t, want[i].ID, got[i].ID, "candidate %d of %s", i, q.ID)
			assert.InDelta(t, want[i].Score, got[i].Score, 1e-4, "score of candidate %d of %s", i, q.ID)
		}
	}
	n, err := x.Count()
	require.NoError(t, err)
	assert.Equal(t, len(final)-2, n, "Count after the updates")
}
