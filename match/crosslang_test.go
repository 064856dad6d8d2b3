package match_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// crossLanguageWorld is a small engine in which a Serbian cluster needs
// fruit processing, which a German and an English profile offer in their
// own words, and distractors offer other things.
func crossLanguageWorld(t *testing.T) *match.Engine {
	t.Helper()
	eng, err := match.Open("", match.Config{})
	require.NoError(t, err, "Open")
	t.Cleanup(func() { eng.Close() })
	ps := []profile.Profile{
		{ID: "food-rs", Name: "Кластер хране Војводина", Country: "RS", Language: "sr",
			Needs: []string{"прерада воћа"}, Offers: []string{"органско поврће"}},
		{ID: "obst-de", Name: "Obstcluster Bodensee", Country: "DE", Language: "de",
			Offers: []string{"Obstverarbeitung"}, Needs: []string{"Bio-Gemüse"}},
		{ID: "fruit-ie", Name: "Orchard Network Cork", Country: "IE", Language: "en",
			Offers: []string{"fruit processing"}, Needs: []string{"export partners"}},
		{ID: "soft-fr", Name: "Logiciel Lyon", Country: "FR", Language: "fr",
			Offers: []string{"développement de logiciels"}, Needs: []string{"capteurs"}},
		{ID: "steel-pl", Name: "Klaster Stali Śląsk", Country: "PL", Language: "pl",
			Offers: []string{"konstrukcje stalowe"}, Needs: []string{"automatyka przemysłowa"}},
		{ID: "mode-it", Name: "Distretto Moda Prato", Country: "IT", Language: "it",
			Offers: []string{"tessuti tecnici"}, Needs: []string{"riciclo tessile"}},
		// Basque: a language without analysis chain or concept labels.
		{ID: "fruta-es", Name: "Fruta Kluster Gipuzkoa", Country: "ES", Language: "eu",
			Needs: []string{"fruta prozesatzea makinak"}},
		{ID: "makina-es", Name: "Makina Kluster Bizkaia", Country: "ES", Language: "eu",
			Offers: []string{"fruta prozesatzea makinak"}},
	}
	require.NoError(t, eng.Add(context.Background(), ps...), "Add")
	return eng
}

func TestPartnersCrossLanguage(t *testing.T) {
	eng := crossLanguageWorld(t)
	ctx := context.Background()
	tests := []struct {
		id, model string
		want      []string // in the top 2, in any order
		reason    string   // in the summary of the first of want
	}{
		{"food-rs", "reciprocal", []string{"obst-de", "fruit-ie"}, "воће (Obstverarbeitung)"},
		{"food-rs", "", []string{"obst-de", "fruit-ie"}, ""},
		{"obst-de", "reciprocal", []string{"food-rs"}, ""},
		{"fruta-es", "reciprocal", []string{"makina-es"}, "fruta prozesatzea makinak"},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+tt.model, func(t *testing.T) {
			ms, err := eng.Partners(ctx, match.Query{ID: tt.id, Model: tt.model, Limit: 2})
			require.NoError(t, err, "Partners")
			var got []string
			for _, m := range ms {
				got = append(got, m.ID)
			}
			assert.Subset(t, got, tt.want, "top 2 of %s", tt.id)
			if tt.reason == "" {
				return
			}
			for _, m := range ms {
				if m.ID == tt.want[0] {
					assert.Contains(t, m.Summary, tt.reason, "summary of %s", m.ID)
				}
			}
		})
	}
}
