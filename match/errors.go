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
	// and the value. It is index.ErrInvalidQuery under match's name
	// (errors.Is treats the two as one), so that a bad filter the index
	// finds and a bad field the engine finds match both.
	ErrInvalidQuery = sentinel.Alias("match", "invalid query", index.ErrInvalidQuery)
	// ErrClosed is matched by the error of every method called after
	// Close, and of calls that Close overtook (a write queued behind
	// another, a query whose index closed under it). It is
	// index.ErrClosed under match's name (errors.Is treats the two as
	// one).
	ErrClosed = sentinel.Alias("match", "engine closed", index.ErrClosed)
)

// wrapIndexErr prefixes an error of the index with the operation; what
// the index's error matches (index.ErrInvalidQuery, an
// *index.FilterError, a *profile.LimitError), the result matches too. A
// call that the index's Close overtook (a write that waited for the
// writer slot while Close ran, a query whose index closed under it) gets
// ErrClosed, as if it had been called after Close.
func wrapIndexErr(op string, err error) error {
	if errors.Is(err, index.ErrClosed) {
		return sentinel.Wrapf(ErrClosed, "%s", op)
	}
	return fmt.Errorf("match: %s: %w", op, err)
}
