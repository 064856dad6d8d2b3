package event_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/event"
	"github.com/clustergo/partnermatch/profile"
)

// shapes are the randomised instances of the property tests: small and
// tight, with roles, and varied (availability, caps, breaks, delegations).
var shapes = []shape{
	{participants: 12, requests: 30, sessions: 1, slots: 6, tables: 3},
	{participants: 20, requests: 60, sessions: 2, slots: 5, tables: 4, roles: true},
	{participants: 30, requests: 90, sessions: 2, slots: 8, tables: 5, varied: true},
	{participants: 60, requests: 250, sessions: 2, slots: 10, tables: 8, varied: true, roles: true},
}

// check reports every constraint of the spec that the plan breaks, read
// from the spec and the requests alone, not from the scheduler's tables.
func check(t *testing.T, name string, ev *event.Event, plan *event.Plan) {
	t.Helper()
	spec := ev.Spec()
	parts := map[string]event.Participant{}
	for _, p := range spec.Participants {
		parts[p.ID] = p
	}
	seats := map[string]int{}
	for _, tb := range spec.Tables {
		seats[tb.ID] = max(tb.Seats, 2)
	}
	accepted := map[[2]string]event.Request{}
	for _, r := range ev.Requests() {
		if r.Status == event.Accepted {
			accepted[[2]string{r.From, r.To}] = r
		}
	}
	busy := map[string]bool{}  // participant@start
	table := map[string]bool{} // table@start
	count := map[string]int{}
	perSession := map[string]int{}
	seen := map[[2]string]bool{}
	var value float64
	for _, m := range plan.Meetings {
		key := [2]string{m.From, m.To}
		r, ok := accepted[key]
		if !assert.True(t, ok, "%s: meeting %v is an accepted request", name, key) {
			continue
		}
		assert.False(t, seen[key], "%s: request %v placed once", name, key)
		seen[key] = true
		value += r.Score
		if r.Mutual {
			value++
		}
		se := spec.Sessions[m.Session]
		assert.True(t, m.Slot >= 0 && m.Slot < se.Slots, "%s: slot %d of session %d", name, m.Slot, m.Session)
		assert.Equal(t, se.Start.Add(time.Duration(m.Slot*se.SlotMinutes)*time.Minute), m.Start, "%s: start of %v", name, key)
		for _, b := range se.Breaks {
			assert.False(t, b.From.Before(m.End) && m.Start.Before(b.To), "%s: %v at %v is in a break", name, key, m.Start)
		}
		tk := m.Table + "@" + m.Start.String()
		assert.False(t, table[tk], "%s: table %s holds two meetings at %v", name, m.Table, m.Start)
		table[tk] = true
		need := 0
		for _, id := range key {
			p := parts[id]
			need += max(p.People, 1)
			k := id + "@" + m.Start.String()
			assert.False(t, busy[k], "%s: %s is in two meetings at %v", name, id, m.Start)
			busy[k] = true
			if len(p.Available) > 0 {
				in := false
				for _, sp := range p.Available {
					in = in || !m.Start.Before(sp.From) && !sp.To.Before(m.End)
				}
				assert.True(t, in, "%s: %s meets at %v outside its availability", name, id, m.Start)
			}
			count[id]++
			perSession[fmt.Sprint(id, m.Session)]++
		}
		assert.LessOrEqual(t, need, seats[m.Table], "%s: %v at table %s over its seats", name, key, m.Table)
	}
	for id, p := range parts {
		if c := cmpOr(p.MaxMeetings, spec.MaxMeetings); c > 0 {
			assert.LessOrEqual(t, count[id], c, "%s: %s over its cap", name, id)
		}
		if c := cmpOr(p.MaxPerSession, spec.MaxPerSession); c > 0 {
			for s := range spec.Sessions {
				assert.LessOrEqual(t, perSession[fmt.Sprint(id, s)], c, "%s: %s over its cap in session %d", name, id, s)
			}
		}
	}
	assert.InDelta(t, value, plan.Value, 1e-6, "%s: Value is the meetings' value", name)
	assert.Equal(t, len(accepted), len(plan.Meetings)+len(plan.Unplaced), "%s: every accepted request is placed or unplaced", name)
	assert.GreaterOrEqual(t, plan.Bound+1e-9, plan.Value, "%s: the bound is not below the schedule", name)
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

func TestScheduleProperties(t *testing.T) {
	ctx := context.Background()
	for si, sh := range shapes {
		for seed := range uint64(4) {
			name := fmt.Sprintf("shape %d seed %d", si, seed)
			ev := synthetic(seed, sh)
			for _, method := range []event.Method{event.Optimise, event.FirstFit} {
				cfg := event.Config{Method: method, Seed: seed}
				plan, err := ev.Schedule(ctx, cfg)
				require.NoError(t, err, "%s %q", name, method)
				check(t, fmt.Sprintf("%s %q", name, method), ev, plan)
				again, err := ev.Schedule(ctx, cfg)
				require.NoError(t, err, "%s %q again", name, method)
				assert.Equal(t, plan, again, "%s %q: the same plan for the same seed", name, method)
			}
		}
	}
}

// TestScheduleBeatsFirstFit checks that the search places more value
// than the baseline, and leaves fewer participants below their floor.
func TestScheduleBeatsFirstFit(t *testing.T) {
	ctx := context.Background()
	var opt, ff float64
	var optBelow, ffBelow int
	for seed := range uint64(4) {
		ev := synthetic(seed, shapes[3])
		p, err := ev.Schedule(ctx, event.Config{})
		require.NoError(t, err)
		b, err := ev.Schedule(ctx, event.Config{Method: event.FirstFit})
		require.NoError(t, err)
		opt, ff = opt+p.Value, ff+b.Value
		optBelow, ffBelow = optBelow+p.BelowFloor, ffBelow+b.BelowFloor
	}
	assert.Greater(t, opt, ff, "value of the search against first fit")
	assert.LessOrEqual(t, optBelow, ffBelow, "participants below their floor")
}

// lpShapes are instances small enough for LPBound.
var lpShapes = []shape{
	{participants: 12, requests: 30, sessions: 1, slots: 6, tables: 3},
	{participants: 14, requests: 24, sessions: 2, slots: 4, tables: 2, varied: true, roles: true},
}

// TestLPBound checks the LP relaxation against the schedule and the
// bounds that scale on small instances: schedule ≤ LP ≤ Lagrangian ≤
// cheap bound. The Lagrangian relaxes the LP's per-slot rows into one
// per seat class, so the LP is the tighter of the two.
func TestLPBound(t *testing.T) {
	ctx := context.Background()
	for si, sh := range lpShapes {
		for seed := range uint64(2) {
			name := fmt.Sprintf("shape %d seed %d", si, seed)
			ev := synthetic(seed, sh)
			plan, err := ev.Schedule(ctx, event.Config{})
			require.NoError(t, err, name)
			start := time.Now()
			lp, err := ev.LPBound(ctx, event.Config{})
			require.NoError(t, err, "%s: LPBound", name)
			assert.GreaterOrEqual(t, lp+1e-6, plan.Value, "%s: LP bound ≥ schedule", name)
			lag, cheap := event.LagrangianBound(ev, plan.Value), event.CheapBound(ev)
			assert.LessOrEqual(t, lp, lag+1e-6, "%s: LP bound ≤ Lagrangian bound", name)
			assert.LessOrEqual(t, lp, plan.Bound+1e-6, "%s: LP bound ≤ Plan.Bound", name)
			t.Logf("%s: schedule %.2f, LP %.2f, Lagrangian %.2f, cheap %.2f (%v)", name, plan.Value, lp, lag, cheap, time.Since(start))
		}
	}
	big := synthetic(1, shapes[1])
	_, err := big.LPBound(ctx, event.Config{})
	assert.ErrorIs(t, err, profile.ErrTooLarge, "an LP over MaxLPVariables is refused")
}

func TestScheduleContext(t *testing.T) {
	ev := synthetic(1, shapes[3])
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ev.Schedule(ctx, event.Config{})
	assert.ErrorIs(t, err, context.Canceled, "a cancelled context")
}

// endingCtx is a context whose Err turns to Canceled at its n-th call,
// to end a schedule at a reproducible point of its work.
type endingCtx struct {
	context.Context
	n int
}

func (c *endingCtx) Err() error {
	if c.n--; c.n <= 0 {
		return context.Canceled
	}
	return nil
}

// TestScheduleStopped ends the context at points along the search:
// before the construction is done Schedule gives no plan; after, a
// valid plan marked Stopped; and with enough time, the full plan.
func TestScheduleStopped(t *testing.T) {
	ev := synthetic(2, shapes[3])
	full, err := ev.Schedule(context.Background(), event.Config{})
	require.NoError(t, err)
	assert.False(t, full.Stopped)
	var none, stopped int
	for n := 1; ; n++ {
		plan, err := ev.Schedule(&endingCtx{Context: context.Background(), n: n}, event.Config{})
		if err == nil {
			assert.Equal(t, full, plan, "ended at call %d: not at all, the full plan", n)
			break
		}
		require.ErrorIs(t, err, context.Canceled, "ended at call %d", n)
		if plan == nil {
			none++
			continue
		}
		stopped++
		assert.True(t, plan.Stopped, "ended at call %d: the plan says it stopped", n)
		check(t, fmt.Sprintf("ended at call %d", n), ev, plan)
	}
	assert.Positive(t, none, "some ends come before the construction is done")
	assert.Positive(t, stopped, "some ends come during the local search")
	t.Logf("%d ends without a plan, %d with a stopped plan", none, stopped)
}
