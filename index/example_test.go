package index_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
)

// examples are three small profiles in three languages.
func examples() []profile.Profile {
	return []profile.Profile{
		{ID: "lyon", Name: "Lyon Mobility Cluster", Country: "FR", Language: "fr",
			Description: "Batteries et véhicules électriques.", Sectors: []string{"C29.10"},
			Industries: []string{"mobility-technologies"}, Offers: []string{"recyclage des batteries"},
			Needs: []string{"capteurs lidar"}, TargetMarkets: []string{"US", "JP"}},
		{ID: "munich", Name: "Sensorik Bayern", Country: "DE", Language: "de",
			Description: "Lidar-Sensoren für Fahrzeuge.", Sectors: []string{"C26.70"},
			Industries: []string{"mobility-technologies", "digital-industries"}, Offers: []string{"Lidar-Sensoren"},
			Needs: []string{"Batteriezellen"}, TargetMarkets: []string{"JP"}},
		{ID: "novi-sad", Name: "Кластер Нови Сад", Country: "RS", Language: "sr",
			Description: "Софтвер за лидар сензоре.", Sectors: []string{"J62.01"},
			Industries: []string{"digital-industries"}, Offers: []string{"софтвер"},
			Needs: []string{"лидар"}, TargetMarkets: []string{"US"}},
	}
}

// Example opens an index in memory, adds profiles and runs a portal
// search with facets. The Latin query finds the Cyrillic profile; the
// French one is not found, as its stemmer cuts lidar to lida.
func Example() {
	ctx := context.Background()
	x, err := index.Open("", index.Options{}) // "" = in memory
	if err != nil {
		log.Fatal(err)
	}
	defer x.Close()
	if err := x.Upsert(ctx, examples()...); err != nil {
		log.Fatal(err)
	}

	res, err := x.Search(ctx, index.SearchRequest{Query: "lidar", Facets: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total:", res.Total)
	for _, h := range res.Hits {
		fmt.Printf("%s (%s): %v\n", h.ID, h.Profile.Country, h.Fields)
	}
	fmt.Println("countries:", res.Facets.Countries)
	fmt.Println("divisions:", res.Facets.Divisions)
	fmt.Println("industries:", res.Facets.Industries)
	// Output:
	// total: 2
	// novi-sad (RS): [description needs]
	// munich (DE): [description offers]
	// countries: [{DE 1} {RS 1}]
	// divisions: [{C26 1} {J62 1}]
	// industries: [{digital-industries 2} {mobility-technologies 1}]
}

// ExampleIndex_Candidates retrieves complementary partners: profiles that
// offer what Lyon needs or need what it offers, outside France. Lyon's
// "recyclage des batteries" meets Munich's need for "Batteriezellen"
// through their English pivot terms (offers->needs).
func ExampleIndex_Candidates() {
	ctx := context.Background()
	x, err := index.Open("", index.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer x.Close()
	if err := x.Upsert(ctx, examples()...); err != nil {
		log.Fatal(err)
	}

	lyon := examples()[0]
	cs, err := x.Candidates(ctx, &lyon, index.CandidateOptions{
		N:       10,
		Filters: index.Filters{ExcludeCountries: []string{"FR"}, Rules: profile.ESCP4i()},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range cs {
		fmt.Printf("%s %v\n", c.ID, c.Fields)
	}
	// Output:
	// munich [needs->offers offers->needs industries markets]
	// novi-sad [markets]
}

// ExampleFilters narrows a search to eligible organisations in a sector.
func ExampleFilters() {
	ctx := context.Background()
	x, err := index.Open("", index.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer x.Close()
	if err := x.Upsert(ctx, examples()...); err != nil {
		log.Fatal(err)
	}
	res, err := x.Search(ctx, index.SearchRequest{Filters: index.Filters{
		Sectors: []string{"C"},    // manufacturing: finds C26.70 and C29.10
		Markets: []string{"jp"},   // targeting Japan (any case)
		Rules:   profile.ESCP4i(), // eligible for ESCP-4i
	}})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.ID)
	}
	// Output:
	// lyon
	// munich
}

// ExampleProfileError shows that an invalid profile stops the whole
// batch and says which profile and why.
func ExampleProfileError() {
	ctx := context.Background()
	x, err := index.Open("", index.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer x.Close()
	ps := examples()
	ps[1].Country = "Bavaria"
	err = x.Upsert(ctx, ps...)

	var pe *index.ProfileError
	var ve *profile.ValidationError
	fmt.Println(errors.As(err, &pe), pe.ID, pe.Pos)
	fmt.Println(errors.As(err, &ve), ve.Fields[0].Field)
	n, _ := x.Count()
	fmt.Println("profiles written:", n)
	// Output:
	// true munich 1
	// true country
	// profiles written: 0
}
