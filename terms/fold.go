package terms

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cyrLat maps lower-case Cyrillic letters to Latin: Serbian by the
// official Serbian Latin alphabet (ђ -> đ, ч -> č, џ -> dž), Macedonian
// by its official romanisation, Russian, Ukrainian, Belarusian and
// Bulgarian by a simple scholarly scheme. Diacritics are kept here so that
// the Croatian stemmer, which serves Serbian, sees real Latin spellings;
// Fold removes them afterwards.
var cyrLat = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "đ", 'е': "e", 'ж': "ž",
	'з': "z", 'и': "i", 'ј': "j", 'к': "k", 'л': "l", 'љ': "lj", 'м': "m", 'н': "n",
	'њ': "nj", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'ћ': "ć", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "c", 'ч': "č", 'џ': "dž", 'ш': "š",
	'ѓ': "ǵ", 'ѕ': "dz", 'ќ': "ḱ",
	'й': "j", 'щ': "šč", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "ju", 'я': "ja",
	'ё': "e", 'є': "je", 'і': "i", 'ї': "ji", 'ґ': "g", 'ў': "u",
}

// Transliterate lower-cases s and writes its Cyrillic letters in Latin,
// keeping diacritics (Београд -> beograd, Ђорђе -> đorđe).
func Transliterate(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		r = unicode.ToLower(r)
		if t, ok := cyrLat[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// special folds letters that Unicode decomposition leaves alone.
var special = map[rune]string{
	'ß': "ss", 'ø': "o", 'æ': "ae", 'œ': "oe", 'ł': "l", 'đ': "dj", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h",
}

// Fold lower-cases s, transliterates Cyrillic to Latin and removes
// diacritics, so that Québec, Quebec and QUÉBEC, or Београд and Beograd,
// give the same string. It is exported for callers that compare tags or
// codes without a full analysis.
func Fold(s string) string {
	if isASCIILower(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(Transliterate(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if t, ok := special[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCIILower(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// hasCyrillic reports whether s holds a Cyrillic letter.
func hasCyrillic(s []byte) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeRune(s)
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
		s = s[n:]
	}
	return false
}
