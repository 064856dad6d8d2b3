package themes

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

var worlds sync.Map // Config -> *World: the tests only read them

// world returns the world of cfg, generated once per test binary.
func world(t testing.TB, cfg Config) *World {
	t.Helper()
	if w, ok := worlds.Load(cfg); ok {
		return w.(*World)
	}
	w, err := Generate(cfg)
	require.NoError(t, err)
	worlds.Store(cfg, w)
	return w
}

// testConfigs are the worlds most invariants are checked on: small and
// mid-sized, with and without history, several seeds.
var testConfigs = []Config{
	{Seed: 1, Profiles: 200},
	{Seed: 1, Profiles: 1000},
	{Seed: 1, Profiles: 1000, History: true},
	{Seed: 7, Profiles: 5000, History: true},
	{Seed: 0xdeadbeef, Profiles: 3000},
	{Seed: 2, Profiles: 1000, WithinChain: true},
}

func byID(w *World) map[string]*profile.Profile {
	m := make(map[string]*profile.Profile, len(w.Profiles))
	for i := range w.Profiles {
		m[w.Profiles[i].ID] = &w.Profiles[i]
	}
	return m
}
