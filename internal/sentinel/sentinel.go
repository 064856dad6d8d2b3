// Package sentinel makes the sentinel errors of this module's packages:
// errors that callers match with errors.Is, and that say their package's
// prefix once when a caller adds context, so that no message is made by
// editing another.
package sentinel

import "fmt"

// An Error is a sentinel error. It prints as "pkg: what".
type Error struct {
	Pkg  string // the package's name, as its messages start: "match"
	What string // what went wrong: "unknown model"
}

// New returns a sentinel of package pkg saying what.
func New(pkg, what string) error { return &Error{Pkg: pkg, What: what} }

func (e *Error) Error() string { return e.Pkg + ": " + e.What }

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

// Is makes the error match its sentinel.
func (e *wrapped) Is(target error) bool { return target == e.kind }

// Unwrap returns the context, for errors.Is and errors.As to find what it
// wraps. It returns one error, not a list with the sentinel: code that
// walks errors.Join trees (Unwrap() []error) must see one error here.
func (e *wrapped) Unwrap() error { return e.cause }
