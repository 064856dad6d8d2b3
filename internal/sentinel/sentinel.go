// Package sentinel makes the sentinel errors of this module's packages:
// errors that callers match with errors.Is, and that say their package's
// prefix once when a caller adds context, so that no message is made by
// editing another.
package sentinel

import (
	"fmt"
	"strconv"

	"github.com/clustergo/partnermatch/profile"
)

// An Error is a sentinel error. It prints as "pkg: what".
type Error struct {
	Pkg  string // the package's name, as its messages start: "match"
	What string // what went wrong: "unknown model"
	// base is the sentinel whose meaning this one has (see Alias); nil
	// for a sentinel of its own meaning.
	base *Error
}

// New returns a sentinel of package pkg saying what.
func New(pkg, what string) error { return &Error{Pkg: pkg, What: what} }

// Alias returns a sentinel of package pkg saying what that means what
// base means: errors.Is treats the two as one sentinel, both ways, and
// so every error matching one matches the other. A package that passes
// on the failures of one below it (match of index) aliases that
// package's sentinel instead of defining a second of the same meaning,
// so that its own errors still say its own prefix. base must be an
// *Error; anything else is a bug, and panics.
func Alias(pkg, what string, base error) error {
	return &Error{Pkg: pkg, What: what, base: base.(*Error).meaning()}
}

func (e *Error) Error() string { return e.Pkg + ": " + e.What }

// meaning returns the sentinel that defines e's meaning: e's base, or e.
func (e *Error) meaning() *Error {
	if e.base != nil {
		return e.base
	}
	return e
}

// Is reports whether target is a sentinel of the same meaning: e itself,
// its base, or another alias of its base.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.meaning() == e.meaning()
}

// Wrapf returns an error that matches kind, and every error that format
// wraps with %w (for errors.As). It prints as kind's package prefix, the
// formatted context, ": " and kind's What:
//
//	match: model "astrology" (have [auto hybrid]): unknown model
//
// kind must be an *Error; anything else is a bug, and panics.
func Wrapf(kind error, format string, args ...any) error {
	return &wrapped{kind: kind.(*Error), cause: fmt.Errorf(format, args...)}
}

// A wrapped error is a sentinel with the context of one failure.
type wrapped struct {
	kind  *Error
	cause error // the context as fmt.Errorf made it, with its %w errors
}

func (e *wrapped) Error() string { return e.kind.Pkg + ": " + e.cause.Error() + ": " + e.kind.What }

// Is makes the error match its sentinel, and the sentinel's aliases.
func (e *wrapped) Is(target error) bool { return e.kind.Is(target) }

// Unwrap returns the context, for errors.Is and errors.As to find what it
// wraps. It returns one error, not a list with the sentinel: code that
// walks errors.Join trees (Unwrap() []error) must see one error here.
func (e *wrapped) Unwrap() error { return e.cause }

// Invalid returns the error of operation op for a bad value of a request
// field: it matches kind, and errors.As finds a *profile.FieldError
// naming the field, the value and the reason:
//
//	match: consortium: Seeds "a": given twice: invalid query
func Invalid(kind error, op, field, value, reason string) error {
	return Wrapf(kind, "%s: %w", op, &profile.FieldError{Field: field, Value: value, Reason: reason})
}

// Negative is Invalid for a field that may not be negative but is n:
//
//	match: partners: Limit "-1": negative: invalid query
func Negative(kind error, op, field string, n int) error {
	return Invalid(kind, op, field, strconv.Itoa(n), "negative")
}
