package score_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

func TestActivity(t *testing.T) {
	ps := fixtures()
	s := fit(t, score.Activity{}, ps)
	adhoc := &profile.Profile{ID: "visitor", Partnerships: []string{"a", "b", "b"}}
	tests := []struct {
		name   string
		q      string
		better string // a candidate ranked above worse
		worse  string
	}{
		{"two partnerships above one", "food-it", "recycling-be", "battery-fr"},
		{"one above none", "food-it", "battery-de", "logistics-nl"},
		{"the same order for another asker", "battery-fr", "recycling-be", "raw-fi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := byID(t, ps, tt.q)
			assert.Greater(t, s.Score(q, byID(t, ps, tt.better)), s.Score(q, byID(t, ps, tt.worse)))
		})
	}
	for _, q := range append(ps, adhoc) {
		for _, c := range ps {
			v := s.Score(q, c)
			assert.True(t, v >= 0 && v <= 1, "in [0, 1]: %v", v)
			assert.Equal(t, v, s.Score(c, q), "symmetric")
		}
	}
	// recycling-be lists the most (2): an ad-hoc profile listing two
	// distinct ones is as active.
	rec := byID(t, ps, "recycling-be")
	assert.Equal(t, s.Score(rec, rec), s.Score(adhoc, adhoc), "an ad-hoc profile counts its own distinct partnerships")

	none := fit(t, score.Activity{}, []*profile.Profile{{ID: "a"}, {ID: "b"}})
	assert.Zero(t, none.Score(&profile.Profile{ID: "a"}, &profile.Profile{ID: "b"}), "no partnerships: 0")
}

func TestAffinity(t *testing.T) {
	var ps []*profile.Profile
	kinds := []string{profile.KindUniversity, profile.KindCompany, profile.KindResearch}
	for i := range 30 {
		ps = append(ps, &profile.Profile{ID: fmt.Sprintf("p%02d", i), Kind: kinds[i%3], Country: []string{"DE", "FR"}[i%2]})
	}
	// Every known partnership joins a university and a company.
	var known []profile.Partnership
	for i := 0; i+1 < 30; i += 3 {
		known = append(known, profile.Partnership{ID: fmt.Sprint("k", i), Members: []string{ps[i].ID, ps[i+1].ID}})
	}
	uni, company, research := ps[0], ps[1], ps[2]

	s := fit(t, score.Affinity{Field: score.AffinityKind}, ps, known...)
	assert.Greater(t, s.Score(uni, company), 0.0, "university with company: learned")
	assert.Zero(t, s.Score(uni, research), "never seen together: 0")
	assert.Zero(t, s.Score(uni, ps[3]), "university with university: 0")
	assert.Equal(t, s.Score(uni, company), s.Score(company, uni), "symmetric")
	out := make([]float64, len(ps))
	score.Batch(s, uni, ps, out)
	for i, c := range ps {
		assert.Equal(t, s.Score(uni, c), out[i], "batch equals pair by pair: %s", c.ID)
	}

	few := fit(t, score.Affinity{Field: score.AffinityKind, Shrink: 1000}, ps, known...)
	assert.Less(t, few.Score(uni, company), s.Score(uni, company), "more shrinkage, less weight on the same evidence")

	none := fit(t, score.Affinity{Field: score.AffinityCountry}, ps)
	assert.Zero(t, none.Score(uni, company), "no known partnerships: 0")

	_, err := score.Affinity{Field: "colour"}.Fit(context.Background(), &score.Corpus{Profiles: ps})
	require.Error(t, err, "unknown field")
	assert.Contains(t, err.Error(), `"colour"`, "the error names the field")
}
