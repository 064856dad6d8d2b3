package score_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/score"
	"github.com/clustergo/partnermatch/score/scoretest"
)

// fuzzScorers are fitted once on the fixtures; fuzzed profiles are ad hoc.
var fuzzScorers = sync.OnceValue(func() map[string]score.Scorer {
	c := &score.Corpus{Profiles: fixtures(), Known: knownFixtures(), Seed: 1}
	out := map[string]score.Scorer{}
	for _, m := range []score.Model{score.TFIDF{}, score.LSA{Rank: 4}, score.Reciprocal{}, score.History{},
		score.Hybrid(nil), score.Learned{}, score.Auto{}} {
		s, err := m.Fit(context.Background(), c)
		if err != nil {
			panic(err)
		}
		out[m.Name()] = s
	}
	plain, _ := score.Reciprocal{Floor: -1}.Fit(context.Background(), c)
	out["reciprocal-plain"] = plain
	return out
})

func split(s string) []string { return strings.Split(s, ";") }

// FuzzReciprocal checks the Scorer contract of the reciprocal model (and
// of the models that contain it) on arbitrary needs and offers.
func FuzzReciprocal(f *testing.F) {
	f.Add("en", "lithium hydroxide;graphite", "battery cells", "de", "Batteriezellen", "Lithiumhydroxid")
	f.Add("sr", "литијум", "", "hr", "litij;", ";;")
	f.Add("", "\x00\xff", "a b c", "zz", "ﬁ ß İ", "\u0301")
	f.Fuzz(func(t *testing.T, ql, qneeds, qoffers, cl, cneeds, coffers string) {
		q := &profile.Profile{ID: "q", Language: ql, Needs: split(qneeds), Offers: split(qoffers)}
		c := &profile.Profile{ID: "c", Language: cl, Needs: split(cneeds), Offers: split(coffers), Technologies: split(qneeds)}
		for _, name := range []string{"reciprocal", "reciprocal-plain", "hybrid", "learned"} {
			s := fuzzScorers()[name]
			scoretest.CheckPair(t, s, q, c)
			scoretest.CheckPair(t, s, c, q)
			scoretest.CheckSymmetric(t, s, []*profile.Profile{q, c})
		}
	})
}

// FuzzText checks the contract of the text models on arbitrary text.
func FuzzText(f *testing.F) {
	f.Add("en", "Battery cells and batteries", "fr", "Québec batteries")
	f.Add("sr", "Београд", "xx", "")
	f.Add("ja", "電池セル", "ar", "بطارية")
	f.Fuzz(func(t *testing.T, ql, qtext, cl, ctext string) {
		q := &profile.Profile{ID: "q", Language: ql, Description: qtext}
		c := &profile.Profile{ID: "c", Language: cl, Description: ctext, Name: qtext}
		for _, name := range []string{"tfidf", "lsa"} {
			scoretest.CheckPair(t, fuzzScorers()[name], q, c)
		}
	})
}

// FuzzCodes checks the contract of the models over codes and lists.
func FuzzCodes(f *testing.F) {
	f.Add("C27.20;B07", "FR", "US;JP", "p1;p2", "27.20;c20", "el", "us;;ZZ", "p2")
	f.Add("", "", "", "", "Z99;C", "XX", "1A", "")
	f.Fuzz(func(t *testing.T, qs, qc, qm, qp, cs, cc, cm, cp string) {
		q := &profile.Profile{ID: "q", Sectors: split(qs), Country: qc, TargetMarkets: split(qm), Partnerships: split(qp)}
		c := &profile.Profile{ID: "c", Sectors: split(cs), Country: cc, TargetMarkets: split(cm), Partnerships: split(cp)}
		for _, s := range []score.Scorer{score.Market{}, score.Geo{}, score.Geo{Rules: profile.ESCP4i()},
			score.Relatedness{}, fuzzScorers()["history"]} {
			scoretest.CheckPair(t, s, q, c)
			scoretest.CheckSymmetric(t, s, []*profile.Profile{q, c})
		}
	})
}
