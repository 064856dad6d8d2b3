// Package scoretest checks that a [score.Scorer] keeps the contract of
// package score, for anyone writing a model.
package scoretest

import (
	"math"
	"testing"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// Tolerance is how far Score(q, c) and Score(c, q) may differ in
// CheckSymmetric.
const Tolerance = 1e-9

// Check scores every ordered pair of profiles (including each profile
// with itself, and an empty profile on either side) with s and reports
// each violation of the Scorer contract: a value out of [0, 1] or not
// finite, a value that changes when scored again, Explain(q, c).Value !=
// Score(q, c) for an [score.Explainer], and ScoreBatch results that
// differ from Score for a [score.BatchScorer].
func Check(t testing.TB, s score.Scorer, profiles []*profile.Profile) {
	t.Helper()
	all := append(append([]*profile.Profile(nil), profiles...), &profile.Profile{})
	for _, q := range all {
		for _, c := range all {
			CheckPair(t, s, q, c)
		}
		if b, ok := s.(score.BatchScorer); ok {
			out := make([]float64, len(all))
			b.ScoreBatch(q, all, out)
			for i, c := range all {
				if want := s.Score(q, c); out[i] != want {
					t.Errorf("ScoreBatch(%q, ...)[%d] (%q) = %v, Score = %v", q.ID, i, c.ID, out[i], want)
				}
			}
		}
	}
}

// CheckPair checks the contract for one pair: range, finiteness,
// determinism and, for an Explainer, Explain(q, c).Value == Score(q, c).
func CheckPair(t testing.TB, s score.Scorer, q, c *profile.Profile) {
	t.Helper()
	v := s.Score(q, c)
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 1 {
		t.Errorf("Score(%q, %q) = %v, want a finite value in [0, 1]", q.ID, c.ID, v)
	}
	if again := s.Score(q, c); again != v && !(math.IsNaN(v) && math.IsNaN(again)) {
		t.Errorf("Score(%q, %q) = %v, then %v: not deterministic", q.ID, c.ID, v, again)
	}
	if e, ok := s.(score.Explainer); ok {
		x := e.Explain(q, c)
		if x == nil {
			t.Errorf("Explain(%q, %q) = nil", q.ID, c.ID)
			return
		}
		if x.Value != v {
			t.Errorf("Explain(%q, %q).Value = %v, Score = %v", q.ID, c.ID, x.Value, v)
		}
		checkTree(t, x, q, c)
	}
}

// checkTree checks that every node of an explanation is in range.
func checkTree(t testing.TB, x *score.Explanation, q, c *profile.Profile) {
	t.Helper()
	if math.IsNaN(x.Value) || x.Value < 0 || x.Value > 1 {
		t.Errorf("Explain(%q, %q): part %q has value %v, want [0, 1]", q.ID, c.ID, x.Name, x.Value)
	}
	for _, p := range x.Parts {
		checkTree(t, p, q, c)
	}
}

// CheckSymmetric reports every pair of profiles for which Score(q, c) and
// Score(c, q) differ by more than Tolerance, for models that must be
// symmetric.
func CheckSymmetric(t testing.TB, s score.Scorer, profiles []*profile.Profile) {
	t.Helper()
	for i, q := range profiles {
		for _, c := range profiles[i+1:] {
			if a, b := s.Score(q, c), s.Score(c, q); math.Abs(a-b) > Tolerance {
				t.Errorf("Score(%q, %q) = %v but Score(%q, %q) = %v: not symmetric", q.ID, c.ID, a, c.ID, q.ID, b)
			}
		}
	}
}
