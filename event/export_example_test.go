package event_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/clustergo/partnermatch/event"
)

// An Export of a plan of two meetings: the organiser's table plan as CSV,
// one participant's agenda, and the first lines of its calendar. The
// plan is written out here; Event.Schedule makes one.
func ExampleExport() {
	start := time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC)
	slot := func(i int) (time.Time, time.Time) {
		return start.Add(time.Duration(20*i) * time.Minute), start.Add(time.Duration(20*i+20) * time.Minute)
	}
	s0, e0 := slot(0)
	s1, e1 := slot(1)
	names := map[string]string{"lyon": "Lyon Mobility Cluster", "turin": "Torino Wireless", "gdansk": "Gdańsk Maritime"}
	x := &event.Export{
		Spec: event.Spec{
			Name:         "Mobility day",
			Sessions:     []event.Session{{Name: "Morning", Start: start, SlotMinutes: 20, Slots: 2}},
			Tables:       []event.Table{{ID: "A"}},
			Participants: []event.Participant{{ID: "lyon"}, {ID: "turin"}, {ID: "gdansk"}},
		},
		Plan: &event.Plan{
			Meetings: []event.Meeting{
				{From: "lyon", To: "turin", Slot: 0, Start: s0, End: e0, Table: "A", Score: 0.8, Mutual: true},
				{From: "gdansk", To: "lyon", Slot: 1, Start: s1, End: e1, Table: "A", Score: 0.6},
			},
			Unplaced: []event.Unplaced{{From: "turin", To: "gdansk", Reason: event.NoTable}},
		},
		Name:  func(id string) string { return names[id] },
		Why:   func(from, to string) string { return "offers lidar you need" },
		Stamp: start.AddDate(0, 0, -1),
	}
	if err := x.WriteCSV(os.Stdout); err != nil {
		panic(err)
	}

	a, err := x.Agenda("lyon")
	if err != nil {
		panic(err)
	}
	fmt.Println("\nAgenda of", a.Name)
	for _, m := range a.Meetings {
		fmt.Printf("  %s table %s with %s: %s\n", m.Start.Format("15:04"), m.Table, m.WithName, m.Why)
	}

	var cal strings.Builder
	if err := x.WriteICS(&cal, "lyon"); err != nil {
		panic(err)
	}
	lines := strings.Split(cal.String(), "\r\n")
	fmt.Println()
	fmt.Println(strings.Join(lines[6:13], "\n"))
	// Output:
	// status,session,slot,start,end,table,from,from_name,to,to_name,score,mutual,reason
	// placed,Morning,1,2026-05-12T09:00:00Z,2026-05-12T09:20:00Z,A,lyon,Lyon Mobility Cluster,turin,Torino Wireless,0.8000,true,
	// placed,Morning,2,2026-05-12T09:20:00Z,2026-05-12T09:40:00Z,A,gdansk,Gdańsk Maritime,lyon,Lyon Mobility Cluster,0.6000,false,
	// unplaced,,,,,,turin,Torino Wireless,gdansk,Gdańsk Maritime,,,no table
	//
	// Agenda of Lyon Mobility Cluster
	//   09:00 table A with Torino Wireless: offers lidar you need
	//   09:20 table A with Gdańsk Maritime: offers lidar you need
	//
	// BEGIN:VEVENT
	// UID:382b1241ccdb567193db9e94@partnermatch
	// DTSTAMP:20260511T090000Z
	// SEQUENCE:0
	// DTSTART:20260512T090000Z
	// DTEND:20260512T092000Z
	// SUMMARY:Meeting with Torino Wireless
}
