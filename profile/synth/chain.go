package synth

import (
	"slices"
	"sync"
)

// A Chain is the value chain of one emerging industry: its stages from
// upstream to downstream and the third countries its organisations aim at.
type Chain struct {
	Industry string   // slug of profile.IndustryTerms
	Name     string   // English name, lower case, for running text
	Stages   []Stage  // upstream first; 4 to 6 stages
	Markets  []string // ISO alpha-2 third countries (outside the EU and COSME), most favoured first
	Related  []string // industries that some profiles list as a second industry
}

// A Stage is one step of a value chain and the vocabulary its organisations
// use. Its needs are phrased in other words than the neighbouring stages'
// offers, sharing only some content words with them ("supply of refined
// lithium and nickel" against "lithium refining and cathode precursor
// materials"), so that plain keyword matching finds organisations of the
// same stage more easily than complementary ones.
type Stage struct {
	Key      string // "industry/stage", unique across all chains
	Industry string // the chain's industry slug
	Index    int    // position in the chain, 0 = most upstream
	Name     string // English name, capitalised

	Themes       []string // short English themes for organisation names
	Sectors      []string // canonical NACE Rev.2 codes (division, group or class)
	Ecosystems   []string // slugs of profile.EcosystemTerms
	Categories   []string // slugs of profile.CategoryTerms
	Technologies []string // technology tags

	Offers          []string // what organisations of this stage provide
	NeedsUpstream   []string // what they seek from the previous stage; nil for the first
	NeedsDownstream []string // what they seek from the next stage; nil for the last
}

// chains holds the value chains with every Stage's Key, Industry and Index
// filled in. Nothing may change it: Chains hands out copies.
var chains = sync.OnceValue(func() []Chain {
	out := slices.Clone(chainData)
	for ci := range out {
		c := &out[ci]
		c.Stages = slices.Clone(c.Stages)
		for si := range c.Stages {
			s := &c.Stages[si]
			s.Key = c.Industry + "/" + s.Key
			s.Industry = c.Industry
			s.Index = si
		}
	}
	return out
})

var stageIndex = sync.OnceValue(func() map[string][2]int {
	m := map[string][2]int{}
	for ci, c := range chains() {
		for si, s := range c.Stages {
			m[s.Key] = [2]int{ci, si}
		}
	}
	return m
})

// Chains returns the value chains of the 10 emerging industries, in the
// order of profile.IndustryTerms. The result is a deep copy.
func Chains() []Chain {
	cs := chains()
	out := make([]Chain, len(cs))
	for i, c := range cs {
		out[i] = c.clone()
	}
	return out
}

// LookupStage returns the stage with the given key, as found in
// [World.Stages].
func LookupStage(key string) (Stage, bool) {
	at, ok := stageIndex()[key]
	if !ok {
		return Stage{}, false
	}
	return chains()[at[0]].Stages[at[1]].clone(), true
}

func (c Chain) clone() Chain {
	c.Markets = slices.Clone(c.Markets)
	c.Related = slices.Clone(c.Related)
	c.Stages = slices.Clone(c.Stages)
	for i := range c.Stages {
		c.Stages[i] = c.Stages[i].clone()
	}
	return c
}

func (s Stage) clone() Stage {
	for _, l := range []*[]string{&s.Themes, &s.Sectors, &s.Ecosystems, &s.Categories,
		&s.Technologies, &s.Offers, &s.NeedsUpstream, &s.NeedsDownstream} {
		*l = slices.Clone(*l)
	}
	return s
}
