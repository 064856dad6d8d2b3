package match

import (
	"context"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
)

// MaxAmong caps Query.Among: every profile it names is scored, and the
// ranking holds them all, as an Exact query on a corpus of that size.
const MaxAmong = 10_000

// among returns the profiles that q.Among names and the filters keep,
// but the query's own, for Partners to score every one: the candidates
// of a query restricted to a given set (the participants of an event).
// An id naming no profile is an error matching ErrUnknownProfile, so
// that a caller's stale list does not silently shrink the ranking.
func (e *Engine) among(ctx context.Context, qp *profile.Profile, f index.Filters, ids []string) ([]*profile.Profile, error) {
	if len(ids) > MaxAmong {
		return nil, tooLarge("partners", "Among", len(ids), MaxAmong)
	}
	keep, err := f.Matcher()
	if err != nil {
		return nil, wrapIndexErr("partners", err)
	}
	out := make([]*profile.Profile, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for i, p := range e.pool.Lookup(ids) {
		id := ids[i]
		switch {
		case p == nil:
			return nil, sentinel.Wrapf(ErrUnknownProfile, "partners: Among %q", id)
		case seen[id] || id == qp.ID:
			continue
		}
		seen[id] = true
		if keep(p) {
			out = append(out, p)
		}
	}
	return out, ctx.Err()
}
