// Command event runs a synthetic matchmaking day end to end on the
// embedded default world: it picks participants, sets up two sessions of
// 20-minute slots with breaks and a number of tables, lets every
// participant ask to meet its best recommendations, has the invitees
// accept or decline, schedules the accepted requests, and prints a few
// agendas, the table plan, the value of the schedule against its upper
// bound and against the first-fit baseline, and the requests left out
// with the reason.
//
//	go run ./examples/event
//	go run ./examples/event -participants 100 -seed 7 -agendas 5
//	go run ./examples/event -out /tmp/day   # plan.csv, report.json, agendas/*.csv, ics/*.ics
//
// Every choice (participants, availability, answers) is drawn from -seed:
// the same flags print the same day.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/clustergo/partnermatch/event"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

func main() {
	err := run(os.Args[1:], os.Stdout)
	switch {
	case errors.Is(err, flag.ErrHelp): // -h: flag has printed the usage
	case err != nil:
		fmt.Fprintln(os.Stderr, "event:", err)
		os.Exit(1)
	}
}

// day is when the synthetic event takes place.
var day = time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)

// config is what the flags set.
type config struct {
	participants, requests, agendas int
	seed                            uint64
	out                             string
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("event", flag.ContinueOnError)
	var c config
	fs.IntVar(&c.participants, "participants", 80, "participants, drawn from the embedded synthetic world (2 to 500)")
	fs.IntVar(&c.requests, "requests", 5, "meetings each participant asks for, its best recommendations (1 to 20)")
	fs.IntVar(&c.agendas, "agendas", 3, "agendas to print")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the participants, their availability and the answers")
	fs.StringVar(&c.out, "out", "", "directory to write plan.csv, report.json, agendas/<id>.csv and ics/<id>.ics to (none: print only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case c.participants < 2 || c.participants > 500:
		return fmt.Errorf("-participants %d: want 2 to 500", c.participants)
	case c.requests < 1 || c.requests > 20:
		return fmt.Errorf("-requests %d: want 1 to 20", c.requests)
	case c.agendas < 0:
		return fmt.Errorf("-agendas %d: want 0 or more", c.agendas)
	}
	return runDay(context.Background(), c, out)
}

// runDay runs the day of config c.
func runDay(ctx context.Context, c config, out io.Writer) error {
	world, err := synth.Default()
	if err != nil {
		return err
	}
	eng, err := match.Open("", match.Config{Known: world.Partnerships, RefitDelay: -1})
	if err != nil {
		return err
	}
	defer eng.Close()
	if err := eng.Add(ctx, world.Profiles...); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(c.seed, 15))
	spec := specOf(world.Profiles, c.participants, rng)
	ev, err := event.New(spec)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, p := range spec.Participants {
		pr, _ := eng.Get(p.ID)
		names[p.ID] = pr.Name
	}
	fmt.Fprintf(out, "%s: %d SYNTHETIC participants, %d sessions, %d tables\n",
		spec.Name, len(spec.Participants), len(spec.Sessions), len(spec.Tables))

	why, st, err := book(ctx, ev, eng, c.requests, rng)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "requests: %d made, %d mutual, %d accepted, %d declined, %d unanswered\n",
		st.made, st.mutual, st.accepted, st.declined, st.pending)

	plan, err := ev.Schedule(ctx, event.Config{Seed: c.seed})
	if err != nil {
		return err
	}
	ff, err := ev.Schedule(ctx, event.Config{Method: event.FirstFit, Seed: c.seed})
	if err != nil {
		return err
	}
	x := &event.Export{Spec: ev.Spec(), Plan: plan,
		Name: func(id string) string { return names[id] },
		Why:  func(from, to string) string { return why[[2]string{from, to}] },
		// The day before the event: a fixed stamp keeps -out's files the
		// same from run to run.
		Stamp: day.AddDate(0, 0, -1),
	}
	summary(out, plan, ff)
	if err := agendas(out, x, c.agendas); err != nil {
		return err
	}
	tables(out, x)
	unplaced(out, x)
	if c.out != "" {
		n, err := write(c.out, x)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\nwrote %d files to %s\n", n, c.out)
	}
	return nil
}

// specOf returns the spec of the day: n participants drawn from ps, a
// morning of 12 slots with a coffee break and an afternoon of 9 with
// another, one table for every 5 participants, at most 8 meetings each;
// one in ten participants comes for the morning only.
func specOf(ps []profile.Profile, n int, rng *rand.Rand) event.Spec {
	morning := event.Session{Name: "Morning", Start: day, SlotMinutes: 20, Slots: 12,
		Breaks: []event.Span{{From: day.Add(100 * time.Minute), To: day.Add(120 * time.Minute)}}}
	pm := day.Add(5 * time.Hour)
	afternoon := event.Session{Name: "Afternoon", Start: pm, SlotMinutes: 20, Slots: 9,
		Breaks: []event.Span{{From: pm.Add(60 * time.Minute), To: pm.Add(80 * time.Minute)}}}
	spec := event.Spec{
		Name:        "Synthetic matchmaking day",
		Sessions:    []event.Session{morning, afternoon},
		MaxMeetings: 8,
	}
	for i := range max(2, n/5) {
		spec.Tables = append(spec.Tables, event.Table{ID: fmt.Sprintf("T%02d", i+1)})
	}
	idx := rng.Perm(len(ps))[:min(n, len(ps))]
	slices.Sort(idx) // in id order, which the agendas print in
	for _, i := range idx {
		p := event.Participant{ID: ps[i].ID}
		if rng.IntN(10) == 0 {
			p.Available = []event.Span{{From: morning.Start, To: morning.End()}}
		}
		spec.Participants = append(spec.Participants, p)
	}
	return spec
}

// stats counts the requests of the booking phase.
type stats struct{ made, mutual, accepted, declined, pending int }

// book runs the booking phase: every participant is shown its k best
// recommendations and asks to meet them all (a pair that recommends each
// other makes one mutual request); each invitee then accepts seven in
// ten requests, declines two and leaves one unanswered. It returns why
// each pair was recommended, by (from, to), for the agendas.
func book(ctx context.Context, ev *event.Event, eng *match.Engine, k int, rng *rand.Rand) (map[[2]string]string, stats, error) {
	spec := ev.Spec()
	// Recommendations first, then requests: Recommend leaves out the pairs
	// already asked, so asking at once would never let a pair be mutual.
	recs := make([][]match.Match, len(spec.Participants))
	why := map[[2]string]string{}
	for i, p := range spec.Participants {
		ms, err := ev.Recommend(ctx, eng, p.ID, event.RecommendQuery{Limit: k})
		if err != nil {
			return nil, stats{}, err
		}
		recs[i] = ms
		for _, m := range ms {
			why[[2]string{p.ID, m.ID}] = m.Summary
		}
	}
	var st stats
	for i, p := range spec.Participants {
		for _, m := range recs[i] {
			r, err := ev.Request(p.ID, m.ID)
			switch {
			case errors.Is(err, event.ErrDuplicateRequest): // already mutual
				continue
			case err != nil:
				return nil, stats{}, err
			}
			st.made++
			if r.Mutual {
				st.mutual++
				st.pending-- // the reverse request, counted pending, is now accepted
				st.accepted++
				continue
			}
			st.pending++
		}
	}
	// The answers, in order of arrival; a mutual request needs none.
	for _, r := range ev.Requests() {
		if r.Status != event.Requested {
			continue
		}
		var err error
		switch x := rng.IntN(10); {
		case x < 7:
			_, err = ev.Accept(r.From, r.To)
			st.accepted++
			st.pending--
		case x < 9:
			_, err = ev.Decline(r.From, r.To)
			st.declined++
			st.pending--
		}
		if err != nil {
			return nil, stats{}, err
		}
	}
	return why, st, ev.ScoreRequests(ctx, eng, "")
}

// summary prints the value of the plan against its bound and first fit.
func summary(out io.Writer, plan, ff *event.Plan) {
	fmt.Fprintf(out, "\nschedule: %d meetings, value %.2f of an upper bound of %.2f (%.1f%%), %d unplaced, %d below the fairness floor, %d idle slots\n",
		len(plan.Meetings), plan.Value, plan.Bound, pct(plan.Value, plan.Bound), len(plan.Unplaced), plan.BelowFloor, plan.Gaps)
	fmt.Fprintf(out, "first fit: %d meetings, value %.2f (%.1f%% of the bound), %d unplaced, %d below the floor, %d idle slots\n",
		len(ff.Meetings), ff.Value, pct(ff.Value, plan.Bound), len(ff.Unplaced), ff.BelowFloor, ff.Gaps)
	fmt.Fprintf(out, "the schedule places %+d meetings and %+.2f value against first fit\n",
		len(plan.Meetings)-len(ff.Meetings), plan.Value-ff.Value)
}

func pct(a, b float64) float64 {
	if b == 0 {
		return 100
	}
	return 100 * a / b
}

// agendas prints the agendas of the n participants with the most meetings
// (ties by id): the busiest show the most.
func agendas(out io.Writer, x *event.Export, n int) error {
	ids := make([]string, len(x.Spec.Participants))
	for i, p := range x.Spec.Participants {
		ids[i] = p.ID
	}
	count := map[string]int{}
	for _, m := range x.Plan.Meetings {
		count[m.From]++
		count[m.To]++
	}
	slices.SortStableFunc(ids, func(a, b string) int { return cmp.Compare(count[b], count[a]) })
	for _, id := range ids[:min(n, len(ids))] {
		a, err := x.Agenda(id)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\nAgenda of %s (%s): %d meetings\n", a.Name, a.Participant, len(a.Meetings))
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		for _, m := range a.Meetings {
			mutual := ""
			if m.Mutual {
				mutual = " (mutual)"
			}
			fmt.Fprintf(tw, "  %s-%s\ttable %s\t%s%s\t%.3f\t%s\n", m.Start.Format("15:04"), m.End.Format("15:04"),
				m.Table, m.WithName, mutual, m.Score, m.Why)
		}
		tw.Flush()
		for _, u := range a.Unplaced {
			fmt.Fprintf(out, "  unplaced: %s → %s: %s\n", u.FromName, u.ToName, u.Reason)
		}
	}
	return nil
}

// tables prints the table plan: how full each table is.
func tables(out io.Writer, x *event.Export) {
	usable := 0
	for _, s := range x.Spec.Sessions {
		for i := range s.Slots {
			from := s.Start.Add(time.Duration(i*s.SlotMinutes) * time.Minute)
			to := from.Add(time.Duration(s.SlotMinutes) * time.Minute)
			if !slices.ContainsFunc(s.Breaks, func(b event.Span) bool { return from.Before(b.To) && b.From.Before(to) }) {
				usable++
			}
		}
	}
	tps := x.Plan.Tables(x.Spec)
	total := 0
	var parts []string
	for _, tp := range tps {
		total += len(tp.Meetings)
		parts = append(parts, fmt.Sprintf("%s %d", tp.Table, len(tp.Meetings)))
	}
	fmt.Fprintf(out, "\ntable plan: %d tables × %d slots, %d meetings, %.0f%% of the table slots used\n",
		len(tps), usable, total, pct(float64(total), float64(len(tps)*usable)))
	fmt.Fprintf(out, "  meetings per table: %s\n", strings.Join(parts, ", "))
}

// unplaced prints the requests left out, counted by reason, and the first.
func unplaced(out io.Writer, x *event.Export) {
	byReason := map[event.Reason]int{}
	for _, u := range x.Plan.Unplaced {
		byReason[u.Reason]++
	}
	reasons := make([]event.Reason, 0, len(byReason))
	for r := range byReason {
		reasons = append(reasons, r)
	}
	slices.Sort(reasons)
	fmt.Fprintf(out, "\nunplaced: %d", len(x.Plan.Unplaced))
	for _, r := range reasons {
		fmt.Fprintf(out, ", %d %s", byReason[r], r)
	}
	fmt.Fprintln(out)
	const shown = 5
	for _, u := range x.Plan.Unplaced[:min(shown, len(x.Plan.Unplaced))] {
		fmt.Fprintf(out, "  %s → %s: %s\n", u.From, u.To, u.Reason)
	}
	if n := len(x.Plan.Unplaced) - shown; n > 0 {
		fmt.Fprintf(out, "  ... and %d more\n", n)
	}
}

// write writes the outputs of the day to dir and returns how many files.
func write(dir string, x *event.Export) (int, error) {
	for _, d := range []string{dir, filepath.Join(dir, "agendas"), filepath.Join(dir, "ics")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return 0, err
		}
	}
	files := map[string]func(io.Writer) error{
		"plan.csv": x.WriteCSV,
		"report.json": func(w io.Writer) error {
			r, err := x.Report()
			if err != nil {
				return err
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		},
	}
	for _, p := range x.Spec.Participants {
		files[filepath.Join("agendas", p.ID+".csv")] = func(w io.Writer) error { return x.WriteAgendaCSV(w, p.ID) }
		files[filepath.Join("ics", p.ID+".ics")] = func(w io.Writer) error { return x.WriteICS(w, p.ID) }
	}
	for name, f := range files {
		if err := writeFile(filepath.Join(dir, name), f); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

func writeFile(path string, f func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f(fh); err != nil {
		fh.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return fh.Close()
}
