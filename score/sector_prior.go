package score

import (
	"math"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/clustergo/partnermatch/profile"
)

// valueChain lists, for each NACE division, divisions next to it in a
// value chain: its suppliers, customers or providers of a complementary
// technology. The relation is symmetric; each link is listed once. It is
// a hand-made prior in the spirit of input-output tables, not a measured
// one; learn from known partnerships to correct it.
var valueChain = map[string]string{
	"A01": "C10 C11 C12 C13 C20 C28 M72 M75 G46 D35",
	"A02": "C16 C17 D35",
	"A03": "C10",
	"B05": "C19 D35 C24",
	"B06": "C19 C20 D35 B09",
	"B07": "C24 B09 C20 C28",
	"B08": "C23 C20 F42",
	"B09": "B05 C28",
	"C10": "C11 G46 G47 I56 H52 C17 C22 C28 M72",
	"C11": "G46 I56 C23",
	"C12": "G46",
	"C13": "C14 C15 C22 C31 C29 C20",
	"C14": "G46 G47 M74 C15",
	"C15": "G47",
	"C16": "C31 F41 F43 C17",
	"C17": "C18 C20",
	"C18": "J58 M73",
	"C19": "C20 D35 H49 H50 H51",
	"C20": "C21 C22 C23 C27 C26 M72 E38",
	"C21": "Q86 M72 G46",
	"C22": "C29 C27 C26 C25 F43 E38",
	"C23": "F41 F42 F43 C26 C29",
	"C24": "C25 C27 C28 C29 C30 E38 F42 C26",
	"C25": "C28 C29 C30 F41 F42 C33",
	"C26": "C27 C28 C29 C30 J61 J62 Q86 M72 C32",
	"C27": "C28 C29 C30 D35 F43 E38 M72 C33",
	"C28": "C29 C30 C33 M71 J62",
	"C29": "G45 H49 J62 M71",
	"C30": "H50 H51 M71 C33",
	"C31": "G47 F41 F43",
	"C32": "Q86 G47 R93",
	"C33": "D35",
	"D35": "E36 F42 F43 M71 J62",
	"E36": "F42 M71",
	"E37": "F42 E36",
	"E38": "E39",
	"E39": "M71 F42",
	"F41": "F43 M71 L68",
	"F42": "M71 H49 H52",
	"F43": "M71 L68",
	"G45": "H49",
	"G46": "H49 H52 H50 G47",
	"G47": "H53 J63",
	"H49": "H52 H53 J62",
	"H50": "H52",
	"H51": "H52 N79 I55",
	"H52": "H53 J62",
	"I55": "I56 N79 R90 R91 R93",
	"I56": "N79",
	"J58": "J59 J62 M73",
	"J59": "J60 R90 J62 M73",
	"J60": "J61 M73",
	"J61": "J62 J63",
	"J62": "J63 K64 K65 K66 M72 M70 Q86 P85 N82 M73 N80",
	"J63": "M73",
	"K64": "K65 K66 L68 M69 M70",
	"K65": "K66 Q86",
	"K66": "M69",
	"L68": "M71 N81",
	"M69": "M70",
	"M70": "M72 M73 N78 N82",
	"M71": "M72",
	"M72": "P85 Q86",
	"M73": "R90",
	"M74": "R90",
	"M75": "C21",
	"N77": "H49 F43",
	"N79": "R91 R93",
	"N81": "F43",
	"O84": "P85 Q88",
	"P85": "S94",
	"Q86": "Q87 Q88",
	"Q87": "Q88",
	"R90": "R91",
	"R91": "J63",
	"R93": "C32",
	"S95": "C26 G47",
}

// Prior strengths of SectorPrior.
const (
	priorLink     = 1.0 // value-chain neighbours
	priorTwoStep  = 0.5 // times the cosine of the two divisions' neighbour sets
	priorSameDiv  = 0.2 // one division: similar, not complementary
	numDivisions  = 88
	maxDivisions  = 16 // divisions of one profile that are compared
	noDivision    = -1
	divisionTable = 100
)

// divisions holds the NACE divisions in profile.NACEDivisions() order and
// the index of each division number.
type divisionTab struct {
	codes []string
	index [divisionTable]int8 // 2-digit number -> index, or -1
}

var divisions = sync.OnceValue(func() *divisionTab {
	d := new(divisionTab)
	for i := range d.index {
		d.index[i] = noDivision
	}
	for i, n := range profile.NACEDivisions() {
		d.codes = append(d.codes, n.Code)
		d.index[int(n.Code[1]-'0')*10+int(n.Code[2]-'0')] = int8(i)
	}
	return d
})

// divisionIndex returns the index of the division of a NACE code, or -1.
// Canonical codes (C27, C27.20) are parsed without allocating; others go
// through profile.CanonicalNACE.
func divisionIndex(code string) int {
	d := divisions()
	if len(code) >= 3 && code[0] >= 'A' && code[0] <= 'U' && isDigit(code[1]) && isDigit(code[2]) &&
		(len(code) == 3 || code[3] == '.') {
		i := d.index[int(code[1]-'0')*10+int(code[2]-'0')]
		if i >= 0 && d.codes[i][0] == code[0] {
			return int(i)
		}
		return noDivision
	}
	c, err := profile.CanonicalNACE(code)
	if err != nil || len(c) < 3 {
		return noDivision
	}
	return divisionIndex(c)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// divisionsOf appends the distinct division indices of p's sectors to
// buf[:0], at most maxDivisions.
func divisionsOf(p *profile.Profile, buf []int8) []int8 {
	out := buf[:0]
	for _, s := range p.Sectors {
		i := divisionIndex(strings.TrimSpace(s))
		if i < 0 {
			continue
		}
		dup := false
		for _, o := range out {
			if int(o) == i {
				dup = true
				break
			}
		}
		if !dup && len(out) < maxDivisions {
			out = append(out, int8(i))
		}
	}
	return out
}

// SectorPrior returns the hand-made NACE-division relatedness matrix that
// the default models used before [MeasuredSectorPrior], kept for
// comparison (use it through [Relatedness]); 88 × 88 in
// profile.NACEDivisions() order, symmetric, with values in [0, 1]:
//
//   - 1 for value-chain neighbours (a hand-made list of supplier,
//     customer and complementary-technology links, such as B07 mining of
//     metal ores – C24 basic metals – C27 electrical equipment);
//   - 0.5 × the cosine of the two divisions' neighbour sets for divisions
//     that are not neighbours but share some (two steps apart);
//   - 0.2 on the diagonal: one division is similar, not complementary;
//   - 0 otherwise.
//
// The result is a new matrix that the caller may change.
func SectorPrior() *mat.SymDense {
	return mat.NewSymDense(numDivisions, slices.Clone(sectorPrior().RawSymmetric().Data))
}

var sectorPrior = sync.OnceValue(func() *mat.SymDense {
	d := divisions()
	pos := map[string]int{}
	for i, c := range d.codes {
		pos[c] = i
	}
	adj := mat.NewSymDense(numDivisions, nil)
	for a, list := range valueChain {
		for _, b := range strings.Fields(list) {
			i, ok1 := pos[a]
			j, ok2 := pos[b]
			if !ok1 || !ok2 || i == j {
				panic("score: bad value-chain link " + a + "-" + b) // caught by the tests
			}
			adj.SetSym(i, j, 1)
		}
	}
	// Two-step strength: common neighbours (A²) over the geometric mean
	// of the degrees, the cosine of the neighbour sets.
	var two mat.Dense
	two.Mul(adj, adj)
	deg := make([]float64, numDivisions)
	for i := range numDivisions {
		deg[i] = two.At(i, i) // (A²)ii = degree of i
	}
	r := mat.NewSymDense(numDivisions, nil)
	for i := range numDivisions {
		for j := i; j < numDivisions; j++ {
			switch {
			case i == j:
				r.SetSym(i, j, priorSameDiv)
			case adj.At(i, j) != 0:
				r.SetSym(i, j, priorLink)
			case two.At(i, j) > 0:
				r.SetSym(i, j, priorTwoStep*two.At(i, j)/math.Sqrt(deg[i]*deg[j]))
			}
		}
	}
	return r
})
