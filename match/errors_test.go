package match_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// TestErrorMessages checks errors of the public API: each matches its
// sentinel (and the typed error that names the field, where there is
// one), and its message says each package's prefix once. The messages are
// compared exactly because what they say, once, is what is tested here;
// code should match errors with errors.Is and errors.As.
func TestErrorMessages(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t, "", match.Config{RefitDelay: -1})
	require.NoError(t, eng.Add(ctx, world().Profiles[:20]...), "Add")
	id := world().Profiles[0].ID

	tests := []struct {
		name string
		call func() error
		want string
		is   []error
		as   func(error) bool // if set, errors.As finds the typed error
	}{
		{
			name: "unknown model",
			call: func() error { _, err := eng.Partners(ctx, match.Query{ID: id, Model: "astrology"}); return err },
			want: fmt.Sprintf(`match: model "astrology" (have %v): unknown model`, eng.Models()),
			is:   []error{match.ErrUnknownModel},
		},
		{
			name: "unknown rule set",
			call: func() error { _, err := eng.Partners(ctx, match.Query{ID: id, Rules: "horizon"}); return err },
			want: fmt.Sprintf(`match: rule set "horizon" (have %v): unknown rule set`, eng.RuleSets()),
			is:   []error{match.ErrUnknownRules},
		},
		{
			name: "unknown profile",
			call: func() error { _, err := eng.Partners(ctx, match.Query{ID: "nobody"}); return err },
			want: `match: partners: "nobody": unknown profile`,
			is:   []error{match.ErrUnknownProfile},
		},
		{
			name: "invalid query",
			call: func() error { _, err := eng.Partners(ctx, match.Query{}); return err },
			want: `match: partners: ID "": neither ID nor Profile set: invalid query`,
			is:   []error{match.ErrInvalidQuery},
		},
		{
			name: "bad filter value",
			call: func() error {
				_, err := eng.Partners(ctx, match.Query{ID: id, Filters: index.Filters{Countries: []string{"ZZ"}}})
				return err
			},
			want: `match: partners: index: filter Countries: unknown value "ZZ"`,
			is:   []error{match.ErrInvalidQuery, index.ErrInvalidQuery},
			as: func(err error) bool {
				var fe *index.FilterError
				return assert.ErrorAs(t, err, &fe) && assert.Equal(t, index.FilterError{Field: "Countries", Value: "ZZ", Reason: "unknown value"}, *fe)
			},
		},
		{
			name: "bad filter value in exact mode",
			call: func() error {
				_, err := eng.Partners(ctx, match.Query{ID: id, Exact: true, Filters: index.Filters{Sectors: []string{"C99"}}})
				return err
			},
			want: `match: partners: index: filter Sectors: unknown value "C99"`,
			is:   []error{match.ErrInvalidQuery, index.ErrInvalidQuery},
		},
		{
			name: "bad filter value in a search",
			call: func() error {
				_, err := eng.Search(ctx, index.SearchRequest{Filters: index.Filters{Kinds: []string{"club"}}})
				return err
			},
			want: `match: search: index: filter Kinds: unknown value "club"`,
			is:   []error{match.ErrInvalidQuery, index.ErrInvalidQuery},
		},
		{
			name: "limit over the maximum",
			call: func() error { _, err := eng.Partners(ctx, match.Query{ID: id, Limit: match.MaxLimit + 1}); return err },
			want: fmt.Sprintf("match: partners: Limit: %d over the limit of %d: invalid query", match.MaxLimit+1, match.MaxLimit),
			is:   []error{match.ErrInvalidQuery, profile.ErrTooLarge},
			as: func(err error) bool {
				var le *profile.LimitError
				return assert.ErrorAs(t, err, &le) && assert.Equal(t, "Limit", le.Field)
			},
		},
		{
			name: "negative offset",
			call: func() error { _, err := eng.Partners(ctx, match.Query{ID: id, Offset: -3}); return err },
			want: `match: partners: Offset "-3": negative: invalid query`,
			is:   []error{match.ErrInvalidQuery, index.ErrInvalidQuery},
			as: func(err error) bool {
				var fe *profile.FieldError
				return assert.ErrorAs(t, err, &fe) && assert.Equal(t, profile.FieldError{Field: "Offset", Value: "-3", Reason: "negative"}, *fe)
			},
		},
		{
			name: "negative size in a search",
			call: func() error { _, err := eng.Search(ctx, index.SearchRequest{Size: -2}); return err },
			want: `match: search: index: search: Size "-2": negative: invalid query`,
			is:   []error{match.ErrInvalidQuery, index.ErrInvalidQuery},
			as: func(err error) bool {
				var fe *profile.FieldError
				return assert.ErrorAs(t, err, &fe) && assert.Equal(t, profile.FieldError{Field: "Size", Value: "-2", Reason: "negative"}, *fe)
			},
		},
		{
			name: "consortium with an unknown seed",
			call: func() error {
				_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{"nobody"}})
				return err
			},
			want: `match: consortium: seed "nobody": unknown profile`,
			is:   []error{match.ErrUnknownProfile},
		},
		{
			name: "consortium with a bad industry",
			call: func() error {
				_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, Industries: []string{"alchemy"}})
				return err
			},
			want: `match: consortium: index: filter Industries: unknown value "alchemy"`,
			is:   []error{match.ErrInvalidQuery, index.ErrInvalidQuery},
		},
		{
			name: "remove of an unknown profile",
			call: func() error { return eng.Remove(ctx, "nobody") },
			want: `match: remove "nobody": unknown profile`,
			is:   []error{match.ErrUnknownProfile},
		},
		{
			name: "add of an invalid profile",
			call: func() error { return eng.Add(ctx, profile.Profile{ID: "x", Name: "X", Country: "ZZ"}) },
			want: `match: add: profile 0: profile: invalid profile "x": country "ZZ": not an ISO 3166-1 alpha-2 country code`,
			is:   []error{profile.ErrInvalid},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.Error(t, err, tt.name)
			assert.EqualError(t, err, tt.want, "message of %s", tt.name)
			for _, pkg := range []string{"match: ", "index: ", "profile: "} {
				assert.LessOrEqual(t, strings.Count(err.Error(), pkg), 1, "%s: %q says %q once at most", tt.name, err, pkg)
			}
			for _, target := range tt.is {
				assert.ErrorIs(t, err, target, "%s", tt.name)
			}
			if tt.as != nil {
				tt.as(err)
			}
		})
	}

	require.NoError(t, eng.Close(), "Close")
	_, err := eng.Partners(ctx, match.Query{ID: id})
	assert.EqualError(t, err, "match: engine closed", "Partners after Close")
	assert.ErrorIs(t, err, match.ErrClosed, "Partners after Close")
}

// TestOneSentinelPerMeaning checks that match's ErrClosed and
// ErrInvalidQuery are index's under match's name: every error of either
// package that matches one matches the other, and neither matches a
// sentinel of another meaning.
func TestOneSentinelPerMeaning(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t, "", match.Config{RefitDelay: -1})
	require.NoError(t, eng.Add(ctx, world().Profiles[:5]...), "Add")
	id := world().Profiles[0].ID
	x, err := index.Open("", index.Options{})
	require.NoError(t, err, "index.Open")
	_, searchErr := x.Search(ctx, index.SearchRequest{From: -1})
	require.NoError(t, x.Close(), "index Close")
	_, closedSearch := x.Search(ctx, index.SearchRequest{})

	_, badFilter := eng.Partners(ctx, match.Query{ID: id, Filters: index.Filters{Countries: []string{"ZZ"}}})
	_, badLimit := eng.Partners(ctx, match.Query{ID: id, Limit: -1})
	_, noID := eng.Partners(ctx, match.Query{})
	require.NoError(t, eng.Close(), "Close")
	_, closedPartners := eng.Partners(ctx, match.Query{ID: id})
	closedAdd := eng.Add(ctx, world().Profiles[6])

	tests := []struct {
		name string
		err  error
		want [2]error // the two names of its meaning
	}{
		{"index search with negative From", searchErr, [2]error{index.ErrInvalidQuery, match.ErrInvalidQuery}},
		{"engine partners with a bad filter", badFilter, [2]error{index.ErrInvalidQuery, match.ErrInvalidQuery}},
		{"engine partners with negative Limit", badLimit, [2]error{index.ErrInvalidQuery, match.ErrInvalidQuery}},
		{"engine partners without ID", noID, [2]error{index.ErrInvalidQuery, match.ErrInvalidQuery}},
		{"bare match sentinel", match.ErrInvalidQuery, [2]error{index.ErrInvalidQuery, match.ErrInvalidQuery}},
		{"index search after Close", closedSearch, [2]error{index.ErrClosed, match.ErrClosed}},
		{"engine partners after Close", closedPartners, [2]error{index.ErrClosed, match.ErrClosed}},
		{"engine add after Close", closedAdd, [2]error{index.ErrClosed, match.ErrClosed}},
		{"bare index sentinel", index.ErrClosed, [2]error{index.ErrClosed, match.ErrClosed}},
	}
	others := []error{index.ErrInvalidQuery, index.ErrClosed, match.ErrUnknownProfile, match.ErrUnknownModel, index.ErrCorrupt}
	for _, tt := range tests {
		require.Error(t, tt.err, tt.name)
		for _, target := range tt.want {
			assert.ErrorIs(t, tt.err, target, "%s: %v", tt.name, tt.err)
		}
		for _, other := range others {
			if other != tt.want[0] {
				assert.NotErrorIs(t, tt.err, other, "%s: %v", tt.name, tt.err)
			}
		}
	}
}
