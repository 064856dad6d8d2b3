package profile

// A Partnership is a known consortium: a strategic cluster partnership, a
// joint project, or a planted partnership of the synthetic world. Learned
// models train on partnerships; benchmarks use them as ground truth.
type Partnership struct {
	ID            string   `json:"id"`
	Name          string   `json:"name,omitempty"`
	Members       []string `json:"members"`                  // profile ids
	TargetMarkets []string `json:"target_markets,omitempty"` // ISO alpha-2
}
