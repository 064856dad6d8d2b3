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
	// for a large profile the models were not fitted on (ad-hoc, or
	// stored since the last fit), whose text is analysed once per query.
	MaxLimit = 1000
	// MaxQueryValues caps the values of each list of a query: each filter
	// field of a Query, and the Markets and Industries of consortium and
	// matchday queries.
	MaxQueryValues = 1000
	// MaxExclude caps ConsortiumQuery.Exclude.
	MaxExclude = 10_000
	// MaxConsortiumSize caps the MinSize and MaxSize of consortium and
	// matchday queries, and the seeds of a consortium. The local search
	// of a matchday stops after a fixed amount of work (a few seconds),
	// which a matchday of MaxParticipants in consortia of this size
	// reaches; smaller ones end before (see benchmarks/RESULTS.md).
	MaxConsortiumSize = 50
	// MaxConsortiumPool caps ConsortiumQuery.Pool.
	MaxConsortiumPool = 1000
	// MaxAlternatives caps ConsortiumQuery.Alternatives; each is a solve.
	MaxAlternatives = 20
	// MaxExactSize and MaxExactPool cap MaxSize and Pool of a consortium
	// query with Exact, whose branch and bound is exponential: beyond
	// them the search rarely proves anything within MaxExactNodes.
	MaxExactSize = 8
	MaxExactPool = 100
	// MaxExactNodes caps the nodes that the branch and bound of one
	// Exact consortium query visits, over all its alternatives and
	// markets, so that it ends in a few seconds: past the cap it returns
	// the best consortia found, with Consortium.Optimal false. Queries at
	// MaxExactSize and MaxExactPool ran for more than a minute without it.
	MaxExactNodes = 1 << 19
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
