package score_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
)

// exampleProfiles is a battery-cell cluster, a competitor, and the raw
// materials cluster that supplies both.
func exampleProfiles() []*profile.Profile {
	return []*profile.Profile{
		{ID: "cells-fr", Name: "Battery Valley", Country: "FR",
			Description: "Lithium-ion battery cell manufacturers.", Sectors: []string{"C27.20"},
			Offers:        []string{"lithium-ion battery cells", "black mass for recycling"},
			Needs:         []string{"lithium hydroxide", "graphite anode materials"},
			TargetMarkets: []string{"US", "JP"}},
		{ID: "cells-de", Name: "Battery Cell Cluster Bavaria", Country: "DE",
			Description: "Lithium-ion battery cell manufacturers.", Sectors: []string{"C27.20"},
			Offers:        []string{"lithium-ion battery cells"},
			Needs:         []string{"lithium hydroxide"},
			TargetMarkets: []string{"US"}},
		{ID: "raw-fi", Name: "Nordic Raw Materials", Country: "FI",
			Description: "Mining and refining of battery metals.", Sectors: []string{"B07.29", "C20.13"},
			Offers:        []string{"battery-grade lithium hydroxide", "natural graphite anode materials"},
			Needs:         []string{"black mass from battery recycling"},
			TargetMarkets: []string{"US", "CA"}},
	}
}

// Two models, fitted on one corpus, rate the same pairs: the text model
// prefers the competitor, the complementarity model the supplier. (With
// three profiles, IDF weighs rare words such as "grade" heavily.)
func Example() {
	ps := exampleProfiles()
	corpus := &score.Corpus{Profiles: ps, Seed: 1}
	tfidf, _ := score.TFIDF{}.Fit(context.Background(), corpus)
	recip, _ := score.Reciprocal{}.Fit(context.Background(), corpus)

	q := ps[0]
	for _, c := range ps[1:] {
		fmt.Printf("%s: tfidf %.2f, reciprocal %.2f\n", c.ID, tfidf.Score(q, c), recip.Score(q, c))
	}
	fmt.Print(score.Explain(recip, q, ps[2]))
	// Output:
	// cells-de: tfidf 0.70, reciprocal 0.21
	// raw-fi: tfidf 0.51, reciprocal 0.79
	// 0.788 reciprocal: harmonic mean of both coverages (floor 0.10)
	//   0.690 needs of q met by c: 2 of 2 needs met (cosine >= 0.5)
	//       - need "graphite anode materials" met by offer "natural graphite anode materials" (0.80)
	//       - need "lithium hydroxide" met by offer "battery-grade lithium hydroxide" (0.58)
	//   0.912 needs of c met by q: 1 of 1 needs met (cosine >= 0.5)
	//       - offer "black mass for recycling" meets need "black mass from battery recycling" (0.91)
}

func ExampleWeighted() {
	model := score.Weighted{
		{Scorer: score.Market{}, Weight: 0.6},
		{Scorer: score.Relatedness{}, Weight: 0.4},
	}
	ps := exampleProfiles()
	fmt.Print(score.Explain(model, ps[0], ps[2]))
	// Output:
	// 0.386 weighted: weighted mean of 2 signals
	//   0.500 (weight 0.60) market: shares 1 of 2 and 2 target markets
	//       - market US
	//   0.215 (weight 0.40) sector: best pair of NACE divisions
	//       - sectors C27 ~ C20 (0.22)
	//       - sectors C27 ~ B07 (0.12)
}

func ExampleLogistic() {
	model := score.Logistic{
		Parts: []score.Part{{Scorer: score.Market{}, Weight: 2}, {Scorer: score.Geo{}, Weight: 1}},
		Bias:  -2,
	}
	ps := exampleProfiles()
	fmt.Printf("%.3f\n", model.Score(ps[0], ps[1])) // σ(-2 + 2·0.707 + 1·1)
	// Output:
	// 0.602
}

func ExampleFunc() {
	sameLanguage := score.Func(func(q, c *profile.Profile) float64 {
		if q.Language == c.Language {
			return 1
		}
		return 0
	})
	fmt.Println(sameLanguage.Score(&profile.Profile{Language: "en"}, &profile.Profile{Language: "en"}))
	// Output:
	// 1
}

func ExampleMarket() {
	lyon := &profile.Profile{ID: "lyon", TargetMarkets: []string{"US", "JP"}}
	turin := &profile.Profile{ID: "turin", TargetMarkets: []string{"JP"}}
	fmt.Print(score.Explain(score.Market{}, lyon, turin))
	// Output:
	// 0.707 market: shares 1 of 2 and 1 target markets
	//     - market JP
}

func ExampleGeo() {
	g := score.Geo{Rules: profile.ESCP4i()}
	fr := &profile.Profile{ID: "fr", Country: "FR"}
	for _, c := range []*profile.Profile{{Country: "DE"}, {Country: "FR"}, {Country: "US"}} {
		fmt.Printf("%s %.1f %s\n", c.Country, g.Score(fr, c), g.Explain(fr, c).Detail)
	}
	// Output:
	// DE 1.0 cross-border
	// FR 0.2 same country
	// US 0.0 not eligible
}

// The measured prior: battery makers (C27) buy more from metals (C24)
// than from chemicals (C20), and little from hotels (I55); another class
// of their own division is similar (0.2), not complementary.
func ExampleRelatedness() {
	cells := &profile.Profile{Sectors: []string{"C27.20"}}
	for _, code := range []string{"C24.45", "C20.13", "C27.11", "I55.10"} {
		fmt.Printf("%s %.2f\n", code, score.Relatedness{}.Score(cells, &profile.Profile{Sectors: []string{code}}))
	}
	// Output:
	// C24.45 0.40
	// C20.13 0.22
	// C27.11 0.20
	// I55.10 0.12
}

// The engine fits the named models once per snapshot and picks one by
// name per query.
func ExampleFit() {
	ps := exampleProfiles()
	scorers, err := score.Fit(context.Background(), &score.Corpus{Profiles: ps, Seed: 1}, score.Models()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := scorers[score.DefaultModel()]
	out := make([]float64, 2)
	score.Batch(s, ps[0], ps[1:], out)
	fmt.Printf("%s: cells-de %.2f, raw-fi %.2f\n", score.DefaultModel(), out[0], out[1])
	// Output:
	// auto: cells-de 0.51, raw-fi 0.50
}

func ExampleHybrid() {
	h := score.Hybrid{
		{Model: score.Reciprocal{}, Weight: 0.7},
		{Model: score.Geo{Rules: profile.ESCP4i()}, Weight: 0.3},
	}
	ps := exampleProfiles()
	s, _ := h.Fit(context.Background(), &score.Corpus{Profiles: ps})
	fmt.Printf("%.3f\n", s.Score(ps[0], ps[2]))
	// Output:
	// 0.851
}

// With one known partnership, between the battery cluster and its
// supplier, and the competitor as the negative sample, complementarity
// gets a positive coefficient and text similarity a negative one.
func ExampleLearned() {
	ps := exampleProfiles()
	known := []profile.Partnership{{ID: "k", Members: []string{"cells-fr", "raw-fi"}}}
	s, _ := score.Learned{Parts: []score.Model{score.Reciprocal{}, score.TFIDF{}}}.Fit(
		context.Background(), &score.Corpus{Profiles: ps, Known: known, Seed: 1})
	l := s.(score.Logistic)
	fmt.Printf("reciprocal %+.2f, tfidf %+.2f\n", l.Parts[0].Weight, l.Parts[1].Weight)
	// Output:
	// reciprocal +17.58, tfidf -8.43
}

func ExampleSectorPrior() {
	m := score.SectorPrior()
	fmt.Println(m.SymmetricDim())
	// Output:
	// 88
}

func ExampleTFIDF() {
	ps := exampleProfiles()
	s, _ := score.TFIDF{}.Fit(context.Background(), &score.Corpus{Profiles: ps})
	e := score.Explain(s, ps[0], ps[1])
	fmt.Printf("%.2f, top term %q\n", e.Value, e.Evidence[0].Query)
	// Output:
	// 0.70, top term "cell"
}

// LSA relates words that never meet in one profile but share contexts:
// "car" and "automobile" both go with "engine".
func ExampleLSA() {
	var ps []*profile.Profile
	for i, d := range []string{"car engine", "automobile engine", "bread bakery", "flour bakery"} {
		ps = append(ps, &profile.Profile{ID: fmt.Sprint(i), Description: d})
	}
	s, _ := score.LSA{Rank: 2}.Fit(context.Background(), &score.Corpus{Profiles: ps, Seed: 1})
	car, auto := &profile.Profile{Description: "car"}, &profile.Profile{Description: "automobile"}
	fmt.Printf("car ~ automobile %.2f\n", s.Score(car, auto))
	// Output:
	// car ~ automobile 1.00
}

func ExampleReciprocal() {
	ps := exampleProfiles()
	s, _ := score.Reciprocal{}.Fit(context.Background(), &score.Corpus{Profiles: ps})
	for _, c := range ps[1:] {
		fmt.Printf("%s %.2f\n", c.ID, s.Score(ps[0], c))
	}
	// Output:
	// cells-de 0.21
	// raw-fi 0.79
}

// Known partnerships teach the sector model that health clusters and
// travel agencies go together more than the input-output table says.
func ExampleSector() {
	var ps []*profile.Profile
	var known []profile.Partnership
	for i := range 30 {
		h := &profile.Profile{ID: fmt.Sprint("health", i), Sectors: []string{"Q86.10"}}
		t := &profile.Profile{ID: fmt.Sprint("travel", i), Sectors: []string{"N79.11"}}
		ps = append(ps, h, t)
		known = append(known, profile.Partnership{ID: fmt.Sprint("k", i), Members: []string{h.ID, t.ID}})
	}
	prior, _ := score.Sector{}.Fit(context.Background(), &score.Corpus{Profiles: ps})
	learned, _ := score.Sector{}.Fit(context.Background(), &score.Corpus{Profiles: ps, Known: known})
	fmt.Printf("prior %.2f, learned %.2f\n", prior.Score(ps[0], ps[1]), learned.Score(ps[0], ps[1]))
	fmt.Println(score.Explain(learned, ps[0], ps[1]).Detail)
	// Output:
	// prior 0.32, learned 0.73
	// best pair of NACE divisions (learned from 30 partnerships, weight 0.60, and prior)
}

func ExampleHistory() {
	ps := []*profile.Profile{
		{ID: "a", Partnerships: []string{"p1"}},
		{ID: "b", Partnerships: []string{"p1", "p2"}},
		{ID: "c", Partnerships: []string{"p2"}},
	}
	s, _ := score.History{}.Fit(context.Background(), &score.Corpus{Profiles: ps})
	fmt.Print(score.Explain(s, ps[0], ps[1]))
	fmt.Print(score.Explain(s, ps[0], ps[2]))
	// Output:
	// 0.500 history: 1 shared past partnerships, Adamic-Adar 0.00 over common partners
	//     - past partnership "p1"
	// 0.419 history: 0 shared past partnerships, Adamic-Adar 1.44 over common partners
	//     - common past partner "b" (1.44)
}

func ExampleBatch() {
	ps := exampleProfiles()
	out := make([]float64, len(ps))
	score.Batch(score.Market{}, ps[0], ps, out)
	fmt.Printf("%.2f\n", out)
	// Output:
	// [1.00 0.71 0.50]
}

// A fit written after fitting is decoded in another process before its
// profiles are loaded, and restored once they are: fitting the same model
// there costs no text analysis, and scores what the first fit scored.
func ExampleDecodeFit() {
	ps := exampleProfiles()
	first := &score.Corpus{Profiles: ps, Seed: 1}
	s, err := score.TFIDF{}.Fit(context.Background(), first)
	if err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if err := first.WriteFit(&file); err != nil {
		fmt.Println(err)
		return
	}

	// After a restart: decode, then load the profiles in the fit's order.
	kept, err := score.DecodeFit(context.Background(), bytes.NewReader(file.Bytes()), int64(file.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	byID := map[string]*profile.Profile{}
	for _, p := range exampleProfiles() {
		byID[p.ID] = p
	}
	var loaded []*profile.Profile
	for _, id := range kept.IDs() {
		loaded = append(loaded, byID[id])
	}
	again := &score.Corpus{Profiles: loaded, Seed: 1}
	if err := again.UseFit(kept); err != nil {
		fmt.Println(err)
		return
	}
	r, _ := score.TFIDF{}.Fit(context.Background(), again)
	fmt.Printf("%.3f %.3f\n", s.Score(ps[0], ps[1]), r.Score(loaded[0], loaded[1]))
	// A fit of other profiles is refused.
	err = (&score.Corpus{Profiles: loaded[1:], Seed: 1}).UseFit(kept)
	fmt.Println(errors.Is(err, score.ErrFitMismatch))
	// Output:
	// 0.703 0.703
	// true
}
