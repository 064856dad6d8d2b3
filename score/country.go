package score

import (
	"math/bits"
	"strings"
	"sync"

	"github.com/clustergo/partnermatch/profile"
)

// Countries are numbered by the two characters of their code (letters or
// digits, whatever the taxonomy uses), so that lists of codes become bit
// sets without map look-ups in the scoring loop.
const numCodes = 36 * 36

var knownCodes = sync.OnceValue(func() *[numCodes]bool {
	var t [numCodes]bool
	for _, c := range profile.Countries() {
		t[codeIndex(c.Code)] = true
	}
	return &t
})

func codeIndex(s string) int { return symbol(s[0])*36 + symbol(s[1]) }

func symbol(b byte) int {
	if b <= '9' {
		return int(b - '0')
	}
	return 10 + int(b-'A')
}

func isSymbol(b byte) bool { return b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' }

// countryIndex returns the number of a known country given by its ISO
// 3166-1 alpha-2 code or the EU's own code (EL, UK), or -1.
func countryIndex(s string) int {
	if len(s) != 2 || !isSymbol(s[0]) || !isSymbol(s[1]) {
		c, ok := profile.LookupCountry(strings.TrimSpace(s))
		if !ok {
			return -1
		}
		s = c.Code
	}
	switch s {
	case "EL":
		s = "GR"
	case "UK":
		s = "GB"
	}
	i := codeIndex(s)
	if !knownCodes()[i] {
		return -1
	}
	return i
}

// A countrySet is a set of countries.
type countrySet [(numCodes + 63) / 64]uint64

func (s *countrySet) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s *countrySet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }

// hits counts the country numbers of ms in s.
func (s *countrySet) hits(ms []uint16) (n int) {
	for _, m := range ms {
		if s.has(int(m)) {
			n++
		}
	}
	return n
}
func (s *countrySet) count() int { return s.and(s) }

// appendTo appends the country numbers of s to ms, increasing.
func (s *countrySet) appendTo(ms []uint16) []uint16 {
	for k, w := range s {
		for w != 0 {
			ms = append(ms, uint16(k*64+bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
	return ms
}

// and returns the size of the intersection of s and t.
func (s *countrySet) and(t *countrySet) (n int) {
	for k := range s {
		n += bits.OnesCount64(s[k] & t[k])
	}
	return n
}

// codeOf returns the code of country number i.
func codeOf(i int) string {
	const symbols = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	return string([]byte{symbols[i/36], symbols[i%36]})
}

// countries returns the set of known countries in codes.
func countries(codes []string) (s countrySet) {
	for _, c := range codes {
		if i := countryIndex(c); i >= 0 {
			s.add(i)
		}
	}
	return s
}
