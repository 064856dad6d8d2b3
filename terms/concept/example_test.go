package concept_test

import (
	"fmt"
	"strings"

	"github.com/clustergo/partnermatch/terms/concept"
)

// A Serbian and a German cluster describe the same capability; their
// concepts meet although their words do not.
func ExampleConcepts() {
	sr := concept.Concepts("sr", "Нудимо прераду воћа.")
	de := concept.Concepts("de", "Wir suchen Partner für Obstverarbeitung.")
	in := map[concept.ID]bool{}
	for _, c := range de {
		in[c.ID] = true
	}
	for _, c := range sr {
		if in[c.ID] {
			en, _ := concept.Label(c.ID, "en")
			de, _ := concept.Label(c.ID, "de")
			sr, _ := concept.Label(c.ID, "sr")
			fmt.Printf("%s: %s / %s / %s\n", c.ID, en, de, sr)
		}
	}
	// Output:
	// eurovoc:1115: fruit / Obst / воће
}

func ExampleID() {
	id := concept.ID("nace:10.39")
	label, _ := concept.Label(id, "fr")
	fmt.Println(id.Scheme(), id.Code(), label)
	// Output:
	// nace 10.39 Autre transformation et conservation de fruits et légumes
}

func ExampleTable_Concepts() {
	tab, err := concept.Read(strings.NewReader(`# partnermatch concept table v1
ids 3
x:fruit
x:fp
x:plant
lang en
fruit
processed fruit
processing plant
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range tab.Concepts("en", "We process fruits.") {
		fmt.Printf("%s %.2f\n", c.ID, c.Weight)
	}
	// Output:
	// x:fp 1.83
	// x:fruit 0.92
}

func ExampleTable_Label() {
	label, ok := concept.Default().Label("nace:31", "sr")
	fmt.Println(label, ok) // Croatian stands in for Serbian
	// Output:
	// Proizvodnja namještaja true
}
