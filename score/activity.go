package score

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// Activity rates a pair by how much its organisations collaborate: with
// k(p) the number of distinct past partnerships a profile lists and K the
// largest k in the corpus,
//
//	a(p)     = ln(1 + k(p)) / ln(1 + K)
//	activity = (a(q) + a(c)) / 2
//
// For one asking profile the order is that of a(c): the organisations
// that take part in many partnerships first, the prior of preferential
// attachment (Barabási and Albert 1999) that link prediction measures as
// "popularity" and that, on Horizon 2020, ranks the next consortium's
// members better than most signals of content (benchmarks/RESULTS.md).
// It is symmetric and in [0, 1]; a corpus without partnerships gives 0.
//
// Activity says nothing about complementarity, and whether it helps
// depends on the corpus, so it is no part of [Auto]'s prior; Auto.LearnedOnly
// adds it where known partnerships teach its weight. Profiles outside the corpus
// count their own listed partnerships.
type Activity struct{}

// Name returns "activity".
func (Activity) Name() string { return "activity" }

func (Activity) usesKnown() bool { return false }

// Fit counts the partnerships of every corpus profile.
func (m Activity) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	return memoFit(ctx, c, m, func(ctx context.Context, c *Corpus) (Scorer, error) {
		s := &activityScorer{snap: c.snapshot(), k: make([]int32, len(c.Profiles))}
		for i, p := range c.Profiles {
			s.k[i] = int32(distinct(orEmpty(p).Partnerships))
			s.max = max(s.max, s.k[i])
		}
		s.a = make([]float64, len(s.k))
		for i, k := range s.k {
			s.a[i] = s.level(int(k))
		}
		return s, ctx.Err()
	})
}

// distinct returns the number of distinct strings in ids.
func distinct(ids []string) int {
	if len(ids) < 2 {
		return len(ids)
	}
	s := slices.Clone(ids)
	slices.Sort(s)
	return len(slices.Compact(s))
}

// An activityScorer is a fitted Activity.
type activityScorer struct {
	snap *snapshot
	k    []int32   // row -> distinct partnerships
	a    []float64 // row -> a(p)
	max  int32     // K
}

// level returns a(p) for k partnerships, at most 1.
func (s *activityScorer) level(k int) float64 {
	if s.max == 0 || k <= 0 {
		return 0
	}
	return unit(math.Log1p(float64(k)) / math.Log1p(float64(s.max)))
}

// of returns a profile's partnerships and level: its row's where the
// profile is a corpus row, its own list's otherwise.
func (s *activityScorer) of(p *profile.Profile, row int32) (int, float64) {
	if row >= 0 {
		return int(s.k[row]), s.a[row]
	}
	k := distinct(orEmpty(p).Partnerships)
	return k, s.level(k)
}

func (s *activityScorer) Name() string { return "activity" }

func (s *activityScorer) String() string {
	return fmt.Sprintf("activity(profiles=%d, most partnerships=%d)", len(s.k), s.max)
}

func (s *activityScorer) Score(q, c *profile.Profile) float64 {
	_, aq := s.of(q, s.snap.row(q))
	_, ac := s.of(c, s.snap.row(c))
	return (aq + ac) / 2
}

func (s *activityScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	b := s.snap.batch(q, cs)
	_, aq := s.of(q, b.qrow)
	for i, c := range cs {
		_, ac := s.of(c, b.rows[i])
		out[i] = (aq + ac) / 2
	}
}

// Explain gives the candidate's number of past partnerships.
func (s *activityScorer) Explain(q, c *profile.Profile) *Explanation {
	_, aq := s.of(q, s.snap.row(q))
	kc, ac := s.of(c, s.snap.row(c))
	e := &Explanation{Name: "activity", Value: (aq + ac) / 2, Detail: fmt.Sprintf("%d past partnerships", kc)}
	return e
}

// column adds each row's level: the screen ranks by it like by the
// dense parts.
func (s *activityScorer) column(q *profile.Profile, qrow int32) column {
	_, aq := s.of(q, qrow)
	return func(lo, hi int, w float64, acc []float64) {
		for r, a := range s.a[lo:hi] {
			acc[r] += w * (aq + a) / 2
		}
	}
}

func (s *activityScorer) Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	return screen(ctx, []Part{{s, 1}}, q, n, keep)
}
