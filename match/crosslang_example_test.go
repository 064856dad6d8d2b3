package match_test

import (
	"context"
	"fmt"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// A Serbian food cluster that needs fruit processing meets the German
// cluster that offers Obstverarbeitung: their phrases share no word, but
// both translate to the English terms fruit and processing, and both name
// the concept "fruit" (EuroVoc), which the summary shows in the reader's
// language beside the partner's own words. The French software cluster
// has nothing the food cluster needs.
func Example_crossLanguage() {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	err = eng.Add(ctx,
		profile.Profile{ID: "food-rs", Name: "Klaster hrane Vojvodina", Country: "RS", Language: "sr",
			Needs: []string{"прерада воћа"}, Offers: []string{"органско поврће"}},
		profile.Profile{ID: "obst-de", Name: "Obstcluster Bodensee", Country: "DE", Language: "de",
			Offers: []string{"Obstverarbeitung"}, Needs: []string{"Bio-Gemüse"}},
		profile.Profile{ID: "soft-fr", Name: "Logiciel Lyon", Country: "FR", Language: "fr",
			Offers: []string{"développement de logiciels"}, Needs: []string{"capteurs"}},
	)
	if err != nil {
		panic(err)
	}
	ms, err := eng.Partners(ctx, match.Query{ID: "food-rs", Model: "reciprocal"})
	if err != nil {
		panic(err)
	}
	for _, m := range ms {
		fmt.Printf("%s %.2f: %s\n", m.ID, m.Score, m.Summary)
	}
	// Output:
	// obst-de 0.25: offers воће (Obstverarbeitung) you need; different country (DE)
}
