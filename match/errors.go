package match

import (
	"errors"
	"fmt"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/internal/sentinel"
)

// Errors of the engine. Each is matched with errors.Is; the error returned
// adds the operation and the offending value, and says "match: " once:
//
//	match: partners: "nobody": unknown profile
var (
	// ErrUnknownProfile is returned when an id names no profile in the engine.
	ErrUnknownProfile = sentinel.New("match", "unknown profile")
	// ErrUnknownModel is returned for a model name not in Config.Models.
	ErrUnknownModel = sentinel.New("match", "unknown model")
	// ErrUnknownRules is returned for a rule set name not in the engine.
	ErrUnknownRules = sentinel.New("match", "unknown rule set")
	// ErrInvalidQuery is returned for a query that cannot run: both or
	// neither of ID and Profile, a negative Limit, Offset or size, a bad
	// filter value, a Query.Filters.Rules set. The error names the field
	// and the value.
	ErrInvalidQuery = sentinel.New("match", "invalid query")
	// ErrClosed is matched by the error of every method called after
	// Close, and of calls that Close overtook (a write queued behind
	// another, a query whose index closed under it).
	ErrClosed = sentinel.New("match", "engine closed")
)

// writeErr wraps an error of an index write. A write that waited for the
// writer slot while Close ran finds the index closed: it gets ErrClosed,
// as if it had been called after Close.
func writeErr(op string, err error) error {
	if errors.Is(err, index.ErrClosed) {
		return sentinel.Wrapf(ErrClosed, "%s", op)
	}
	return fmt.Errorf("match: %s: %w", op, err)
}

// wrapIndexErr prefixes an index error with the operation. An invalid
// query also matches ErrInvalidQuery, whose text it does not add: the
// index's error says what is wrong, and errors.As finds it (an
// *index.FilterError, a *profile.LimitError).
func wrapIndexErr(op string, err error) error {
	switch {
	case errors.Is(err, index.ErrInvalidQuery):
		return &invalidQuery{op: op, err: err}
	case errors.Is(err, index.ErrClosed): // Close ran during the call
		return sentinel.Wrapf(ErrClosed, "%s", op)
	}
	return fmt.Errorf("match: %s: %w", op, err)
}

// An invalidQuery is an invalid query that the index found.
type invalidQuery struct {
	op  string
	err error // matching index.ErrInvalidQuery
}

func (e *invalidQuery) Error() string        { return "match: " + e.op + ": " + e.err.Error() }
func (e *invalidQuery) Unwrap() error        { return e.err }
func (e *invalidQuery) Is(target error) bool { return target == ErrInvalidQuery }
