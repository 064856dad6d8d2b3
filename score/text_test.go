package score_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/score"
)

// TestMaxVocabulary checks that a corpus of more distinct terms than
// MaxVocabulary keeps that many, the most frequent, so that the terms that
// link profiles survive a flood of words of one profile each.
func TestMaxVocabulary(t *testing.T) {
	ctx := context.Background()
	// 40 profiles of 2,000 words of their own (80,000 terms of one
	// profile each) and two that share one offer.
	var ps []*profile.Profile
	for i := range 40 {
		var ws []string
		for j := range 2000 {
			ws = append(ws, fmt.Sprintf("q%dz%d", i, j))
		}
		ps = append(ps, &profile.Profile{ID: fmt.Sprintf("flood-%02d", i), Description: strings.Join(ws, " ")})
	}
	lyon := &profile.Profile{ID: "lyon", Description: ps[0].Description, Offers: []string{"lidar"}}
	turin := &profile.Profile{ID: "turin", Description: ps[1].Description, Offers: []string{"lidar"}}
	ps = append(ps, lyon, turin)
	s, err := score.TFIDF{}.Fit(ctx, &score.Corpus{Profiles: ps})
	require.NoError(t, err, "TFIDF.Fit(flooded corpus)")
	assert.Equal(t, fmt.Sprintf("tfidf(profiles=%d, terms=%d)", len(ps), score.MaxVocabulary), fmt.Sprint(s),
		"the vocabulary is capped at MaxVocabulary")
	e := score.Explain(s, lyon, turin)
	require.NotEmpty(t, e.Evidence, "Explain(lyon, turin): a shared term")
	assert.Equal(t, "lidar", e.Evidence[0].Query, "the term two profiles share is kept")
	assert.Greater(t, s.Score(lyon, turin), 0.0, "Score(lyon, turin) over the shared term")

	// Under the cap every term is kept: nothing changes for real corpora.
	w, err := synth.Default()
	require.NoError(t, err, "synth.Default")
	s, err = score.TFIDF{}.Fit(ctx, &score.Corpus{Profiles: pointers(w.Profiles)})
	require.NoError(t, err, "TFIDF.Fit(default world)")
	assert.NotContains(t, fmt.Sprint(s), fmt.Sprintf("terms=%d", score.MaxVocabulary), "a real vocabulary is not capped")
}

// TestFitWorkers checks that a fit on fewer goroutines (Corpus.Workers)
// gives the same scores.
func TestFitWorkers(t *testing.T) {
	ctx := context.Background()
	w, err := synth.Default()
	require.NoError(t, err, "synth.Default")
	ps := pointers(w.Profiles[:300])
	for _, m := range []score.Model{score.TFIDF{}, score.LSA{}, score.Reciprocal{}, score.Auto{}} {
		all, err := m.Fit(ctx, &score.Corpus{Profiles: ps, Seed: 1})
		require.NoError(t, err, "%s.Fit(Workers: 0)", m.Name())
		one, err := m.Fit(ctx, &score.Corpus{Profiles: ps, Seed: 1, Workers: 1})
		require.NoError(t, err, "%s.Fit(Workers: 1)", m.Name())
		for i := 0; i < len(ps); i += 37 {
			for j := 1; j < len(ps); j += 41 {
				assert.InDelta(t, all.Score(ps[i], ps[j]), one.Score(ps[i], ps[j]), 1e-6,
					"%s.Score(%s, %s) on one worker", m.Name(), ps[i].ID, ps[j].ID)
			}
		}
	}
}
