package concept

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// compounding lists the languages whose compounds are split: they write
// noun compounds as one word with optional linking letters.
var compounding = map[string]bool{"de": true, "nl": true, "sv": true, "da": true, "no": true, "nb": true, "nn": true}

// Splitting bounds. Parts are at least minPart bytes so that short stems
// (German "an", "er") do not cut words into noise; tokens longer than
// maxCompound bytes or with more than maxParts parts are left whole, which
// bounds the work per token by maxCompound × maxPart lookups.
const (
	minPart     = 3
	maxPart     = 24
	minCompound = 2 * minPart
	maxCompound = 64
	maxParts    = 4
	// minLinkedStem is the shortest stem a known token is reduced to by
	// dropping a linking ending (Lebensmitteln -> lebensmittel).
	minLinkedStem = 5
)

// linkers are the linking elements allowed between and after parts
// (German Fugenelemente, Dutch and Scandinavian -s-, -e-, -en-). A part
// followed by "e" also covers stems that lost their final e ("energi" in
// Energieversorgung).
var linkers = []string{"", "s", "e", "n", "es", "en", "er"}

// A splitter splits compounds into stems of a vocabulary.
type splitter struct {
	vocab map[string]bool
	memo  sync.Map // token -> []string, results of normalize
	n     atomic.Int64
}

// memoCap bounds the splitter's memo; later tokens are split every time.
const memoCap = 1 << 16

// split returns the vocabulary stems tok is made of, at least two, or
// nil. Among splits it prefers the fewest parts, then longer first parts.
func (s *splitter) split(tok string) []string {
	n := len(tok)
	if n < minCompound || n > maxCompound || !isASCII(tok) {
		return nil
	}
	// best[i] is the fewest parts that cover tok[:i], from[i] where the
	// last of them starts and end[i] where it ends (before its linker).
	var best, from, end [maxCompound + 1]int
	for i := 1; i <= n; i++ {
		best[i] = maxParts + 1
	}
	for i := 0; i < n; i++ {
		if best[i] >= maxParts { // unreachable, or no room for another part
			continue
		}
		for j := min(n, i+maxPart); j >= i+minPart; j-- {
			if i == 0 && j >= n-2 {
				continue // the whole token (plus a linker) is no split
			}
			if !s.vocab[tok[i:j]] {
				continue
			}
			for _, l := range linkers {
				k := j + len(l)
				if k > n || tok[j:k] != l {
					continue
				}
				if best[i]+1 < best[k] {
					best[k], from[k], end[k] = best[i]+1, i, j
				}
			}
		}
	}
	var parts []string
	if best[n] >= 2 && best[n] <= maxParts {
		parts = make([]string, best[n])
		for k, p := n, best[n]-1; p >= 0; k, p = from[k], p-1 {
			parts[p] = tok[from[k]:end[k]]
		}
	}
	return parts
}

// normalize returns the terms that stand for tok: the parts of a
// compound, split again until no part splits (so "lebensmittel" and
// "lebensmittelverarbeitung" share leben + mittel), the stem a token ends
// in when it is a vocabulary stem plus a linking letter (lebensmitteln ->
// lebensmittel -> leben + mittel), or tok itself. The result is shared
// between callers (and goroutines): it must not be modified, and its
// capacity is its length so that an append copies it.
func (s *splitter) normalize(tok string) []string {
	if v, ok := s.memo.Load(tok); ok {
		return v.([]string)
	}
	out := slices.Clip(s.normalizeDepth(tok, 0))
	if s.n.Load() < memoCap {
		s.n.Add(1)
		s.memo.Store(tok, out)
	}
	return out
}

// maxDepth bounds the recursion of normalizeDepth; with maxParts parts per
// level a token yields at most a few dozen terms.
const maxDepth = 3

func (s *splitter) normalizeDepth(tok string, depth int) []string {
	if depth < maxDepth {
		if parts := s.split(tok); parts != nil {
			var out []string
			for _, p := range parts {
				out = append(out, s.normalizeDepth(p, depth+1)...)
			}
			return out
		}
	}
	if depth > 0 {
		return []string{tok}
	}
	// A known token drops a linking ending only when the stem left is
	// long, so that Eisen does not become Eis nor Kosten Kost.
	minStem := minPart
	if s.vocab[tok] {
		minStem = minLinkedStem
	}
	for _, l := range linkers[1:] {
		if stem, ok := strings.CutSuffix(tok, l); ok && len(stem) >= minStem && s.vocab[stem] {
			return s.normalizeDepth(stem, depth+1)
		}
	}
	return []string{tok}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
