package concept

import (
	"strings"
	"unicode"
)

// croatianToSerbian replaces Croatian word beginnings by their Serbian
// equivalents in the ekavian variant of a Croatian label. The list covers
// words frequent in CPV and NACE labels; it is deliberately short, since
// the original label is indexed too.
var croatianToSerbian = []struct{ hr, sr string }{
	{"kemij", "hemij"}, {"kemik", "hemik"}, {"računal", "računar"},
	{"tvornic", "fabrik"}, {"zrakoplov", "vazduhoplov"}, {"zračn", "vazdušn"},
	{"znanstven", "naučn"}, {"znanost", "nauk"}, {"sveučilišt", "univerzitet"},
	{"opskrb", "snabdevanj"}, {"kruh", "hleb"}, {"tisuć", "hiljad"},
	{"obitelj", "porodic"}, {"glazb", "muzik"}, {"kazališt", "pozorišt"},
	{"umirovlj", "penzij"}, {"informacijsk", "informacion"},
}

// ijeKeep lists word parts whose "je" is not ijekavian (ob-jekt, pro-jekt).
var ijeKeep = []string{"objek", "projek", "subjek", "injek", "adjek", "trajek"}

// ekavian rewrites a Croatian (ijekavian) text in the ekavian form used in
// Serbia, lower-cased: "ije" between a consonant and a letter becomes "e"
// (mlijeko -> mleko, but industrije keeps its case ending) and "je" after a
// consonant other than j, l and n (which form digraphs: polje, znanje)
// becomes "e" (mjesto -> mesto, djelatnost -> delatnost). It is a
// heuristic, so the caller indexes the original form as well.
func ekavian(s string) string {
	s = strings.ToLower(s)
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 {
		return s
	}
	var b strings.Builder
	rest := s
	for _, w := range words {
		i := strings.Index(rest, w)
		b.WriteString(rest[:i])
		b.WriteString(ekavianWord(w))
		rest = rest[i+len(w):]
	}
	b.WriteString(rest)
	return b.String()
}

func ekavianWord(w string) string {
	for _, k := range ijeKeep {
		if strings.Contains(w, k) {
			return serbianWord(w)
		}
	}
	r := []rune(w)
	out := make([]rune, 0, len(r))
	for i := 0; i < len(r); i++ {
		if i > 0 && isConsonant(r[i-1]) && r[i] == 'i' && i+3 < len(r) && r[i+1] == 'j' && r[i+2] == 'e' {
			out = append(out, 'e') // mlijeko -> mleko; -ije at the end stays
			i += 2
			continue
		}
		if i > 0 && isConsonant(r[i-1]) && !strings.ContainsRune("jln", r[i-1]) && r[i] == 'j' && i+1 < len(r) && r[i+1] == 'e' {
			continue // mjesto -> mesto: drop the j
		}
		out = append(out, r[i])
	}
	return serbianWord(string(out))
}

// verbSuffixes replaces Croatian verbal noun and participle stems by the
// Serbian ones (konzerviranje -> konzervisanje, organiziran ->
// organizovan), applied to words of more than 6 bytes.
var verbSuffixes = strings.NewReplacer("iziran", "izovan", "izira", "izova", "iranj", "isanj", "iran", "isan")

func serbianWord(w string) string {
	if len(w) > 6 {
		w = verbSuffixes.Replace(w)
	}
	for _, p := range croatianToSerbian {
		if rest, ok := strings.CutPrefix(w, p.hr); ok {
			return p.sr + rest
		}
	}
	return w
}

func isConsonant(r rune) bool {
	return unicode.IsLetter(r) && !strings.ContainsRune("aeiou", r)
}
