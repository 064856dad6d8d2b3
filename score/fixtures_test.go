package score_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// fixtures returns a small hand-built world where the right partners are
// obvious to a person: two battery-cell clusters (competitors), a raw
// materials cluster that supplies them, a recycler, a food cluster and a
// cold-chain logistics cluster that serve each other, a software cluster,
// and awkward profiles (empty, no text, unknown codes, Cyrillic).
func fixtures() []*profile.Profile {
	return []*profile.Profile{
		{
			ID: "battery-fr", Name: "Hauts-de-France Battery Valley", Country: "FR", Language: "en",
			Description:   "Cluster of lithium-ion battery cell manufacturers and gigafactories producing battery cells and packs for electric vehicles.",
			Sectors:       []string{"C27.20"},
			Technologies:  []string{"lithium-ion cells", "solid-state batteries"},
			Offers:        []string{"lithium-ion battery cells", "production scrap and black mass for recycling"},
			Needs:         []string{"battery-grade lithium hydroxide", "nickel and cobalt sulphate", "graphite anode materials"},
			TargetMarkets: []string{"US", "JP", "KR"},
			Partnerships:  []string{"ipcei-batteries"},
		},
		{
			ID: "battery-de", Name: "Bavarian Battery Cell Cluster", Country: "DE", Language: "en",
			Description:   "Cluster of lithium-ion battery cell manufacturers and gigafactories producing battery cells and modules for electric vehicles.",
			Sectors:       []string{"C27.20"},
			Technologies:  []string{"lithium-ion cells", "battery modules"},
			Offers:        []string{"lithium-ion battery cells", "battery modules"},
			Needs:         []string{"lithium hydroxide", "nickel sulphate"},
			TargetMarkets: []string{"US", "JP"},
			Partnerships:  []string{"ipcei-batteries"},
		},
		{
			ID: "raw-fi", Name: "Nordic Raw Materials Cluster", Country: "FI", Language: "en",
			Description:   "Mining and refining companies extracting metal ores and producing refined chemicals from Finnish mines.",
			Sectors:       []string{"B07.29", "C24.45", "C20.13"},
			Technologies:  []string{"hydrometallurgy"},
			Offers:        []string{"battery-grade lithium hydroxide", "nickel and cobalt sulphate", "natural graphite anode materials"},
			Needs:         []string{"black mass from battery recycling", "offtake by battery cell manufacturers"},
			TargetMarkets: []string{"US", "JP", "CA"},
			Partnerships:  []string{"eit-raw"},
		},
		{
			ID: "recycling-be", Name: "Flanders Circular Metals", Country: "BE", Language: "en",
			Description:   "Recyclers recovering metals from end-of-life batteries and electronic waste.",
			Sectors:       []string{"E38.32"},
			Offers:        []string{"black mass from battery recycling", "recovered cobalt"},
			Needs:         []string{"battery production scrap"},
			TargetMarkets: []string{"US"},
			Partnerships:  []string{"eit-raw", "ipcei-batteries"},
		},
		{
			ID: "food-it", Name: "Cluster Agrifood Puglia", Country: "IT", Language: "en",
			Description:   "Producers of olive oil, pasta and wine exporting to Asia.",
			Sectors:       []string{"C10.41", "C11.02"},
			Offers:        []string{"extra virgin olive oil", "wine"},
			Needs:         []string{"cold chain logistics to Asia"},
			TargetMarkets: []string{"CN", "JP"},
		},
		{
			ID: "logistics-nl", Name: "Rotterdam Cold Chain Cluster", Country: "NL", Language: "en",
			Description:   "Warehousing and cold chain logistics for food exporters shipping to Asia.",
			Sectors:       []string{"H52.10"},
			Offers:        []string{"cold chain logistics", "warehousing"},
			Needs:         []string{"food exporters shipping to Asia"},
			TargetMarkets: []string{"CN"},
		},
		{
			ID: "software-ee", Name: "Estonian AI Cluster", Country: "EE", Language: "en",
			Description:   "Software companies building machine learning and digital twins for industry.",
			Sectors:       []string{"J62.01"},
			Technologies:  []string{"machine learning", "digital twins"},
			Offers:        []string{"machine learning software", "digital twins of factories"},
			Needs:         []string{"industrial data from battery gigafactories"},
			TargetMarkets: []string{"US", "SG"},
		},
		{
			ID: "serbia-rs", Name: "Српски кластер батерија", Country: "RS", Language: "sr",
			Description: "Произвођачи батерија и литијумских ћелија.",
			Sectors:     []string{"C27"},
			Needs:       []string{"литијум хидроксид"},
		},
		{
			ID: "food-it-it", Name: "Distretto agroalimentare", Country: "IT", Language: "it",
			Description: "Produttori di olio d'oliva, pasta e vino che esportano in Asia.",
			Sectors:     []string{"C10.41"},
			Offers:      []string{"olio extravergine d'oliva"},
			Needs:       []string{"logistica della catena del freddo"},
		},
		{ID: "no-text", Country: "PL", Sectors: []string{"C29.10"}, TargetMarkets: []string{"US"}},
		{ID: "unknown-codes", Name: "Unknown", Country: "XX", Language: "xx", Sectors: []string{"Z99", "C27.20x", "99"},
			TargetMarkets: []string{"ZZ", "", "us"}, Partnerships: []string{""}},
		{ID: "empty"},
	}
}

// byID returns the fixture with the given ID.
func byID(t testing.TB, ps []*profile.Profile, id string) *profile.Profile {
	t.Helper()
	for _, p := range ps {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no fixture %q", id)
	return nil
}

// fit fits m on a corpus of ps.
func fit(t testing.TB, m score.Model, ps []*profile.Profile, known ...profile.Partnership) score.Scorer {
	t.Helper()
	s, err := m.Fit(context.Background(), &score.Corpus{Profiles: ps, Known: known, Seed: 1})
	require.NoError(t, err, "%s.Fit", m.Name())
	return s
}

// fitAll fits every built-in model on a corpus of ps.
func fitAll(t testing.TB, ps []*profile.Profile, known ...profile.Partnership) map[string]score.Scorer {
	t.Helper()
	fitted, err := score.Fit(context.Background(), &score.Corpus{Profiles: ps, Known: known, Seed: 1}, score.Models()...)
	require.NoError(t, err, "Fit(Models())")
	return fitted
}

func sprint(v any) string { return fmt.Sprintf("%+v", v) }

// pointers returns pointers to the elements of ps.
func pointers(ps []profile.Profile) []*profile.Profile {
	out := make([]*profile.Profile, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}
