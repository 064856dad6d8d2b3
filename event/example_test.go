package event_test

import (
	"context"
	"fmt"
	"time"

	"github.com/clustergo/partnermatch/event"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile/synth"
)

// A small matchmaking morning: six synthetic clusters, one session of
// four 20-minute slots with a coffee break, two tables. Each participant
// asks to meet its best recommendation, the invitees accept, and the
// scheduler makes the agendas.
func Example() {
	ctx := context.Background()
	w, err := synth.Generate(synth.Config{Seed: 42, Profiles: 60})
	if err != nil {
		panic(err)
	}
	eng, err := match.Open("", match.Config{RefitDelay: -1})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	if err := eng.Add(ctx, w.Profiles...); err != nil {
		panic(err)
	}
	start := time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC)
	spec := event.Spec{
		Sessions: []event.Session{{Start: start, SlotMinutes: 20, Slots: 4,
			Breaks: []event.Span{{From: start.Add(40 * time.Minute), To: start.Add(60 * time.Minute)}}}},
		Tables:      []event.Table{{ID: "A"}, {ID: "B"}},
		MaxMeetings: 2,
	}
	for _, p := range w.Profiles[:6] {
		spec.Participants = append(spec.Participants, event.Participant{ID: p.ID})
	}
	ev, err := event.New(spec)
	if err != nil {
		panic(err)
	}
	for _, p := range spec.Participants {
		recs, err := ev.Recommend(ctx, eng, p.ID, event.RecommendQuery{Limit: 1})
		if err != nil {
			panic(err)
		}
		if len(recs) == 0 {
			continue
		}
		r, err := ev.Request(p.ID, recs[0].ID)
		if err != nil {
			panic(err)
		}
		if !r.Mutual {
			if _, err := ev.Accept(p.ID, recs[0].ID); err != nil {
				panic(err)
			}
		}
	}
	if err := ev.ScoreRequests(ctx, eng, ""); err != nil {
		panic(err)
	}
	plan, err := ev.Schedule(ctx, event.Config{})
	if err != nil {
		panic(err)
	}
	for _, p := range spec.Participants[:3] {
		fmt.Println(p.ID)
		for _, m := range plan.Agenda(p.ID) {
			fmt.Printf("  %s table %s with %s (%.2f)\n", m.Start.Format("15:04"), m.Table, m.With(p.ID), m.Score)
		}
	}
	fmt.Println(len(plan.Meetings), "meetings")
	for _, u := range plan.Unplaced {
		fmt.Printf("unplaced %s -> %s: %s\n", u.From, u.To, u.Reason)
	}
	// Output:
	// synth-00001
	//   09:00 table B with synth-00003 (0.20)
	// synth-00002
	//   09:20 table A with synth-00006 (0.22)
	// synth-00003
	//   09:00 table B with synth-00001 (0.20)
	//   09:20 table B with synth-00005 (0.19)
	// 4 meetings
	// unplaced synth-00003 -> synth-00002: cap reached
	// unplaced synth-00006 -> synth-00005: cap reached
}
