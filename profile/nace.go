package profile

import (
	"fmt"
	"strings"
)

// CanonicalNACE returns the canonical form of a NACE Rev.2 code: the
// section letter, then optionally the two-digit division, a dot, and one
// (group) or two (class) more digits: C, C27, C27.2, C27.20.
//
// Input is trimmed and case-insensitive; the section letter may be missing
// (27.20) and the dot may be missing (C2720). An error says why a code is
// not valid: bad shape, unknown division, or a section that does not hold
// the division. Groups and classes are checked by shape only.
func CanonicalNACE(code string) (string, error) {
	s := strings.ToUpper(strings.TrimSpace(code))
	if s == "" {
		return "", fmt.Errorf("empty NACE code")
	}
	section := ""
	if c := s[0]; c >= 'A' && c <= 'Z' {
		section, s = s[:1], s[1:]
	}
	if s == "" {
		if _, ok := tax().naceByCode[section]; !ok {
			return "", fmt.Errorf("unknown NACE section %q", section)
		}
		return section, nil
	}
	digits := strings.Replace(s, ".", "", 1)
	if strings.Contains(s, ".") && strings.Index(s, ".") != 2 {
		return "", fmt.Errorf("malformed NACE code %q", code)
	}
	if len(digits) < 2 || len(digits) > 4 || strings.Trim(digits, "0123456789") != "" {
		return "", fmt.Errorf("malformed NACE code %q", code)
	}
	div := digits[:2]
	sec, ok := tax().divSection[div]
	if !ok {
		return "", fmt.Errorf("unknown NACE division %q", div)
	}
	if section != "" && section != sec {
		return "", fmt.Errorf("NACE division %s is in section %s, not %s", div, sec, section)
	}
	out := sec + div
	if len(digits) > 2 {
		out += "." + digits[2:]
	}
	return out, nil
}

// NACEDivision returns the division (C27) of a canonical NACE code, or ""
// for a section-only code.
func NACEDivision(code string) string {
	if len(code) < 3 {
		return ""
	}
	return code[:3]
}

// NACEPrefixes returns a canonical code and all its ancestors, broadest
// first: C27.20 gives C, C27, C27.2, C27.20. Indexes use it so that a
// search for C27 finds C27.20.
func NACEPrefixes(code string) []string {
	var out []string
	for _, n := range []int{1, 3, 5, 6} {
		if len(code) >= n {
			out = append(out, code[:n])
		}
	}
	return out
}
