package themes

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/clustergo/partnermatch/profile"
)

// Past partnerships: one per 20 profiles, 3-5 members each, mostly drawn
// among profiles of one theme (joint projects gather organisations of a
// specialisation), and a fifth of them reuniting two members of a target
// partnership, the history signal a model may legitimately learn from.
const (
	pastPerProfile = 1.0 / 20
	reunionShare   = 0.2
	pastMarketRate = 0.6
)

// makeHistory draws the past partnerships from their own stream and lists
// each in its members' Partnerships, in ID order.
func makeHistory(cfg Config, ps []profile.Profile, themesOf [][]int, targets []target, v *vocabulary, g *geography) []profile.Partnership {
	n := len(ps)
	np := int(math.Round(float64(n) * pastPerProfile))
	if n < 3 || np == 0 {
		return nil
	}
	r := stream(cfg.Seed, saltHistory, 0)
	byTheme := make([][]int, len(v.themes))
	for i, ts := range themesOf {
		for _, t := range ts {
			byTheme[t] = append(byTheme[t], i)
		}
	}
	width := max(4, len(strconv.Itoa(np)))
	out := make([]profile.Partnership, 0, np)
	for k := range np {
		size := between(r, 3, 5)
		var members []int
		var th int
		if len(targets) > 0 && r.Float64() < reunionShare {
			t := &targets[r.IntN(len(targets))]
			th = t.theme
			members = sample(r, t.members, 2)
		} else {
			seedMember := r.IntN(n) // a theme in proportion to its profiles
			th = themesOf[seedMember][0]
			members = []int{seedMember}
		}
		for tries := 0; len(members) < size && tries < 50; tries++ {
			c := r.IntN(n)
			if len(byTheme[th]) >= size && r.Float64() < 0.85 {
				c = pick(r, byTheme[th])
			}
			if !slices.Contains(members, c) {
				members = append(members, c)
			}
		}
		for c := 0; len(members) < size && c < n; c++ { // tiny worlds: fill in order
			if !slices.Contains(members, c) {
				members = append(members, c)
			}
		}
		slices.Sort(members)
		pp := profile.Partnership{
			ID:   fmt.Sprintf("synth-th-past-%0*d", width, k+1),
			Name: fmt.Sprintf("Synthetic joint project on %s (%d)", v.themes[th].name, between(r, 2010, 2022)),
		}
		for _, i := range members {
			pp.Members = append(pp.Members, ps[i].ID)
			ps[i].Partnerships = append(ps[i].Partnerships, pp.ID)
		}
		if r.Float64() < pastMarketRate {
			pp.TargetMarkets = []string{marketTable[g.markets.draw(r)].code}
		}
		out = append(out, pp)
	}
	return out
}
