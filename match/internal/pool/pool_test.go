package pool

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

func prof(id string, partnerships ...string) *profile.Profile {
	return &profile.Profile{ID: id, Country: "DE", Partnerships: partnerships}
}

func ids(ps []*profile.Profile) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		if p == nil {
			out[i] = "<nil>"
		} else {
			out[i] = p.ID
		}
	}
	return out
}

func all(*profile.Profile) bool { return true }

func TestApply(t *testing.T) {
	p := New()
	a, b, c := prof("a"), prof("b"), prof("c")
	p.Apply(1, []*profile.Profile{c, a, b}, nil)
	assert.Equal(t, uint64(1), p.Version())
	assert.Equal(t, 3, p.Len())
	got, ok := p.Get("b")
	require.True(t, ok)
	assert.Same(t, b, got)
	_, ok = p.Get("z")
	assert.False(t, ok)

	// A removal frees its row for the next new id; an upsert keeps its row
	// and replaces the pointer.
	p.Apply(2, nil, []string{"a", "nope"})
	a2, d := prof("a"), prof("d")
	b2 := prof("b")
	p.Apply(3, []*profile.Profile{d, b2}, nil)
	assert.Len(t, p.rows, 3, "d takes a's freed row")
	got, _ = p.Get("b")
	assert.Same(t, b2, got)
	assert.Equal(t, []string{"<nil>", "b", "d"}, ids(p.Lookup([]string{"a", "b", "d"})))
	p.Apply(4, []*profile.Profile{a2}, nil)

	s := p.Snapshot()
	assert.Equal(t, []string{"a", "b", "c", "d"}, ids(s.Profiles))
	assert.Equal(t, uint64(4), s.Version)
	assert.Equal(t, uint64(4), s.Writes)
	assert.Same(t, a2, s.Profiles[0])
}

func TestSnapshotIn(t *testing.T) {
	p := New()
	for _, id := range []string{"c", "a", "b"} {
		p.Load(prof(id), 3)
	}
	p.SetWrites(7)
	for _, tc := range []struct {
		name string
		ids  []string
	}{
		{"the rows, in order", []string{"a", "b", "c"}},
		{"unsorted", []string{"b", "a", "c"}},
		{"repeated", []string{"a", "a", "c"}},
		{"unknown", []string{"a", "b", "x"}},
		{"fewer", []string{"a", "b"}},
		{"none", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := p.SnapshotIn(tc.ids)
			assert.Equal(t, []string{"a", "b", "c"}, ids(s.Profiles), "sorted, whatever ids says")
			assert.Equal(t, uint64(7), s.Writes)
			assert.Equal(t, uint64(0), s.Version, "loading bumps no version")
		})
	}
}

func TestLoadTwice(t *testing.T) {
	p := New()
	a1, b, a2 := prof("a", "p1"), prof("b", "p1"), prof("a", "p2")
	for _, pr := range []*profile.Profile{a1, b, a2} {
		p.Load(pr, 3)
	}
	assert.Equal(t, 2, p.Len())
	got, _ := p.Get("a")
	assert.Same(t, a2, got, "the later profile of an id loaded twice replaces the earlier")
	assert.Equal(t, []string{"a", "b"}, ids(p.Snapshot().Profiles))
	assert.Equal(t, graph{"p1": {1}, "p2": {0}}, p.graph)
}

func TestScan(t *testing.T) {
	p := New()
	p.Apply(1, []*profile.Profile{prof("a"), prof("b"), {ID: "c", Country: "FR"}}, nil)
	de := func(pr *profile.Profile) bool { return pr.Country == "DE" }
	assert.ElementsMatch(t, []string{"a", "b"}, ids(p.Scan(de, "")))
	assert.ElementsMatch(t, []string{"b"}, ids(p.Scan(de, "a")))
	assert.ElementsMatch(t, []string{"a", "c"}, ids(p.Scan(all, "b")))
}

func TestNeighbours(t *testing.T) {
	p := New()
	// q was in p1 with a and b; a was in p2 with c; b in p3 with d and q.
	p.Apply(1, []*profile.Profile{
		prof("q", "p1", "p3"), prof("a", "p1", "p2"), prof("b", "p1", "p3"),
		prof("c", "p2"), prof("d", "p3"), prof("e", "p4"),
	}, nil)
	q, _ := p.Get("q")
	for _, tc := range []struct {
		limit int
		want  []string
	}{
		{0, []string{}},
		{1, []string{"a"}},
		{3, []string{"a", "b", "d"}},
		{10, []string{"a", "b", "d", "c"}},
	} {
		t.Run(fmt.Sprint(tc.limit), func(t *testing.T) {
			assert.Equal(t, tc.want, ids(p.Merge(q, Sources{Graph: tc.limit}, all)))
		})
	}
	// A write moves a replaced profile to the end of its partnerships and
	// forgets those it no longer lists.
	p.Apply(2, []*profile.Profile{prof("a", "p2")}, []string{"d"})
	assert.Equal(t, []string{"b"}, ids(p.Merge(q, Sources{Graph: 10}, all)))
	p.Apply(3, []*profile.Profile{prof("a", "p1")}, nil)
	assert.Equal(t, []string{"b", "a"}, ids(p.Merge(q, Sources{Graph: 10}, all)))
	// Rows: q 0, a 1, b 2, c 3, d 4 (removed), e 5.
	assert.Equal(t, graph{"p1": {0, 2, 1}, "p2": {3}, "p3": {0, 2}, "p4": {5}}, p.graph)
	p.Apply(4, nil, []string{"e"})
	assert.NotContains(t, p.graph, "p4", "a partnership no profile lists is forgotten")
}

func TestMerge(t *testing.T) {
	newPool := func() (*Pool, []*profile.Profile) {
		p := New()
		ps := []*profile.Profile{prof("q", "p1"), prof("a"), prof("b"), prof("c"), prof("d", "p1"), {ID: "f", Country: "FR"}}
		p.Apply(1, ps, nil)
		return p, ps
	}
	de := func(pr *profile.Profile) bool { return pr.Country == "DE" }
	for _, tc := range []struct {
		name  string
		write func(p *Pool)
		src   func(ps []*profile.Profile) Sources
		want  []string
	}{
		{
			name: "text, then screen, then graph, each once, never q",
			src: func(ps []*profile.Profile) Sources {
				return Sources{Text: []string{"b", "q", "gone", "a"}, Screened: []*profile.Profile{ps[0], ps[3], ps[2]}, Fitted: 1, Graph: 5}
			},
			want: []string{"b", "a", "c", "d"},
		},
		{
			name:  "a screened profile removed since the fit is skipped",
			write: func(p *Pool) { p.Apply(2, nil, []string{"c"}) },
			src: func(ps []*profile.Profile) Sources {
				return Sources{Screened: []*profile.Profile{ps[3], ps[1]}, Fitted: 1}
			},
			want: []string{"a"},
		},
		{
			name:  "a screened profile changed since the fit is its current version, if it passes",
			write: func(p *Pool) { p.Apply(2, []*profile.Profile{prof("a"), {ID: "b", Country: "FR"}}, nil) },
			src: func(ps []*profile.Profile) Sources {
				return Sources{Screened: []*profile.Profile{ps[1], ps[2], ps[3]}, Fitted: 1}
			},
			want: []string{"a", "c"},
		},
		{
			name: "with no write since the fit, the screen is taken as it is",
			src: func(ps []*profile.Profile) Sources {
				return Sources{Screened: []*profile.Profile{ps[5]}, Fitted: 1}
			},
			want: []string{"f"},
		},
		{
			name: "graph neighbours pass the filters",
			write: func(p *Pool) {
				p.Apply(2, []*profile.Profile{{ID: "d", Country: "FR", Partnerships: []string{"p1"}}}, nil)
			},
			src:  func([]*profile.Profile) Sources { return Sources{Fitted: 1, Graph: 5} },
			want: []string{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ps := newPool()
			if tc.write != nil {
				tc.write(p)
			}
			q, _ := p.Get("q")
			assert.Equal(t, tc.want, ids(p.Merge(q, tc.src(ps), de)))
		})
	}
}

func TestMergeAdHocQuery(t *testing.T) {
	p := New()
	a := prof("a", "p1")
	p.Apply(1, []*profile.Profile{a, prof("b", "p1")}, nil)
	// An ad-hoc query with an id the pool holds is never its own partner,
	// whichever source finds that id.
	q := prof("a", "p1")
	got := p.Merge(q, Sources{Text: []string{"a", "b"}, Screened: []*profile.Profile{a}, Fitted: 1, Graph: 5}, all)
	assert.Equal(t, []string{"b"}, ids(got))
}

// TestConcurrent runs writes beside every reader; run it with -race.
func TestConcurrent(t *testing.T) {
	p := New()
	const n = 200
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range n {
			id := fmt.Sprintf("p%03d", i%50)
			p.Apply(uint64(i+1), []*profile.Profile{prof(id, fmt.Sprintf("g%d", i%7))}, nil)
			if i%3 == 0 {
				p.Apply(uint64(i+1), nil, []string{fmt.Sprintf("p%03d", (i+25)%50)})
			}
		}
	})
	for range 2 {
		wg.Go(func() {
			for i := range n {
				s := p.Snapshot()
				for j := 1; j < len(s.Profiles); j++ {
					if s.Profiles[j-1].ID >= s.Profiles[j].ID {
						t.Errorf("snapshot not sorted at %d", j)
					}
				}
				q := prof("q", fmt.Sprintf("g%d", i%7))
				got := p.Merge(q, Sources{Text: []string{"p001", "p002"}, Screened: s.Profiles, Fitted: s.Version, Graph: 20}, all)
				seen := map[string]bool{}
				for _, c := range got {
					if seen[c.ID] {
						t.Errorf("%s twice", c.ID)
					}
					seen[c.ID] = true
				}
				p.Lookup([]string{"p001", "p049"})
				p.Scan(all, "p003")
				p.Len()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, p.Len(), len(p.Snapshot().Profiles))
}
