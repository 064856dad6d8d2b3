package synth

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clustergo/partnermatch/profile"
)

type descArgs struct {
	lang   int
	latin  bool // Serbian in Latin script
	kind   int
	chain  *Chain
	stage  *Stage
	city   *city
	needUp bool // the first need looks upstream
}

// stageName returns the stage's name in language lang.
func stageName(st *Stage, lang int, latin bool) string {
	if lang == langEN {
		return st.Name
	}
	s := stageNames[st.Key][lang-1]
	if latin {
		s = cyrToLatin.Replace(s)
	}
	return s
}

// describe writes a description of two to five sentences in a.lang from the
// profile's fields and its stage's vocabulary.
func describe(r *rand.Rand, p *profile.Profile, a descArgs) string {
	lx := &lexicons[a.lang]
	intro := lx.intro
	if p.Members > 0 && len(lx.introMember) > 0 && r.Float64() < 0.5 {
		intro = lx.introMember
	}
	tmpls := []string{intro[r.IntN(len(intro))]}
	if !strings.Contains(tmpls[0], "{stage}") {
		tmpls = append(tmpls, lx.focus[r.IntN(len(lx.focus))])
	}
	var pool [][]string
	if p.Members > 0 {
		pool = append(pool, lx.members)
	}
	pool = append(pool, lx.techs)
	if lx.offers != nil {
		pool = append(pool, lx.offers)
	}
	pool = append(pool, lx.needs, lx.markets, lx.founded)
	if p.Label != "" {
		pool = append(pool, []string{lx.label})
	}
	extra := max(0, 2+r.IntN(4)-len(tmpls))
	idx := r.Perm(len(pool))[:min(extra, len(pool))]
	slices.Sort(idx)
	for _, k := range idx {
		tmpls = append(tmpls, pool[k][r.IntN(len(pool[k]))])
	}

	var b strings.Builder
	b.Grow(640)
	for n, t := range tmpls {
		if n > 0 {
			b.WriteByte(' ')
		}
		expand(&b, t, func(key string) string { return descValue(key, p, &a, lx) })
	}
	if a.latin {
		return cyrToLatin.Replace(b.String())
	}
	return b.String()
}

// descValue returns the text of placeholder key.
func descValue(key string, p *profile.Profile, a *descArgs, lx *lexicon) string {
	ci := a.city
	switch key {
	case "name":
		return p.Name
	case "kind":
		return lx.kinds[a.kind]
	case "Kind":
		return upperFirst(lx.kinds[a.kind])
	case "city":
		switch a.lang {
		case langEN:
			return ci.english()
		case langPL, langSR:
			if ci.Case != "" {
				return ci.Case
			}
		}
		return ci.Name
	case "place":
		if ci.Region != "" && ci.Region != ci.english() {
			return ci.english() + ", " + ci.Region
		}
		return ci.english()
	case "industry":
		if a.lang == langEN {
			return a.chain.Name
		}
		return industryPhrases[a.chain.Industry][a.lang-1]
	case "stage":
		if a.lang == langEN {
			return lowerFirst(a.stage.Name)
		}
		return stageName(a.stage, a.lang, false)
	case "nstage":
		k := a.stage.Index + 1
		if a.needUp && k > 1 || k == len(a.chain.Stages) {
			k = a.stage.Index - 1
		}
		return stageName(&a.chain.Stages[k], a.lang, false)
	case "members":
		return strconv.Itoa(p.Members)
	case "smes":
		return strconv.Itoa(p.SMEs)
	case "year":
		return strconv.Itoa(p.Founded)
	case "label":
		switch p.Label {
		case profile.LabelBronze:
			return lx.labels[0]
		case profile.LabelSilver:
			return lx.labels[1]
		}
		return lx.labels[2]
	case "techs":
		return joinList(p.Technologies[:min(3, len(p.Technologies))], lx.and)
	case "offers":
		return joinList(p.Offers[:min(2, len(p.Offers))], lx.and)
	case "needs":
		return joinList(p.Needs[:min(2, len(p.Needs))], lx.and)
	case "markets":
		names := make([]string, len(p.TargetMarkets))
		for n, m := range p.TargetMarkets {
			names[n] = marketNames[m][a.lang]
		}
		return joinList(names, lx.and)
	}
	panic("synth: unknown placeholder {" + key + "}")
}

// expand writes template t to b with each {key} replaced by value(key).
func expand(b *strings.Builder, t string, value func(string) string) {
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return
		}
		j := strings.IndexByte(t[i:], '}')
		b.WriteString(t[:i])
		b.WriteString(value(t[i+1 : i+j]))
		t = t[i+j+1:]
	}
}

// joinList joins items as "a", "a and b" or "a, b and c".
func joinList(items []string, and string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}

// lowerFirst lower-cases the first letter of s unless it starts an
// acronym (AI, XR).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
