package event

import (
	"context"
	"fmt"
	"slices"

	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/match"
)

// A RecommendQuery tunes Recommend. The zero value is ready to use.
type RecommendQuery struct {
	// Limit is the most participants proposed. Zero means 10; at most
	// match.MaxLimit.
	Limit int `json:"limit,omitempty"`
	// Model names the engine's score model. Empty means its default.
	Model string `json:"model,omitempty"`
	// Rules names the eligibility rule set the proposed participants must
	// satisfy, as in match.Query. Empty means match.DefaultRules.
	Rules string `json:"rules,omitempty"`
	// MinScore drops participants scoring below it.
	MinScore float64 `json:"min_score,omitempty"`
}

// Recommend proposes whom participant id should ask to meet, best first:
// the other participants that the event's RoleRule lets it meet, that
// neither asked the other yet (whatever the answer), ranked by how well
// they complement it under eng's model and eligible under the rule set.
// Each participant id must name a profile of eng. Errors:
// ErrUnknownParticipant, and the engine's (match.ErrUnknownProfile for
// a participant with no profile, match.ErrUnknownModel,
// match.ErrUnknownRules, match.ErrInvalidQuery, the context's).
func (ev *Event) Recommend(ctx context.Context, eng *match.Engine, id string, q RecommendQuery) ([]match.Match, error) {
	ev.mu.Lock()
	i, ok := ev.index[id]
	if !ok {
		ev.mu.Unlock()
		return nil, sentinel.Wrapf(ErrUnknownParticipant, "recommend %q", id)
	}
	role := ev.spec.Participants[i].Role
	among := []string{} // not nil: no candidate means no recommendation
	for _, p := range ev.spec.Participants {
		if _, asked := ev.pairs[pairOf(id, p.ID)]; !asked && p.ID != id && ev.spec.Roles.allows(role, p.Role) {
			among = append(among, p.ID)
		}
	}
	ev.mu.Unlock()
	ms, err := eng.Partners(ctx, match.Query{ID: id, Among: among, Limit: q.Limit, Model: q.Model, Rules: q.Rules, MinScore: q.MinScore})
	if err != nil {
		return nil, fmt.Errorf("event: recommend %q: %w", id, err)
	}
	return ms, nil
}

// ScoreRequests sets the Score of every request not scored yet: how well
// its To suits its From under eng's model (empty means the engine's
// default), as Recommend ranks them. Requests made while it runs are
// left unscored. Errors are the engine's, as in Recommend, and the
// context's; requests scored before the error keep their score.
func (ev *Event) ScoreRequests(ctx context.Context, eng *match.Engine, model string) error {
	ev.mu.Lock()
	byFrom := map[string][]string{}
	for _, r := range ev.reqs {
		if !r.Scored {
			byFrom[r.From] = append(byFrom[r.From], r.To)
		}
	}
	ev.mu.Unlock()
	froms := make([]string, 0, len(byFrom))
	for f := range byFrom {
		froms = append(froms, f)
	}
	slices.Sort(froms)
	for _, from := range froms {
		tos := byFrom[from]
		for lo := 0; lo < len(tos); lo += match.MaxLimit {
			chunk := tos[lo:min(len(tos), lo+match.MaxLimit)]
			// The open rule set and no MinScore: a request is scored
			// whatever the rules of a recommendation were.
			ms, err := eng.Partners(ctx, match.Query{ID: from, Among: chunk, Limit: len(chunk), Model: model, Rules: match.DefaultRules, MinScore: -1})
			if err != nil {
				return fmt.Errorf("event: score requests of %q: %w", from, err)
			}
			ev.setScores(from, ms)
		}
	}
	return nil
}

func (ev *Event) setScores(from string, ms []match.Match) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for _, m := range ms {
		if i, ok := ev.pairs[pairOf(from, m.ID)]; ok && ev.reqs[i].From == from {
			ev.reqs[i].Score, ev.reqs[i].Scored = m.Score, true
		}
	}
}
