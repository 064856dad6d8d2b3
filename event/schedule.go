package event

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// A Method is a way of scheduling.
type Method string

const (
	// Optimise builds a schedule greedily and improves it by local
	// search (see the package doc).
	Optimise Method = ""
	// FirstFit places requests in order of arrival, each in the earliest
	// slot both participants have free, at the first free table: what
	// participants picking their own slots approximate. A baseline.
	FirstFit Method = "firstfit"
)

// A Config tunes Schedule and Reschedule. The zero value is ready to use.
type Config struct {
	// Method is the algorithm. Empty means Optimise.
	Method Method `json:"method,omitempty"`
	// Fairness is k of the fairness floor: every participant gets at
	// least min(k, its schedulable accepted requests, the meetings its
	// caps and available slots allow) meetings where the search finds a
	// way. Zero means 3; negative means no floor.
	Fairness int `json:"fairness,omitempty"`
	// MutualBonus is added to the score of a mutual request, so that
	// mutual requests are placed first. Zero means 1, more than any
	// score: a mutual meeting outweighs any one-sided one.
	MutualBonus float64 `json:"mutual_bonus,omitempty"`
	// Rounds caps the rounds of local search; the search also stops
	// after a round that raised the value by less than a ten-thousandth.
	// Zero means 8.
	Rounds int `json:"rounds,omitempty"`
	// MaxEjections caps the work of local search on one unplaced
	// request in one round: the tentative moves (an ejection chain's
	// step, a replacement, a lift) it tries before giving up on the
	// request until the next round. It bounds a round's work by
	// MaxEjections × unplaced requests × the work of a move (a few slots'
	// checks). Zero means 48.
	MaxEjections int `json:"max_ejections,omitempty"`
	// Seed orders the later rounds of local search. The same event,
	// config and seed give the same plan.
	Seed uint64 `json:"seed,omitempty"`
}

func (c Config) withDefaults() Config {
	if c.Fairness == 0 {
		c.Fairness = 3
	}
	c.Fairness = max(c.Fairness, 0)
	if c.MutualBonus == 0 {
		c.MutualBonus = 1
	}
	c.Rounds = cmp.Or(c.Rounds, 8)
	c.MaxEjections = max(cmp.Or(c.MaxEjections, 48), 1)
	return c
}

// A Plan is a schedule of an event's accepted requests.
type Plan struct {
	// Meetings in order of start, then table.
	Meetings []Meeting `json:"meetings"`
	// Unplaced are the accepted requests not scheduled, in order of
	// arrival, each with the reason.
	Unplaced []Unplaced `json:"unplaced"`
	// Value is the total value of the meetings: their scores, plus
	// Config.MutualBonus for each mutual one.
	Value float64 `json:"value"`
	// Bound is an upper bound on Value for any schedule of the event
	// (see Event.Bound).
	Bound float64 `json:"bound"`
	// BelowFloor counts the participants with fewer meetings than the
	// fairness floor (see Config.Fairness).
	BelowFloor int `json:"below_floor"`
	// Gaps counts the idle slots (not breaks) between the first and the
	// last meeting of each participant in each session, summed.
	Gaps int `json:"gaps"`
	// Kept counts the meetings of the previous plan that Reschedule left
	// at their slot and table; Moved those it placed elsewhere. Both are
	// zero for Schedule.
	Kept  int `json:"kept,omitempty"`
	Moved int `json:"moved,omitempty"`
	// Stopped says that the context ended during the local search: the
	// plan is valid (every constraint holds) but less improved than it
	// would have been, and not reproducible.
	Stopped bool `json:"stopped,omitempty"`
}

// A Meeting is a request placed at a slot and a table.
type Meeting struct {
	From    string    `json:"from"`
	To      string    `json:"to"`
	Session int       `json:"session"` // index in Spec.Sessions
	Slot    int       `json:"slot"`    // index in the session
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Table   string    `json:"table"`
	Score   float64   `json:"score"`
	Mutual  bool      `json:"mutual,omitempty"`
}

// With returns the participant that id meets: To for From, From for To.
func (m Meeting) With(id string) string {
	if m.From == id {
		return m.To
	}
	return m.From
}

// A Reason says why an accepted request was not scheduled.
type Reason string

const (
	// NoCommonSlot: the two have no slot that both have free, because
	// their availability does not overlap or their other meetings fill
	// the slots it leaves.
	NoCommonSlot Reason = "no common free slot"
	// CapReached: one of them is at its cap of meetings, overall or in
	// every session where they could meet.
	CapReached Reason = "cap reached"
	// NoTable: every slot they both have free has every table that
	// seats them taken, or no table seats them at all.
	NoTable Reason = "no table"
	// RolesApart: their roles may not meet (a role changed after the
	// request).
	RolesApart Reason = "roles may not meet"
)

// An Unplaced request is accepted but not scheduled.
type Unplaced struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason Reason `json:"reason"`
}

// Agenda returns participant id's meetings in order of time.
func (p *Plan) Agenda(id string) []Meeting {
	var out []Meeting
	for _, m := range p.Meetings {
		if m.From == id || m.To == id {
			out = append(out, m)
		}
	}
	return out
}

// Agendas returns every participant's meetings in order of time, by
// participant id; participants with no meeting are absent.
func (p *Plan) Agendas() map[string][]Meeting {
	out := map[string][]Meeting{}
	for _, m := range p.Meetings {
		out[m.From] = append(out[m.From], m)
		out[m.To] = append(out[m.To], m)
	}
	return out
}

// A TablePlan is one table's meetings, the organiser's view.
type TablePlan struct {
	Table    string    `json:"table"`
	Meetings []Meeting `json:"meetings"` // in order of time
}

// Tables returns the table plan: each table of the spec, in the spec's
// order, with its meetings.
func (p *Plan) Tables(spec Spec) []TablePlan {
	out := make([]TablePlan, len(spec.Tables))
	at := map[string]int{}
	for i, t := range spec.Tables {
		out[i].Table = t.ID
		at[t.ID] = i
	}
	for _, m := range p.Meetings {
		if i, ok := at[m.Table]; ok {
			out[i].Meetings = append(out[i].Meetings, m)
		}
	}
	return out
}

// Schedule places the event's accepted requests into slots and tables
// (see the package doc for the objective and the algorithm). It is
// deterministic for a config.
//
// It returns soon after ctx ends, with the context's error: with a nil
// plan if the greedy construction was not done, or else with the plan
// as the local search left it, valid but less improved, and
// Plan.Stopped set. A deadline on ctx is thus a time budget for the
// search that still gives a plan, once the construction (a small part
// of the time) is done.
func (ev *Event) Schedule(ctx context.Context, cfg Config) (*Plan, error) {
	return ev.Reschedule(ctx, nil, cfg)
}

// Reschedule schedules the event again after late changes (a cancelled
// participant, a new accepted request, a removed table, a changed
// availability), keeping every meeting of prev that still can be at its
// slot and table: those stay fixed, and the search places the other
// requests around them. A nil prev is Schedule; ctx is as for
// Schedule.
func (ev *Event) Reschedule(ctx context.Context, prev *Plan, cfg Config) (*Plan, error) {
	cfg = cfg.withDefaults()
	ev.mu.Lock()
	in := compile(cloneSpec(ev.spec), slices.Clone(ev.reqs), cfg.MutualBonus)
	ev.mu.Unlock()
	st := newState(ctx, in, cfg)
	kept := 0
	if prev != nil {
		kept = st.keep(prev)
	}
	built, err := st.solve()
	if !built {
		return nil, err
	}
	plan := st.plan()
	plan.Kept, plan.Stopped = kept, err != nil
	if prev != nil {
		plan.Moved = moved(prev, plan)
	}
	return plan, err
}

// moved counts the meetings of prev that plan holds at another slot or
// table.
func moved(prev, plan *Plan) int {
	type where struct {
		session, slot int
		table         string
	}
	at := map[pair]where{}
	for _, m := range plan.Meetings {
		at[pairOf(m.From, m.To)] = where{m.Session, m.Slot, m.Table}
	}
	n := 0
	for _, m := range prev.Meetings {
		if w, ok := at[pairOf(m.From, m.To)]; ok && w != (where{m.Session, m.Slot, m.Table}) {
			n++
		}
	}
	return n
}
