package match_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// Three battery clusters: a cell maker needs refined lithium and sells
// cells; a raw-materials cluster refines lithium and wants to sell it; a
// second cell maker competes with the first.
func Example() {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	err = eng.Add(ctx,
		profile.Profile{ID: "cells-pl", Name: "Battery Cell Cluster", Country: "PL",
			Sectors: []string{"C27.20"}, Industries: []string{"mobility-technologies"},
			Offers: []string{"lithium-ion battery cells"}, Needs: []string{"refined lithium and cathode materials"},
			TargetMarkets: []string{"JP", "US"}},
		profile.Profile{ID: "lithium-pt", Name: "Lithium Valley", Country: "PT",
			Sectors: []string{"B07"}, Industries: []string{"mobility-technologies"},
			Offers: []string{"refined lithium", "cathode materials"}, Needs: []string{"buyers for battery cells and cathode materials"},
			TargetMarkets: []string{"JP"}},
		profile.Profile{ID: "cells-de", Name: "Cell Makers Saxony", Country: "DE",
			Sectors: []string{"C27.20"}, Industries: []string{"mobility-technologies"},
			Offers: []string{"lithium-ion battery cells"}, Needs: []string{"refined lithium"},
			TargetMarkets: []string{"CN"}},
	)
	if err != nil {
		panic(err)
	}
	ms, err := eng.Partners(ctx, match.Query{ID: "cells-pl", Model: "reciprocal", Rules: "escp4i"})
	if err != nil {
		panic(err)
	}
	for _, m := range ms {
		fmt.Printf("%s %.2f: %s\n", m.ID, m.Score, m.Summary)
	}
	// Output:
	// lithium-pt 0.48: offers cathode materials you need; needs lithium-ion battery cells you offer; both target Japan; different country (PT)
	// cells-de 0.25: needs lithium-ion battery cells you offer; different country (DE)
}

// A portal shows partners a page at a time: Offset skips the pages
// before. Filters hold every filter of a search, here all but one
// country.
func ExampleQuery_paging() {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	if err := eng.Add(ctx, batteryChain()...); err != nil {
		panic(err)
	}
	q := match.Query{ID: "drive-de", Model: "reciprocal", Limit: 2,
		Filters: index.Filters{ExcludeCountries: []string{"CH"}}}
	for page := range 3 {
		q.Offset = page * q.Limit
		ms, err := eng.Partners(ctx, q)
		if err != nil {
			panic(err)
		}
		fmt.Printf("page %d:", page+1)
		for _, m := range ms {
			fmt.Printf(" %s %.2f", m.ID, m.Score)
		}
		fmt.Println()
	}
	// Output:
	// page 1: cells-pl 0.38 charge-nl 0.36
	// page 2: cells-cz 0.08 lithium-pt 0.05
	// page 3: mobility-fr 0.00
}

// A portal lists or exports the engine's profiles while the engine holds
// the index folder.
func ExampleEngine_All() {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	err = eng.Add(ctx,
		profile.Profile{ID: "turin", Name: "Turin Automotive", Country: "IT"},
		profile.Profile{ID: "athens", Name: "Athens Logistics", Country: "el"},
		profile.Profile{ID: "lyon", Name: "Lyon Mobility", Country: "FR"},
	)
	if err != nil {
		panic(err)
	}
	for p, err := range eng.All(ctx) {
		if err != nil {
			panic(err) // the context ended, or the engine closed
		}
		fmt.Println(p.ID, p.Country)
	}
	// Output:
	// athens GR
	// lyon FR
	// turin IT
}

// Every match says what answered it. The learned model has no known
// partnerships to learn from here (Config.Known is empty), so the hybrid
// weights score in its place, and the match says so.
func ExampleMatch_fallback() {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	err = eng.Add(ctx,
		profile.Profile{ID: "cells-pl", Name: "Battery Cell Cluster", Country: "PL",
			Offers: []string{"lithium-ion battery cells"}, Needs: []string{"refined lithium"}},
		profile.Profile{ID: "lithium-pt", Name: "Lithium Valley", Country: "PT",
			Offers: []string{"refined lithium"}, Needs: []string{"lithium-ion battery cells"}},
	)
	if err != nil {
		panic(err)
	}
	ms, err := eng.Partners(ctx, match.Query{ID: "cells-pl", Model: "learned", Rules: "escp4i"})
	if err != nil {
		panic(err)
	}
	for _, m := range ms {
		fmt.Printf("%s: model %s, fallback %s, rules %s\n", m.ID, m.Model, m.Fallback, m.Rules)
	}
	// Output:
	// lithium-pt: model learned, fallback hybrid, rules escp4i
}

// A match carries its model's explanation: the one-line summary for
// people and, beneath it, the tree that score.Explain gives for the pair,
// each weighted part with the evidence behind its value. Here a model of
// two parts of one's own, named in the engine's configuration.
func ExampleMatch_explanation() {
	ctx := context.Background()
	model := score.Hybrid{
		{Model: score.Reciprocal{}, Weight: 0.7},
		{Model: score.Market{}, Weight: 0.3},
	}
	eng, err := match.Open("", match.Config{Models: []score.Model{model}, DefaultModel: model.Name()})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	err = eng.Add(ctx,
		profile.Profile{ID: "cells-pl", Name: "Battery Cell Cluster", Country: "PL",
			Offers: []string{"lithium-ion battery cells"}, Needs: []string{"refined lithium"},
			TargetMarkets: []string{"JP", "US"}},
		profile.Profile{ID: "lithium-pt", Name: "Lithium Valley", Country: "PT",
			Offers: []string{"refined lithium"}, Needs: []string{"lithium-ion battery cells"},
			TargetMarkets: []string{"JP"}},
	)
	if err != nil {
		panic(err)
	}
	ms, err := eng.Partners(ctx, match.Query{ID: "cells-pl"})
	if err != nil {
		panic(err)
	}
	m := ms[0]
	fmt.Printf("%s %.3f: %s\n", m.ID, m.Score, m.Summary)
	fmt.Print(m.Explanation)
	// Output:
	// lithium-pt 0.912: offers refined lithium you need; needs lithium-ion battery cells you offer; both target Japan; different country (PT)
	// 0.912 weighted: weighted mean of 2 signals
	//   1.000 (weight 0.70) reciprocal: harmonic mean of both coverages (floor 0.10)
	//     1.000 needs of q met by c: 1 of 1 needs met (cosine >= 0.5)
	//         - need "refined lithium" met by offer "refined lithium" (1.00)
	//     1.000 needs of c met by q: 1 of 1 needs met (cosine >= 0.5)
	//         - offer "lithium-ion battery cells" meets need "lithium-ion battery cells" (1.00)
	//   0.707 (weight 0.30) market: shares 1 of 2 and 1 target markets
	//       - market JP
}

// A portal that restarts shows a loading state while the engine reads its
// folder and fits, and gives up when the deploy's deadline passes.
func ExampleOpenContext() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	eng, err := match.Open(dir, match.Config{})
	if err != nil {
		panic(err)
	}
	err = eng.Add(ctx,
		profile.Profile{ID: "cells-pl", Name: "Battery Cell Cluster", Country: "PL", Offers: []string{"battery cells"}},
		profile.Profile{ID: "lithium-pt", Name: "Lithium Valley", Country: "PT", Needs: []string{"battery cells"}},
	)
	if err != nil {
		panic(err)
	}
	// A fit keeps itself in the folder (background refits do it too).
	if err := eng.Refit(ctx); err != nil {
		panic(err)
	}
	eng.Close()

	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	eng, err = match.OpenContext(ctx, dir, match.Config{Progress: func(p match.Progress) {
		fmt.Printf("%s %d/%d\n", p.Stage, p.Done, p.Total)
	}})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	fmt.Println(eng.Len(), "profiles, fit restored:", eng.Fit().Restored)
	// Output:
	// load 2/2
	// restore 0/2
	// ready 2/2
	// 2 profiles, fit restored: true
}
