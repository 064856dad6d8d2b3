package score_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/score"
	"github.com/clustergo/partnermatch/score/scoretest"
)

// knownFixtures are partnerships among the fixtures: the battery value
// chain and the food export chain.
func knownFixtures() []profile.Partnership {
	return []profile.Partnership{
		{ID: "k1", Members: []string{"battery-fr", "raw-fi", "recycling-be"}},
		{ID: "k2", Members: []string{"food-it", "logistics-nl"}},
		{ID: "k3", Members: []string{"battery-de", "raw-fi", "missing-id"}},
		{ID: "k4", Members: []string{"software-ee", "battery-de"}},
	}
}

// variants are models with non-default parameters, next to Models().
func variants() []score.Model {
	return append(score.Models(),
		score.LSA{Rank: 3, Oversample: -1, PowerIters: -1},
		score.Reciprocal{Floor: -1},
		score.Reciprocal{Floor: 0.5},
		score.History{Indirect: -1},
		score.Sector{Shrink: -1},
		score.Geo{Rules: profile.ESCP4i()},
		score.Relatedness{},
		score.Hybrid{{Model: score.TFIDF{}, Weight: 1}, {Model: score.Market{}, Weight: 0}},
		score.Learned{Negatives: 2, L2: -1},
		score.Auto{Prior: score.Hybrid{{Model: score.TFIDF{}, Weight: 1}, {Model: score.History{}, Weight: 3}}, Sample: 5},
	)
}

// TestConformance checks the Scorer contract of every model, fitted with
// and without known partnerships, and the symmetry of every model that
// says it is symmetric (score.IsSymmetric).
func TestConformance(t *testing.T) {
	ps := fixtures()
	for _, known := range [][]profile.Partnership{nil, knownFixtures()} {
		c := &score.Corpus{Profiles: ps, Known: known, Seed: 1}
		for _, m := range variants() {
			t.Run(m.Name(), func(t *testing.T) {
				s, err := m.Fit(context.Background(), c)
				require.NoError(t, err, "%+v.Fit with %d known", m, len(known))
				scoretest.Check(t, s, ps)
				if score.IsSymmetric(m) {
					scoretest.CheckSymmetric(t, s, ps)
				}
			})
		}
	}
}

// TestEdgeCorpora fits every model on degenerate corpora and scores the
// fixtures (all ad hoc, or some in the corpus) without NaN or panic.
func TestEdgeCorpora(t *testing.T) {
	ps := fixtures()
	tests := []struct {
		name    string
		corpus  []*profile.Profile
		known   []profile.Partnership
		wantErr bool
	}{
		{name: "empty corpus"},
		{name: "one profile", corpus: ps[:1]},
		{name: "one empty profile", corpus: []*profile.Profile{{}}},
		{name: "nil profiles", corpus: []*profile.Profile{nil, ps[0], nil}},
		{name: "duplicate ids", corpus: []*profile.Profile{ps[0], ps[0], ps[1], {ID: ps[1].ID}}},
		{name: "only awkward profiles", corpus: ps[len(ps)-4:]},
		{name: "known partnerships of unknown profiles", corpus: ps[:2],
			known: []profile.Partnership{{ID: "x", Members: []string{"a", "b"}}, {ID: "y"}}},
		{name: "one known pair", corpus: ps, known: knownFixtures()[1:2]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &score.Corpus{Profiles: tt.corpus, Known: tt.known, Seed: 1}
			for _, m := range variants() {
				s, err := m.Fit(context.Background(), c)
				require.NoError(t, err, "%s.Fit on %s", m.Name(), tt.name)
				scoretest.Check(t, s, ps)
			}
		})
	}
}

// TestSameContentSameScore checks that a profile that is not in the
// corpus is scored from its content: a copy under another ID, or at
// another address, scores exactly as the fitted original.
func TestSameContentSameScore(t *testing.T) {
	ps := fixtures()
	fitted := fitAll(t, ps)
	for _, name := range []string{"tfidf", "lsa", "reciprocal", "sector", "market", "geo"} {
		s := fitted[name]
		for _, q := range ps {
			for _, c := range ps {
				renamed := c.Clone()
				renamed.ID = "copy-of-" + c.ID
				moved := c.Clone() // same ID, new address: recognised by fingerprint
				want := s.Score(q, c)
				assert.Equal(t, want, s.Score(q, &renamed), "%s.Score(%q, copy of %q under a new ID)", name, q.ID, c.ID)
				assert.Equal(t, want, s.Score(q, &moved), "%s.Score(%q, copy of %q)", name, q.ID, c.ID)
			}
		}
	}
}

// TestChangedProfileNotStale checks that a profile whose content changed
// since the fit is scored from the new content.
func TestChangedProfileNotStale(t *testing.T) {
	ps := fixtures()
	fitted := fitAll(t, ps)
	q := byID(t, ps, "battery-fr")
	raw := byID(t, ps, "raw-fi")
	changed := raw.Clone()
	changed.Offers = nil
	changed.Technologies = nil
	changed.Partnerships = nil
	for _, name := range []string{"reciprocal", "history", "hybrid"} {
		s := fitted[name]
		before, after := s.Score(q, raw), s.Score(q, &changed)
		assert.Less(t, after, before, "%s: raw-fi without offers or partnerships scores lower (%.3f -> %.3f)", name, before, after)
		out := make([]float64, 2)
		score.Batch(s, q, []*profile.Profile{raw, &changed}, out)
		assert.Equal(t, []float64{before, after}, out, "%s: Batch sees the change too", name)
	}
}

// TestCoverIsAsymmetric checks that "q needs what c offers" is not "c
// needs what q offers", while the reciprocal score is symmetric.
func TestCoverIsAsymmetric(t *testing.T) {
	ps := fixtures()
	s := fit(t, score.Reciprocal{}, ps)
	tests := []struct{ q, c string }{
		{"battery-fr", "raw-fi"},       // the battery cluster's needs are all met; raw-fi's only in part
		{"battery-fr", "recycling-be"}, // recycling-be needs scrap that battery-fr offers; not conversely
		{"food-it", "logistics-nl"},
	}
	for _, tt := range tests {
		q, c := byID(t, ps, tt.q), byID(t, ps, tt.c)
		qc, cq := score.Explain(s, q, c), score.Explain(s, c, q)
		require.Len(t, qc.Parts, 2, "reciprocal explanation has both directions")
		assert.NotEqual(t, qc.Parts[0].Value, qc.Parts[1].Value,
			"cover(%s→%s) = %.3f must differ from cover(%s→%s)", tt.q, tt.c, qc.Parts[0].Value, tt.c, tt.q)
		assert.Equal(t, qc.Parts[0].Value, cq.Parts[1].Value, "cover(%s→%s) seen from either side", tt.q, tt.c)
		assert.Equal(t, qc.Value, cq.Value, "reciprocal(%s, %s) is symmetric", tt.q, tt.c)
	}
}

// TestScoreRisesWhenNeedMet adds, one by one, offers that meet the
// query's needs: reciprocal and hybrid rise strictly at every step when
// the other side gains something, and never fall.
func TestScoreRisesWhenNeedMet(t *testing.T) {
	ps := fixtures()
	q := byID(t, ps, "battery-fr")
	for _, m := range []score.Model{score.Reciprocal{}, score.Reciprocal{Floor: 0.3}, score.Hybrid(nil), score.Reciprocal{Floor: -1}} {
		s := fit(t, m, ps)
		c := &profile.Profile{ID: "new", Name: "Newcomer", Country: "SE",
			Needs: []string{"lithium-ion battery cells"}} // battery-fr offers it
		prev := s.Score(q, c)
		for _, need := range q.Needs {
			c.Offers = append(c.Offers, need)
			now := s.Score(q, c)
			assert.Greater(t, now, prev, "%s: offering %q raises the score", sprint(m), need)
			prev = now
		}
	}
	// With the plain harmonic mean a one-sided fit scores 0.
	s := fit(t, score.Reciprocal{Floor: -1}, ps)
	oneSided := &profile.Profile{ID: "one-sided", Offers: q.Needs}
	assert.Equal(t, 0.0, s.Score(q, oneSided), "plain harmonic mean of a one-sided fit")
	assert.Greater(t, fit(t, score.Reciprocal{}, ps).Score(q, oneSided), 0.0, "floored harmonic mean of a one-sided fit")
}

// TestGolden checks orders that are obvious to a person: the battery
// cell cluster needs raw materials, not another battery cell cluster; a
// text model sees it the other way round.
func TestGolden(t *testing.T) {
	ps := fixtures()
	fitted := fitAll(t, ps)
	type order struct {
		q, better, worse string
	}
	tests := map[string][]order{
		"reciprocal": {{"battery-fr", "raw-fi", "battery-de"}, {"battery-de", "raw-fi", "battery-fr"},
			{"food-it", "logistics-nl", "battery-fr"}, {"raw-fi", "battery-fr", "food-it"}},
		"sector": {{"battery-fr", "raw-fi", "battery-de"}, {"food-it", "logistics-nl", "battery-fr"},
			{"food-it", "logistics-nl", "software-ee"}},
		"hybrid": {{"battery-fr", "raw-fi", "battery-de"}, {"battery-de", "raw-fi", "battery-fr"},
			{"food-it", "logistics-nl", "battery-fr"}},
		"tfidf": {{"battery-fr", "battery-de", "raw-fi"}, {"battery-de", "battery-fr", "raw-fi"}},
		"lsa":   {{"battery-fr", "battery-de", "raw-fi"}},
	}
	for name, orders := range tests {
		s := fitted[name]
		for _, o := range orders {
			q := byID(t, ps, o.q)
			b, w := s.Score(q, byID(t, ps, o.better)), s.Score(q, byID(t, ps, o.worse))
			assert.Greater(t, b, w, "%s: for %s, %s (%.3f) ranks above %s (%.3f)", name, o.q, o.better, b, o.worse, w)
		}
	}
}

// TestTFIDF checks values a person can verify.
func TestTFIDF(t *testing.T) {
	ps := fixtures()
	s := fit(t, score.TFIDF{}, ps)
	q := byID(t, ps, "battery-fr")
	assert.InDelta(t, 1, s.Score(q, q), 1e-6, "a profile is its own best match")
	assert.Equal(t, 0.0, s.Score(q, byID(t, ps, "no-text")), "no text scores 0")
	e := score.Explain(s, q, byID(t, ps, "battery-de"))
	require.NotEmpty(t, e.Evidence, "shared terms")
	assert.Equal(t, score.EvidenceTerm, e.Evidence[0].Kind, "evidence kind")
	// Cyrillic and Latin spellings of one word meet after analysis.
	cyr := &profile.Profile{Language: "sr", Description: "литијум"}
	lat := &profile.Profile{Language: "sr", Description: "litijum"}
	assert.InDelta(t, 1, s.Score(cyr, lat), 1e-6, "литијум ~ litijum")
}

// TestLSASynonyms checks that LSA relates words that never occur together
// but share contexts, where TF-IDF cannot.
func TestLSASynonyms(t *testing.T) {
	var ps []*profile.Profile
	for i, d := range []string{
		"car engine wheel", "car engine road", "automobile engine wheel", "automobile engine road",
		"bread flour bakery", "bread oven bakery", "flour oven",
	} {
		ps = append(ps, &profile.Profile{ID: string(rune('a' + i)), Description: d})
	}
	car, auto := &profile.Profile{Description: "car"}, &profile.Profile{Description: "automobile"}
	bread := &profile.Profile{Description: "bread"}
	tf := fit(t, score.TFIDF{}, ps)
	lsa := fit(t, score.LSA{Rank: 2}, ps)
	assert.Equal(t, 0.0, tf.Score(car, auto), "tfidf(car, automobile)")
	assert.Greater(t, lsa.Score(car, auto), 0.9, "lsa(car, automobile)")
	assert.Less(t, lsa.Score(car, bread), 0.1, "lsa(car, bread)")
}

func TestMarket(t *testing.T) {
	tests := []struct {
		name string
		q, c []string
		want float64
	}{
		{"same markets", []string{"US", "JP"}, []string{"JP", "US"}, 1},
		{"one of two", []string{"US", "JP"}, []string{"JP"}, 1 / 1.4142135623730951},
		{"none shared", []string{"US"}, []string{"JP"}, 0},
		{"no markets", nil, []string{"JP"}, 0},
		{"EU codes and case", []string{"el", " UK "}, []string{"GR", "GB"}, 1},
		{"unknown and duplicate codes ignored", []string{"US", "US", "ZZ", "", "United States"}, []string{"US"}, 1},
		{"lower case", []string{"XK"}, []string{"xk"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &profile.Profile{TargetMarkets: tt.q}
			c := &profile.Profile{TargetMarkets: tt.c}
			assert.InDelta(t, tt.want, score.Market{}.Score(q, c), 1e-12, "Market{}.Score(%q, %q)", tt.q, tt.c)
		})
	}
	scoretest.Check(t, score.Market{}, fixtures())
}

func TestGeo(t *testing.T) {
	escp := score.Geo{Rules: profile.ESCP4i()}
	tests := []struct {
		name  string
		g     score.Geo
		q, c  string
		want  float64
		cause string
	}{
		{"cross-border", score.Geo{}, "FR", "DE", score.GeoCrossBorder, "cross-border"},
		{"same country", score.Geo{}, "FR", "fr", score.GeoSameCountry, "same country"},
		{"EU code", score.Geo{}, "EL", "GR", score.GeoSameCountry, "same country"},
		{"unknown country", score.Geo{}, "FR", "XX", score.GeoUnknown, "country unknown"},
		{"missing country", score.Geo{}, "", "FR", score.GeoUnknown, "country unknown"},
		{"eligible", escp, "FR", "RS", score.GeoCrossBorder, "cross-border"},
		{"candidate not eligible", escp, "FR", "US", score.GeoIneligible, "not eligible"},
		{"query not eligible", escp, "US", "FR", score.GeoIneligible, "not eligible"},
		{"no rules for US", score.Geo{}, "US", "FR", score.GeoCrossBorder, "cross-border"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, c := &profile.Profile{ID: "q", Country: tt.q}, &profile.Profile{ID: "c", Country: tt.c}
			assert.Equal(t, tt.want, tt.g.Score(q, c), "Geo{%s}.Score(%s, %s)", tt.g.Rules.Name, tt.q, tt.c)
			assert.Equal(t, tt.cause, tt.g.Explain(q, c).Detail, "Geo{%s}.Explain(%s, %s)", tt.g.Rules.Name, tt.q, tt.c)
		})
	}
}

// checkPrior checks a sector prior's shape (88 divisions, 0.2 on the
// diagonal, values in [0, 1]) and returns the index of each division.
func checkPrior(t *testing.T, prior *mat.SymDense) map[string]int {
	t.Helper()
	divs := profile.NACEDivisions()
	require.Equal(t, len(divs), prior.SymmetricDim(), "prior size")
	idx := map[string]int{}
	for i, d := range divs {
		idx[d.Code] = i
	}
	for i := range divs {
		assert.Equal(t, 0.2, prior.At(i, i), "prior[%s][%s]: same division is similar", divs[i].Code, divs[i].Code)
		for j := range divs {
			v := prior.At(i, j)
			assert.True(t, v >= 0 && v <= 1, "prior[%s][%s] = %v in [0, 1]", divs[i].Code, divs[j].Code, v)
		}
	}
	return idx
}

func TestSectorPrior(t *testing.T) {
	prior := score.SectorPrior()
	idx := checkPrior(t, prior)
	tests := []struct {
		a, b string
		want float64
	}{
		{"C27", "C24", 1}, // batteries need refined metals
		{"C27", "C20", 1}, // and chemicals
		{"B07", "C24", 1}, // ores feed smelters
		{"C10", "H52", 1}, // food needs warehousing
		{"C27", "T97", 0}, // households have nothing to do with batteries
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, prior.At(idx[tt.a], idx[tt.b]), "prior[%s][%s]", tt.a, tt.b)
	}
	// The caller gets a copy.
	prior.SetSym(0, 0, 0.9)
	assert.Equal(t, 0.2, score.SectorPrior().At(0, 0), "SectorPrior returns a copy")
}

// TestMeasuredSectorPrior checks the input-output prior: its shape, and
// links the WIOD table is known for (the provenance's sanity lists).
func TestMeasuredSectorPrior(t *testing.T) {
	prior := score.MeasuredSectorPrior()
	idx := checkPrior(t, prior)
	at := func(a, b string) float64 { return prior.At(idx[a], idx[b]) }
	tests := []struct {
		name      string
		a, b      string
		op        string // "=", ">"
		c, d      string // for ">": compared with prior[c][d]
		wantEqual float64
	}{
		{"food and farming are the strongest link", "C10", "A01", "=", "", "", 1},
		{"one WIOD industry: similar, not complementary", "C10", "C11", "=", "", "", 0.2},
		{"households buy nothing from battery makers", "C27", "T97", "=", "", "", 0},
		{"electrical equipment buys electronics more than hotels do", "C27", "C26", ">", "C27", "I55", 0},
		{"chemicals sell to plastics more than to retail", "C20", "C22", ">", "C20", "G47", 0},
		{"warehousing serves land transport more than publishing", "H52", "H49", ">", "H52", "J58", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.op == "=" {
				assert.InDelta(t, tt.wantEqual, at(tt.a, tt.b), 1e-12, "prior[%s][%s]", tt.a, tt.b)
				return
			}
			assert.Greater(t, at(tt.a, tt.b), at(tt.c, tt.d), "prior[%s][%s] > prior[%s][%s]", tt.a, tt.b, tt.c, tt.d)
		})
	}
	prior.SetSym(0, 0, 0.9)
	assert.Equal(t, 0.2, score.MeasuredSectorPrior().At(0, 0), "MeasuredSectorPrior returns a copy")
}

func TestRelatedness(t *testing.T) {
	tests := []struct {
		name string
		q, c []string
		want float64
	}{
		{"value chain", []string{"C10.11"}, []string{"A01.11"}, 1},
		{"same division", []string{"C27.20"}, []string{"C27.11"}, 0.2},
		{"best pair counts", []string{"C10.11", "T97"}, []string{"C27", "A01.11"}, 1},
		{"non-canonical codes", []string{"10.11"}, []string{"a0111"}, 1},
		{"unknown codes", []string{"Z99", "C99", "B27"}, []string{"C27"}, 0},
		{"no sectors", nil, []string{"C27"}, 0},
		{"section only", []string{"C"}, []string{"C27"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, c := &profile.Profile{Sectors: tt.q}, &profile.Profile{Sectors: tt.c}
			assert.InDelta(t, tt.want, score.Relatedness{}.Score(q, c), 1e-12, "Relatedness{}.Score(%q, %q)", tt.q, tt.c)
		})
	}
	wrong := score.Relatedness{M: score.SectorPrior()}
	wrong.M.SetSym(0, 1, 7) // out of range: clamped
	assert.Equal(t, 1.0, wrong.Score(&profile.Profile{Sectors: []string{"A01"}}, &profile.Profile{Sectors: []string{"A02"}}), "clamped relatedness")
}

// TestSectorLearned checks that known partnerships between divisions the
// prior finds unrelated raise their relatedness, and that Shrink < 0
// keeps the prior.
func TestSectorLearned(t *testing.T) {
	var ps []*profile.Profile
	var known []profile.Partnership
	for i := range 40 {
		a := &profile.Profile{ID: "health-" + string(rune('a'+i)), Sectors: []string{"Q86.10"}}
		b := &profile.Profile{ID: "embassy-" + string(rune('a'+i)), Sectors: []string{"U99"}}
		ps = append(ps, a, b)
		known = append(known, profile.Partnership{ID: "k" + a.ID, Members: []string{a.ID, b.ID}})
	}
	q, c := ps[0], ps[1]
	prior := fit(t, score.Sector{}, ps)
	learned := fit(t, score.Sector{}, ps, known...)
	ignored := fit(t, score.Sector{Shrink: -1}, ps, known...)
	assert.Equal(t, 0.0, prior.Score(q, c), "prior: health and extraterritorial bodies trade nothing")
	assert.Greater(t, learned.Score(q, c), 0.5, "learned from 40 such partnerships")
	assert.Equal(t, 0.0, ignored.Score(q, c), "Shrink -1 ignores known partnerships")
	assert.Contains(t, score.Explain(learned, q, c).Detail, "learned from 40 partnerships", "explanation names the source")
}

func TestHistory(t *testing.T) {
	ps := []*profile.Profile{
		{ID: "a", Partnerships: []string{"p1"}},
		{ID: "b", Partnerships: []string{"p1", "p2"}},
		{ID: "c", Partnerships: []string{"p2"}},
		{ID: "d", Partnerships: []string{"p3"}},
		{ID: "e"},
	}
	s := fit(t, score.History{}, ps)
	get := func(id string) *profile.Profile { return byID(t, ps, id) }
	// b has 2 neighbours (a, c): Adamic-Adar weight 1/ln 2.
	aa := 1 / 0.6931471805599453
	tests := []struct {
		name string
		q, c *profile.Profile
		want float64
	}{
		{"past partners", get("a"), get("b"), 0.5},
		{"partners of partners", get("a"), get("c"), 0.5 * aa / (1 + 0.5*aa)},
		{"unrelated", get("a"), get("d"), 0},
		{"no partnerships", get("a"), get("e"), 0},
		// new and c share p2, and b (also in p2) is a partner of both.
		{"ad hoc profile in a known partnership", &profile.Profile{ID: "new", Partnerships: []string{"p2"}}, get("c"),
			(1 + 0.5*aa) / (2 + 0.5*aa)},
		{"ad hoc partner of partner", &profile.Profile{ID: "new", Partnerships: []string{"p1"}}, get("c"),
			0.5 * aa / (1 + 0.5*aa)},
		{"two ad hoc profiles, unknown partnership", &profile.Profile{ID: "x", Partnerships: []string{"z"}},
			&profile.Profile{ID: "y", Partnerships: []string{"z", "z"}}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, s.Score(tt.q, tt.c), 1e-12, "history(%s, %s)", tt.q.ID, tt.c.ID)
		})
	}
	e := score.Explain(s, get("a"), get("c"))
	require.Len(t, e.Evidence, 1, "one common partner")
	assert.Equal(t, score.Evidence{Kind: score.EvidencePartner, Query: "b", Value: aa}, e.Evidence[0], "common partner b")
	direct := fit(t, score.History{Indirect: -1}, ps)
	assert.Equal(t, 0.0, direct.Score(get("a"), get("c")), "Indirect -1 ignores partners of partners")
}

// TestLearned checks, on synth's embedded world, that learned weights are
// deterministic for a seed, rank held-out partnerships above random
// pairs, and fall back to the hybrid without known partnerships.
func TestLearned(t *testing.T) {
	w, err := synth.Default()
	require.NoError(t, err, "synth.Default")
	ps := pointers(w.Profiles)
	// Learn from half of the planted partnerships, evaluate on the rest.
	half := len(w.Partnerships) / 2
	train, test := w.Partnerships[:half], w.Partnerships[half:]
	fitLearned := func() score.Logistic {
		s, err := score.Learned{}.Fit(context.Background(), &score.Corpus{Profiles: ps, Known: train, Seed: 5})
		require.NoError(t, err, "Learned.Fit")
		l, ok := s.(score.Logistic)
		require.True(t, ok, "Learned.Fit returns a Logistic, got %T", s)
		return l
	}
	l1, l2 := fitLearned(), fitLearned()
	assert.Equal(t, sprint(l1), sprint(l2), "same seed, same weights")
	assert.Greater(t, l1.Parts[2].Weight, 0.0, "reciprocal coefficient in %v", l1)

	byID := map[string]*profile.Profile{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	var pos, rnd float64
	var n int
	for i, kp := range test {
		a, b := byID[kp.Members[0]], byID[kp.Members[1]]
		pos += l1.Score(a, b)
		rnd += l1.Score(a, ps[(i*7919)%len(ps)])
		n++
	}
	require.NotZero(t, n, "held-out partnerships")
	assert.Greater(t, pos/float64(n), 2*rnd/float64(n), "held-out partners score above twice random pairs on average")

	fallback, err := score.Learned{}.Fit(context.Background(), &score.Corpus{Profiles: ps})
	require.NoError(t, err, "Learned.Fit without known partnerships")
	fs, ok := fallback.(score.FallbackScorer)
	require.True(t, ok, "Learned.Fit without known partnerships returns a FallbackScorer, got %T", fallback)
	assert.Equal(t, "hybrid", fs.Fallback(), "Learned's fallback model")
	hybrid, err := score.DefaultHybrid().Fit(context.Background(), &score.Corpus{Profiles: ps})
	require.NoError(t, err, "DefaultHybrid().Fit")
	for _, c := range ps[1:6] {
		assert.Equal(t, hybrid.Score(ps[0], c), fallback.Score(ps[0], c), "the fallback scores as hybrid (%s, %s)", ps[0].ID, c.ID)
	}
	_, learned := score.Scorer(l1).(score.FallbackScorer)
	assert.False(t, learned, "a learned fit is no FallbackScorer")
}

// TestConcurrentFits fits all models of one corpus concurrently and
// compares with a sequential fit (run with -race).
func TestConcurrentFits(t *testing.T) {
	ps := fixtures()
	c := &score.Corpus{Profiles: ps, Known: knownFixtures(), Seed: 1}
	var wg sync.WaitGroup
	got := make([]score.Scorer, len(score.Models()))
	for i, m := range score.Models() {
		wg.Go(func() {
			s, err := m.Fit(context.Background(), c)
			assert.NoError(t, err, "%s.Fit", m.Name())
			got[i] = s
		})
	}
	wg.Wait()
	want := fitAll(t, ps, knownFixtures()...)
	for i, m := range score.Models() {
		for _, q := range ps {
			for _, cand := range ps {
				assert.Equal(t, want[m.Name()].Score(q, cand), got[i].Score(q, cand), "%s(%s, %s)", m.Name(), q.ID, cand.ID)
			}
		}
	}
	// Concurrent scoring.
	s := got[len(got)-2] // hybrid
	out := make([][]float64, 4)
	for i := range out {
		wg.Go(func() {
			out[i] = make([]float64, len(ps))
			score.Batch(s, ps[i], ps, out[i])
		})
	}
	wg.Wait()
}

func TestFitCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, m := range []score.Model{score.TFIDF{}, score.LSA{}, score.Reciprocal{}, score.Hybrid(nil)} {
		_, err := m.Fit(ctx, &score.Corpus{Profiles: fixtures()})
		assert.True(t, errors.Is(err, context.Canceled), "%s.Fit with a canceled context: %v", m.Name(), err)
	}
}

// oneWay is a model that does not say it is symmetric.
type oneWay struct{ score.TFIDF }

func (oneWay) Symmetric() bool { return false }

// TestIsSymmetric checks which models say they are symmetric: every
// built-in one, and a combination exactly when all its parts are.
func TestIsSymmetric(t *testing.T) {
	for _, m := range score.Models() {
		assert.True(t, score.IsSymmetric(m), "%s", m.Name())
	}
	tests := []struct {
		name string
		m    score.Model
		want bool
	}{
		{"a model without the method", score.Model(plain{}), false},
		{"a model that says no", oneWay{}, false},
		{"hybrid of symmetric parts", score.Hybrid{{Model: score.TFIDF{}, Weight: 1}, {Model: score.Geo{}, Weight: 1}}, true},
		{"hybrid with a one-way part", score.Hybrid{{Model: score.TFIDF{}, Weight: 1}, {Model: oneWay{}, Weight: 1}}, false},
		{"learned, default parts", score.Learned{}, true},
		{"learned with a one-way part", score.Learned{Parts: []score.Model{score.LSA{}, oneWay{}}}, false},
		{"auto, default prior", score.Auto{}, true},
		{"auto with a one-way prior part", score.Auto{Prior: score.Hybrid{{Model: oneWay{}, Weight: 1}}}, false},
		{"auto with a one-way learned-only part", score.Auto{LearnedOnly: []score.Model{score.Activity{}, oneWay{}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, score.IsSymmetric(tt.m))
		})
	}
}

// plain is a model with neither Symmetric nor anything else optional.
type plain struct{}

func (plain) Name() string { return "plain" }
func (plain) Fit(context.Context, *score.Corpus) (score.Scorer, error) {
	return score.Func(func(q, c *profile.Profile) float64 { return 0 }), nil
}
