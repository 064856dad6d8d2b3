package benchmarks_test

import (
	"context"
	"fmt"
	"os"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/profile/synth"
)

func ExampleNDCGAt() {
	ranked := []string{"a", "b", "c", "d", "e"}
	relevant := map[string]bool{"b": true, "d": true, "x": true}
	fmt.Printf("P@5 %.3f  R@5 %.3f  NDCG@5 %.3f  AP %.3f  RR %.3f\n",
		benchmarks.PrecisionAt(5, ranked, relevant), benchmarks.RecallAt(5, ranked, relevant),
		benchmarks.NDCGAt(5, ranked, relevant), benchmarks.AveragePrecision(ranked, relevant),
		benchmarks.ReciprocalRank(ranked, relevant))
	// Output:
	// P@5 0.400  R@5 0.667  NDCG@5 0.498  AP 0.333  RR 0.500
}

func ExampleGini() {
	fmt.Printf("%.2f %.2f\n", benchmarks.Gini([]float64{1, 1, 1, 1}), benchmarks.Gini([]float64{0, 0, 0, 4}))
	// Output:
	// 0.00 0.75
}

func ExampleBootstrap() {
	b := benchmarks.Bootstrap{Seed: 1}
	model := []float64{0.5, 0.7, 0.2, 0.9, 0.4, 0.6}    // NDCG@10 per query
	baseline := []float64{0.3, 0.6, 0.2, 0.5, 0.1, 0.4} // the same queries
	fmt.Println("model:", b.Mean(model))
	fmt.Println("model − baseline:", b.Paired(model, baseline))
	// Output:
	// model: 0.550 [0.383, 0.733]
	// model − baseline: 0.200 [0.100, 0.300]
}

// Evaluate a model and two baselines on the planted partnerships of a
// small synthetic world, with 2 cross-validation folds.
func ExampleEvaluate() {
	w, err := synth.Generate(synth.Config{Seed: 1, Profiles: 200})
	if err != nil {
		panic(err)
	}
	d := benchmarks.Planted(w, benchmarks.PlantedConfig{Folds: 2, Seed: 1})
	rankers := []benchmarks.Ranker{
		benchmarks.Model{Model: "hybrid", Exact: true},
		benchmarks.PastPartners{},
		benchmarks.Random{Seed: 1},
	}
	res, err := benchmarks.Evaluate(context.Background(), d, rankers, benchmarks.Options{Ks: []int{10}, Depth: 20})
	if err != nil {
		panic(err)
	}
	t := res.Tasks[0]
	fmt.Println(t.Task, len(t.Queries), "queries")
	for _, s := range t.Systems {
		iv := benchmarks.Bootstrap{Seed: 1}.Mean(s.PerQuery["ndcg@10"])
		fmt.Printf("%-14s %.2f\n", s.Name, iv.Mean)
	}
	// Output:
	// planted 40 queries
	// hybrid         0.58
	// past-partners  0.15
	// random         0.03
}

// Build the Horizon 2020 time split: learn from projects up to 2017, test
// on later multi-country projects.
func ExampleH2020_Dataset() {
	h, err := benchmarks.ReadH2020(os.DirFS("testdata"), "h2020")
	if err != nil {
		panic(err)
	}
	d, err := h.Dataset(benchmarks.H2020Config{Cutoff: 2017, MaxQueries: 100, Seed: 1})
	if err != nil {
		panic(err)
	}
	q := d.Folds[0].Queries[0]
	fmt.Println(len(d.Profiles), "profiles,", len(d.Folds[0].Known), "known,", len(d.Folds[0].Queries), "queries")
	fmt.Println(q.ID, q.Seeds, len(q.Relevant), "relevant")
	// Output:
	// 22787 profiles, 1363 known, 100 queries
	// h2020-211654 [pic-999986096] 21 relevant
}
