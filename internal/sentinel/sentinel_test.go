package sentinel_test

import (
	"errors"
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
	assert.True(t, errors.As(sentinel.Wrapf(errOther, "op: %w", limit), &le), "errors.As finds the cause")
	_, isJoin := sentinel.Wrapf(errOther, "op: %w", limit).(interface{ Unwrap() []error })
	assert.False(t, isJoin, "a wrapped sentinel is one error to code that walks errors.Join trees")
	assert.Panics(t, func() { _ = sentinel.Wrapf(errors.New("pkg: foreign"), "op") }, "a kind that is not a sentinel")
}
