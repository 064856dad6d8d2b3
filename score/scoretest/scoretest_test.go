package scoretest_test

import (
	"fmt"
	"math"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
	"github.com/clustergo/partnermatch/score/scoretest"
)

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func profiles() []*profile.Profile {
	return []*profile.Profile{
		{ID: "a", Country: "FR", TargetMarkets: []string{"US"}},
		{ID: "b", Country: "DE", TargetMarkets: []string{"US", "JP"}},
	}
}

// lying explains with a value other than its score.
type lying struct{ score.Market }

func (l lying) Explain(q, c *profile.Profile) *score.Explanation {
	return &score.Explanation{Name: "lying", Value: 0.5}
}

// badBatch batches wrongly.
type badBatch struct{ score.Func }

func (b badBatch) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) { clear(out) }

func TestCheck(t *testing.T) {
	var calls atomic.Int64
	tests := []struct {
		name    string
		s       score.Scorer
		wantErr bool
	}{
		{"market keeps the contract", score.Market{}, false},
		{"above one", score.Func(func(q, c *profile.Profile) float64 { return 1.5 }), true},
		{"negative", score.Func(func(q, c *profile.Profile) float64 { return -0.1 }), true},
		{"NaN", score.Func(func(q, c *profile.Profile) float64 { return math.NaN() }), true},
		{"not deterministic", score.Func(func(q, c *profile.Profile) float64 {
			return float64(calls.Add(1)%2) / 2
		}), true},
		{"explanation disagrees", lying{}, true},
		{"batch disagrees", badBatch{score.Func(func(q, c *profile.Profile) float64 { return 1 })}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			scoretest.Check(r, tt.s, profiles())
			if tt.wantErr {
				assert.NotEmpty(t, r.errs, "Check(%s) reports a violation", tt.name)
			} else {
				assert.Empty(t, r.errs, "Check(%s) reports nothing", tt.name)
			}
		})
	}
}

func TestCheckSymmetric(t *testing.T) {
	first := score.Func(func(q, c *profile.Profile) float64 {
		if q.ID < c.ID {
			return 1
		}
		return 0
	})
	r := &recorder{TB: t}
	scoretest.CheckSymmetric(r, first, profiles())
	assert.Len(t, r.errs, 1, "an order-dependent scorer is reported once per pair")
	r = &recorder{TB: t}
	scoretest.CheckSymmetric(r, score.Market{}, profiles())
	assert.Empty(t, r.errs, "Market is symmetric")
}

// A model's tests check the contract on the profiles they use. (The
// example is compiled, not run: t is the *testing.T of a Test function.)
func ExampleCheck() {
	var t *testing.T
	ps := []*profile.Profile{{ID: "a", TargetMarkets: []string{"US"}}, {ID: "b"}}
	scoretest.Check(t, score.Market{}, ps)
	scoretest.CheckSymmetric(t, score.Market{}, ps)
}
