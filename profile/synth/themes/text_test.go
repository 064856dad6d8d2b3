package themes

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

var stopwords = map[string]bool{
	"and": true, "the": true, "for": true, "with": true, "from": true, "into": true, "that": true,
	"able": true, "can": true, "who": true, "how": true, "its": true, "our": true, "new": true, "all": true,
}

// contentWords returns the set of lower-cased words of 3 or more letters
// of lines, stop words left out.
func contentWords(lines ...string) map[string]bool {
	out := map[string]bool{}
	for _, l := range lines {
		for _, w := range strings.FieldsFunc(strings.ToLower(l), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len(w) >= 3 && !stopwords[w] {
				out[w] = true
			}
		}
	}
	return out
}

func shared(a, b map[string]bool) int {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n
}

func jaccard(a, b map[string]bool) float64 {
	s := shared(a, b)
	if u := len(a) + len(b) - s; u > 0 {
		return float64(s) / float64(u)
	}
	return 0
}

// needOfferOverlap is the mean number of content words that a's needs
// share with b's offers, over the pairs where a has needs and b offers.
func needOfferOverlap(pairs [][2]*profile.Profile) (mean float64, n int) {
	sum := 0
	for _, p := range pairs {
		a, b := p[0], p[1]
		if len(a.Needs) == 0 || len(b.Offers) == 0 {
			continue
		}
		sum += shared(contentWords(a.Needs...), contentWords(b.Offers...))
		n++
	}
	if n == 0 {
		return 0, 0
	}
	return float64(sum) / float64(n), n
}

// A member's needs ask for what its partners offer: they share more words
// with partners' offers than with the offers of random profiles of the
// same theme; but they are paraphrases, not copies.
func TestNeedsMatchPartnersOffers(t *testing.T) {
	w := world(t, Config{Seed: 7, Profiles: 5000, History: true})
	ps := byID(w)
	partners := map[[2]string]bool{}
	var targetPairs [][2]*profile.Profile
	for _, tp := range w.Partnerships {
		for _, a := range tp.Members {
			for _, b := range tp.Members {
				if a != b {
					partners[[2]string{a, b}] = true
					targetPairs = append(targetPairs, [2]*profile.Profile{ps[a], ps[b]})
				}
			}
		}
	}
	byTheme := map[string][]*profile.Profile{}
	for i := range w.Profiles {
		p := &w.Profiles[i]
		byTheme[w.Themes[p.ID][0]] = append(byTheme[w.Themes[p.ID][0]], p)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var randomPairs [][2]*profile.Profile
	for len(randomPairs) < 20_000 {
		a := &w.Profiles[r.IntN(len(w.Profiles))]
		same := byTheme[w.Themes[a.ID][0]]
		b := same[r.IntN(len(same))]
		if a != b && !partners[[2]string{a.ID, b.ID}] {
			randomPairs = append(randomPairs, [2]*profile.Profile{a, b})
		}
	}
	target, nt := needOfferOverlap(targetPairs)
	random, nr := needOfferOverlap(randomPairs)
	t.Logf("shared content words, needs of a vs offers of b: target pairs %.2f (%d), random same-theme pairs %.2f (%d)", target, nt, random, nr)
	require.Positive(t, nt)
	assert.Greater(t, target, 1.3*random)

	// Not copies: no need is an offer, and a need shares at most part of
	// its words with the closest offer of a partner.
	offers := map[string]bool{}
	for _, p := range w.Profiles {
		for _, o := range p.Offers {
			offers[strings.ToLower(o)] = true
		}
	}
	for _, p := range w.Profiles {
		for _, n := range p.Needs {
			require.False(t, offers[strings.ToLower(n)], "%s: need %q is also an offer", p.ID, n)
		}
	}
	best, linked := 0.0, 0
	for _, pr := range targetPairs {
		for _, n := range pr[0].Needs {
			nw := contentWords(n)
			top := 0.0
			for _, o := range pr[1].Offers {
				top = max(top, jaccard(nw, contentWords(o)))
			}
			if top > 0 {
				assert.Less(t, top, 1.0, "%s need %q copies an offer of %s", pr[0].ID, n, pr[1].ID)
				best += top
				linked++
			}
		}
	}
	require.Positive(t, linked)
	t.Logf("mean Jaccard of a need with its closest partner offer (when > 0): %.2f over %d", best/float64(linked), linked)
	assert.Less(t, best/float64(linked), 0.5)
}

// About a fifth of the profiles leave needs or offers empty.
func TestEmptyLists(t *testing.T) {
	w := world(t, Config{Seed: 7, Profiles: 5000, History: true})
	empty, both := 0, 0
	for _, p := range w.Profiles {
		if len(p.Needs) == 0 || len(p.Offers) == 0 {
			empty++
		}
		if len(p.Needs) == 0 && len(p.Offers) == 0 {
			both++
		}
	}
	n := float64(len(w.Profiles))
	assert.InDelta(t, 0.2, float64(empty)/n, 0.04)
	assert.Positive(t, both)
}

// The theme's vocabulary is in the description, the technologies and the
// offers or needs; the stage text is in the description.
func TestThemeVocabularyInText(t *testing.T) {
	w := world(t, Config{Seed: 1, Profiles: 1000})
	v := vocab()
	themeByKey := map[string]*theme{}
	for i := range v.themes {
		themeByKey[v.themes[i].key] = &v.themes[i]
	}
	stageByKey := map[string]*stage{}
	for i := range v.stages {
		stageByKey[v.stages[i].key] = &v.stages[i]
	}
	inLists := 0
	for _, p := range w.Profiles {
		th := themeByKey[w.Themes[p.ID][0]]
		has := func(s string) bool {
			for _, tm := range th.terms {
				if strings.Contains(s, tm.name) || strings.Contains(s, tm.alt) {
					return true
				}
			}
			return false
		}
		assert.True(t, has(p.Description), "%s: no theme term in the description", p.ID)
		assert.Contains(t, p.Description, th.name)
		assert.Contains(t, p.Description, stageByKey[w.Stages[p.ID]].name)
		assert.True(t, has(strings.Join(p.Technologies, "\n")), "%s: no theme term in the technologies", p.ID)
		if has(strings.Join(append(append([]string(nil), p.Offers...), p.Needs...), "\n")) {
			inLists++
		}
	}
	assert.Greater(t, float64(inLists)/float64(len(w.Profiles)), 0.7)
}
