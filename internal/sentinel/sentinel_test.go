package sentinel_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
)

func TestWrapf(t *testing.T) {
	errUnknown := sentinel.New("pkg", "unknown thing")
	errOther := sentinel.New("pkg", "other")
	limit := &profile.LimitError{Field: "Limit", Len: 20, Max: 10}
	tests := []struct {
		name string
		err  error
		want string
		is   []error // matched
		not  []error // not matched
	}{
		{"bare", errUnknown, "pkg: unknown thing", []error{errUnknown}, []error{errOther}},
		{"context", sentinel.Wrapf(errUnknown, "op %q", "x"), `pkg: op "x": unknown thing`, []error{errUnknown}, []error{errOther}},
		{"context wrapping a cause", sentinel.Wrapf(errOther, "op: %w", limit), "pkg: op: Limit: 20 over the limit of 10: other",
			[]error{errOther, profile.ErrTooLarge}, []error{errUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.EqualError(t, tt.err, tt.want, "message of %s", tt.name)
			for _, target := range tt.is {
				assert.ErrorIs(t, tt.err, target, "%s", tt.name)
			}
			for _, target := range tt.not {
				assert.NotErrorIs(t, tt.err, target, "%s", tt.name)
			}
		})
	}
	var le *profile.LimitError
	neg := sentinel.Negative(errOther, "op", "Limit", -2)
	assert.EqualError(t, neg, `pkg: op: Limit "-2": negative: other`, "Negative")
	var fe *profile.FieldError
	if assert.ErrorAs(t, neg, &fe, "Negative names the field") {
		assert.Equal(t, profile.FieldError{Field: "Limit", Value: "-2", Reason: "negative"}, *fe, "Negative's field")
	}
	assert.True(t, errors.As(sentinel.Wrapf(errOther, "op: %w", limit), &le), "errors.As finds the cause")
	_, isJoin := sentinel.Wrapf(errOther, "op: %w", limit).(interface{ Unwrap() []error })
	assert.False(t, isJoin, "a wrapped sentinel is one error to code that walks errors.Join trees")
	assert.Panics(t, func() { _ = sentinel.Wrapf(errors.New("pkg: foreign"), "op") }, "a kind that is not a sentinel")
}

// TestAlias checks that an alias and its base are one sentinel to
// errors.Is, both ways and through wrapping, and no other.
func TestAlias(t *testing.T) {
	base := sentinel.New("low", "closed")
	alias := sentinel.Alias("high", "engine closed", base)
	aliasOfAlias := sentinel.Alias("top", "closed", alias)
	other := sentinel.New("low", "other")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"base", base, "low: closed"},
		{"alias", alias, "high: engine closed"},
		{"alias of an alias", aliasOfAlias, "top: closed"},
		{"base wrapped", sentinel.Wrapf(base, "op"), "low: op: closed"},
		{"alias wrapped", sentinel.Wrapf(alias, "op"), "high: op: engine closed"},
		{"base wrapped with fmt", fmt.Errorf("high: op: %w", base), "high: op: low: closed"},
	}
	for _, tt := range tests {
		assert.EqualError(t, tt.err, tt.want, "message of %s", tt.name)
		for _, target := range []error{base, alias, aliasOfAlias} {
			assert.ErrorIs(t, tt.err, target, "%s matches %v", tt.name, target)
		}
		assert.NotErrorIs(t, tt.err, other, "%s", tt.name)
		assert.NotErrorIs(t, other, tt.err, "other matches %s", tt.name)
	}
	assert.Panics(t, func() { _ = sentinel.Alias("pkg", "x", errors.New("foreign")) }, "a base that is not a sentinel")
}
