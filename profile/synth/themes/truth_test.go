package themes

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

func TestTargets(t *testing.T) {
	rules := profile.ESCP4i()
	idRe := regexp.MustCompile(`^synth-th-target-\d{4,}$`)
	for _, cfg := range testConfigs {
		t.Run(fmt.Sprintf("%d/%d/%v", cfg.Seed, cfg.Profiles, cfg.History), func(t *testing.T) {
			w := world(t, cfg)
			ps := byID(w)
			listed := map[string]bool{}
			for _, p := range w.Profiles {
				for _, id := range p.Partnerships {
					listed[id] = true
				}
			}
			inTarget := map[string]int{}
			for _, tp := range w.Partnerships {
				assert.Regexp(t, idRe, tp.ID)
				assert.False(t, listed[tp.ID], "%s is listed by a profile", tp.ID)
				assert.Contains(t, tp.Name, "Synthetic")
				require.Len(t, tp.TargetMarkets, 1, tp.ID)
				market := tp.TargetMarkets[0]
				assert.True(t, rules.EligibleMarket(market), "%s: market %s", tp.ID, market)
				require.GreaterOrEqual(t, len(tp.Members), 3, tp.ID)
				require.LessOrEqual(t, len(tp.Members), 6, tp.ID)
				assert.True(t, slices.IsSorted(tp.Members))

				members := make([]*profile.Profile, len(tp.Members))
				countries := map[string]bool{}
				shared := map[string]int{} // theme -> members having it
				for i, id := range tp.Members {
					p := ps[id]
					require.NotNil(t, p, id)
					members[i] = p
					inTarget[id]++
					countries[p.Country] = true
					assert.True(t, rules.EligibleMember(p.Country), "%s: %s in %s", tp.ID, id, p.Country)
					assert.Contains(t, p.TargetMarkets, market, "%s: %s", tp.ID, id)
					for _, th := range w.Themes[id] {
						shared[th]++
					}
				}
				assert.GreaterOrEqual(t, len(countries), 3, tp.ID)
				assert.NoError(t, rules.CheckConsortium(members, tp.TargetMarkets), tp.ID)
				primary := w.Themes[tp.Members[0]][0]
				for _, id := range tp.Members {
					assert.Equal(t, primary, w.Themes[id][0], "%s: %s has another primary theme", tp.ID, id)
				}
				assert.Equal(t, len(tp.Members), shared[primary])
			}
			for id, n := range inTarget {
				assert.Equal(t, 1, n, "%s is in %d targets", id, n)
			}
			if cfg.Profiles >= 1000 {
				share := float64(len(inTarget)) / float64(len(w.Profiles))
				assert.InDelta(t, 0.34, share, 0.05, "share of profiles in a target")
			}
		})
	}
}

// Member pairs mix stages: a real share at the same stage, most across
// stages, and adjacent stages more often than distant ones.
func TestTargetStageMix(t *testing.T) {
	w := world(t, Config{Seed: 7, Profiles: 5000, History: true})
	v := vocab()
	stageIdx := map[string]int{}
	for i, s := range v.stages {
		stageIdx[s.key] = i
	}
	byDist := map[int]int{}
	pairs := 0
	for _, tp := range w.Partnerships {
		for i, a := range tp.Members {
			for _, b := range tp.Members[i+1:] {
				pairs++
				byDist[v.distance(stageIdx[w.Stages[a]], stageIdx[w.Stages[b]])]++
			}
		}
	}
	same := float64(byDist[0]) / float64(pairs)
	assert.InDelta(t, 0.28, same, 0.06, "same-stage pairs")
	assert.Greater(t, 1-same, 0.6, "cross-stage pairs")
	assert.Greater(t, byDist[1], byDist[3], "adjacent stages more often than distant ones")
	assert.Positive(t, byDist[3]+byDist[4], "distant stages occur")
}

// The task is not trivial: themes, stages and markets are shared well
// beyond the partnerships.
func TestDistractors(t *testing.T) {
	w := world(t, Config{Seed: 1, Profiles: 1000})
	partner := map[[2]string]bool{}
	for _, tp := range w.Partnerships {
		for _, a := range tp.Members {
			for _, b := range tp.Members {
				partner[[2]string{a, b}] = true
			}
		}
	}
	sameTheme, sameThemePartners := 0, 0
	stageThemes := map[string]map[string]bool{}
	for i, a := range w.Profiles {
		st := w.Stages[a.ID]
		if stageThemes[st] == nil {
			stageThemes[st] = map[string]bool{}
		}
		stageThemes[st][w.Themes[a.ID][0]] = true
		for _, b := range w.Profiles[i+1:] {
			if w.Themes[a.ID][0] == w.Themes[b.ID][0] {
				sameTheme++
				if partner[[2]string{a.ID, b.ID}] {
					sameThemePartners++
				}
			}
		}
	}
	assert.Less(t, float64(sameThemePartners)/float64(sameTheme), 0.1, "most same-theme pairs are not partners")
	multi := 0
	for _, ths := range stageThemes {
		if len(ths) >= 3 {
			multi++
		}
	}
	assert.Greater(t, float64(multi)/float64(len(stageThemes)), 0.8, "stages host several themes")

	// Non-members list the markets of the same set.
	members := map[string]bool{}
	for _, tp := range w.Partnerships {
		for _, m := range tp.Members {
			members[m] = true
		}
	}
	targetMarkets := map[string]bool{}
	for _, m := range marketTable {
		targetMarkets[m.code] = true
	}
	listing := 0
	for _, p := range w.Profiles {
		for _, m := range p.TargetMarkets {
			assert.True(t, targetMarkets[m], "%s: market %s outside the set", p.ID, m)
		}
		if !members[p.ID] && len(p.TargetMarkets) > 0 {
			listing++
		}
	}
	assert.Greater(t, float64(listing)/float64(len(w.Profiles)-len(members)), 0.8)
}

func TestHistory(t *testing.T) {
	idRe := regexp.MustCompile(`^synth-th-past-\d{4,}$`)
	for _, cfg := range testConfigs {
		t.Run(fmt.Sprintf("%d/%d/%v", cfg.Seed, cfg.Profiles, cfg.History), func(t *testing.T) {
			w := world(t, cfg)
			if !cfg.History {
				assert.Nil(t, w.History)
				for _, p := range w.Profiles {
					require.Empty(t, p.Partnerships, p.ID)
				}
				return
			}
			require.NotEmpty(t, w.History)
			listedBy := map[string][]string{}
			for _, p := range w.Profiles {
				for _, id := range p.Partnerships {
					listedBy[id] = append(listedBy[id], p.ID)
				}
				assert.True(t, slices.IsSorted(p.Partnerships), p.ID)
			}
			targets := map[string]string{}
			for _, tp := range w.Partnerships {
				for _, m := range tp.Members {
					targets[m] = tp.ID
				}
			}
			reunions := 0
			for _, h := range w.History {
				assert.Regexp(t, idRe, h.ID)
				assert.GreaterOrEqual(t, len(h.Members), 3)
				assert.LessOrEqual(t, len(h.Members), 5)
				assert.Equal(t, h.Members, listedBy[h.ID], "%s: listed by exactly its members", h.ID)
				delete(listedBy, h.ID)
				together := map[string]int{}
				for _, m := range h.Members {
					if tid, ok := targets[m]; ok {
						together[tid]++
					}
				}
				for _, n := range together {
					if n >= 2 {
						reunions++
						break
					}
				}
			}
			assert.Empty(t, listedBy, "profiles list unknown partnerships")
			share := float64(reunions) / float64(len(w.History))
			assert.Greater(t, share, 0.1, "some past partnerships reunite target members")
			assert.Less(t, share, 0.4, "most do not")
		})
	}
}

// TestWithinChain checks that WithinChain targets stay inside one value
// chain, while default worlds have bridging partnerships too.
func TestWithinChain(t *testing.T) {
	chainsOf := func(w *World, tp profile.Partnership) map[string]bool {
		out := map[string]bool{}
		for _, m := range tp.Members {
			chain, _, _ := strings.Cut(w.Stages[m], "/")
			out[chain] = true
		}
		return out
	}
	tests := []struct {
		name        string
		cfg         Config
		wantBridges bool
	}{
		{"within one chain", Config{Seed: 2, Profiles: 1000, WithinChain: true}, false},
		{"default", Config{Seed: 2, Profiles: 1000}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := world(t, tt.cfg)
			bridges := 0
			for _, tp := range w.Partnerships {
				if len(chainsOf(w, tp)) > 1 {
					bridges++
				}
			}
			assert.Equal(t, tt.wantBridges, bridges > 0, "%d of %d partnerships span two chains", bridges, len(w.Partnerships))
		})
	}
}
