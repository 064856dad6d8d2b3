package score

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// History rates a pair by its collaboration record, from the graph whose
// nodes are the corpus profiles and whose edges join members of one past
// partnership (profiles that list the same ID in Partnerships):
//
//	raw     = shared + λ · AA
//	history = raw / (1 + raw)
//
// where shared is the number of past partnerships both took part in (past
// partners), and AA is the Adamic-Adar index of their common past
// partners (partners of partners; Adamic and Adar 2003, "Friends and
// neighbors on the Web"), Σ 1/ln(max(2, deg(z))) over common neighbours
// z, so that a hub of many partnerships counts less than a close ally. It
// is symmetric and in [0, 1): one shared partnership gives 0.5. Profiles
// without partnerships score 0.
//
// Partnership IDs that no corpus profile lists still count for shared
// (between two ad-hoc profiles) but have no members.
type History struct {
	// Indirect is λ, the weight of the Adamic-Adar index. Zero means 0.5;
	// negative means 0 (past partners only).
	Indirect float64
}

// Name returns "history".
func (History) Name() string { return "history" }

func (History) usesKnown() bool { return false }

func (m History) lambda() float64 {
	switch {
	case m.Indirect < 0:
		return 0
	case m.Indirect == 0 || !finite(m.Indirect):
		return 0.5
	}
	return m.Indirect
}

// Fit builds the collaboration graph of the corpus. The Scorer it returns
// is also an [Explainer] and a [BatchScorer].
func (m History) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	return memoFit(ctx, c, m, func(ctx context.Context, c *Corpus) (Scorer, error) {
		return newHistory(ctx, c.snapshot(), c.Profiles, m.lambda())
	})
}

// A list is a CSR-style list of int32 lists.
type list struct {
	ptr []int
	val []int32
}

func (l *list) at(i int32) []int32 { return l.val[l.ptr[i]:l.ptr[i+1]] }

type historyScorer struct {
	snap    *snapshot
	lambda  float64
	pids    map[string]int32 // partnership ID -> number
	names   []string         // number -> partnership ID
	members list             // partnership -> member rows, increasing
	parts   list             // row -> partnerships, increasing
	nbr     list             // row -> neighbour rows, increasing, without itself
	w       []float64        // row -> Adamic-Adar weight 1/ln(max(2, degree))
}

func newHistory(ctx context.Context, snap *snapshot, ps []*profile.Profile, lambda float64) (*historyScorer, error) {
	n := len(ps)
	s := &historyScorer{snap: snap, lambda: lambda, pids: map[string]int32{}}
	s.parts.ptr = make([]int, n+1)
	var buf []int32
	for i, p := range ps {
		buf = buf[:0]
		for _, id := range orEmpty(p).Partnerships {
			pid, ok := s.pids[id]
			if !ok {
				pid = int32(len(s.names))
				s.pids[id] = pid
				s.names = append(s.names, id)
			}
			buf = append(buf, pid)
		}
		slices.Sort(buf)
		buf = slices.Compact(buf)
		s.parts.val = append(s.parts.val, buf...)
		s.parts.ptr[i+1] = len(s.parts.val)
	}
	np := len(s.names)
	s.members.ptr = make([]int, np+1)
	for _, pid := range s.parts.val {
		s.members.ptr[pid+1]++
	}
	for k := range np {
		s.members.ptr[k+1] += s.members.ptr[k]
	}
	s.members.val = make([]int32, len(s.parts.val))
	next := slices.Clone(s.members.ptr[:np])
	for i := range n {
		for _, pid := range s.parts.at(int32(i)) {
			s.members.val[next[pid]] = int32(i)
			next[pid]++
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.nbr.ptr = make([]int, n+1)
	for i := range n {
		buf = s.neighbours(s.parts.at(int32(i)), int32(i), buf[:0])
		s.nbr.val = append(s.nbr.val, buf...)
		s.nbr.ptr[i+1] = len(s.nbr.val)
	}
	s.nbr.val = slices.Clip(s.nbr.val)
	s.w = make([]float64, n)
	for i := range n {
		s.w[i] = 1 / math.Log(max(2, float64(s.nbr.ptr[i+1]-s.nbr.ptr[i])))
	}
	return s, ctx.Err()
}

// neighbours appends to buf the distinct members of the partnerships
// pids, except self, in increasing order.
func (s *historyScorer) neighbours(pids []int32, self int32, buf []int32) []int32 {
	start := len(buf)
	for _, pid := range pids {
		for _, r := range s.members.at(pid) {
			if r != self {
				buf = append(buf, r)
			}
		}
	}
	slices.Sort(buf[start:])
	return append(buf[:start], slices.Compact(buf[start:])...)
}

func (s *historyScorer) Name() string { return "history" }

func (s *historyScorer) String() string {
	return fmt.Sprintf("history(profiles=%d, partnerships=%d, edges=%d, indirect=%g)",
		len(s.w), len(s.names), len(s.nbr.val)/2, s.lambda)
}

func (s *historyScorer) snapshot() *snapshot { return s.snap }

// A hprof is one profile's place in the collaboration graph.
type hprof struct {
	pids  []int32  // known partnerships, increasing
	extra []string // partnerships no corpus profile lists, sorted
	nbr   []int32  // neighbour rows, increasing
	self  int32    // the row with the profile's ID (even if stale), or -1
}

func (s *historyScorer) prof(p *profile.Profile, row int32) hprof {
	if row >= 0 {
		return hprof{pids: s.parts.at(row), nbr: s.nbr.at(row), self: row}
	}
	p = orEmpty(p)
	h := hprof{self: -1}
	if r, ok := s.snap.rows[p.ID]; ok {
		h.self = r
	}
	for _, id := range p.Partnerships {
		if pid, ok := s.pids[id]; ok {
			h.pids = append(h.pids, pid)
		} else {
			h.extra = append(h.extra, id)
		}
	}
	slices.Sort(h.pids)
	h.pids = slices.Compact(h.pids)
	slices.Sort(h.extra)
	h.extra = slices.Compact(h.extra)
	h.nbr = s.neighbours(h.pids, h.self, nil)
	return h
}

// pair returns the shared partnerships and the Adamic-Adar index. If
// explain is not nil it receives the evidence.
func (s *historyScorer) pair(a, b *hprof, explain *Explanation) (shared int, aa float64) {
	for i, j := 0, 0; i < len(a.pids) && j < len(b.pids); {
		switch x, y := a.pids[i], b.pids[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			shared++
			if explain != nil {
				explain.Evidence = append(explain.Evidence, Evidence{Kind: EvidencePartnership, Query: s.names[x], Value: 1})
			}
			i++
			j++
		}
	}
	for _, x := range a.extra {
		if _, ok := slices.BinarySearch(b.extra, x); ok {
			shared++
			if explain != nil {
				explain.Evidence = append(explain.Evidence, Evidence{Kind: EvidencePartnership, Query: x, Value: 1})
			}
		}
	}
	if s.lambda == 0 {
		return shared, 0
	}
	for i, j := 0, 0; i < len(a.nbr) && j < len(b.nbr); {
		switch x, y := a.nbr[i], b.nbr[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			if x != a.self && x != b.self {
				aa += s.w[x]
				if explain != nil {
					explain.Evidence = append(explain.Evidence, Evidence{Kind: EvidencePartner, Query: s.snap.ids[x], Value: s.w[x]})
				}
			}
			i++
			j++
		}
	}
	return shared, aa
}

func (s *historyScorer) value(shared int, aa float64) float64 {
	raw := float64(shared) + s.lambda*aa
	return unit(raw / (1 + raw))
}

func (s *historyScorer) Score(q, c *profile.Profile) float64 {
	a, b := s.prof(q, s.snap.row(q)), s.prof(c, s.snap.row(c))
	return s.value(s.pair(&a, &b, nil))
}

func (s *historyScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	s.scoreRows(s.snap.batch(q, cs), out)
}

func (s *historyScorer) scoreRows(b *batch, out []float64) {
	qh := s.prof(b.q, b.qrow)
	for i, c := range b.cs {
		ch := s.prof(c, b.rows[i])
		out[i] = s.value(s.pair(&qh, &ch, nil))
	}
}

// Explain lists shared past partnerships and common past partners.
func (s *historyScorer) Explain(q, c *profile.Profile) *Explanation {
	a, b := s.prof(q, s.snap.row(q)), s.prof(c, s.snap.row(c))
	e := &Explanation{Name: "history"}
	shared, aa := s.pair(&a, &b, e)
	e.Value = s.value(shared, aa)
	e.Detail = fmt.Sprintf("%d shared past partnerships, Adamic-Adar %.2f over common partners", shared, aa)
	e.Evidence = topEvidence(e.Evidence, 10)
	return e
}
