package score

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// The WIOD 2016 release's EU28 intermediate flows of 2014 between its 56
// industries (NACE Rev.2 divisions or groups of them), and the divisions
// of each industry; see data/README.md for the source and licence.
var (
	//go:embed data/wiod2014_eu28_flows.csv
	wiodFlows []byte
	//go:embed data/wiod_industries.csv
	wiodIndustries []byte
)

// wiodMinShare is the denominator, in millions of USD, below which an
// industry's share is set to 0: the flows of T (households as employers)
// and U (extraterritorial bodies) are rounding artefacts.
const wiodMinShare = 1000

// measuredPrior builds the division relatedness of MeasuredSectorPrior;
// it panics on a malformed embedded file, which the tests catch.
var measuredPrior = sync.OnceValue(func() *mat.SymDense {
	industries, divOf := parseWIOD()
	n := len(industries)
	pos := map[string]int{}
	for i, c := range industries {
		pos[c] = i
	}
	z := make([]float64, n*n)
	rows, err := csv.NewReader(bytes.NewReader(wiodFlows)).ReadAll()
	if err != nil || len(rows) != n*n+1 {
		panic(fmt.Sprintf("score: wiod flows: %d rows, %v", len(rows), err))
	}
	for _, r := range rows[1:] {
		i, ok1 := pos[r[0]]
		j, ok2 := pos[r[1]]
		v, err := strconv.ParseFloat(r[2], 64)
		if !ok1 || !ok2 || err != nil || v < 0 {
			panic(fmt.Sprintf("score: wiod flows: bad row %q", r))
		}
		z[i*n+j] = v
	}
	// S[i][j]: share of i's intermediate sales (to other industries) that
	// go to j; P[i][j]: share of j's purchases (from others) that come
	// from i. Self-flows are left out: one industry is similar, not
	// complementary.
	sales, purchases := make([]float64, n), make([]float64, n)
	for i := range n {
		for j := range n {
			if i != j {
				sales[i] += z[i*n+j]
				purchases[j] += z[i*n+j]
			}
		}
	}
	share := func(v, total float64) float64 {
		if total < wiodMinShare {
			return 0
		}
		return v / total
	}
	rel := make([]float64, n*n)
	var top float64
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			// r = S[i][j] + P[i][j] + S[j][i] + P[j][i]: how much each
			// sells to and buys from the other, as shares of its own trade.
			rel[i*n+j] = share(z[i*n+j], sales[i]) + share(z[i*n+j], purchases[j]) +
				share(z[j*n+i], sales[j]) + share(z[j*n+i], purchases[i])
			top = max(top, rel[i*n+j])
		}
	}
	d := divisions()
	out := mat.NewSymDense(numDivisions, nil)
	for a := range numDivisions {
		for b := a; b < numDivisions; b++ {
			ia, okA := divOf[d.codes[a]]
			ib, okB := divOf[d.codes[b]]
			switch {
			case a == b:
				out.SetSym(a, b, priorSameDiv)
			case !okA || !okB:
			case ia == ib: // two divisions of one WIOD industry
				out.SetSym(a, b, priorSameDiv)
			default:
				out.SetSym(a, b, math.Sqrt(rel[ia*n+ib]/top))
			}
		}
	}
	return out
})

// parseWIOD returns the WIOD industry codes in file order and the
// industry of each NACE division.
func parseWIOD() ([]string, map[string]int) {
	rows, err := csv.NewReader(bytes.NewReader(wiodIndustries)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("score: wiod industries: %v", err))
	}
	var codes []string
	divOf := map[string]int{}
	for _, r := range rows[1:] {
		if len(r) != 3 || slices.Contains(codes, r[0]) {
			panic(fmt.Sprintf("score: wiod industries: bad row %q", r))
		}
		for _, div := range strings.Fields(r[2]) {
			divOf[div] = len(codes)
		}
		codes = append(codes, r[0])
	}
	return codes, divOf
}

// MeasuredSectorPrior returns a NACE-division relatedness matrix measured
// from the EU28 input-output table of 2014 (WIOD 2016 release; Timmer et
// al. 2015), 88 × 88 in profile.NACEDivisions() order, symmetric, in
// [0, 1]. For divisions of two different WIOD industries i and j it is
//
//	sqrt(r / max r),  r = S[i][j] + S[j][i] + P[i][j] + P[j][i],
//
// where S[i][j] is the share of i's intermediate sales to other
// industries that go to j and P[i][j] the share of j's intermediate
// purchases from other industries that come from i (so that a small
// industry's main customer counts as much as a large one's); the square
// root spreads the many small shares. A division with itself, or two
// divisions of one WIOD industry (C10 and C11 are both C10-C12), get 0.2:
// similar, not complementary, as in [SectorPrior]. The result is a new
// matrix that the caller may change.
func MeasuredSectorPrior() *mat.SymDense {
	return mat.NewSymDense(numDivisions, slices.Clone(measuredPrior().RawSymmetric().Data))
}
