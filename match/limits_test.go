package match_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// bigDraft returns an ad-hoc profile with about textLen bytes of free text
// (within profile.MaxTextLen), words drawn from the world's descriptions
// with a counter so that they make almost profile.MaxWords distinct
// terms, and offers and needs besides: the costliest kind of query
// profile.
func bigDraft(t *testing.T, textLen int) *profile.Profile {
	t.Helper()
	q := world().Profiles[0].Clone()
	q.ID = ""
	var words []string
	seen := map[string]bool{}
	for _, p := range world().Profiles {
		for _, w := range strings.FieldsFunc(p.Description, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if !seen[w] && len(words) < profile.MaxWords/2-20 { // 20 for the name
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	k := 0
	phrase := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			fmt.Fprintf(&b, "%s x%d ", words[k*7919%len(words)], k%len(words))
			k++
		}
		return strings.TrimSpace(b.String())
	}
	q.Offers, q.Needs, q.Technologies = nil, nil, nil
	for range 50 {
		q.Offers = append(q.Offers, phrase(60))
		q.Needs = append(q.Needs, phrase(60))
		q.Technologies = append(q.Technologies, phrase(60))
	}
	q.Description = phrase(textLen - len(q.Text()) - 100)
	named := q.Clone()
	named.ID = "draft" // an ad-hoc profile needs no id; Validate does
	require.NoError(t, named.Validate(), "the draft is within the profile limits")
	return &q
}

// TestPartnersDeadline checks that Partners on a large ad-hoc profile
// honours a deadline that falls while it scores and explains: before,
// ranking ignored the context and returned a nil error long after it.
func TestPartnersDeadline(t *testing.T) {
	eng := loaded(t)
	warm(t, eng)
	draft := bigDraft(t, profile.MaxTextLen-1024)
	limit := match.MaxLimit
	// The query takes tens of milliseconds (its text is analysed once,
	// not once per explanation): the deadline falls inside it.
	const deadline = 5 * time.Millisecond
	for _, exact := range []bool{true, false} {
		t.Run(fmt.Sprintf("exact=%v", exact), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			start := time.Now()
			ms, err := eng.Partners(ctx, match.Query{Profile: draft, Limit: limit, Exact: exact})
			took := time.Since(start)
			assert.ErrorIs(t, err, context.DeadlineExceeded, "Partners(%d-byte draft, Limit %d) under a %v deadline", len(draft.Text()), limit, deadline)
			assert.Len(t, ms, 0, "no partners with an error")
			// Generous: the house rule is no tight wall-clock bounds.
			assert.Less(t, took, deadline+time.Second, "Partners returned %v after its deadline", took-deadline)
		})
	}
}

// TestPartnersUnfitted checks that MaxLimit partners of a large profile
// stored since the last fit cost one analysis of its text, not one per
// explanation and model: before, the query allocated 5 GB (and ran for
// 20 s). Allocation is the bounded work measured, not time.
func TestPartnersUnfitted(t *testing.T) {
	ctx := context.Background()
	eng := loaded(t)
	warm(t, eng)
	big := bigDraft(t, profile.MaxTextLen-1024)
	big.ID = "big-draft"
	require.NoError(t, eng.Add(ctx, *big), "Add(big) after the fit")
	require.True(t, eng.Fit().Stale, "big is not in the fit")
	for _, exact := range []bool{true, false} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ms, err := eng.Partners(ctx, match.Query{ID: big.ID, Limit: match.MaxLimit, Exact: exact})
		runtime.ReadMemStats(&after)
		require.NoError(t, err, "Partners(big, Limit %d, Exact %v)", match.MaxLimit, exact)
		assert.NotEmpty(t, ms, "Partners(big, Exact %v)", exact)
		// 256 MB: twenty times what the query allocates.
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(256<<20),
			"bytes allocated by Partners(big, Limit %d, Exact %v)", match.MaxLimit, exact)
	}
}

// TestConsortiumExactDeadline checks that exact search, exponential in
// the worst case, stops at the deadline: before, it ran to the end.
func TestConsortiumExactDeadline(t *testing.T) {
	eng := sharedEngine(t)
	warm(t, eng)
	seed := consortiumWorld().Profiles[0]
	const deadline = 200 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	q := match.ConsortiumQuery{Seeds: []string{seed.ID}, Rules: "open", MinSize: match.MaxExactSize, MaxSize: match.MaxExactSize,
		MaxPerCountry: match.MaxExactSize, Pool: match.MaxExactPool, Exact: true, Alternatives: match.MaxAlternatives}
	start := time.Now()
	_, err := eng.Consortium(ctx, q)
	took := time.Since(start)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "exact Consortium(%+v) under a %v deadline", q, deadline)
	assert.Less(t, took, 10*deadline, "Consortium returned %v after its deadline", took-deadline)
}

// TestConsortiumExactBudget checks that exact search at the caps visits
// at most MaxExactNodes nodes and returns the best consortia it found,
// not proved optimal, while a small exact query is proved optimal:
// before, the query at the caps ran for more than a minute. The timeout
// only keeps a regression from hanging the test.
func TestConsortiumExactBudget(t *testing.T) {
	eng := sharedEngine(t)
	warm(t, eng)
	seed := consortiumWorld().Profiles[0]
	tests := []struct {
		name         string
		size, pool   int
		alternatives int
		wantOptimal  bool
	}{
		{"small", 3, 12, 1, true},
		{"at the caps", match.MaxExactSize, match.MaxExactPool, match.MaxAlternatives, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			q := match.ConsortiumQuery{Seeds: []string{seed.ID}, Rules: "open", MinSize: tt.size, MaxSize: tt.size,
				MaxPerCountry: tt.size, Pool: tt.pool, Exact: true, Alternatives: tt.alternatives}
			cs, err := eng.Consortium(ctx, q)
			require.NoError(t, err, "exact Consortium(%+v)", q)
			require.NotEmpty(t, cs, "exact Consortium(%+v)", q)
			assert.Equal(t, tt.wantOptimal, cs[0].Optimal, "exact Consortium(%+v): the best is proved optimal", q)
			for _, c := range cs {
				assert.Len(t, c.Members, tt.size, "exact Consortium(%+v): a consortium of the size asked", q)
			}
		})
	}
	// Without Exact nothing is proved.
	cs, err := eng.Consortium(context.Background(), match.ConsortiumQuery{Seeds: []string{seed.ID}, Rules: "open", MinSize: 3, MaxSize: 3})
	require.NoError(t, err, "Consortium(size 3)")
	require.NotEmpty(t, cs, "Consortium(size 3)")
	assert.False(t, cs[0].Optimal, "Consortium without Exact is not proved optimal")
}

// TestMatchdayDeadline checks that Matchday honours a deadline during its
// rounds.
func TestMatchdayDeadline(t *testing.T) {
	eng := sharedEngine(t)
	var ids []string
	for _, p := range consortiumWorld().Profiles {
		ids = append(ids, p.ID)
	}
	warm(t, eng)
	const deadline = 50 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	_, err := eng.Matchday(ctx, match.MatchdayQuery{IDs: ids, Rules: "open", MaxSize: 10, MaxPerCountry: 10})
	took := time.Since(start)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "Matchday(%d participants) under a %v deadline", len(ids), deadline)
	assert.Less(t, took, 10*deadline+time.Second, "Matchday returned %v after its deadline", took-deadline)
}

// TestMatchdayLargest checks that the largest matchday (MaxParticipants
// in consortia of MaxConsortiumSize) does bounded work: before, its
// local search allocated 4.4 GB (and ran for 30 s); allocation is the
// measure, not time.
func TestMatchdayLargest(t *testing.T) {
	if testing.Short() {
		t.Skip("a few seconds: skipped in short mode")
	}
	eng := sharedEngine(t)
	warm(t, eng)
	var ids []string
	for _, p := range consortiumWorld().Profiles[:match.MaxParticipants] {
		ids = append(ids, p.ID)
	}
	q := match.MatchdayQuery{IDs: ids, Rules: "open", MinSize: match.MaxConsortiumSize, MaxSize: match.MaxConsortiumSize,
		MaxPerCountry: match.MaxConsortiumSize}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := eng.Matchday(context.Background(), q)
	runtime.ReadMemStats(&after)
	require.NoError(t, err, "Matchday(%d participants, size %d)", len(ids), match.MaxConsortiumSize)
	require.NotEmpty(t, res.Consortia, "Matchday(%d participants, size %d)", len(ids), match.MaxConsortiumSize)
	for _, c := range res.Consortia {
		assert.Len(t, c.Members, match.MaxConsortiumSize, "Matchday: every consortium of the size asked")
	}
	// 1 GB: several times what the bounded search allocates.
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<30), "bytes allocated by Matchday(%d participants, size %d)",
		len(ids), match.MaxConsortiumSize)
}

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	return out
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestRequestLimits checks that every request over a documented limit is
// refused before any work, with an error that names the field, the value
// and the limit.
func TestRequestLimits(t *testing.T) {
	eng := loaded(t)
	id := world().Profiles[0].ID
	tests := []struct {
		name     string
		call     func(ctx context.Context) error
		field    string
		len, max int
	}{
		{"partners limit", func(ctx context.Context) error {
			_, err := eng.Partners(ctx, match.Query{ID: id, Limit: match.MaxLimit + 1})
			return err
		}, "Limit", match.MaxLimit + 1, match.MaxLimit},
		{"partners offset", func(ctx context.Context) error {
			_, err := eng.Partners(ctx, match.Query{ID: id, Limit: 10, Offset: match.MaxLimit - 9})
			return err
		}, "Offset", match.MaxLimit - 9, match.MaxLimit - 10},
		{"partners offset overflowing", func(ctx context.Context) error {
			_, err := eng.Partners(ctx, match.Query{ID: id, Offset: math.MaxInt}) // Offset+Limit would wrap
			return err
		}, "Offset", math.MaxInt, match.MaxLimit - 10},
		{"partners filter values", func(ctx context.Context) error {
			_, err := eng.Partners(ctx, match.Query{ID: id, Filters: index.Filters{Countries: repeat("FR", match.MaxQueryValues+1)}})
			return err
		}, "Countries", match.MaxQueryValues + 1, match.MaxQueryValues},
		{"consortium max size", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, MaxSize: match.MaxConsortiumSize + 1})
			return err
		}, "MaxSize", match.MaxConsortiumSize + 1, match.MaxConsortiumSize},
		{"consortium min size", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, MinSize: math.MaxInt})
			return err
		}, "MinSize", math.MaxInt, match.MaxConsortiumSize},
		{"consortium seeds", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: ids("s", match.MaxConsortiumSize+1)})
			return err
		}, "Seeds", match.MaxConsortiumSize + 1, match.MaxConsortiumSize},
		{"consortium pool", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, Pool: match.MaxConsortiumPool + 1})
			return err
		}, "Pool", match.MaxConsortiumPool + 1, match.MaxConsortiumPool},
		{"exact consortium pool", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, Pool: match.MaxExactPool + 1, Exact: true})
			return err
		}, "Pool", match.MaxExactPool + 1, match.MaxExactPool},
		{"exact consortium size", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, MaxSize: match.MaxExactSize + 1, Exact: true})
			return err
		}, "MaxSize", match.MaxExactSize + 1, match.MaxExactSize},
		{"consortium alternatives", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, Alternatives: match.MaxAlternatives + 1})
			return err
		}, "Alternatives", match.MaxAlternatives + 1, match.MaxAlternatives},
		{"consortium exclude", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, Exclude: ids("x", match.MaxExclude+1)})
			return err
		}, "Exclude", match.MaxExclude + 1, match.MaxExclude},
		{"consortium markets", func(ctx context.Context) error {
			_, err := eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{id}, Markets: repeat("JP", match.MaxQueryValues+1)})
			return err
		}, "Markets", match.MaxQueryValues + 1, match.MaxQueryValues},
		{"matchday participants", func(ctx context.Context) error {
			// Unknown ids: the count is refused before any lookup.
			_, err := eng.Matchday(ctx, match.MatchdayQuery{IDs: ids("p", match.MaxParticipants+1)})
			return err
		}, "IDs", match.MaxParticipants + 1, match.MaxParticipants},
		{"matchday size", func(ctx context.Context) error {
			_, err := eng.Matchday(ctx, match.MatchdayQuery{IDs: []string{id}, MaxSize: match.MaxConsortiumSize + 1})
			return err
		}, "MaxSize", match.MaxConsortiumSize + 1, match.MaxConsortiumSize},
		{"search from", func(ctx context.Context) error {
			_, err := eng.Search(ctx, index.SearchRequest{From: math.MaxInt})
			return err
		}, "From", math.MaxInt, index.MaxSearchWindow - 10},
		{"search size", func(ctx context.Context) error {
			_, err := eng.Search(ctx, index.SearchRequest{Size: index.MaxSearchWindow + 1})
			return err
		}, "Size", index.MaxSearchWindow + 1, index.MaxSearchWindow},
		{"search window", func(ctx context.Context) error {
			_, err := eng.Search(ctx, index.SearchRequest{From: index.MaxSearchWindow - 5, Size: 6})
			return err
		}, "From", index.MaxSearchWindow - 5, index.MaxSearchWindow - 6},
		{"search query", func(ctx context.Context) error {
			_, err := eng.Search(ctx, index.SearchRequest{Query: strings.Repeat("a ", index.MaxSearchQueryLen/2+1)})
			return err
		}, "Query", index.MaxSearchQueryLen + 2, index.MaxSearchQueryLen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(context.Background())
			assert.ErrorIs(t, err, profile.ErrTooLarge, "%s: error %v", tt.name, err)
			assert.ErrorIs(t, err, match.ErrInvalidQuery, "%s: a query over a limit is invalid", tt.name)
			var le *profile.LimitError
			if assert.ErrorAs(t, err, &le, "%s: a *profile.LimitError inside", tt.name) {
				assert.Equal(t, &profile.LimitError{Field: tt.field, Len: tt.len, Max: tt.max}, le, "%s: field, value and limit", tt.name)
			}
		})
	}
}

// TestAddLimits checks the batch limits of Add and Remove and that a
// profile over the profile limits is refused with its field named.
func TestAddLimits(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t, "", match.Config{RefitDelay: -1, MaxBatch: 70})
	p := world().Profiles[0]
	huge := p.Clone()
	huge.Description = strings.Repeat("lidar ", profile.MaxDescriptionLen/6+1)
	// 40 profiles of almost profile.MaxSize each: over MaxBatchBytes.
	var big []profile.Profile
	for i := range 40 {
		b := p.Clone()
		b.ID = fmt.Sprintf("big-%d", i)
		for n := (profile.MaxSize - b.Size()) / 110; len(b.Partnerships) < n; {
			b.Partnerships = append(b.Partnerships, fmt.Sprintf("project-%0100d", len(b.Partnerships)))
		}
		big = append(big, b)
	}
	// 70 profiles of 1,900 words of their own each: within
	// profile.MaxWords, over MaxBatchWords together.
	var wordy []profile.Profile
	for i := range 70 {
		w := p.Clone()
		w.ID = fmt.Sprintf("wordy-%d", i)
		var ws []string
		for j := range 1900 {
			ws = append(ws, fmt.Sprintf("w%dx%d", i, j))
		}
		w.Description = strings.Join(ws, " ")
		require.NoError(t, w.Validate(), "profile %s is within the profile limits", w.ID)
		wordy = append(wordy, w)
	}
	bigSize := 0
	for i := range big {
		require.NoError(t, big[i].Validate(), "profile %s is within the profile limits", big[i].ID)
		bigSize += big[i].Size()
	}
	tests := []struct {
		name     string
		call     func() error
		field    string
		len, max int
	}{
		{"too many profiles", func() error { return eng.Add(ctx, world().Profiles[:71]...) }, "profiles", 71, 70},
		{"too many bytes", func() error { return eng.Add(ctx, big...) }, "bytes", bigSize, match.MaxBatchBytes},
		{"too many words", func() error { return eng.Add(ctx, wordy...) }, "words", profile.Words(wordy), match.MaxBatchWords},
		{"too many ids", func() error { return eng.Remove(ctx, ids("r", 71)...) }, "ids", 71, 70},
		{"description too long", func() error { return eng.Add(ctx, huge) }, "description", len(huge.Description), profile.MaxDescriptionLen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			assert.ErrorIs(t, err, profile.ErrTooLarge, "%s: error %v", tt.name, err)
			var le *profile.LimitError
			if assert.ErrorAs(t, err, &le, "%s: a *profile.LimitError inside", tt.name) {
				assert.Equal(t, &profile.LimitError{Field: tt.field, Len: tt.len, Max: tt.max}, le, "%s: field, value and limit", tt.name)
			}
			assert.Zero(t, eng.Len(), "%s: nothing added", tt.name)
		})
	}
	// An ad-hoc query profile over the limits is refused the same way.
	_, err := eng.Partners(ctx, match.Query{Profile: &huge})
	assert.ErrorIs(t, err, profile.ErrTooLarge, "Partners(huge draft)")
	assert.ErrorIs(t, err, profile.ErrInvalid, "Partners(huge draft) is an invalid profile")
}

// TestAddRacingClose checks that Adds queued behind the writer lock when
// Close runs fail with ErrClosed like calls after Close (run with -race).
func TestAddRacingClose(t *testing.T) {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{RefitDelay: -1})
	require.NoError(t, err, "Open")
	ps := world().Profiles
	var wg sync.WaitGroup
	errs := make([]error, 8)
	started := make(chan struct{}, len(errs))
	for g := range errs {
		wg.Go(func() {
			started <- struct{}{}
			for k := 0; ; k++ {
				lo := (g*50 + k*17) % (len(ps) - 50)
				if err := eng.Add(ctx, ps[lo:lo+50]...); err != nil {
					errs[g] = err
					return
				}
			}
		})
	}
	for range errs {
		<-started
	}
	time.Sleep(20 * time.Millisecond) // let writes queue behind each other
	assert.NoError(t, eng.Close(), "Close")
	wg.Wait()
	for g, err := range errs {
		assert.ErrorIs(t, err, match.ErrClosed, "writer %d: Add during Close: %v", g, err)
	}
	assert.ErrorIs(t, eng.Refit(ctx), match.ErrClosed, "Refit after Close")
	_, err = eng.Partners(ctx, match.Query{ID: ps[0].ID})
	assert.ErrorIs(t, err, match.ErrClosed, "Partners after Close")
	assert.True(t, errors.Is(eng.Close(), match.ErrClosed), "second Close")
}

// warm fits the models the deadline tests use (the default for ranking,
// lsa for redundancy, reciprocal for roles), so that their deadlines fall
// in the call's own work, not in a first fit.
func warm(t *testing.T, eng *match.Engine) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, eng.Refit(ctx), "Refit")
	for _, m := range []string{"lsa", "reciprocal"} {
		_, err := eng.Partners(ctx, match.Query{ID: consortiumWorld().Profiles[0].ID, Model: m})
		if errors.Is(err, match.ErrUnknownProfile) {
			_, err = eng.Partners(ctx, match.Query{ID: world().Profiles[0].ID, Model: m})
		}
		require.NoError(t, err, "Partners with %s, to fit it", m)
	}
}
