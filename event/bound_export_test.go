package event

import "slices"

// The bounds by themselves, for the tests to compare them.

// CheapBound is the least of the per-participant and per-table bounds.
func CheapBound(ev *Event) float64 { return cheapBound(ev.instance()) }

// LagrangianBound is the Lagrangian bound, its steps aimed at target.
func LagrangianBound(ev *Event, target float64) float64 {
	return lagrangianBound(ev.instance(), target, lagrangianIterations)
}

func (ev *Event) instance() *instance {
	cfg := Config{}.withDefaults()
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return compile(cloneSpec(ev.spec), slices.Clone(ev.reqs), cfg.MutualBonus)
}
