package event

import (
	"github.com/clustergo/partnermatch/profile"
	"slices"
	"strconv"

	"github.com/clustergo/partnermatch/internal/sentinel"
)

// A Status is where a meeting request stands in the opt-in flow.
type Status string

const (
	// Requested: From asked to meet To, who has not answered.
	Requested Status = "requested"
	// Accepted: To accepted, or both asked (Mutual). Only accepted
	// requests are scheduled.
	Accepted Status = "accepted"
	// Declined: To declined, or either side cancelled an accepted
	// meeting.
	Declined Status = "declined"
)

// A Request is one participant's request to meet another.
type Request struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Status Status `json:"status"`
	// Mutual is set when To asked to meet From too: the two requests are
	// one, accepted by both.
	Mutual bool `json:"mutual,omitempty"`
	// Score is how well To suits From by the engine's model, in [0, 1],
	// set by ScoreRequests; Scored says whether it was. The scheduler
	// places higher scores first.
	Score  float64 `json:"score"`
	Scored bool    `json:"scored,omitempty"`
	// Seq is the order of arrival, from 1: the first-fit baseline
	// schedules in this order.
	Seq int `json:"seq"`
}

// Request records that from asks to meet to, and returns the request.
// If to had asked to meet from, the two are one mutual request, accepted.
// Errors: ErrUnknownParticipant, ErrSelfRequest, ErrRoles (the event's
// RoleRule keeps their roles apart), ErrDuplicateRequest (asked before,
// or already mutual), and a *profile.FieldError matching profile.ErrTooLarge
// beyond MaxRequests.
func (ev *Event) Request(from, to string) (Request, error) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if err := ev.checkPair("request", from, to); err != nil {
		return Request{}, err
	}
	if i, ok := ev.pairs[pairOf(from, to)]; ok {
		r := &ev.reqs[i]
		if r.From == from || r.Mutual {
			return Request{}, sentinel.Wrapf(ErrDuplicateRequest, "request %q -> %q (%s)", from, to, r.Status)
		}
		r.Mutual, r.Status = true, Accepted
		return *r, nil
	}
	if len(ev.reqs) >= MaxRequests {
		return Request{}, tooLarge("requests", len(ev.reqs)+1, MaxRequests)
	}
	ev.seq++
	ev.reqs = append(ev.reqs, Request{From: from, To: to, Status: Requested, Seq: ev.seq})
	ev.pairs[pairOf(from, to)] = len(ev.reqs) - 1
	return ev.reqs[len(ev.reqs)-1], nil
}

// checkPair checks that from and to are two participants whose roles may
// meet.
func (ev *Event) checkPair(op, from, to string) error {
	i, ok := ev.index[from]
	if !ok {
		return sentinel.Wrapf(ErrUnknownParticipant, "%s %q -> %q: %q", op, from, to, from)
	}
	j, ok := ev.index[to]
	if !ok {
		return sentinel.Wrapf(ErrUnknownParticipant, "%s %q -> %q: %q", op, from, to, to)
	}
	if from == to {
		return sentinel.Wrapf(ErrSelfRequest, "%s %q -> %q", op, from, to)
	}
	a, b := ev.spec.Participants[i].Role, ev.spec.Participants[j].Role
	if !ev.spec.Roles.allows(a, b) {
		return sentinel.Wrapf(ErrRoles, "%s %q (%s) -> %q (%s) under rule %q", op, from, a, to, b, ev.spec.Roles)
	}
	return nil
}

// Accept records that to accepts the request from from. Errors:
// ErrUnknownRequest, and ErrStatus unless the request is Requested.
func (ev *Event) Accept(from, to string) (Request, error) {
	return ev.decide("accept", from, to, Accepted)
}

// Decline records that to declines the request from from, or that
// either side cancels an accepted meeting (mutual or not). Errors:
// ErrUnknownRequest, and ErrStatus for a request declined already.
func (ev *Event) Decline(from, to string) (Request, error) {
	return ev.decide("decline", from, to, Declined)
}

func (ev *Event) decide(op, from, to string, st Status) (Request, error) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	i, ok := ev.pairs[pairOf(from, to)]
	// Only the invitee answers a pending request; either side may cancel
	// an accepted one.
	if !ok || ev.reqs[i].From != from && !(st == Declined && ev.reqs[i].Status == Accepted) {
		return Request{}, sentinel.Wrapf(ErrUnknownRequest, "%s %q -> %q", op, from, to)
	}
	r := &ev.reqs[i]
	if r.Status == Declined || st == Accepted && r.Status != Requested {
		return Request{}, sentinel.Wrapf(ErrStatus, "%s %q -> %q: %s", op, from, to, r.Status)
	}
	r.Status = st
	return *r, nil
}

// Requests returns the event's requests in order of arrival.
func (ev *Event) Requests() []Request {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return slices.Clone(ev.reqs)
}

// SetScore sets the score of the request from from to to, for a portal
// that scores requests by other means than ScoreRequests. Errors:
// ErrUnknownRequest, and a *profile.FieldError for a score outside [0, 1].
func (ev *Event) SetScore(from, to string, score float64) error {
	if !(score >= 0 && score <= 1) { // NaN too
		return invalid(&profile.FieldError{Field: "score", Value: strconv.FormatFloat(score, 'g', -1, 64), Reason: "not in [0, 1]"})
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	i, ok := ev.pairs[pairOf(from, to)]
	if !ok || ev.reqs[i].From != from {
		return sentinel.Wrapf(ErrUnknownRequest, "set score %q -> %q", from, to)
	}
	ev.reqs[i].Score, ev.reqs[i].Scored = score, true
	return nil
}
