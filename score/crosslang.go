package score

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/terms/concept"
)

// Text parts score a pair of profiles that write in two languages lower
// than a pair that writes in one, however well they match: only the
// words the concept layer translates can meet (tfidf's mean score across
// languages was a fifth of that within one on the themes-native
// validation world, its planted pairs' a quarter). A combination of
// parts then ranks every partner in another language below the
// same-language ones. Auto measures, for each text part, the spread of
// its scores over sampled pairs within one language and across two, and
// scales the part's cross-language scores by their ratio, so that a
// cross-language pair that matches as well as its kind allows scores as
// a same-language pair that does.

// textLanguage returns the language p's lists are written in: its own
// language where most of its needs, offers and technologies read as that
// language (they have pivot terms, see concept.Pivot), otherwise "en",
// which is also the answer for a language the concept layer has no
// labels for.
// memo, if not nil, maps a language and a phrase to whether it has pivot
// terms: phrases repeat across profiles, as in the text analysis.
func textLanguage(p *profile.Profile, memo map[phraseKey]bool) string {
	lang := concept.BaseLanguage(language(p))
	if lang == "en" {
		return "en"
	}
	native, total := 0, 0
	for _, l := range [][]string{p.Needs, p.Offers, p.Technologies} {
		for _, s := range l {
			if strings.TrimSpace(s) == "" || total == maxLanguagePhrases {
				continue
			}
			total++
			k := phraseKey{lang, s}
			pivoted, ok := memo[k]
			if !ok {
				pivoted = len(concept.Pivot(lang, s)) > 0
				if memo != nil && len(memo) < memoPhrases {
					memo[k] = pivoted
				}
			}
			if pivoted {
				native++
			}
		}
	}
	if 2*native > total {
		return lang
	}
	return "en"
}

// maxLanguagePhrases is how many phrases textLanguage reads: a
// profile writes its lists in one language or the other.
const maxLanguagePhrases = 4

// textLanguages returns the text language of every row of c, memoised.
func (c *Corpus) textLanguages(ctx context.Context) ([]string, error) {
	r := c.root()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.langs != nil {
		return r.langs, nil
	}
	work.languages.Add(1)
	out := make([]string, len(r.Profiles))
	nw := r.workers()
	memos := make([]map[phraseKey]bool, nw)
	for w := range memos {
		memos[w] = map[phraseKey]bool{}
	}
	if err := parallel(ctx, nw, len(out), 64, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = textLanguage(orEmpty(r.Profiles[i]), memos[w])
		}
	}); err != nil {
		return nil, err
	}
	r.langs = out
	return out, nil
}

// maxCrossFactor caps the scaling of cross-language scores: beyond it, a
// part's few cross-language matches are chance more than evidence.
const maxCrossFactor = 4

// crossFactors returns, for each part, the ratio of its spread within one
// language to its spread across two (see spreads), at least 1 and at
// most maxCrossFactor; 1 for a part that is not text or where the sample
// holds too few pairs of either kind.
func crossFactors(ctx context.Context, c *Corpus, models []Model, parts []Part, n int) ([]float64, error) {
	out := make([]float64, len(parts))
	for k := range out {
		out[k] = 1
	}
	rows := len(c.Profiles)
	if rows < 3 {
		return out, nil
	}
	// Only the sampled rows' languages: a corpus in one language is never
	// analysed for them all.
	sampled := map[int]string{}
	memo := map[phraseKey]bool{}
	langOf := func(r int) string {
		l, ok := sampled[r]
		if !ok {
			l = textLanguage(orEmpty(c.Profiles[r]), memo)
			sampled[r] = l
		}
		return l
	}
	var text []int
	for k, m := range models {
		switch m.(type) {
		case TFIDF, LSA, Reciprocal:
			text = append(text, k)
		}
	}
	if len(text) == 0 {
		return out, nil
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0xc2055))
	nq := min(n, rows)
	var same, cross []*profile.Profile
	sums := make([][2]float64, len(parts))
	askers := 0
	batch := make([]float64, n)
	for _, qi := range rng.Perm(rows)[:nq] {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		same, cross = same[:0], cross[:0]
		for range n {
			ci := rng.IntN(rows)
			if ci == qi {
				continue
			}
			if langOf(ci) == langOf(qi) {
				same = append(same, orEmpty(c.Profiles[ci]))
			} else {
				cross = append(cross, orEmpty(c.Profiles[ci]))
			}
		}
		if len(same) < 10 || len(cross) < 10 {
			continue
		}
		askers++
		q := orEmpty(c.Profiles[qi])
		for _, k := range text {
			for g, cs := range [2][]*profile.Profile{same, cross} {
				Batch(parts[k].Scorer, q, cs, batch[:len(cs)])
				sums[k][g] += stddev(batch[:len(cs)])
			}
		}
	}
	if askers < 20 {
		return out, nil
	}
	for _, k := range text {
		if s, x := sums[k][0], sums[k][1]; x > 0 {
			out[k] = min(max(s/x, 1), maxCrossFactor)
		}
	}
	return out, nil
}

// crossScaled is a text part whose scores of pairs in two languages are
// multiplied by factor (capped at 1).
type crossScaled struct {
	Scorer
	factor float64
	snap   *snapshot
	langs  []string // of the snapshot's rows

	mu    sync.Mutex
	adhoc map[*profile.Profile]string
}

// newCrossScaled returns s scaled across languages, a DenseScorer if s is.
func newCrossScaled(s Scorer, factor float64, c *Corpus, langs []string) Scorer {
	x := &crossScaled{Scorer: s, factor: factor, snap: c.snapshot(), langs: langs, adhoc: map[*profile.Profile]string{}}
	if d, ok := s.(DenseScorer); ok && d.Corpus().snapshot() == x.snap {
		return &crossScaledDense{crossScaled: x, dense: d}
	}
	return x
}

// crossScaledDense is a crossScaled DenseScorer.
type crossScaledDense struct {
	*crossScaled
	dense DenseScorer
}

func (x *crossScaledDense) Corpus() *Corpus { return x.dense.Corpus() }

func (x *crossScaledDense) ScoreRows(q *profile.Profile, lo int, out []float64) {
	x.dense.ScoreRows(q, lo, out)
	ql := x.lang(q)
	for i := range out {
		if x.langs[lo+i] != ql {
			out[i] = x.scale(out[i])
		}
	}
}

// lang returns p's text language, from its row where it has one.
func (x *crossScaled) lang(p *profile.Profile) string {
	if r := x.snap.row(p); r >= 0 {
		return x.langs[r]
	}
	x.mu.Lock()
	l, ok := x.adhoc[p]
	x.mu.Unlock()
	if !ok {
		l = textLanguage(p, nil)
		x.mu.Lock()
		if len(x.adhoc) > 1024 {
			clear(x.adhoc)
		}
		x.adhoc[p] = l
		x.mu.Unlock()
	}
	return l
}

func (x *crossScaled) scale(v float64) float64 { return min(1, v*x.factor) }

func (x *crossScaled) Score(q, c *profile.Profile) float64 {
	v := x.Scorer.Score(q, c)
	if x.lang(q) != x.lang(c) {
		v = x.scale(v)
	}
	return v
}

func (x *crossScaled) ScoreBatch(q *profile.Profile, cs []*profile.Profile, out []float64) {
	Batch(x.Scorer, q, cs, out)
	ql := x.lang(q)
	for i, c := range cs {
		if x.lang(c) != ql {
			out[i] = x.scale(out[i])
		}
	}
}

func (x *crossScaled) Explain(q, c *profile.Profile) *Explanation {
	ex := Explain(x.Scorer, q, c)
	if ql, cl := x.lang(q), x.lang(c); ql != cl {
		cp := *ex
		cp.Value = x.scale(ex.Value)
		cp.Detail = strings.TrimSpace(fmt.Sprintf("%s (×%.2f: written in %s and %s)", ex.Detail, x.factor, ql, cl))
		return &cp
	}
	return ex
}

func (x *crossScaled) String() string {
	return fmt.Sprintf("%v ×%.2f across languages", x.Scorer, x.factor)
}
