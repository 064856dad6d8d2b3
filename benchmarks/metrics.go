package benchmarks

import (
	"math"
	"slices"
)

// The metric functions below judge one ranked list of profile ids against
// the set of relevant ids, with binary relevance. A ranked list may be
// shorter than k; the missing ranks count as not relevant. They follow the
// definitions of Manning, Raghavan and Schütze 2008, "Introduction to
// Information Retrieval", chapter 8, and of trec_eval; NDCG is Järvelin and
// Kekäläinen 2002, "Cumulated gain-based evaluation of IR techniques", with
// the log2(rank+1) discount. Each returns 0 when relevant is empty or k is
// not positive.

// hitsAt returns the number of relevant ids among the first k of ranked.
func hitsAt(k int, ranked []string, relevant map[string]bool) int {
	n := 0
	for _, id := range ranked[:min(k, len(ranked))] {
		if relevant[id] {
			n++
		}
	}
	return n
}

// PrecisionAt returns precision at k: the share of the first k ranks that
// hold a relevant id, hits/k (a list shorter than k is padded with misses).
func PrecisionAt(k int, ranked []string, relevant map[string]bool) float64 {
	if k <= 0 || len(relevant) == 0 {
		return 0
	}
	return float64(hitsAt(k, ranked, relevant)) / float64(k)
}

// RecallAt returns recall at k: the share of the relevant ids found in the
// first k ranks.
func RecallAt(k int, ranked []string, relevant map[string]bool) float64 {
	if k <= 0 || len(relevant) == 0 {
		return 0
	}
	return float64(hitsAt(k, ranked, relevant)) / float64(len(relevant))
}

// HitAt returns 1 if one of the first k ranks holds a relevant id, else 0
// (hit rate at k once averaged over queries).
func HitAt(k int, ranked []string, relevant map[string]bool) float64 {
	if k <= 0 || hitsAt(k, ranked, relevant) == 0 {
		return 0
	}
	return 1
}

// NDCGAt returns the normalised discounted cumulative gain at k with
// binary gains:
//
//	DCG@k  = Σ_{i=1..k} rel_i / log2(i+1)
//	NDCG@k = DCG@k / IDCG@k
//
// where IDCG@k is the DCG of an ideal list, with min(k, |relevant|)
// relevant ids first. It is in [0, 1].
func NDCGAt(k int, ranked []string, relevant map[string]bool) float64 {
	if k <= 0 || len(relevant) == 0 {
		return 0
	}
	var dcg, ideal float64
	for i, id := range ranked[:min(k, len(ranked))] {
		if relevant[id] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := range min(k, len(relevant)) {
		ideal += 1 / math.Log2(float64(i+2))
	}
	return dcg / ideal
}

// AveragePrecision returns the average precision of the whole ranked list:
// the mean over the relevant ids of the precision at the rank of each,
// counting relevant ids missing from the list as precision 0,
//
//	AP = (1/|relevant|) Σ_{i: ranked[i] relevant} hits@i / i.
//
// Its mean over queries is MAP. For a list cut at depth d it is AP@d as
// trec_eval computes it on the retrieved list.
func AveragePrecision(ranked []string, relevant map[string]bool) float64 {
	if len(relevant) == 0 {
		return 0
	}
	var sum float64
	hits := 0
	for i, id := range ranked {
		if relevant[id] {
			hits++
			sum += float64(hits) / float64(i+1)
		}
	}
	return sum / float64(len(relevant))
}

// ReciprocalRank returns 1/r for the rank r of the first relevant id in
// ranked, or 0 if there is none. Its mean over queries is MRR.
func ReciprocalRank(ranked []string, relevant map[string]bool) float64 {
	for i, id := range ranked {
		if relevant[id] {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// DistinctAt returns the number of distinct non-empty values of attr
// (for example a profile's country) among the first k ranks.
func DistinctAt(k int, ranked []string, attr func(id string) string) float64 {
	seen := map[string]bool{}
	for _, id := range ranked[:min(max(k, 0), len(ranked))] {
		if v := attr(id); v != "" {
			seen[v] = true
		}
	}
	return float64(len(seen))
}

// Exposure counts how often each id appears in the first k ranks of the
// lists (one list per query).
func Exposure(k int, lists [][]string) map[string]int {
	out := map[string]int{}
	for _, l := range lists {
		for _, id := range l[:min(max(k, 0), len(l))] {
			out[id]++
		}
	}
	return out
}

// Coverage returns the catalogue coverage at k: the share of the
// catalogue's n items that appear in the first k ranks of at least one
// list. It is 0 for n <= 0.
func Coverage(k int, lists [][]string, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(len(Exposure(k, lists))) / float64(n)
}

// Gini returns the Gini coefficient of the non-negative values xs, 0 for
// perfect equality and (n-1)/n when one item holds everything:
//
//	G = Σ_{i=1..n} (2i - n - 1) x_(i) / (n Σ x),
//
// with x_(i) sorted in ascending order (Damgaard and Weiner 2000,
// "Describing inequality in plant size or fecundity"). It is 0 for an
// empty or all-zero xs.
func Gini(xs []float64) float64 {
	n := len(xs)
	s := slices.Clone(xs)
	slices.Sort(s)
	var num, total float64
	for i, x := range s {
		num += float64(2*(i+1)-n-1) * x
		total += x
	}
	if total <= 0 {
		return 0
	}
	return num / (float64(n) * total)
}

// ExposureGini returns the Gini coefficient of exposure at k over a
// catalogue of n items: how unequally the lists' first k ranks are shared
// among the items, those never shown counting as 0. Popularity-driven
// rankers approach 1; a ranker spreading exposure evenly approaches 0.
func ExposureGini(k int, lists [][]string, n int) float64 {
	exp := Exposure(k, lists)
	xs := make([]float64, max(n, len(exp)))
	i := 0
	for _, c := range exp {
		xs[i] = float64(c)
		i++
	}
	return Gini(xs)
}
