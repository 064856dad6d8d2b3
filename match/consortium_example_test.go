package match_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// batteryChain is a small battery value chain: raw materials, cells,
// powertrains, charging and mobility services, with a second cell maker
// (a competitor of the first) and a charging cluster in Switzerland, which
// ESCP-4i does not admit.
func batteryChain() []profile.Profile {
	ind := []string{"mobility-technologies"}
	return []profile.Profile{
		{ID: "cells-pl", Name: "Battery Cell Cluster", Country: "PL", Sectors: []string{"C27.20"}, Industries: ind,
			Offers: []string{"lithium-ion battery cells"}, Needs: []string{"refined lithium and cathode materials", "electric powertrains to integrate our cells"},
			TargetMarkets: []string{"JP", "US"}},
		{ID: "lithium-pt", Name: "Lithium Valley", Country: "PT", Sectors: []string{"B07.29", "C20.13"}, Industries: ind,
			Offers: []string{"refined lithium", "cathode materials"}, Needs: []string{"buyers of battery-grade lithium"},
			TargetMarkets: []string{"JP"}},
		{ID: "drive-de", Name: "E-Drive Saxony", Country: "DE", Sectors: []string{"C29.10"}, Industries: ind,
			Offers: []string{"electric powertrains"}, Needs: []string{"lithium-ion battery cells", "charging solutions for vehicle fleets"},
			TargetMarkets: []string{"JP", "US"}},
		{ID: "charge-nl", Name: "Smart Charging Holland", Country: "NL", Sectors: []string{"D35.13", "F43.21"}, Industries: ind,
			Offers: []string{"charging solutions for vehicle fleets"}, Needs: []string{"electric vehicles for charging pilots"},
			TargetMarkets: []string{"JP"}},
		{ID: "mobility-fr", Name: "Mobility Services Lyon", Country: "FR", Sectors: []string{"J62.01", "H49.31"}, Industries: ind,
			Offers: []string{"mobility-as-a-service platforms"}, Needs: []string{"charging solutions for vehicle fleets"},
			TargetMarkets: []string{"JP", "US"}},
		{ID: "cells-cz", Name: "Moravian Cell Makers", Country: "CZ", Sectors: []string{"C27.20"}, Industries: ind,
			Offers: []string{"lithium-ion battery cells"}, Needs: []string{"refined lithium"},
			TargetMarkets: []string{"JP"}},
		{ID: "charge-ch", Name: "Swiss Charging Network", Country: "CH", Sectors: []string{"D35.13"}, Industries: ind,
			Offers: []string{"charging solutions for vehicle fleets"}, Needs: []string{"electric powertrains"},
			TargetMarkets: []string{"JP"}},
	}
}

// distinctRoles are objective weights for calls that want one member per
// value-chain stage: coverage of distinct stages and a penalty on members
// doing the same thing, which the defaults leave to the score model.
func distinctRoles() *match.ObjectiveWeights {
	w := match.DefaultObjectiveWeights()
	w.Coverage, w.Redundancy = 0.3, 2
	return &w
}

// A consortium of three or four around the Polish cell cluster for
// Japan, one member per stage: the competing Czech cell maker and the
// Swiss cluster are left out, and each member's role is a need of another
// that it meets.
func ExampleEngine_Consortium() {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	if err := eng.Add(ctx, batteryChain()...); err != nil {
		panic(err)
	}
	cs, err := eng.Consortium(ctx, match.ConsortiumQuery{
		Seeds:        []string{"cells-pl"},
		Rules:        "escp4i", // the call's rules; empty would mean match.DefaultRules, "open"
		Markets:      []string{"JP"},
		MaxSize:      4,
		Model:        "reciprocal",
		Alternatives: 2,
		Weights:      distinctRoles(),
	})
	if err != nil {
		panic(err)
	}
	for i, c := range cs {
		fmt.Printf("#%d objective %.2f, markets %v\n", i+1, c.Objective.Value, c.Markets)
		for _, m := range c.Members {
			fmt.Printf("  %-11s %s: %s\n", m.ID, m.Profile.Country, m.Role)
		}
	}
	// Output:
	// #1 objective 1.02, markets [JP]
	//   cells-pl    PL: offers "lithium-ion battery cells" for drive-de's need "lithium-ion battery cells"
	//   charge-nl   NL: offers "charging solutions for vehicle fleets" for drive-de's need "charging solutions for vehicle fleets"
	//   drive-de    DE: offers "electric powertrains" for cells-pl's need "electric powertrains to integrate our cells"
	//   lithium-pt  PT: offers "cathode materials" for cells-pl's need "refined lithium and cathode materials"
	// #2 objective 0.71, markets [JP]
	//   cells-pl    PL: offers "lithium-ion battery cells" for lithium-pt's need "buyers of battery-grade lithium"
	//   charge-nl   NL: offers "charging solutions for vehicle fleets" for mobility-fr's need "charging solutions for vehicle fleets"
	//   lithium-pt  PT: offers "cathode materials" for cells-pl's need "refined lithium and cathode materials"
	//   mobility-fr FR: brings mobility-technologies/J62.0 and mobility-technologies/H49.3
}

// An infeasible request says which constraint fails and by how much.
func ExampleInfeasibleError() {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	chain := batteryChain()
	if err := eng.Add(ctx, chain[0], chain[1], chain[5], chain[6]); err != nil { // PL, PT, CZ, CH
		panic(err)
	}
	_, err = eng.Consortium(ctx, match.ConsortiumQuery{Seeds: []string{"cells-pl"}, Markets: []string{"JP"}, Exclude: []string{"lithium-pt"}, Rules: "escp4i"})
	var ie *match.InfeasibleError
	if errors.As(err, &ie) {
		fmt.Println(ie.Constraint, ie.Have, ie.Need)
		fmt.Println(err)
	}
	// Output:
	// min_countries 2 3
	// match: consortium: only 2 eligible countries among the seed and 1 candidate for market JP; rule set "escp4i" needs 3 (min_countries)
}

// A matchmaking day of seven participants: one consortium, and the
// participants left over with the reason.
func ExampleEngine_Matchday() {
	ctx := context.Background()
	eng, err := match.Open("", match.Config{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	var ids []string
	for _, p := range batteryChain() {
		ids = append(ids, p.ID)
	}
	if err := eng.Add(ctx, batteryChain()...); err != nil {
		panic(err)
	}
	res, err := eng.Matchday(ctx, match.MatchdayQuery{IDs: ids, MaxSize: 4, Model: "reciprocal", Weights: distinctRoles(), Rules: "escp4i"})
	if err != nil {
		panic(err)
	}
	for _, c := range res.Consortia {
		var members []string
		for _, m := range c.Members {
			members = append(members, m.ID)
		}
		fmt.Printf("%v for %v\n", members, c.Markets)
	}
	for _, u := range res.Unplaced {
		fmt.Printf("unplaced %s: %s\n", u.ID, u.Reason)
	}
	// Output:
	// [cells-cz charge-nl drive-de lithium-pt] for [JP]
	// unplaced cells-pl: 1 consortium sharing its markets is full; the participants left cannot form another
	// unplaced charge-ch: established in CH, where rule set "escp4i" admits no members
	// unplaced mobility-fr: 1 consortium sharing its markets is full; the participants left cannot form another
}
