package synth_test

import (
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

func ExampleGenerate() {
	w, err := synth.Generate(synth.Config{Seed: 42, Profiles: 500})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(w.Profiles), "profiles, first", w.Profiles[0].ID)
	fmt.Println(len(w.Partnerships), "target and", len(w.History), "past partnerships")

	// A target partnership: members from different stages of one value
	// chain and at least three countries, all targeting its market, none
	// listing it among their partnerships.
	pt := w.Partnerships[0]
	fmt.Println(pt.ID, "-", pt.Name)
	for _, id := range pt.Members {
		i := slices.IndexFunc(w.Profiles, func(p profile.Profile) bool { return p.ID == id })
		p := w.Profiles[i]
		fmt.Println(" ", id, p.Country, w.Stages[id], slices.Contains(p.TargetMarkets, pt.TargetMarkets[0]), slices.Contains(p.Partnerships, pt.ID))
	}
	// Output:
	// 500 profiles, first synth-00001
	// 27 target and 26 past partnerships
	// synth-target-0001 - Synthetic Logistical Services Partnership for the United States
	//   synth-00007 DE logistical-services/warehousing true false
	//   synth-00029 CZ logistical-services/freight true false
	//   synth-00079 DE logistical-services/infrastructure true false
	//   synth-00278 ES logistical-services/last-mile true false
}

func ExampleDefault() {
	w, err := synth.Default()
	if err != nil {
		log.Fatal(err)
	}
	langs := map[string]int{}
	for _, p := range w.Profiles {
		langs[p.Language]++
	}
	fmt.Println(len(w.Profiles), "profiles in", len(langs), "languages")
	fmt.Println(len(w.Partnerships), "target partnerships,", len(w.History), "past")
	// Output:
	// 1000 profiles in 7 languages
	// 53 target partnerships, 53 past
}

func ExampleChains() {
	for _, c := range synth.Chains() {
		if c.Industry != "mobility-technologies" {
			continue
		}
		for _, s := range c.Stages {
			fmt.Printf("%d %-45s %s\n", s.Index, s.Name, strings.Join(s.Sectors, " "))
		}
	}
	// Output:
	// 0 Battery raw materials and refining            B07.29 C20.13 C24.45 C20.59
	// 1 Battery cell and component manufacturing      C27.20 C26.11 C27.90
	// 2 Powertrain and vehicle integration            C29.10 C29.32 C27.11 C30.20
	// 3 Charging and energy services                  D35.13 D35.14 F43.21 C27.90
	// 4 Software, data and mobility services          J62.01 J63.11 H49.31 N77.11
}

func ExampleLookupStage() {
	cells, _ := synth.LookupStage("mobility-technologies/cells")
	fmt.Println(cells.Name)
	fmt.Println("needs upstream:", cells.NeedsUpstream[0])
	raw, _ := synth.LookupStage("mobility-technologies/raw-materials")
	fmt.Println("offered upstream:", raw.Offers[0])
	// Output:
	// Battery cell and component manufacturing
	// needs upstream: supply of refined lithium and nickel
	// offered upstream: lithium refining and cathode precursor materials
}

func ExampleGenerateDir() {
	dir, err := os.MkdirTemp("", "synth")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := synth.GenerateDir(dir, synth.Config{Seed: 1, Profiles: 200}); err != nil {
		log.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// history.json
	// partnerships.json
	// profiles.jsonl
	// stages.csv
}
