package event_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/clustergo/partnermatch/event"
)

// The instance: 500 participants, 3,000 accepted requests, two
// sessions of 16 slots, 60 tables; and ten times as many participants
// and requests.
var (
	benchDay   = shape{participants: 500, requests: 3000, sessions: 2, slots: 16, tables: 60, varied: true}
	benchLarge = shape{participants: 5000, requests: 30000, sessions: 2, slots: 16, tables: 600, varied: true}
)

// BenchmarkSchedule measures scheduling time and reports quality with
// it: the value as a share of Plan.Bound and of the cheap bound alone
// (the least of the per-participant and per-table bounds), the
// meetings placed, the
// participants below their fairness floor and the idle gaps; first fit
// is the baseline.
func BenchmarkSchedule(b *testing.B) {
	for _, bc := range []struct {
		name string
		sh   shape
	}{{"500x3000", benchDay}, {"5000x30000", benchLarge}} {
		ev := synthetic(1, bc.sh)
		cheap := event.CheapBound(ev)
		for _, m := range []event.Method{event.Optimise, event.FirstFit} {
			b.Run(fmt.Sprintf("%s/%s", bc.name, methodName(m)), func(b *testing.B) {
				var plan *event.Plan
				for b.Loop() {
					var err error
					if plan, err = ev.Schedule(context.Background(), event.Config{Method: m, Seed: 1}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(plan.Value/plan.Bound, "value/bound")
				b.ReportMetric(plan.Value/cheap, "value/cheap")
				b.ReportMetric(float64(len(plan.Meetings)), "meetings")
				b.ReportMetric(float64(len(plan.Unplaced)), "unplaced")
				b.ReportMetric(float64(plan.BelowFloor), "below-floor")
				b.ReportMetric(float64(plan.Gaps), "gaps")
			})
		}
	}
}

func methodName(m event.Method) string {
	if m == event.Optimise {
		return "optimise"
	}
	return string(m)
}
