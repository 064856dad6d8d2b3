package score

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
)

// Fields that [Affinity] learns the pairing of.
const (
	AffinityKind    = "kind"    // a university, a company, a research centre, a cluster...
	AffinityCountry = "country" // countries whose organisations partner often
)

// Affinity rates a pair by how much more often than by chance the known
// partnerships (Corpus.Known) join organisations of the two values of one
// categorical field: for a field of values a and b, A[a][b] is the
// positive normalised PMI of co-members' values, as [Sector] learns its
// matrix, shrunk towards 0 by the evidence:
//
//	affinity = m/(m + Shrink) · npmi⁺(a, b)
//
// for the m known partnerships with two members that have a value. It
// learns, for instance, that universities coordinate with research
// centres and companies more than with each other (the Horizon 2020 mix),
// or which countries' organisations partner often. It is symmetric and in
// [0, 1]; without known partnerships, for an empty value or for a value no
// corpus profile has, it is 0; Auto.LearnedOnly adds it to [Auto] where
// known partnerships teach its weight.
type Affinity struct {
	// Field is AffinityKind or AffinityCountry.
	Field string
	// Shrink is the number of known partnerships at which the learned
	// matrix counts half. Zero means 20.
	Shrink float64
}

// Name returns "affinity-" and the field.
func (m Affinity) Name() string { return "affinity-" + m.Field }

func (Affinity) usesKnown() bool { return true }

// value returns the field of p.
func (m Affinity) value(p *profile.Profile) string {
	if m.Field == AffinityCountry {
		return p.Country
	}
	return p.Kind
}

// Fit learns the matrix from c.Known.
func (m Affinity) Fit(ctx context.Context, c *Corpus) (Scorer, error) {
	if m.Field != AffinityKind && m.Field != AffinityCountry {
		return nil, fmt.Errorf("score: affinity: field %q: want %q or %q", m.Field, AffinityKind, AffinityCountry)
	}
	return memoFit(ctx, c, m, func(ctx context.Context, c *Corpus) (Scorer, error) {
		s := &affinityScorer{field: m.Field, snap: c.snapshot(), index: map[string]int{}, row: make([]int32, len(c.Profiles))}
		for i, p := range c.Profiles {
			v := m.value(orEmpty(p))
			s.row[i] = -1
			if v == "" {
				continue
			}
			k, ok := s.index[v]
			if !ok {
				k = len(s.values)
				s.index[v] = k
				s.values = append(s.values, v)
			}
			s.row[i] = int32(k)
		}
		if len(s.values) == 0 {
			return s, nil
		}
		counts, used, err := cooccurrence(ctx, c, len(s.values), func(p *profile.Profile, dst []int) []int {
			if k, ok := s.index[m.value(p)]; ok {
				dst = append(dst, k)
			}
			return dst
		})
		if err != nil {
			return nil, err
		}
		s.used = used
		if used > 0 {
			shrink := m.Shrink
			if shrink <= 0 || !finite(shrink) {
				shrink = 20
			}
			s.m = npmi(counts)
			s.m.ScaleSym(float64(used)/(float64(used)+shrink), s.m)
		}
		return s, nil
	})
}

// An affinityScorer is a fitted Affinity.
type affinityScorer struct {
	field  string
	snap   *snapshot
	index  map[string]int // value -> number
	values []string       // number -> value
	row    []int32        // row -> value number, or -1
	m      *mat.SymDense  // nil: nothing learned
	used   int
}

func (s *affinityScorer) Name() string { return "affinity-" + s.field }

func (s *affinityScorer) String() string {
	return fmt.Sprintf("affinity-%s(values=%d, partnerships=%d)", s.field, len(s.values), s.used)
}

// of returns p's value number, from its row where it is a corpus row.
func (s *affinityScorer) of(p *profile.Profile, row int32) int {
	if row >= 0 {
		return int(s.row[row])
	}
	if k, ok := s.index[Affinity{Field: s.field}.value(orEmpty(p))]; ok {
		return k
	}
	return -1
}

func (s *affinityScorer) at(a, b int) float64 {
	if s.m == nil || a < 0 || b < 0 {
		return 0
	}
	return unit(s.m.At(a, b))
}

func (s *affinityScorer) Score(q, c *profile.Profile) float64 {
	return s.at(s.of(q, s.snap.row(q)), s.of(c, s.snap.row(c)))
}

func (s *affinityScorer) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	checkBatch(cs, out)
	b := s.snap.batch(q, cs)
	a := s.of(q, b.qrow)
	for i, c := range cs {
		out[i] = s.at(a, s.of(c, b.rows[i]))
	}
}

// Explain names both values and how much more often they partner.
func (s *affinityScorer) Explain(q, c *profile.Profile) *Explanation {
	a, b := s.of(q, s.snap.row(q)), s.of(c, s.snap.row(c))
	e := &Explanation{Name: s.Name(), Value: s.at(a, b)}
	if a >= 0 && b >= 0 {
		e.Detail = fmt.Sprintf("%s %s with %s: learned from %d known partnerships", s.field, s.values[a], s.values[b], s.used)
	}
	return e
}

// column adds each row's affinity to q's value.
func (s *affinityScorer) column(q *profile.Profile, qrow int32) column {
	a := s.of(q, qrow)
	by := make([]float64, len(s.values))
	for b := range by {
		by[b] = s.at(a, b)
	}
	return func(lo, hi int, w float64, acc []float64) {
		if a < 0 || s.m == nil {
			return
		}
		for r, b := range s.row[lo:hi] {
			if b >= 0 {
				acc[r] += w * by[b]
			}
		}
	}
}

func (s *affinityScorer) Screen(ctx context.Context, q *profile.Profile, n int, keep func(*profile.Profile) bool) ([]*profile.Profile, error) {
	return screen(ctx, []Part{{s, 1}}, q, n, keep)
}
