package themes

import (
	"fmt"
	"strconv"

	"github.com/clustergo/partnermatch/profile"
)

// A World is a generated set of profiles with its ground truth.
type World struct {
	// Config is the configuration with the defaults filled in.
	Config Config
	// Profiles are valid and normalised, ordered by ID.
	Profiles []profile.Profile
	// Partnerships are the held-out target partnerships, ordered by ID:
	// 3-6 members from at least 3 ESCP-4i countries that share one theme
	// and one third-country market (TargetMarkets holds it). No profile
	// lists them.
	Partnerships []profile.Partnership
	// History holds the past partnerships, ordered by ID, each listed in
	// the Partnerships of exactly its members; nil without Config.History.
	History []profile.Partnership
	// Themes maps a profile ID to its theme keys, primary first.
	Themes map[string][]string
	// Stages maps a profile ID to its stage key, "chain/stage".
	Stages map[string]string
}

// Generate builds the world of cfg. It returns an error wrapping ErrConfig
// for a bad Config. The same Config always gives an identical World, and
// the time taken grows linearly with Config.Profiles.
func Generate(cfg Config) (*World, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	v, g := vocab(), geo()
	pl := makePlan(cfg, v, g)
	n := cfg.Profiles
	w := &World{
		Config:   cfg,
		Profiles: make([]profile.Profile, n),
		Themes:   make(map[string][]string, n),
		Stages:   make(map[string]string, n),
	}
	themesOf := make([][]int, n)
	width := max(5, len(strconv.Itoa(n)))
	bs := make([]built, n)
	for i := range n {
		bs[i] = build(cfg.Seed, i, width, pl.slots[i], v, g, nil)
	}
	for i, nat := range chooseNative(cfg, bs) {
		bs[i].p = build(cfg.Seed, i, width, pl.slots[i], v, g, &nat).p
	}
	for i, b := range bs {
		w.Profiles[i] = b.p
		themesOf[i] = b.themes
		keys := make([]string, len(b.themes))
		for j, t := range b.themes {
			keys[j] = v.themes[t].key
		}
		w.Themes[b.p.ID] = keys
		w.Stages[b.p.ID] = v.stages[b.stage].key
	}
	tw := max(4, len(strconv.Itoa(len(pl.targets))))
	for t, tg := range pl.targets {
		members := make([]string, len(tg.members))
		for j, i := range tg.members {
			members[j] = w.Profiles[i].ID
		}
		w.Partnerships = append(w.Partnerships, profile.Partnership{
			ID:            fmt.Sprintf("synth-th-target-%0*d", tw, t+1),
			Name:          "Synthetic " + v.themes[tg.theme].name + " partnership for " + g.names[tg.market],
			Members:       members,
			TargetMarkets: []string{tg.market},
		})
	}
	if cfg.History {
		w.History = makeHistory(cfg, w.Profiles, themesOf, pl.targets, v, g)
	}
	return w, nil
}
