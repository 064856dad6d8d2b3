package benchmarks

import (
	"fmt"

	"github.com/clustergo/partnermatch/profile/synth/themes"
)

// PlantedThemes returns the planted-partnership data set of a world of
// the second synthetic family (package profile/synth/themes), whose
// partners share a specialisation theme and a market across value-chain
// stages rather than similar text. It is named "themes", or
// "themes-history" when the world was generated with collaboration
// history (listed in the profiles, as in Planted); see PlantedFrom for
// the protocols. Worlds with Config.WithinChain (themes inside one value
// chain, needs that do not point at co-members) are named "themes-chain",
// and worlds with Config.NativeText (some profiles write all their text
// in their own language) "themes-native".
func PlantedThemes(w *themes.World, cfg PlantedConfig) *Dataset {
	name := "themes"
	switch {
	case w.Config.NativeText > 0:
		name = "themes-native"
	case w.Config.WithinChain:
		name = "themes-chain"
	case w.Config.History:
		name = "themes-history"
	}
	return PlantedFrom(PlantedWorld{
		Name:     name,
		Profiles: w.Profiles,
		Targets:  w.Partnerships,
		Note: fmt.Sprintf("synthetic world of the second family (profile/synth/themes): %d profiles (seed %d), %d past partnerships in the profiles",
			len(w.Profiles), w.Config.Seed, len(w.History)),
	}, cfg)
}
