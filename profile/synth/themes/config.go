package themes

import (
	"errors"
	"fmt"
)

// ErrConfig is matched (with errors.Is) by every error of Generate about
// its Config; the message names the field and its value.
var ErrConfig = errors.New("themes: invalid config")

// Limits and defaults of Config.
const (
	DefaultProfiles = 1000
	MaxProfiles     = 2_000_000
)

// A Config describes a world. The zero Config is valid: 1000 profiles of
// seed 0, without collaboration history.
type Config struct {
	// Seed selects the world; any value. The same Config always gives an
	// identical World.
	Seed uint64
	// Profiles is the number of profiles: zero means DefaultProfiles; it is
	// an error below zero or above MaxProfiles.
	Profiles int
	// History adds past partnerships (World.History), listed in their
	// members' Profile.Partnerships; some reunite two members of a later
	// target partnership. Without it no profile has Partnerships. The
	// profiles are otherwise the same either way.
	History bool
	// WithinChain makes partnerships harder for complementarity signals:
	// every target partnership's theme lies within one value chain (no
	// bridging themes), and members' needs ask for capabilities of the
	// theme's stages at random instead of what a co-member offers. Shared
	// theme and market remain the planted signal, as in worlds where
	// partners are alike in topic and differ in role only by stage.
	WithinChain bool
	// NativeText is the share of all profiles that write every free-text
	// field (name, technologies, offers, needs, description) in their
	// country's language (de, fr, it, es, pl, sr; Serbian alternating
	// Cyrillic and Latin script) instead of English; Profile.Language
	// says which. Only profiles whose stage and themes lie in the chains
	// with translated vocabulary (NativeChains), in a country with one of
	// those languages, can be native, so the realised share is the
	// smaller of NativeText and theirs (about a fifth). Native profiles
	// differ from the same world without NativeText in their text only.
	// Zero means none, the worlds of before the field existed; it must be
	// in [0, 1].
	NativeText float64
}

// withDefaults returns c with the zero fields filled in, or an error
// wrapping ErrConfig.
func (c Config) withDefaults() (Config, error) {
	if c.Profiles < 0 || c.Profiles > MaxProfiles {
		return c, fmt.Errorf("%w: Profiles %d: must be 0 (meaning %d) to %d", ErrConfig, c.Profiles, DefaultProfiles, MaxProfiles)
	}
	if c.Profiles == 0 {
		c.Profiles = DefaultProfiles
	}
	if !(c.NativeText >= 0 && c.NativeText <= 1) { // also rejects NaN
		return c, fmt.Errorf("%w: NativeText %v: must be in [0, 1]", ErrConfig, c.NativeText)
	}
	return c, nil
}
