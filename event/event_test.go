package event_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/event"
	"github.com/clustergo/partnermatch/profile"
)

func validSpec() event.Spec {
	return event.Spec{
		Sessions:     []event.Session{{Start: day, SlotMinutes: 20, Slots: 4}},
		Tables:       []event.Table{{ID: "A"}},
		Participants: []event.Participant{{ID: "a", Role: "buyer"}, {ID: "b", Role: "seller"}, {ID: "c", Role: "buyer"}},
		Roles:        event.AcrossRoles,
	}
}

func TestNewValidation(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*event.Spec)
		field string
		large bool // over a limit
	}{
		{"no session", func(s *event.Spec) { s.Sessions = nil }, "sessions", false},
		{"slot length", func(s *event.Spec) { s.Sessions[0].SlotMinutes = 25 }, "sessions[0].slot_minutes", false},
		{"no slots", func(s *event.Spec) { s.Sessions[0].Slots = 0 }, "sessions[0].slots", false},
		{"too many slots", func(s *event.Spec) { s.Sessions[0].Slots = event.MaxSlots + 1 }, "sessions[0].slots", true},
		{"overlapping sessions", func(s *event.Spec) {
			s.Sessions = append(s.Sessions, event.Session{Start: day, SlotMinutes: 15, Slots: 2})
		}, "sessions[1].start", false},
		{"empty break", func(s *event.Spec) { s.Sessions[0].Breaks = []event.Span{{From: day, To: day}} }, "sessions[0].breaks[0].to", false},
		{"no table", func(s *event.Spec) { s.Tables = nil }, "tables", false},
		{"one seat", func(s *event.Spec) { s.Tables[0].Seats = 1 }, "tables[0].seats", false},
		{"duplicate table", func(s *event.Spec) { s.Tables = append(s.Tables, event.Table{ID: "A"}) }, "tables[1].id", false},
		{"empty id", func(s *event.Spec) { s.Participants[1].ID = "" }, "participants[1].id", false},
		{"duplicate participant", func(s *event.Spec) { s.Participants[2].ID = "a" }, "participants[2].id", false},
		{"negative cap", func(s *event.Spec) { s.Participants[0].MaxMeetings = -1 }, "participants[0].max_meetings", false},
		{"unknown rule", func(s *event.Spec) { s.Roles = "within" }, "roles", false},
		{"too many participants", func(s *event.Spec) {
			s.Participants = make([]event.Participant, event.MaxParticipants+1)
		}, "participants", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := validSpec()
			tt.edit(&spec)
			_, err := event.New(spec)
			assert.ErrorIs(t, err, event.ErrInvalid, "%s", tt.name)
			var fe *profile.FieldError
			require.ErrorAs(t, err, &fe, "%s", tt.name)
			assert.Equal(t, tt.field, fe.Field, "%s: the field named", tt.name)
			assert.Equal(t, tt.large, errors.Is(err, profile.ErrTooLarge), "%s: over a limit", tt.name)
		})
	}
	_, err := event.New(validSpec())
	assert.NoError(t, err, "the valid spec")
}

func TestRequests(t *testing.T) {
	ev, err := event.New(validSpec())
	require.NoError(t, err)
	_, err = ev.Request("a", "nobody")
	assert.ErrorIs(t, err, event.ErrUnknownParticipant, "unknown invitee")
	_, err = ev.Request("a", "a")
	assert.ErrorIs(t, err, event.ErrSelfRequest, "self")
	_, err = ev.Request("a", "c")
	assert.ErrorIs(t, err, event.ErrRoles, "two buyers under AcrossRoles")
	r, err := ev.Request("a", "b")
	require.NoError(t, err)
	assert.Equal(t, event.Requested, r.Status, "a new request")
	_, err = ev.Request("a", "b")
	assert.ErrorIs(t, err, event.ErrDuplicateRequest, "asked twice")
	_, err = ev.Accept("b", "a")
	assert.ErrorIs(t, err, event.ErrUnknownRequest, "accepting the other way round")
	r, err = ev.Request("b", "a")
	require.NoError(t, err)
	assert.True(t, r.Mutual, "both asked")
	assert.Equal(t, event.Accepted, r.Status, "a mutual request is accepted")
	_, err = ev.Accept("a", "b")
	assert.ErrorIs(t, err, event.ErrStatus, "accepting a mutual request")
	r, err = ev.Decline("b", "a")
	require.NoError(t, err, "either side cancels an accepted meeting")
	assert.Equal(t, event.Declined, r.Status)
	_, err = ev.Decline("a", "b")
	assert.ErrorIs(t, err, event.ErrStatus, "declining twice")
	assert.Len(t, ev.Requests(), 1, "one request for the pair")
	assert.Error(t, ev.SetScore("a", "b", 2), "a score over 1")
	require.NoError(t, ev.RemoveParticipant("b"))
	assert.Empty(t, ev.Requests(), "a cancelled participant's requests go")
	assert.ErrorIs(t, ev.RemoveTable("nope"), event.ErrUnknownTable)
}

// TestReschedule checks that late changes keep every meeting that can
// stay at its slot and table, and that the result is still a valid plan.
func TestReschedule(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(3) {
		ev := synthetic(seed, shapes[3])
		prev, err := ev.Schedule(ctx, event.Config{Seed: seed})
		require.NoError(t, err)
		spec := ev.Spec()
		gone := spec.Participants[int(seed)*7].ID
		table := spec.Tables[1].ID
		require.NoError(t, ev.RemoveParticipant(gone))
		require.NoError(t, ev.RemoveTable(table))
		for _, u := range prev.Unplaced[:min(3, len(prev.Unplaced))] { // late cancellations free room
			_, _ = ev.Decline(u.From, u.To)
		}
		next, err := ev.Reschedule(ctx, prev, event.Config{Seed: seed})
		require.NoError(t, err)
		name := fmt.Sprintf("seed %d", seed)
		check(t, name, ev, next)
		stay := 0
		for _, m := range prev.Meetings {
			if m.From != gone && m.To != gone && m.Table != table {
				stay++
			}
		}
		assert.Equal(t, stay, next.Kept, "%s: every meeting not with %s nor at %s stays", name, gone, table)
		t.Logf("%s: kept %d of %d, moved %d; value %.1f before, %.1f after", name, next.Kept, len(prev.Meetings), next.Moved, prev.Value, next.Value)
	}
}

func TestConcurrentUse(t *testing.T) {
	ev := synthetic(1, shapes[2])
	ids := ev.Spec().Participants
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			_, _ = ev.Request(ids[i%len(ids)].ID, ids[(i*7+3)%len(ids)].ID)
			_, _ = ev.Accept(ids[i%len(ids)].ID, ids[(i*7+3)%len(ids)].ID)
		}
	}()
	for range 3 {
		_, err := ev.Schedule(context.Background(), event.Config{})
		assert.NoError(t, err)
	}
	<-done
}
