package match_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
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
