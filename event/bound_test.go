package event_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/event"
)

// TestLagrangianBound checks the Lagrangian bound on random instances:
// never below a schedule's value (whatever the target that aims its
// steps), never above the cheap bound, and Plan.Bound the least of
// them.
func TestLagrangianBound(t *testing.T) {
	ctx := context.Background()
	for si, sh := range shapes {
		for seed := range uint64(6) {
			name := fmt.Sprintf("shape %d seed %d", si, seed)
			ev := synthetic(seed+10, sh)
			best := 0.0
			var plan *event.Plan
			for _, m := range []event.Method{event.Optimise, event.FirstFit} {
				p, err := ev.Schedule(ctx, event.Config{Method: m, Seed: seed})
				require.NoError(t, err, name)
				best = max(best, p.Value)
				if m == event.Optimise {
					plan = p
				}
			}
			cheap := event.CheapBound(ev)
			for _, target := range []float64{0, best / 2, best} {
				lag := event.LagrangianBound(ev, target)
				assert.GreaterOrEqual(t, lag+1e-9, best, "%s target %.2f: Lagrangian ≥ schedule", name, target)
				assert.LessOrEqual(t, lag, cheap+1e-9, "%s target %.2f: Lagrangian ≤ cheap bound", name, target)
			}
			lag := event.LagrangianBound(ev, plan.Value)
			assert.InDelta(t, min(lag, cheap), plan.Bound, 1e-9, "%s: Plan.Bound is the least bound", name)
			assert.InDelta(t, plan.Bound, ev.Bound(event.Config{}), max(0, plan.Bound-best)+1e-9,
				"%s: Event.Bound is as tight, up to where its steps aim", name)
		}
	}
}
