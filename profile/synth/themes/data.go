package themes

import (
	"fmt"
	"strings"
	"sync"
)

// The vocabulary of the family is written as compact literals (chains.go,
// vocab.go, geo.go) and parsed once into the indexed form below, so that
// the data reads like a table and generation only touches slices.

// A capability is one thing an organisation at a stage can do. Offers say
// it as a capability, needs ask for it with other words, so that a need
// shares only some content words with the offer it matches. A "%s" marks
// where the theme term goes; an unthemed capability has none.
type capability struct {
	offers []string
	needs  []string
	themed bool
}

// A stage is one step of a value chain, upstream to downstream.
type stage struct {
	key   string // "chain/stage", as in World.Stages
	chain int    // index into chains
	pos   int    // position in the chain, 0 = most upstream
	name  string // the stage text of descriptions: "materials converting"
	short string // for organisation names: "Packaging Converting"
	role  string // who works at this stage, for descriptions

	sectors, categories, industries, ecosystems []string
	techs                                       []string // stage technologies, theme-independent
	caps                                        []capability
	themedCaps                                  []int // indexes of themed caps
}

type chain struct {
	key, name string
	stages    []int // global stage indexes, upstream first
}

// A term is one specific word group of a theme's vocabulary. Alt says the
// same thing differently; needs use it more often than offers do.
type term struct{ name, alt string }

// A theme is a specialisation (technology or application) that cuts
// across the stages of one or two chains.
type theme struct {
	key, name, short string
	chains           []int
	stages           []int // every stage of its chains
	terms            []term

	sectors, industries, ecosystems []string // extra codes the theme brings
}

type vocabulary struct {
	chains  []chain
	stages  []stage
	themes  []theme
	byChain [][]int // chain -> themes that include it
}

var vocab = sync.OnceValue(func() *vocabulary {
	v, err := parseVocabulary(chainData, themeData)
	if err != nil {
		panic(err) // literal data: a parse error is a build bug, caught by the tests
	}
	return v
})

type rawChain struct {
	key, name string
	stages    []rawStage
}

// A rawStage lists codes separated by spaces, technologies by "; ", and
// capabilities as "offer | offer => need | need".
type rawStage struct {
	key, name, short, role                      string
	sectors, categories, industries, ecosystems string
	techs                                       string
	caps                                        []string
}

// A rawTheme lists terms as "term=alternative wording".
type rawTheme struct {
	key, name, short                string
	chains                          string
	terms                           []string
	sectors, industries, ecosystems string
}

func parseVocabulary(rc []rawChain, rt []rawTheme) (*vocabulary, error) {
	v := &vocabulary{}
	chainIdx := map[string]int{}
	for ci, c := range rc {
		chainIdx[c.key] = ci
		ch := chain{key: c.key, name: c.name}
		for pos, s := range c.stages {
			st := stage{
				key: c.key + "/" + s.key, chain: ci, pos: pos,
				name: s.name, short: s.short, role: s.role,
				sectors: strings.Fields(s.sectors), categories: strings.Fields(s.categories),
				industries: strings.Fields(s.industries), ecosystems: strings.Fields(s.ecosystems),
				techs: splitList(s.techs),
			}
			for _, raw := range s.caps {
				cp, err := parseCapability(raw)
				if err != nil {
					return nil, fmt.Errorf("stage %s: %w", st.key, err)
				}
				if cp.themed {
					st.themedCaps = append(st.themedCaps, len(st.caps))
				}
				st.caps = append(st.caps, cp)
			}
			ch.stages = append(ch.stages, len(v.stages))
			v.stages = append(v.stages, st)
		}
		v.chains = append(v.chains, ch)
	}
	v.byChain = make([][]int, len(v.chains))
	for ti, t := range rt {
		th := theme{key: t.key, name: t.name, short: t.short,
			sectors: strings.Fields(t.sectors), industries: strings.Fields(t.industries),
			ecosystems: strings.Fields(t.ecosystems)}
		for _, ck := range strings.Fields(t.chains) {
			ci, ok := chainIdx[ck]
			if !ok {
				return nil, fmt.Errorf("theme %s: unknown chain %q", t.key, ck)
			}
			th.chains = append(th.chains, ci)
			th.stages = append(th.stages, v.chains[ci].stages...)
			v.byChain[ci] = append(v.byChain[ci], ti)
		}
		for _, raw := range t.terms {
			name, alt, ok := strings.Cut(raw, "=")
			if !ok {
				alt = name
			}
			th.terms = append(th.terms, term{name: strings.TrimSpace(name), alt: strings.TrimSpace(alt)})
		}
		v.themes = append(v.themes, th)
	}
	return v, nil
}

func parseCapability(raw string) (capability, error) {
	o, n, ok := strings.Cut(raw, "=>")
	if !ok {
		return capability{}, fmt.Errorf("capability %q: no =>", raw)
	}
	cp := capability{offers: splitAlternatives(o), needs: splitAlternatives(n)}
	if len(cp.offers) == 0 || len(cp.needs) == 0 {
		return capability{}, fmt.Errorf("capability %q: empty side", raw)
	}
	cp.themed = strings.Contains(cp.offers[0], "%s")
	for _, s := range append(append([]string(nil), cp.offers...), cp.needs...) {
		if strings.Count(s, "%s") != b2i(cp.themed) || strings.Count(s, "%") != strings.Count(s, "%s") {
			return capability{}, fmt.Errorf("capability %q: phrase %q must have %d %%s", raw, s, b2i(cp.themed))
		}
	}
	return cp, nil
}

func splitAlternatives(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// distance is how far apart two stages of a theme are: steps along the
// chain, or 2 across the two chains a bridging theme joins (the theme is
// the bridge, neither end is far upstream of the other).
func (v *vocabulary) distance(a, b int) int {
	sa, sb := &v.stages[a], &v.stages[b]
	if sa.chain != sb.chain {
		return 2
	}
	return max(sa.pos-sb.pos, sb.pos-sa.pos)
}
