package event

import (
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
)

// Errors of the package. Each is matched with errors.Is; the error
// returned adds the operation and the offending value, and says "event: "
// once:
//
//	event: request "lyon" -> "turin": unknown participant
var (
	// ErrInvalid is matched by every error naming a bad field (a *profile.FieldError inside): a Spec, or a change to
	// an event, that cannot be accepted. Values over the package's limits
	// also match profile.ErrTooLarge, with a *profile.LimitError inside.
	ErrInvalid = sentinel.New("event", "invalid event")
	// ErrUnknownParticipant is returned when an id names no participant.
	ErrUnknownParticipant = sentinel.New("event", "unknown participant")
	// ErrUnknownTable is returned when an id names no table.
	ErrUnknownTable = sentinel.New("event", "unknown table")
	// ErrUnknownRequest is returned for a request that was never made.
	ErrUnknownRequest = sentinel.New("event", "unknown request")
	// ErrSelfRequest is returned for a participant asking to meet itself.
	ErrSelfRequest = sentinel.New("event", "request to oneself")
	// ErrDuplicateRequest is returned for a request already made, or one
	// whose reverse was already made mutual.
	ErrDuplicateRequest = sentinel.New("event", "duplicate request")
	// ErrRoles is returned for a request between participants whose roles
	// the event's RoleRule keeps apart.
	ErrRoles = sentinel.New("event", "roles may not meet")
	// ErrStatus is returned for a status change the request's status does
	// not allow: accepting a declined request, or deciding one twice.
	ErrStatus = sentinel.New("event", "status change not allowed")
)

// invalid returns fe, a field of a Spec, or of a participant or table
// added to an event, that is not valid, as an error matching ErrInvalid
// (and profile.ErrInvalid, through fe). Field is the JSON path of the
// field, such as "participants[3].available[0].to"; Value is its value as
// given; fe wraps a *profile.LimitError when a limit is the reason.
// errors.As finds fe.
func invalid(fe *profile.FieldError) error { return sentinel.Wrapf(ErrInvalid, "%w", fe) }
