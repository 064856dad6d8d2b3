package themes_test

import (
	"fmt"

	"github.com/clustergo/partnermatch/profile/synth/themes"
)

func Example() {
	w, err := themes.Generate(themes.Config{Seed: 1, Profiles: 200, History: true})
	if err != nil {
		panic(err)
	}
	members := 0
	for _, p := range w.Partnerships {
		members += len(p.Members)
	}
	first := w.Partnerships[0]
	fmt.Println("profiles:", len(w.Profiles))
	fmt.Println("targets:", len(w.Partnerships), "with", members, "members")
	fmt.Println("past partnerships:", len(w.History))
	fmt.Println("first target:", first.ID, first.TargetMarkets, w.Themes[first.Members[0]][0])
	// Output:
	// profiles: 200
	// targets: 15 with 66 members
	// past partnerships: 10
	// first target: synth-th-target-0001 [MX] deep-renovation
}
