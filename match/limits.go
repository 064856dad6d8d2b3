package match

import (
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
)

// Limits of one request, so that no call can take more than a few seconds
// or a few hundred megabytes on two cores whatever it asks (profiles have
// their own limits: see profile.MaxSize). A request over one is refused
// with an error matching profile.ErrTooLarge, holding a
// *profile.LimitError that names the field, the value and the limit; for
// queries it matches ErrInvalidQuery too. What each limit's requests cost
// when the limits were set: benchmarks/RESULTS.md ("Package benchmarks",
// match).
const (
	// MaxLimit caps Query.Limit. Benchmarks rank 200 deep and more for
	// consortium completion; each match is explained, which costs most
	// for a large ad-hoc profile.
	MaxLimit = 1000
	// MaxAdHocText caps Query.Limit times the bytes of the free text
	// (profile.Text) of an ad-hoc query profile: each explanation of a
	// profile the models were not fitted on analyses its text again, in
	// time that grows with the text, so the cap bounds a query's
	// explaining to about a second. A draft of 2 KB may ask for 500
	// partners, one of 40 KB for 25.
	MaxAdHocText = 1 << 20
	// MaxQueryValues caps the values of each list of a query: each filter
	// field of a Query, and the Markets and Industries of consortium and
	// matchday queries.
	MaxQueryValues = 1000
	// MaxExclude caps ConsortiumQuery.Exclude.
	MaxExclude = 10_000
	// MaxConsortiumSize caps the MinSize and MaxSize of consortium and
	// matchday queries, and the seeds of a consortium. Work still grows
	// with size times pool: a matchday of MaxParticipants with every
	// consortium of this size can run for tens of seconds, so give such
	// queries a deadline (they honour it; see benchmarks/RESULTS.md).
	MaxConsortiumSize = 50
	// MaxConsortiumPool caps ConsortiumQuery.Pool.
	MaxConsortiumPool = 1000
	// MaxAlternatives caps ConsortiumQuery.Alternatives; each is a solve.
	MaxAlternatives = 20
	// MaxExactSize and MaxExactPool cap MaxSize and Pool of a consortium
	// query with Exact, whose branch and bound is exponential: consortia
	// a little larger took seconds, twice as large never ended. Even
	// within the caps some problems take long: give Exact queries a
	// deadline.
	MaxExactSize = 8
	MaxExactPool = 100
	// MaxParticipants caps MatchdayQuery.IDs. Matchday holds four n×n
	// matrices and its rounds grow as n³, so that twice the cap takes
	// several times as long and as much memory.
	MaxParticipants = 500
	// MaxBatchBytes caps the total profile.Size of the profiles of one
	// Add, besides Config.MaxBatch: the index holds a batch several times
	// over while it writes it. Twice the bytes of a full batch of
	// synthetic profiles, for profiles with longer text.
	MaxBatchBytes = 32 << 20
	// MaxBatchWords caps the distinct words of the free text of the
	// profiles of one Add together (profile.Words), besides
	// profile.MaxWords for each: every new word is a term of the index
	// for good. The whole Horizon 2020 benchmark (22,787 profiles) has
	// about 29,000, a synthetic world of 10,000 profiles about 9,300.
	MaxBatchWords = 1 << 17
)

// tooLarge returns the error of a request field over its limit: it
// matches profile.ErrTooLarge and ErrInvalidQuery.
func tooLarge(op, field string, n, max int) error {
	return sentinel.Wrapf(ErrInvalidQuery, "%s: %w", op, &profile.LimitError{Field: field, Len: n, Max: max})
}

// checkValues checks the length of each named list of a query.
func checkValues(op string, lists map[string][]string) error {
	for _, field := range sortedKeys(lists) {
		if n := len(lists[field]); n > MaxQueryValues {
			return tooLarge(op, field, n, MaxQueryValues)
		}
	}
	return nil
}
